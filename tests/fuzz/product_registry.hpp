#pragma once
// The product's tools, built once per fuzz process the way server/main.cpp builds them (every tool enabled).
#include "client/client.hpp"
#include "tools/product_tools.hpp"

namespace ca::fuzz {

// With no API client: a tool call stops after argument validation (and default filling) with an isError saying
// no key is configured, so the session and argument targets exercise everything up to the network.
inline const tools::ToolRegistry& product_registry() {
  // Never destroyed: other static destructors may still use it at exit.
  static const tools::ToolRegistry& registry = *new tools::ToolRegistry(tools::build_product_registry(nullptr));
  return registry;
}

}  // namespace ca::fuzz
