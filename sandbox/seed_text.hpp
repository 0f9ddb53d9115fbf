#pragma once
// Word pools for plausible seeded text, including the awkward strings real creator profiles hold (emoji, newlines,
// right-to-left scripts, markup, combining marks, look-alike escapes) so clients meet them in tests.
#include <string>

#include "sandbox/determinism.hpp"

namespace ca::sandbox {

std::string seeded_username(Rng& rng);  // [a-z0-9._], not guaranteed unique
std::string seeded_display_name(Rng& rng);
std::string seeded_bio(Rng& rng);
std::string seeded_caption(Rng& rng);
std::string seeded_category(Rng& rng);
std::string seeded_creator_name(Rng& rng);

}  // namespace ca::sandbox
