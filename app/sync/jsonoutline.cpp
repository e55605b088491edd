// SPDX-License-Identifier: GPL-3.0-or-later
// Copyright (C) 2026 The Plume developers
#include "sync/jsonoutline.h"

#include <QSet>

#include <algorithm>

namespace plume::sync {
namespace {

class Outliner
{
public:
    Outliner(QByteArrayView text, QByteArrayView key) : m_text(text), m_key(key) {}

    JsonOutline run()
    {
        for (m_i = 0; m_i < m_text.size(); ++m_i) {
            if (m_inString)
                inString(m_text[m_i]);
            else
                structural(m_text[m_i]);
        }
        m_out.values = 1 + m_commas + m_out.containers;
        return m_out;
    }

private:
    void inString(char c)
    {
        if (c == '\\') {
            ++m_i; // the escaped byte never ends the string
        } else if (c == '"') {
            m_inString = false;
            if (m_keyStart >= 0)
                endKey();
        }
    }
    void structural(char c)
    {
        switch (c) {
        case '"':
            m_inString = true;
            m_keyStart = m_depth == 1 && m_expectKey ? m_i + 1 : -1;
            break;
        case '{':
        case '[':
            open(c);
            break;
        case '}':
        case ']':
            close();
            break;
        case ',':
            ++m_commas;
            m_expectKey = m_depth == 1 && m_rootIsObject;
            m_keyMatched = false;
            break;
        default:
            break;
        }
    }
    void endKey()
    {
        const QByteArrayView written = m_text.sliced(m_keyStart, m_i - m_keyStart);
        if (written.contains('\\') || m_rootKeys.contains(written))
            m_out.rootKeyRepeated = true;
        else if (!m_out.rootKeyRepeated)
            m_rootKeys.insert(written);
        m_keyMatched = !m_key.isEmpty() && written == m_key;
        m_out.memberCount += m_keyMatched;
        m_expectKey = false;
        m_keyStart = -1;
    }
    void open(char c)
    {
        ++m_out.containers;
        m_out.depth = std::max(m_out.depth, ++m_depth);
        if (m_depth == 1) {
            m_rootIsObject = m_expectKey = c == '{';
        } else if (m_depth == 2) {
            m_inMember = m_keyMatched;
            if (m_inMember)
                m_out.memberBegin = m_i;
        }
    }
    void close()
    {
        if (m_depth == 0)
            return; // unbalanced: the parser refuses it
        if (m_depth == 2 && m_inMember) {
            m_out.memberEnd = m_i + 1;
            m_inMember = false;
        }
        --m_depth;
    }

    QByteArrayView m_text, m_key;
    QSet<QByteArrayView> m_rootKeys;
    JsonOutline m_out;
    qsizetype m_i = 0, m_keyStart = -1;
    qint64 m_commas = 0;
    int m_depth = 0;
    bool m_inString = false, m_expectKey = false, m_rootIsObject = false;
    bool m_keyMatched = false, m_inMember = false;
};

} // namespace

JsonOutline outlineJson(QByteArrayView text, QByteArrayView rootKey)
{
    return Outliner(text, rootKey).run();
}

} // namespace plume::sync
