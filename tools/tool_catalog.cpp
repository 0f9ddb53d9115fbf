#include "tools/tool_catalog.hpp"

#include <algorithm>

namespace ca::tools {
namespace {

std::string joined(const std::vector<std::string>& items, const std::string& separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::string number(const Json& value) { return dump_compact(value); }

// A property's rule in a few words, e.g. "integer 1–1000", "`asc` | `desc`", "array of UUID, 1–200 items".
std::string rule_of(const Json& schema) {
  if (const auto it = schema.find("enum"); it != schema.end()) {
    std::vector<std::string> options;
    for (const auto& option : *it) options.push_back("`" + (option.is_string() ? option.get<std::string>() : number(option)) + "`");
    return joined(options, " | ");
  }
  const std::string type = schema.value("type", "");
  const std::string format = schema.value("format", "");
  const auto range = [&](const char* low, const char* high, const std::string& unit) {
    const bool has_low = schema.contains(low), has_high = schema.contains(high);
    if (has_low && has_high) return " " + number(schema[low]) + "–" + number(schema[high]) + unit;
    if (has_low) return " ≥ " + number(schema[low]) + unit;
    if (has_high) return " ≤ " + number(schema[high]) + unit;
    return std::string();
  };
  if (type == "string") {
    if (format == "uuid") return "UUID";
    if (format == "date") return "date (YYYY-MM-DD)";
    std::string rule = "string" + range("minLength", "maxLength", " chars");
    if (schema.contains("pattern")) rule += ", matching `" + schema["pattern"].get<std::string>() + "`";
    return rule;
  }
  if (type == "integer" || type == "number") return type + range("minimum", "maximum", "");
  if (type == "array") {
    std::string rule = "array of " + rule_of(schema.value("items", Json::object())) + "," +
                       range("minItems", "maxItems", " items");
    if (schema.value("uniqueItems", false)) rule += ", unique";
    return rule;
  }
  return type;
}

// Markdown table cells hold one line and no unescaped pipes.
std::string cell(std::string text) {
  for (std::size_t i = 0; (i = text.find('|', i)) != std::string::npos; i += 2) text.insert(i, "\\");
  for (auto& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

std::string kind_of(const ToolDefinition& definition) {
  const auto& a = definition.annotations;
  if (a.read_only) return "read";
  return std::string(a.destructive ? "write (destructive" : "write (not destructive") +
         (a.idempotent ? ", idempotent)" : ")");
}

}  // namespace

Json catalog_entry(const ToolDefinition& definition) {
  return {{"name", definition.name},
          {"title", definition.title},
          {"toolsets", definition.toolsets},
          {"description", definition.description},
          {"annotations",
           {{"readOnlyHint", definition.annotations.read_only},
            {"destructiveHint", definition.annotations.destructive},
            {"idempotentHint", definition.annotations.idempotent},
            {"openWorldHint", definition.annotations.open_world}}},
          {"inputSchema", definition.input_schema},
          {"outputSchema", definition.output_schema}};
}

Json tools_json(const ToolRegistry& registry) {
  Json tools = Json::array();
  for (const Tool* tool : registry.tools()) tools.push_back(catalog_entry(tool->definition()));
  return {{"tools", std::move(tools)}};
}

std::string readme_tool_table(const ToolRegistry& registry) {
  std::string out = "| tool | toolsets | kind | what it is for |\n|---|---|---|---|\n";
  for (const Tool* tool : registry.tools()) {
    const auto& d = tool->definition();
    out += "| `" + d.name + "` | " + joined(d.toolsets, ", ") + " | " + kind_of(d) + " | " +
           cell(d.title + ": " + d.guide) + " |\n";
  }
  return out;
}

std::string tools_reference_markdown(const ToolRegistry& registry) {
  std::string out;
  for (const Tool* tool : registry.tools()) {
    const auto& d = tool->definition();
    out += "### " + d.name + "\n\n";
    // A tool in no toolset is opt-in: only --tools naming it enables it.
    const std::string sets = d.toolsets.empty() ? "opt-in: offered only with --tools " + d.name
                                                : "toolsets: " + joined(d.toolsets, ", ");
    out += "**" + d.title + "** — " + kind_of(d) + "; " + sets + ".\n\n";
    out += "> " + d.description + "\n\n";
    const Json properties = d.input_schema.value("properties", Json::object());
    if (properties.empty()) {
      out += "No arguments.\n\n";
    } else {
      const Json required = d.input_schema.value("required", Json::array());
      out += "| argument | rule | default | meaning |\n|---|---|---|---|\n";
      for (const auto& [name, property] : properties.items()) {
        const bool is_required = std::find(required.begin(), required.end(), name) != required.end();
        const std::string fallback = property.contains("default") ? "`" + number(property["default"]) + "`" : "";
        out += "| `" + name + "`" + (is_required ? " (required)" : "") + " | " + cell(rule_of(property)) + " | " +
               fallback + " | " + cell(property.value("description", "")) + " |\n";
      }
      out += "\n";
    }
    std::vector<std::string> fields;
    const Json always_present = d.output_schema.value("required", Json::array());
    const Json outputs = d.output_schema.value("properties", Json::object());
    for (const auto& [name, property] : outputs.items()) {
      const bool always = std::find(always_present.begin(), always_present.end(), name) != always_present.end();
      fields.push_back("`" + name + "`" + (always ? "" : "?"));
    }
    out += "Output: " + joined(fields, ", ") + " (`?`: present only when it applies).\n\n";
  }
  return out;
}

std::string e2e_tools_json(const ToolRegistry& registry) {
  Json tools = Json::array();
  for (const Tool* tool : registry.tools()) {
    const auto& d = tool->definition();
    tools.push_back({{"name", d.name}, {"toolsets", d.toolsets}, {"readOnly", d.annotations.read_only}});
  }
  return Json{{"generatedBy", "ca_tools_tests \"[generated]\" from the tool registry; do not edit"},
              {"tools", std::move(tools)}}
             .dump(2) +
         "\n";
}

}  // namespace ca::tools
