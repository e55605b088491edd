// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// The station file stays the file Plume opened: a file renamed over it or deleted under an
// open window is said, and what was written to it is saved, never lost in silence.
#include "store/sqlutil.h"
#include "store/store.h"
#include "store/text.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>

#include <cerrno>
#include <sys/stat.h>

namespace plume::store {
using sql::Text;

namespace {

// The file at a path: its device and inode, or the errno of a stat that failed.
struct FileId
{
    quint64 device = 0, inode = 0;
    int error = 0;
};

FileId fileIdentity(const QString &path)
{
    const QByteArray name = QFile::encodeName(path); // errno read before anything else runs
    struct stat st = {};
    if (::stat(name.constData(), &st) != 0)
        return {0, 0, errno};
    return {quint64(st.st_dev), quint64(st.st_ino), 0};
}

} // namespace

void Store::rememberFile()
{
    const FileId id = fileIdentity(m_path);
    m_fileDevice = id.device;
    m_fileInode = id.inode;
}

void Store::requireSameFile()
{
    if (m_fileInode == 0)
        return;
    if (!m_fileLost.isEmpty())
        throw StoreError(m_fileLost);
    const FileId id = fileIdentity(m_path);
    if (id.error == 0 && id.device == m_fileDevice && id.inode == m_fileInode)
        return;
    const bool gone = id.error == ENOENT;
    if (id.error != 0 && !gone)
        return; // not known (a folder that cannot be read): SQLite says what it finds
    QString error;
    const QString rescued = rescueCopy(&error);
    const QString what = gone ? Text::tr("%1 a été supprimé").arg(m_path)
                              : Text::tr("%1 a été remplacé par un autre fichier").arg(m_path);
    if (rescued.isEmpty())
        m_fileLost = Text::tr("%1 pendant que Plume l'avait ouvert : plus rien n'y est écrit. "
                              "La copie de secours de ce que Plume avait enregistré a échoué "
                              "(%2) : ne fermez pas Plume avant d'avoir prévenu le siège.")
                         .arg(what, error);
    else
        m_fileLost = Text::tr("%1 pendant que Plume l'avait ouvert : plus rien n'y est écrit. "
                              "Ce que Plume avait enregistré est sauvé dans %2 : gardez les deux "
                              "fichiers et prévenez le siège.")
                         .arg(what, rescued);
    throw StoreError(m_fileLost);
}

// VACUUM INTO from this connection: it still reads the file it opened, deleted or not.
QString Store::rescueCopy(QString *error)
{
    const QFileInfo info(m_path);
    const QString stamp =
        QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss"));
    const QString base = info.absolutePath() + QLatin1Char('/') + info.completeBaseName() +
                         QStringLiteral(".secours-") + stamp;
    QString rescued = base + QStringLiteral(".plume");
    for (int n = 2; QFileInfo::exists(rescued); ++n)
        rescued = base + QStringLiteral("-%1.plume").arg(n);
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("VACUUM INTO ?"));
    q.addBindValue(rescued);
    if (!q.exec()) {
        *error = q.lastError().text();
        QFile::remove(rescued);
        return {};
    }
    QFile::setPermissions(rescued, QFile::ReadOwner | QFile::WriteOwner);
    return rescued;
}

} // namespace plume::store
