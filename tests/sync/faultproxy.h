// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// A fault-injecting HTTP/1.1 proxy on loopback for the sync tests: one request per
// connection, a fault taken from a queue for each connection.
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

class FaultProxy : public QObject
{
    Q_OBJECT
public:
    enum Fault {
        Forward,      // relay to HQ and back
        Refuse,       // reset the connection at once
        ResetMidBody, // reset after part of the request body
        Error500,     // answer 500 without forwarding
        Hang,         // read the request, never answer (client times out)
        LoseReceipt,  // forward to HQ (it stores), then reset instead of answering
        EchoReceipt,  // a fake HQ: answers 201 with a receipt copied from the request,
                      // without HQ's signature (it never reaches HQ)
        Endless,      // a hostile HQ: 200, then a body without end (up to 256 MiB)
        Drip,         // a hostile HQ: 200 with a Content-Length of 60,000, one byte per 50 ms
        LongError,    // a hostile HQ: 422 whose "error" sentence is 20,000 characters, with
                      // newlines
        Redirect,     // 307 to another address (never followed)
        ProxyError,   // a proxy on the way: an HTML 404 "upstream restarting", not HQ's
                      // {"error", "rule"}
        ForgedRule,   // something on the way answers HQ's shape with a rule HQ never
                      // gives: 403 {"error": a sentence of its own, "rule": "banned"}
    };
    Q_ENUM(Fault)

    FaultProxy(quint16 upstreamPort, QObject *parent = nullptr)
        : QObject(parent), m_upstreamPort(upstreamPort)
    {
        connect(&m_server, &QTcpServer::newConnection, this, &FaultProxy::onConnection);
    }
    quint16 listen()
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        return m_server.serverPort();
    }
    void enqueue(const QList<Fault> &faults) { m_faults += faults; }
    int pendingFaults() const { return int(m_faults.size()); }
    QList<Fault> applied;
    qint64 hostileBytes = 0; // body bytes written by Endless and Drip

