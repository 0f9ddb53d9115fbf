#pragma once
// Which tools a server offers: --read-only drops the tools that change data, --tools keeps only the tools and
// toolsets named, --exclude-tools removes some; whoami always stays (it is how a user diagnoses a key). A tool
// that is not enabled is not listed, and a call to it is refused with the reason (ToolRegistry::run).
#include <optional>
#include <string>
#include <vector>

#include "tools/tool_unit.hpp"

namespace CLI {
class App;
}

namespace ca::tools {

struct ToolSelection {
  bool read_only = false;              // --read-only      CREATORAUDIT_READ_ONLY
  std::vector<std::string> tools;      // --tools          CREATORAUDIT_TOOLS (empty: every tool that is not opt-in)
  std::vector<std::string> exclude;    // --exclude-tools  CREATORAUDIT_EXCLUDE_TOOLS
};

// A named group of tools (--tools accounts).
struct Toolset {
  std::string name;
  std::string description;
};

// The tool that no selection removes.
inline constexpr const char* kAlwaysEnabledTool = "whoami";

// Adds the three flags (comma-separated lists; the environment variables too) to the server's CLI11 app.
void add_tool_selection_flags(CLI::App& app, ToolSelection& selection);

// nullopt when every name in --tools and --exclude-tools is a tool or a toolset; otherwise a start-up error that
// lists the valid names.
std::optional<std::string> check_selection(const ToolSelection& selection, const std::vector<ToolUnit>& units,
                                           const std::vector<Toolset>& toolsets);

// Why `unit` is not enabled under `selection` (the text a call to it gets), or nullopt when it is.
std::optional<std::string> refusal_for(const ToolUnit& unit, const ToolSelection& selection);

}  // namespace ca::tools
