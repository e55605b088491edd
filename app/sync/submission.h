// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// A submission: the signed unit a station sends to headquarters (docs/sync.md).
//
// HTTP body (canonical JSON, see docs/seal.md):
//   {"format":"plume.submission/1","sha256":HEX,"signature":B64,
//    "signed":{"created_at":ISO,"kind":"pv"|"contacts","payload":{...},
//              "station":CODE,"uuid":UUID,"version":N}}
// sha256 = SHA-256 of canonical(signed); signature = Ed25519 (detached) of canonical(signed)
// by the station's key. The uuid, station, kind and version are inside what is signed, so a
// signature cannot be replayed onto another submission.
#pragma once

#include "sync/crypto.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace plume::sync {

inline const QString kSubmissionFormat = QStringLiteral("plume.submission/1");
inline const QString kKindPv = QStringLiteral("pv");
inline const QString kKindContacts = QStringLiteral("contacts");

struct Submission
{
    QString uuid;       // RFC 4122, lowercase, no braces
    QString station;    // station code
    QString kind;       // kKindPv | kKindContacts
    qint64 version = 0; // PV version (1, 2, ...) or contact batch number
    QString createdAt;  // ISO 8601 UTC
    QJsonObject payload;

    QByteArray signedBytes; // canonical JSON of signedObject()
    QString sha256;         // hex of SHA-256(signedBytes)
    QString signature;      // base64 Ed25519 signature of signedBytes

    QJsonObject signedObject() const;
    QJsonObject envelope() const; // the HTTP body as an object
    QByteArray httpBody() const;  // canonical JSON of envelope(): the exact bytes sent

    // Builds, canonicalises and signs a new submission (fresh UUID). Throws
    // std::runtime_error if the payload cannot be canonicalised.
    static Submission create(const QString &kind, qint64 version, const QString &station,
                             const QJsonObject &payload, const KeyPair &keys);
    // Rebuilds from stored canonical bytes + hash + signature (outbox rows). nullopt + *error
    // if the bytes do not parse or do not match the hash.
    static std::optional<Submission> fromSigned(const QByteArray &signedBytes,
                                                const QString &sha256, const QString &signature,
                                                QString *error = nullptr);
};

enum class ParseError { None, Malformed, Schema };

// The shape of the largest legitimate body, a PV at the protocol's ink limits
// (docs/protocol.md §1): 9 levels down to a stroke's points (envelope, signed, payload,
// fields, a field, its ink, strokes, a stroke, p); 128 fields of 200 strokes, each an object
// with its points array (51,200 arrays and objects, under 1,000 others); 200,000 points of 3
// integers and 4 values a stroke (702,400 values, under 10,000 others). parseSubmission
// outlines a body (sync/jsonoutline.h) and refuses one beyond these before parsing it: a
// parsed array or object costs about 150 bytes, so 4 MiB of "[[0]]," once took 250 MB.
inline constexpr int kMaxSubmissionDepth = 12;
inline constexpr qint64 kMaxSubmissionContainers = 60'000;
inline constexpr qint64 kMaxSubmissionValues = 800'000;

struct JsonOutline;
// Whether an outlined JSON text is within the limits above (else false and *error, a plain
// sentence). parseSubmission applies it to every body; `plume-hq import` to the offline file
// and to its decrypted content before parsing them.
bool withinSubmissionLimits(const JsonOutline &outline, QString *error = nullptr);

// Parses an HTTP body: its outline (above), JSON, schema and field types, and "signed" as
// received must be its canonical JSON (what was signed: no float, no space); not the
// signature. On failure returns nullopt and sets *error (a plain sentence, no personal data).
std::optional<Submission> parseSubmission(const QByteArray &body, QString *error = nullptr);

// Checks hash and signature against the station's public key (raw 32 bytes).
bool verifySubmission(const Submission &s, const QByteArray &publicKey, QString *why = nullptr);

} // namespace plume::sync
