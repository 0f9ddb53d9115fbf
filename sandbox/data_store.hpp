#pragma once
// The sandbox's one organisation: seeded accounts, creators, individually tracked videos and account videos, plus
// what clients create at run time. Freshness is evaluated lazily against the injected clock: a resource is
// "scraped" once now >= refresh_at, so a FakeClock test can advance past the first-refresh delay without sleeping.
#include <cstdint>
#include <map>
#include <optional>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/json_util.hpp"
#include "sandbox/determinism.hpp"
#include "sandbox/sandbox.hpp"
#include "sandbox/utc_time.hpp"

namespace ca::sandbox {

struct Totals {
  std::int64_t followers = 0, following = 0, posts = 0, views = 0, likes = 0, comments = 0, shares = 0, plays = 0,
               saves = 0;
};

struct Account {
  std::string id, platform, username, name, description, link_in_bio, category, creator_id;
  bool is_verified = false, is_active = true, is_unavailable = false;
  ca::Json metadata = ca::Json::object();
  WallTime added_at, refresh_at;  // refresh_at = first scrape; later scrapes follow every scrape_interval_hours
  WallTime linked_at;             // when creator_id was set (seeded and created links: added_at)
  int scrape_interval_hours = 24;
  std::optional<int> max_recent_posts, post_lookback_days;
  Totals totals;  // what the first scrape found
};

struct Video {
  std::string id, platform, external_id, shortcode, caption, media_type, account_id, account_username;
  bool is_active = true;
  ca::Json metadata = ca::Json::object();
  WallTime added_at, refresh_at, create_time;  // refresh_at = never (WallTime::max) for a video created inactive
  int scrape_interval_hours = 24, duration = 0;
  Totals totals;
};

struct AccountVideo {
  std::int64_t id = 0;
  std::size_t account = 0;  // index into accounts
  std::string caption;
  WallTime create_time;
  Totals totals;
};

struct Creator {
  std::string id, name;
  bool is_active = true;
  ca::Json metadata = ca::Json::object();
  WallTime added_at;
};

class DataStore {
 public:
  DataStore(const SandboxOptions& options, WallTime now);

  mutable std::shared_mutex mutex;  // handlers lock it shared for reads, unique for writes
  std::vector<Account> accounts;
  std::vector<Video> videos;
  std::vector<AccountVideo> account_videos;
  std::vector<Creator> creators;
  std::string organization_id;
  std::uint64_t seed;
  ca::Millis first_refresh_delay;

  const Account* find_account(const std::string& id) const;
  const Account* find_account(const std::string& platform, const std::string& username) const;
  const Video* find_video(const std::string& id) const;
  const Video* find_video_by_external(const std::string& platform, const std::string& external_id) const;
  const Creator* find_creator(const std::string& id) const;
  const AccountVideo* find_account_video(std::int64_t id) const;
  Account* find_account(const std::string& id);  // for writes, under the unique lock
  Creator* find_creator(const std::string& id);
  std::size_t index_of(const Account& account) const { return static_cast<std::size_t>(&account - accounts.data()); }

  // Run-time creations (the caller holds the unique lock). Each gets the current first-refresh delay.
  Account& add_account(Account account, WallTime now);
  Video& add_video(Video video, WallTime now);
  Creator& add_creator(Creator creator, WallTime now);
  // Changes that show in account representations (creator_id/creator_name) drop those accounts' cached text.
  void link_account(Account& account, const Creator& creator, WallTime now);
  void rename_creator(Creator& creator, std::string name);

  // Representations as served, evaluated at `now`.
  ca::Json account_json(const Account& a, WallTime now) const;
  ca::Json video_json(const Video& v, WallTime now) const;
  ca::Json account_video_json(const AccountVideo& v, WallTime now) const;
  ca::Json creator_json(const Creator& c, WallTime now) const;
  // account_json serialised, cached per account until its freshness state (the only input that moves with the
  // clock) changes; the cache is what makes 200-account pages cheap.
  std::string account_text(const Account& a, WallTime now) const;

  static bool scraped(WallTime refresh_at, WallTime now) { return now >= refresh_at; }
  static constexpr WallTime kNever = WallTime::max();  // refresh_at of what is never refreshed
  static std::optional<WallTime> last_scrape(WallTime refresh_at, int interval_hours, WallTime now);

 private:
  void seed_creators(Rng& rng, int count, WallTime now);
  void seed_accounts(Rng& rng, int count, WallTime now);
  void seed_account_videos(Rng& rng, std::size_t account, int count, WallTime now);
  void seed_videos(Rng& rng, int count, WallTime now);
  void forget_account_text(std::size_t index);
  std::int64_t next_account_video_id_ = 1'000'001;
  std::map<std::string, std::size_t> account_by_id_, account_by_handle_, video_by_id_, video_by_external_,
      creator_by_id_;
  std::map<std::int64_t, std::size_t> account_video_by_id_;
  struct CachedText {
    std::int64_t version = 0;
    std::string text;
  };
  mutable std::mutex text_mutex_;
  mutable std::map<std::size_t, CachedText> account_text_;
  int account_videos_per_account_;
};

}  // namespace ca::sandbox
