# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
#
# The station's data and desktop integration (component plume; included from
# packaging/CMakeLists.txt). At run time the programs find the data through
# app/datadir: <exe dir>/../share/plume/…
set(plume_data ${CMAKE_INSTALL_DATADIR}/plume)
foreach(dir forms elections demo lexicons)
    if(EXISTS ${PROJECT_SOURCE_DIR}/resources/${dir})
        install(DIRECTORY ${PROJECT_SOURCE_DIR}/resources/${dir}/ DESTINATION ${plume_data}/${dir})
    endif()
endforeach()
install(FILES ${PROJECT_SOURCE_DIR}/resources/models/plume-chars.onnx
              ${PROJECT_SOURCE_DIR}/resources/models/plume-chars.json
              ${PROJECT_SOURCE_DIR}/resources/models/plume-fields.json
              ${PROJECT_SOURCE_DIR}/resources/models/MODEL_CARD.md
        DESTINATION ${plume_data}/models)

install(FILES org.plume.Plume.desktop DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES org.plume.Plume.metainfo.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/metainfo)
install(FILES org.plume.Plume.mime.xml DESTINATION ${CMAKE_INSTALL_DATADIR}/mime/packages
        RENAME org.plume.Plume.xml)
install(FILES ${PROJECT_SOURCE_DIR}/resources/icons/org.plume.Plume.svg
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps)

# plume-hq as a service (component plume-hq). Debian paths, whatever the prefix.
set(PLUME_SYSTEMD_UNIT_DIR /lib/systemd/system CACHE PATH "Where plume-hq.service goes")
set(PLUME_DEFAULTS_DIR /etc/default CACHE PATH "Where the service's defaults file goes")
install(FILES systemd/plume-hq.service DESTINATION ${PLUME_SYSTEMD_UNIT_DIR} COMPONENT plume-hq)
install(FILES systemd/plume-hq.default DESTINATION ${PLUME_DEFAULTS_DIR} RENAME plume-hq
        COMPONENT plume-hq)
# The unit's ExecStartPre=: creates a new SQLite database, HQ's key and the operator token.
install(PROGRAMS systemd/plume-hq-first-start DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/plume-hq
        RENAME first-start COMPONENT plume-hq)
