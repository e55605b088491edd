# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
#
# Hardening, reproducible paths and sanitizers for every Plume target (through
# plume_settings). Checked by the ctest test `hardening_check` (hardening-check from
# devscripts) and by packaging/check-packages.sh on the .deb files.

# PIE for every executable (-fPIE/-pie), position-independent static libraries.
include(CheckPIESupported)
check_pie_supported()
set(CMAKE_POSITION_INDEPENDENT_CODE ON)

# No build or source path in a package's binaries: __FILE__ and the debug information
# (file names, DW_AT_comp_dir) are relative to the tree. GCC tries the last map first, so
# the binary dir, which may sit inside the source dir, comes last. Developer builds go
# without: these absolute paths would defeat ccache's sharing between worktrees.
if(NOT PLUME_DEVELOPER_BUILD)
    target_compile_options(plume_settings INTERFACE
        -ffile-prefix-map=${PROJECT_SOURCE_DIR}=.
        -ffile-prefix-map=${PROJECT_BINARY_DIR}=.)
endif()

if(PLUME_SANITIZE)
    # ASAN=1 ./run.sh test: AddressSanitizer + UBSan, in a build dir of its own. FORTIFY
    # is left out (it hides the accesses ASan checks); UBSan findings abort the test.
    set(flags -fsanitize=${PLUME_SANITIZE} -fno-omit-frame-pointer -fno-sanitize-recover=all)
    target_compile_options(plume_settings INTERFACE ${flags})
    target_link_options(plume_settings INTERFACE ${flags})
elseif(PLUME_HARDENING)
    # What dpkg-buildflags gives a Debian package with hardening=+all, FORTIFY only where
    # the code is optimised (glibc warns otherwise, and warnings are errors in CI).
    # FORTIFY level 3 (glibc >= 2.34, GCC >= 12) checks everything level 2 does and also
    # copies into buffers of run-time size: with level 2 alone plume-hq and plumectl had
    # no checked call at all (hardening-check: "only unprotected functions found").
    target_compile_options(plume_settings INTERFACE
        -fstack-protector-strong -fstack-clash-protection
        $<$<NOT:$<CONFIG:Debug>>:-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=3>)
    if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|i.86")
        target_compile_options(plume_settings INTERFACE -fcf-protection)
    endif()
    target_link_options(plume_settings INTERFACE -Wl,-z,relro -Wl,-z,now -Wl,--as-needed)
endif()
