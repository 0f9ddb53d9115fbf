#include "client/etag_cache.hpp"

#include <algorithm>

namespace ca::api {

EtagCache::EtagCache(std::size_t budget_bytes) : budget_(budget_bytes) {}

std::optional<EtagCache::Entry> EtagCache::lookup(const std::string& url) {
  std::lock_guard lock(mutex_);
  auto it = index_.find(url);
  if (it == index_.end()) return std::nullopt;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->entry;
}

bool is_entity_tag(std::string_view etag) {
  if (etag.substr(0, 2) == "W/") etag.remove_prefix(2);
  if (etag.size() < 2 || etag.front() != '"' || etag.back() != '"') return false;
  // etagc = %x21 / %x23-7E / obs-text: no controls, no space, no inner quote.
  return std::all_of(etag.begin() + 1, etag.end() - 1, [](char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte == 0x21 || (byte >= 0x23 && byte != 0x7F);
  });
}

void EtagCache::store(const std::string& url, std::string etag, std::string body) {
  std::size_t cost = url.size() + etag.size() + body.size();
  std::lock_guard lock(mutex_);
  if (auto it = index_.find(url); it != index_.end()) erase_locked(it->second);
  // A malformed tag could not be sent back in If-None-Match (the request would be refused), so it is not kept.
  if (cost > budget_ || !is_entity_tag(etag)) return;
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
