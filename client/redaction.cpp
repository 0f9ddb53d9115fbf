#include "client/redaction.hpp"

#include <algorithm>
#include <cctype>

namespace ca::api {

std::string redact(std::string text, const std::string& secret) {
  if (secret.size() >= kMinRedactedLength) {
    for (auto pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 10))
      text.replace(pos, secret.size(), kRedacted);
  }
  static const std::string kBearer = "Bearer ";
  for (auto pos = text.find(kBearer); pos != std::string::npos; pos = text.find(kBearer, pos + 1)) {
    std::size_t start = pos + kBearer.size();
    std::size_t end = start;
    while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) && text[end] != '"' &&
           text[end] != ',')
      ++end;
    if (text.compare(start, end - start, kRedacted) != 0) text.replace(start, end - start, kRedacted);
  }
  return text;
}

std::string redact_url(const std::string& url) {
  std::string shown = url;
  const auto scheme_end = shown.find("://");
  const std::size_t authority = scheme_end == std::string::npos ? 0 : scheme_end + 3;
  const std::size_t authority_end = std::min(shown.find_first_of("/?#", authority), shown.size());
  if (const auto at = shown.rfind('@', authority_end); at != std::string::npos && at >= authority)
    shown.replace(authority, at - authority, kRedacted);
  if (const auto query = shown.find_first_of("?#", authority); query != std::string::npos)
    shown.replace(query + 1, std::string::npos, kRedacted);
  std::string out;
  for (unsigned char c : shown) {
    if (out.size() >= kMaxShownUrlBytes) {
      out.append("...");
      break;
    }
    if (c < 0x20 || c == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out.append("\\x").push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

}  // namespace ca::api
