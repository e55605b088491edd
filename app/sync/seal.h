// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Closing and sealing the PV, batching confirmed contact sheets (docs/seal.md).
// The same calls serve plumectl `close` and the GUI's closing screen.
#pragma once

#include "forms/pvcheck.h"
#include "sync/submission.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QVector>

#include <optional>

namespace plume::store {
class Store;
}

namespace plume::sync {

struct CloseRequest
{
    QStringList officials; // at least one; the first records the decisions made here
    // Why a rule fails or a field is missing (recorded as the `remarques` decision), and
    // the reason of a new version when the PV is already sealed.
    QString reason;
    // Corrections applied before sealing (field -> value), e.g. for a new version.
    QHash<QString, QString> corrections;
};

struct CloseResult
{
    bool sealed = false;
    QString error;                        // why not sealed (plain French/English sentence)
    QStringList missing;                  // PV fields without a decision
    QVector<forms::RuleFailure> failures; // rule failures (also in the sealed document)
    std::optional<Submission> pv;         // the sealed PV version
    QVector<Submission> contactBatches;   // contact submissions queued by this close
    QString contactsError; // contacts not batched (e.g. store locked); the PV is sealed anyway
    // A correction whose field carries more strokes than a PV takes (ink added on the sealed
    // paper, a flood from a pen): the strokes left out of the sealed version, one sentence per
    // field. They stay in the station file; the version keeps the last one, marked late.
    QStringList inkLeftOut;
    // Refused only for want of a written reason or of officials (a rule to explain, a
    // correction): more officials or a reason would seal it. False for an impossible rule,
    // a missing decision, a file changed outside Plume, a locked station...
    bool needsReasonOrOfficials = false;
    // The file fails the store's integrity check (Store::check(), as `db check`): changed
    // outside Plume, so it is never sealed. Checked before anything else is asked (officials,
    // reason, passphrase): error is then the check's own message.
    bool altered = false;
    // An official the election file does not list (forms::listedOfficial) was given: refused
    // before any rule (after `altered`), error names the listed officials. Nothing written.
    bool unlistedOfficials = false;
    // The PV was sealed already and the request asked nothing new (no correction, no reason):
    // `close` run again. sealed is true and pv is the latest version, nothing is written but
    // the contact sheets still to batch (a run killed after its seal left them).
    bool alreadySealed = false;
};

// Checks, seals the PV as a new version (signed), queues it in the outbox and marks the
// sheet `sealed`, all in one transaction; then queues every confirmed contact sheet.
// The file's integrity (Store::check()) comes first, inside that transaction: a file
// changed outside Plume is refused with `altered` before any other refusal.
// Rules that block (forms/pvcheck.h): a missing decision or an *impossible* rule is never
// sealed; a rule *to explain* only with a reason of at least kMinReasonChars characters
// (request.reason or the recorded remarks) and at least kMinOfficialsToExplain officials.
// When the election lists its officials, only they sign, each under the listed spelling.
// A draft in the file (Store::drafts: a correction typed in the window and not confirmed,
// on any sheet) refuses the seal, naming its fields: confirm or drop it in the window first.
// A refusal writes nothing (corrections included) and says in French which rule, which
// fields and what to do. The document carries each field's ink (struck strokes left out)
// and the audit chain's head, signed as a checkpoint (docs/seal.md).
// Throws store::StoreError only on storage failure; refusals come back in CloseResult.
CloseResult closePv(store::Store &store, const CloseRequest &request);

// When contact sheets go to headquarters: as soon as they are ready, in batches.
struct ContactPolicy
{
    int maxPerBatch = 50;     // contacts per submission (docs/protocol.md §2)
    int maxWaitSeconds = 180; // a ready sheet waits at most this long for others
    int checkSeconds = 30;    // how often a running station (the window) looks for a due batch
};

// Queues the ready contact sheets (consentement "oui", every required field decided, not
// yet sent) as submissions of at most maxPerBatch, and marks them `sealed`: at once when
// force, else only when maxPerBatch are ready or the oldest has waited maxWaitSeconds.
// Sheets with consentement "non" are never sent, nor those in `held` (a correction being
// typed in the window) or with a draft in the file (Store::drafts: a correction typed and
// not confirmed, in any process): they wait, forced or not. Throws store::StoreError
// when locked.
QVector<Submission> queueReadyContacts(store::Store &store, const QString &actor, bool force,
                                       const ContactPolicy &policy = {},
                                       const QDateTime &now = QDateTime(),
                                       const QSet<QString> &held = {});
// A voter withdraws consent after their sheet was batched (docs/privacy.md): while the batch
// is queued and was never offered to HQ, it is withdrawn from the outbox (payload emptied),
// the sheet's consent becomes "non" (which erases it), and the batch's other sheets are
// batched again at once. A batch delivered or already offered to HQ (it may hold it) is
// left alone, error saying that the withdrawal is now HQ's. Throws store::StoreError.
struct WithdrawalResult
{
    QString error;                 // why nothing was done; empty on success
    qint64 withdrawnBatch = 0;     // the batch number taken out of the outbox
    QVector<Submission> rebatched; // the batch's other sheets, batched again
};
WithdrawalResult withdrawConsent(store::Store &store, const QString &sheetId,
                                 const QString &official);
// queueReadyContacts forced (`plumectl contacts queue`, closing).
QVector<Submission> batchContacts(store::Store &store, const QString &actor, int maxPerBatch = 50);

// The PV fields that need a decision before closing: pvCountFields, code_bureau (when the
// election names the station) + required recognised fields of the PV form.
QStringList requiredPvFields(const store::Store &store);

// Sealed PV versions in the outbox, oldest first (each a complete signed document).
QVector<Submission> sealedPvVersions(const store::Store &store);

// A self-contained sealed document for export/verification:
// {"public_key":B64,"sha256":HEX,"signature":B64,"signed":{...}} (canonical JSON).
QByteArray sealedDocumentJson(const Submission &s, const QByteArray &publicKey);
// Verifies a document written by sealedDocumentJson (any byte changed in "signed" fails).
// publicKey: raw 32 bytes; empty = use the document's own public_key.
bool verifySealedDocument(const QByteArray &json, const QByteArray &publicKey,
                          QString *why = nullptr);

} // namespace plume::sync
