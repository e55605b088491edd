// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Form templates: the PV and the contact sheet, fields with their comb boxes in mm on the
// page (resources/forms/*.json, documented in docs/forms.md).
#pragma once

#include "ink/stroke.h"
#include "store/election.h"

#include <QHash>
#include <QRectF>
#include <QString>
#include <QVector>

#include <optional>

namespace plume::forms {

// Charset/grammar of a field, named in the templates' "grammar" key (docs/forms.md).
enum class Grammar {
    Count,    // "count": a whole number
    Postcode, // "postcode": 5 digits
    Phone,    // "phone": French phone number, 10 digits
    Upper,    // "upper": capitals (nom, commune)
    Name,     // "name": capitalised words (prénom)
    Alnum,    // "alnum": capitals and digits (adresse)
    Email,    // "email"
    YesNo,    // "yesno": a mark in the box
    Code,     // "code": digits and '-' (code du bureau)
    Free,     // "free": kept, not read
};
// The template names above; nullopt for an unknown name.
std::optional<Grammar> parseGrammar(const QString &name);
QString grammarName(Grammar grammar);

struct FieldSpec
{
    QString name;    // e.g. "inscrits", "voix.aubert", "nom"
    QString label;   // French label printed on the form
    QString labelEn; // English label for the window (empty = none; use label)
    // Shorter labels for the window's field table (empty = use label / labelEn), so that
    // "Nombre de votants (émargements)" is not cut at 1024×768; the full label stays the
    // field's title and the table's tooltip.
    QString shortLabel, shortLabelEn;
    Grammar grammar = Grammar::Free;
    QRectF firstBox;    // mm, page coordinates (origin top-left, y down)
    int boxes = 0;      // number of comb boxes (0 = free area, not recognised)
    double pitchMm = 0; // distance between box left edges
    bool required = true;
    bool personal = false;   // personal data (contact sheets): encrypted at rest
    double labelLeftMm = -1; // a grid column's label, left of the boxes from here; -1: default

    QVector<QRectF> boxRects() const; // mm
    QRectF area() const;              // mm, all boxes (or the free area)
};

struct FormSpec
{
    QString id;    // "pv" | "contact"
    QString title; // printed title
    QSizeF pageMm{210, 297};
    QPointF ncodeOriginMm; // where Ncode (0,0) falls on the page, in mm
    QStringList instructions;
    QVector<FieldSpec> fields;

    const FieldSpec *field(const QString &name) const;
    QStringList recognisedFieldNames() const; // fields with boxes, in form order
    // Pen coordinates (Ncode units) <-> page millimetres.
    QPointF toMm(double ncodeX, double ncodeY) const;
    QPointF toNcode(QPointF mm) const;
};

// Loads resources/forms/<id>.json. The PV's "repeat": "candidates" block becomes one
// voix.<id> field per candidate of the election. Returns nullopt and sets *error.
std::optional<FormSpec> loadForm(const QString &id, const store::ElectionConfig &election,
                                 QString *error = nullptr);
std::optional<FormSpec> loadFormFromJson(const QByteArray &json,
                                         const store::ElectionConfig &election,
                                         QString *error = nullptr);
QString formsDirectory(); // $PLUME_FORMS_DIR, else datadir::locate("forms")

// A stroke in Ncode units -> the same stroke in page millimetres.
ink::Stroke strokeToMm(const FormSpec &form, const ink::Stroke &ncode);
// The same stroke (page millimetres) without the dots a pen glitch makes: not numbers, far
// off the page, or a lone dot far from both its neighbours. The stored stroke keeps every
// dot; routing and reading use this, so one stray dot cannot drag a stroke into another
// field or blow up a character's size.
ink::Stroke withoutGlitches(const FormSpec &form, const ink::Stroke &mm);
// The field a stroke (Ncode units) belongs to: the one whose (slightly enlarged) area holds
// most of its ink, else the nearest one around its centre; "" when outside every field.
// The one routing used live (FormSession), in the seal and in the exports.
QString fieldOfStroke(const FormSpec &form, const ink::Stroke &ncode);
// Strokes (Ncode units) grouped by the field they belong to, in their order.
QHash<QString, QVector<ink::Stroke>> strokesByField(const FormSpec &form,
                                                    const QVector<ink::Stroke> &strokes);

// Names of the PV count fields, in order: inscrits, votants, enveloppes, blancs, nuls,
// exprimes, voix.<id>...
QStringList pvCountFields(const store::ElectionConfig &election);

} // namespace plume::forms
