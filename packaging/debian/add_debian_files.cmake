# CPack pre-build script (CPACK_PRE_BUILD_SCRIPTS in cmake/Packaging.cmake): adds the files only a Debian package
# carries to the staged install tree before dpkg-deb packs it — the changelog (gzipped, as Debian policy wants)
# and lintian's overrides with their reasons — and drops the .comment section CPack's strip leaves. Refuses a
# changelog whose newest entry is not the package's version.
if(NOT CPACK_TEMPORARY_INSTALL_DIRECTORY OR NOT CPACK_CA_DEBIAN_DIR)
  message(FATAL_ERROR "add_debian_files.cmake runs inside cpack (CPACK_PRE_BUILD_SCRIPTS) only")
endif()
set(root "${CPACK_TEMPORARY_INSTALL_DIRECTORY}${CPACK_PACKAGING_INSTALL_PREFIX}")
set(docdir "${root}/share/doc/${CPACK_PACKAGE_NAME}")
if(NOT EXISTS "${docdir}/copyright")
  message(FATAL_ERROR "${docdir}/copyright is missing: the staged tree is not where this script expects it")
endif()

file(STRINGS "${CPACK_CA_DEBIAN_DIR}/changelog" first_line LIMIT_COUNT 1)
if(NOT first_line MATCHES "^${CPACK_PACKAGE_NAME} \\(${CPACK_PACKAGE_VERSION}\\) ")
  message(FATAL_ERROR "packaging/debian/changelog starts with \"${first_line}\"; its newest entry must be "
                      "version ${CPACK_PACKAGE_VERSION} (project() in CMakeLists.txt): add an entry")
endif()
# A native package (no Debian revision in its version) keeps its changelog as changelog.gz. gzip -n: reproducible.
file(COPY_FILE "${CPACK_CA_DEBIAN_DIR}/changelog" "${docdir}/changelog")
execute_process(COMMAND gzip -9nf "${docdir}/changelog" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "gzip failed on ${docdir}/changelog")
endif()

# CPack's strip keeps the .comment section (compiler version strings); dh_strip drops it, and so does this.
file(GLOB programs "${root}/bin/*")
foreach(program IN LISTS programs)
  execute_process(COMMAND objcopy --remove-section=.comment "${program}" RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "objcopy failed on ${program}")
  endif()
endforeach()

file(MAKE_DIRECTORY "${root}/share/lintian/overrides")
file(COPY_FILE "${CPACK_CA_DEBIAN_DIR}/lintian-overrides" "${root}/share/lintian/overrides/${CPACK_PACKAGE_NAME}")
