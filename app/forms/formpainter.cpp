// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "forms/formpainter.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>

namespace plume::forms {
namespace {

// Human messages, in French (source language).
struct FormsText
{
    Q_DECLARE_TR_FUNCTIONS(Forms)
};

QFont mmFont(double mm, bool bold = false)
{
    // Fonts are sized in millimetres: pixel size under the mm transform (drawn at 10x).
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPixelSize(std::max(1, qRound(mm * 10)));
    f.setBold(bold);
    return f;
}

} // namespace

LabelLayout labelLayout(const FieldSpec &f)
{
    const QRectF area = f.area();
    if (f.boxes > 0 && f.labelLeftMm >= 0) // a column of the PV's candidates
        return {QRectF(f.labelLeftMm, area.top(), area.left() - 2 - f.labelLeftMm, area.height()),
                Qt::AlignVCenter | Qt::AlignLeft | Qt::TextWordWrap, 3.0};
    // Left of the boxes when they stand to the right, else on a line above them.
    if (f.boxes > 0 && area.left() > 60)
        return {QRectF(15, area.top(), area.left() - 18, area.height()),
                Qt::AlignVCenter | Qt::AlignLeft | Qt::TextWordWrap, 3.2};
    return {QRectF(area.left(), area.top() - 5.6, 190 - area.left(), 5.2),
            Qt::AlignLeft | Qt::AlignBottom, 3.0};
}

QRectF labelBounds(const FieldSpec &f)
{
    const LabelLayout l = labelLayout(f);
    const QFontMetricsF metrics(mmFont(l.fontMm));
    const QRectF r =
        metrics.boundingRect(QRectF(l.rect.topLeft() * 10, l.rect.size() * 10), l.flags, f.label);
    return QRectF(r.topLeft() / 10, r.size() / 10);
}

void paintForm(QPainter &p, const FormSpec &form, const store::ElectionConfig &election,
               const PaintOptions &options)
{
    auto font = [](double mm, bool bold = false) { return mmFont(mm, bold); };
    auto text = [&](const QRectF &r, int flags, const QString &s, const QFont &f) {
        // Fonts need integer pixels: draw at 10x and scale down for sub-mm sizes.
        p.save();
        p.setFont(f);
        p.scale(0.1, 0.1);
        p.drawText(QRectF(r.topLeft() * 10, r.size() * 10), flags, s);
        p.restore();
    };
    const QRectF page(QPointF(0, 0), form.pageMm);
    p.fillRect(page, Qt::white);
    p.setPen(Qt::black);
    text(QRectF(10, 9, 190, 10), Qt::AlignCenter, form.title, font(5.5, true));
    text(QRectF(15, 19, 180, 14), Qt::AlignLeft | Qt::TextWordWrap,
         form.instructions.join(QLatin1Char(' ')), font(2.6));
    if (form.id == QLatin1String("pv"))
        text(QRectF(15, 33, 180, 5), Qt::AlignLeft,
             QStringLiteral("%1 (tour %2) — %3 — %4")
                 .arg(election.electionName)
                 .arg(election.round)
                 .arg(election.stationName, election.commune),
             font(3.0, true));
    for (const FieldSpec &f : form.fields) {
        const QRectF area = f.area();
        if (options.highlight.contains(f.name))
            p.fillRect(area.adjusted(-1.5, -1.5, 1.5, 1.5), options.highlight.value(f.name));
        QPen boxPen(options.boxColour.value(f.name, QColor(110, 110, 110)));
        boxPen.setWidthF(f.name == options.selected ? 0.5 : 0.25);
        p.setPen(boxPen);
        p.setBrush(Qt::NoBrush);
        if (f.boxes == 0) {
            p.drawRect(area);
        } else {
            for (const QRectF &r : f.boxRects())
                p.drawRect(r);
        }
        p.setPen(QColor(30, 30, 30));
        const LabelLayout label = labelLayout(f);
        text(label.rect, label.flags, f.label, font(label.fontMm));
    }
}

void paintInk(QPainter &p, const FormSpec &form, const QVector<ink::Stroke> &strokes,
              const QColor &colour)
{
    QPen pen(colour);
    pen.setCapStyle(Qt::RoundCap);
    pen.setJoinStyle(Qt::RoundJoin);
    for (const ink::Stroke &s : strokes) {
        if (s.dots.size() == 1) {
            pen.setWidthF(0.5);
            p.setPen(pen);
            p.drawPoint(form.toMm(s.dots[0].x, s.dots[0].y));
            continue;
        }
        for (int i = 1; i < s.dots.size(); ++i) {
            const auto &a = s.dots[i - 1];
            const auto &b = s.dots[i];
            // Width from force (raw 0..~1023): 0.25 to 0.6 mm; unknown force: 0.4 mm.
            const double f = (a.force + b.force) / 2;
            pen.setWidthF(f > 0 ? 0.25 + 0.35 * std::min(1.0, f / 700.0) : 0.4);
            p.setPen(pen);
            p.drawLine(form.toMm(a.x, a.y), form.toMm(b.x, b.y));
        }
    }
}

void paintStruckInk(QPainter &p, const FormSpec &form, const QVector<ink::Stroke> &strokes)
{
    paintInk(p, form, strokes, QColor(150, 150, 170));
    QPen strike(kStrikeColour);
    strike.setWidthF(0.45);
    strike.setCapStyle(Qt::RoundCap);
    p.setPen(strike);
    for (const ink::Stroke &s : strokes) {
        QRectF box;
        for (const ink::Dot &d : s.dots)
            box |= QRectF(form.toMm(d.x, d.y), QSizeF(0.01, 0.01));
        // A line across, a little beyond the stroke: visible even on a dot.
        const QRectF r = box.adjusted(-1.2, -1.2, 1.2, 1.2);
        p.drawLine(r.bottomLeft(), r.topRight());
    }
}

bool printBlankForm(const FormSpec &form, const store::ElectionConfig &election,
                    const QString &pdfPath, QString *error)
{
    if (QFileInfo(pdfPath).isSymLink()) { // never written through (as closing's exports)
        if (error)
            *error = FormsText::tr("%1 est un lien symbolique : donnez le chemin d'un fichier "
                                   "ordinaire à écrire.")
                         .arg(pdfPath);
        return false;
    }
    QPdfWriter pdf(pdfPath);
    pdf.setPageSize(QPageSize(QPageSize::A4));
    pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
    pdf.setResolution(600);
    pdf.setTitle(form.title);
    pdf.setCreator(QStringLiteral("Plume " PLUME_VERSION));
    QPainter p;
    if (!p.begin(&pdf)) {
        if (error)
            *error = FormsText::tr("Impossible d'écrire %1").arg(pdfPath);
        return false;
    }
    const double dotsPerMm = pdf.resolution() / 25.4;
    p.scale(dotsPerMm, dotsPerMm);
    PaintOptions options;
    options.printing = true;
    paintForm(p, form, election, options);
    p.end();
    return true;
}

} // namespace plume::forms
