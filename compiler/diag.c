/*
 * diag.c — the diagnostics engine.
 *
 * Every message the compiler and the checker produce goes through diag_at():
 * it applies the -W policy, counts errors, enforces -fmax-errors, records the
 * diagnostic in the session (for JSON/SARIF/… renderers) and, in text mode,
 * prints it GCC-style once its notes are attached.  A diagnostic is "pending"
 * until the next one is emitted or the session flushes, so callers attach
 * notes right after creating it and never print anything themselves.
 */
#include "smmc.h"

#include <stdlib.h>
#include <string.h>

const DiagInfo diag_info[DIAG_COUNT] = {
#define DIAG(id, code, name, sev, flags, summary) [id] = {code, name, sev, flags, summary},
#include "diagnostics.def"
#undef DIAG
};

int diag_lookup(const char *key)
{
    for (int i = 0; i < DIAG_COUNT; i++)
        if (strcmp(diag_info[i].code, key) == 0 || strcmp(diag_info[i].name, key) == 0)
            return i;
    return -1;
}

Severity diag_effective_severity(const DiagPolicy *p, DiagId id)
{
    const DiagInfo *info = &diag_info[id];
    Severity sev = info->severity;
    if (info->flags & DF_HARD)
        return sev;
    if (p->overridden[id])
        sev = p->override[id];
    if (p->werror && sev == SEV_WARNING && !p->no_werror[id])
        return SEV_ERROR;
    return sev;
}

static void diag_print(Session *s, Diag *d);

/* Count a diagnostic of severity sev; -fmax-errors stops the run. */
static void count_diag(Session *s, Severity sev)
{
    if (sev == SEV_ERROR)
        s->errors++;
    else if (sev == SEV_WARNING)
        s->warnings++;
    if (sev == SEV_ERROR && s->policy.max_errors > 0 && s->errors >= s->policy.max_errors)
        s->too_many_errors = true;
}

Diag *diag_vat(Session *s, DiagId id, Loc loc, const char *fmt, va_list ap)
{
    Severity sev = diag_effective_severity(&s->policy, id);
    if (sev == SEV_IGNORED)
        return NULL;
    if (s->too_many_errors)
        return NULL;
    smm_flush_diagnostics(s);

    Diag *d = arena_alloc(s->arena, sizeof *d);
    d->id = id;
    d->sev = sev;
    d->loc = loc;
    d->msg = arena_vprintf(s->arena, fmt, ap);
    diag_take(s, d);
    return d;
}

Diag *diag_at(Session *s, DiagId id, Loc loc, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Diag *d = diag_vat(s, id, loc, fmt, ap);
    va_end(ap);
    return d;
}

void diag_note(Session *s, Diag *d, Loc loc, const char *fmt, ...)
{
    if (!d)
        return;
    DiagNote *n = arena_alloc(s->arena, sizeof *n);
    n->loc = loc;
    va_list ap;
    va_start(ap, fmt);
    n->msg = arena_vprintf(s->arena, fmt, ap);
    va_end(ap);
    DiagNote **tail = &d->notes;
    while (*tail)
        tail = &(*tail)->next;
    *tail = n;
}

void diag_fix(Session *s, Diag *d, Loc loc, const char *text)
{
    if (!d)
        return;
    DiagFix *f = arena_alloc(s->arena, sizeof *f);
    f->loc = loc;
    f->text = arena_strdup(s->arena, text);
    DiagFix **tail = &d->fixes;
    while (*tail)
        tail = &(*tail)->next;
    *tail = f;
}

void smm_flush_diagnostics(Session *s)
{
    Diag *d = s->pending;
    s->pending = NULL;
    if (d && s->stream_text)
        diag_print(s, d);
    if (s->too_many_errors && !s->told_too_many && s->stream_text) {
        s->told_too_many = true;
        fprintf(s->diag_out, "smmc: fatal: too many errors emitted, stopping now [-fmax-errors=%d]\n",
                s->policy.max_errors);
    }
}

void diag_take(Session *s, Diag *d)
{
    if (s->too_many_errors)
        return;
    smm_flush_diagnostics(s);
    d->next = NULL;
    *s->diags_tail = d;
    s->diags_tail = &d->next;
    s->ndiags++;
    s->pending = d;
    count_diag(s, d->sev);
}

/* Stable merge sort of n diagnostics by position in their (common) file. */
static void sort_by_position(Diag **v, Diag **tmp, size_t n)
{
    if (n < 2)
        return;
    size_t h = n / 2;
    sort_by_position(v, tmp, h);
    sort_by_position(v + h, tmp, n - h);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n)
        tmp[k++] = v[j]->loc.start < v[i]->loc.start ? v[j++] : v[i++];
    while (i < h)
        tmp[k++] = v[i++];
    while (j < n)
        tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
}

