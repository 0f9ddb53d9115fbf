#include "server/doctor.hpp"

#include "client/base_url.hpp"
#include "client/client.hpp"
#include "client/connection.hpp"
#include "client/host_resolver.hpp"
#include "client/redaction.hpp"
#include "client/retry_after.hpp"
#include "client/tls_context.hpp"
#include "client/transport.hpp"
#include "tools/product_tools.hpp"
#include "tools/sanitize.hpp"
#include "tools/upstream_fields.hpp"

namespace ca::server {
namespace {

// Addresses listed on the dns line; a name with more says how many more.
constexpr std::size_t kShownAddresses = 4;

// The client's transport, remembering the header fields of the last response and when it arrived: whoami's result
// is the "data" object alone, and the clock check needs the Date header beside it.
class HeaderRecorder final : public api::Transport {
 public:
  HeaderRecorder(std::shared_ptr<api::Transport> inner, Clock& clock) : inner_(std::move(inner)), clock_(clock) {}

  api::AttemptResult send(const api::AttemptRequest& request, const api::AttemptLimits& limits,
                          const CancellationToken& cancel) override {
    api::AttemptResult result = inner_->send(request, limits, cancel);
    if (result.headers_arrived) {
      headers_ = result.headers;
      received_at_ = clock_.wall_now();
    }
    return result;
  }

  bool headers_arrived() const { return received_at_.has_value(); }
  std::string header(const char* name) const { return headers_.get(name); }
  WallTime received_at() const { return received_at_.value_or(WallTime{}); }

 private:
  std::shared_ptr<api::Transport> inner_;
  Clock& clock_;
  api::HttpHeaders headers_;
  std::optional<WallTime> received_at_;
};

SteadyTime after(Millis timeout) { return std::chrono::steady_clock::now() + timeout; }

std::string join(const std::vector<std::string>& parts) {
  std::string text;
  for (const auto& part : parts) text += (text.empty() ? "" : ", ") + part;
  return text;
}

std::string seconds_text(long long seconds) { return std::to_string(seconds) + (seconds == 1 ? " second" : " seconds"); }

// What to do about a whoami that failed, by what the API (or the network) answered.
std::string whoami_fix(const api::ApiError& error, const api::ClientConfig& config) {
  const std::string source = config.api_key_source.empty() ? "the key setting" : config.api_key_source;
  if (error.kind == api::ErrorKind::Http) {
    switch (error.status) {
      case 401:
        return "the API refused the key from " + source +
               ": copy the key again from the CreatorAudit dashboard (API keys) into " + source +
               "; a revoked or mistyped key gets this answer";
      case 403:
        return "the key from " + source +
               " is disabled or lacks access: check it in the dashboard (API keys), or create a new one";
      case 404:
        return "no /whoami under the base URL: CREATORAUDIT_BASE_URL must be the API's root, ending in /v2";
      case 429:
        return "the key's rate budget is spent" +
               (error.retry_after_seconds ? " for " + seconds_text(*error.retry_after_seconds) : std::string()) +
               ": wait, or stop other programs that use this key";
      default:
        if (error.status >= 500)
          return "the API failed on its side: try again later; quote the request_id to CreatorAudit support if it "
                 "persists";
        return "unexpected answer: check that CREATORAUDIT_BASE_URL is the CreatorAudit API";
    }
  }
  switch (error.kind) {
    case api::ErrorKind::Timeout:
    case api::ErrorKind::DeadlineExceeded:
      return "the API did not answer in time: check the network, or raise --read-timeout-ms / "
             "--attempt-timeout-ms";
    case api::ErrorKind::InvalidJson:
    case api::ErrorKind::MalformedResponse:
      return "what answered is not the CreatorAudit API: check CREATORAUDIT_BASE_URL (and any proxy in between)";
    default: return "the connection failed after the checks above passed: run doctor again; check any proxy";
  }
}

class Doctor {
 public:
  Doctor(const DoctorInput& input, const std::function<void(const DoctorLine&)>& emit) : in_(input), emit_(emit) {}

  std::vector<DoctorLine> run() {
    if (in_.config_problem) {
      add(Verdict::Fail, "configuration", *in_.config_problem,
          "correct the flag or CREATORAUDIT_* variable named above (creatoraudit-mcp --help, docs/client.md)");
      skip({"key", "base url", "dns", "tcp", "tls", "whoami", "rate budget", "clock", "tools"},
           "the configuration is not valid");
      return lines_;
    }
    add(Verdict::Ok, "configuration", "flags and CREATORAUDIT_* variables read as a start reads them");
    const bool have_key = check_key();
    url_ = api::parse_base_url(in_.config.base_url);  // valid: the configuration check above covers it
    check_base_url();
    // Each network step needs the one before it; after a failure the rest are listed as skipped.
    std::string failed;
    const std::pair<const char*, bool (Doctor::*)()> steps[] = {
        {"dns", &Doctor::check_dns}, {"tcp", &Doctor::check_tcp}, {"tls", &Doctor::check_tls}};
    for (const auto& [check, step] : steps) {
      if (!failed.empty()) {
        skip({check}, failed + " failed");
      } else if (!(this->*step)()) {
        failed = check;
      }
    }
    // whoami opens its own connection: a server that takes one connection at a time would otherwise never answer.
    connection_.reset();
    if (!failed.empty()) {
      skip({"whoami", "rate budget", "clock"}, failed + " failed");
    } else if (!have_key) {
      skip({"whoami", "rate budget", "clock"}, "there is no API key");
    } else {
      check_whoami();
    }
    check_tools();
    return lines_;
  }

