// spdlog's implementation, compiled once for the whole project and linked statically.
//
// Why: Debian's libspdlog is a shared library, and loading it made every start resolve about 1,200 more symbols
// (docs/performance.md, "Start-up"). Using spdlog header-only avoided that but compiled its implementation into
// every source that logs, which cost CI about 150 s of its 30 minutes. ca_spdlog (common/CMakeLists.txt) defines
// SPDLOG_COMPILED_LIB for every target that links it: their sources then see only spdlog's declarations, and this
// one source holds the definitions (the *-inl.h files) and the template instances the project uses.
//
// A link error naming a spdlog symbol after a new sink or factory is used means its instance belongs below.
#ifndef SPDLOG_COMPILED_LIB
#error "ca_spdlog compiles spdlog with SPDLOG_COMPILED_LIB"
#endif

#include <spdlog/common-inl.h>
#include <spdlog/details/backtracer-inl.h>
#include <spdlog/details/file_helper-inl.h>
#include <spdlog/details/log_msg-inl.h>
#include <spdlog/details/log_msg_buffer-inl.h>
#include <spdlog/details/os-inl.h>
#include <spdlog/details/periodic_worker-inl.h>
#include <spdlog/details/registry-inl.h>
#include <spdlog/logger-inl.h>
#include <spdlog/pattern_formatter-inl.h>
#include <spdlog/sinks/ansicolor_sink-inl.h>
#include <spdlog/sinks/base_sink-inl.h>
#include <spdlog/sinks/basic_file_sink-inl.h>
#include <spdlog/sinks/sink-inl.h>
#include <spdlog/sinks/stdout_color_sinks-inl.h>
#include <spdlog/sinks/stdout_sinks-inl.h>
#include <spdlog/spdlog-inl.h>

#include <mutex>

namespace spdlog {

// base_sink<std::mutex>: the project's own sink (server/client_log_sink.hpp), basic_file_sink_mt and the tests'
// ostream_sink_mt. base_sink<null_mutex>: null_sink_mt (tests/fuzz/fuzz_support.hpp; only the clang fuzz build
// would miss it).
template class sinks::base_sink<std::mutex>;
template class sinks::base_sink<details::null_mutex>;
// The server's stderr logger and --log-file (server/logging.cpp); stderr_logger_mt, the rate benchmark's worker's
// (bench/rate/rate_worker.cpp).
template class sinks::stdout_sink_base<details::console_mutex>;
template class sinks::stderr_sink<details::console_mutex>;
template class sinks::basic_file_sink<std::mutex>;
template std::shared_ptr<logger> stderr_logger_mt<synchronous_factory>(const std::string& logger_name);
// The tests' logger (tests/catch_main.cpp).
template class sinks::ansicolor_sink<details::console_mutex>;
template class sinks::ansicolor_stderr_sink<details::console_mutex>;
template std::shared_ptr<logger> stderr_color_mt<synchronous_factory>(const std::string& logger_name, color_mode mode);

}  // namespace spdlog
