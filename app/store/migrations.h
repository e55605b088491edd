// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// Numbered schema migrations. Migration N brings schema_version from N-1 to N, in one
// transaction. Never edit a released migration: append a new one.
#pragma once

#include <QStringList>
#include <QVector>

namespace plume::store {

struct Migration
{
    int version;
    QStringList statements;
};

const QVector<Migration> &migrations();

// Created before migration 1 (Store::migrate); the schema check builds it the same way.
inline constexpr char kSchemaVersionTable[] =
    "CREATE TABLE schema_version (version INTEGER NOT NULL)";

} // namespace plume::store
