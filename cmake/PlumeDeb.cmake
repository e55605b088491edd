# SPDX-License-Identifier: GPL-3.0-or-later
# Copyright (C) 2026 The Plume developers
#
# Two Debian packages from one CPack run (cpack -G DEB), one per install component.
# ./run.sh package builds them (tests off, no source tree); packaging/check-packages.sh
# checks them (lintian, contents, hardening, no build path).

# Runtime dependencies dpkg-shlibdeps cannot see: plugins Qt loads by name, fonts, data.
# Libraries a branch links (e.g. libpwquality) need nothing here: shlibdeps finds them.
set(PLUME_DEB_DEPENDS "libqt6sql6-sqlite, fonts-dejavu-core, wfrench"
    CACHE STRING "Depends of the plume package, besides the shared libraries")
set(PLUME_DEB_RECOMMENDS "qt6-translations-l10n, bluez"
    CACHE STRING "Recommends of the plume package")
set(PLUME_HQ_DEB_DEPENDS "libqt6sql6-sqlite"
    CACHE STRING "Depends of the plume-hq package, besides the shared libraries")
set(PLUME_HQ_DEB_RECOMMENDS "libqt6sql6-psql"
    CACHE STRING "Recommends of the plume-hq package")

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME plume)
set(CPACK_PACKAGE_VENDOR "The Plume developers")
set(CPACK_PACKAGE_CONTACT "The Plume developers <dev@plume.invalid>")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
# The first line of CPACK_DEBIAN_<COMPONENT>_DESCRIPTION is the synopsis. An empty
# summary, not an unset one: CPack defaults it to project(DESCRIPTION) and would put that
# line before each package's own description (both packages, one synopsis).
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "")
set(CPACK_STRIP_FILES ON)
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL plume plume-hq)
set(CPACK_COMPONENTS_GROUPING IGNORE)

set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SOURCE plume)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE ${PROJECT_HOMEPAGE_URL})
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_DEBIAN_PLUME_PACKAGE_NAME plume)
set(CPACK_DEBIAN_PLUME_PACKAGE_SECTION misc)
set(CPACK_DEBIAN_PLUME_PACKAGE_DEPENDS "${PLUME_DEB_DEPENDS}")
set(CPACK_DEBIAN_PLUME_PACKAGE_RECOMMENDS "${PLUME_DEB_RECOMMENDS}")
set(CPACK_DEBIAN_PLUME_PACKAGE_SUGGESTS "plume-hq")
set(CPACK_DEBIAN_PLUME_DESCRIPTION [=[Polling-station reports from a digital pen, checked by people
Plume runs on the polling-station president's laptop on election night.
The officials fill the results report (proces-verbal) and the contact
sheets with a Bluetooth digital pen; the ink appears live on the form, an
embedded handwriting recogniser reads every box, and an official confirms
or corrects each value with the keyboard. Nothing counts until a person
confirms it.

Plume checks the report's arithmetic, keeps everything in a crash-safe
station file with an audit trail, seals the report with the station's
signature, delivers it to headquarters exactly once (or as an encrypted
offline file), exports it as PDF, CSV or JSON, and protects the contact
data (consent, encryption at rest, purge once delivered).

This package contains the window (plume), the command line (plumectl), a
pen simulator (plume-pensim), the recogniser model, the form templates and
a demo election. The headquarters server is in the package plume-hq.]=])

set(CPACK_DEBIAN_PLUME-HQ_PACKAGE_NAME plume-hq)
set(CPACK_DEBIAN_PLUME-HQ_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PLUME-HQ_PACKAGE_DEPENDS "${PLUME_HQ_DEB_DEPENDS}")
set(CPACK_DEBIAN_PLUME-HQ_PACKAGE_RECOMMENDS "${PLUME_HQ_DEB_RECOMMENDS}")
set(CPACK_DEBIAN_PLUME-HQ_PACKAGE_SUGGESTS "postgresql")
set(CPACK_DEBIAN_PLUME-HQ_PACKAGE_CONTROL_EXTRA
    ${CMAKE_CURRENT_SOURCE_DIR}/debian/conffiles ${CMAKE_CURRENT_SOURCE_DIR}/debian/postinst
    ${CMAKE_CURRENT_SOURCE_DIR}/debian/prerm ${CMAKE_CURRENT_SOURCE_DIR}/debian/postrm)
set(CPACK_DEBIAN_PLUME-HQ_DESCRIPTION [=[Headquarters receiver for Plume polling-station reports
plume-hq receives the sealed results reports (proces-verbaux) and contact
sheets that Plume polling stations send over HTTPS. It checks each seal
against the station's enrolled public key and the report rules, stores
every submission exactly once in SQLite or PostgreSQL, answers with a
signed receipt, imports offline delivery files, prints the consolidated
results and exports the contacts for the operator.

It needs no Qt Gui or Widgets libraries. A hardened systemd unit
(plume-hq.service, transient user, read-only system) is configured in
/etc/default/plume-hq; its first start creates a new SQLite database, the
headquarters' key pair and the operator token.
The station software is in the package plume.]=])

include(CPack)
