// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
// What JSON text holds, read in one pass over its bytes without parsing it: how deep it nests,
// how many arrays, objects and values it has, and where the value of one key of its root
// object lies. Cheap enough to run before a parser that allocates for every element
// (QJsonDocument: about 150 bytes an array or object), so that hostile text is refused first.
#pragma once

#include <QByteArrayView>

namespace plume::sync {

struct JsonOutline
{
    int depth = 0;         // deepest nesting of arrays and objects (a root object alone: 1)
    qint64 containers = 0; // arrays and objects
    qint64 values = 0;     // an upper bound on the values: 1 + commas + containers
    int memberCount = 0;   // how often the key appears, as written, in the root object
    // The bytes of the key's value when it is an array or object (its last one): [begin, end).
    qsizetype memberBegin = -1;
    qsizetype memberEnd = -1;
    // A key of the root object written twice, or written with an escape (\u0073ha256 is
    // sha256 to a parser): which of two values a reader takes is then its own choice.
    bool rootKeyRepeated = false;
};

// Strings are skipped with their escapes, as a JSON parser reads them; the outline of text
// that is not JSON is meaningless but still bounded by its size (the parser refuses it).
JsonOutline outlineJson(QByteArrayView text, QByteArrayView rootKey = {});

} // namespace plume::sync
