// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "store/migrations.h"

namespace plume::store {

const QVector<Migration> &migrations()
{
    static const QVector<Migration> list = {
        {1,
         {
             QStringLiteral("CREATE TABLE station ("
                            " id INTEGER PRIMARY KEY CHECK (id = 1),"
                            " code TEXT NOT NULL,"
                            " name TEXT NOT NULL,"
                            " commune TEXT NOT NULL,"
                            " election_json TEXT NOT NULL,"
                            " created_at TEXT NOT NULL)"),
             QStringLiteral("CREATE TABLE sheets ("
                            " id TEXT PRIMARY KEY,"
                            " form TEXT NOT NULL CHECK (form IN ('pv', 'contact')),"
                            " page_address TEXT UNIQUE,"
                            " state TEXT NOT NULL DEFAULT 'open',"
                            " created_at TEXT NOT NULL)"),
             QStringLiteral("CREATE TABLE strokes ("
                            " id INTEGER PRIMARY KEY,"
                            " sheet_id TEXT REFERENCES sheets(id),"
                            " page_address TEXT NOT NULL,"
                            " pen_id TEXT NOT NULL,"
                            " start_ms INTEGER NOT NULL,"
                            " incomplete INTEGER NOT NULL DEFAULT 0,"
                            " dot_count INTEGER NOT NULL,"
                            " dots BLOB NOT NULL,"
                            " received_at TEXT NOT NULL)"),
             QStringLiteral("CREATE INDEX strokes_page ON strokes(page_address)"),
             QStringLiteral("CREATE INDEX strokes_sheet ON strokes(sheet_id)"),
             QStringLiteral("CREATE TRIGGER strokes_append_only BEFORE UPDATE OF page_address, "
                            "pen_id, start_ms, dots ON strokes "
                            "BEGIN SELECT RAISE(ABORT, 'strokes are append-only'); END"),
             QStringLiteral("CREATE TABLE readings ("
                            " id INTEGER PRIMARY KEY,"
                            " sheet_id TEXT NOT NULL REFERENCES sheets(id),"
                            " field TEXT NOT NULL,"
                            " value TEXT NOT NULL,"
                            " confidence REAL NOT NULL,"
                            " flagged INTEGER NOT NULL,"
                            " reason TEXT NOT NULL DEFAULT '',"
                            " nbest_json TEXT NOT NULL DEFAULT '{}',"
                            " model_version TEXT NOT NULL,"
                            " created_at TEXT NOT NULL)"),
             QStringLiteral("CREATE INDEX readings_field ON readings(sheet_id, field)"),
             QStringLiteral("CREATE TABLE decisions ("
                            " id INTEGER PRIMARY KEY,"
                            " sheet_id TEXT NOT NULL REFERENCES sheets(id),"
                            " field TEXT NOT NULL,"
                            " value TEXT NOT NULL,"
                            " previous_value TEXT NOT NULL DEFAULT '',"
                            " official TEXT NOT NULL,"
                            " source TEXT NOT NULL CHECK (source IN ('confirmed', 'corrected', "
                            "'typed')),"
                            " reading_id INTEGER REFERENCES readings(id),"
                            " decided_at TEXT NOT NULL)"),
             QStringLiteral("CREATE INDEX decisions_field ON decisions(sheet_id, field)"),
             QStringLiteral("CREATE TABLE audit_log ("
                            " id INTEGER PRIMARY KEY,"
                            " at TEXT NOT NULL,"
                            " actor TEXT NOT NULL,"
                            " action TEXT NOT NULL,"
                            " subject TEXT NOT NULL,"
                            " detail TEXT NOT NULL,"
                            " prev_hash TEXT NOT NULL,"
                            " hash TEXT NOT NULL UNIQUE)"),
             QStringLiteral("CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit_log "
                            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"),
             QStringLiteral("CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit_log "
                            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"),
             QStringLiteral("CREATE TABLE outbox ("
                            " uuid TEXT PRIMARY KEY,"
                            " kind TEXT NOT NULL CHECK (kind IN ('pv', 'contacts')),"
                            " version INTEGER NOT NULL,"
                            " payload BLOB NOT NULL,"
                            " sha256 TEXT NOT NULL,"
                            " signature TEXT NOT NULL DEFAULT '',"
                            " state TEXT NOT NULL DEFAULT 'queued',"
                            " attempts INTEGER NOT NULL DEFAULT 0,"
                            " next_attempt_at TEXT,"
                            " last_error TEXT NOT NULL DEFAULT '',"
                            " receipt TEXT NOT NULL DEFAULT '',"
                            " created_at TEXT NOT NULL,"
                            " updated_at TEXT NOT NULL)"),
             QStringLiteral("CREATE TABLE settings (key TEXT PRIMARY KEY, value BLOB)"),
         }},
        // Issue 15: withdrawn decisions, struck strokes, signed audit checkpoints. The
        // rows of an older file are then adopted by one audit entry (Store::adoptRows).
        {2,
         {
             QStringLiteral("CREATE TABLE decisions_v2 ("
                            " id INTEGER PRIMARY KEY,"
                            " sheet_id TEXT NOT NULL REFERENCES sheets(id),"
                            " field TEXT NOT NULL,"
                            " value TEXT NOT NULL,"
                            " previous_value TEXT NOT NULL DEFAULT '',"
                            " official TEXT NOT NULL,"
                            " source TEXT NOT NULL CHECK (source IN ('confirmed', 'corrected', "
                            "'typed', 'withdrawn')),"
                            " reading_id INTEGER REFERENCES readings(id),"
                            " decided_at TEXT NOT NULL)"),
             QStringLiteral("INSERT INTO decisions_v2 SELECT id, sheet_id, field, value, "
                            "previous_value, official, source, reading_id, decided_at "
                            "FROM decisions"),
             QStringLiteral("DROP TABLE decisions"),
             QStringLiteral("ALTER TABLE decisions_v2 RENAME TO decisions"),
             QStringLiteral("CREATE INDEX decisions_field ON decisions(sheet_id, field)"),
             QStringLiteral("CREATE TABLE struck_strokes ("
                            " stroke_id INTEGER PRIMARY KEY REFERENCES strokes(id),"
                            " sheet_id TEXT,"
                            " actor TEXT NOT NULL,"
                            " reason TEXT NOT NULL,"
                            " struck_at TEXT NOT NULL)"),
             QStringLiteral("CREATE TABLE checkpoints ("
                            " length INTEGER PRIMARY KEY,"
                            " head TEXT NOT NULL,"
                            " signature BLOB NOT NULL,"
                            " created_at TEXT NOT NULL)"),
         }},
        // Audit entries sealed with a key from the passphrase (Store::auditMac): entries of
        // an older file keep an empty MAC, the chain covers them.
        {3, {QStringLiteral("ALTER TABLE audit_log ADD COLUMN mac BLOB")}},
        // The ink under the chain (inkchain.cpp): one link per stroke, kept when a contact
        // sheet's strokes are purged (a digest of ciphertext, nothing personal). The strokes
        // of an older file are chained by Store::adoptStrokes.
        {4,
         {
             QStringLiteral("CREATE TABLE stroke_chain ("
                            " stroke_id INTEGER PRIMARY KEY,"
                            " sheet_id TEXT,"
                            " digest TEXT NOT NULL,"
                            " chain TEXT NOT NULL)"),
             QStringLiteral("CREATE TRIGGER stroke_chain_no_update BEFORE UPDATE ON stroke_chain "
                            "BEGIN SELECT RAISE(ABORT, 'stroke_chain is append-only'); END"),
             QStringLiteral("CREATE TRIGGER stroke_chain_no_delete BEFORE DELETE ON stroke_chain "
                            "BEGIN SELECT RAISE(ABORT, 'stroke_chain is append-only'); END"),
         }},
        // The readings under a chain of their own (inkchain.cpp), like the ink: a reading
        // edited with sqlite3 would have an official confirm what the ink does not say. The
        // readings of an older file are chained by Store::adoptChain.
        {5,
         {
             QStringLiteral("CREATE TABLE reading_chain ("
                            " reading_id INTEGER PRIMARY KEY,"
                            " sheet_id TEXT,"
                            " digest TEXT NOT NULL,"
                            " chain TEXT NOT NULL)"),
             QStringLiteral("CREATE TRIGGER reading_chain_no_update BEFORE UPDATE ON "
                            "reading_chain BEGIN SELECT RAISE(ABORT, 'reading_chain is "
                            "append-only'); END"),
             QStringLiteral("CREATE TRIGGER reading_chain_no_delete BEFORE DELETE ON "
                            "reading_chain BEGIN SELECT RAISE(ABORT, 'reading_chain is "
                            "append-only'); END"),
         }},
        // Drafts (drafts.cpp): corrections typed and not confirmed, kept across a crash.
        // Not decisions: outside the audit log, deleted when decided or purged.
        {6,
         {
             QStringLiteral("CREATE TABLE drafts ("
                            " sheet_id TEXT NOT NULL REFERENCES sheets(id),"
                            " field TEXT NOT NULL,"
                            " text TEXT NOT NULL,"
                            " basis TEXT NOT NULL DEFAULT '',"
                            " updated_at TEXT NOT NULL,"
                            " PRIMARY KEY (sheet_id, field))"),
         }},
        // Each link of the ink and reading chains sealed with the data key (inkchain.cpp):
        // plain SHA-256 links stored since the last audit entry could be recomputed by anyone
        // after editing a reading with sqlite3.
        {7,
         {
             QStringLiteral("ALTER TABLE stroke_chain ADD COLUMN mac BLOB"),
             QStringLiteral("ALTER TABLE reading_chain ADD COLUMN mac BLOB"),
         }},
    };
    return list;
}

} // namespace plume::store
