// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Helpers for the closing tests: a station with a complete, inked PV. The demo election,
// the good PV and a new station come from the sync tests' helpers (tests/sync).
#pragma once

#include "forms/formspec.h"
#include "store/store.h"
#include "synctestutil.h"

#include <QFile>
#include <QString>

namespace plume::closingtest {

using testutil::demoElection;
using testutil::goodPv;
using testutil::newStation;

inline void decide(store::Store &s, const QString &sheet, const QString &field,
                   const QString &value,
                   store::DecisionSource source = store::DecisionSource::Typed,
                   const QString &previous = QString())
{
    store::Decision d;
    d.sheetId = sheet;
    d.field = field;
    d.value = value;
    d.previousValue = previous;
    d.official = QStringLiteral("Marie LEROY");
    d.source = source;
    s.decide(d);
}

// Crude handwriting of a digit string in the comb boxes of a field (Ncode units).
inline void writeInk(store::Store &s, const forms::FormSpec &form, const QString &sheet,
                     const QString &field, const QString &text)
{
    const forms::FieldSpec *f = form.field(field);
    if (!f)
        qFatal("no field %s", qPrintable(field));
    const QVector<QRectF> boxes = f->boxRects();
    qint64 t = 1'700'000'000'000;
    for (int i = 0; i < text.size() && i < boxes.size(); ++i) {
        const QRectF b = boxes[i].adjusted(1.2, 1.2, -1.2, -1.2);
        ink::Stroke st;
        st.page = ink::PageAddress{3, 27, 603, 1};
        st.penId = QStringLiteral("test");
        st.startMs = t;
        // A zig-zag whose shape depends on the character: enough to see ink in the PDF.
        const int c = text[i].unicode();
        const int n = 6 + (c % 5);
        for (int k = 0; k <= n; ++k) {
            const double fx = (k % 2) ? 1.0 : double((c + k) % 3) / 3.0;
            const QPointF mm(b.left() + fx * b.width(), b.top() + b.height() * k / n);
            const QPointF nc = form.toNcode(mm);
            st.dots.append({nc.x(), nc.y(), 300, t + k * 10});
        }
        s.appendStroke(st, sheet);
        t += 500;
    }
}

inline bool writeAll(const QString &path, const QByteArray &bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

inline QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

} // namespace plume::closingtest
