// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// plume-hq's own HTTP/1.1 server (docs/hq.md#http): QHttpServer (Qt 6.4) reads whole bodies
// and has no header or idle timeout, so headquarters speaks HTTP itself, with every limit in
// front: Content-Length checked before a byte of the body is read (413 at once), chunked
// bodies counted while they stream, a header timeout, an idle timeout, a body timeout, caps on
// connections (total and per address; at the cap the oldest idle, header-reading, waiting,
// stalled-body or doomed-body connection makes room), a memory budget for the bodies being read
// (small bodies first, with a share of their own), and answers in request order on a pipelined
// connection. TLS with QSslSocket on the same accept loop.
#pragma once

#include <QByteArray>
#include <QHash>
#include <QHostAddress>
#include <QList>
#include <QPointer>
#include <QSslConfiguration>
#include <QTcpServer>

#include <functional>
#include <optional>

class QTimer;

namespace plume::hq::http {

struct Limits
{
    qint64 maxBodyBytes = 4 * 1024 * 1024;    // 413 above (a PV at the protocol's ink limits)
    int maxHeaderBytes = 16 * 1024;           // request line + headers; 431 above
    int maxHeaders = 64;                      // 431 above
    int headerTimeoutMs = 10'000;             // connection (or first byte) -> end of headers
    int idleTimeoutMs = 30'000;               // keep-alive, between requests
    int bodyTimeoutMs = 30'000;               // end of headers -> end of body
    int writeTimeoutMs = 30'000;              // an answer the client does not read
    int maxConnections = 1024;                // total
    int maxConnectionsPerAddress = 128;       // one client address
    int maxPipelined = 16;                    // requests read ahead of their answers
    qint64 bodyBudgetBytes = 64LL << 20;      // bodies held at once (received, not answered)
    qint64 bodyBudgetPerAddress = 16LL << 20; // of which one address
    // Of the budget, a share (at most a quarter) only bodies up to smallBodyBytes may use: a
    // station's PV or contacts batch never waits behind bodies of megabytes.
    qint64 smallBodyBytes = 256 * 1024;
    qint64 smallBodyShare = 4LL << 20;
};

// The clock of Request::startedMs (milliseconds, monotonic).
qint64 monotonicMs();

struct Request
{
    QByteArray method;
    QByteArray path;
    QByteArray query;
    QList<std::pair<QByteArray, QByteArray>> headers; // names in lower case
    QByteArray body;
    QHostAddress peer;
    qint64 startedMs = 0; // monotonic clock, first byte of the request

    QByteArray header(const QByteArray &lowerCaseName) const;
};

struct Response
{
    int status = 200;
    QByteArray contentType = QByteArrayLiteral("application/json");
    QByteArray body; // implicitly shared: a snapshot is never copied per client
    QList<std::pair<QByteArray, QByteArray>> headers;
    // > 0: this answer leaves at least paceMs after the connection's previous paced one
    // (later answers of the connection wait behind it, in order).
    int paceMs = 0;
};

class Connection;

// Answers one request, once, in its place in the connection's order; does nothing when the
// client has gone.
class Responder
{
public:
    Responder() = default;
    void send(Response response) const;
    bool connected() const { return !m_connection.isNull(); }

private:
    friend class Connection;
    Responder(Connection *connection, quint64 sequence);
    QPointer<Connection> m_connection;
    quint64 m_sequence = 0;
};

using Handler = std::function<void(Request &&request, Responder responder)>;
// Told of every answer the HTTP layer gives itself (400, 413, 431, 501: refused before a
// handler sees the request), e.g. for the access log. `request` holds what was parsed of it:
// its method and path may be empty.
using RefusalObserver = std::function<void(const Request &request, int status)>;

struct Stats
{
    qint64 accepted = 0;
    qint64 refused = 0; // closed at once: its address had its share, or nothing to evict
    qint64 evicted = 0; // closed to make room at the total cap
    qint64 timedOut = 0;
    qint64 tooLarge = 0; // 413 / 431
};

class Server : public QTcpServer
{
    Q_OBJECT
public:
    Server(Limits limits, Handler handler, QObject *parent = nullptr);
    ~Server() override;

    void setTls(const QSslConfiguration &configuration); // before listen
    void setRefusalObserver(RefusalObserver observer) { m_refused = std::move(observer); }
    const Limits &limits() const { return m_limits; }
    int connectionCount() const { return int(m_connections.size()); }
    const Stats &stats() const { return m_stats; }
    qint64 bodyBytesHeld() const { return m_bodyBytes; }
    bool writing() const; // a connection has answers not yet handed to the network

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    friend class Connection;
    // Reserves a whole body (all or nothing): false when the budget has no room for it.
    bool reserveBody(const QHostAddress &peer, qint64 bytes);
    void releaseBody(const QHostAddress &peer, qint64 bytes);
    qint64 budgetFor(qint64 bytes) const;
    void waitForBudget(Connection *c);
    void admitWaiting();
    void closed(Connection *c);
    bool makeRoom();
    void freeBudget(qint64 now);
    void dispatch(Request &&request, Responder responder)
    {
        m_handler(std::move(request), responder);
    }
    void refused(const Request &request, int status)
    {
        if (m_refused)
            m_refused(request, status);
    }

    Limits m_limits;
    Handler m_handler;
    RefusalObserver m_refused;
    std::optional<QSslConfiguration> m_tls;
    QList<Connection *> m_connections;
    QHash<QHostAddress, int> m_perAddress;
    QHash<QHostAddress, qint64> m_bodyPerAddress;
    qint64 m_bodyBytes = 0;
    QList<Connection *> m_waiting; // paused until bodies are answered, smallest first
    Stats m_stats;
};

} // namespace plume::hq::http
