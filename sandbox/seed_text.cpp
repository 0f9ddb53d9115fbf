#include "sandbox/seed_text.hpp"

#include <array>

namespace ca::sandbox {
namespace {

template <std::size_t N>
const char* pick(Rng& rng, const std::array<const char*, N>& pool) {
  return pool[static_cast<std::size_t>(rng.range(0, static_cast<std::int64_t>(N) - 1))];
}

constexpr std::array<const char*, 24> kFirst = {"maya", "leo", "nora", "kai", "zoe", "omar", "lina", "theo",
                                                "ava", "ravi", "mila", "jonas", "sofia", "eli", "yuki", "ines",
                                                "noah", "amara", "felix", "iris", "mateo", "hana", "luca", "zara"};
constexpr std::array<const char*, 20> kTopic = {"eats", "fit", "travels", "studio", "beauty", "games", "cooks",
                                                "styles", "lifts", "paints", "codes", "reads", "dances", "films",
                                                "garden", "pets", "tech", "vlogs", "skates", "bakes"};
constexpr std::array<const char*, 12> kCategory = {"food", "fitness", "travel", "beauty", "gaming", "fashion",
                                                   "tech", "music", "comedy", "education", "pets", "lifestyle"};
constexpr std::array<const char*, 16> kLast = {"Silva", "Nguyen", "Okafor", "Schmidt", "Haddad", "Kowalski",
                                               "Tanaka", "Moreau", "Rossi", "Larsen", "Patel", "García",
                                               "O'Brien", "Müller", "Cohen", "Ivanova"};
constexpr std::array<const char*, 24> kBios = {
    "Cooking simple food for busy people 🍜🔥 | 📍 Lisbon",
    "Daily workouts.\nNo excuses.\nDM for collabs 💪",
    "مرحبا! أشارك وصفات منزلية كل يوم 🌙",
    "שלום 👋 צילום ואוכל בתל אביב",
    "Travel • Film • Coffee ☕️\n✈️ 42 countries and counting",
    "<script>alert('hi')</script> just kidding, I make pottery",
    "Robert'); DROP TABLE creators;-- (my little brother)",
    "null",
    "\\u0000 not really a null byte \\ud800",
    "Z̤͔ͧ̑̓ä͖̭̈̇lͮ̒ͫǫ̗͕ energy only",
    "‮this bio was reversed with a BiDi override‬",
    "zero\u200bwidth\u200bspaces\u200beverywhere",
    "👩🏽‍💻 building in public | 🏳️‍🌈 | 🇧🇷🇵🇹",
    "Line one\r\nLine two with CRLF\tand a tab",
    "日本のストリートフード 🍡 毎日更新",
    "Привет! Танцы и музыка 🎶",
    "\"quoted\" and 'single' and `backticks`",
    "",
    "Ｆｕｌｌｗｉｄｔｈ ｌｅｔｔｅｒｓ and ﬁ ligatures",
    "100% organic 🌱 | links below ⬇️\nhttps://example.com/shop?ref=bio&utm=1",
    "Just a normal bio about gardening.",
    "Skater. Student. Sometimes funny.",
    "Official account of a small bakery 🥐",
    "Art, mostly watercolour 🎨 commissions open",
};
constexpr std::array<const char*, 16> kCaptions = {
    "Trying the viral recipe 🍝", "Day 12 of the challenge 💪", "Sunset in Porto 🌅", "Get ready with me ✨",
    "3 tips nobody tells you", "Part 2!! you asked for it", "This took 40 hours 😮‍💨", "POV: Monday morning",
    "مساء الخير 🌙", "New drop — link in bio", "Behind the scenes 🎬", "Storytime (long one)\nread the caption",
    "Rating street food in Tokyo 🍡", "My setup tour 🖥️", "Q&A answers 💬", "Can't believe this worked"};

}  // namespace

std::string seeded_username(Rng& rng) {
  std::string name = pick(rng, kFirst);
  switch (rng.range(0, 4)) {
    case 0: return name + "." + pick(rng, kTopic);
    case 1: return name + "_" + pick(rng, kTopic) + std::to_string(rng.range(1, 99));
    case 2: return std::string("the") + pick(rng, kTopic) + "with" + name;
    case 3: return name + pick(rng, kTopic);
    default: return name + "." + std::to_string(rng.range(1990, 2009));
  }
}

std::string seeded_display_name(Rng& rng) {
  std::string first = pick(rng, kFirst);
  first[0] = static_cast<char>(first[0] - 'a' + 'A');
  return first + " " + pick(rng, kLast);
}

std::string seeded_bio(Rng& rng) { return pick(rng, kBios); }
std::string seeded_caption(Rng& rng) { return pick(rng, kCaptions); }
std::string seeded_category(Rng& rng) { return pick(rng, kCategory); }

std::string seeded_creator_name(Rng& rng) {
  return seeded_display_name(rng) + (rng.chance(0.2) ? " Media" : rng.chance(0.1) ? " 🎬" : "");
}

}  // namespace ca::sandbox
