// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// What Plume's command-line programs print (plumectl, plume-hq): many lines quote text that a
// hostile file or client chose (a row's key altered with sqlite3, a station name in an
// offline file). On a terminal, an escape sequence in it could erase a line, print "ok" or
// retitle the window. A ConsoleDevice writes everything but those characters, which it
// shows as \uXXXX: C0 controls but tab and newline, DEL, C1 controls, format characters
// (bidirectional overrides, zero-width characters) and line or paragraph separators.
// That is also a JSON escape, so JSON output stays valid and means the same. Bytes that are
// not UTF-8 are shown as \xNN.
#pragma once

#include <QByteArray>
#include <QIODevice>
#include <QTextStream>

#include <cstdio>

namespace plume::i18n {

class ConsoleDevice : public QIODevice
{
public:
    explicit ConsoleDevice(std::FILE *file);

    // The bytes as they would be written: escaped, an incomplete UTF-8 sequence at the end
    // kept for the next call (*pending), or shown as \xNN when it is the end of all (final).
    static QByteArray escaped(QByteArray *pending, bool final = false);

protected:
    qint64 readData(char *data, qint64 maxSize) override;
    qint64 writeData(const char *data, qint64 size) override;

private:
    std::FILE *m_file;
    QByteArray m_pending;
};

// stdout and stderr through a ConsoleDevice each (one stream per program).
QTextStream &consoleOut();
QTextStream &consoleErr();

} // namespace plume::i18n
