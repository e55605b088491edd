// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "forms/fieldstate.h"
#include "forms/pvcheck.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace plume::forms {
namespace {

// Human messages, in French (source language).
struct FormsText
{
    Q_DECLARE_TR_FUNCTIONS(Forms)
};

} // namespace

QString toString(FieldState s)
{
    switch (s) {
    case FieldState::Empty:
        return QStringLiteral("empty");
    case FieldState::Writing:
        return QStringLiteral("writing");
    case FieldState::ToType:
        return QStringLiteral("to_type");
    case FieldState::Doubtful:
        return QStringLiteral("doubtful");
    case FieldState::Decoded:
        return QStringLiteral("decoded");
    case FieldState::Confirmed:
        return QStringLiteral("confirmed");
    case FieldState::Corrected:
        return QStringLiteral("corrected");
    case FieldState::Typed:
        return QStringLiteral("typed");
    }
    return {};
}

QString FieldStatus::value() const
{
    if (decision)
        return decision->value;
    if (reading)
        return reading->value;
    return {};
}

QJsonObject FieldStatus::toJson() const
{
    QJsonObject o{{QStringLiteral("field"), field},
                  {QStringLiteral("label"), label},
                  {QStringLiteral("state"), toString(state)},
                  {QStringLiteral("value"), value()}};
    if (reading) {
        o.insert(QStringLiteral("reading"), reading->value);
        o.insert(QStringLiteral("confidence"), reading->confidence);
        o.insert(QStringLiteral("flagged"), reading->flagged);
        if (!reading->reason.isEmpty())
            o.insert(QStringLiteral("reason"), reading->reason);
    }
    if (decision) {
        o.insert(
            QStringLiteral("decision"),
            QJsonObject{{QStringLiteral("value"), decision->value},
                        {QStringLiteral("official"), decision->official},
                        {QStringLiteral("source"), store::toString(decision->source)},
                        {QStringLiteral("at"), decision->decidedAt.toString(Qt::ISODateWithMs)}});
    }
    return o;
}

store::Reading clearedReading(const QString &sheetId, const QString &field,
                              const QString &modelVersion)
{
    store::Reading r;
    r.sheetId = sheetId;
    r.field = field;
    r.modelVersion = modelVersion;
    r.nbest = QJsonObject{{QStringLiteral("cleared"), true}};
    return r;
}

bool isClearedReading(const store::Reading &reading)
{
    return reading.nbest.value(QStringLiteral("cleared")).toBool();
}

QVector<FieldStatus> fieldStatuses(const store::Store &store, const FormSpec &form,
                                   const QString &sheetId)
{
    QVector<FieldStatus> out;
    for (const FieldSpec &f : form.fields) {
        if (f.boxes == 0)
            continue;
        FieldStatus s;
        s.field = f.name;
        s.label = f.label;
        s.reading = store.latestReading(sheetId, f.name);
        if (s.reading && isClearedReading(*s.reading))
            s.reading.reset(); // its ink was struck out: nothing to read
        s.decision = store.latestDecision(sheetId, f.name);
        if (s.decision) {
            switch (s.decision->source) {
            case store::DecisionSource::Confirmed:
                s.state = FieldState::Confirmed;
                break;
            case store::DecisionSource::Corrected:
                s.state = FieldState::Corrected;
                break;
            case store::DecisionSource::Typed:
            case store::DecisionSource::Withdrawn: // never latest: latestDecision skips it
                s.state = FieldState::Typed;
                break;
            }
        } else if (s.reading) {
            s.state = s.reading->flagged ? FieldState::Doubtful : FieldState::Decoded;
        }
        out.append(s);
    }
    return out;
}

bool isCountText(const QString &value)
{
    static const QRegularExpression count(
        QRegularExpression::anchoredPattern(QStringLiteral("[0-9]{1,9}")));
    return count.match(value).hasMatch();
}

