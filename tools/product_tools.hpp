#pragma once
// Factories of the product tools; register_product_tools (product_tools.cpp) adds them in their fixed order.
#include <memory>

#include "tools/tool.hpp"

namespace ca::tools {

std::unique_ptr<Tool> make_list_accounts_tool();
std::unique_ptr<Tool> make_get_metrics_tool();
std::unique_ptr<Tool> make_add_account_tool();
std::unique_ptr<Tool> make_whoami_tool();

}  // namespace ca::tools
