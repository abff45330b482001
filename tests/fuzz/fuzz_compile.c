/*
 * fuzz_compile.c — libFuzzer target for the whole library pipeline and the
 * formatter.
 *
 * One input is one root unit in memory.  It is parsed (imports resolve
 * against the stdlib: $SMM_STDLIB, else ./stdlib), analyzed, every
 * diagnostic is rendered GCC-style (source line and caret, the code most
 * exposed to odd offsets) and walked as data (spans, notes, fix-its), and
 * when the unit is clean its IR is written in both formats, its first
 * profile's model and target and its assessments as OSCAL, its
 * assessments are checked and its tests run; then verify mode compares the
 * diagnostics with its expect-*: comments.  Output goes to /dev/null.  A clean unit's
 * variants, computed as values only (the way validation takes them) and
 * then completed, must equal the full computation (fuzz_invariants.c, the
 * one white-box part; this file, like every front end, uses only smm.h).
 * The session owns everything, so smm_free() must leave nothing behind:
 * LeakSanitizer and valgrind (through tests/fuzz/replay_main.c) check it.
 *
 * The same input then goes through fmt_source(), whose documented
 * invariants are checked (a violation aborts, which the fuzzer reports):
 *   - the output has the input's tokens, in the same order and with the
 *     same text (CRLF inside strings may become LF), and its comments in
 *     the same order (their whitespace aside); only where a comment sits
 *     relative to the tokens may change (`x  # c` + `{` on the next line
 *     becomes `x {  # c`);
 *   - formatting is idempotent: fmt(fmt(x)) == fmt(x);
 *   - a unit that compiled cleanly still compiles cleanly once formatted.
 *
 *   make fuzz FUZZ_SECONDS=300      libFuzzer + ASan + UBSan (clang)
 *   make fuzz-replay                the corpus and stored crashers, any cc
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smm.h"

/* A growable byte buffer (the fuzzer's own: smm.h has none). */
typedef struct {
    char *s;
    size_t n, cap;
} Buf;

static void buf_putc(Buf *b, char c)
{
    if (b->n + 2 > b->cap) {
        b->cap = b->cap ? b->cap * 2 : 256;
        b->s = realloc(b->s, b->cap);
        if (!b->s)
            abort();
    }
    b->s[b->n++] = c;
    b->s[b->n] = 0;
}

static void buf_free(Buf *b)
{
    free(b->s);
    b->s = NULL;
    b->n = b->cap = 0;
}

/* The formatter's result as a Buf; -1 when it refuses the text. */
static int fmt_source(const char *text, size_t len, Buf *out, char *err, size_t errlen)
{
    char *res;
    size_t n;
    if (smm_format_source(text, len, &res, &n, err, errlen) != 0)
        return -1;
    free(out->s);
    out->s = res;
    out->n = n;
    out->cap = n + 1;
    return 0;
}

static void first_profile(void *ctx, smm_decl_kind kind, const char *name)
{
    const char **first = ctx;
    if (kind == SMM_DECL_PROFILE && !*first)
        *first = name;
}

