/*
 * lexicon.c — the keyword table and the UTF-8 decoder that the scanner and
 * the formatter share (lexicon.h).  keyword_find() runs once per
 * identifier the scanner matches, so it rejects most names on their length
 * and first letter before comparing any text.
 */
#include "lexicon.h"

#include <string.h>

const Keyword smm_keywords[KWI_COUNT] = {
#define KEYWORD(id, spelling, name, fmt) {spelling, sizeof spelling - 1, name, fmt},
#include "keywords.def"
#undef KEYWORD
};

enum { KW_SHORTEST = 3, KW_LONGEST = 14 };

int keyword_find(const char *s, size_t n)
{
    if (n < KW_SHORTEST || n > KW_LONGEST || s[0] < 'a' || s[0] > 'w')
        return -1;
    size_t lo = 0, hi = KWI_COUNT;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const Keyword *k = &smm_keywords[mid];
        size_t m = n < k->len ? n : k->len;
        int c = memcmp(s, k->text, m);
        if (c == 0)
            c = n < k->len ? -1 : n > k->len;
        if (c == 0)
            return (int)mid;
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
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
