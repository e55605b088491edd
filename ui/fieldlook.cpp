// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "ui/fieldlook.h"

#include "forms/formsession.h"
#include "ui/i18n.h"

#include <QCoreApplication>
#include <QLabel>
#include <QScrollArea>

namespace plume::ui {
namespace {

struct FieldLook
{
    Q_DECLARE_TR_FUNCTIONS(FieldLook)
};

} // namespace

QString stateLabel(forms::FieldState s)
{
    switch (s) {
    case forms::FieldState::Empty:
        return FieldLook::tr("vide");
    case forms::FieldState::Writing:
        return FieldLook::tr("✍ en cours d'écriture");
    case forms::FieldState::ToType:
        return FieldLook::tr("✎ à taper");
    case forms::FieldState::Doubtful:
        return FieldLook::tr("⚠ douteux");
    case forms::FieldState::Decoded:
        return FieldLook::tr("lu, à confirmer");
    case forms::FieldState::Confirmed:
        return FieldLook::tr("✔ confirmé");
    case forms::FieldState::Corrected:
        return FieldLook::tr("✎ corrigé");
    case forms::FieldState::Typed:
        return FieldLook::tr("✎ saisi");
    }
    return {};
}

QColor stateColour(forms::FieldState s)
{
    switch (s) {
    case forms::FieldState::Empty:
        return QColor(255, 255, 255);
    case forms::FieldState::Writing:
        return QColor(255, 243, 176);
    case forms::FieldState::ToType:
        return QColor(255, 205, 150); // waits for an official, as a doubtful reading does
    case forms::FieldState::Doubtful:
        return QColor(255, 205, 150);
    case forms::FieldState::Decoded:
        return QColor(214, 230, 255);
    case forms::FieldState::Confirmed:
        return QColor(196, 236, 200);
    case forms::FieldState::Corrected:
        return QColor(226, 210, 245);
    case forms::FieldState::Typed:
        return QColor(200, 236, 232);
    }
    return Qt::white;
}

QString pageMark(forms::FieldState s)
{
    switch (s) {
    case forms::FieldState::Doubtful:
        return QStringLiteral(" ?");
    case forms::FieldState::Confirmed:
        return QStringLiteral(" ✔");
    case forms::FieldState::Corrected:
    case forms::FieldState::Typed:
        return QStringLiteral(" ✎");
    default:
        return {};
    }
}

QString pendingCorrectionLabel()
{
    return FieldLook::tr("✎ en attente");
}

QString pendingCorrectionToolTip()
{
    return FieldLook::tr("Correction en attente : elle sera scellée dans la nouvelle version du "
                         "PV, avec sa raison.");
}

QString draftLabel()
{
    return FieldLook::tr("✎ non confirmé");
}

QString draftToolTip()
{
    return FieldLook::tr("Correction saisie, non confirmée : rien n'est enregistré. Revenez sur "
                         "le champ : Entrée la confirme, Échap l'abandonne.");
}

QString ruleMark(forms::RuleKind kind)
{
    return kind == forms::RuleKind::Impossible ? QStringLiteral("✖") : QStringLiteral("⚠");
}

QColor ruleColour(forms::RuleKind kind)
{
    return kind == forms::RuleKind::Impossible ? QColor(200, 20, 20) : QColor(190, 110, 0);
}

QVector<forms::RuleFailure> pvFailures(const forms::FormSession &session, bool readValues,
                                       const QHash<QString, QString> &corrections, bool withMissing)
{
    QHash<QString, QString> values = session.pvValues(!readValues);
    for (auto it = corrections.begin(); it != corrections.end(); ++it)
        values.insert(it.key(), it.value());
    // A station code not written yet is a value still missing, not a code that differs:
    // the code rule judges only a code that has a value.
    const QString code = QStringLiteral("code_bureau");
    if (values.contains(code) && values.value(code).trimmed().isEmpty())
        values.remove(code);
    QVector<forms::RuleFailure> out;
    for (const forms::RuleFailure &f : forms::checkPv(values, session.election()))
        if (withMissing || f.rule != forms::PvRule::CountsMissing)
            out.append(f);
    return out;
}

QHash<QString, forms::RuleKind> fieldsInFailure(const QVector<forms::RuleFailure> &failures)
{
    QHash<QString, forms::RuleKind> out;
    for (const forms::RuleFailure &f : failures)
        for (const QString &field : f.fields)
            if (!out.contains(field) || f.isImpossible())
                out.insert(field, f.kind());
    return out;
}

QString ruleHtml(const forms::RuleFailure &failure, const forms::FormSpec &pvForm)
{
    const QString colour = ruleColour(failure.kind()).name();
    return FieldLook::tr("<span style='color:%1'><b>%2 Règle %3</b></span> : %4<br>"
                         "<i>Champs</i> : %5<br><i>Que faire</i> : %6")
        .arg(colour, ruleMark(failure.kind()), forms::kindLabel(failure.kind()),
             failure.explanation.toHtmlEscaped(),
             fieldLabels(pvForm, failure.fields).join(QStringLiteral(", ")).toHtmlEscaped(),
             failure.advice.toHtmlEscaped());
}

QString valueProblem(const forms::FieldSpec &field, const QString &value)
{
    if (forms::validateValue(field, value).isEmpty())
        return {};
    const forms::Grammar g = field.grammar;
    if (field.boxes > 0 && value.size() > field.boxes && g != forms::Grammar::YesNo)
        return FieldLook::tr("Ce champ a %n case(s) : %n caractère(s) au plus.", nullptr,
                             field.boxes);
    if (g == forms::Grammar::Count)
        return FieldLook::tr("Un compte s'écrit en chiffres seulement (0 ou plus).");
    if (g == forms::Grammar::Postcode)
        return FieldLook::tr("Un code postal a 5 chiffres.");
    if (g == forms::Grammar::Phone)
        return FieldLook::tr("Un numéro de téléphone a 10 chiffres et commence par 0.");
    if (g == forms::Grammar::Email)
        return FieldLook::tr("Une adresse de courriel s'écrit comme nom@domaine.fr.");
    if (g == forms::Grammar::YesNo)
        return FieldLook::tr("Tapez « oui » ou « non ».");
    if (g == forms::Grammar::Upper || g == forms::Grammar::Name)
        return FieldLook::tr("Lettres, trait d'union, apostrophe et espace seulement.");
    return FieldLook::tr("Cette valeur ne convient pas à ce champ.");
}

QString focusStyleSheet()
{
    // Focus never changes a widget's size: unfocused, a 1 px frame inside a 2 px margin;
    // focused, a 3 px frame in their place. A label never loses room to the focus frame.
    const QString boxes = QStringLiteral("QTableWidget, QListWidget, QLineEdit, QPlainTextEdit, "
                                         "QComboBox, QPushButton");
    const QString focused = QStringLiteral("QTableWidget:focus, QListWidget:focus, "
                                           "QLineEdit:focus, QPlainTextEdit:focus, "
                                           "QComboBox:focus, QPushButton:focus");
    return boxes + QStringLiteral(" { border: 1px solid #8c8c8c; margin: 2px; }") + focused +
           QStringLiteral(" { border: 3px solid #1a56db; margin: 0px; }"
                          " QPushButton { border-radius: 3px; padding: 3px 8px;"
                          " background: palette(button); }"
                          " QPushButton:pressed { background: palette(mid); }"
                          " QTableWidget::item:selected:focus { background: #1a56db; color: "
                          "white; }"
                          " QScrollArea#readByKeyboard { border: 1px solid #c8c8c8; margin: 2px; }"
                          " QScrollArea#readByKeyboard:focus { border: 3px solid #1a56db; "
                          "margin: 0px; }");
}

QLabel *richLabel(QWidget *parent, const QString &text)
{
    auto *label = new QLabel(text, parent);
    label->setWordWrap(true);
    label->setTextFormat(Qt::RichText);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

QScrollArea *scrolled(QWidget *content, QWidget *parent)
{
    auto *area = new QScrollArea(parent);
    area->setWidget(content);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setFocusPolicy(Qt::NoFocus);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    return area;
}

// Tab reaches it and the arrows and Page keys scroll it: failing rules below the fold of a
// 1024x768 screen were out of the keyboard's reach (a review, 2026-12-01).
QScrollArea *readByKeyboard(QWidget *content, QWidget *parent, const QString &name)
{
    QScrollArea *area = scrolled(content, parent);
    area->setObjectName(QStringLiteral("readByKeyboard"));
    area->setFocusPolicy(Qt::StrongFocus);
    area->setAccessibleName(name);
    return area;
}

} // namespace plume::ui
