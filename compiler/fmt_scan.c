/*
 * fmt_scan.c — the formatter's scanner (`smmc fmt`, fmt.c lays out what it
 * reads).
 *
 * The flex scanner drops comments and blank lines, which the formatter must
 * keep, so this small scanner mirrors grammar/lexer.l's token classes (a
 * name is {ID}(\.{ID})*, `.*` `>=` `<=` `=` `{` `}` `;` `,`, a number is
 * [0-9][A-Za-z0-9_.-]* which covers integers and dates, strings with the
 * lexer's escape rule, triple-quoted strings, `//` `#` and block comments)
 * and refuses, with "LINE:COL: what", any text the compiler could not
 * tokenize either.  Keywords and the UTF-8 test are the scanner's own
 * (lexicon.h).  Every length is explicit: a NUL byte is text like any other.
 */
#include "fmt_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static Word lookup_word(const char *s, size_t n)
{
    if (memchr(s, '.', n))
        return W_NAME; /* qualified names are never keywords */
    int k = keyword_find(s, n);
    return k < 0 || smm_keywords[k].name == KN_CONTEXT ? W_NAME : (Word)(k + 1);
}

/* Report at byte offset `at`: "LINE:COL: what", column in code points. */
static int scan_error(Scan *sc, size_t at, const char *fmt, ...) SMM_PRINTF(3, 4);
static int scan_error(Scan *sc, size_t at, const char *fmt, ...)
{
    unsigned long line = 1, col = 1;
    for (size_t i = 0; i < at && i < sc->n; i++) {
        unsigned char c = (unsigned char)sc->s[i];
        if (c == '\n')
            line++, col = 1;
        else if ((c & 0xC0) != 0x80)
            col++;
    }
    if (sc->err && sc->errlen) {
        int k = snprintf(sc->err, sc->errlen, "%lu:%lu: ", line, col);
        if (k >= 0 && (size_t)k < sc->errlen) {
            va_list ap;
            va_start(ap, fmt);
            vsnprintf(sc->err + k, sc->errlen - (size_t)k, fmt, ap);
            va_end(ap);
        }
    }
    return -1;
}

/* Check that [a, b) is valid UTF-8 (text inside strings and comments). */
static int check_utf8(Scan *sc, size_t a, size_t b)
{
    for (size_t i = a; i < b;) {
        size_t k = utf8_seq((const unsigned char *)sc->s + i, b - i);
        if (!k)
            return scan_error(sc, i, "invalid UTF-8 byte sequence");
        i += k;
    }
    return 0;
}

static void add_item(Scan *sc, TokKind kind, size_t start, size_t end, unsigned nl, long indent)
{
    if (sc->nitems == sc->cap) {
        sc->cap = sc->cap ? sc->cap * 2 : 256;
        sc->items = xrealloc(sc->items, sc->cap * sizeof *sc->items);
    }
    Item *it = &sc->items[sc->nitems++];
    it->kind = kind;
    it->word = kind == T_WORD ? lookup_word(sc->s + start, end - start) : W_NAME;
    it->start = start;
    it->end = end;
    it->nl = nl;
    it->indent = indent;
}

