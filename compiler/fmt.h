/*
 * fmt.h — the canonical formatter behind `smmc fmt` (fmt.c).
 *
 * Kept out of smmc.h so the formatter stays a leaf of the library: it needs
 * only Buf and the allocation funnel, no session, no AST.  The layout rules
 * are listed at the top of fmt.c and, for users, in docs/fmt.md.
 */
#ifndef SMMC_FMT_H
#define SMMC_FMT_H

#include "smmc.h"

/* ---------------------------------------------------------------- fmt.c */

/* Format one file's text (len bytes, need not be NUL-terminated) and append
 * the result to out.  Returns 0, or -1 when the text does not tokenize
 * (unterminated string or comment, a byte that starts no token, invalid
 * UTF-8): then nothing is appended and err holds "LINE:COL: what" (line and
 * column 1-based, columns in code points, as the compiler's diagnostics).
 * The result differs from the input only in whitespace and layout (and CRLF
 * inside triple-quoted strings, see fmt.c); fmt_source(result) == result. */
int fmt_source(const char *text, size_t len, Buf *out, char *err, size_t errlen);

#endif
