// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "ink/inkml.h"

#include <QCoreApplication>
#include <QFile>
#include <QMap>
#include <QVarLengthArray>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

namespace plume::ink {
namespace {

// Human messages, in French (source language).
struct InkText
{
    Q_DECLARE_TR_FUNCTIONS(Ink)
};

struct Channels
{
    int x = 0, y = 1, t = -1, f = -1;
};

// One value of a point. The usual plain decimal ("12.5", "-3", "1763829000000") is read by
// std::from_chars without building a string (this made reading an InkML file of contact
// sheets 2-3 times faster); anything else by QString's reader, as it always was.
bool toNumber(QStringView v, double &out)
{
    std::array<char, 32> buf{};
    const qsizetype n = v.size();
    bool plain = n > 0 && n < qsizetype(buf.size()) && v.front() != QLatin1Char('+');
    for (qsizetype i = 0; plain && i < n; ++i) {
        const char16_t c = v[i].unicode();
        plain = (c >= u'0' && c <= u'9') || c == u'.' || c == u'-' || c == u'e' || c == u'E';
        buf[size_t(i)] = char(c);
    }
    if (plain) {
        const auto [end, ec] = std::from_chars(buf.data(), buf.data() + n, out);
        if (ec == std::errc() && end == buf.data() + n)
            return std::isfinite(out);
    }
    bool ok = false;
    out = v.toDouble(&ok);
    return ok && std::isfinite(out);
}

// The values of one point: split on spaces once its ends are trimmed (a tab or a line
// break inside a point is no separator, as the format has it).
using PointValues = QVarLengthArray<QStringView, 8>;
PointValues pointValues(QStringView point)
{
    PointValues values;
    point = point.trimmed();
    for (qsizetype i = 0; i < point.size();) {
        qsizetype j = point.indexOf(QLatin1Char(' '), i);
        if (j < 0)
            j = point.size();
        if (j > i)
            values.append(point.sliced(i, j - i));
        i = j + 1;
    }
    return values;
}

bool parsePoint(QStringView point, const Channels &ch, Stroke &stroke, QString &error)
{
    const PointValues values = pointValues(point);
    if (values.size() < 2) {
        error = InkText::tr("point de trace avec moins de deux valeurs");
        return false;
    }
    auto value = [&](int index, double &out) {
        return index < 0 || index >= values.size() || toNumber(values[index], out);
    };
    double x = 0, y = 0, t = 0, f = 0;
    if (!value(ch.x, x) || !value(ch.y, y) || !value(ch.t, t) || !value(ch.f, f)) {
        error = InkText::tr("point de trace avec une valeur qui n'est pas un nombre");
        return false;
    }
    stroke.dots.append(Dot{x, y, float(f), qint64(t)});
    return true;
}

bool parseTrace(QStringView text, const Channels &ch, Stroke &stroke, QString &error)
{
    const qsizetype commas = text.count(QLatin1Char(','));
    if (commas >= kMaxTracePoints) {
        error = InkText::tr("trace de plus de %1 points").arg(kMaxTracePoints);
        return false;
    }
    stroke.dots.reserve(commas + 1);
    for (qsizetype i = 0; i < text.size();) { // points between commas, empty ones skipped
        qsizetype j = text.indexOf(QLatin1Char(','), i);
        if (j < 0)
            j = text.size();
        if (j > i && !parsePoint(text.sliced(i, j - i), ch, stroke, error))
            return false;
        i = j + 1;
    }
    return true;
}

// The channels a <traceFormat> declares (the reader on its start); X and Y first when it
// lacks either.
Channels readTraceFormat(QXmlStreamReader &xml)
{
    Channels channels{-1, -1, -1, -1};
    int index = 0;
    while (xml.readNextStartElement()) {
        if (xml.name() == QLatin1String("channel")) {
            const QString cname = xml.attributes().value(QLatin1String("name")).toString();
            if (cname == QLatin1String("X"))
                channels.x = index;
            else if (cname == QLatin1String("Y"))
                channels.y = index;
            else if (cname == QLatin1String("T"))
                channels.t = index;
            else if (cname == QLatin1String("F"))
                channels.f = index;
            ++index;
        }
        xml.skipCurrentElement();
    }
    if (channels.x < 0 || channels.y < 0)
        channels = Channels{};
    return channels;
}

// Finds where the markup of `data` passes kMaxInkMLDepth or kMaxInkMLTagBytes, before Qt's
// reader pays for it, one byte at a time (step). Comments, CDATA and processing
// instructions are skipped; quoted attribute values may hold '>'.
struct MarkupScan
{
    QByteArrayView data;
    qsizetype i = 0, open = -1; // open: the '<' of the tag being read
    int depth = 0;
    char quote = 0;

