// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "i18n/console.h"

#include <QChar>
#include <QString>

#include <utility>

namespace plume::i18n {
namespace {

bool isUnsafe(char32_t c)
{
    if (c < 0x20)
        return c != '\t' && c != '\n';
    if (c >= 0x7F && c <= 0x9F)
        return true;
    const auto cat = QChar::category(c);
    return cat == QChar::Other_Format || cat == QChar::Separator_Line ||
           cat == QChar::Separator_Paragraph;
}

QByteArray jsonEscape(char32_t c)
{
    const auto unit = [](uint u) -> QByteArray {
        return "\\u" + QByteArray::number(u, 16).toUpper().rightJustified(4, '0');
    };
    if (c <= 0xFFFF)
        return unit(c);
    return unit(QChar::highSurrogate(c)) + unit(QChar::lowSurrogate(c));
}

// Bytes that are no UTF-8 character, shown as \xNN.
QByteArray strayBytes(const QByteArray &bytes)
{
    QByteArray out;
    for (const char b : bytes)
        out += "\\x" + QByteArray::number(uchar(b), 16).toUpper().rightJustified(2, '0');
    return out;
}

// The length of the UTF-8 sequence that starts with byte b (1 for a stray byte).
int sequenceLength(uchar b)
{
    if (b >= 0xF0 && b < 0xF8)
        return 4;
    if (b >= 0xE0 && b < 0xF0)
        return 3;
    if (b >= 0xC0 && b < 0xE0)
        return 2;
    return 1;
}

} // namespace

ConsoleDevice::ConsoleDevice(std::FILE *file) : m_file(file)
{
    open(QIODevice::WriteOnly | QIODevice::Unbuffered);
}

QByteArray ConsoleDevice::escaped(QByteArray *pending, bool final)
{
    QByteArray out;
    qsizetype i = 0;
    while (i < pending->size()) {
        const int n = sequenceLength(uchar(pending->at(i)));
        if (i + n > pending->size())
            break; // the rest of this character comes with the next write
        const QByteArray bytes = pending->mid(i, n);
        const QList<uint> cps = QString::fromUtf8(bytes).toUcs4();
        if (cps.size() != 1 ||
            (cps.first() == QChar::ReplacementCharacter && bytes != "\xef\xbf\xbd"))
            out += strayBytes(bytes); // not UTF-8 (0x9B: an 8-bit CSI to some terminals)
        else
            out += isUnsafe(cps.first()) ? jsonEscape(cps.first()) : bytes;
        i += n;
    }
    pending->remove(0, i);
    if (final)
        out += strayBytes(std::exchange(*pending, {}));
    return out;
}

qint64 ConsoleDevice::readData(char *, qint64)
{
    return -1;
}

qint64 ConsoleDevice::writeData(const char *data, qint64 size)
{
    m_pending.append(data, size);
    const QByteArray out = escaped(&m_pending);
    if (!out.isEmpty() &&
        std::fwrite(out.constData(), 1, size_t(out.size()), m_file) != size_t(out.size()))
        return -1;
    std::fflush(m_file);
    return size;
}

QTextStream &consoleOut()
{
    static ConsoleDevice device(stdout);
    static QTextStream s(&device);
    return s;
}

QTextStream &consoleErr()
{
    static ConsoleDevice device(stderr);
    static QTextStream s(&device);
    return s;
}

} // namespace plume::i18n
