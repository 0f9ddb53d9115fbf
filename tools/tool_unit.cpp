#include "tools/tool_unit.hpp"

#include <stdexcept>

#include "client/client.hpp"
#include "schemas/schemas.hpp"
#include "tools/tool_support.hpp"

namespace ca::tools {
namespace {

std::string placeholder_text(const ToolUnit& unit, const Json& input_schema, const std::string& path) {
  if (path == "page_size") return std::to_string(api::kMaxPageSize);
  if (path == "batch_size") return std::to_string(api::kMaxIdsPerBatch);
  const auto properties = input_schema.find("properties");
  const Json* node = properties == input_schema.end() ? &input_schema : &*properties;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t dot = std::min(path.find('.', start), path.size());
    const std::string key = path.substr(start, dot - start);
    if (!node->is_object() || !node->contains(key)) {
      throw std::logic_error("tool " + unit.name + ": description placeholder {" + path + "} names nothing");
    }
    node = &*node->find(key);
    start = dot + 1;
  }
  if (node->is_string()) return node->get<std::string>();
  if (node->is_array()) {
    std::string list;
    for (const auto& item : *node) {
      list += (list.empty() ? "" : ", ") + (item.is_string() ? item.get<std::string>() : dump_compact(item));
    }
    return list;
  }
  return dump_compact(*node);
}

std::string fill_placeholders(const ToolUnit& unit, const Json& input_schema) {
  std::string out;
  const std::string& text = unit.description;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t open = text.find('{', i);
    if (open == std::string::npos) {
      out.append(text, i);
      break;
    }
    const std::size_t close = text.find('}', open);
    if (close == std::string::npos) throw std::logic_error("tool " + unit.name + ": unclosed { in description");
    out.append(text, i, open - i);
    out += placeholder_text(unit, input_schema, text.substr(open + 1, close - open - 1));
    i = close + 1;
  }
  return out;
}

class UnitTool final : public Tool {
 public:
  UnitTool(const ToolUnit& unit, api::Client* client)
      : definition_(definition_of(unit)), check_(unit.check), handler_(client ? unit.build(*client) : nullptr) {}

  const ToolDefinition& definition() const override { return definition_; }

  ToolResult call(const Json& arguments, ToolContext& context) override {
    if (check_) {
      if (auto error = check_(arguments)) return *error;
    }
    if (!handler_) return missing_api_key_result();
    return handler_(arguments, context);
  }

 private:
  ToolDefinition definition_;
  std::function<std::optional<ToolResult>(const Json&)> check_;
  ToolHandler handler_;
};

}  // namespace

ToolDefinition definition_of(const ToolUnit& unit) {
  ToolDefinition definition;
  definition.name = unit.name;
  definition.title = unit.title;
  definition.annotations = unit.annotations;
  definition.input_schema = schemas::get(unit.name + ".input");
  definition.output_schema = schemas::get(unit.name + ".output");
  definition.description = fill_placeholders(unit, definition.input_schema);
  definition.toolsets = unit.toolsets;
  definition.guide = unit.guide;
  return definition;
}

std::unique_ptr<Tool> make_tool(const ToolUnit& unit, api::Client* client) {
  return std::make_unique<UnitTool>(unit, client);
}

}  // namespace ca::tools