// A count is recorded as a plain integer: "0200" written in five boxes is 200. A count typed
// "077" kept its zero in the signed PV, and "01250" typed over a reading of 1250 was a
// correction, printed « CORRIGÉ (lu : 1250) » (reviews, 2026-12-01).
QString recordedValue(const FieldSpec &field, const QString &value)
{
    return field.grammar == Grammar::Count && isCountText(value) ? plainCount(value) : value;
}

QString plainCount(const QString &value)
{
    static const QRegularExpression digits(QStringLiteral("^[0-9]+\\z"));
    static const QRegularExpression zeros(QStringLiteral("^0+(?=[0-9])"));
    return value.contains(digits) ? QString(value).remove(zeros) : value;
}

QString validateValue(const FieldSpec &field, const QString &value)
{
    const Grammar g = field.grammar;
    // Anchored at the very end: `$` alone also matches before a final newline ("12\n").
    auto matches = [&](const char *pattern) {
        return QRegularExpression(QRegularExpression::anchoredPattern(QString::fromLatin1(pattern)))
            .match(value)
            .hasMatch();
    };
    if (value.size() > field.boxes && field.boxes > 0 && g != Grammar::YesNo)
        return FormsText::tr("au plus %1 caractères").arg(field.boxes);
    if (g == Grammar::Count)
        return isCountText(value) ? QString()
                                  : FormsText::tr("un compte est un nombre entier positif ou nul");
    // A station code: ASCII letters, digits and "-", starting with a letter or a digit
    // (fullwidth or Arabic-Indic digits, U+2212 minus or "-1+1" were taken as written).
    if (g == Grammar::Code)
        return matches("^([0-9A-Za-z][0-9A-Za-z-]*)?$")
                   ? QString()
                   : FormsText::tr("des chiffres, des lettres sans accent et « - » seulement, "
                                   "en commençant par un chiffre ou une lettre");
    if (g == Grammar::Postcode)
        return matches("^[0-9]{5}$") ? QString() : FormsText::tr("un code postal a 5 chiffres");
    if (g == Grammar::Phone)
        return value.isEmpty() || matches("^0[1-9][0-9]{8}$")
                   ? QString()
                   : FormsText::tr(
                         "un numéro de téléphone français a 10 chiffres et commence par 0");
    // A value starts with a letter or a digit: "=HYPERLINK(…)", "-2+3…" or "@…" typed into a
    // contact field reached HQ's export as written (spreadsheet formulas).
    if (g == Grammar::Email)
        return value.isEmpty() ||
                       matches("^[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$")
                   ? QString()
                   : FormsText::tr("une adresse de courriel comme nom@domaine.fr est attendue");
    if (g == Grammar::YesNo)
        return matches("^(oui|non)$") ? QString() : FormsText::tr("« oui » ou « non » est attendu");
    if (g == Grammar::Upper || g == Grammar::Name)
        return matches("^(\\p{L}[\\p{L}' -]*)?$")
                   ? QString()
                   : FormsText::tr("des lettres, le trait d'union, l'apostrophe et l'espace "
                                   "seulement, en commençant par une lettre");
    if (g == Grammar::Alnum)
        return matches("^([\\p{L}0-9][\\p{L}0-9' ,./-]*)?$")
                   ? QString()
                   : FormsText::tr("des lettres, des chiffres, l'espace et , ' . / - seulement, "
                                   "en commençant par une lettre ou un chiffre");
    return {};
}

} // namespace plume::forms

