// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Where and how a station reaches headquarters (settings hq.url, hq.pin_sha256, hq.ca_pem).
#pragma once

#include <QByteArray>
#include <QSslConfiguration>
#include <QString>
#include <QUrl>

#include <optional>

namespace plume::store {
class Store;
}

namespace plume::sync {

struct HqConfig
{
    QUrl url;          // base URL, e.g. https://hq.example:8443
    QString pinSha256; // hex SHA-256 of HQ's DER certificate (empty = none)
    QByteArray caPem;  // CA certificates (PEM) trusted for HQ (empty = none)

    // Empty when usable; else why not: plain http only to a loopback host, https needs a
    // pin or a CA (never the system store alone), pin must be 64 hex digits.
    QString validate() const;
    QUrl submissionsUrl() const; // url + /api/v1/submissions
    // The TLS configuration for requests (CA file only, when given).
    QSslConfiguration sslConfiguration() const;
    // True when the peer certificate matches the pin (or no pin is set).
    bool pinMatches(const QSslCertificate &peer) const;

    // A pin as people paste it (spaces around, upper case, colons between bytes) in the form
    // validate() expects.
    static QString normalizePin(const QString &pin);
    static HqConfig load(const store::Store &store);
    // Throws store::StoreError unless the passphrase opened the file (requireHqChangeAllowed).
    void save(store::Store &store) const;
};

bool isLoopbackHost(const QString &host);

// Where the station sends its contacts, and whose receipts purge them, is changed only by
// someone who knows the station passphrase: throws store::StoreError on a locked file.
void requireHqChangeAllowed(const store::Store &store);

// HQ's authority file (PEM) as given to `station set-hq --ca-file` or the « Siège… » dialog:
// at most kMaxCaFileBytes, read bounded (a pipe is fine; /dev/zero was read until memory ran
// out). nullopt and *error (translated) otherwise.
inline constexpr qint64 kMaxCaFileBytes = 1024 * 1024;
std::optional<QByteArray> readCaFile(const QString &path, QString *error);

// Sets where the station sends (`plumectl station set-hq`, the window's « Siège… »): the
// address and its trust, and HQ's public key when given, in one transaction, so a refused
// key leaves the old address too. Throws store::StoreError with the reason (validate(), a
// key that is not HQ's, a locked file).
void configureHq(store::Store &store, const HqConfig &config,
                 const std::optional<QByteArray> &hqPublicKey);

} // namespace plume::sync
