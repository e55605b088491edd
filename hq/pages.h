// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The HTML pages of plume-hq (docs/hq.md#pages): the results page (GET /, public; the
// operator's view adds the officials' remarks and correction reasons) and the operator's
// station page (GET /stations/CODE): the handwritten PV drawn as inline SVG from each field's
// ink (docs/protocol.md §1), late ink highlighted, beside the numbers.
#pragma once

#include "hq/results.h"

#include <QByteArray>
#include <QJsonObject>
#include <QVector>

namespace plume::hq {

QByteArray resultsPage(const Results &r, bool operatorView);
// versions: the station's stored PV payloads, oldest first (HqDatabase::pvVersions).
QByteArray stationPage(const Results &r, const QString &station,
                       const QVector<QJsonObject> &versions);
// The SVG of one field's ink (empty for a field without ink).
QString inkSvg(const QJsonObject &ink);
// A page for when no election is known yet.
QByteArray noElectionPage();

} // namespace plume::hq
