// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Byte pipes to a pen: BLE (the real pen), TCP (the simulator, protocol doc §10) and the
// replay of a recorded byte log. Bytes carry no framing meaning at this level.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QTimer>

#include <memory>

class QTcpSocket;

namespace plume::pen {

class PenTransport : public QObject
{
    Q_OBJECT
public:
    enum class State { Closed, Opening, Open };
    Q_ENUM(State)

    using QObject::QObject;
    ~PenTransport() override = default;

    virtual void open() = 0;
    virtual void close() = 0;
    // Queues bytes for the pen. False when the link is not open.
    virtual bool write(const QByteArray &bytes) = 0;
    // Whether the other end answers requests (false for a replay: no handshake).
    virtual bool interactive() const { return true; }
    // Human-readable endpoint, e.g. "tcp:127.0.0.1:4000".
    virtual QString describe() const = 0;

    State state() const { return m_state; }

signals:
    void stateChanged(plume::pen::PenTransport::State state);
    void dataReceived(const QByteArray &bytes);
    // Open failed or the link broke; a stateChanged(Closed) follows.
    void errorOccurred(const QString &message);

protected:
    void setState(State s)
    {
        if (s == m_state)
            return;
        m_state = s;
        emit stateChanged(s);
    }

private:
    State m_state = State::Closed;
};

class TcpPenTransport : public PenTransport
{
    Q_OBJECT
public:
    TcpPenTransport(QString host, quint16 port, QObject *parent = nullptr);
    ~TcpPenTransport() override;
    void open() override;
    void close() override;
    bool write(const QByteArray &bytes) override;
    QString describe() const override;

private:
    QString m_host;
    quint16 m_port;
    QPointer<QTcpSocket> m_socket;
};

// Replays a file of raw pen->app bytes (what a pen sent, e.g. recorded with
// PenSession::Options::recordPath) in chunks; what the app writes is discarded. The file is
// read whole: a device, a pipe or a file over kMaxBytes is refused (errorOccurred).
class ReplayPenTransport : public PenTransport
{
    Q_OBJECT
public:
    static constexpr qint64 kMaxBytes = 256 * 1024 * 1024; // hours of writing: ~25 bytes a dot

    explicit ReplayPenTransport(QString path, int chunkSize = 64, QObject *parent = nullptr);
    void open() override;
    void close() override;
    bool write(const QByteArray &) override { return state() == State::Open; }
    bool interactive() const override { return false; }
    QString describe() const override { return QStringLiteral("replay:") + m_path; }
    bool atEnd() const { return m_pos >= m_data.size(); }

signals:
    void finished();

private:
    void step();
    bool load(QString *why);
    QString m_path;
    int m_chunk;
    QByteArray m_data;
    qsizetype m_pos = 0;
    QTimer m_timer;
};

// Creates a transport from "tcp:HOST:PORT", "ble:ADDRESS" or "replay:FILE".
// Returns null and sets *error for anything else (or BLE without an adapter).
std::unique_ptr<PenTransport> createTransport(const QString &spec, QString *error);

} // namespace plume::pen
