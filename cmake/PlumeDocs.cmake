# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
#
# Man pages (help2man from each program's --help, plus packaging/man/NAME.h2m), bash
# completion, copyright and changelog, for both packages (included from
# packaging/CMakeLists.txt).
# PLUME_MANPAGES and HELP2MAN are set by cmake/PlumeManOption.cmake (root CMakeLists.txt).

# plume_man_page(TARGET COMPONENT [--subcommands]): NAME.1.gz from the target's --help.
function(plume_man_page target component)
    set(out ${CMAKE_CURRENT_BINARY_DIR}/man/${target}.1.gz)
    set(script ${CMAKE_CURRENT_SOURCE_DIR}/man/make-manpage.sh)
    add_custom_command(OUTPUT ${out}
        COMMAND ${CMAKE_COMMAND} -E make_directory ${CMAKE_CURRENT_BINARY_DIR}/man
        COMMAND ${CMAKE_COMMAND} -E env SOURCE_DATE_EPOCH=${PLUME_SOURCE_DATE_EPOCH}
                ${script} $<TARGET_FILE:${target}> ${target}
                ${CMAKE_CURRENT_SOURCE_DIR}/man/${target}.h2m ${out} ${ARGN}
        DEPENDS ${target} ${script} ${CMAKE_CURRENT_SOURCE_DIR}/man/${target}.h2m
        COMMENT "Man page ${target}(1)" VERBATIM)
    add_custom_target(${target}_manpage ALL DEPENDS ${out})
    install(FILES ${out} DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT ${component})
endfunction()
if(PLUME_MANPAGES)
    plume_man_page(plume plume)
    plume_man_page(plumectl plume --subcommands)
    plume_man_page(plume-pensim plume)
    plume_man_page(plume-hq plume-hq --subcommands)
endif()

# bash completion: one script for the three command-line programs, one for the window.
set(completions ${CMAKE_INSTALL_DATADIR}/bash-completion/completions)
install(FILES completion/plume DESTINATION ${completions})
foreach(program plumectl plume-pensim)
    install(FILES completion/plume-cli.bash DESTINATION ${completions} RENAME ${program})
endforeach()
install(FILES completion/plume-cli.bash DESTINATION ${completions} RENAME plume-hq
        COMPONENT plume-hq)

# /usr/share/doc/PACKAGE: copyright (machine-readable) and changelog.gz, as Debian
# policy wants them (gzip -9n: no name, no time stamp).
set(changelog_gz ${CMAKE_CURRENT_BINARY_DIR}/changelog.gz)
add_custom_command(OUTPUT ${changelog_gz}
    COMMAND gzip -9nc ${CMAKE_CURRENT_SOURCE_DIR}/debian/changelog > ${changelog_gz}
    DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/debian/changelog VERBATIM)
add_custom_target(plume_changelog ALL DEPENDS ${changelog_gz})
foreach(package plume plume-hq)
    install(FILES copyright ${changelog_gz}
            DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/${package} COMPONENT ${package})
endforeach()
