// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "datadir/datadir.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

namespace plume::datadir {

QStringList searchDirs()
{
    QStringList dirs;
    if (QCoreApplication::instance())
        dirs << QDir::cleanPath(QCoreApplication::applicationDirPath() +
                                QStringLiteral("/../share/plume"));
#ifdef PLUME_DEVELOPER_RESOURCES_DIR
    dirs << QStringLiteral(PLUME_DEVELOPER_RESOURCES_DIR);
#endif
    return dirs;
}

QString locate(const QString &relative)
{
    for (const QString &dir : searchDirs()) {
        const QString path = dir + QLatin1Char('/') + relative;
        if (QFileInfo::exists(path))
            return QDir::cleanPath(path);
    }
    return {};
}

QString demoElection()
{
    return locate(QStringLiteral("elections/demo.json"));
}

} // namespace plume::datadir
