#pragma once
// What every product tool shares: the errors it returns to the model, the CallOptions it hands the client, a
// progress reporter that stays monotonic across several client calls, typed reads of its arguments, and the byte
// budget on the text result.
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "client/client.hpp"
#include "tools/tool.hpp"

namespace ca::tools {

inline constexpr Annotations kReadOnlyTool{
    .read_only = true, .destructive = false, .idempotent = true, .open_world = true};

// The isError result when no API key is configured (the tool was built without a client).
ToolResult missing_api_key_result();

// ApiError::message() ("CreatorAudit 404 NOT_FOUND: ... (request_id=...)") with every part that came from the
// upstream sanitized and bounded, plus what to do next where that is clear (check the key on 401/403).
std::string describe_api_error(const api::ApiError& error);
ToolResult api_error_result(const api::ApiError& error);

// "Invalid argument `start_date`: <rule>. Example of a valid value: <example>"; `example` is JSON text.
ToolResult argument_error(std::string_view argument, std::string_view rule, std::string_view example);

// Sends progress only when the client asked for it, and only increasing values, however many client calls a
// tool makes (each of which counts from zero). Safe to call from the client's threads.
class ProgressReporter {
 public:
  explicit ProgressReporter(const ToolContext& context) : context_(context) {}
  void step(const std::string& message);
  // A callback for CallOptions::on_progress that turns every client report into one step.
  std::function<void(double, std::optional<double>, const std::string&)> forwarder();

 private:
  const ToolContext& context_;
  std::mutex mutex_;
  double sent_ = 0;
};

// The call's cancellation and deadline; with `forward`, the client's own progress reports (chunks, polls) are
// passed on through it.
api::CallOptions call_options(const ToolContext& context, ProgressReporter* forward = nullptr);

// Typed reads of arguments that already passed schema validation, schema defaults filled in (absent → nullopt /
// empty).
std::optional<std::string> optional_string(const Json& arguments, const char* name);
std::optional<bool> optional_bool(const Json& arguments, const char* name);
// Integers are read from any number: the validator accepts 5.0 as an integer.
std::optional<std::int64_t> optional_integer(const Json& arguments, const char* name);
std::vector<std::string> string_list(const Json& arguments, const char* name);
std::vector<std::int64_t> integer_list(const Json& arguments, const char* name);

// A result cut to the byte budget, with its compact text: the cut writes it (to measure it when everything fits, once
// more for the prefix it kept otherwise), and the result takes it along so that it is not written again for its
// text block. Change `value` afterwards and `text` is wrong: hand both over at once with as_result.
struct FittedResult {
  Json value;
  std::string text;  // dump_compact(value)
  std::size_t kept = 0;  // how many rows were kept
};
ToolResult as_result(FittedResult fitted);

// The result `build(kept)` for the largest `kept` (0..total) whose compact text fits in budget_bytes; build(0) when
// none does. The general form of the budget cut, for results whose rows do not sit in one array.
FittedResult longest_fitting_prefix(std::size_t total, std::size_t budget_bytes,
                                   const std::function<Json(std::size_t kept)>& build);

// An object keyed by ids (get_metrics' maps, get_video_growth's videos), built in linear time. Keyed assignment on an
// ordered_json object scans for the key and, when the object grows, copies every member deeply: n ids cost n²,
// which for 1,000 ids was most of a call. A repeated key replaces its value in place, as keyed assignment does.
class KeyedObject {
 public:
  explicit KeyedObject(std::size_t capacity);
  void set(const std::string& key, Json value);
  Json take() && { return std::move(object_); }

 private:
  Json object_;
  std::unordered_map<std::string, std::size_t> position_;
};

// `result` with the longest prefix of result[rows_key] whose compact text fits in budget_bytes. `finish(result,
// kept, total)` completes the result for a given prefix (counts, cursor, note) and is included in the measurement;
// it must not read the rows (while the prefix is searched for, they are measured apart from the rest). Never cuts
// inside a row: fewer rows, always valid JSON.
FittedResult fit_rows_to_budget(Json result, const std::string& rows_key, std::size_t budget_bytes,
                                const std::function<void(Json& result, std::size_t kept, std::size_t total)>& finish);

// The note of a result whose rows were cut by the budget: "Showing 3 of 10 <noun> to stay under the 65536-byte
// result limit. <how_to_continue>" (when kept is 0: the first row alone is over the limit).
std::string budget_note(std::size_t kept, std::size_t total, const std::string& noun, std::size_t budget_bytes,
                        const std::string& how_to_continue);

// Metric arithmetic shared by the account and metrics views.
double rounded_percentage(double part, double whole);  // part / whole × 100, 2 decimals

}  // namespace ca::tools
