#include "sandbox/data_store.hpp"

#include <utility>

#include "sandbox/seed_text.hpp"
#include "sandbox/video_identifier.hpp"

namespace ca::sandbox {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

constexpr int kOrgMaxRecentPosts = 50;    // org default behind effective_max_recent_posts_per_account
constexpr int kOrgPostLookbackDays = 90;  // org default behind effective_post_lookback_days

ca::Json nullable_time(std::optional<WallTime> t) { return t ? ca::Json(format_timestamp(*t)) : ca::Json(nullptr); }

ca::Json optional_int(std::optional<int> v) { return v ? ca::Json(*v) : ca::Json(nullptr); }

Totals seeded_totals(Rng& rng, std::int64_t scale, bool instagram) {
  Totals t;
  t.followers = scale;
  t.following = rng.range(10, 2000);
  t.posts = rng.range(5, 900);
  t.views = scale * rng.range(5, 60);
  t.plays = instagram ? t.views * rng.range(80, 99) / 100 : t.views;
  t.likes = t.views * rng.range(2, 9) / 100;
  t.comments = t.likes * rng.range(2, 8) / 100;
  t.shares = t.likes * rng.range(1, 6) / 100;
  t.saves = instagram ? t.likes * rng.range(1, 10) / 100 : 0;
  return t;
}

std::int64_t seeded_scale(Rng& rng) {
  // Heavy-tailed audience sizes: most accounts are small, a few are large.
  const double u = rng.unit();
  return static_cast<std::int64_t>(200 + 5'000'000 * u * u * u * u);
}

}  // namespace

DataStore::DataStore(const SandboxOptions& options, WallTime now)
    : seed(options.seed),
      first_refresh_delay(options.first_refresh_delay),
      account_videos_per_account_(options.account_videos_per_account) {
  Rng rng(mix64(options.seed));
  organization_id = rng.uuid();
  seed_creators(rng, options.creators, now);
  seed_accounts(rng, options.accounts, now);
  seed_videos(rng, options.videos, now);
}

void DataStore::seed_creators(Rng& rng, int count, WallTime now) {
  for (int i = 0; i < count; ++i) {
    Creator c;
    c.id = rng.uuid();
    c.name = seeded_creator_name(rng);
    c.is_active = !rng.chance(0.1);
    if (rng.chance(0.3)) c.metadata = {{"tier", rng.chance(0.5) ? "gold" : "silver"}};
    c.added_at = now - hours(24 * rng.range(30, 500));
    creator_by_id_[c.id] = creators.size();
    creators.push_back(std::move(c));
  }
}

void DataStore::seed_accounts(Rng& rng, int count, WallTime now) {
  for (int i = 0; i < count; ++i) {
    Account a;
    a.id = rng.uuid();
    a.platform = rng.chance(0.5) ? "instagram" : "tiktok";
    a.username = seeded_username(rng);
    while (account_by_handle_.count(a.platform + "/" + a.username)) a.username += std::to_string(rng.range(0, 9));
    a.name = seeded_display_name(rng);
    a.description = seeded_bio(rng);
    a.category = seeded_category(rng);
    a.is_verified = rng.chance(0.08);
    a.is_active = !rng.chance(0.12);
    a.is_unavailable = rng.chance(0.02);
    if (rng.chance(0.3)) a.link_in_bio = "https://linktr.ee/" + a.username;
    if (!creators.empty() && rng.chance(0.45))
      a.creator_id = creators[static_cast<std::size_t>(rng.range(0, static_cast<std::int64_t>(creators.size()) - 1))].id;
    if (rng.chance(0.15)) a.metadata = {{"team", rng.chance(0.5) ? "emea" : "amer"}, {"campaign", "spring"}};
    if (rng.chance(0.1)) a.max_recent_posts = static_cast<int>(rng.range(10, 200));
    if (rng.chance(0.1)) a.post_lookback_days = rng.chance(0.5) ? 30 : 365;
    a.scrape_interval_hours = rng.chance(0.8) ? 24 : static_cast<int>(rng.range(6, 72));
    a.added_at = now - hours(24 * rng.range(1, 400)) - minutes(rng.range(0, 1439));
    a.refresh_at = a.added_at + minutes(rng.range(1, 10));
    a.linked_at = a.added_at;
    a.totals = seeded_totals(rng, seeded_scale(rng), a.platform == "instagram");
    const auto index = accounts.size();
    account_by_id_[a.id] = index;
    account_by_handle_[a.platform + "/" + a.username] = index;
    accounts.push_back(std::move(a));
    seed_account_videos(rng, index, account_videos_per_account_, now);
  }
}

