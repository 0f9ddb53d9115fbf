#pragma once
// A byte-bounded LRU of (ETag, body) per request URL (path + query), for conditional GETs. An entry is charged
// its URL, ETag and body bytes, plus its parsed tree's once it keeps one (json_heap_bytes); the total charged
// never exceeds the budget, and an entry bigger than the whole budget is simply not stored. Thread-safe. Bodies
// are shared, so a hit copies no bytes; a kept tree is copied out for each 304 that uses it.
#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "client/projected_parse.hpp"

namespace ca::api {

// An entity-tag as RFC 9110 §8.8.3 defines it ("xyz" or W/"xyz", visible characters only).
bool is_entity_tag(std::string_view etag);

class EtagCache {
 public:
  struct Entry {
    std::string etag;
    std::shared_ptr<const std::string> body;
    // The body as parse_upstream_body gave it for `parsed_for` (set by keep_parsed), so that a 304 for the same
    // item members copies this tree instead of parsing the body again. Null until then.
    std::shared_ptr<const Json> parsed;
    ItemFields parsed_for;

    // Whether `parsed` holds the body parsed for `fields`.
    bool parsed_for_fields(const ItemFields& fields) const;
  };

  explicit EtagCache(std::size_t budget_bytes);

  std::optional<Entry> lookup(const std::string& url);  // marks the entry most recently used
  // Replaces the URL's entry; an ETag that is not an entity-tag is not stored (the old entry is dropped too).
  void store(const std::string& url, std::string etag, std::string body);
  // Keeps a copy of `parsed`, `body` parsed for `fields`, with the URL's entry, in place of an earlier tree, when
  // the entry still holds that very body and `parsed` as given fits in the budget (its copy, which has no spare
  // capacity, is never larger; other entries are evicted for it, least recently used first). Otherwise nothing
  // changes. The shared_ptr's own block (about 48 bytes a tree) is not charged.
  void keep_parsed(const std::string& url, const std::shared_ptr<const std::string>& body, const ItemFields& fields,
                   const Json& parsed);

  std::size_t bytes_used() const;
  std::size_t entries() const;
  std::size_t budget() const { return budget_; }

 private:
  struct Node {
    std::string url;
    Entry entry;
    std::size_t cost = 0;         // everything, the parsed tree included
    std::size_t parsed_cost = 0;  // the parsed tree's share of cost
  };
  void erase_locked(std::list<Node>::iterator it);
  std::optional<std::list<Node>::iterator> find_locked(const std::string& url,
                                                       const std::shared_ptr<const std::string>& body);
  bool tree_fits_locked(const Node& node, std::size_t parsed_cost) const;

  const std::size_t budget_;
  mutable std::mutex mutex_;
  std::list<Node> lru_;  // front = most recently used
  std::unordered_map<std::string, std::list<Node>::iterator> index_;
  std::size_t used_ = 0;
};

}  // namespace ca::api
