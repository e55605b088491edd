// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Closing-time exports of the PV: PDF (to print and sign), CSV (French spreadsheets) and
// the sealed, signed JSON document (docs/exports.md). The same calls serve
// `plumectl export` and the GUI's closing screen. Contacts are never exported.
#pragma once

#include "forms/pvcheck.h"
#include "ink/stroke.h"
#include "store/election.h"
#include "store/store.h"

#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace plume::closing {

enum class Format { Pdf, Csv, Json };
std::optional<Format> formatFromString(const QString &s); // "pdf" | "csv" | "json"

// One line of the PV as it will be printed.
struct PvLine
{
    QString field; // e.g. "inscrits", "voix.aubert"
    QString label;
    QString value;                // the confirmed value ("" = no decision)
    QString source;               // confirmed | corrected | typed | "" (no decision)
    QString previousValue;        // the value replaced by a correction
    bool previousWasRead = false; // previousValue is what the recogniser read (not typed)
    QString official;
    QString decidedAt;        // ISO 8601 UTC
    QVector<ink::Stroke> ink; // the handwriting of the field, page millimetres
    QRectF areaMm;            // the field's area on the paper form
};

// Everything an export shows, read from the station file.
struct PvReport
{
    store::ElectionConfig election;
    QVector<PvLine> lines; // counts in PV order, then the other recognised fields
    QVector<forms::RuleFailure> failures;
    QString remarks;
    QStringList officials;
    bool sealed = false; // false: a draft (no sealed version yet)
    qint64 version = 0;
    QString uuid;
    QString sha256;
    QString signature;
    QString sealedAt;
    QString correctionReason;
    QString publicKeyBase64;
    QString auditHead; // the audit anchor sealed with the PV ("length:head")
};

// Reads the PV (decisions, ink, checks, latest sealed version). Throws store::StoreError.
PvReport buildPvReport(const store::Store &store);

// The text carried by the PV's QR code: "plume:pv;station=CODE;v=N;sha256=HEX".
QString qrText(const PvReport &report);

// Why an export may not be written at `path`: it names the station file or one of its
// SQLite companions (store::Store::isOwnFile), or the passphrase file the station was
// unlocked from (isPassphraseFile); empty when the path is another file. Every
// export of the station (PV, offline outbox file) asks this first.
QString stationFileRefusal(const store::Store &store, const QString &path);
// "" for a path an export may write (a file, or nothing yet); else why not: a device or a
// pipe such as /dev/null would be replaced by a file (QSaveFile renames over it), or
// chmodded, when Plume runs as root; a file an export must never replace (an SQLite base such
// as a copy of a station file, HQ's key file, and, unless `offlineFile` says the export is
// one, an offline delivery file: a newer one may replace it, its items being still queued).
QString notAFileRefusal(const QString &path, bool offlineFile = false);
// The keys the station has signed with, its current one first, as its audit log records them
// (station.keys, station.rekeyed): a version HQ received before `station rekey` keeps the
// signature of then. Only as trustworthy as the store's check, which callers run first.
QVector<QByteArray> stationSigningKeys(const store::Store &store);

// Writes the export. Returns false and sets *error (a plain sentence) on failure; an
// existing file at path is replaced only once the new content is complete. Refused for a
// locked station or a file that fails its check (store::Store::requireIntact).
// JSON needs a sealed PV (the signed document of its latest version); PDF and CSV of an
// unsealed PV are marked as drafts. PDF rendering needs a QGuiApplication.
bool exportPv(const store::Store &store, Format format, const QString &path,
              QString *error = nullptr);

// The PDF shows the officials' texts (values, names, remarks, reasons) and the election
// file's names with each invisible formatting character (Unicode category Cf: bidi
// overrides, isolates, zero-width marks) and each line or paragraph separator (Zl, Zp) as
// [U+XXXX]: "= \u202e004" would display as "= 400" while the seal signs 004.
QString printedText(const QString &text);
bool writePvPdf(const PvReport &report, const QString &path, QString *error = nullptr);
QByteArray pvCsv(const PvReport &report);
// The latest sealed version as a self-contained signed document (sync::sealedDocumentJson).
std::optional<QByteArray> pvJson(const store::Store &store, QString *error = nullptr);

// Verifies a document written by the JSON export against a trusted key (base64).
// Valid: intact and signed by that key. UntrustedKey: intact and correctly signed, but by a
// key nobody vouched for (no trusted key given): never call that valid. Invalid: why says.
enum class Verdict { Valid, UntrustedKey, Invalid };
struct Verification
{
    Verdict verdict = Verdict::Invalid;
    QString why;       // for Invalid
    QString keyBase64; // the document's signing key
    QString station;   // the station that signed it (signed.station)
    qint64 version = 0;
};
Verification verifyPvDocument(const QByteArray &document, const QString &trustedKeyBase64);
// True only for Verdict::Valid (a trusted key is required).
bool verifyPvJson(const QByteArray &document, const QString &publicKeyBase64,
                  QString *why = nullptr);

} // namespace plume::closing
