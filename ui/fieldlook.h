// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// How a field's state and the PV rules look in the window: a word AND a symbol for each
// (never colour alone), so that a correction never looks like a confirmation.
#pragma once

#include "forms/fieldstate.h"
#include "forms/pvcheck.h"

#include <QColor>
#include <QHash>
#include <QString>

class QLabel;
class QScrollArea;
class QWidget;

namespace plume::forms {
class FormSession;
}

namespace plume::ui {

// "✔ confirmé", "✎ corrigé", "✎ saisi", "⚠ douteux", …
QString stateLabel(forms::FieldState s);
QColor stateColour(forms::FieldState s);
// The short mark drawn after a value on the page: " ✔" confirmed, " ✎" corrected or
// typed, " ?" doubtful, "" otherwise.
QString pageMark(forms::FieldState s);
// A pending correction of a sealed PV: short, for the review table ("✎ en attente"), and
// spelled out for its tooltip.
QString pendingCorrectionLabel();
QString pendingCorrectionToolTip();
// A correction typed but not confirmed yet (no Enter): short for the table, spelled out for
// its tooltip and the field's hint.
QString draftLabel();
QString draftToolTip();

// PV rules: "✖" impossible, "⚠" to explain; colours of the marks.
QString ruleMark(forms::RuleKind kind);
QColor ruleColour(forms::RuleKind kind);

// The rules the PV breaks with these values: decided values (or, with readValues, the
// values as read where nothing is decided yet), with pending corrections applied.
// "Missing value" failures are left out unless withMissing; an empty station code is
// missing, never "not this station's code".
QVector<forms::RuleFailure> pvFailures(const forms::FormSession &session, bool readValues,
                                       const QHash<QString, QString> &corrections = {},
                                       bool withMissing = false);
// The worst kind of rule failing on each field.
QHash<QString, forms::RuleKind> fieldsInFailure(const QVector<forms::RuleFailure> &failures);
// One rule as rich text: mark, kind, explanation, the fields (labels) and what to do.
QString ruleHtml(const forms::RuleFailure &failure, const forms::FormSpec &pvForm);

// Why a typed value does not fit its field (translated, with the field's rule), or "" when
// it fits. The same check as the core's (forms::validateValue), worded for the official.
QString valueProblem(const forms::FieldSpec &field, const QString &value);

// A focus you can see: a thick frame around the widget that has the keyboard focus.
QString focusStyleSheet();

// A word-wrapped rich-text label, and a frameless vertical scroller that never takes the
// keyboard focus: the building blocks of the panels that must fit small screens.
QLabel *richLabel(QWidget *parent, const QString &text = {});
QScrollArea *scrolled(QWidget *content, QWidget *parent);
// The same, in the Tab order, its focus seen, scrolled by the keyboard (rules to read).
QScrollArea *readByKeyboard(QWidget *content, QWidget *parent, const QString &name);

} // namespace plume::ui
