#include "client/etag_cache.hpp"

#include <algorithm>
#include <iterator>

#include "common/json_util.hpp"

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
  Entry entry;
  entry.etag = std::move(etag);
  entry.body = std::make_shared<const std::string>(std::move(body));
  lru_.push_front(Node{url, std::move(entry), cost, 0});
  index_[url] = lru_.begin();
  used_ += cost;
}

namespace {

// Two field lists select the same members: both "every member" (null or empty, as parse_upstream_body reads
// them) or the same names in the same order.
bool same_fields(const ItemFields& a, const ItemFields& b) {
  const bool all_a = !a || a->empty();
  const bool all_b = !b || b->empty();
  if (all_a || all_b) return all_a && all_b;
  return a == b || *a == *b;
}

}  // namespace

std::optional<std::list<EtagCache::Node>::iterator> EtagCache::find_locked(
    const std::string& url, const std::shared_ptr<const std::string>& body) {
  auto found = index_.find(url);
  if (found == index_.end() || found->second->entry.body != body) return std::nullopt;
  return found->second;
}

bool EtagCache::tree_fits_locked(const Node& node, std::size_t parsed_cost) const {
  return node.cost - node.parsed_cost + parsed_cost <= budget_;
}

void EtagCache::keep_parsed(const std::string& url, const std::shared_ptr<const std::string>& body,
                            const ItemFields& fields, const Json& parsed) {
  {
    // A copy has no spare capacity, so the parse's own size bounds it: a tree that cannot fit is not even copied.
    const std::size_t at_most = json_heap_bytes(parsed);
    std::lock_guard lock(mutex_);
    const auto node = find_locked(url, body);
    if (!node || !tree_fits_locked(**node, at_most)) return;
  }
  auto tree = std::make_shared<const Json>(parsed);  // a deep copy: made outside the lock
  const std::size_t parsed_cost = json_heap_bytes(*tree);
  std::lock_guard lock(mutex_);
  const auto found = find_locked(url, body);  // evicted or replaced meanwhile: the tree is of no use
  if (!found || !tree_fits_locked(**found, parsed_cost)) return;
  const auto node = *found;
  const std::size_t cost = node->cost - node->parsed_cost + parsed_cost;
  // Make room from the least recently used end, never evicting the entry itself.
  while (used_ - node->cost + cost > budget_) {
    auto last = std::prev(lru_.end());
    if (last == node) last = std::prev(last);
    erase_locked(last);
  }
  used_ = used_ - node->cost + cost;
  node->cost = cost;
  node->parsed_cost = parsed_cost;
  node->entry.parsed = std::move(tree);
  node->entry.parsed_for = fields;
}

bool EtagCache::Entry::parsed_for_fields(const ItemFields& fields) const {
  return parsed != nullptr && same_fields(parsed_for, fields);
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
