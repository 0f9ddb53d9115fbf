#pragma once
// What every product tool shares: the errors it returns to the model, the CallOptions it hands the client, a
// progress reporter that stays monotonic across several client calls, and the byte budget on the text result.
#include <cstddef>
#include <functional>
#include <mutex>
#include <string>
#include <string_view>

#include "client/client.hpp"
#include "tools/tool.hpp"

namespace ca::tools {

// A product tool's definition, its schemas taken from schemas/<name>.input.json and <name>.output.json.
class ProductTool : public Tool {
 public:
  ProductTool(std::string name, std::string title, std::string description, Annotations annotations);
  const ToolDefinition& definition() const override { return definition_; }

 private:
  ToolDefinition definition_;
};

inline constexpr Annotations kReadOnlyTool{
    .read_only = true, .destructive = false, .idempotent = true, .open_world = true};

// The isError result when no API key is configured (ToolContext::client is null).
ToolResult missing_api_key_result();

// ApiError::message() ("CreatorAudit 404 NOT_FOUND: ... (request_id=...)"), plus what to do next where that is
// clear (check the key on 401/403).
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

// Typed reads of arguments that already passed schema validation (absent → nullopt / fallback).
std::optional<std::string> optional_string(const Json& arguments, const char* name);
std::optional<bool> optional_bool(const Json& arguments, const char* name);
std::int64_t integer_or(const Json& arguments, const char* name, std::int64_t fallback);

// Keeps the longest prefix of result[rows_key] whose compact text fits in budget_bytes. `finish(result, kept,
// total)` completes the result for a given prefix (counts, cursor, note) and is included in the measurement.
// Returns how many rows were kept. Never cuts inside a row: fewer rows, always valid JSON.
std::size_t fit_rows_to_budget(Json& result, const std::string& rows_key, std::size_t budget_bytes,
                               const std::function<void(Json& result, std::size_t kept, std::size_t total)>& finish);

// Metric arithmetic shared by the account and metrics views.
double rounded_percentage(double part, double whole);  // part / whole × 100, 2 decimals

}  // namespace ca::tools
