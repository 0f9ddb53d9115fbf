#include "client/etag_cache.hpp"

namespace ca::api {

EtagCache::EtagCache(std::size_t budget_bytes) : budget_(budget_bytes) {}

std::optional<EtagCache::Entry> EtagCache::lookup(const std::string& url) {
  std::lock_guard lock(mutex_);
  auto it = index_.find(url);
  if (it == index_.end()) return std::nullopt;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->entry;
}

void EtagCache::store(const std::string& url, std::string etag, std::string body) {
  std::size_t cost = url.size() + etag.size() + body.size();
  std::lock_guard lock(mutex_);
  if (auto it = index_.find(url); it != index_.end()) erase_locked(it->second);
  if (cost > budget_) return;
  while (used_ + cost > budget_) erase_locked(std::prev(lru_.end()));
  lru_.push_front(Node{url, Entry{std::move(etag), std::make_shared<const std::string>(std::move(body))}, cost});
  index_[url] = lru_.begin();
  used_ += cost;
}

void EtagCache::erase_locked(std::list<Node>::iterator it) {
  used_ -= it->cost;
  index_.erase(it->url);
  lru_.erase(it);
}

std::size_t EtagCache::bytes_used() const {
  std::lock_guard lock(mutex_);
  return used_;
}

std::size_t EtagCache::entries() const {
  std::lock_guard lock(mutex_);
  return lru_.size();
}

}  // namespace ca::api
