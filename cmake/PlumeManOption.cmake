# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
#
# The man-page option, decided before any subdirectory: tests/packaging (package_check)
# reads it, and is configured before packaging/ (which builds the pages, PlumeDocs.cmake).
find_program(HELP2MAN help2man)
set(manpages_default OFF)
if(HELP2MAN AND NOT PLUME_SANITIZE)
    set(manpages_default ON)
endif()
option(PLUME_MANPAGES "Generate the man pages with help2man" ${manpages_default})
if(PLUME_MANPAGES AND NOT HELP2MAN)
    message(FATAL_ERROR "PLUME_MANPAGES needs help2man (apt install help2man)")
endif()
