#include "client/response_parser.hpp"

#include <algorithm>
#include <charconv>

namespace ca::api {
namespace {

// RFC 9110 §5.6.2 tchar.
bool is_token_char(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// One Content-Length element: 1*DIGIT that fits in 64 bits.
std::optional<std::uint64_t> parse_length(std::string_view text) {
  if (text.empty() || !std::all_of(text.begin(), text.end(), is_digit)) return std::nullopt;
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

ResponseParser::ResponseParser(ResponseLimits limits, bool reply_to_head)
    : limits_(limits), reply_to_head_(reply_to_head) {}

ResponseParser::~ResponseParser() = default;

void ResponseParser::fail(ErrorKind kind, std::string detail) {
  state_ = State::Failed;
  error_kind_ = kind;
  error_detail_ = std::move(detail);
}

std::size_t ResponseParser::line_limit() const {
  switch (phase_) {
    case Phase::StatusLine:
    case Phase::HeaderLine: return limits_.max_head_bytes;
    case Phase::Trailer: return limits_.max_trailer_bytes;
    default: return limits_.max_chunk_line_bytes;
  }
}

std::string ResponseParser::line_limit_message() const {
  const std::string limit = std::to_string(line_limit());
  switch (phase_) {
    case Phase::StatusLine:
    case Phase::HeaderLine: return "the response head is larger than " + limit + " bytes";
    case Phase::Trailer: return "the trailer section is larger than " + limit + " bytes";
    default: return "a chunk-size line is longer than " + limit + " bytes";
  }
}

ResponseParser::State ResponseParser::feed(std::string_view in) {
  if (!in.empty()) received_any_ = true;
  while (!in.empty() && (state_ == State::Head || state_ == State::Body)) {
    switch (phase_) {
      case Phase::LengthBody:
      case Phase::ChunkData: {
        const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(in.size(), remaining_));
        append_body(in.substr(0, take));
        in.remove_prefix(take);
        remaining_ -= take;
        if (state_ == State::Failed || remaining_ > 0) break;
        if (phase_ == Phase::ChunkData) phase_ = Phase::ChunkDataEnd;
        else complete();
        break;
      }
      case Phase::CloseBody:
        append_body(in);
        in = {};
        break;
      default: {  // a line: status, header field, chunk size, the CRLF after chunk data, trailer field
        const auto newline = in.find('\n');
        const std::size_t take = newline == std::string_view::npos ? in.size() : newline + 1;
        // Lines of the head and of the trailer section count against one budget per section; chunk lines each.
        const bool sectioned = phase_ == Phase::StatusLine || phase_ == Phase::HeaderLine || phase_ == Phase::Trailer;
        const std::size_t used = sectioned ? head_bytes_ : line_.size();
        if (used + take > line_limit()) {
          fail(ErrorKind::MalformedResponse, line_limit_message());
          break;
        }
        if (sectioned) head_bytes_ += take;
        line_.append(in.substr(0, take));
        in.remove_prefix(take);
        if (newline == std::string_view::npos) break;
        // LF ends a line; a CR before it is dropped (RFC 9112 §2.2 lets a recipient accept a bare LF).
        std::string_view line(line_);
        line.remove_suffix(1);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        on_line(line);
        line_.clear();
        break;
      }
    }
  }
  if (!in.empty() && state_ == State::Done) surplus_ = true;
  return state_;
}

ResponseParser::State ResponseParser::finish() {
  peer_closed_ = true;
  if (state_ == State::Done || state_ == State::Failed) return state_;
  if (phase_ == Phase::CloseBody || phase_ == Phase::Trailer) {
    // A close inside the trailer section loses nothing the client reads: the last chunk has arrived.
    complete();
  } else if (!head_complete_) {
    fail(ErrorKind::ConnectionFailed, received_any_ ? "the connection closed inside the response head"
                                                    : "the connection closed before a response arrived");
  } else {
    fail(ErrorKind::TruncatedBody, "the connection closed after " + std::to_string(wire_body_bytes_) +
                                       " body bytes, before the end of the " +
                                       (framing_ == Framing::Chunked ? "chunked body" : "Content-Length"));
  }
  return state_;
}

void ResponseParser::on_line(std::string_view line) {
  switch (phase_) {
    case Phase::StatusLine: on_status_line(line); return;
    case Phase::HeaderLine: on_header_line(line); return;
    case Phase::ChunkSize: on_chunk_size_line(line); return;
    case Phase::ChunkDataEnd:
      if (!line.empty()) return fail(ErrorKind::MalformedResponse, "a chunk is longer than its chunk-size");
      phase_ = Phase::ChunkSize;
      return;
    case Phase::Trailer:
      if (line.empty()) return complete();
      // Trailer fields are read and dropped: nothing the client uses may arrive there.
      if (++trailer_fields_ > limits_.max_header_fields)
        fail(ErrorKind::MalformedResponse, "more than " + std::to_string(limits_.max_header_fields) + " trailer fields");
      return;
    default: return;
  }
}

void ResponseParser::on_status_line(std::string_view line) {
  // HTTP-version SP 3DIGIT SP [reason-phrase]; the reason is ignored and may be missing along with its SP.
  if (line.size() < 12 || line.substr(0, 5) != "HTTP/" || line[5] != '1' || line[6] != '.' || !is_digit(line[7]) ||
      line[8] != ' ' || !is_digit(line[9]) || !is_digit(line[10]) || !is_digit(line[11]) ||
      (line.size() > 12 && line[12] != ' ')) {
    return fail(ErrorKind::MalformedResponse, "the reply does not start with an HTTP/1.x status line");
  }
  minor_version_ = line[7] - '0';
  status_ = (line[9] - '0') * 100 + (line[10] - '0') * 10 + (line[11] - '0');
  if (status_ < 100) return fail(ErrorKind::MalformedResponse, "status code " + std::to_string(status_) + " is not valid");
  headers_.clear();
  phase_ = Phase::HeaderLine;
}

void ResponseParser::on_header_line(std::string_view line) {
  if (line.empty()) return end_of_head();
  if (line.front() == ' ' || line.front() == '\t') {
    // obs-fold: a user agent replaces it with a space (RFC 9112 §5.2).
    if (headers_.empty()) return fail(ErrorKind::MalformedResponse, "a folded header line with no field before it");
    headers_.append_to_last(trim_ows(line));
    return;
  }
  const auto colon = line.find(':');
  // Whitespace between name and colon is tolerated and dropped, as a proxy must do (RFC 9112 §5.1).
  const std::string_view name = colon == std::string_view::npos ? std::string_view() : trim_ows(line.substr(0, colon));
  if (name.empty() || !std::all_of(name.begin(), name.end(), is_token_char))
    return fail(ErrorKind::MalformedResponse, "a malformed header field line");
  if (headers_.size() >= limits_.max_header_fields)
    return fail(ErrorKind::MalformedResponse, "more than " + std::to_string(limits_.max_header_fields) + " header fields");
  std::string value(trim_ows(line.substr(colon + 1)));
  // CR and NUL inside a value: replace with SP, one of the two choices RFC 9110 §5.5 gives a recipient.
  std::replace_if(value.begin(), value.end(), [](char c) { return c == '\r' || c == '\0'; }, ' ');
  headers_.add(std::string(name), std::move(value));
}

void ResponseParser::end_of_head() {
  if (status_ < 200) {
    if (status_ == 101)
      return fail(ErrorKind::MalformedResponse, "101 Switching Protocols, but the client never asks to switch");
    // 100 Continue, 103 Early Hints, ...: interim, with or without fields; the final response follows.
    if (++interim_count_ > limits_.max_interim_responses)
      return fail(ErrorKind::MalformedResponse,
                  "more than " + std::to_string(limits_.max_interim_responses) + " interim 1xx responses");
    head_bytes_ = 0;
    phase_ = Phase::StatusLine;
    return;
  }
  head_complete_ = true;
  if (!choose_framing() || !set_up_decoders()) return;
  switch (framing_) {
    case Framing::NoBody: return complete();
    case Framing::Chunked: phase_ = Phase::ChunkSize; break;
    case Framing::UntilClose: phase_ = Phase::CloseBody; break;
    case Framing::Length:
      if (remaining_ == 0) return complete();
      phase_ = Phase::LengthBody;
      break;
  }
  state_ = State::Body;
}

bool ResponseParser::choose_framing() {
  // RFC 9112 §6.3, in its order. 1: a reply to HEAD, and 204 and 304, never have a body, whatever the fields say.
  if (reply_to_head_ || status_ == 204 || status_ == 304) {
    framing_ = Framing::NoBody;
    return true;
  }
  const bool has_length = headers_.has("Content-Length");
  if (headers_.has("Transfer-Encoding")) {
    // 3: Transfer-Encoding overrides Content-Length, but the pair hints at smuggling: do not reuse the connection.
    // An HTTP/1.0 reply with Transfer-Encoding has faulty framing (RFC 9112 §6.1): read it to the close.
    ambiguous_framing_ = has_length || minor_version_ == 0;
    const auto codings = headers_.elements("Transfer-Encoding");
    const bool chunked = !codings.empty() && ascii_iequals(codings.back(), "chunked") && minor_version_ > 0;
    framing_ = chunked ? Framing::Chunked : Framing::UntilClose;
    return true;
  }
  if (has_length) {
    // 4/5: a list of identical values is that value; anything else is unrecoverable.
    std::optional<std::uint64_t> length;
    for (std::string_view element : headers_.elements("Content-Length")) {
      const auto value = parse_length(element);
      if (!value || (length && *length != *value)) {
        fail(ErrorKind::MalformedResponse, "an invalid or conflicting Content-Length");
        return false;
      }
      length = value;
    }
    if (!length) {
      fail(ErrorKind::MalformedResponse, "an empty Content-Length");
      return false;
    }
    if (*length > limits_.max_body_bytes) {
      fail(ErrorKind::BodyTooLarge, "Content-Length " + std::to_string(*length) + " exceeds max_response_bytes (" +
                                        std::to_string(limits_.max_body_bytes) + "); nothing read");
      return false;
    }
    framing_ = Framing::Length;
    remaining_ = *length;
    return true;
  }
  framing_ = Framing::UntilClose;  // 7: no framing at all
  return true;
}

bool ResponseParser::set_up_decoders() {
  if (framing_ == Framing::NoBody) return true;
  // Transfer codings were applied last, so they are undone first, each list in reverse; "chunked" is the framing
  // itself and "identity" is no coding.
  std::vector<std::string_view> undo;
  auto transfer = ambiguous_framing_ && minor_version_ == 0 ? std::vector<std::string_view>()
                                                            : headers_.elements("Transfer-Encoding");
  if (framing_ == Framing::Chunked) transfer.pop_back();
  undo.insert(undo.end(), transfer.rbegin(), transfer.rend());
  const auto content = headers_.elements("Content-Encoding");
  undo.insert(undo.end(), content.rbegin(), content.rend());
  for (std::string_view name : undo) {
    if (ascii_iequals(name, "identity")) continue;
    const auto coding = coding_named(name);
    if (!coding) {
      fail(ErrorKind::MalformedResponse, "the body uses a coding the client does not decode");
      return false;
    }
    if (decoders_.size() >= limits_.max_codings) {
      fail(ErrorKind::MalformedResponse, "more than " + std::to_string(limits_.max_codings) + " codings on the body");
      return false;
    }
    decoders_.push_back(std::make_unique<ContentDecoder>(*coding, limits_.max_body_bytes));
  }
  if (decoders_.size() > 1) stage_buffers_.resize(decoders_.size() - 1);
  return true;
}

void ResponseParser::on_chunk_size_line(std::string_view line) {
  // chunk-size [BWS ";" chunk-ext]: extensions are ignored.
  std::size_t digits = 0;
  std::uint64_t size = 0;
  while (digits < line.size() && hex_value(line[digits]) >= 0) {
    if (digits == 15) return fail(ErrorKind::MalformedResponse, "a chunk-size too large to be real");
    size = size * 16 + static_cast<std::uint64_t>(hex_value(line[digits]));
    ++digits;
  }
  const std::string_view rest = trim_ows(line.substr(digits));
  if (digits == 0 || (!rest.empty() && rest.front() != ';'))
    return fail(ErrorKind::MalformedResponse, "a malformed chunk-size line");
  if (size == 0) {
    head_bytes_ = 0;
    phase_ = Phase::Trailer;
    return;
  }
  if (wire_body_bytes_ + size > limits_.max_body_bytes)
    return fail(ErrorKind::BodyTooLarge, "the chunked body exceeds max_response_bytes (" +
                                             std::to_string(limits_.max_body_bytes) + "); reading stopped");
  remaining_ = size;
  phase_ = Phase::ChunkData;
}

void ResponseParser::append_body(std::string_view bytes) {
  if (bytes.empty()) return;
  // The bytes that fit under the cap are taken (and decoded) before the cap is declared passed, so the outcome does
  // not depend on how the socket happened to split the body: a corrupt coding within the cap is reported as such
  // whether its bytes came alone or together with the bytes past the cap.
  const std::size_t room = limits_.max_body_bytes - static_cast<std::size_t>(wire_body_bytes_);
  if (bytes.size() > room) {
    take_body(bytes.substr(0, room));
    if (state_ == State::Failed) return;
    return fail(ErrorKind::BodyTooLarge, "the response body exceeds max_response_bytes (" +
                                             std::to_string(limits_.max_body_bytes) + "); reading stopped");
  }
  take_body(bytes);
}

void ResponseParser::take_body(std::string_view bytes) {
  if (bytes.empty()) return;
  wire_body_bytes_ += bytes.size();
  if (decoders_.empty()) {
    body_.append(bytes);
    return;
  }
  // With more than one coding, an intermediate stage's output is bounded per call (its buffer is passed on and
  // cleared), so how much of it one call may produce must not depend on how the socket split the body: otherwise a
  // response decoded whole could pass the cap in the middle stage (BodyTooLarge) where the same bytes in pieces
  // reach the last stage first (corrupt: MalformedResponse). One byte per call is a split that every feeding shares.
  // Bodies with two codings are rare (the API sends none), and this costs one inflate call per byte for them only.
  if (decoders_.size() > 1) {
    for (std::size_t at = 0; at < bytes.size() && state_ != State::Failed; ++at) decode(bytes.substr(at, 1));
    return;
  }
  decode(bytes);
}

void ResponseParser::decode(std::string_view bytes) {
  std::string_view input = bytes;
  for (std::size_t i = 0; i < decoders_.size(); ++i) {
    std::string& out = i + 1 == decoders_.size() ? body_ : stage_buffers_[i];
    const auto status = decoders_[i]->write(input, out);
    if (status == ContentDecoder::Status::TooLarge)
      return fail(ErrorKind::BodyTooLarge, "the decoded body exceeds max_response_bytes (" +
                                               std::to_string(limits_.max_body_bytes) + "); decoding stopped");
    if (status == ContentDecoder::Status::Corrupt)
      return fail(ErrorKind::MalformedResponse, "the compressed body is corrupt");
    if (i > 0) stage_buffers_[i - 1].clear();
    input = out;
  }
}

void ResponseParser::complete() {
  for (const auto& decoder : decoders_) {
    if (decoder->finish() != ContentDecoder::Status::Ok)
      return fail(ErrorKind::MalformedResponse, "the compressed body ends before its compressed stream does");
  }
  state_ = State::Done;
}

bool ResponseParser::reusable() const {
  if (state_ != State::Done || peer_closed_ || surplus_ || ambiguous_framing_ || framing_ == Framing::UntilClose)
    return false;
  if (headers_.has_element("Connection", "close")) return false;
  return minor_version_ >= 1 || headers_.has_element("Connection", "keep-alive");
}

ParsedResponse parse_response(std::string_view bytes, const ResponseLimits& limits, bool peer_closed,
                              bool reply_to_head) {
  ResponseParser parser(limits, reply_to_head);
  parser.feed(bytes);
  if (peer_closed) parser.finish();
  ParsedResponse out;
  out.state = parser.state();
  out.status = parser.head_complete() ? parser.status() : 0;
  out.headers = parser.headers();
  out.body = std::move(parser.body());
  out.reusable = parser.reusable();
  out.error_kind = parser.error_kind();
  out.error_detail = parser.error_detail();
  return out;
}

}  // namespace ca::api
