// The Redis store: processes on many hosts share one budget through a Redis hash per (key, origin), changed only
// by one Lua script per acquire or reconcile (Redis runs a script atomically). The script is the same rules as
// acquire_shared_slot/reconcile_shared in rate_store.cpp; tests/client/test_rate_store.cpp runs one scenario
// against both. Every connect and read is bounded by the store timeout; after a failure the connection is dropped
// and the RateLimiter paces locally until its retry interval has passed.
#include <hiredis/hiredis.h>
#include <signal.h>

#include <ctime>
#include <mutex>

#include "client/rate_store.hpp"

namespace ca::api {
namespace {

// KEYS[1] the budget's hash. ARGV: "acquire", now_ms, pacing_reserve | "reconcile", now_ms, limit, remaining,
// reset_ms, retry_until_ms (-1 = unknown). Returns the wait in ms (0 = slot taken; always 0 for reconcile).
// Numbers are written with %.0f: Lua's own number-to-string keeps 14 digits, too few for epoch milliseconds.
constexpr const char* kScript = R"lua(
local k = KEYS[1]
local now = tonumber(ARGV[2])
local v = redis.call('HMGET', k, 'l', 'r', 'reset', 'passed', 'next', 'blocked')
local function num(x, d, lo, hi)
  local n = tonumber(x)
  if n == nil or n ~= n or n < lo or n > hi then return d end
  return n
end
local maxc, maxt, ahead = 1000000000, 95000000000000, now + 90000000
local l, r = num(v[1], -1, -1, maxc), num(v[2], -1, -1, maxc)
local reset, passed = num(v[3], -1, -1, maxt), num(v[4], -1, -1, maxt)
local nxt, blocked = num(v[5], 0, 0, ahead), num(v[6], 0, 0, ahead)
local wait = 0
if ARGV[1] == 'acquire' then
  local reserve = tonumber(ARGV[3])
  if reset >= 0 and now >= reset then r = (l >= 0) and math.min(1, l) or -1; passed = reset; reset = -1 end
  if now < blocked then wait = blocked - now
  elseif now < nxt then wait = nxt - now
  elseif r == 0 and reset >= 0 then wait = reset - now
  else
    if r == 0 then nxt = now + 50
    elseif r > 0 and reset >= 0 and r <= reserve then nxt = now + math.floor((reset - now) / r) end
    if r > 0 then r = r - 1 end
  end
else
  local ol, orem, oreset, ountil = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
  if ol >= 0 then l = ol end
  if ountil > blocked then blocked = ountil end
  if not (oreset >= 0 and oreset <= passed) then
    if orem >= 0 then
      if oreset >= 0 and oreset == reset and r >= 0 then r = math.min(r, orem) else r = orem end
    end
    if oreset >= 0 then reset = oreset end
  end
end
local f = function(x) return string.format('%.0f', x) end
redis.call('HSET', k, 'l', f(l), 'r', f(r), 'reset', f(reset), 'passed', f(passed), 'next', f(nxt), 'blocked', f(blocked))
-- The budget expires with its window (a minute after the reset, or after the longest wait it holds); an hour
-- when the reset is not known.
local ttl = 3600000
if reset >= 0 then ttl = reset - now + 60000 end
ttl = math.max(ttl, nxt - now, blocked - now, 1000)
redis.call('PEXPIRE', k, f(ttl))
return wait
)lua";

// hiredis writes with write(2): a Redis that has closed the connection would raise SIGPIPE and end a process that
// does not ignore it (a library user, a test binary). The signal is blocked around each command and a pending one
// consumed before the mask is restored.
class SigpipeGuard {
 public:
  SigpipeGuard() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    sigset_t pending;
    sigpending(&pending);
    was_pending_ = sigismember(&pending, SIGPIPE) == 1;
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeGuard() {
    sigset_t pending;
    sigpending(&pending);
    if (!was_pending_ && sigismember(&pending, SIGPIPE) == 1) {
      const timespec zero{0, 0};
      sigtimedwait(&pipe_, nullptr, &zero);
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }
  SigpipeGuard(const SigpipeGuard&) = delete;
  SigpipeGuard& operator=(const SigpipeGuard&) = delete;

 private:
  sigset_t pipe_{}, old_{};
  bool was_pending_ = false;
};

class RedisRateStore final : public RateStore {
 public:
  RedisRateStore(RedisAddress address, std::string budget_name, Millis timeout)
      : address_(std::move(address)), key_("creatoraudit:rate:" + budget_name), timeout_(timeout) {}
  ~RedisRateStore() override { disconnect(); }