    void skipPast(const char *end) // i on the end's last byte (the end of data: none)
    {
        const qsizetype at = data.indexOf(QByteArrayView(end), i);
        i = at < 0 ? data.size() : at + qsizetype(std::strlen(end)) - 1;
    }
    // The tag that ends at i ('>'): depth up for a start tag, down for an end tag.
    void closeTag()
    {
        const QByteArrayView tag = data.sliced(open, i - open + 1);
        if (tag.startsWith("</"))
            depth = std::max(0, depth - 1); // more end tags than starts: the reader refuses it
        else if (!tag.startsWith("<!") && !tag.startsWith("<?") && !tag.endsWith("/>"))
            ++depth;
        open = -1;
    }
    // One byte; a reason to stop ("" to go on).
    QString step()
    {
        const char c = data[i];
        if (quote) {
            quote = c == quote ? 0 : quote;
        } else if (c == '<' && data.sliced(i).startsWith("<!--")) {
            skipPast("-->");
        } else if (c == '<' && data.sliced(i).startsWith("<![CDATA[")) {
            skipPast("]]>");
        } else if (c == '<' && data.sliced(i).startsWith("<?")) {
            skipPast("?>"); // end tags inside a processing instruction once drove depth down
        } else if (c == '<') {
            open = i;
        } else if (open >= 0 && (c == '"' || c == '\'')) {
            quote = c;
        } else if (open >= 0 && c == '>') {
            closeTag();
            if (depth > kMaxInkMLDepth)
                return InkText::tr("éléments imbriqués trop profondément (plus de %1)")
                    .arg(kMaxInkMLDepth);
        }
        if (open >= 0 && i - open > kMaxInkMLTagBytes)
            return InkText::tr("balise de plus de %1 Kio").arg(kMaxInkMLTagBytes / 1024);
        return {};
    }
};

// "ligne N : why" for the first markup over the limits, or "".
QString markupTooLarge(const QByteArray &data)
{
    MarkupScan scan{data};
    for (; scan.i < data.size(); ++scan.i)
        if (const QString why = scan.step(); !why.isEmpty())
            return InkText::tr("ligne %1 : %2")
                .arg(QByteArrayView(data).first(scan.i).count('\n') + 1)
                .arg(why);
    return {};
}

// One reading: the document so far, the channels of its traces, and the group that the
// next annotation or trace goes to (none: the document itself).
struct InkReader
{
    explicit InkReader(const QByteArray &data) : xml(data) {}
    QXmlStreamReader xml;
    InkReadResult result;
    qsizetype points = 0; // in every trace so far
    Channels channels;
    QVector<int> groupStack; // indices into document.groups, -1 = nested group merged
    InkGroup *current = nullptr;
};

void openGroup(InkReader &in)
{
    if (!in.current) {
        in.result.document.groups.append(InkGroup{});
        in.current = &in.result.document.groups.last();
        in.groupStack.append(int(in.result.document.groups.size() - 1));
    } else {
        in.groupStack.append(-1); // nested groups are flattened into the outer one
    }
}

// The end of a group: back to the document once the outermost group is closed.
void closeGroup(InkReader &in)
{
    if (!in.groupStack.isEmpty())
        in.groupStack.removeLast();
    if (in.groupStack.isEmpty())
        in.current = nullptr;
}

// An annotation of the open group, or else of the document.
void readAnnotation(InkReader &in)
{
    const QString type = in.xml.attributes().value(QLatin1String("type")).toString();
    const QString text = in.xml.readElementText();
    if (in.current)
        in.current->annotations.insert(type, text);
    else
        in.result.document.annotations.insert(type, text);
}

// A stroke of the open group, or else a loose one; false, with result.error set, when a
// point of the trace does not read.
bool readTrace(InkReader &in)
{
    Stroke stroke;
    const QString text = in.xml.readElementText();
    QString error;
    if (!parseTrace(text, in.channels, stroke, error)) {
        in.result.error = InkText::tr("ligne %1 : %2").arg(in.xml.lineNumber()).arg(error);
        return false;
    }
    in.points += stroke.dots.size();
    if (in.points > kMaxInkMLPoints) {
        in.result.error = InkText::tr("ligne %1 : plus de %2 points dans le fichier")
                              .arg(in.xml.lineNumber())
                              .arg(kMaxInkMLPoints);
        return false;
    }
    if (!stroke.dots.isEmpty())
        stroke.startMs = stroke.dots.first().t;
    if (in.current)
        in.current->strokes.append(stroke);
    else
        in.result.document.looseStrokes.append(stroke);
    return true;
}

// The element just started; false when the reading stops there (result.error set).
bool readElement(InkReader &in)
{
    if (++in.points > kMaxInkMLPoints) { // an element counts as a point: empty ones too
        in.result.error = InkText::tr("ligne %1 : plus de %2 points dans le fichier")
                              .arg(in.xml.lineNumber())
                              .arg(kMaxInkMLPoints);
        return false;
    }
    const auto name = in.xml.name();
    if (name == QLatin1String("traceFormat"))
        in.channels = readTraceFormat(in.xml);
    else if (name == QLatin1String("traceGroup"))
        openGroup(in);
    else if (name == QLatin1String("annotation"))
        readAnnotation(in);
    else if (name == QLatin1String("trace"))
        return readTrace(in);
    return true;
}

// Pages of captured ink: give strokes their page address.
void addressPages(InkDocument &document)
{
    for (InkGroup &g : document.groups) {
        const auto page = PageAddress::parse(g.annotations.value(QStringLiteral("pageAddress")));
        if (page)
            for (Stroke &s : g.strokes)
                s.page = *page;
    }
}

} // namespace

InkReadResult readInkMLData(const QByteArray &data)
{
    if (QString why = markupTooLarge(data); !why.isEmpty()) {
        InkReadResult refused;
        refused.error = std::move(why);
        return refused;
    }
    InkReader in(data);
    while (!in.xml.atEnd()) {
        in.xml.readNext();
        if (in.xml.isDTD()) { // its entities could expand without bound; InkML has none
            in.result.error = InkText::tr("ligne %1 : déclaration DOCTYPE refusée (un fichier "
                                          "InkML n'en a pas)")
                                  .arg(in.xml.lineNumber());
            return in.result;
        }
        if (in.xml.isStartElement()) {
            if (!readElement(in))
                return in.result;
        } else if (in.xml.isEndElement() && in.xml.name() == QLatin1String("traceGroup")) {
            closeGroup(in);
        }
    }
    if (in.xml.hasError()) {
        in.result.error =
            InkText::tr("ligne %1 : %2").arg(in.xml.lineNumber()).arg(in.xml.errorString());
        return in.result;
    }
    addressPages(in.result.document);
    in.result.ok = true;
    return in.result;
}

InkReadResult readInkML(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        InkReadResult r;
        r.error = InkText::tr("Impossible d'ouvrir %1 : %2").arg(path, file.errorString());
        return r;
    }
    if (file.size() > kMaxInkMLBytes) {
        InkReadResult r;
        r.error = InkText::tr("%1 : fichier InkML trop grand (%2 Mio ; au plus %3 Mio)")
                      .arg(path)
                      .arg(file.size() / (1024 * 1024))
                      .arg(kMaxInkMLBytes / (1024 * 1024));
        return r;
    }
    // Read bounded: a pipe or a device has no size (/dev/zero was read until memory ran out).
    const QByteArray data = file.read(kMaxInkMLBytes + 1);
    if (data.size() > kMaxInkMLBytes) {
        InkReadResult r;
        r.error = InkText::tr("%1 : plus de %2 Mio, ce n'est pas un fichier InkML de Plume")
                      .arg(path)
                      .arg(kMaxInkMLBytes / (1024 * 1024));
        return r;
    }
    return readInkMLData(data);
}

