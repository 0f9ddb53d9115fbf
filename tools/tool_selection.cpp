#include "tools/tool_selection.hpp"

#include <CLI/CLI.hpp>
#include <algorithm>

namespace ca::tools {
namespace {

bool contains(const std::vector<std::string>& names, const std::string& name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Named by its own name or by one of its toolsets.
bool named(const ToolUnit& unit, const std::vector<std::string>& names) {
  return contains(names, unit.name) || std::any_of(unit.toolsets.begin(), unit.toolsets.end(),
                                                   [&](const std::string& set) { return contains(names, set); });
}

// CLI11 splits on commas; spaces around a name and empty entries ("a,,b", a trailing comma, an empty variable)
// are tolerated.
std::vector<std::string> tidied(std::vector<std::string> names) {
  for (auto& name : names) {
    name.erase(0, name.find_first_not_of(" \t"));
    name.erase(name.find_last_not_of(" \t") + 1);
  }
  names.erase(std::remove(names.begin(), names.end(), std::string()), names.end());
  return names;
}

}  // namespace

void add_tool_selection_flags(CLI::App& app, ToolSelection& selection) {
  app.add_flag("--read-only", selection.read_only,
               "Offer only the tools that read: tools that add or change data are not listed and calls to them are "
               "refused")
      ->envname("CREATORAUDIT_READ_ONLY");
  app.add_option_function<std::vector<std::string>>(
         "--tools", [&selection](const std::vector<std::string>& names) { selection.tools = tidied(names); },
         "Offer only these tools and toolsets (comma-separated names; whoami is always offered)")
      ->envname("CREATORAUDIT_TOOLS")
      ->delimiter(',');
  app.add_option_function<std::vector<std::string>>(
         "--exclude-tools", [&selection](const std::vector<std::string>& names) { selection.exclude = tidied(names); },
         "Do not offer these tools and toolsets (comma-separated)")
      ->envname("CREATORAUDIT_EXCLUDE_TOOLS")
      ->delimiter(',');
}

std::optional<std::string> check_selection(const ToolSelection& selection, const std::vector<ToolUnit>& units,
                                           const std::vector<Toolset>& toolsets) {
  std::vector<std::string> unknown;
  for (const auto* names : {&selection.tools, &selection.exclude}) {
    for (const auto& name : *names) {
      const bool tool = std::any_of(units.begin(), units.end(), [&](const ToolUnit& u) { return u.name == name; });
      const bool set = std::any_of(toolsets.begin(), toolsets.end(), [&](const Toolset& t) { return t.name == name; });
      if (!tool && !set && !contains(unknown, name)) unknown.push_back(name);
    }
  }
  if (unknown.empty()) return std::nullopt;
  std::string text = "unknown tool or toolset name";
  text += unknown.size() > 1 ? "s " : " ";
  for (std::size_t i = 0; i < unknown.size(); ++i) text += (i ? ", \"" : "\"") + unknown[i] + "\"";
  text += " in --tools / --exclude-tools (CREATORAUDIT_TOOLS / CREATORAUDIT_EXCLUDE_TOOLS). Tools: ";
  for (std::size_t i = 0; i < units.size(); ++i) text += (i ? ", " : "") + units[i].name;
  text += ". Toolsets: ";
  for (std::size_t i = 0; i < toolsets.size(); ++i) text += (i ? ", " : "") + toolsets[i].name;
  return text + ".";
}

std::optional<std::string> refusal_for(const ToolUnit& unit, const ToolSelection& selection) {
  if (unit.name == kAlwaysEnabledTool) return std::nullopt;
  const std::string prefix = "The tool " + unit.name + " is not enabled on this server: ";
  const std::string ask = " Ask the user to change the server's configuration in the MCP host if it is needed.";
  if (selection.read_only && !unit.annotations.read_only) {
    return prefix + "it changes data, and the server runs read-only (--read-only / CREATORAUDIT_READ_ONLY)." + ask;
  }
  const bool selected = selection.tools.empty() ? !unit.opt_in
                                                : (unit.opt_in ? contains(selection.tools, unit.name)
                                                               : named(unit, selection.tools));
  if (!selected) {
    return prefix + "it is not among the tools selected with --tools / CREATORAUDIT_TOOLS." + ask;
  }
  if (named(unit, selection.exclude)) {
    return prefix + "it is excluded with --exclude-tools / CREATORAUDIT_EXCLUDE_TOOLS." + ask;
  }
  return std::nullopt;
}

}  // namespace ca::tools
