// The PV's arithmetic, explained in plain French (docs/election-rules.md).
#pragma once

#include "store/election.h"

#include <QHash>
#include <QJsonArray>
#include <QString>
#include <QVector>

namespace plume::forms {

struct RuleFailure
{
    QString rule;         // stable id: votants_le_inscrits, exprimes_eq, somme_voix, ...
    QString explanation;  // plain French, with the numbers
    QStringList fields;   // fields involved
    bool blocking = true; // false: must be explained in the remarks, not an error
};

// values: field name -> value (as typed/decided; missing or empty = not filled).
QVector<RuleFailure> checkPv(const QHash<QString, QString> &values,
                             const store::ElectionConfig &election);
QJsonArray toJson(const QVector<RuleFailure> &failures);

} // namespace plume::forms
