/*
 * verify.c — verify mode (`smmc compile --verify`, `smmc check --verify`;
 * language.md §8), after clang's -verify.
 *
 * The scanner drops comments, so the annotations are read here by a second,
 * small scan of each loaded file's text that knows only what hides a comment
 * marker (strings, triple-quoted strings) and the three comment forms.  In a
 * comment, `expect-error:`, `expect-warning:` and `expect-note:` (with an
 * optional `@+N` / `@-N` line offset) are followed by one or more diagnostic
 * names or codes separated by ','; another `expect-KIND:` may follow a ','.
 *
 * The diagnostics the run produced are then compared with the annotations
 * and replaced by the mismatches: an `expected-not-produced` error at each
 * annotation no diagnostic of that severity, name and line satisfies, and an
 * `unexpected-diagnostic` error at each error or warning no annotation
 * expects (notes and remarks need no annotation, but may have one).  A
 * malformed annotation is a `malformed-annotation` error at its text.
 */
#include "smmc.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

typedef struct Annot {
    Severity sev;      /* SEV_ERROR, SEV_WARNING or SEV_NOTE (note or remark) */
    DiagId id;
    uint32_t file, line; /* the line the diagnostic is expected on */
    Loc loc;           /* the name in the comment */
    bool seen;
} Annot;

typedef struct {
    Session *s;   /* where malformed annotations are reported */
    SourceFile *f;
    Annot *a;
    size_t n, cap;
} Scan;

static const char *const kinds[] = {"error", "warning", "note"};

static Loc at(const Scan *sc, size_t from, size_t to)
{
    return (Loc){sc->f->id, (uint32_t)from, (uint32_t)to};
}

static void add(Scan *sc, Annot a)
{
    if (sc->n == sc->cap) {
        sc->cap = sc->cap ? sc->cap * 2 : 16;
        sc->a = xrealloc(sc->a, sc->cap * sizeof *sc->a);
    }
    sc->a[sc->n++] = a;
}

static bool word_char(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '-';
}

static size_t skip_blanks(const char *t, size_t i, size_t end)
{
    while (i < end && (t[i] == ' ' || t[i] == '\t'))
        i++;
    return i;
}

/* One directive at t[i] ("expect-..."), inside a comment ending at end.
 * Returns where scanning continues. */
