#include "forms/pvcheck.h"

#include "forms/formspec.h"

#include <QJsonObject>
#include <QLocale>

#include <optional>

namespace plume::forms {

QVector<RuleFailure> checkPv(const QHash<QString, QString> &values,
                             const store::ElectionConfig &election)
{
    QVector<RuleFailure> out;
    QHash<QString, std::optional<qint64>> n;
    const QStringList fields = pvCountFields(election);
    QStringList missing;
    for (const QString &f : fields) {
        const QString v = values.value(f).trimmed();
        bool ok = false;
        const qint64 x = v.toLongLong(&ok);
        if (v.isEmpty()) {
            missing << f;
            n.insert(f, std::nullopt);
        } else if (!ok || x < 0) {
            out.append({QStringLiteral("entier_positif"),
                        QStringLiteral("« %1 » n'est pas un nombre entier positif (%2).").arg(v, f),
                        {f}});
            n.insert(f, std::nullopt);
        } else {
            n.insert(f, x);
        }
    }
    if (!missing.isEmpty())
        out.append(
            {QStringLiteral("champs_manquants"),
             QStringLiteral("Valeurs manquantes : %1.").arg(missing.join(QStringLiteral(", "))),
             missing});
    auto num = [](qint64 v) { return QLocale(QLocale::French).toString(v); };
    const auto inscrits = n.value(QStringLiteral("inscrits"));
    const auto votants = n.value(QStringLiteral("votants"));
    const auto enveloppes = n.value(QStringLiteral("enveloppes"));
    const auto blancs = n.value(QStringLiteral("blancs"));
    const auto nuls = n.value(QStringLiteral("nuls"));
    const auto exprimes = n.value(QStringLiteral("exprimes"));
    if (inscrits && votants && *votants > *inscrits)
        out.append({QStringLiteral("votants_le_inscrits"),
                    QStringLiteral("Il y a plus de votants (%1) que d'inscrits (%2).")
                        .arg(num(*votants), num(*inscrits)),
                    {QStringLiteral("votants"), QStringLiteral("inscrits")}});
    if (election.inscrits && inscrits && *inscrits != *election.inscrits)
        out.append({QStringLiteral("inscrits_liste"),
                    QStringLiteral("Le nombre d'inscrits (%1) diffère de celui de la liste "
                                   "électorale (%2).")
                        .arg(num(*inscrits), num(*election.inscrits)),
                    {QStringLiteral("inscrits")},
                    false});
    if (enveloppes && blancs && nuls && exprimes && *exprimes != *enveloppes - *blancs - *nuls)
        out.append(
            {QStringLiteral("exprimes_eq"),
             QStringLiteral("Exprimés (%1) ≠ enveloppes − blancs − nuls (%2 − %3 − %4 = %5).")
                 .arg(num(*exprimes), num(*enveloppes), num(*blancs), num(*nuls),
                      num(*enveloppes - *blancs - *nuls)),
             {QStringLiteral("exprimes"), QStringLiteral("enveloppes"), QStringLiteral("blancs"),
              QStringLiteral("nuls")}});
    qint64 sum = 0;
    bool allVoix = true;
    QStringList voixFields;
    for (const store::Candidate &c : election.candidates) {
        const QString f = QStringLiteral("voix.") + c.id;
        voixFields << f;
        const auto v = n.value(f);
        if (v)
            sum += *v;
        else
            allVoix = false;
    }
    if (allVoix && exprimes && sum != *exprimes) {
        QStringList involved = voixFields;
        involved << QStringLiteral("exprimes");
        out.append({QStringLiteral("somme_voix"),
                    QStringLiteral("La somme des voix (%1) ≠ suffrages exprimés (%2).")
                        .arg(num(sum), num(*exprimes)),
                    involved});
    }
    if (votants && enveloppes && *votants != *enveloppes)
        out.append({QStringLiteral("enveloppes_votants"),
                    QStringLiteral("Enveloppes (%1) ≠ votants (%2) : l'écart doit être "
                                   "mentionné et expliqué dans les observations.")
                        .arg(num(*enveloppes), num(*votants)),
                    {QStringLiteral("enveloppes"), QStringLiteral("votants")},
                    false});
    return out;
}

QJsonArray toJson(const QVector<RuleFailure> &failures)
{
    QJsonArray a;
    for (const RuleFailure &f : failures)
        a.append(QJsonObject{{QStringLiteral("rule"), f.rule},
                             {QStringLiteral("explanation"), f.explanation},
                             {QStringLiteral("fields"), QJsonArray::fromStringList(f.fields)},
                             {QStringLiteral("blocking"), f.blocking}});
    return a;
}

} // namespace plume::forms
