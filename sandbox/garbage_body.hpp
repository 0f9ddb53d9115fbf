#pragma once
// The garbage-body fault: the body a 2xx would have carried, rewritten into something a client must survive —
// not JSON at all, or JSON of the wrong shape (the forms issue 8 item 5 names: wrong types, nulls, negative or
// huge counts, missing fields). Pure functions of the body, so a test can predict every byte.
#include <string>

#include "sandbox/sandbox.hpp"

namespace ca::sandbox {

// `kind` must not be GarbageBody::Any (FaultPlan resolves that). A body that is not JSON (it never is, for a 2xx)
// comes back unchanged except for NotJson.
std::string garbage_body(GarbageBody kind, const std::string& body);

}  // namespace ca::sandbox
