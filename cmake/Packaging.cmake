# The Debian package: `cpack -G DEB` in a build directory (scripts/package.sh deb does the whole thing from a fresh
# clone). It holds exactly what `cmake --install` installs (cmake/Install.cmake), under /usr, stripped, plus the
# Debian-only files added by packaging/debian/add_debian_files.cmake. Dependencies on the shared libraries the
# programs link are computed by dpkg-shlibdeps, so they follow whatever Debian's libraries are when it is built.
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "creatoraudit-mcp")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VENDOR "creatoraudit-mcp authors")
# The project has no published maintainer address yet; set the real one here (or -DCA_PACKAGE_MAINTAINER=...).
set(CA_PACKAGE_MAINTAINER "creatoraudit-mcp maintainers <creatoraudit-mcp@users.noreply.github.com>"
    CACHE STRING "Maintainer field of the Debian package")
set(CPACK_PACKAGE_CONTACT "${CA_PACKAGE_MAINTAINER}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "MCP server for the CreatorAudit creator analytics API")
# The extended description; CPack puts the summary above it and formats it for the control file (a leading
# space per line, " ." for the empty line).
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "creatoraudit-mcp lets an AI assistant (Claude Desktop, Claude Code, VS Code,
Cursor, Windsurf, Codex CLI, Gemini CLI, Zed or any other MCP client) work with
the CreatorAudit v2 REST API: Instagram and TikTok creator analytics. The host
starts it as a subprocess and talks MCP over standard input and output.

The package also holds creatoraudit-sandbox, a local simulator of the API with
seeded data, also built into the server as its --sandbox mode, so that
everything can be tried without an API key or a network.")
set(CPACK_DEBIAN_FILE_NAME "DEB-DEFAULT") # creatoraudit-mcp_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION "net")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
set(CPACK_STRIP_FILES ON)
# Debian-only files (changelog.gz, lintian overrides) go into the staged tree after the install and before
# dpkg-deb runs, so `cmake --install` alone does not install them.
set(CPACK_PRE_BUILD_SCRIPTS "${PROJECT_SOURCE_DIR}/packaging/debian/add_debian_files.cmake")
set(CPACK_CA_DEBIAN_DIR "${PROJECT_SOURCE_DIR}/packaging/debian")
set(CPACK_PACKAGE_DIRECTORY "${CMAKE_BINARY_DIR}/packages")
include(CPack)
