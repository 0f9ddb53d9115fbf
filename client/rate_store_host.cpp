// The host store: one small file per (key, origin) that every process of this user on this machine opens. Each
// acquire/reconcile is read-modify-write under flock(2): the kernel drops the lock when its holder exits or
// crashes, so a dead process never leaves the budget locked, and flock (unlike fcntl locks) also excludes two
// instances within one process. The file is read with pread, not mmap: a file truncated by another program would
// turn an mmap access into SIGBUS, while a short pread is just a state to reinitialise.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <thread>
#include <type_traits>

#include "client/rate_store.hpp"

namespace ca::api {
namespace {

constexpr std::uint64_t kMagic = 0x31'45'54'41'52'41'43ULL;  // "CARATE1"
constexpr std::uint32_t kVersion = 1;

struct FileRecord {
  std::uint64_t magic;
  std::uint32_t version;
  std::uint32_t size;
  std::int64_t fields[6];
  std::uint64_t checksum;
};

// The checksum and the unchanged-state comparison read the record's bytes: none may be padding.
static_assert(std::has_unique_object_representations_v<FileRecord>);

std::uint64_t checksum_of(const FileRecord& r) {
  // FNV-1a over everything before the checksum: a torn or foreign write does not pass for a state.
  std::uint64_t h = 1469598103934665603ULL;
  const auto* bytes = reinterpret_cast<const unsigned char*>(&r);
  for (std::size_t i = 0; i < offsetof(FileRecord, checksum); ++i) h = (h ^ bytes[i]) * 1099511628211ULL;
  return h;
}

void to_fields(const SharedRateState& s, std::int64_t* f) {
  f[0] = s.limit, f[1] = s.remaining, f[2] = s.reset_ms, f[3] = s.passed_reset_ms, f[4] = s.next_slot_ms,
  f[5] = s.blocked_until_ms;
}

SharedRateState from_fields(const std::int64_t* f) {
  return SharedRateState{f[0], f[1], f[2], f[3], f[4], f[5]};
}

class HostRateStore final : public RateStore {
 public:
  HostRateStore(std::string path, Millis lock_timeout) : path_(std::move(path)), lock_timeout_(lock_timeout) {}
  ~HostRateStore() override {
    if (fd_ >= 0) ::close(fd_);
  }

  StoreAnswer acquire(std::int64_t now_ms, int pacing_reserve) override {
    return with_state(now_ms, [&](SharedRateState& s) { return acquire_shared_slot(s, now_ms, pacing_reserve); });
  }
  StoreAnswer reconcile(const RateObservation& seen, std::int64_t now_ms) override {
    return with_state(now_ms, [&](SharedRateState& s) {
      reconcile_shared(s, seen);
      return std::int64_t{0};
    });
  }
  std::string describe() const override { return "host file " + path_; }

 private:
  std::optional<std::string> open_file() {
    if (fd_ >= 0) return std::nullopt;
    const int fd = ::open(path_.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) return "cannot open: " + std::string(std::strerror(errno));
    struct stat st {};
    // In a shared directory such as /tmp, a file planted by another user must not be trusted (or written).
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid() || (st.st_mode & 077) != 0) {
      ::close(fd);
      return "not a regular file of this user with mode 0600";
    }
    fd_ = fd;
    return std::nullopt;
  }

  // Takes the lock within lock_timeout_: a holder stopped (not dead) must not stop us, we pace locally instead.
  bool lock() {
    const auto give_up = std::chrono::steady_clock::now() + lock_timeout_;
    while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      if (errno != EWOULDBLOCK && errno != EINTR) return false;
      if (std::chrono::steady_clock::now() >= give_up) return false;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
    return true;
  }

  template <class Op>
  StoreAnswer with_state(std::int64_t now_ms, Op op) {
    StoreAnswer answer;
    if (auto error = open_file()) {
      answer.error = *error;
      return answer;
    }
    if (!lock()) {
      answer.error = "its lock was not free within " + std::to_string(lock_timeout_.count()) + " ms";
      return answer;
    }
    FileRecord stored{};
    const ssize_t got = ::pread(fd_, &stored, sizeof stored, 0);
    const bool valid = got == static_cast<ssize_t>(sizeof stored) && stored.magic == kMagic &&
                       stored.version == kVersion && stored.size == sizeof stored &&
                       stored.checksum == checksum_of(stored);
    SharedRateState state;
    if (valid) {
      state = from_fields(stored.fields);
      if (!plausible(state, now_ms)) state = SharedRateState{};
    }
    answer.wait_ms = op(state);
    FileRecord record{kMagic, kVersion, sizeof record, {}, 0};
    to_fields(state, record.fields);
    record.checksum = checksum_of(record);
    // Most reconciles change nothing (the response agreed with what we had): the file already says it.
    const bool unchanged = valid && std::memcmp(&record, &stored, sizeof record) == 0;
    const bool written = unchanged || ::pwrite(fd_, &record, sizeof record, 0) == static_cast<ssize_t>(sizeof record);
    ::flock(fd_, LOCK_UN);
    answer.ok = written;
    if (!written) answer.error = "cannot write: " + std::string(std::strerror(errno));
    return answer;
  }

  const std::string path_;
  const Millis lock_timeout_;
  int fd_ = -1;
};

}  // namespace

std::unique_ptr<RateStore> make_host_rate_store(const std::string& path, Millis lock_timeout) {
  return std::make_unique<HostRateStore>(path, lock_timeout);
}

}  // namespace ca::api
