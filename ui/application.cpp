// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "ui/application.h"

#include "store/store.h"

#include <QMessageBox>
#include <QThread>

#include <cstdio>
#include <exception>

namespace plume::ui {

Application::Application(int &argc, char **argv) : QApplication(argc, argv) {}

bool Application::notify(QObject *receiver, QEvent *event)
{
    try {
        return QApplication::notify(receiver, event);
    } catch (const store::StoreError &e) {
        fatal(e.message());
    } catch (const std::exception &e) {
        fatal(QString::fromLocal8Bit(e.what()));
    }
    return false;
}

int Application::fatal(const QString &why)
{
    if (!m_fatalMessage.isEmpty()) // already ending: later failures add nothing
        return 1;
    m_fatalMessage =
        tr("Plume doit s'arrêter : le fichier du bureau ne peut plus être lu ou écrit.\n%1\n\n"
           "Vérifiez-le avec «\u00a0plumectl db check FICHIER\u00a0» avant de le rouvrir ; "
           "s'il ne se lit plus, rouvrez une copie de sauvegarde et prévenez le siège.")
            .arg(why);
    std::fprintf(stderr, "plume: %s\n", qUtf8Printable(m_fatalMessage));
    std::fflush(stderr);
    if (!m_quietFatal && QThread::currentThread() == thread())
        QMessageBox::critical(activeWindow(), QStringLiteral("Plume"), m_fatalMessage);
    QCoreApplication::exit(1);
    return 1;
}

} // namespace plume::ui
