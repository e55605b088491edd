// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "pen/transport.h"

#include "pen/ble.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QTcpSocket>

namespace plume::pen {
namespace {

// Human messages, in French (source language).
struct PenText
{
    Q_DECLARE_TR_FUNCTIONS(Pen)
};

// Why the size bytes read from f (at path) cannot be replayed, or nothing.
QString replayProblem(const QString &path, const QFile &f, qint64 size)
{
    if (size > ReplayPenTransport::kMaxBytes)
        return PenText::tr("%1 est trop grand pour un journal de stylo (%2 Mio, au plus %3 Mio)")
            .arg(path)
            .arg(size / (1024 * 1024))
            .arg(ReplayPenTransport::kMaxBytes / (1024 * 1024));
    if (f.error() != QFileDevice::NoError)
        return PenText::tr("Impossible de lire %1 : %2").arg(path, f.errorString());
    return {};
}

} // namespace

TcpPenTransport::TcpPenTransport(QString host, quint16 port, QObject *parent)
    : PenTransport(parent), m_host(std::move(host)), m_port(port)
{}

TcpPenTransport::~TcpPenTransport()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
    }
}

QString TcpPenTransport::describe() const
{
    return QStringLiteral("tcp:%1:%2").arg(m_host).arg(m_port);
}

void TcpPenTransport::open()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
    }
    auto *socket = new QTcpSocket(this);
    m_socket = socket;
    connect(socket, &QTcpSocket::connected, this, [this, socket] {
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        setState(State::Open);
    });
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
        const QByteArray bytes = socket->readAll();
        if (!bytes.isEmpty())
            emit dataReceived(bytes);
    });
    connect(socket, &QTcpSocket::errorOccurred, this,
            [this, socket](QAbstractSocket::SocketError e) {
                if (e == QAbstractSocket::RemoteHostClosedError)
                    return; // handled by disconnected()
                emit errorOccurred(describe() + QStringLiteral(": ") + socket->errorString());
                if (socket->state() == QAbstractSocket::UnconnectedState)
                    setState(State::Closed);
            });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        // Deliver what arrived just before the close.
        const QByteArray bytes = socket->readAll();
        if (!bytes.isEmpty())
            emit dataReceived(bytes);
        setState(State::Closed);
    });
    setState(State::Opening);
    socket->connectToHost(m_host, m_port);
}

void TcpPenTransport::close()
{
    if (m_socket) {
        m_socket->disconnect(this);
        m_socket->abort();
        m_socket->deleteLater();
        m_socket = nullptr;
    }
    setState(State::Closed);
}

bool TcpPenTransport::write(const QByteArray &bytes)
{
    if (!m_socket || state() != State::Open)
        return false;
    return m_socket->write(bytes) == bytes.size();
}

ReplayPenTransport::ReplayPenTransport(QString path, int chunkSize, QObject *parent)
    : PenTransport(parent), m_path(std::move(path)), m_chunk(std::max(1, chunkSize))
{
    m_timer.setInterval(0);
    connect(&m_timer, &QTimer::timeout, this, &ReplayPenTransport::step);
}

// The whole file into m_data; false and *why when it is not a readable regular file of at
// most kMaxBytes (/dev/zero would never end, a huge file would exhaust the memory).
bool ReplayPenTransport::load(QString *why)
{
    m_data.clear();
    if (const QFileInfo info(m_path); info.exists() && !info.isFile()) {
        *why = PenText::tr("%1 n'est pas un fichier ordinaire : un journal de stylo à rejouer "
                           "doit en être un")
                   .arg(m_path);
        return false;
    }
    QFile f(m_path);
    if (!f.open(QIODevice::ReadOnly)) {
        *why = PenText::tr("Impossible d'ouvrir %1 : %2").arg(m_path, f.errorString());
        return false;
    }
    const qint64 size = f.size();
    if (size <= kMaxBytes)
        m_data = f.read(kMaxBytes + 1); // bounded even if the file grows meanwhile
    *why = replayProblem(m_path, f, std::max(size, qint64(m_data.size())));
    if (!why->isEmpty())
        m_data.clear();
    return why->isEmpty();
}

void ReplayPenTransport::open()
{
    setState(State::Opening); // a failure below is then a change to Closed, as for TCP
    QString why;
    if (!load(&why)) {
        emit errorOccurred(why);
        setState(State::Closed);
        return;
    }
    m_pos = 0;
    setState(State::Open);
    m_timer.start();
}

void ReplayPenTransport::close()
{
    m_timer.stop();
    setState(State::Closed);
}

void ReplayPenTransport::step()
{
    if (atEnd()) {
        m_timer.stop();
        emit finished();
        setState(State::Closed);
        return;
    }
    const QByteArray chunk = m_data.mid(m_pos, m_chunk);
    m_pos += chunk.size();
    emit dataReceived(chunk);
}

std::unique_ptr<PenTransport> createTransport(const QString &spec, QString *error)
{
    auto setError = [&](const QString &e) {
        if (error)
            *error = e;
    };
    if (spec.startsWith(QLatin1String("tcp:"))) {
        const QString rest = spec.mid(4);
        const qsizetype colon = rest.lastIndexOf(QLatin1Char(':'));
        bool ok = false;
        const uint port = colon > 0 ? rest.mid(colon + 1).toUInt(&ok) : 0;
        if (!ok || port == 0 || port > 65535) {
            setError(
                PenText::tr("adresse de stylo « %1 » invalide : tcp:HÔTE:PORT attendu").arg(spec));
            return nullptr;
        }
        QString host = rest.left(colon);
        if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
            host = host.mid(1, host.size() - 2);
        return std::make_unique<TcpPenTransport>(host, quint16(port));
    }
    if (spec.startsWith(QLatin1String("replay:"))) {
        if (spec.size() <= 7) {
            setError(
                PenText::tr("adresse de stylo « %1 » invalide : replay:FICHIER attendu").arg(spec));
            return nullptr;
        }
        return std::make_unique<ReplayPenTransport>(spec.mid(7));
    }
    if (spec.startsWith(QLatin1String("ble:"))) {
        const QString address = spec.mid(4);
        QString why;
        if (!BlePenTransport::isValidAddress(address)) {
            setError(PenText::tr("adresse de stylo « %1 » invalide : ble:AA:BB:CC:DD:EE:FF attendu")
                         .arg(spec));
            return nullptr;
        }
        if (!PenScanner::bluetoothAvailable(&why)) {
            setError(why);
            return nullptr;
        }
        return std::make_unique<BlePenTransport>(address);
    }
    setError(PenText::tr("adresse de stylo « %1 » invalide : tcp:HÔTE:PORT, ble:ADRESSE ou "
                         "replay:FICHIER attendu")
                 .arg(spec));
    return nullptr;
}

} // namespace plume::pen
