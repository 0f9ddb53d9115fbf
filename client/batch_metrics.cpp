// Batch metrics: ids deduplicated and checked, sent in chunks of at most 200 (the API's bound), and the chunks'
// rows and not_found lists merged back in the order the ids were asked. The chunks are sent in parallel (see
// client/fan_out.hpp). One failing chunk does not lose the others: it is recorded in `failures`. Only when every
// chunk fails is the call itself an error; a cancellation or the deadline ends the whole call.
#include <algorithm>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "client/client_impl.hpp"
#include "client/fan_out.hpp"
#include "client/json_fields.hpp"
#include "client/url_encoding.hpp"

namespace ca::api {
namespace {

std::string id_text(const Json& id) {
  if (id.is_string()) return ascii_lower(id.get<std::string>());
  if (id.is_number_integer()) return std::to_string(id.get<long long>());
  return {};
}

template <class T>
std::vector<T> unique_in_order(const std::vector<T>& values) {
  std::vector<T> out;
  std::unordered_set<T> seen;
  for (const auto& v : values)
    if (seen.insert(v).second) out.push_back(v);
  return out;
}

Json window_fields(const MetricsWindow& window) {
  Json body = Json::object();
  body["period"] = window.period;
  if (window.start_date) body["start_date"] = *window.start_date;
  if (window.end_date) body["end_date"] = *window.end_date;
  return body;
}

}  // namespace

Result<BatchMetrics> Client::Impl::batch_metrics(const std::string& path, const std::vector<BatchChunk>& chunks,
                                                 const std::vector<std::string>& asked_order,
                                                 const CallOptions& options) {
  // The chunks go out in parallel (bounded by max_parallel_requests, each through execute() and so the rate
  // budget); their answers are merged below in chunk order, so the result does not depend on which came first.
  std::vector<std::optional<Result<ApiResponse>>> responses(chunks.size());
  std::mutex progress_mutex;
  std::size_t done = 0, chunks_done = 0;
  const std::size_t started = run_parallel(
      chunks.size(), static_cast<std::size_t>(config.max_parallel_requests), limiter->snapshot().remaining.has_value(),
      options, *config.clock, [&](std::size_t i) {
        responses[i].emplace(
            execute(ApiRequest{"POST", path, {}, dump_compact(chunks[i].body), true, {}}, options));
        if (!options.on_progress) return;
        std::lock_guard lock(progress_mutex);
        done += chunks[i].ids.size();
        ++chunks_done;
        options.on_progress(static_cast<double>(done), static_cast<double>(asked_order.size()),
                            "chunk " + std::to_string(chunks_done) + "/" + std::to_string(chunks.size()));
      });

  BatchMetrics out;
  out.requests = static_cast<int>(started);
  std::unordered_map<std::string, Json> rows;
  for (std::size_t i = 0; i < chunks.size(); ++i) {
    if (i >= started || !responses[i]) return not_started_error(options);
    auto& response = *responses[i];
    if (!response.ok()) {
      const ErrorKind kind = response.error().kind;
      if (kind == ErrorKind::Cancelled || kind == ErrorKind::DeadlineExceeded) return response.error();
      out.failures.push_back(BatchFailure{chunks[i].ids, response.error()});
    } else {
      Json& body = response.value().body;
      if (auto data = body.find("data"); body.is_object() && data != body.end() && data->is_object())
        for (auto& [key, value] : data->items()) rows[ascii_lower(key)] = std::move(value);
      if (const Json* meta = member(body, "meta"); meta && meta->is_object()) {
        if (const Json* missing = member(*meta, "not_found"); missing && missing->is_array())
          for (const auto& id : *missing)
            if (auto text = id_text(id); !text.empty()) out.not_found.push_back(text);
        if (out.window.is_null()) {
          out.window = Json::object();
          for (const char* field : {"period", "start_date", "end_date", "days"})
            if (const Json* v = member(*meta, field)) out.window[field] = *v;
        }
      }
    }
  }
  if (!chunks.empty() && out.failures.size() == chunks.size()) return out.failures.front().error;
  for (const auto& id : asked_order) {
    if (auto it = rows.find(id); it != rows.end()) {
      out.rows.emplace_back(id, std::move(it->second));
      rows.erase(it);
    }
  }
  // Rows keyed in a form we did not ask for are still returned rather than dropped.
  for (auto& [id, value] : rows) out.rows.emplace_back(id, std::move(value));
  return out;
}

Result<std::vector<BatchChunk>> uuid_chunks(const char* field, const std::vector<std::string>& asked,
                                            const Json& body_fields, std::vector<std::string>& order) {
  std::vector<std::string> normalised;
  for (const auto& id : asked) {
    if (!is_uuid(id)) return local_error(ErrorKind::InvalidArgument, std::string(field) + " must hold UUIDs only");
    normalised.push_back(ascii_lower(id));
  }
  order = unique_in_order(normalised);
  std::vector<BatchChunk> chunks;
  for (std::size_t start = 0; start < order.size(); start += kMaxIdsPerBatch) {
    BatchChunk chunk;
    chunk.ids.assign(order.begin() + static_cast<std::ptrdiff_t>(start),
                     order.begin() + static_cast<std::ptrdiff_t>(std::min(order.size(), start + kMaxIdsPerBatch)));
    chunk.body = body_fields;
    chunk.body[field] = chunk.ids;
    chunks.push_back(std::move(chunk));
  }
  return chunks;
}

Result<BatchMetrics> Client::account_metrics(const std::vector<std::string>& account_ids,
                                             const MetricsWindow& window, const CallOptions& options) {
  std::vector<std::string> order;
  auto chunks = uuid_chunks("account_ids", account_ids, window_fields(window), order);
  if (!chunks.ok()) return impl_->fail(ApiRequest{"POST", "/accounts/metrics", {}, {}, true, {}}, chunks.error());
  return impl_->batch_metrics("/accounts/metrics", chunks.value(), order, options);
}

Result<BatchMetrics> Client::video_metrics(const std::vector<std::string>& video_ids, const MetricsWindow& window,
                                           const CallOptions& options) {
  std::vector<std::string> order;
  auto chunks = uuid_chunks("video_ids", video_ids, window_fields(window), order);
  if (!chunks.ok()) return impl_->fail(ApiRequest{"POST", "/videos/metrics", {}, {}, true, {}}, chunks.error());
  return impl_->batch_metrics("/videos/metrics", chunks.value(), order, options);
}

Result<BatchMetrics> Client::account_video_metrics(const std::vector<std::int64_t>& instagram_post_ids,
                                                   const std::vector<std::int64_t>& tiktok_video_ids,
                                                   const MetricsWindow& window, const CallOptions& options) {
  const std::string path = "/account-videos/metrics";
  for (const auto* ids : {&instagram_post_ids, &tiktok_video_ids})
    for (auto id : *ids)
      if (id <= 0)
        return impl_->fail(ApiRequest{"POST", path, {}, {}, true, {}},
                           local_error(ErrorKind::InvalidArgument, "account-video ids must be positive integers"));
  const auto instagram = unique_in_order(instagram_post_ids);
  const auto tiktok = unique_in_order(tiktok_video_ids);
  // Both platforms share each request's 200-id bound: Instagram ids fill chunks first, then TikTok ids.
  std::vector<std::pair<const char*, std::int64_t>> all;
  for (auto id : instagram) all.emplace_back("instagram_post_ids", id);
  for (auto id : tiktok) all.emplace_back("tiktok_video_ids", id);
  std::vector<std::string> order;
  std::vector<BatchChunk> chunks;
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (i % kMaxIdsPerBatch == 0) {
      chunks.emplace_back();
      chunks.back().body = window_fields(window);
    }
    auto& chunk = chunks.back();
    auto& list = chunk.body[all[i].first];
    if (list.is_null()) list = Json::array();
    list.push_back(all[i].second);
    chunk.ids.push_back(std::to_string(all[i].second));
    order.push_back(chunk.ids.back());
  }
  return impl_->batch_metrics(path, chunks, unique_in_order(order), options);
}

}  // namespace ca::api
