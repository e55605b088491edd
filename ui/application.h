// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The window's application object: the last guard of the event loop.
#pragma once

#include <QApplication>

namespace plume::ui {

// A station file that fails under a slot (truncated or replaced while the window is open: a
// review aborted Plume with "terminate called …", exit 134) ends Plume with a message that
// says what failed and what to do, and exit status 1: what was stored before stays in the
// file, and nothing is written after a failure nobody saw.
class Application : public QApplication
{
    Q_OBJECT
public:
    Application(int &argc, char **argv);

    bool notify(QObject *receiver, QEvent *event) override;
    // Says why Plume stops (stderr, and a dialog) and ends the event loop; returns 1, the
    // exit status. Also for a failure outside the loop (a dialog before it: who is on duty).
    int fatal(const QString &why);

    // Tests: the message is kept (fatalMessage) and printed, no dialog is shown.
    void setQuietFatal(bool quiet) { m_quietFatal = quiet; }
    QString fatalMessage() const { return m_fatalMessage; }
    void forgetFatal() { m_fatalMessage.clear(); } // tests: as if Plume had just started

private:
    bool m_quietFatal = false;
    QString m_fatalMessage;
};

} // namespace plume::ui
