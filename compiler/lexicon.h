/*
 * lexicon.h — what the scanner (grammar/lexer.l), the token filter
 * (parse.c) and the formatter (fmt.c) share: the keyword table, built from
 * keywords.def, and the UTF-8 decoder.  A leaf: no session, no AST, no
 * generated header, so the formatter can use it too.
 */
#ifndef SMM_LEXICON_H
#define SMM_LEXICON_H

#include <stddef.h>

/* Whether a keyword can be a name (keywords.def, column NAME). */
enum { KN_RESERVED, KN_IDENT, KN_CONTEXT };

/* The formatter's class of a keyword (keywords.def, column FMT). */
enum {
    KF_NONE = 0,
    KF_MIN = 0x0f,     /* mask: the least number of tokens of a statement it starts */
    KF_OPERAND = 0x10, /* needs an operand after it */
    KF_TOP = 0x20,     /* starts a top-level declaration */
    KF_BLOCK = 0x40,   /* opens a block as `WORD NAME {` */
};
#define KF_STMT(n) (n)

typedef enum {
#define KEYWORD(id, spelling, name, fmt) KWI_##id,
#include "keywords.def"
#undef KEYWORD
    KWI_COUNT
} KeywordId;

typedef struct {
    const char *text;
    unsigned char len;
    unsigned char name; /* KN_* */
    unsigned char fmt;  /* KF_* */
} Keyword;

extern const Keyword smm_keywords[KWI_COUNT];

/* The keyword table's hash (lexicon.c; scripts/kwgen.c lays out the slots
 * with it when smmc is built): first and last byte and length, which tell
 * the keywords apart in few probes. */
enum { KEYWORD_SLOTS = 256 };
static inline unsigned keyword_hash(const char *s, size_t n)
{
    return ((unsigned char)s[0] * 31u + (unsigned char)s[n - 1] * 7u + (unsigned)n * 13u) % KEYWORD_SLOTS;
}

/* The keyword spelled s[0..n) (KN_CONTEXT ones included), or -1. */
int keyword_find(const char *s, size_t n);

/* Length of the valid UTF-8 sequence at s (at most n > 0 bytes), or 0: no
 * overlong forms, no surrogates, nothing above U+10FFFF. */
size_t utf8_seq(const unsigned char *s, size_t n);

#endif
