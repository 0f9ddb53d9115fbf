// Writing creators: create (POST), update (PATCH, reference 3.10) and link an account (PUT, reference 3.11).
// All need the write scope; only the create takes an Idempotency-Key (the dispatcher's route table says so).
#include <algorithm>
#include <mutex>

#include "sandbox/problem.hpp"
#include "sandbox/routes.hpp"

namespace ca::sandbox {
namespace {

constexpr std::size_t kMaxCreatorNameLength = 255;
constexpr std::size_t kMaxMetadataKeys = 20;
constexpr std::size_t kMaxMetadataTextLength = 255;

// `name` when present: 1–255 characters (code points, not bytes).
std::optional<std::string> creator_name(const ca::Json& body) {
  auto name = optional_string(body, "name");
  if (name && (name->empty() || utf8_length(*name) > kMaxCreatorNameLength))
    throw Problem::validation("name", "must be a string of 1-255 characters");
  return name;
}

// `metadata` when present: at most 20 keys, each key and each (string) value at most 255 characters.
std::optional<ca::Json> creator_metadata(const ca::Json& body) {
  auto m = optional_object(body, "metadata");
  if (!m) return m;
  bool ok = m->size() <= kMaxMetadataKeys;
  for (auto it = m->begin(); ok && it != m->end(); ++it)
    ok = utf8_length(it.key()) <= kMaxMetadataTextLength && it->is_string() &&
         utf8_length(it->get<std::string>()) <= kMaxMetadataTextLength;
  if (!ok) throw Problem::validation("metadata", "must hold at most 20 string values of at most 255 characters");
  return m;
}

ca::Json link_json(const Account& a) {
  return {{"type", "creator_account_link"},
          {"creator_id", a.creator_id},
          {"account_id", a.id},
          {"linked_at", format_timestamp(a.linked_at)}};
}

}  // namespace

Reply create_creator(RequestContext& ctx) {
  const ca::Json& body = body_object(ctx);
  Creator c;
  auto name = creator_name(body);
  if (!name) throw Problem::validation("name", "is required");
  c.name = std::move(*name);
  c.is_active = optional_bool(body, "is_active").value_or(true);
  c.metadata = creator_metadata(body).value_or(ca::Json::object());
  std::unique_lock lock(ctx.store.mutex);
  const Creator& stored = ctx.store.add_creator(std::move(c), ctx.now);
  return created(ctx.store.creator_json(stored, ctx.now), "/v2/creators/" + stored.id);
}

// Absent or null members leave the creator as it is; `metadata` replaces the tags (it does not merge).
Reply update_creator(RequestContext& ctx) {
  const std::string id = path_id(ctx);
  const ca::Json& body = body_object(ctx);
  auto name = creator_name(body);
  const auto is_active = optional_bool(body, "is_active");
  auto metadata = creator_metadata(body);
  std::unique_lock lock(ctx.store.mutex);
  Creator* c = ctx.store.find_creator(id);
  if (!c) throw Problem(404, "NOT_FOUND", "Creator not found.");
  if (name) ctx.store.rename_creator(*c, std::move(*name));
  if (is_active) c->is_active = *is_active;
  if (metadata) c->metadata = std::move(*metadata);
  return Reply{200, {{"data", ctx.store.creator_json(*c, ctx.now)}}, {}};
}

// 201 + Location on the first link, 200 when already linked to this creator, 409 when another creator owns it.
Reply link_creator_account(RequestContext& ctx) {
  const std::string creator_id = path_id(ctx, 1, "creator_id"), account_id = path_id(ctx, 3, "account_id");
  std::unique_lock lock(ctx.store.mutex);
  const Creator* creator = ctx.store.find_creator(creator_id);
  if (!creator) throw Problem(404, "NOT_FOUND", "Creator not found.");
  Account* account = ctx.store.find_account(account_id);
  if (!account) throw Problem(404, "NOT_FOUND", "Account not found.");
  if (account->creator_id == creator_id) return Reply{200, {{"data", link_json(*account)}}, {}};
  if (!account->creator_id.empty()) {
    Problem p(409, "CONFLICT", "Account is already linked to another creator.");
    p.extensions["existing_creator_id"] = account->creator_id;
    throw p;
  }
  ctx.store.link_account(*account, *creator, ctx.now);
  return created(link_json(*account), "/v2/creators/" + creator_id + "/accounts/" + account_id);
}

}  // namespace ca::sandbox
