#include "client/redaction.hpp"

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

}  // namespace ca::api