static size_t directive(Scan *sc, size_t i, size_t end)
{
    const char *t = sc->f->text;
    size_t start = i;
    i += 7; /* "expect-" */
    size_t w = i;
    while (i < end && word_char(t[i]) && t[i] != '-')
        i++;
    size_t wlen = i - w;
    if (i >= end || (t[i] != ':' && t[i] != '@'))
        return i; /* prose, not an annotation */
    int kind = -1;
    for (int k = 0; k < 3; k++)
        if (strlen(kinds[k]) == wlen && !memcmp(t + w, kinds[k], wlen))
            kind = k;
    if (kind < 0) {
        char *word = arena_strndup(sc->s->arena, t + w, wlen);
        const char *hint = diag_suggest(word, kinds, 3);
        diag_at(sc->s, D_VERIFY_ANNOTATION, at(sc, start, i),
                "unknown annotation 'expect-%s'%s%s%s; write expect-error:, expect-warning: or expect-note:", word,
                hint ? " (did you mean 'expect-" : "", hint ? hint : "", hint ? "'?)" : "");
        return i;
    }
    long offset = 0;
    if (t[i] == '@') {
        size_t o = ++i;
        int sign = i < end && (t[i] == '+' || t[i] == '-') ? (t[i++] == '+' ? 1 : -1) : 0;
        size_t digits = i;
        while (i < end && isdigit((unsigned char)t[i]) && i - digits < 6)
            offset = offset * 10 + (t[i++] - '0');
        if (!sign || i == digits || i >= end || t[i] != ':') {
            diag_at(sc->s, D_VERIFY_ANNOTATION, at(sc, o - 1, i < end ? i + 1 : i),
                    "malformed line offset in 'expect-%s'; write @+N or @-N and then ':', as in "
                    "expect-%s@+1: NAME", kinds[kind], kinds[kind]);
            return i;
        }
        offset *= sign;
    }
    i++; /* ':' */
    LineCol lc = source_linecol(sc->f, (uint32_t)start);
    long line = (long)lc.line + offset;
    if (line < 1 || line > (long)source_linecol(sc->f, (uint32_t)sc->f->len).line) {
        diag_at(sc->s, D_VERIFY_ANNOTATION, at(sc, start, i),
                "'expect-%s' points at line %ld, outside the file", kinds[kind], line);
        return i;
    }
    for (;;) {
        i = skip_blanks(t, i, end);
        size_t n = i;
        while (i < end && word_char(t[i]))
            i++;
        if (i == n) {
            diag_at(sc->s, D_VERIFY_ANNOTATION, at(sc, start, i),
                    "'expect-%s:' names no diagnostic; write its name or code, as in expect-%s: gap",
                    kinds[kind], kinds[kind]);
            return i;
        }
        char *name = arena_strndup(sc->s->arena, t + n, i - n);
        if (strncmp(name, "expect-", 7) == 0 && i < end && (t[i] == ':' || t[i] == '@'))
            return n; /* `expect-error: a, expect-note: b`: the caller reads the next one */
        int id = diag_lookup(name);
        if (id < 0) {
            const char *names[DIAG_COUNT];
            for (int k = 0; k < DIAG_COUNT; k++)
                names[k] = diag_info[k].name;
            const char *hint = diag_suggest(name, names, DIAG_COUNT);
            diag_at(sc->s, D_VERIFY_ANNOTATION, at(sc, n, i),
                    "unknown diagnostic '%s' in 'expect-%s:'%s%s%s (smmc explain lists them)", name, kinds[kind],
                    hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
        } else {
            Severity sev = kind == 0 ? SEV_ERROR : kind == 1 ? SEV_WARNING : SEV_NOTE;
            add(sc, (Annot){sev, (DiagId)id, sc->f->id, (uint32_t)line, at(sc, n, i), false});
        }
        i = skip_blanks(t, i, end);
        if (i < end && t[i] == ',') {
            i++;
            continue;
        }
        return i;
    }
}

/* The directives in the comment t[i..end). */
static void comment(Scan *sc, size_t i, size_t end)
{
    const char *t = sc->f->text;
    while (i + 7 <= end) {
        if (!memcmp(t + i, "expect-", 7) && (i == 0 || !word_char(t[i - 1])))
            i = directive(sc, i, end);
        else
            i++;
    }
}

/* Every comment of f: what the scanner (lexer.l) treats as one. */
static void scan_file(Scan *sc)
{
    const char *t = sc->f->text;
    size_t n = sc->f->len, i = 0;
    while (i < n) {
        if (t[i] == '"' && i + 2 < n && t[i + 1] == '"' && t[i + 2] == '"') {
            const char *e = strstr(t + i + 3, "\"\"\"");
            i = e ? (size_t)(e - t) + 3 : n;
        } else if (t[i] == '"') {
            for (i++; i < n && t[i] != '"' && t[i] != '\n'; i++)
                if (t[i] == '\\' && i + 1 < n && t[i + 1] != '\n')
                    i++;
            i++;
        } else if (t[i] == '#' || (t[i] == '/' && i + 1 < n && t[i + 1] == '/')) {
            size_t e = i;
            while (e < n && t[e] != '\n')
                e++;
            comment(sc, i, e);
            i = e;
        } else if (t[i] == '/' && i + 1 < n && t[i + 1] == '*') {
            const char *e = strstr(t + i + 2, "*/");
            size_t end = e ? (size_t)(e - t) : n;
            comment(sc, i + 2, end);
            i = e ? end + 2 : n;
        } else {
            i++;
        }
    }
}

static bool sev_matches(Severity want, Severity got)
{
    return want == got || (want == SEV_NOTE && got == SEV_REMARK);
}

static uint32_t diag_line(Session *s, const Diag *d)
{
    SourceFile *f = source_get(s, d->loc.file);
    return f ? source_linecol(f, d->loc.start).line : 0;
}

int verify_diagnostics(Session *s)
{
    smm_flush_diagnostics(s);
    Session *k = session_sink(s, s->arena); /* the verdicts, sorted by position when adopted */
    k->policy.max_errors = 0;
    Scan sc = {k, NULL, NULL, 0, 0};
    for (size_t i = 0; i < s->sources.n; i++) {
        sc.f = s->sources.v[i];
        if (sc.f && sc.f->text)
            scan_file(&sc);
    }
    for (const Diag *d = s->diags; d; d = d->next) {
        if (d->sev == SEV_IGNORED || d->baselined)
            continue;
        uint32_t line = diag_line(s, d);
        bool expected = false;
        for (size_t i = 0; i < sc.n; i++) {
            Annot *a = &sc.a[i];
            if (a->id == d->id && a->file == d->loc.file && a->line == line && sev_matches(a->sev, d->sev))
                expected = a->seen = true;
        }
        if (expected || d->sev < SEV_WARNING)
            continue;
        Diag *u = diag_at(k, D_VERIFY_UNEXPECTED, d->loc, "unexpected diagnostic: %s: %s [%s]",
                          severity_name(d->sev), d->msg, diag_info[d->id].name);
        if (u && d->loc.file)
            diag_note(k, u, LOC_NONE, "if it is right, expect it: // expect-%s: %s",
                      d->sev == SEV_ERROR ? "error" : "warning", diag_info[d->id].name);
    }
    for (size_t i = 0; i < sc.n; i++) {
        const Annot *a = &sc.a[i];
        if (a->seen)
            continue;
        Diag *m = diag_at(k, D_VERIFY_MISSING, a->loc, "expected diagnostic not produced: %s '%s' on line %u",
                          a->sev == SEV_ERROR ? "error" : a->sev == SEV_WARNING ? "warning" : "note",
                          diag_info[a->id].name, a->line);
        /* what the line did produce, if anything */
        for (const Diag *d = s->diags; m && d; d = d->next)
            if (d->sev != SEV_IGNORED && d->loc.file == a->file && diag_line(s, d) == a->line)
                diag_note(k, m, d->loc, "line %u has %s '%s' here: %s", a->line, severity_name(d->sev),
                          diag_info[d->id].name, d->msg);
    }
    free(sc.a);
    int mismatches = 0;
    for (const Diag *d = k->diags; d; d = d->next)
        mismatches++;
    /* the run's own diagnostics are replaced by the verdicts */
    s->diags = NULL;
    s->diags_tail = &s->diags;
    s->ndiags = 0;
    s->errors = s->warnings = 0;
    s->too_many_errors = s->told_too_many = false;
    diag_adopt(s, k);
    session_sink_free(k);
    return mismatches;
}
