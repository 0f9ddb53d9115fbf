// update_creator: rename, archive or restore a creator, or replace its tags (PATCH /creators/{id}).
#include <algorithm>

#include "client/url_encoding.hpp"
#include "tools/creator_metadata_check.hpp"
#include "tools/creator_view.hpp"
#include "tools/product_tools.hpp"
#include "tools/tool_support.hpp"
#include "tools/upstream_fields.hpp"

namespace ca::tools {
namespace {

const char* const kDescription =
    "Change a creator: name, is_active (false archives it, true restores it) and metadata. metadata REPLACES "
    "the creator's whole tag object (send every tag to keep; an empty object removes them all). Fields left out stay as they "
    "are. Returns the creator as it is now. Nothing is deleted: an archived creator keeps its accounts and can be "
    "restored. Needs an API key with the write scope. Find creator ids with list_creators.";

constexpr const char* kChangeable[] = {"name", "is_active", "metadata"};

std::optional<ToolResult> check_arguments(const Json& arguments) {
  const bool any = std::any_of(std::begin(kChangeable), std::end(kChangeable),
                               [&](const char* name) { return arguments.contains(name); });
  if (!any) {
    return argument_error("name", "at least one of name, is_active or metadata is needed; there is nothing to change",
                          "{\"creator_id\":\"0b3f2c14-9a6d-4f1e-8b2a-1c2d3e4f5a6b\",\"is_active\":false}");
  }
  return check_creator_metadata(arguments);
}

ToolResult update_creator(api::Client& client, const Json& arguments, ToolContext& context) {
  const std::string creator_id = api::ascii_lower(arguments["creator_id"].get<std::string>());
  Json body = Json::object();
  for (const char* name : kChangeable) {
    if (arguments.contains(name)) body[name] = arguments[name];
  }
  auto response = client.patch("/creators/" + creator_id, body, call_options(context));
  if (!response) return api_error_result(response.error());
  const Json* data = object_field(response.value(), "data");
  if (auto row = data ? compact_creator(*data) : std::nullopt) return ToolResult::success({{"creator", *row}});
  // The change was accepted: say so rather than fail a write the model might then repeat.
  return ToolResult::success(
      {{"creator", {{"id", creator_id}}},
       {"note", "The API accepted the change but its answer did not include the creator; list_creators with "
                "creator_id shows it as it is now."}});
}

}  // namespace

ToolUnit update_creator_unit() {
  return ToolUnit{
      .name = "update_creator",
      .title = "Update a creator",
      .toolsets = {"creators"},
      // A write; repeating it sets the same values again, and archiving is undone by restoring.
      .annotations = Annotations{.read_only = false, .destructive = false, .idempotent = true, .open_world = true},
      .description = kDescription,
      .guide = "rename, archive (is_active false) or restore a creator; metadata replaces all of its tags.",
      .check = check_arguments,
      .build = [](api::Client& client) -> ToolHandler {
        return [&client](const Json& arguments, ToolContext& context) {
          return update_creator(client, arguments, context);
        };
      },
  };
}

}  // namespace ca::tools