  StoreAnswer acquire(std::int64_t now_ms, int pacing_reserve) override {
    return run({"acquire", std::to_string(now_ms), std::to_string(pacing_reserve)});
  }
  StoreAnswer reconcile(const RateObservation& seen, std::int64_t now_ms) override {
    return run({"reconcile", std::to_string(now_ms), std::to_string(seen.limit), std::to_string(seen.remaining),
                std::to_string(seen.reset_ms), std::to_string(seen.retry_until_ms)});
  }
  std::string describe() const override {
    return "redis://" + address_.host + ":" + std::to_string(address_.port) + "/" + std::to_string(address_.db);
  }

 private:
  StoreAnswer run(const std::vector<std::string>& args) {
    std::lock_guard lock(mutex_);
    SigpipeGuard no_sigpipe;
    StoreAnswer answer;
    if (!context_) {
      if (auto error = connect()) {
        answer.error = *error;
        return answer;
      }
    }
    std::vector<std::string> argv{"EVAL", kScript, "1", key_};
    argv.insert(argv.end(), args.begin(), args.end());
    std::vector<const char*> data;
    std::vector<std::size_t> lengths;
    for (const auto& a : argv) {
      data.push_back(a.data());
      lengths.push_back(a.size());
    }
    auto* reply = static_cast<redisReply*>(
        redisCommandArgv(context_, static_cast<int>(argv.size()), data.data(), lengths.data()));
    if (!reply) {
      answer.error = context_->errstr[0] ? context_->errstr : "no reply";
      disconnect();
      return answer;
    }
    if (reply->type == REDIS_REPLY_INTEGER) {
      answer.ok = true;
      answer.wait_ms = std::max<long long>(0, reply->integer);
    } else {
      answer.error = reply->type == REDIS_REPLY_ERROR ? std::string(reply->str, reply->len) : "unexpected reply";
      disconnect();  // a server that answers nonsense may be something else on that port: start afresh next time
    }
    freeReplyObject(reply);
    return answer;
  }

  std::optional<std::string> connect() {
    const timeval tv{static_cast<time_t>(timeout_.count() / 1000),
                     static_cast<suseconds_t>((timeout_.count() % 1000) * 1000)};
    context_ = redisConnectWithTimeout(address_.host.c_str(), address_.port, tv);
    if (!context_ || context_->err) {
      std::string error = context_ ? context_->errstr : "out of memory";
      disconnect();
      return "cannot connect: " + error;
    }
    if (redisSetTimeout(context_, tv) != REDIS_OK) {
      disconnect();
      return "cannot set the read timeout";
    }
    if (address_.db != 0) {
      auto* reply = static_cast<redisReply*>(redisCommand(context_, "SELECT %d", address_.db));
      const bool ok = reply && reply->type == REDIS_REPLY_STATUS;
      if (reply) freeReplyObject(reply);
      if (!ok) {
        disconnect();
        return "cannot select database " + std::to_string(address_.db);
      }
    }
    return std::nullopt;
  }

  void disconnect() {
    if (context_) redisFree(context_);
    context_ = nullptr;
  }

  const RedisAddress address_;
  const std::string key_;
  const Millis timeout_;
  std::mutex mutex_;
  redisContext* context_ = nullptr;
};

}  // namespace

std::unique_ptr<RateStore> make_redis_rate_store(const RedisAddress& address, const std::string& budget_name,
                                                 Millis timeout) {
  return std::make_unique<RedisRateStore>(address, budget_name, timeout);
}

}  // namespace ca::api