void DataStore::seed_account_videos(Rng& rng, std::size_t account, int count, WallTime now) {
  const Account& owner = accounts[account];
  for (int i = 0; i < count; ++i) {
    AccountVideo v;
    v.id = next_account_video_id_++;
    v.account = account;
    v.caption = seeded_caption(rng);
    const auto age = std::max<std::int64_t>(1, (now - owner.added_at) / hours(1) + 24 * 30);
    v.create_time = now - hours(rng.range(1, age));
    v.totals = seeded_totals(rng, std::max<std::int64_t>(50, owner.totals.followers / rng.range(2, 20)),
                             owner.platform == "instagram");
    account_video_by_id_[v.id] = account_videos.size();
    account_videos.push_back(std::move(v));
  }
}

void DataStore::seed_videos(Rng& rng, int count, WallTime now) {
  for (int i = 0; i < count; ++i) {
    Video v;
    v.id = rng.uuid();
    v.platform = rng.chance(0.5) ? "instagram" : "tiktok";
    if (v.platform == "instagram") {
      static constexpr char kShort[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-";
      for (int k = 0; k < 11; ++k) v.shortcode += kShort[rng.range(0, 63)];
      const auto media_id = rng.range(3'000'000'000'000'000'000LL, 3'400'000'000'000'000'000LL);
      v.external_id = std::to_string(media_id);
      v.shortcode = instagram_shortcode(static_cast<std::uint64_t>(media_id));  // the id's own shortcode
      v.media_type = rng.chance(0.7) ? "reel" : "image";
    } else {
      v.external_id = std::to_string(rng.range(7'100'000'000'000'000'000LL, 7'400'000'000'000'000'000LL));
      v.media_type = "video";
    }
    v.caption = seeded_caption(rng);
    v.duration = v.media_type == "image" ? 0 : static_cast<int>(rng.range(5, 180));
    for (const auto& a : accounts) {  // link to a tracked account of the same platform when one exists
      if (a.platform == v.platform && rng.chance(0.02)) {
        v.account_id = a.id;
        v.account_username = a.username;
        break;
      }
    }
    if (v.account_username.empty()) v.account_username = seeded_username(rng);
    v.is_active = !rng.chance(0.1);
    v.added_at = now - hours(24 * rng.range(1, 200)) - minutes(rng.range(0, 1439));
    v.refresh_at = v.added_at + minutes(rng.range(1, 10));
    v.create_time = v.added_at - hours(rng.range(1, 24 * 60));
    v.totals = seeded_totals(rng, seeded_scale(rng) / 4 + 100, v.platform == "instagram");
    video_by_id_[v.id] = videos.size();
    video_by_external_[v.platform + "/" + v.external_id] = videos.size();
    videos.push_back(std::move(v));
  }
}

Account& DataStore::add_account(Account a, WallTime now) {
  Rng rng(hash64(a.platform + "/" + a.username, seed));
  a.id = rng.uuid();
  a.added_at = a.linked_at = now;
  a.refresh_at = now + first_refresh_delay;
  a.name = seeded_display_name(rng);
  a.description = seeded_bio(rng);
  a.totals = seeded_totals(rng, seeded_scale(rng), a.platform == "instagram");
  const auto index = accounts.size();
  account_by_id_[a.id] = index;
  account_by_handle_[a.platform + "/" + a.username] = index;
  accounts.push_back(std::move(a));
  // Discovered now, but only visible once the first refresh has completed (see account_video visibility).
  seed_account_videos(rng, index, account_videos_per_account_, now + first_refresh_delay);
  return accounts.back();
}

Video& DataStore::add_video(Video v, WallTime now) {
  Rng rng(hash64(v.platform + "/" + v.external_id, seed));
  v.id = rng.uuid();
  v.added_at = now;
  // Reference 3.4: "if added as active, its metrics are fetched in the background"; an inactive one never is.
  v.refresh_at = v.is_active ? now + first_refresh_delay : kNever;
  v.create_time = now - hours(rng.range(1, 24 * 60));
  v.caption = seeded_caption(rng);
  v.media_type = v.platform == "instagram" ? "reel" : "video";
  v.duration = static_cast<int>(rng.range(5, 180));
  if (v.account_username.empty()) v.account_username = seeded_username(rng);
  v.totals = seeded_totals(rng, seeded_scale(rng) / 4 + 100, v.platform == "instagram");
  video_by_id_[v.id] = videos.size();
  video_by_external_[v.platform + "/" + v.external_id] = videos.size();
  videos.push_back(std::move(v));
  return videos.back();
}

Creator& DataStore::add_creator(Creator c, WallTime now) {
  c.id = Rng(hash64(c.name + "/" + std::to_string(creators.size()), seed)).uuid();
  c.added_at = now;
  creator_by_id_[c.id] = creators.size();
  creators.push_back(std::move(c));
  return creators.back();
}

template <class Map>
static auto lookup(const Map& map, const typename Map::key_type& key) -> std::optional<std::size_t> {
  const auto it = map.find(key);
  if (it == map.end()) return std::nullopt;
  return it->second;
}

const Account* DataStore::find_account(const std::string& id) const {
  const auto i = lookup(account_by_id_, id);
  return i ? &accounts[*i] : nullptr;
}
const Account* DataStore::find_account(const std::string& platform, const std::string& username) const {
  const auto i = lookup(account_by_handle_, platform + "/" + username);
  return i ? &accounts[*i] : nullptr;
}
const Video* DataStore::find_video(const std::string& id) const {
  const auto i = lookup(video_by_id_, id);
  return i ? &videos[*i] : nullptr;
}
const Video* DataStore::find_video_by_external(const std::string& platform, const std::string& external_id) const {
  const auto i = lookup(video_by_external_, platform + "/" + external_id);
  return i ? &videos[*i] : nullptr;
}
const Creator* DataStore::find_creator(const std::string& id) const {
  const auto i = lookup(creator_by_id_, id);
  return i ? &creators[*i] : nullptr;
}
const AccountVideo* DataStore::find_account_video(std::int64_t id) const {
  const auto i = lookup(account_video_by_id_, id);
  return i ? &account_videos[*i] : nullptr;
}
Account* DataStore::find_account(const std::string& id) {
  return const_cast<Account*>(std::as_const(*this).find_account(id));
}
Creator* DataStore::find_creator(const std::string& id) {
  return const_cast<Creator*>(std::as_const(*this).find_creator(id));
}

void DataStore::forget_account_text(std::size_t index) {
  std::lock_guard lock(text_mutex_);
  account_text_.erase(index);
}

void DataStore::link_account(Account& account, const Creator& creator, WallTime now) {
  account.creator_id = creator.id;
  account.linked_at = now;
  forget_account_text(index_of(account));
}

void DataStore::rename_creator(Creator& creator, std::string name) {
  creator.name = std::move(name);
  for (const auto& a : accounts)
    if (a.creator_id == creator.id) forget_account_text(index_of(a));  // their creator_name changed
}

std::optional<WallTime> DataStore::last_scrape(WallTime refresh_at, int interval_hours, WallTime now) {
  if (now < refresh_at) return std::nullopt;
  const auto interval = hours(std::max(1, interval_hours));
  return refresh_at + interval * ((now - refresh_at) / interval);
}

ca::Json DataStore::account_json(const Account& a, WallTime now) const {
  const bool done = scraped(a.refresh_at, now);
  const Totals t = done ? a.totals : Totals{};
  const Creator* creator = a.creator_id.empty() ? nullptr : find_creator(a.creator_id);
  const bool instagram = a.platform == "instagram";
  const std::string pic = "https://cdn.sandbox.creatoraudit.test/avatars/" + a.id + ".jpg";
  return {{"id", a.id},
          {"type", "account"},
          {"platform", a.platform},
          {"username", a.username},
          {"name", done ? ca::Json(a.name) : ca::Json(nullptr)},
          {"description", done ? ca::Json(a.description) : ca::Json(nullptr)},
          {"profile_pic_url", done ? ca::Json(pic) : ca::Json(nullptr)},
          {"profile_pic_url_original", done ? ca::Json(pic + "?original=1") : ca::Json(nullptr)},
          {"is_verified", a.is_verified},
          {"is_active", a.is_active},
          {"is_unavailable", a.is_unavailable},
          {"link_in_bio", a.link_in_bio.empty() ? ca::Json(nullptr) : ca::Json(a.link_in_bio)},
          {"creator_id", creator ? ca::Json(creator->id) : ca::Json(nullptr)},
          {"creator_name", creator ? ca::Json(creator->name) : ca::Json(nullptr)},
          {"category", a.category.empty() ? ca::Json(nullptr) : ca::Json(a.category)},
          {"metadata", a.metadata},
          {"added_at", format_timestamp(a.added_at)},
          {"first_scrape_time", nullable_time(done ? std::optional(a.refresh_at) : std::nullopt)},
          {"last_scrape_time", nullable_time(last_scrape(a.refresh_at, a.scrape_interval_hours, now))},
          {"scrape_interval_hours", a.scrape_interval_hours},
          {"follower_count", t.followers},
          {"following_count", t.following},
          {"profile_post_count", t.posts},
          {"total_post_count", t.posts},
          {"view_count", t.views},
          {"like_count", t.likes},
          {"comment_count", t.comments},
          {"share_count", t.shares},
          {"play_count", t.plays},
          {"saved_count", instagram ? ca::Json(t.saves) : ca::Json(nullptr)},
          {"fb_play_count", instagram ? ca::Json(0) : ca::Json(nullptr)},
          {"ig_play_count", instagram ? ca::Json(t.plays) : ca::Json(nullptr)},
          {"fb_like_count", instagram ? ca::Json(0) : ca::Json(nullptr)},
          {"max_recent_posts_per_account", optional_int(a.max_recent_posts)},
          {"post_lookback_days", optional_int(a.post_lookback_days)},
          {"effective_max_recent_posts_per_account", a.max_recent_posts.value_or(kOrgMaxRecentPosts)},
          {"effective_post_lookback_days", a.post_lookback_days.value_or(kOrgPostLookbackDays)}};
}

std::string DataStore::account_text(const Account& a, WallTime now) const {
  const auto last = last_scrape(a.refresh_at, a.scrape_interval_hours, now);
  const std::int64_t version = last ? epoch_seconds(*last) : -1;
  const std::size_t index = index_of(a);
  {
    std::lock_guard lock(text_mutex_);
    const auto it = account_text_.find(index);
    if (it != account_text_.end() && it->second.version == version) return it->second.text;
  }
  std::string text = dump_compact(account_json(a, now));
  std::lock_guard lock(text_mutex_);
  account_text_[index] = {version, text};
  return text;
}

ca::Json DataStore::video_json(const Video& v, WallTime now) const {
  const bool done = scraped(v.refresh_at, now);
  const Totals t = done ? v.totals : Totals{};
  const bool instagram = v.platform == "instagram";
  const std::string media = "https://cdn.sandbox.creatoraudit.test/videos/" + v.id;
  const Account* account = v.account_id.empty() ? nullptr : find_account(v.account_id);
  const auto last = last_scrape(v.refresh_at, v.scrape_interval_hours, now);
  return {{"id", v.id},
          {"type", "video"},
          {"platform", v.platform},
          {"external_id", v.external_id},
          {"shortcode", instagram ? ca::Json(v.shortcode) : ca::Json(nullptr)},
          {"is_active", v.is_active},
          {"scrape_interval_hours", v.scrape_interval_hours},
          {"metadata", v.metadata},
          {"added_at", format_timestamp(v.added_at)},
          {"updated_at", format_timestamp(last.value_or(v.added_at))},
          {"first_scrape_time", nullable_time(done ? std::optional(v.refresh_at) : std::nullopt)},
          {"last_scrape_time", nullable_time(last)},
          {"description", done ? ca::Json(v.caption) : ca::Json(nullptr)},
          {"create_time", done ? ca::Json(format_timestamp(v.create_time)) : ca::Json(nullptr)},
          {"media_type", done ? ca::Json(v.media_type) : ca::Json(nullptr)},
          {"duration", done ? ca::Json(v.duration) : ca::Json(nullptr)},
          {"is_unavailable", false},
          {"cover_image_url", done ? ca::Json(media + "/cover.jpg") : ca::Json(nullptr)},
          {"cover_image_url_original", done ? ca::Json(media + "/cover.jpg?original=1") : ca::Json(nullptr)},
          {"video_url", done && v.media_type != "image" ? ca::Json(media + "/video.mp4") : ca::Json(nullptr)},
          {"video_url_original",
           done && v.media_type != "image" ? ca::Json(media + "/video.mp4?original=1") : ca::Json(nullptr)},
          {"view_count", t.views},
          {"like_count", t.likes},
          {"comment_count", t.comments},
          {"share_count", t.shares},
          {"play_count", t.plays},
          {"saved_count", instagram ? ca::Json(t.saves) : ca::Json(nullptr)},
          {"total_views", t.views},
          {"total_plays", t.plays},
          {"account_id", account ? ca::Json(account->id) : ca::Json(nullptr)},
          {"account_username", v.account_username},
          {"platform_account_id", std::to_string(hash64(v.account_username, seed) % 100'000'000'000ULL)},
          {"platform_data", ca::Json::object()}};
}

ca::Json DataStore::account_video_json(const AccountVideo& v, WallTime) const {
  const Account& a = accounts[v.account];
  const bool instagram = a.platform == "instagram";
  // The platform's own id (and Instagram shortcode), derived from the internal id so seeded data stays as it was.
  const std::uint64_t h = hash64(std::to_string(v.id), seed);
  const std::uint64_t external = instagram ? 3'000'000'000'000'000'000ULL + h % 400'000'000'000'000'000ULL
                                           : 7'100'000'000'000'000'000ULL + h % 300'000'000'000'000'000ULL;
  return {{"id", v.id},
          {"type", "account_video"},
          {"platform", a.platform},
          {"external_id", std::to_string(external)},
          {"shortcode", instagram ? ca::Json(instagram_shortcode(external)) : ca::Json(nullptr)},
          {"account_id", a.id},
          {"account_username", a.username},
          {"caption", v.caption},
          {"create_time", format_timestamp(v.create_time)},
          {"view_count", v.totals.views},
          {"like_count", v.totals.likes},
          {"comment_count", v.totals.comments},
          {"share_count", v.totals.shares},
          {"play_count", v.totals.plays},
          {"saved_count", instagram ? ca::Json(v.totals.saves) : ca::Json(nullptr)}};
}

ca::Json DataStore::creator_json(const Creator& c, WallTime now) const {
  std::int64_t total = 0, followers = 0;
  ca::Json platforms = {{"instagram", 0}, {"tiktok", 0}};
  for (const auto& a : accounts) {
    if (a.creator_id != c.id) continue;
    ++total;
    platforms[a.platform] = platforms[a.platform].get<std::int64_t>() + 1;
    if (scraped(a.refresh_at, now)) followers += a.totals.followers;
  }
  return {{"id", c.id},
          {"name", c.name},
          {"type", "creator"},
          {"is_active", c.is_active},
          {"metadata", c.metadata},
          {"accounts_summary", {{"total", total}, {"platforms", platforms}, {"total_followers", followers}}}};
}

}  // namespace ca::sandbox