QByteArray writeCaptureInkML(const QVector<Stroke> &strokes)
{
    QByteArray out;
    QXmlStreamWriter xml(&out);
    xml.setAutoFormatting(true);
    xml.writeStartDocument();
    xml.writeStartElement(QStringLiteral("ink"));
    xml.writeDefaultNamespace(QStringLiteral("http://www.w3.org/2003/InkML"));
    xml.writeStartElement(QStringLiteral("traceFormat"));
    const char *channels[][3] = {{"X", "decimal", "1/100 Ncode"},
                                 {"Y", "decimal", "1/100 Ncode"},
                                 {"T", "integer", "ms"},
                                 {"F", "integer", "raw"}};
    for (const auto &c : channels) {
        xml.writeStartElement(QStringLiteral("channel"));
        xml.writeAttribute(QStringLiteral("name"), QString::fromLatin1(c[0]));
        xml.writeAttribute(QStringLiteral("type"), QString::fromLatin1(c[1]));
        xml.writeEndElement();
    }
    xml.writeEndElement();
    // One traceGroup per page, pages in order of first appearance, strokes in order.
    QVector<QString> order;
    QMap<QString, QVector<const Stroke *>> byPage;
    for (const Stroke &s : strokes) {
        const QString key = s.page.isValid() ? s.page.toString() : QStringLiteral("unknown");
        if (!byPage.contains(key))
            order.append(key);
        byPage[key].append(&s);
    }
    for (const QString &key : order) {
        xml.writeStartElement(QStringLiteral("traceGroup"));
        xml.writeStartElement(QStringLiteral("annotation"));
        xml.writeAttribute(QStringLiteral("type"), QStringLiteral("pageAddress"));
        xml.writeCharacters(key);
        xml.writeEndElement();
        for (const Stroke *s : byPage.value(key)) {
            QString text;
            for (int i = 0; i < s->dots.size(); ++i) {
                const Dot &d = s->dots[i];
                if (i)
                    text += QStringLiteral(", ");
                text += QString::number(d.x, 'f', 2) + QLatin1Char(' ') +
                        QString::number(d.y, 'f', 2) + QLatin1Char(' ') + QString::number(d.t) +
                        QLatin1Char(' ') + QString::number(qRound(d.force));
            }
            xml.writeStartElement(QStringLiteral("trace"));
            xml.writeCharacters(text);
            xml.writeEndElement();
        }
        xml.writeEndElement();
    }
    xml.writeEndElement();
    xml.writeEndDocument();
    return out;
}

} // namespace plume::ink
