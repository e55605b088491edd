# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
# Shared compile settings for every Plume target (KeePassXC/qBittorrent style).
add_library(plume_settings INTERFACE)
target_compile_features(plume_settings INTERFACE cxx_std_20)
target_compile_definitions(plume_settings INTERFACE
    QT_NO_CAST_FROM_ASCII
    QT_NO_CAST_TO_ASCII
    QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_NO_FOREACH
    QT_USE_QSTRINGBUILDER
    QT_STRICT_ITERATORS
    QT_DISABLE_DEPRECATED_UP_TO=0x060400
    QT_DISABLE_DEPRECATED_BEFORE=0x060400
    PLUME_VERSION="${PROJECT_VERSION}")
target_compile_options(plume_settings INTERFACE -Wall -Wextra -Wpedantic)
if(DEFINED ENV{CI} OR PLUME_WERROR)
    target_compile_options(plume_settings INTERFACE -Werror)
endif()
include(PlumeHardening)

# plume_add_library(NAME SOURCES ... LIBS ...): one static library per core module.
function(plume_add_library name)
    cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
    add_library(${name} STATIC ${ARG_SOURCES})
    target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/..)
    target_link_libraries(${name} PUBLIC plume_settings ${ARG_LIBS})
endfunction()

# plume_add_test(NAME SOURCES ... LIBS ... [GUI] [TIMEOUT s] [LABELS ...]):
# one QtTest executable per test class, registered with ctest.
function(plume_add_test name)
    cmake_parse_arguments(ARG "GUI" "TIMEOUT" "SOURCES;LIBS;LABELS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE plume_settings Qt6::Test ${ARG_LIBS})
    target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
    target_compile_definitions(${name} PRIVATE
        PLUME_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
        PLUME_BINARY_DIR="${PROJECT_BINARY_DIR}"
        PLUME_SHARED_DATA_DIR="${PLUME_SHARED_DATA_DIR}")
    add_test(NAME ${name} COMMAND ${name})
    set(env "QT_QPA_PLATFORM=offscreen;PLUME_SOURCE_DIR=${PROJECT_SOURCE_DIR}")
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${env}" TIMEOUT ${ARG_TIMEOUT})
    if(ARG_LABELS)
        set_tests_properties(${name} PROPERTIES LABELS "${ARG_LABELS}")
    endif()
endfunction()
