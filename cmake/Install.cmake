# `cmake --install`: the two programs, their man pages, the docs and the host configuration examples, laid out
# with GNUInstallDirs. The Debian package (cmake/Packaging.cmake) is this same install under /usr.
#   cmake --install build/release --prefix ~/.local      (no root needed; `man creatoraudit-mcp` then works when
#                                                         ~/.local/bin is on PATH: man-db derives MANPATH from PATH)

# The installed programs get full RELRO, as Debian's hardening=+all gives its packages: the toolchain already links
# with -z relro, and -z now resolves every symbol at start so the GOT can be made read-only (lintian:
# hardening-no-bindnow). A link flag only: no object is recompiled for it.
foreach(program creatoraudit-mcp creatoraudit-sandbox)
  if(TARGET ${program})
    target_link_options(${program} PRIVATE LINKER:-z,relro,-z,now)
    install(TARGETS ${program} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  endif()
endforeach()

# Man pages, generated from each program's own --help and --version at build time (help2man), plus the sections
# --help cannot carry (packaging/man/*.h2m). So a flag exists in one place: its CLI11 definition.
find_program(CA_HELP2MAN help2man)
find_program(CA_GZIP gzip)
# VERSION_FROM_FLAG: the program has a --version of its own; otherwise the page carries the project's version.
function(ca_man_page target summary)
  cmake_parse_arguments(PARSE_ARGV 2 arg "VERSION_FROM_FLAG" "" "")
  if(NOT TARGET ${target})
    return()
  endif()
  if(NOT CA_HELP2MAN OR NOT CA_GZIP)
    message(WARNING "help2man or gzip not found: no man page for ${target} (scripts/setup.sh installs them)")
    return()
  endif()
  set(include_file ${PROJECT_SOURCE_DIR}/packaging/man/${target}.h2m)
  set(page ${CMAKE_BINARY_DIR}/man/${target}.1)
  set(version_option --version-string=${PROJECT_VERSION})
  if(arg_VERSION_FROM_FLAG)
    set(version_option --version-option=--version)
  endif()
  # env -i: the defaults CLI11 prints come from the environment (CREATORAUDIT_*), and the page must not carry
  # whatever the building shell has set. gzip -n: no name or time stamp, so the page is reproducible.
  add_custom_command(
    OUTPUT ${page}.gz
    COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_BINARY_DIR}/man
    COMMAND env -i ${CA_HELP2MAN} --no-info --no-discard-stderr --section=1 --name=${summary}
            --include=${include_file} ${version_option} --output=${page} $<TARGET_FILE:${target}>
    COMMAND ${CA_GZIP} -9nf ${page}
    DEPENDS ${target} ${include_file}
    COMMENT "Writing the man page of ${target} from its --help"
    VERBATIM)
  add_custom_target(${target}-man ALL DEPENDS ${page}.gz)
  install(FILES ${page}.gz DESTINATION ${CMAKE_INSTALL_MANDIR}/man1)
endfunction()
ca_man_page(creatoraudit-mcp "MCP server (stdio) for the CreatorAudit v2 API" VERSION_FROM_FLAG)
ca_man_page(creatoraudit-sandbox "local simulator of the CreatorAudit v2 API")

install(FILES README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs FILES_MATCHING PATTERN "*.md")
install(FILES packaging/debian/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The host configuration examples name the binary as the Debian package installs it (/usr/bin); an install under
# another prefix gets copies that name the binary where this install put it, so they work as they are.
configure_file(cmake/install_host_examples.cmake.in ${CMAKE_BINARY_DIR}/install_host_examples.cmake @ONLY)
install(SCRIPT ${CMAKE_BINARY_DIR}/install_host_examples.cmake)
