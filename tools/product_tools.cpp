#include "tools/tool.hpp"

namespace ca::tools {

// Placeholder until the product tools land; the tools work replaces this file.
void register_product_tools(ToolRegistry&) {}

std::string server_instructions() { return {}; }

}  // namespace ca::tools
