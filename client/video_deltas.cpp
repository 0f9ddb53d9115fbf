// POST /videos/deltas: the same chunking and merging as the batch metrics (Impl::batch_metrics), so that when the
// batches go out in parallel, the deltas do too.
#include "client/client_impl.hpp"

namespace ca::api {

Result<BatchMetrics> Client::video_deltas(const std::vector<std::string>& video_ids, const std::vector<int>& windows,
                                          const CallOptions& options) {
  const std::string path = "/videos/deltas";
  std::vector<std::string> order;
  // `windows` goes out on every chunk: the sandbox's default when it is absent is not one to rely on.
  auto chunks = uuid_chunks("video_ids", video_ids, Json{{"windows", windows}}, order);
  if (!chunks.ok()) return impl_->fail(ApiRequest{"POST", path, {}, {}, true, {}}, chunks.error());
  return impl_->batch_metrics(path, chunks.value(), order, options);
}

}  // namespace ca::api
