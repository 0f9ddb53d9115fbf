#pragma once
// The product's tools, registered once per fuzz process the way the server registers them.
#include "tools/tool.hpp"

namespace ca::fuzz {

inline const tools::ToolRegistry& product_registry() {
  static const tools::ToolRegistry& registry = *[] {
    auto* r = new tools::ToolRegistry;  // never destroyed: other static destructors may still use it at exit
    tools::register_product_tools(*r);
    return r;
  }();
  return registry;
}

}  // namespace ca::fuzz
