/*
 * fmt_int.h — what the two halves of the formatter share: the tokens that
 * fmt_scan.c reads from the source (comments included) and that fmt.c lays
 * out.  Private to the formatter; fmt.h is its interface.
 */
#ifndef SMMC_FMT_INT_H
#define SMMC_FMT_INT_H

#include "fmt.h"
#include "lexicon.h"

typedef enum {
    T_WORD,     /* identifier, qualified name or keyword */
    T_NUMBER,   /* integer, date or malformed number */
    T_STRING,
    T_TSTRING,  /* """…""" */
    T_DOTSTAR,
    T_GE,
    T_LE,
    T_EQ,
    T_LBRACE,
    T_RBRACE,
    T_SEMI,
    T_COMMA,
    T_LCOMMENT, /* `// …` or `# …`, without its newline */
    T_BCOMMENT, /* slash-star … star-slash */
} TokKind;

/* The keywords (keywords.def, shared with the scanner); W_NAME for any
 * other word, also for the words only the token filter makes keywords
 * (KN_CONTEXT): W_x is KWI_x + 1. */
typedef enum {
    W_NAME,
#define KEYWORD(id, spelling, name, fmt) W_##id,
#include "keywords.def"
#undef KEYWORD
} Word;

enum { NO_INDENT = -1 };

typedef struct {
    TokKind kind;
    Word word;        /* T_WORD only */
    size_t start, end;
    unsigned nl;      /* newlines in the whitespace before the item */
    long indent;      /* first on its line: spaces before it, NO_INDENT if
                         other whitespace (tabs, …) precedes it */
} Item;

typedef struct {
    const char *s;
    size_t n;
    Item *items;
    size_t nitems, cap;
    char *err;
    size_t errlen;
} Scan;

static inline const Keyword *word_info(Word w)
{
    return &smm_keywords[w - 1];
}

static inline bool is_comment(const Item *it)
{
    return it->kind == T_LCOMMENT || it->kind == T_BCOMMENT;
}

/* A word the grammar accepts as an identifier (rule `ident`). */
static inline bool is_ident(const Item *it)
{
    return it->kind == T_WORD && (it->word == W_NAME || word_info(it->word)->name == KN_IDENT);
}

/* ---------------------------------------------------------------- fmt_scan.c */

/* Split sc->s[0..n) into items (tokens and comments, with the newlines and
 * indentation before each); 0, or -1 with sc->err set ("LINE:COL: what")
 * when the text does not tokenize. */
int fmt_scan(Scan *sc);

#endif
