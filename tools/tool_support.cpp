#include "tools/tool_support.hpp"

#include <cmath>

#include "tools/sanitize.hpp"

namespace ca::tools {
namespace {

// An API error's short fields (code, request id) are identifiers, not prose; a longer one is hostile or broken.
constexpr std::size_t kMaxErrorTokenBytes = 100;
// A 422 lists one entry per invalid field; our requests have a handful of fields.
constexpr std::size_t kMaxFieldErrors = 10;

// The error with every member that came from the upstream made safe to show the model.
api::ApiError sanitized(const api::ApiError& error) {
  api::ApiError out = error;
  out.code = sanitize_text(error.code, kMaxErrorTokenBytes);
  out.request_id = sanitize_text(error.request_id, kMaxErrorTokenBytes);
  out.title = sanitize_text(error.title);
  out.detail = sanitize_text(error.detail);
  out.instance = sanitize_text(error.instance);
  out.errors.clear();
  for (std::size_t i = 0; i < error.errors.size() && i < kMaxFieldErrors; ++i) {
    out.errors.push_back({sanitize_text(error.errors[i].field, kMaxErrorTokenBytes),
                          sanitize_text(error.errors[i].message)});
  }
  return out;
}

// The elements of the array argument `name` that `accepted` (a Json type test) admits, as T.
template <class T>
std::vector<T> items_of(const Json& arguments, const char* name, bool (Json::*accepted)() const noexcept) {
  std::vector<T> out;
  if (const auto it = arguments.find(name); it != arguments.end() && it->is_array()) {
    for (const auto& value : *it) {
      if ((value.*accepted)()) out.push_back(value.get<T>());
    }
  }
  return out;
}

}  // namespace

ToolResult missing_api_key_result() {
  return ToolResult::error(
      "No CreatorAudit API key is configured, so this tool cannot reach the API. Set the environment variable "
      "CREATORAUDIT_API_KEY (or CREATORAUDIT_API_KEY_FILE, the path of a file holding the key) in this MCP "
      "server's configuration in your MCP host, then restart the server. Keys are created at "
      "app.creatoraudit.com under API keys.");
}

std::string describe_api_error(const api::ApiError& error) {
  const api::ApiError safe = sanitized(error);
  std::string text = safe.message();
  if (safe.status == 401) {
    text += " The API key was not accepted: check CREATORAUDIT_API_KEY, then call whoami.";
  } else if (safe.status == 403 && safe.code == "INSUFFICIENT_SCOPE") {
    text += " This key is read-only: adding accounts needs a key with the write scope.";
  } else if (safe.status == 403 && safe.code == "FORBIDDEN") {
    text += " The key or the subscription is disabled: call whoami, and check the key in the dashboard.";
  }
  return text;
}

ToolResult api_error_result(const api::ApiError& error) { return ToolResult::error(describe_api_error(error)); }

ToolResult argument_error(std::string_view argument, std::string_view rule, std::string_view example) {
  std::string text = "Invalid argument `";
  text.append(argument).append("`: ").append(rule).append(". Example of a valid value: ").append(example);
  return ToolResult::error(std::move(text));
}

void ProgressReporter::step(const std::string& message) {
  if (!context_.wants_progress()) return;
  std::lock_guard lock(mutex_);
  sent_ += 1;
  context_.progress(sent_, std::nullopt, message);
}

std::function<void(double, std::optional<double>, const std::string&)> ProgressReporter::forwarder() {
  if (!context_.wants_progress()) return {};
  return [this](double, std::optional<double>, const std::string& message) { step(message); };
}

api::CallOptions call_options(const ToolContext& context, ProgressReporter* forward) {
  api::CallOptions options;
  options.cancel = context.cancel;
  options.deadline = context.deadline;
  if (forward) options.on_progress = forward->forwarder();
  return options;
}

std::optional<std::string> optional_string(const Json& arguments, const char* name) {
  const auto it = arguments.find(name);
  if (it == arguments.end() || !it->is_string()) return std::nullopt;
  return it->get<std::string>();
}

std::optional<bool> optional_bool(const Json& arguments, const char* name) {
  const auto it = arguments.find(name);
  if (it == arguments.end() || !it->is_boolean()) return std::nullopt;
  return it->get<bool>();
}

std::optional<std::int64_t> optional_integer(const Json& arguments, const char* name) {
  const auto it = arguments.find(name);
  if (it == arguments.end() || !it->is_number()) return std::nullopt;
  return it->get<std::int64_t>();
}

std::vector<std::string> string_list(const Json& arguments, const char* name) {
  return items_of<std::string>(arguments, name, &Json::is_string);
}

std::vector<std::int64_t> integer_list(const Json& arguments, const char* name) {
  return items_of<std::int64_t>(arguments, name, &Json::is_number);
}

namespace {

// The text of a result with all its `total` rows when it fits in the budget (a result without rows is kept
// whatever its size), else nullopt: written rather than only measured, since it is the result's text copy then.
std::optional<std::string> text_when_all_fit(const Json& whole, std::size_t total, std::size_t budget_bytes) {
  return total == 0 ? std::optional(dump_compact(whole)) : dump_compact_within(whole, budget_bytes);
}

FittedResult with_text(Json value, std::size_t kept) {
  std::string text = dump_compact(value);
  return {std::move(value), std::move(text), kept};
}

}  // namespace

ToolResult as_result(FittedResult fitted) {
  return ToolResult::success(std::move(fitted.value), std::move(fitted.text));
}

FittedResult longest_fitting_prefix(std::size_t total, std::size_t budget_bytes,
                                   const std::function<Json(std::size_t kept)>& build) {
  const auto fits = [&](const Json& candidate) { return compact_size(candidate) <= budget_bytes; };
  Json full = build(total);
  if (auto text = text_when_all_fit(full, total, budget_bytes)) return {std::move(full), std::move(*text), total};
  // Binary search for the longest prefix that fits; row sizes vary, so measure rather than estimate.
  std::size_t low = 0, high = total - 1;
  while (low < high) {
    const std::size_t mid = (low + high + 1) / 2;
    if (fits(build(mid))) {
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  return with_text(build(low), low);
}

KeyedObject::KeyedObject(std::size_t capacity) : object_(object_with_capacity(capacity)) {
  position_.reserve(capacity);
}

void KeyedObject::set(const std::string& key, Json value) {
  auto& members = object_.get_ref<Json::object_t&>();
  if (const auto at = position_.find(key); at != position_.end()) {
    (members.begin() + static_cast<std::ptrdiff_t>(at->second))->second = std::move(value);
    return;
  }
  members.emplace_back(key, std::move(value));
  try {
    position_.emplace(key, members.size() - 1);
  } catch (...) {
    members.pop_back();  // never a member the index does not know: a repeat would then be added twice
    throw;
  }
}

namespace {

// Members a `finish` adds at most without the result being copied (the list tools add next_cursor and note). More
// is still correct, only slower.
constexpr std::size_t kFinishMembersMax = 4;

// A copy of `result` with room for what `finish` adds: a copied object has none, and an object that grows copies
// its members deeply, the rows among them once they are put in.
Json with_room_to_finish(const Json& result) {
  Json copy = object_with_capacity(result.size() + kFinishMembersMax);
  for (const auto& [key, member] : result.get_ref<const Json::object_t&>()) copy[key] = member;
  return copy;
}

}  // namespace

FittedResult fit_rows_to_budget(Json result, const std::string& rows_key, std::size_t budget_bytes,
                                const std::function<void(Json&, std::size_t, std::size_t)>& finish) {
  Json rows = std::move(result[rows_key]);
  const std::size_t total = rows.size();
  {
    // The usual case, every row fits: measured on the result itself, the rows moved in (and back out when they do
    // not fit) rather than copied.
    Json whole = with_room_to_finish(result);  // everything but the rows: small
    whole[rows_key] = std::move(rows);
    finish(whole, total, total);
    if (auto text = text_when_all_fit(whole, total, budget_bytes)) return {std::move(whole), std::move(*text), total};
    rows = std::move(whole[rows_key]);
  }
  // Over budget. A prefix's text is the text of the result finished for that prefix with an empty row list, plus the
  // rows' own texts and the commas between them: each row is measured once, and each step of the search measures
  // only that small rest (it used to copy and measure every kept row at every step). Same measure, same search, so
  // the same cut as measuring whole candidates.
  std::vector<std::size_t> rows_bytes(total + 1, 0);  // the text of the first k rows between the brackets
  for (std::size_t i = 0; i < total; ++i) rows_bytes[i + 1] = rows_bytes[i] + (i > 0 ? 1 : 0) + compact_size(rows[i]);
  const auto finished_without_rows = [&](std::size_t kept) {
    Json candidate = with_room_to_finish(result);
    candidate[rows_key] = Json::array();
    finish(candidate, kept, total);
    return candidate;
  };
  std::size_t low = 0, high = total - 1;  // all `total` rows do not fit: measured above
  while (low < high) {
    const std::size_t mid = (low + high + 1) / 2;
    if (compact_size(finished_without_rows(mid)) + rows_bytes[mid] <= budget_bytes) {
      low = mid;
    } else {
      high = mid - 1;
    }
  }
  Json cut = finished_without_rows(low);
  auto& kept = cut[rows_key].get_ref<Json::array_t&>();
  kept.reserve(low);
  for (std::size_t i = 0; i < low; ++i) kept.push_back(std::move(rows[i]));
  return with_text(std::move(cut), low);
}

std::string budget_note(std::size_t kept, std::size_t total, const std::string& noun, std::size_t budget_bytes,
                        const std::string& how_to_continue) {
  const std::string limit = std::to_string(budget_bytes) + "-byte result limit";
  if (kept == 0) {
    return "The first of " + std::to_string(total) + " " + noun + " alone is larger than the " + limit +
           " (--max-result-bytes). " + how_to_continue;
  }
  return "Showing " + std::to_string(kept) + " of " + std::to_string(total) + " " + noun + " to stay under the " +
         limit + ". " + how_to_continue;
}

double rounded_percentage(double part, double whole) { return std::round(part / whole * 100.0 * 100.0) / 100.0; }

}  // namespace ca::tools
