#pragma once
// A byte-bounded LRU of (ETag, body) per request URL (path + query), for conditional GETs. An entry is charged
// its URL, ETag and body bytes; the total never exceeds the budget, and an entry bigger than the whole budget is
// simply not stored. Thread-safe. Bodies are shared, so a 304 hit copies no bytes.
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ca::api {

// An entity-tag as RFC 9110 §8.8.3 defines it ("xyz" or W/"xyz", visible characters only).
bool is_entity_tag(std::string_view etag);

class EtagCache {
 public:
  struct Entry {
    std::string etag;
    std::shared_ptr<const std::string> body;
  };

  explicit EtagCache(std::size_t budget_bytes);

  std::optional<Entry> lookup(const std::string& url);  // marks the entry most recently used
  // Replaces the URL's entry; an ETag that is not an entity-tag is not stored (the old entry is dropped too).
  void store(const std::string& url, std::string etag, std::string body);

  std::size_t bytes_used() const;
  std::size_t entries() const;
  std::size_t budget() const { return budget_; }

 private:
  struct Node {
    std::string url;
    Entry entry;
    std::size_t cost = 0;
  };
  void erase_locked(std::list<Node>::iterator it);

  const std::size_t budget_;
  mutable std::mutex mutex_;
  std::list<Node> lru_;  // front = most recently used
  std::unordered_map<std::string, std::list<Node>::iterator> index_;
  std::size_t used_ = 0;
};

}  // namespace ca::api