void diag_adopt(Session *s, Session *from)
{
    smm_flush_diagnostics(s);
    Vec v = {0};
    for (Diag *d = from->diags; d && !s->too_many_errors; d = d->next) {
        vec_push(&v, d);
        count_diag(s, d->sev);
    }
    from->diags = NULL;
    from->diags_tail = &from->diags;
    Diag **tmp = xmalloc((v.n ? v.n : 1) * sizeof *tmp);
    sort_by_position((Diag **)v.v, tmp, v.n);
    free(tmp);
    for (size_t i = 0; i < v.n; i++) {
        Diag *d = v.v[i];
        d->next = NULL;
        *s->diags_tail = d;
        s->diags_tail = &d->next;
        s->ndiags++;
        if (s->stream_text)
            diag_print(s, d);
    }
    vec_free(&v);
    smm_flush_diagnostics(s); /* "too many errors", if it was reached */
}

/* ---------------------------------------------------------------- text */

enum { C_RESET, C_BOLD, C_ERROR, C_WARNING, C_NOTE, C_REMARK, C_CARET };
static const char *const ansi[] = {"\033[0m", "\033[1m", "\033[1;31m", "\033[1;35m",
                                   "\033[1;36m", "\033[1;34m", "\033[1;32m"};

const char *severity_name(Severity sev)
{
    switch (sev) {
    case SEV_ERROR: return "error";
    case SEV_WARNING: return "warning";
    case SEV_REMARK: return "remark";
    case SEV_NOTE: return "note";
    default: return "ignored";
    }
}

static int sev_color(Severity sev)
{
    switch (sev) {
    case SEV_ERROR: return C_ERROR;
    case SEV_WARNING: return C_WARNING;
    case SEV_REMARK: return C_REMARK;
    default: return C_NOTE;
    }
}

static void put_escaped(Buf *b, const char *text);

static void put_location(Session *s, Buf *b, Loc loc, bool color)
{
    SourceFile *f = source_get(s, loc.file);
    if (color)
        buf_puts(b, ansi[C_BOLD]);
    if (f) {
        LineCol lc = source_linecol(f, loc.start);
        put_escaped(b, f->display);
        buf_printf(b, ":%u:%u: ", lc.line, lc.column);
    } else {
        buf_puts(b, "smmc: ");
    }
    if (color)
        buf_puts(b, ansi[C_RESET]);
}

static void put_header(Session *s, Buf *b, Loc loc, Severity sev, const char *msg,
                       const char *name, bool color)
{
    put_location(s, b, loc, color);
    if (color)
        buf_puts(b, ansi[sev_color(sev)]);
    buf_printf(b, "%s:", severity_name(sev));
    if (color)
        buf_puts(b, ansi[C_RESET]);
    if (color)
        buf_puts(b, ansi[C_BOLD]);
    buf_putc(b, ' ');
    put_escaped(b, msg);
    if (name)
        buf_printf(b, " [%s]", name);
    if (color)
        buf_puts(b, ansi[C_RESET]);
    buf_putc(b, '\n');
}

/* Characters an excerpt shows escaped, as GCC's -fdiagnostics-escape-format
 * does: controls (a tab aside), the bidirectional formatting characters,
 * invisible ones and noncharacters.  Shown raw, they would reach the
 * terminal (ESC [2J clears it) or reorder the line the caret points into. */
