# Warnings and sanitizers apply to the project's own targets only (ca_project_options is linked by each of them).
add_library(ca_project_options INTERFACE)
target_compile_options(ca_project_options INTERFACE -Wall -Wextra -Werror)

if(CA_SANITIZE)
  set(CA_SANITIZER_FLAGS -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  target_compile_options(ca_project_options INTERFACE ${CA_SANITIZER_FLAGS})
  target_link_options(ca_project_options INTERFACE ${CA_SANITIZER_FLAGS})
endif()

# nlohmann/json dominates compile time; a precompiled header per target keeps 2-core CI builds short.
function(ca_precompile target)
  target_precompile_headers(${target} PRIVATE
    <nlohmann/json.hpp> <string> <vector> <map> <memory> <optional> <chrono> <functional> <mutex>)
endfunction()
