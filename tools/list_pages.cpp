#include "tools/list_pages.hpp"

#include <algorithm>

#include "schemas/schemas.hpp"

namespace ca::tools {

api::Query query_from_arguments(const Json& arguments, const std::vector<QueryParameter>& parameters) {
  api::Query query;
  for (const auto& [argument, parameter] : parameters) {
    const auto it = arguments.find(argument);
    if (it == arguments.end()) continue;
    if (it->is_string()) {
      query.emplace_back(parameter, it->get<std::string>());
    } else if (it->is_boolean()) {
      query.emplace_back(parameter, it->get<bool>() ? "true" : "false");
    } else if (it->is_number()) {
      query.emplace_back(parameter, std::to_string(it->get<std::int64_t>()));
    }
  }
  return query;
}

std::variant<ListCursor, ToolResult> listing_start(const Json& arguments, const ListSpec& spec) {
  ListCursor start{std::nullopt, 0, list_fingerprint(spec.path, spec.filters)};
  const auto text = optional_string(arguments, "cursor");
  if (!text) return start;
  const auto cursor = decode_cursor(*text);
  if (!cursor || cursor->skip >= api::kMaxPageSize) {
    return argument_error("cursor", "is not a next_cursor issued by this tool; pass it back unchanged",
                          "the next_cursor string of the previous result");
  }
  if (cursor->fingerprint != start.fingerprint) {
    return argument_error("cursor",
                          "was issued for different filters or sort (or by another tool); send it with the same "
                          "filters and sort as the call that returned it, or leave cursor out to start from the "
                          "first page",
                          "the next_cursor of a call made with these same filters");
  }
  return *cursor;
}

ToolResult list_rows(api::Client& client, const ListSpec& spec, const ListCursor& start, std::size_t max_results,
                     const ToolContext& context, const std::shared_ptr<const std::vector<std::string>>& item_fields) {
  ProgressReporter progress(context);
  const api::CallOptions options = call_options(context);

  // Rows, and for each the page position it came from, so a budget cut can resume exactly after the last row
  // shown.
  Json rows = Json::array();
  std::vector<ListCursor> origins;
  std::optional<ListCursor> end;  // where the next call continues when every fetched row is shown
  std::size_t dropped = 0;
  ListCursor page = start;
  // Dropped items can make a page yield fewer rows than asked; one page more than max_results needs is the bound.
  const std::size_t max_requests = (max_results + api::kMaxPageSize - 1) / api::kMaxPageSize + 1;
  for (std::size_t request = 0; request < max_requests && rows.size() < max_results; ++request) {
    const std::size_t want = std::min(api::kMaxPageSize, page.skip + (max_results - rows.size()));
    if (request > 0) progress.step("fetched " + std::to_string(rows.size()) + " " + spec.noun);
    auto result =
        client.list(api::ListRequest{spec.path, spec.filters, want, page.api_cursor, false}, options, item_fields);
    if (!result) return api_error_result(result.error());
    const auto& items = result.value().items;
    std::size_t index = page.skip;
    for (; index < items.size() && rows.size() < max_results; ++index) {
      if (auto row = spec.to_row(items[index])) {
        rows.push_back(std::move(*row));
        origins.push_back(ListCursor{page.api_cursor, index, start.fingerprint});
      } else {
        ++dropped;
      }
    }
    if (index < items.size()) {  // max_results reached inside this page
      end = ListCursor{page.api_cursor, index, start.fingerprint};
      break;
    }
    if (!result.value().has_next || !result.value().next_cursor) {
      end.reset();
      break;
    }
    page = ListCursor{result.value().next_cursor, 0, start.fingerprint};
    end = page;
  }

  std::string notes;
  const auto add_note = [&notes](const std::string& text) { notes += (notes.empty() ? "" : " ") + text; };
  if (dropped > 0) {
    add_note(std::to_string(dropped) + " " + spec.noun + " from the API were left out: " + spec.dropped_reason + ".");
  }

  // A next_cursor the cursor argument could not take back, or that carries bytes no real API cursor has (the
  // API's are URL-safe base64), would strand or mislead the model: say so instead.
  static const std::size_t max_cursor = schemas::get("cursor_argument")["maxLength"].get<std::size_t>();
  const auto usable = [](const std::string& cursor) {
    return cursor.size() <= max_cursor &&
           std::all_of(cursor.begin(), cursor.end(), [](unsigned char c) { return c > 0x20 && c < 0x7F; });
  };
  // Sized for its three members: an object that grows copies its members deeply, and the first one is every row.
  Json output = object_with_capacity(3);
  output[spec.noun] = std::move(rows);
  output["returned"] = 0;
  output["has_more"] = false;
  const std::size_t budget = context.settings.text_budget_bytes;
  const auto finish = [&](Json& result, std::size_t kept, std::size_t total) {
    const std::optional<ListCursor> resume = kept < total ? std::optional(origins[kept]) : end;
    result["returned"] = kept;
    result["has_more"] = resume.has_value();
    std::string note = notes;
    if (resume) {
      std::string cursor = encode_cursor(*resume);
      if (usable(cursor)) {
        result["next_cursor"] = std::move(cursor);
      } else {
        note += std::string(note.empty() ? "" : " ") + "More " + spec.noun +
                " match, but the API's cursor for them cannot be passed back (too long or malformed); narrow the "
                "filters instead.";
      }
    }
    if (kept < total) {
      note += (note.empty() ? "" : " ") +
              budget_note(kept, total, spec.noun, budget,
                          "Get the rest with cursor=next_cursor (same filters), or ask for " + spec.narrower + ".");
    }
    if (!note.empty()) result["note"] = note;
  };
  return as_result(fit_rows_to_budget(std::move(output), spec.noun, budget, finish));
}

}  // namespace ca::tools