static bool shown_escaped(unsigned long cp)
{
    return (cp < 0x20 && cp != '\t') || (cp >= 0x7F && cp <= 0x9F) || cp == 0x061C ||
           (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF || (cp >= 0xFDD0 && cp <= 0xFDEF) ||
           (cp & 0xFFFE) == 0xFFFE;
}

/* Length of the character at s (at most n bytes) as it is shown in an
 * excerpt.  esc receives its escaped form — "<U+001B>" for a character
 * shown escaped, "<c0>" for a byte that is not UTF-8 — or "" when it is
 * shown as it is. */
static size_t excerpt_unit(const unsigned char *s, size_t n, char esc[12])
{
    esc[0] = 0;
    if (s[0] < 0x80) {
        if (shown_escaped(s[0]))
            snprintf(esc, 12, "<U+%04X>", s[0]);
        return 1;
    }
    size_t len = (s[0] & 0xE0) == 0xC0 ? 2 : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
    unsigned long cp = s[0] & (len == 2 ? 0x1F : len == 3 ? 0x0F : 0x07);
    for (size_t i = 1; i < len; i++) {
        if (i >= n || (s[i] & 0xC0) != 0x80) {
            len = 0;
            break;
        }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    if (len == 0 || (len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
        snprintf(esc, 12, "<%02x>", s[0]);
        return 1;
    }
    if (shown_escaped(cp))
        snprintf(esc, 12, "<U+%04lX>", cp);
    return len;
}

/* Text from a message or a file name, with the characters an excerpt
 * escapes escaped the same way. */
static void put_escaped(Buf *b, const char *text)
{
    const unsigned char *u = (const unsigned char *)text;
    size_t n = strlen(text);
    for (size_t i = 0; i < n;) {
        char esc[12];
        size_t k = excerpt_unit(u + i, n - i, esc);
        if (esc[0])
            buf_puts(b, esc);
        else
            buf_putn(b, text + i, k);
        i += k;
    }
}

/* The source line and a caret span under the located token(s).  Long lines
 * are cut after MAX_SHOWN characters; a line that is mostly not text (a
 * binary file) is not echoed at all.  The caret line pads each character
 * by the width it is shown with, so it stays under an escaped one. */
static void put_excerpt(Session *s, Buf *b, Loc loc, bool color)
{
    SourceFile *f = source_get(s, loc.file);
    if (!f)
        return;
    LineCol lc = source_linecol(f, loc.start);
    size_t len;
    const char *line = source_line(f, lc.line, &len);
    const unsigned char *u = (const unsigned char *)line;
    enum { MAX_SHOWN = 512 }; /* a 2 MB line is not worth echoing */
    Buf text = {0};
    size_t units = 0, bad = 0, shown = 0;
    while (shown < len && units < MAX_SHOWN) {
        char esc[12];
        size_t k = excerpt_unit(u + shown, len - shown, esc);
        if (esc[0])
            buf_puts(&text, esc);
        else
            buf_putn(&text, line + shown, k);
        bad += esc[0] != 0;
        units++;
        shown += k;
    }
    if (bad > 8 && bad * 4 > units) {
        buf_free(&text);
        return;
    }
    buf_printf(b, "%5u | ", lc.line);
    buf_putn(b, text.s, text.n);
    buf_free(&text);
    if (shown < len)
        buf_puts(b, " ...");
    buf_putc(b, '\n');
    buf_puts(b, "      | ");
    size_t line_off = (size_t)(line - f->text);
    size_t start = loc.start - line_off, end = loc.end > loc.start ? loc.end - line_off : start + 1;
    if (start > shown) {
        buf_putc(b, '\n');
        return;
    }
    if (end > shown + 1)
        end = shown + 1;
    if (end <= start)
        end = start + 1;
    size_t i = 0;
    while (i < start && i < len) {
        char esc[12];
        size_t k = excerpt_unit(u + i, len - i, esc);
        if (u[i] == '\t')
            buf_putc(b, '\t');
        for (size_t w = u[i] == '\t' ? 0 : esc[0] ? strlen(esc) : 1; w > 0; w--)
            buf_putc(b, ' ');
        i += k;
    }
    if (color)
        buf_puts(b, ansi[C_CARET]);
    buf_putc(b, '^');
    if (i < len) {
        char esc[12];
        i += excerpt_unit(u + i, len - i, esc);
        for (size_t w = strlen(esc); w > 1; w--)
            buf_putc(b, '~');
    } else {
        i++;
    }
    while (i < end && i < len) {
        char esc[12];
        i += excerpt_unit(u + i, len - i, esc);
        for (size_t w = esc[0] ? strlen(esc) : 1; w > 0; w--)
            buf_putc(b, '~');
    }
    if (color)
        buf_puts(b, ansi[C_RESET]);
    buf_putc(b, '\n');
}

void diag_render_text(Session *s, const Diag *d, Buf *b, bool color)
{
    put_header(s, b, d->loc, d->sev, d->msg, diag_info[d->id].name, color);
    put_excerpt(s, b, d->loc, color);
    for (const DiagNote *n = d->notes; n; n = n->next)
        put_header(s, b, n->loc, SEV_NOTE, n->msg, NULL, color);
}

static void diag_print(Session *s, Diag *d)
{
    if (d->baselined)
        return;
    Buf b = {0};
    diag_render_text(s, d, &b, s->color);
    fwrite(b.s, 1, b.n, s->diag_out);
    buf_free(&b);
}

/* ---------------------------------------------------------------- suggestions */

size_t edit_distance(const char *a, const char *b, size_t limit)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return limit + 1;
    if ((la > lb ? la - lb : lb - la) > limit)
        return limit + 1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t v = prev + cost;
            if (row[j] + 1 < v)
                v = row[j] + 1;
            if (row[j - 1] + 1 < v)
                v = row[j - 1] + 1;
            row[j] = v;
            prev = cur;
        }
    }
    return row[lb];
}

