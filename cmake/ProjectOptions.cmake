# Warnings and sanitizers apply to the project's own targets only (ca_project_options is linked by each of them).
add_library(ca_project_options INTERFACE)
target_compile_options(ca_project_options INTERFACE -Wall -Wextra -Werror)
# GCC 12 reports out-of-bounds copies inside libstdc++'s own std::string operator+ when it inlines them at -O2
# (GCC bugs 105329, 105651): false positives in code we don't own. Silence exactly those on GCC 12.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(ca_project_options INTERFACE -Wno-array-bounds -Wno-stringop-overflow -Wno-restrict)
endif()

if(CA_SANITIZE)
  set(CA_SANITIZER_FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_compile_options(ca_project_options INTERFACE ${CA_SANITIZER_FLAGS})
  target_link_options(ca_project_options INTERFACE ${CA_SANITIZER_FLAGS})
endif()

# The sanitized and fuzz builds link large executables (every object carries its instrumentation); lld links them
# faster than ld.bfd. The plain build, which the packages ship, keeps the toolchain's default linker.
option(CA_USE_LLD "Link the sanitized and fuzz builds with lld when ld.lld is installed" ON)
find_program(CA_LD_LLD ld.lld)
if(CA_USE_LLD AND CA_LD_LLD AND (CA_SANITIZE OR CA_FUZZ))
  target_link_options(ca_project_options INTERFACE -fuse-ld=lld)
endif()

# CA_FUZZ: coverage instrumentation for libFuzzer on every project library (-fsanitize=fuzzer-no-link) plus ASan
# and UBSan, every UB report fatal so that libFuzzer records it as a crash. Only the fuzz targets link the fuzzer
# runtime itself (-fsanitize=fuzzer, tests/fuzz/CMakeLists.txt).
if(CA_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "CA_FUZZ needs clang with libFuzzer: configure with -DCMAKE_CXX_COMPILER=clang++-16")
  endif()
  if(CA_SANITIZE)
    message(FATAL_ERROR "CA_FUZZ already sanitizes; do not combine it with CA_SANITIZE")
  endif()
  set(CA_FUZZ_SANITIZERS -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_compile_options(ca_project_options INTERFACE -fsanitize=fuzzer-no-link ${CA_FUZZ_SANITIZERS})
  target_link_options(ca_project_options INTERFACE ${CA_FUZZ_SANITIZERS})
endif()

# nlohmann/json dominates compile time; a precompiled header keeps 2-core CI builds short. One header is compiled
# per build directory (ca_common's, the first library built) and every other target reuses it: a .gch costs about
# 9 CPU-seconds in the sanitized build (8.8 measured, /usr/bin/time), and there were 14 identical ones. Reuse needs every target to compile with
# the same flags as ca_common (they all link ca_project_options); extra -D macros are fine as long as the headers
# below never mention them. A mismatch is an error (-Winvalid-pch with -Werror), never a silent slow build.
function(ca_precompile target)
  if(CA_CCACHE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -fpch-preprocess)
  elseif(CA_CCACHE AND CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    # clang stamps the build time into a .pch, which makes every use of it a ccache miss unless turned off.
    target_compile_options(${target} PRIVATE -Xclang -fno-pch-timestamp)
  endif()
  if(target STREQUAL "ca_common")
    target_precompile_headers(${target} PRIVATE
      <nlohmann/json.hpp> <string> <vector> <map> <memory> <optional> <chrono> <functional> <mutex>)
  else()
    target_precompile_headers(${target} REUSE_FROM ca_common)
  endif()
endfunction()