private:
    static qsizetype bodyLength(const QByteArray &headers)
    {
        for (const QByteArray &line : headers.split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().toLower() == "content-length")
                return line.mid(colon + 1).trimmed().toLongLong();
        }
        return 0;
    }
    // Complete HTTP message in buf? Returns its total length or -1.
    static qsizetype complete(const QByteArray &buf)
    {
        const qsizetype end = buf.indexOf("\r\n\r\n");
        if (end < 0)
            return -1;
        const qsizetype total = end + 4 + bodyLength(buf.left(end));
        return buf.size() >= total ? total : -1;
    }

    void onConnection()
    {
        while (QTcpSocket *client = m_server.nextPendingConnection()) {
            const Fault f = m_faults.isEmpty() ? Forward : m_faults.takeFirst();
            applied << f;
            connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
            if (f == Refuse) {
                client->abort();
                client->deleteLater();
                continue;
            }
            auto *buf = new QByteArray;
            connect(client, &QObject::destroyed, this, [buf] { delete buf; });
            connect(client, &QTcpSocket::readyRead, this, [this, client, buf, f] {
                buf->append(client->readAll());
                const qsizetype end = buf->indexOf("\r\n\r\n");
                if (f == ResetMidBody && end >= 0 && buf->size() > end + 4) {
                    client->abort();
                    return;
                }
                if (complete(*buf) < 0 || client->property("handled").toBool())
                    return;
                client->setProperty("handled", true);
                if (f == Error500) {
                    client->write("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 5\r\n"
                                  "Connection: close\r\n\r\noops\n");
                    client->disconnectFromHost();
                } else if (f == EchoReceipt) {
                    const QByteArray body = echoReceipt(*buf);
                    client->write("HTTP/1.1 201 Created\r\nContent-Type: application/json\r\n"
                                  "Content-Length: " +
                                  QByteArray::number(body.size()) +
                                  "\r\nConnection: close\r\n\r\n" + body);
                    client->disconnectFromHost();
                } else if (f == Redirect) {
                    client->write("HTTP/1.1 307 Temporary Redirect\r\nLocation: "
                                  "http://203.0.113.9/api/v1/submissions\r\nContent-Length: "
                                  "0\r\nConnection: close\r\n\r\n");
                    client->disconnectFromHost();
                } else if (f == ProxyError) {
                    client->write("HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\n"
                                  "Content-Length: 40\r\nConnection: close\r\n\r\n"
                                  "<html>nginx: upstream restarting</html>\n");
                    client->disconnectFromHost();
                } else if (f == ForgedRule) {
                    const QByteArray body = "{\"error\":\"Bureau radi\u00e9 : appelez le "
                                            "08 99 00 00 00\",\"rule\":\"banned\"}";
                    client->write("HTTP/1.1 403 Forbidden\r\nContent-Type: application/json\r\n"
                                  "Content-Length: " +
                                  QByteArray::number(body.size()) +
                                  "\r\nConnection: close\r\n\r\n" + body);
                    client->disconnectFromHost();
                } else if (f == Hang) {
                    // say nothing
                } else if (f == Endless || f == Drip || f == LongError) {
                    answerHostile(client, f);
                } else {
                    relay(client, *buf, f == LoseReceipt);
                }
            });
        }
    }

    void answerHostile(QTcpSocket *client, Fault f)
    {
        if (f == LongError) {
            // Lines of its own inside the sentence: "UUID delivered" forged in `plumectl sync`.
            const QByteArray body = "{\"error\":\"xxx\\n00000000-0000-0000-0000-000000000000 "
                                    "delivered\\ndelivered 1, pending 0, rejected 0\\n" +
                                    QByteArray(20000, 'x') + "\",\"rule\":\"schema\"}";
            client->write("HTTP/1.1 422 Unprocessable Content\r\nContent-Type: application/json"
                          "\r\nContent-Length: " +
                          QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
            client->disconnectFromHost();
            return;
        }
        const bool drip = f == Drip;
        client->write(drip ? "HTTP/1.1 200 OK\r\nContent-Length: 60000\r\n\r\n"
                           : "HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n");
        auto *more = new QTimer(client);
        connect(more, &QTimer::timeout, client, [this, client, drip] {
            const QByteArray chunk(drip ? 1 : 64 * 1024, '{');
            if (client->state() == QAbstractSocket::ConnectedState &&
                hostileBytes < 256 * 1024 * 1024 && client->bytesToWrite() < 1024 * 1024) {
                client->write(chunk);
                hostileBytes += chunk.size();
            }
        });
        more->start(drip ? 50 : 0);
    }

    // What an impostor can say: every field of the item, a signature of 64 zero bytes.
    static QByteArray echoReceipt(const QByteArray &request)
    {
        const QJsonObject env =
            QJsonDocument::fromJson(request.mid(request.indexOf("\r\n\r\n") + 4)).object();
        const QJsonObject sgn = env.value(QStringLiteral("signed")).toObject();
        QJsonObject r;
        for (const char *k : {"uuid", "station", "kind", "version"})
            r.insert(QLatin1String(k), sgn.value(QLatin1String(k)));
        r.insert(QStringLiteral("sha256"), env.value(QStringLiteral("sha256")));
        r.insert(QStringLiteral("receipt"), QStringLiteral("fake"));
        r.insert(QStringLiteral("received_at"), QStringLiteral("2026-11-22T20:00:00Z"));
        r.insert(QStringLiteral("signature"), QString::fromLatin1(QByteArray(64, 0).toBase64()));
        return QJsonDocument(r).toJson(QJsonDocument::Compact);
    }

    void relay(QTcpSocket *client, const QByteArray &request, bool loseReceipt)
    {
        auto *up = new QTcpSocket(this);
        auto *resp = new QByteArray;
        QPointer<QTcpSocket> c(client);
        connect(up, &QObject::destroyed, this, [resp] { delete resp; });
        connect(up, &QTcpSocket::connected, up, [up, request] { up->write(request); });
        connect(up, &QTcpSocket::errorOccurred, up, [up, c] {
            if (c)
                c->abort();
            up->deleteLater();
        });
        connect(up, &QTcpSocket::readyRead, up, [up, resp, c, loseReceipt] {
            resp->append(up->readAll());
            if (complete(*resp) < 0)
                return;
            if (c) {
                if (loseReceipt) {
                    c->abort(); // HQ has stored it; the station never hears
                } else {
                    c->write(*resp);
                    c->disconnectFromHost();
                }
            }
            // Only the handlers living on `up`: the proxy's `destroyed` handler frees resp.
            QObject::disconnect(up, nullptr, up, nullptr);
            up->abort();
            up->deleteLater();
        });
        up->connectToHost(QHostAddress::LocalHost, m_upstreamPort);
    }

    QTcpServer m_server;
    quint16 m_upstreamPort;
    QList<Fault> m_faults;
};
