#include "tools/tool_support.hpp"

#include <cmath>

#include "schemas/schemas.hpp"

namespace ca::tools {

ProductTool::ProductTool(std::string name, std::string title, std::string description, Annotations annotations)
    : definition_{name,
                  std::move(title),
                  std::move(description),
                  annotations,
                  schemas::get(name + ".input"),
                  schemas::get(name + ".output")} {}

ToolResult missing_api_key_result() {
  return ToolResult::error(
      "No CreatorAudit API key is configured, so this tool cannot reach the API. Set the environment variable "
      "CREATORAUDIT_API_KEY (or CREATORAUDIT_API_KEY_FILE, the path of a file holding the key) in this MCP "
      "server's configuration in your MCP host, then restart the server. Keys are created at "
      "app.creatoraudit.com under API keys.");
}

std::string describe_api_error(const api::ApiError& error) {
  std::string text = error.message();
  if (error.status == 401) {
    text += " The API key was not accepted: check CREATORAUDIT_API_KEY, then call whoami.";
  } else if (error.status == 403 && error.code == "INSUFFICIENT_SCOPE") {
    text += " This key is read-only: adding accounts needs a key with the write scope.";
  } else if (error.status == 403 && error.code == "FORBIDDEN") {
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

std::int64_t integer_or(const Json& arguments, const char* name, std::int64_t fallback) {
  // The validator accepts 5.0 as an integer, so read any number.
  const auto it = arguments.find(name);
  return it != arguments.end() && it->is_number() ? it->get<std::int64_t>() : fallback;
}

std::size_t fit_rows_to_budget(Json& result, const std::string& rows_key, std::size_t budget_bytes,
                               const std::function<void(Json&, std::size_t, std::size_t)>& finish) {
  const Json rows = std::move(result[rows_key]);
  const std::size_t total = rows.size();
  const auto build = [&](std::size_t kept) {
    Json candidate = result;
    Json prefix = Json::array();
    for (std::size_t i = 0; i < kept; ++i) prefix.push_back(rows[i]);
    candidate[rows_key] = std::move(prefix);
    finish(candidate, kept, total);
    return candidate;
  };
  const auto fits = [&](const Json& candidate) { return dump_compact(candidate).size() <= budget_bytes; };

  Json full = build(total);
  if (total == 0 || fits(full)) {
    result = std::move(full);
    return total;
  }
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
  result = build(low);
  return low;
}

double rounded_percentage(double part, double whole) { return std::round(part / whole * 100.0 * 100.0) / 100.0; }

}  // namespace ca::tools