namespace plume::forms {
namespace {

// Why a sheet that is not open takes no more decisions, in words (no internal id).
QString closedSheetMessage(store::SheetState state)
{
    switch (state) {
    case store::SheetState::Sealed:
        return FormsText::tr("Cette feuille est scellée : elle ne peut plus être modifiée.");
    case store::SheetState::Purged:
        return FormsText::tr("Cette fiche a été envoyée au siège puis effacée du bureau : elle "
                             "ne peut plus être modifiée.");
    case store::SheetState::Erased:
        return FormsText::tr("Cette fiche a été effacée faute de consentement : elle ne reçoit "
                             "plus de décision.");
    case store::SheetState::Open:
        break;
    }
    return {};
}

} // namespace

qint64 decideField(store::Store &store, const FormSpec &form, const QString &sheetId,
                   const QString &field, const std::optional<QString> &value,
                   const QString &official)
{
    const auto sheet = store.sheet(sheetId);
    if (!sheet)
        throw store::StoreError(FormsText::tr("Pas de feuille « %1 ».").arg(sheetId));
    if (sheet->state != store::SheetState::Open)
        throw store::StoreError(closedSheetMessage(sheet->state));
    const FieldSpec *spec = form.field(field);
    if (!spec || spec->boxes == 0)
        throw store::StoreError(
            FormsText::tr("Le formulaire « %1 » n'a pas de champ « %2 ».").arg(form.id, field));
    if (official.trimmed().isEmpty())
        throw store::StoreError(FormsText::tr("Une décision demande le nom du membre du bureau."));
    const QString decider = officialAsListed(store.election(), official);
    const auto reading = store.latestReading(sheetId, field);
    const auto previous = store.latestDecision(sheetId, field);
    store::Decision d;
    d.sheetId = sheetId;
    d.field = field;
    d.official = decider;
    d.previousValue = previous ? previous->value : (reading ? reading->value : QString());
    if (reading)
        d.readingId = reading->id;
    if (value) {
        d.value = recordedValue(*spec, value->trimmed());
        d.source = !reading ? store::DecisionSource::Typed
                   : recordedValue(*spec, reading->value) == d.value
                       ? store::DecisionSource::Confirmed
                       : store::DecisionSource::Corrected;
    } else {
        if (!reading)
            throw store::StoreError(
                FormsText::tr("Le champ %1 n'a pas de lecture à confirmer : donnez sa valeur.")
                    .arg(field));
        d.value = recordedValue(*spec, reading->value);
        d.source = store::DecisionSource::Confirmed;
    }
    // A confirmed reading too: a cleared one (every stroke struck) is empty.
    if (const QString why = validateValue(*spec, d.value); !why.isEmpty())
        throw store::StoreError(FormsText::tr("Valeur invalide pour %1 : %2").arg(field, why));
    return store.decide(d);
}

namespace {

// The listed officials `name` designates: the one listed under exactly that name (role
// included) or else every one listed under it without the role (namesakes: several).
QStringList listedMatches(const store::ElectionConfig &election, const QString &name)
{
    const QString key = officialKey(name);
    if (key.isEmpty())
        return {};
    for (const QString &listed : election.officials)
        if (officialKey(listed) == key)
            return {listed};
    QStringList out;
    for (const QString &listed : election.officials)
        if (officialKey(withoutRole(listed)) == key && !out.contains(listed))
            out << listed;
    return out;
}

} // namespace

QString listedOfficial(const store::ElectionConfig &election, const QString &name)
{
    if (election.officials.isEmpty())
        return visibleText(name);
    const QStringList matches = listedMatches(election, name);
    return matches.size() == 1 ? matches.first() : QString();
}

QString unlistedOfficialMessage(const store::ElectionConfig &election, const QString &name)
{
    if (election.officials.isEmpty() || !listedOfficial(election, name).isEmpty())
        return {};
    if (const QStringList namesakes = listedMatches(election, name); namesakes.size() > 1)
        return FormsText::tr("« %1 » désigne plusieurs membres de ce bureau (%2) : donnez le nom "
                             "avec le rôle entre parenthèses, tel que le fichier d'élection "
                             "l'écrit.")
            .arg(visibleText(name), namesakes.join(QStringLiteral(", ")));
    return FormsText::tr("« %1 » n'est pas un membre de ce bureau : le fichier d'élection "
                         "désigne %2. Choisissez l'un d'eux.")
        .arg(visibleText(name), election.officials.join(QStringLiteral(", ")));
}

QString officialAsListed(const store::ElectionConfig &election, const QString &name)
{
    if (visibleText(name).isEmpty())
        throw store::StoreError(FormsText::tr("Une décision demande le nom du membre du bureau."));
    const QString listed = listedOfficial(election, name);
    if (listed.isEmpty())
        throw store::StoreError(unlistedOfficialMessage(election, name));
    return listed;
}

} // namespace plume::forms