const char *diag_suggest(const char *word, const char *const *cands, size_t n)
{
    size_t wl = strlen(word);
    size_t limit = wl < 4 ? 1 : wl < 8 ? 2 : 3;
    const char *best = NULL;
    size_t bestd = limit + 1;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i] || strcmp(cands[i], word) == 0)
            continue;
        size_t d = edit_distance(word, cands[i], limit);
        if (d < bestd || (d == bestd && best && strcmp(cands[i], best) < 0)) {
            bestd = d;
            best = cands[i];
        }
    }
    return bestd <= limit ? best : NULL;
}

/* ---------------------------------------------------------------- as data */

size_t smm_each_diagnostic(smm_session *s, int (*fn)(void *ctx, const smm_diagnostic *d), void *ctx)
{
    size_t n = 0;
    smm_note *notes = NULL;
    smm_fixit *fixits = NULL;
    size_t cap_notes = 0, cap_fixits = 0;
    for (const Diag *d = s->diags; d; d = d->next) {
        smm_diagnostic out = {
            .code = diag_info[d->id].code,
            .name = diag_info[d->id].name,
            .severity = (smm_severity)d->sev,
            .span = source_span(s, d->loc, true),
            .message = d->msg,
            .gate = (diag_info[d->id].flags & DF_GATE) != 0,
            .baselined = d->baselined,
            .assessment = d->assessment,
            .practice = d->practice,
            .key = d->key,
        };
        /* plain realloc: this runs outside any guard, and a note that
         * finds no memory is left out rather than ending the process */
        for (const DiagNote *x = d->notes; x; x = x->next) {
            if (out.nnotes == cap_notes) {
                smm_note *v = realloc(notes, (cap_notes ? cap_notes * 2 : 4) * sizeof *notes);
                if (!v)
                    break;
                notes = v;
                cap_notes = cap_notes ? cap_notes * 2 : 4;
            }
            notes[out.nnotes++] = (smm_note){source_span(s, x->loc, true), x->msg};
        }
        for (const DiagFix *x = d->fixes; x; x = x->next) {
            if (out.nfixits == cap_fixits) {
                smm_fixit *v = realloc(fixits, (cap_fixits ? cap_fixits * 2 : 2) * sizeof *fixits);
                if (!v)
                    break;
                fixits = v;
                cap_fixits = cap_fixits ? cap_fixits * 2 : 2;
            }
            fixits[out.nfixits++] = (smm_fixit){source_span(s, x->loc, true), x->text};
        }
        out.notes = notes;
        out.fixits = fixits;
        n++;
        if (fn(ctx, &out))
            break;
    }
    free(notes);
    free(fixits);
    return n;
}

void diag_print_all(Session *s, FILE *out, unsigned flags)
{
    for (const Diag *d = s->diags; d; d = d->next) {
        if (d->baselined || d->sev == SEV_IGNORED ||
            (!(flags & SMM_PRINT_GATE) && (diag_info[d->id].flags & DF_GATE)))
            continue;
        Buf b = {0};
        diag_render_text(s, d, &b, s->color);
        fwrite(b.s, 1, b.n, out);
        buf_free(&b);
    }
    if (s->too_many_errors)
        fprintf(out, "smmc: fatal: too many errors emitted, stopping now [-fmax-errors=%d]\n",
                s->policy.max_errors);
    if (s->internal)
        fprintf(out, "smmc: internal error: %s\n", s->internal);
}

int smm_diagnostic_count(void)
{
    return DIAG_COUNT;
}

int smm_diagnostic_lookup(const char *code_or_name)
{
    return diag_lookup(code_or_name);
}

const char *smm_diagnostic_code(int i)
{
    return i >= 0 && i < DIAG_COUNT ? diag_info[i].code : NULL;
}

const char *smm_diagnostic_name(int i)
{
    return i >= 0 && i < DIAG_COUNT ? diag_info[i].name : NULL;
}

const char *smm_diagnostic_summary(int i)
{
    return i >= 0 && i < DIAG_COUNT ? diag_info[i].summary : NULL;
}

bool smm_diagnostic_hard(int i)
{
    return i >= 0 && i < DIAG_COUNT && (diag_info[i].flags & DF_HARD);
}

const char *smm_suggest(const char *word, const char *const *cands, size_t n)
{
    return diag_suggest(word, cands, n);
}
