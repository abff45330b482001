/*
 * text.c — the texts of the incremental-analysis test (incr.c): the edit
 * history, a file's text spliced, and the line scans that the edits
 * (edits.c) and the queries (plan.c) share.  The scans read the layout
 * the bench generator writes (`profile NAME "title" extends A, B {` at
 * column 0, a closing `}` at column 0, members indented); once an edit has
 * broken it they find less, never more.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incr.h"

/* ---------------------------------------------------------------- history */

void tx_hist(World *w, const char *fmt, ...)
{
    char line[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(line, sizeof line, fmt, ap);
    va_end(ap);
    if (n < 0)
        return;
    if ((size_t)n >= sizeof line)
        n = sizeof line - 1;
    w->history = realloc(w->history, w->histlen + (size_t)n + 1);
    if (!w->history)
        exit(2);
    memcpy(w->history + w->histlen, line, (size_t)n + 1);
    w->histlen += (size_t)n;
}

/* Up to 160 bytes of s as one escaped line. */
static void brief(char *out, size_t cap, const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n && k + 8 < cap; i++) {
        if (i == 160) {
            k += (size_t)snprintf(out + k, cap - k, "...(%zu bytes)", n);
            break;
        }
        if (s[i] == '\n')
            out[k++] = '\\', out[k++] = 'n';
        else
            out[k++] = s[i];
    }
    out[k] = 0;
}

static unsigned line_of(const char *t, size_t at)
{
    unsigned l = 1;
    for (size_t i = 0; i < at; i++)
        l += t[i] == '\n';
    return l;
}

/* Replace del bytes at `at` by ins, and log it as a hunk. */
void tx_splice(World *w, File *f, size_t at, size_t del, const char *ins)
{
    size_t nins = strlen(ins);
    char before[400], after[400];
    brief(before, sizeof before, f->text + at, del);
    brief(after, sizeof after, ins, nins);
    tx_hist(w, "  @@ %s line %u, byte %zu @@\n    -%s\n    +%s\n", f->path, line_of(f->text, at), at, before, after);
    char *n = incr_alloc(f->len - del + nins + 1);
    memcpy(n, f->text, at);
    memcpy(n + at, ins, nins);
    memcpy(n + at + nins, f->text + at + del, f->len - at - del);
    f->len = f->len - del + nins;
    free(f->text);
    f->text = n;
}

/* ---------------------------------------------------------------- scanning */

size_t tx_eol(const File *f, size_t i)
{
    const char *e = memchr(f->text + i, '\n', f->len - i);
    return e ? (size_t)(e - f->text) : f->len;
}

bool tx_at_word(const File *f, size_t i, const char *word)
{
    size_t n = strlen(word);
    return i + n <= f->len && !memcmp(f->text + i, word, n);
}

/* The first occurrence of needle (of length nn) in h[0..n), or NULL. */
const char *tx_find(const char *h, size_t n, const char *needle, size_t nn)
{
    for (size_t i = 0; i + nn <= n; i++)
        if (!memcmp(h + i, needle, nn))
            return h + i;
    return NULL;
}

/* Copy the identifier (qualified name) at i into out. */
size_t tx_ident(const File *f, size_t i, char *out, size_t cap)
{
    size_t k = 0;
    while (i + k < f->len && k + 1 < cap &&
           (strchr("._-*", f->text[i + k]) || (f->text[i + k] >= '0' && f->text[i + k] <= '9') ||
            (f->text[i + k] >= 'a' && f->text[i + k] <= 'z') || (f->text[i + k] >= 'A' && f->text[i + k] <= 'Z')))
        k++;
    memcpy(out, f->text + i, k);
    out[k] = 0;
    return k;
}

/* The profiles of a file as the layout shows them. */
size_t tx_profiles(const File *f, Prof *out, size_t max)
{
    size_t n = 0;
    for (size_t i = 0; i < f->len && n < max; i = tx_eol(f, i) + 1) {
        if (n && !out[n - 1].end && f->text[i] == '}')
            out[n - 1].end = tx_eol(f, i) + (tx_eol(f, i) < f->len);
        if (!tx_at_word(f, i, "profile "))
            continue;
        if (n && !out[n - 1].end)
            out[n - 1].end = i;
        Prof *p = &out[n++];
        p->start = i;
        p->hdr_end = tx_eol(f, i);
        p->end = 0;
        tx_ident(f, i + 8, p->name, sizeof p->name);
    }
    if (n && !out[n - 1].end)
        out[n - 1].end = f->len;
    return n;
}

/* Line starts in [a, b) for which keep() holds. */
size_t tx_lines(const File *f, size_t a, size_t b, bool (*keep)(const File *, size_t), size_t *out)
{
    size_t n = 0;
    for (size_t i = a; i < b && i < f->len && n < MAXLINES; i = tx_eol(f, i) + 1)
        if (keep(f, i))
            out[n++] = i;
    return n;
}

size_t tx_indent(const File *f, size_t i)
{
    size_t k = 0;
    while (i + k < f->len && f->text[i + k] == ' ')
        k++;
    return k;
}

/* An indented `PATH = …` or `PATH scope …` line. */
bool tx_is_setting(const File *f, size_t i)
{
    size_t k = tx_indent(f, i);
    char id[128];
    size_t n = tx_ident(f, i + k, id, sizeof id);
    return k >= 2 && n && (tx_at_word(f, i + k + n, " = ") || tx_at_word(f, i + k + n, " scope ")) &&
           strcmp(id, "doc") && strcmp(id, "tags");
}

bool tx_is_member(const File *f, size_t i)
{
    size_t k = tx_indent(f, i);
    return k >= 2 && (tx_is_setting(f, i) || tx_at_word(f, i + k, "require ") || tx_at_word(f, i + k, "consider "));
}

bool tx_is_block(const File *f, size_t i)
{
    size_t k = tx_indent(f, i), e = tx_eol(f, i);
    return k >= 2 && (tx_at_word(f, i + k, "sector ") || tx_at_word(f, i + k, "system ")) && e > 0 &&
           f->text[e - 1] == '{';
}

bool tx_is_import(const File *f, size_t i)
{
    return tx_at_word(f, i, "import ");
}

/* The parents of a header: their offsets and lengths; 0 when it has no
 * `extends`. */
size_t tx_parents(const File *f, const Prof *p, size_t *at, size_t *len, size_t max)
{
    const char *x = tx_find(f->text + p->start, p->hdr_end - p->start, " extends ", 9);
    if (!x)
        return 0;
    size_t n = 0, i = (size_t)(x - f->text) + 9;
    char id[128];
    while (n < max && i < p->hdr_end) {
        size_t k = tx_ident(f, i, id, sizeof id);
        if (!k)
            break;
        at[n] = i, len[n++] = k;
        i += k;
        if (!tx_at_word(f, i, ", "))
            break;
        i += 2;
    }
    return n;
}
