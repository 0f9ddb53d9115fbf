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

# nlohmann/json dominates compile time; a precompiled header per target keeps 2-core CI builds short.
function(ca_precompile target)
  if(CA_CCACHE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(${target} PRIVATE -fpch-preprocess)
  endif()
  target_precompile_headers(${target} PRIVATE
    <nlohmann/json.hpp> <string> <vector> <map> <memory> <optional> <chrono> <functional> <mutex>)
endfunction()