 private:
  void skip(std::initializer_list<const char*> checks, const std::string& reason) {
    for (const char* check : checks) add(Verdict::Skip, check, "not checked: " + reason);
  }

  void add(Verdict verdict, std::string check, std::string found, std::string fix = {}) {
    // A last guard: no line ever carries the key, whatever a server echoed into an error.
    DoctorLine line{verdict, std::move(check), api::redact(std::move(found), in_.config.api_key),
                    api::redact(std::move(fix), in_.config.api_key)};
    if (emit_) emit_(line);
    lines_.push_back(std::move(line));
  }

  bool check_key() {
    const auto& config = in_.config;
    if (config.api_key.empty()) {
      add(Verdict::Fail, "key",
          config.api_key_source.empty() ? "none: neither CREATORAUDIT_API_KEY nor CREATORAUDIT_API_KEY_FILE is set"
                                        : config.api_key_source + " holds no key",
          "set CREATORAUDIT_API_KEY, or CREATORAUDIT_API_KEY_FILE to a file holding the key, in the environment the "
          "MCP host starts the server with (never a flag: argv is visible to every user)");
      return false;
    }
    add(Verdict::Ok, "key",
        "present, from " + (config.api_key_source.empty() ? "the configuration" : config.api_key_source));
    return true;
  }

  void check_base_url() {
    const std::string shown = api::redact_url(in_.config.base_url);
    if (url_->https()) {
      add(Verdict::Ok, "base url", shown + " (https)");
    } else {
      add(Verdict::Ok, "base url", shown + " (plain http, allowed: " + url_->host + " is a loopback host)");
    }
  }

  bool check_dns() {
    auto found = api::resolve_host(url_->host, url_->port, after(in_.config.connect_timeout), cancel_);
    if (!found) {
      add(Verdict::Fail, "dns", found.error().detail,
          "check the host name in CREATORAUDIT_BASE_URL, and this machine's DNS and network");
      return false;
    }
    addresses_ = found.value();
    std::vector<std::string> shown;
    for (std::size_t i = 0; i < addresses_.size() && i < kShownAddresses; ++i)
      shown.push_back(api::format_address(addresses_[i]));
    std::string text = url_->host + " -> " + join(shown);
    if (addresses_.size() > kShownAddresses) text += " (+" + std::to_string(addresses_.size() - kShownAddresses) + ")";
    add(Verdict::Ok, "dns", text);
    return true;
  }

  bool check_tcp() {
    auto opened = api::Connection::connect_tcp(*url_, addresses_, after(in_.config.connect_timeout), cancel_);
    if (!opened) {
      add(Verdict::Fail, "tcp", opened.error().detail,
          "nothing accepts connections there: check the port in CREATORAUDIT_BASE_URL, that the service (or the "
          "sandbox) is running, and any firewall; the wait is --connect-timeout-ms");
      return false;
    }
    connection_ = std::move(opened.value());
    add(Verdict::Ok, "tcp", "connected to " + connection_->peer_address() + " port " + std::to_string(url_->port));
    return true;
  }

  bool check_tls() {
    if (!url_->https()) {
      add(Verdict::Ok, "tls", "not used: plain http to a loopback host");
      return true;
    }
    const std::string& bundle = in_.config.ca_bundle_path;
    const std::string trust = bundle.empty() ? "the system trust store" : "the CA bundle " + bundle;
    auto context = api::TlsContext::create(bundle);
    if (!context) {
      add(Verdict::Fail, "tls", context.error().detail,
          bundle.empty() ? "install the ca-certificates package, or name a PEM bundle with --ca-bundle"
                         : "--ca-bundle / CREATORAUDIT_CA_BUNDLE must name a readable PEM file of CA certificates");
      return false;
    }
    if (auto failed = connection_->handshake(*url_, context.value().get(), after(in_.config.connect_timeout), cancel_)) {
      add(Verdict::Fail, "tls", failed->detail + " (trusting " + trust + ")",
          "the certificate is not trusted for " + url_->host +
              ": if the server uses a private CA, name it with --ca-bundle / CREATORAUDIT_CA_BUNDLE; otherwise check "
              "the host name and any TLS-intercepting proxy");
      return false;
    }
    add(Verdict::Ok, "tls", connection_->tls_version() + ", certificate verified for " + url_->host + " against " + trust);
    return true;
  }

