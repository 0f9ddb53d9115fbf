// The shared rate budget: the rules on the shared state, the host file store (two instances, two processes, a
// crashed lock holder, garbage in the file) and the Redis store (the same rules; Redis killed and restarted).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "client/client.hpp"
#include "client/rate_limiter.hpp"
#include "client/rate_store.hpp"
#include "redis_server.hpp"
#include "sandbox_fixture.hpp"

using namespace ca::api;
using ca::Millis;

namespace {

std::int64_t wall_ms_now() {
  return std::chrono::duration_cast<Millis>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// A fresh directory for host store files, removed at the end.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "ca-rate-XXXXXX").string();
    path = ::mkdtemp(pattern.data());
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string file(const std::string& name = "budget") const { return (path / name).string(); }
};

std::int64_t acquired(RateStore& store, std::int64_t now, int reserve = 0) {
  const StoreAnswer answer = store.acquire(now, reserve);
  REQUIRE(answer.ok);
  return answer.wait_ms;
}

// The rules, through two instances of one store sharing a budget: what one learns or spends, the other sees.
void check_shared_rules(RateStore& a, RateStore& b) {
  const std::int64_t now = wall_ms_now();
  const std::int64_t reset = now + 60'000;
  REQUIRE(a.reconcile({10, 10, reset, -1}, now).ok);
  for (int i = 0; i < 5; ++i) CHECK(acquired(a, now) == 0);
  for (int i = 0; i < 5; ++i) CHECK(acquired(b, now) == 0);
  CHECK(acquired(a, now) == 60'000);  // ten slots, ten taken between them: both wait for the reset
  CHECK(acquired(b, now + 1'000) == 59'000);
  REQUIRE(b.reconcile({10, 9, reset, -1}, now).ok);  // an answer counted before the others: never raises
  CHECK(acquired(a, now) == 60'000);
  CHECK(acquired(a, reset) == 0);  // a new window: one request goes, its answer tells the rest
  REQUIRE(b.reconcile({10, 0, reset, -1}, reset).ok);  // a late answer from the window that is over: ignored
  CHECK(acquired(b, reset) == 0);
  REQUIRE(a.reconcile({-1, -1, -1, reset + 5'000}, reset).ok);  // a Retry-After seen by one holds the other
  CHECK(acquired(b, reset) == 5'000);
  // Near the end of the budget, what is left is spread over the time to the reset (2 left over 10 s).
  const std::int64_t later = reset + 10'000;
  REQUIRE(b.reconcile({10, 2, later + 10'000, -1}, later).ok);
  CHECK(acquired(a, later, 5) == 0);
  CHECK(acquired(b, later, 5) == 5'000);
}

}  // namespace

TEST_CASE("rate store specs: local, host and redis://HOST:PORT[/DB] only", "[client][rate][store]") {
  CHECK(valid_rate_store_spec("local"));
  CHECK(valid_rate_store_spec("host"));
  auto redis = parse_redis_spec("redis://10.0.0.5:6380/2");
  REQUIRE(redis);
  CHECK(redis->host == "10.0.0.5");
  CHECK(redis->port == 6380);
  CHECK(redis->db == 2);
  CHECK(parse_redis_spec("redis://[::1]:6379")->host == "::1");
  for (const char* bad : {"", "Host", "redis://", "redis://h", "redis://h:0", "redis://h:65536", "redis://h:1/x",
                          "redis://h:1/-1", "redis://us er@h:1", "rediss://h:1", "redis://h:1 "})
    CHECK_FALSE(valid_rate_store_spec(bad));
}

TEST_CASE("a budget's name is a digest of key and origin, never the key", "[client][rate][store]") {
  const std::string name = rate_budget_name("sk_live_secret", "https://api.creatoraudit.com:443");
  CHECK(name.size() == 32);
  CHECK(name.find("secret") == std::string::npos);
  CHECK(name != rate_budget_name("sk_live_other", "https://api.creatoraudit.com:443"));
  CHECK(name != rate_budget_name("sk_live_secret", "http://127.0.0.1:8080"));
  RateStoreSettings settings;
  settings.host_dir = "/run/user/1000";
  CHECK(host_rate_store_path(settings, name) == "/run/user/1000/creatoraudit-rate-" + name);
}

TEST_CASE("a shared state out of bounds is not believed", "[client][rate][store]") {
  const std::int64_t now = wall_ms_now();
  CHECK(plausible(SharedRateState{}, now));
  CHECK(plausible(SharedRateState{600, 12, now + 60'000, now - 1, now + 10, now + 500}, now));
  CHECK_FALSE(plausible(SharedRateState{600, -7, -1, -1, 0, 0}, now));
  CHECK_FALSE(plausible(SharedRateState{600, 1LL << 40, -1, -1, 0, 0}, now));
  CHECK_FALSE(plausible(SharedRateState{600, 5, -1, -1, now + 365LL * 86'400'000, 0}, now));  // a year's pause
  CHECK_FALSE(plausible(SharedRateState{600, 5, -1, -1, 0, -3}, now));
}

TEST_CASE("host store: two instances share one budget", "[client][rate][store]") {
  TempDir dir;
  auto a = make_host_rate_store(dir.file(), Millis(250));
  auto b = make_host_rate_store(dir.file(), Millis(250));
  check_shared_rules(*a, *b);
  struct stat st {};
  REQUIRE(::stat(dir.file().c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0600);
}

namespace {

// Write system calls (write, pwrite, ...) this thread has made: /proc/thread-self/io's syscw.
long write_calls_of_this_thread() {
  std::ifstream io("/proc/thread-self/io");
  std::string name;
  long value = -1;
  while (io >> name >> value) {
    if (name == "syscw:") return value;
  }
  return -1;
}

}  // namespace

TEST_CASE("host store: a reconcile that changes nothing does not rewrite the file", "[client][rate][store]") {
  TempDir dir;
  auto a = make_host_rate_store(dir.file(), Millis(250));
  auto b = make_host_rate_store(dir.file(), Millis(250));
  const std::int64_t now = wall_ms_now();
  const RateObservation seen{10, 10, now + 60'000, -1};
  const long before = write_calls_of_this_thread();
  REQUIRE(before >= 0);
  REQUIRE(a->reconcile(seen, now).ok);
  CHECK(write_calls_of_this_thread() == before + 1);  // the first state: written
  REQUIRE(a->reconcile(seen, now).ok);
  REQUIRE(b->reconcile(seen, now).ok);
  CHECK(write_calls_of_this_thread() == before + 1);  // the same state twice more: no write
  CHECK(acquired(*b, now) == 0);                       // a slot taken changes the state: written
  CHECK(write_calls_of_this_thread() == before + 2);
  for (int i = 0; i < 9; ++i) CHECK(acquired(*a, now) == 0);
  CHECK(acquired(*b, now) == 60'000);  // both still see one budget of ten
}

TEST_CASE("host store: two processes never take more slots than the window holds", "[client][rate][store]") {
  TempDir dir;
  const std::int64_t now = wall_ms_now();
  REQUIRE(make_host_rate_store(dir.file(), Millis(1'000))->reconcile({10, 10, now + 60'000, -1}, now).ok);
  auto take = [&] {
    auto store = make_host_rate_store(dir.file(), Millis(1'000));
    int taken = 0;
    for (int i = 0; i < 8; ++i) {
      const StoreAnswer answer = store->acquire(now, 0);
      if (answer.ok && answer.wait_ms == 0) ++taken;
    }
    return taken;
  };
  const pid_t child = ::fork();
  if (child == 0) ::_exit(take());
  const int parent_took = take();
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFEXITED(status));
  CHECK(parent_took + WEXITSTATUS(status) == 10);
}

TEST_CASE("host store: a process that dies holding the lock does not leave it held", "[client][rate][store]") {
  TempDir dir;
  auto store = make_host_rate_store(dir.file(), Millis(100));
  REQUIRE(store->acquire(wall_ms_now(), 0).ok);  // creates the file
  int locked[2], release[2];
  REQUIRE(::pipe(locked) == 0);
  REQUIRE(::pipe(release) == 0);
  const pid_t child = ::fork();
  if (child == 0) {
    const int fd = ::open(dir.file().c_str(), O_RDWR);
    if (fd < 0 || ::flock(fd, LOCK_EX) != 0) ::_exit(1);
    char c = 'L';
    (void)!::write(locked[1], &c, 1);
    (void)!::read(release[0], &c, 1);
    ::_exit(0);  // still holding the lock: no unlock, no close
  }
  char c = 0;
  REQUIRE(::read(locked[0], &c, 1) == 1);
  const StoreAnswer while_held = store->acquire(wall_ms_now(), 0);
  CHECK_FALSE(while_held.ok);  // the lock is really held: the store gives up within its bound, it does not hang
  CHECK(while_held.error.find("lock") != std::string::npos);
  (void)!::write(release[1], &c, 1);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  CHECK(store->acquire(wall_ms_now(), 0).ok);
  for (int fd : {locked[0], locked[1], release[0], release[1]}) ::close(fd);
}

TEST_CASE("host store: garbage or a foreign file is replaced, never believed", "[client][rate][store]") {
  TempDir dir;
  {
    std::ofstream out(dir.file(), std::ios::binary);
    for (int i = 0; i < 200; ++i) out.put(static_cast<char>(i * 37));
  }
  ::chmod(dir.file().c_str(), 0600);
  auto store = make_host_rate_store(dir.file(), Millis(250));
  const std::int64_t now = wall_ms_now();
  CHECK(acquired(*store, now) == 0);  // an empty state: nothing known, the request goes
  REQUIRE(store->reconcile({3, 0, now + 30'000, -1}, now).ok);
  CHECK(acquired(*store, now) == 30'000);  // and the file works from then on
  ::truncate(dir.file().c_str(), 7);  // another program cut it short
  CHECK(acquired(*store, now) == 0);
  // A file readable by others (planted in a shared /tmp, say) is not used at all.
  { std::ofstream(dir.file("open")) << "x"; }
  ::chmod(dir.file("open").c_str(), 0644);
  CHECK_FALSE(make_host_rate_store(dir.file("open"), Millis(250))->acquire(now, 0).ok);
}

TEST_CASE("limiters on one host file share the budget and a Retry-After", "[client][rate][store]") {
  TempDir dir;
  ca::FakeClock clock;
  RateLimiter a(0, make_host_rate_store(dir.file(), Millis(250)));
  RateLimiter b(0, make_host_rate_store(dir.file(), Millis(250)));
  const auto reset = std::chrono::duration_cast<std::chrono::seconds>(clock.wall_now().time_since_epoch()).count() + 30;
  REQUIRE(a.try_acquire(clock.now(), clock.wall_now()) == Millis(0));
  a.update(4, 3, reset);
  a.finished();
  for (int i = 0; i < 3; ++i) CHECK(b.try_acquire(clock.now(), clock.wall_now()) == Millis(0));
  CHECK(a.try_acquire(clock.now(), clock.wall_now()) > Millis(0));  // b spent what a learned of
  clock.advance(Millis(30'000) + Millis(kResetGraceMs));
  CHECK(a.try_acquire(clock.now(), clock.wall_now()) == Millis(0));
  a.retry_after(clock.wall_now() + Millis(2'000));
  CHECK(b.try_acquire(clock.now(), clock.wall_now()) == Millis(2'000));
  CHECK(a.store_stats().shared_slots == 2);
  CHECK(b.store_stats().shared_slots == 3);
  CHECK(a.store_stats().local_slots + b.store_stats().local_slots == 0);
}

TEST_CASE("redis store: the same rules, atomically, for every instance", "[client][rate][store][redis]") {
  if (!ca::testing::RedisServer::installed()) {
    WARN("SKIPPED: /usr/bin/redis-server is absent (scripts/setup.sh installs redis-server)");
    return;
  }
  ca::testing::RedisServer redis;
  REQUIRE(redis.running());
  auto address = parse_redis_spec(redis.url() + "/3");
  REQUIRE(address);
  auto a = make_redis_rate_store(*address, "budget-one", Millis(500));
  auto b = make_redis_rate_store(*address, "budget-one", Millis(500));
  check_shared_rules(*a, *b);
  // Another budget is another key; garbage in a budget's hash is not believed.
  auto other = make_redis_rate_store(*parse_redis_spec(redis.url()), "budget-two", Millis(500));
  CHECK(acquired(*other, wall_ms_now()) == 0);
  REQUIRE(redis.command("HSET creatoraudit:rate:budget-two l junk r -99 reset 1e400 next nan blocked 9e99"));
  CHECK(acquired(*other, wall_ms_now()) == 0);
}

TEST_CASE("redis store killed and restarted: one warning, local pacing, then shared again",
          "[client][rate][store][redis]") {
  if (!ca::testing::RedisServer::installed()) {
    WARN("SKIPPED: /usr/bin/redis-server is absent (scripts/setup.sh installs redis-server)");
    return;
  }
  ca::testing::RedisServer redis;
  REQUIRE(redis.running());
  ca::FakeClock clock;
  const Millis retry(5'000);
  RateLimiter limiter(0, make_redis_rate_store(*parse_redis_spec(redis.url()), "budget-k", Millis(500)), retry);
  auto take = [&] { return limiter.try_acquire(clock.now(), clock.wall_now()); };
  CHECK(take() == Millis(0));
  const auto reset = std::chrono::duration_cast<std::chrono::seconds>(clock.wall_now().time_since_epoch()).count() + 600;
  limiter.update(100, 99, reset);
  limiter.finished();
  CHECK(limiter.store_stats().shared_slots == 1);

  redis.kill();
  for (int i = 0; i < 20; ++i) {
    CHECK(take() == Millis(0));  // never a hang, never a crash: this process paces on its own view
    limiter.finished();
  }
  CHECK(limiter.store_stats().outages == 1);  // one warning for the whole outage
  CHECK(limiter.store_stats().local_slots == 20);
  CHECK(limiter.snapshot().remaining == 79);  // the own view kept counting

  REQUIRE(redis.start());
  clock.advance(retry / 2);
  CHECK(take() == Millis(0));
  limiter.finished();
  CHECK(limiter.store_stats().local_slots == 21);  // not asked again before its retry interval
  clock.advance(retry);
  CHECK(take() == Millis(0));
  CHECK(limiter.store_stats().recoveries == 1);
  CHECK(limiter.store_stats().shared_slots == 2);
  CHECK(limiter.store_stats().outages == 1);
}

TEST_CASE("an unreachable redis store paces locally from the start", "[client][rate][store]") {
  ca::FakeClock clock;
  // Port 1 on loopback: nothing listens there, the connect is refused at once.
  RateLimiter limiter(0, make_redis_rate_store(*parse_redis_spec("redis://127.0.0.1:1"), "x", Millis(200)));
  for (int i = 0; i < 5; ++i) CHECK(limiter.try_acquire(clock.now(), clock.wall_now()) == Millis(0));
  CHECK(limiter.store_stats().outages == 1);
  CHECK(limiter.store_stats().local_slots == 5);
}

TEST_CASE("a 429's Retry-After holds the key's next request, not only the one retried", "[client][rate][sandbox]") {
  ca::test::SandboxFixture fx;
  auto config = fx.config();
  config.max_attempts = 1;
  Client client(config);
  fx.sandbox.script_statuses({429, 0}, "/v2/whoami");
  auto limited = client.whoami({});
  REQUIRE_FALSE(limited.ok());
  REQUIRE(limited.error().retry_after_seconds == 1);
  CHECK(fx.clock.sleeps().empty());
  REQUIRE(client.whoami({}).ok());  // a fresh call, not a retry: it still waits out the 429's Retry-After
  CHECK(fx.clock.sleeps() == std::vector<Millis>{Millis(1'000)});
}