/* Every span of a diagnostic must lie inside its file's text. */
static int check_diag(void *ctx, const smm_diagnostic *d)
{
    size_t len = *(size_t *)ctx;
    (void)len;
    if (d->span.file && (d->span.start > d->span.end || d->span.line == 0 || d->span.column == 0))
        abort();
    for (size_t i = 0; i < d->nnotes; i++)
        if (d->notes[i].span.file && d->notes[i].span.start > d->notes[i].span.end)
            abort();
    for (size_t i = 0; i < d->nfixits; i++)
        if (!d->fixits[i].replacement)
            abort();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
void fuzz_check_variants(smm_session *s); /* fuzz_invariants.c */

static smm_session *session_new(void)
{
    const char *stdlib_dir = getenv("SMM_STDLIB");
    smm_options opt = {0};
    opt.buffer_diagnostics = true;
    opt.color = SMM_COLOR_NEVER;
    opt.stdlib_dir = stdlib_dir && *stdlib_dir ? stdlib_dir : "stdlib";
    opt.today = "2026-06-30"; /* reproducible waiver expiry */
    opt.jobs = 1; /* deterministic, single-threaded runs; the threads are
                     covered by tests/parallel (and its ThreadSanitizer run) */
    return smm_new(&opt);
}

/* Compile, render, emit, check; returns the error count. */
static int compile(const char *data, size_t size)
{
    smm_session *s = session_new();
    smm_add_buffer(s, "fuzz.smm", data, size);
    int errors = smm_analyze(s);

    /* render every diagnostic, and walk them as data */
    FILE *out = fopen("/dev/null", "w");
    if (out)
        smm_print_diagnostics(s, out, SMM_PRINT_GATE);
    smm_each_diagnostic(s, check_diag, &size);

    if (errors == 0 && out) {
        fuzz_check_variants(s);
        smm_emit_ir(s, out, SMM_EMIT_XML, SMM_PROV_FULL, NULL);
        smm_emit_ir(s, out, SMM_EMIT_JSON, SMM_PROV_WINNER, NULL);
        const char *first = NULL; /* OSCAL: the first profile's model and target */
        smm_unit_declarations(s, 0, first_profile, &first);
        if (first) {
            smm_selection sel = {first, NULL, NULL};
            smm_emit_ir(s, out, SMM_EMIT_OSCAL_CATALOG, SMM_PROV_FULL, &sel);
            smm_emit_ir(s, out, SMM_EMIT_OSCAL_PROFILE, SMM_PROV_FULL, &sel);
        }
        smm_check_oscal(s, out, NULL);
        smm_report_oscal_poam(s, out, NULL);
        smm_check_run *run = smm_check(s, NULL);
        smm_check_write(s, run, SMM_FORMAT_JSON, out);
        smm_check_free(run);
        smm_test_run *tests = smm_run_tests(s, NULL); /* the test declarations */
        smm_test_write(s, tests, SMM_FORMAT_TEXT, out);
        smm_test_write(s, tests, SMM_FORMAT_JUNIT, out);
        smm_test_free(tests);
    }
    /* verify mode, last: it replaces the diagnostics by the mismatches with
     * the input's expect-*: comments, which are rendered and walked too */
    smm_verify(s);
    if (out)
        smm_print_diagnostics(s, out, SMM_PRINT_GATE);
    smm_each_diagnostic(s, check_diag, &size);
    if (out)
        fclose(out);
    if (smm_internal_error(s)) {
        fprintf(stderr, "fuzz_compile: internal error: %s\n", smm_internal_error(s));
        abort();
    }
    (void)smm_exit_status(s);
    smm_free(s);
    return errors;
}

static void broken(const char *what, const char *in, size_t inlen, const Buf *out)
{
    fprintf(stderr, "fuzz_compile: fmt invariant broken: %s\n--- input (%zu bytes)\n%.*s\n--- output\n%.*s\n---\n",
            what, inlen, (int)inlen, in, (int)out->n, out->s ? out->s : "");
    abort();
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

/* Split text the way the lexer reads it: the bytes of its tokens (strings
 * as written, but without '\r', since CRLF may become LF) go to toks, its
 * comments to comments (without whitespace, which the formatter may
 * re-indent or trim).  Whitespace between tokens is dropped. */
static void split(const char *s, size_t n, Buf *toks, Buf *comments)
{
    size_t i = 0;
    while (i < n) {
        char c = s[i];
        if (is_space(c)) {
            i++;
        } else if (c == '#' || (c == '/' && i + 1 < n && s[i + 1] == '/')) {
            for (; i < n && s[i] != '\n'; i++)
                if (!is_space(s[i]))
                    buf_putc(comments, s[i]);
            buf_putc(comments, '\n');
        } else if (c == '/' && i + 1 < n && s[i + 1] == '*') {
            size_t end = i + 2;
            while (end + 1 < n && !(s[end] == '*' && s[end + 1] == '/'))
                end++;
            end = end + 1 < n ? end + 2 : n;
            for (; i < end; i++)
                if (!is_space(s[i]))
                    buf_putc(comments, s[i]);
            buf_putc(comments, '\n');
        } else if (c == '"' && i + 2 < n && s[i + 1] == '"' && s[i + 2] == '"') {
            size_t end = i + 3;
            while (end < n && !(end + 2 < n && s[end] == '"' && s[end + 1] == '"' && s[end + 2] == '"'))
                end += s[end] == '\\' && end + 1 < n ? 2 : 1;
            end = end < n ? end + 3 : n;
            for (; i < end; i++)
                if (s[i] != '\r')
                    buf_putc(toks, s[i]);
        } else if (c == '"') {
            buf_putc(toks, s[i++]);
            while (i < n && s[i] != '"' && s[i] != '\n') {
                if (s[i] == '\\' && i + 1 < n)
                    buf_putc(toks, s[i++]);
                buf_putc(toks, s[i++]);
            }
            if (i < n && s[i] == '"')
                buf_putc(toks, s[i++]);
        } else {
            buf_putc(toks, s[i++]);
        }
    }
}

static bool same(const Buf *a, const Buf *b)
{
    return a->n == b->n && (a->n == 0 || memcmp(a->s, b->s, a->n) == 0);
}

static void check_fmt(const char *data, size_t size, int errors)
{
    Buf out = {0}, again = {0};
    char err[256];
    if (fmt_source(data, size, &out, err, sizeof err) != 0) {
        buf_free(&out);
        return; /* refused: the text does not tokenize */
    }
    const char *in = data;
    size_t inlen = size;
    if (inlen >= 3 && memcmp(in, "\xEF\xBB\xBF", 3) == 0)
        in += 3, inlen -= 3;
    Buf t1 = {0}, c1 = {0}, t2 = {0}, c2 = {0};
    split(in, inlen, &t1, &c1);
    split(out.s, out.n, &t2, &c2);
    if (!same(&t1, &t2))
        broken("changed the tokens", data, size, &out);
    if (!same(&c1, &c2))
        broken("changed the comments", data, size, &out);
    buf_free(&t1);
    buf_free(&c1);
    buf_free(&t2);
    buf_free(&c2);
    if (fmt_source(out.s, out.n, &again, err, sizeof err) != 0)
        broken("refused its own output", data, size, &out);
    if (again.n != out.n || memcmp(again.s, out.s, out.n) != 0)
        broken("not idempotent", data, size, &again);
    if (errors == 0 && compile(out.s, out.n) != 0)
        broken("a clean unit no longer compiles", data, size, &out);
    buf_free(&out);
    buf_free(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int errors = compile((const char *)data, size);
    check_fmt((const char *)data, size, errors);
    return 0;
}
