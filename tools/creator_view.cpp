#include "tools/creator_view.hpp"

#include "tools/upstream_fields.hpp"

namespace ca::tools {

std::optional<std::int64_t> linked_account_count(const Json& creator) {
  const Json* summary = object_field(creator, "accounts_summary");
  return summary ? count_field(*summary, "total") : std::nullopt;
}

std::optional<Json> compact_creator(const Json& creator) {
  if (!creator.is_object()) return std::nullopt;
  const auto id = uuid_field(creator, "id");
  if (!id) return std::nullopt;
  Json row = {{"id", *id}};
  if (const auto name = text_field(creator, "name")) row["name"] = *name;
  // Almost every creator is active, so only the exception is spelled out (as list_accounts does with paused).
  if (bool_field(creator, "is_active") == false) row["archived"] = true;
  if (const Json* summary = object_field(creator, "accounts_summary")) {
    if (const auto total = count_field(*summary, "total")) row["accounts"] = *total;
    if (const auto followers = count_field(*summary, "total_followers")) row["followers"] = *followers;
    // "platforms (object, e.g. counts per platform)": only the two platforms there are, and only counts.
    if (const Json* platforms = object_field(*summary, "platforms")) {
      for (const char* platform : {"instagram", "tiktok"}) {
        if (const auto count = count_field(*platforms, platform); count && *count > 0) row[platform] = *count;
      }
    }
  }
  if (auto metadata = metadata_field(creator, "metadata")) row["metadata"] = std::move(*metadata);
  return row;
}

}  // namespace ca::tools
