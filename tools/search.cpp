// search: one text across account usernames, creator names and video captions (GET /search), compact per section.
#include "schemas/schemas.hpp"
#include "tools/product_tools.hpp"
#include "tools/sanitize.hpp"
#include "tools/tool_support.hpp"
#include "tools/upstream_fields.hpp"
#include "tools/video_view.hpp"

namespace ca::tools {
namespace {

const char* const kDescription =
    "Find where a text appears in the organization's data: account usernames, creator names and video captions "
    "(case-insensitive), up to limit results per section (1-{limit.maximum}; the API may apply a lower cap, "
    "reported in caps). Rows carry the ids that list_accounts (creator_id) and get_metrics take. One API request; not "
    "paginated.";

const Json& platform_enum() {
  static const Json values = schemas::get("search.output")["properties"]["accounts"]["items"]["properties"]
                                                           ["platform"]["enum"];
  return values;
}

// Each kind's fields: (result key, API key), read as text; the id must be a UUID.
struct Section {
  const char* name;
  std::vector<std::pair<const char*, const char*>> text_fields;
};

const std::vector<Section>& sections() {
  static const std::vector<Section> all = {
      {"accounts", {{"username", "username"}, {"name", "display_name"}}},
      {"creators", {{"name", "name"}}},
      {"videos", {{"account_id", "account_id"}, {"account_username", "account_username"}}},
  };
  return all;
}

std::optional<Json> row_of(const Section& section, const Json& item) {
  if (!item.is_object()) return std::nullopt;
  const auto id = uuid_field(item, "id");
  if (!id) return std::nullopt;
  Json row = {{"id", *id}};
  if (std::string_view(section.name) != "creators") {
    if (const auto platform = enum_field(item, "platform", platform_enum())) row["platform"] = *platform;
  }
  for (const auto& [key, api_key] : section.text_fields) {
    if (const auto text = text_field(item, api_key)) row[key] = *text;
  }
  if (std::string_view(section.name) == "videos") {
    if (const auto caption = text_field(item, "caption")) row["caption"] = sanitize_text(*caption, kCaptionExcerptBytes);
  }
  return row;
}

ToolResult search(api::Client& client, const Json& arguments, ToolContext& context) {
  const std::string query = optional_string(arguments, "query").value_or("");
  const std::int64_t limit = optional_integer(arguments, "limit").value_or(10);
  auto response = client.get("/search", {{"q", query}, {"limit", std::to_string(limit)}}, call_options(context));
  if (!response) return api_error_result(response.error());

  const Json& body = response.value();
  const Json* data = object_field(body, "data");
  // Every kept row in section order (accounts, creators, videos): the budget cut keeps a prefix of this list.
  std::vector<std::pair<const char*, Json>> rows;
  std::size_t dropped = 0;
  for (const auto& section : sections()) {
    std::size_t in_section = 0;
    if (const Json* items = data ? array_field(*data, section.name) : nullptr) {
      for (const auto& item : *items) {
        if (in_section >= static_cast<std::size_t>(limit)) break;
        if (auto row = row_of(section, item)) {
          rows.emplace_back(section.name, std::move(*row));
          ++in_section;
        } else {
          ++dropped;
        }
      }
    }
  }
  Json caps = Json::object();
  const Json* meta = object_field(body, "meta");
  if (const Json* applied = meta ? object_field(*meta, "effective_caps") : nullptr) {
    for (const auto& section : sections()) {
      if (const auto cap = count_field(*applied, section.name)) caps[section.name] = *cap;
    }
  }
  const std::size_t budget = context.settings.text_budget_bytes;
  return as_result(longest_fitting_prefix(rows.size(), budget, [&](std::size_t kept) {
    Json result = Json::object();
    for (const auto& section : sections()) result[section.name] = Json::array();
    for (std::size_t i = 0; i < kept; ++i) result[rows[i].first].push_back(rows[i].second);
    if (!caps.empty()) result["caps"] = caps;
    result["returned"] = kept;
    std::string note;
    if (dropped > 0) note = std::to_string(dropped) + " results from the API had no valid id and were left out.";
    if (kept < rows.size()) {
      note += (note.empty() ? "" : " ") + budget_note(kept, rows.size(), "results", budget,
                                                      "Search with a smaller limit or a longer query.");
    }
    if (!note.empty()) result["note"] = note;
    return result;
  }));
}

}  // namespace

ToolUnit search_unit() {
  return ToolUnit{
      .name = "search",
      .title = "Search accounts, creators and videos",
      .toolsets = {"accounts", "creators", "videos"},
      .annotations = kReadOnlyTool,
      .description = kDescription,
      .guide = "where a name or word appears (usernames, creator names, captions), to find ids.",
      .check = {},
      .build = [](api::Client& client) -> ToolHandler {
        return [&client](const Json& arguments, ToolContext& context) { return search(client, arguments, context); };
      },
  };
}

}  // namespace ca::tools
