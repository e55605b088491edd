// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "hq/newfile.h"

#include "hq/hqdb.h"
#include "hq/text.h"

#include <QFileInfo>
#include <QScopeGuard>
#include <QTemporaryFile>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <unistd.h>

namespace plume::hq {
namespace {

HqError cannotWrite(const QString &path, const QString &why)
{
    return HqError(HqText::tr("impossible d'écrire %1 : %2").arg(path, why));
}

// After a failed system call (write, fsync, open, link): errno says why.
HqError cannotWrite(const QString &path)
{
    return cannotWrite(path, QString::fromLocal8Bit(std::strerror(errno)));
}

HqError linkError(const QString &path, const QString &existsMessage)
{
    return errno == EEXIST ? HqError(existsMessage) : cannotWrite(path);
}

bool writeAll(int fd, const QByteArray &bytes)
{
    for (qsizetype done = 0; done < bytes.size();) {
        const ssize_t n = ::write(fd, bytes.constData() + done, size_t(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        done += n;
    }
    return ::fsync(fd) == 0;
}

// An unnamed file (O_TMPFILE, owner only) in path's folder, written whole, then linked to
// path: a crash or a kill leaves nothing, not even a temporary file in clear. False when
// the file system has no unnamed files (the caller then uses a named temporary file).
bool writeUnnamed(const QString &path, const QByteArray &bytes, const QString &existsMessage)
{
    const int fd = ::open(QFile::encodeName(QFileInfo(path).absolutePath()).constData(),
                          O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) {
        if (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)
            return false;
        throw cannotWrite(path);
    }
    const auto closer = qScopeGuard([fd] { ::close(fd); });
    if (!writeAll(fd, bytes))
        throw cannotWrite(path);
    const QByteArray self = "/proc/self/fd/" + QByteArray::number(fd);
    if (::linkat(AT_FDCWD, self.constData(), AT_FDCWD, QFile::encodeName(path).constData(),
                 AT_SYMLINK_FOLLOW) != 0)
        throw linkError(path, existsMessage);
    return true;
}

} // namespace

void writeNewFile(const QString &path, const QByteArray &bytes, const QString &existsMessage)
{
    if (writeUnnamed(path, bytes, existsMessage))
        return;
    QTemporaryFile tmp(QFileInfo(path).absolutePath() + QStringLiteral("/.plume-export-XXXXXX"));
    if (!tmp.open())
        throw cannotWrite(path, tmp.errorString());
    if (!writeAll(tmp.handle(), bytes)) // ::write past QFile: errno, not errorString()
        throw cannotWrite(path);
    if (::link(QFile::encodeName(tmp.fileName()).constData(),
               QFile::encodeName(path).constData()) != 0)
        throw linkError(path, existsMessage);
}

} // namespace plume::hq
