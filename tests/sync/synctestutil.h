// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Helpers shared by the sync and hq tests: a station file with a complete PV.
#pragma once

#include "store/store.h"
#include "sync/crypto.h"
#include "sync/seal.h"
#include "teststation.h"

#include <QHash>
#include <QString>

#include <memory>

namespace plume::testutil {

inline store::ElectionConfig demoElection()
{
    QString error;
    auto e = store::ElectionConfig::fromFile(
        QStringLiteral(PLUME_SOURCE_DIR "/resources/elections/demo.json"), &error);
    if (!e)
        qFatal("demo election: %s", qPrintable(error));
    return *e;
}

inline void decide(store::Store &s, const QString &sheet, const QString &field,
                   const QString &value, const QString &official = QStringLiteral("Marie LEROY"))
{
    store::Decision d;
    d.sheetId = sheet;
    d.field = field;
    d.value = value;
    d.official = official;
    d.source = store::DecisionSource::Typed;
    s.decide(d);
}

// A consistent PV for the demo election (4 candidates).
inline QHash<QString, QString> goodPv()
{
    return {{QStringLiteral("code_bureau"), QStringLiteral("75056-0042")},
            {QStringLiteral("inscrits"), QStringLiteral("1250")},
            {QStringLiteral("votants"), QStringLiteral("800")},
            {QStringLiteral("enveloppes"), QStringLiteral("800")},
            {QStringLiteral("blancs"), QStringLiteral("10")},
            {QStringLiteral("nuls"), QStringLiteral("5")},
            {QStringLiteral("exprimes"), QStringLiteral("785")},
            {QStringLiteral("voix.aubert"), QStringLiteral("400")},
            {QStringLiteral("voix.benali"), QStringLiteral("200")},
            {QStringLiteral("voix.dufour"), QStringLiteral("100")},
            {QStringLiteral("voix.morel"), QStringLiteral("85")}};
}

// A protected station with its key pair (a copy of a per-process template: fast).
inline std::unique_ptr<store::Store> newStation(const QString &path,
                                                const QString &code = QString())
{
    store::ElectionConfig e = demoElection();
    if (!code.isEmpty())
        e.stationCode = code;
    return teststation::copyOfTemplate(path, e,
                                       [](store::Store &s) { sync::createStationKeys(s); });
}

// Decides every value; code_bureau is the station's own code unless values says otherwise.
inline void fillPv(store::Store &s, QHash<QString, QString> values = goodPv())
{
    if (values.value(QStringLiteral("code_bureau")) ==
        goodPv().value(QStringLiteral("code_bureau")))
        values[QStringLiteral("code_bureau")] = s.election().stationCode;
    for (auto it = values.begin(); it != values.end(); ++it)
        decide(s, store::kPvSheetId, it.key(), it.value());
}

// A contact sheet with every required field and the given consent.
inline QString addContact(store::Store &s, const QString &nom, const QString &consent)
{
    const QString id = s.newSheet(QStringLiteral("contact"));
    decide(s, id, QStringLiteral("nom"), nom);
    decide(s, id, QStringLiteral("prenom"), QStringLiteral("Jeanne"));
    decide(s, id, QStringLiteral("code_postal"), QStringLiteral("75011"));
    decide(s, id, QStringLiteral("commune"), QStringLiteral("PARIS"));
    decide(s, id, QStringLiteral("consentement"), consent);
    return id;
}

} // namespace plume::testutil
