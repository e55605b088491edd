// Helpers for the closing tests: a station with a complete, inked PV.
#pragma once

#include "forms/formspec.h"
#include "store/store.h"
#include "sync/crypto.h"

#include <QFile>
#include <QHash>
#include <QString>

#include <memory>

namespace plume::closingtest {

inline store::ElectionConfig demoElection()
{
    QString error;
    auto e = store::ElectionConfig::fromFile(
        QStringLiteral(PLUME_SOURCE_DIR "/resources/elections/demo.json"), &error);
    if (!e)
        qFatal("demo election: %s", qPrintable(error));
    return *e;
}

inline QHash<QString, QString> goodPv()
{
    return {{QStringLiteral("code_bureau"), QStringLiteral("7505600420")},
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

inline std::unique_ptr<store::Store> newStation(const QString &path)
{
    auto s = store::Store::create(path, demoElection());
    sync::createStationKeys(*s);
    return s;
}

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

inline QByteArray readAll(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

} // namespace plume::closingtest
