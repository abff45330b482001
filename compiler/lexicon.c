/*
 * lexicon.c — the keyword table and the UTF-8 decoder that the scanner and
 * the formatter share (lexicon.h).  keyword_find() runs once per
 * identifier the scanner matches, so it looks in a hash table.
 */
#include "lexicon.h"

#include <string.h>

const Keyword smm_keywords[KWI_COUNT] = {
#define KEYWORD(id, spelling, name, fmt) {spelling, sizeof spelling - 1, name, fmt},
#include "keywords.def"
#undef KEYWORD
};

/* An open-addressing hash of the table: slot -> index + 1, 0 for empty.
 * Nearly every name misses on an empty slot without comparing any text, a
 * keyword costs one memcmp; a binary search over the sorted table cost
 * about ten times more per identifier.  The slots are computed when smmc
 * is built (scripts/kwgen.c writes $(B)/kwslots.h from keywords.def with
 * keyword_hash), so the scanner's threads share a constant table and
 * nothing is built, or synchronised, at run time. */
#include "kwslots.h"

int keyword_find(const char *s, size_t n)
{
    if (n < KW_SHORTEST || n > KW_LONGEST)
        return -1;
    for (unsigned h = keyword_hash(s, n); kw_slot[h]; h = (h + 1) % KEYWORD_SLOTS) {
        const Keyword *k = &smm_keywords[kw_slot[h] - 1];
        if (k->len == n && memcmp(k->text, s, n) == 0)
            return kw_slot[h] - 1;
    }
    return -1;
}

size_t utf8_seq(const unsigned char *s, size_t n)
{
    size_t len;
    unsigned long cp;
    if (s[0] < 0x80)
        return 1;
    if ((s[0] & 0xE0) == 0xC0)
        len = 2, cp = s[0] & 0x1Fu;
    else if ((s[0] & 0xF0) == 0xE0)
        len = 3, cp = s[0] & 0x0Fu;
    else if ((s[0] & 0xF8) == 0xF0)
        len = 4, cp = s[0] & 0x07u;
    else
        return 0;
    if (len > n)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[i] & 0x3Fu);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return len;
}