  void check_whoami() {
    api::ClientConfig config = in_.config;
    config.max_attempts = 1;  // report what the API answers now; a retry would hide it
    Clock& clock = *config.clock;
    auto recorder = std::make_shared<HeaderRecorder>(api::make_socket_transport(*url_, config), clock);
    api::Client client(config, recorder);
    api::CallOptions options;
    options.cancel = cancel_;
    options.deadline = after(config.attempt_timeout);
    auto identity = client.whoami(options);
    if (identity) {
      const Json& data = identity.value();
      const auto organization = tools::text_field(data, "organization_id");
      const auto key_name = tools::text_field(data, "api_key_name");
      std::vector<std::string> scopes;
      if (data.contains("scopes") && data["scopes"].is_array())
        for (const auto& scope : data["scopes"])
          if (scope.is_string()) scopes.push_back(tools::sanitize_text(scope.get<std::string>()));
      std::string found = "organization " + organization.value_or("(none)") + ", key name \"" +
                          key_name.value_or("(none)") + "\", scopes: " +
                          (scopes.empty() ? "not reported by the API" : join(scopes));
      if (organization) {
        add(Verdict::Ok, "whoami", found);
      } else {
        add(Verdict::Warn, "whoami", found,
            "the answer has no organization_id: check that CREATORAUDIT_BASE_URL is the CreatorAudit API");
      }
    } else {
      add(Verdict::Fail, "whoami", identity.error().message(), whoami_fix(identity.error(), config));
    }
    check_rate_budget(client.rate_budget(), identity.ok(), config);
    check_clock(*recorder);
  }

  void check_rate_budget(const api::RateBudget& budget, bool whoami_ok, const api::ClientConfig& config) {
    if (!budget.remaining || !budget.limit) {
      if (!whoami_ok) {
        add(Verdict::Skip, "rate budget", "not known: whoami failed without X-RateLimit-* headers");
      } else {
        add(Verdict::Warn, "rate budget", "the API sent no (or conflicting) X-RateLimit-Limit/-Remaining headers",
            "the client cannot pace itself without them: check that CREATORAUDIT_BASE_URL is the CreatorAudit API "
            "and that no proxy strips these headers");
      }
      return;
    }
    std::string found = std::to_string(*budget.remaining) + " of " + std::to_string(*budget.limit) +
                        " requests left in this window";
    if (budget.reset_epoch_seconds) {
      const long long now = std::chrono::duration_cast<std::chrono::seconds>(
                                config.clock->wall_now().time_since_epoch()).count();
      found += ", resets in " + seconds_text(std::max(0LL, *budget.reset_epoch_seconds - now));
    }
    if (*budget.remaining <= config.pacing_reserve) {
      add(Verdict::Warn, "rate budget", found + " (at or below --pacing-reserve " +
                                            std::to_string(config.pacing_reserve) + ": calls will be spread out)",
          "wait for the window to reset, or stop other programs that use this key");
    } else {
      add(Verdict::Ok, "rate budget", found);
    }
  }

  void check_clock(const HeaderRecorder& recorder) {
    if (!recorder.headers_arrived()) {
      skip({"clock"}, "no response arrived");
      return;
    }
    const std::string date = recorder.header("Date");
    const auto api_seconds = api::parse_http_date(date);
    if (!api_seconds) {
      add(Verdict::Warn, "clock",
          date.empty() ? "the API's response has no Date header" : "the API's Date header is not an HTTP-date",
          "the skew cannot be measured; keep this machine's clock synchronised (NTP): rate-limit resets are read "
          "against it");
      return;
    }
    const long long local_seconds =
        std::chrono::duration_cast<std::chrono::seconds>(recorder.received_at().time_since_epoch()).count();
    const long long skew = *api_seconds - local_seconds;  // > 0: this machine is behind
    const long long size = skew < 0 ? -skew : skew;
    const std::string found =
        size <= 1 ? "this machine's clock agrees with the API's Date header"
                  : "this machine's clock is " + seconds_text(size) + (skew > 0 ? " behind" : " ahead of") +
                        " the API's Date header";
    if (size > kMaxClockSkew.count()) {
      add(Verdict::Warn, "clock", found + " (more than " + std::to_string(kMaxClockSkew.count()) + " s)",
          "synchronise this machine's clock (NTP, e.g. timedatectl set-ntp true): rate-limit resets are read "
          "against it, so waits come out too long or too short");
    } else {
      add(Verdict::Ok, "clock", found);
    }
  }

  void check_tools() {
    const tools::ToolRegistry registry = tools::build_product_registry(nullptr, in_.selection);
    std::vector<std::string> names;
    for (const auto* tool : registry.tools()) names.push_back(tool->definition().name);
    add(Verdict::Ok, "tools",
        std::to_string(names.size()) + " enabled: " + join(names) + (in_.selection.read_only ? " (--read-only)" : ""));
  }

  const DoctorInput& in_;
  const std::function<void(const DoctorLine&)>& emit_;
  std::vector<DoctorLine> lines_;
  CancellationToken cancel_;
  std::optional<api::BaseUrl> url_;
  std::vector<api::SocketAddress> addresses_;
  std::unique_ptr<api::Connection> connection_;
};

}  // namespace

std::vector<DoctorLine> run_doctor(const DoctorInput& input, const std::function<void(const DoctorLine&)>& emit) {
  return Doctor(input, emit).run();
}

}  // namespace ca::server