static bool id_start(int c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

static bool id_char(int c)
{
    return id_start(c) || (c >= '0' && c <= '9') || c == '-';
}

/* A control character inside a string (lexer.l {CTRL}; tab, CR and LF
 * are text). */
static bool string_control(char c)
{
    unsigned char u = (unsigned char)c;
    return (u < 0x20 && u != '\t' && u != '\n' && u != '\r') || u == 0x7F;
}

/* The end of a string whose opening quote is at i (lexer.l <STR>): a
 * backslash takes the next byte unless it is a newline; a newline or the
 * end of the text before the closing quote is an error, and so is a
 * control character. */
static int scan_string(Scan *sc, size_t i, size_t *end)
{
    const char *s = sc->s;
    size_t start = i++;
    for (;;) {
        if (i >= sc->n)
            return scan_error(sc, start, "missing terminating '\"' character");
        if (s[i] == '\\') {
            i += i + 1 < sc->n && s[i + 1] != '\n' ? 2 : 1;
        } else if (string_control(s[i])) {
            return scan_error(sc, i, "invalid character 0x%02X inside a string", (unsigned char)s[i]);
        } else if (s[i] == '"') {
            *end = i + 1;
            return check_utf8(sc, start, *end);
        } else if (s[i] == '\n') {
            return scan_error(sc, start, "missing terminating '\"' character "
                                         "(use \"\"\"...\"\"\" for text spanning lines)");
        } else {
            i++;
        }
    }
}

/* lexer.l <TSTR>: ends at the first `"""` not preceded by an escaping
 * backslash (which takes any next byte, a newline included). */
static int scan_tstring(Scan *sc, size_t i, size_t *end)
{
    const char *s = sc->s;
    size_t start = i;
    for (i += 3;;) {
        if (i >= sc->n)
            return scan_error(sc, start, "unterminated triple-quoted string; '\"\"\"' has no "
                                         "closing '\"\"\"'");
        if (s[i] == '\\') {
            i += i + 1 < sc->n ? 2 : 1;
        } else if (string_control(s[i])) {
            return scan_error(sc, i, "invalid character 0x%02X inside a string", (unsigned char)s[i]);
        } else if (s[i] == '"' && i + 2 < sc->n && s[i + 1] == '"' && s[i + 2] == '"') {
            *end = i + 3;
            return check_utf8(sc, start, *end);
        } else {
            i++;
        }
    }
}

static int invalid_bytes(Scan *sc, size_t i)
{
    unsigned char c = (unsigned char)sc->s[i];
    if (c >= 0x80) {
        size_t k = utf8_seq((const unsigned char *)sc->s + i, sc->n - i);
        if (!k)
            return scan_error(sc, i, "invalid UTF-8 byte sequence");
        return scan_error(sc, i, "non-ASCII text '%.*s' outside a string or comment", (int)k,
                          sc->s + i);
    }
    if (c < 0x20 || c == 0x7F)
        return scan_error(sc, i, "invalid character 0x%02X", c);
    return scan_error(sc, i, "invalid character '%c'", c);
}

/* The token or comment that starts at s[i] (not whitespace): its kind
 * and end, or -1 after reporting text that does not tokenize. */
static int scan_token(Scan *sc, size_t i, TokKind *kind, size_t *endp)
{
    const char *s = sc->s;
    size_t n = sc->n, end = i;
    char c = s[i];
    int next = i + 1 < n ? (unsigned char)s[i + 1] : -1;
    if ((c == '/' && next == '/') || c == '#') {
        end = i;
        while (end < n && s[end] != '\n')
            end++;
        *kind = T_LCOMMENT;
        if (check_utf8(sc, i, end))
            return -1;
    } else if (c == '/' && next == '*') {
        end = i + 2;
        while (end + 1 < n && !(s[end] == '*' && s[end + 1] == '/'))
            end++;
        if (end + 1 >= n)
            return scan_error(sc, i, "unterminated comment; '/*' has no matching '*/'");
        end += 2;
        *kind = T_BCOMMENT;
        if (check_utf8(sc, i, end))
            return -1;
    } else if (c == '"') {
        bool triple = next == '"' && i + 2 < n && s[i + 2] == '"';
        *kind = triple ? T_TSTRING : T_STRING;
        if ((triple ? scan_tstring : scan_string)(sc, i, &end))
            return -1;
    } else if (id_start(c)) {
        end = i + 1;
        for (;;) {
            while (end < n && id_char(s[end]))
                end++;
            if (end + 1 < n && s[end] == '.' && id_start(s[end + 1]))
                end += 2;
            else
                break;
        }
        *kind = T_WORD;
    } else if (c >= '0' && c <= '9') {
        end = i + 1;
        while (end < n && (id_char(s[end]) || s[end] == '.'))
            end++;
        *kind = T_NUMBER;
    } else if ((c == '.' && next == '*') || ((c == '>' || c == '<') && next == '=')) {
        end = i + 2;
        *kind = c == '.' ? T_DOTSTAR : c == '>' ? T_GE : T_LE;
    } else if (c == '=' || c == '{' || c == '}' || c == ';' || c == ',') {
        end = i + 1;
        *kind = c == '=' ? T_EQ : c == '{' ? T_LBRACE : c == '}' ? T_RBRACE : c == ';' ? T_SEMI : T_COMMA;
    } else {
        return invalid_bytes(sc, i);
    }
    *endp = end;
    return 0;
}

int fmt_scan(Scan *sc)
{
    const char *s = sc->s;
    size_t n = sc->n, i = 0;
    unsigned nl = 0;
    size_t line_start = 0; /* offset after the last newline */
    while (i < n) {
        char c = s[i];
        if (c == '\n') {
            nl++;
            line_start = ++i;
            continue;
        }
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
            i++;
            continue;
        }
        long indent = NO_INDENT;
        if (nl || sc->nitems == 0) {
            indent = (long)(i - line_start);
            for (size_t k = line_start; k < i; k++)
                if (s[k] != ' ')
                    indent = NO_INDENT;
        }
        size_t end = i;
        TokKind kind = T_WORD;
        if (scan_token(sc, i, &kind, &end))
            return -1;
        add_item(sc, kind, i, end, nl, indent);
        /* newlines inside the item (triple-quoted strings, block comments)
         * belong to it; the item still ends its own line segment */
        for (size_t k = i; k < end; k++)
            if (s[k] == '\n')
                line_start = k + 1;
        nl = 0;
        i = end;
    }
    return 0;
}
