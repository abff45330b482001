/*
 * fuzz_compile.c — libFuzzer target for the whole library pipeline and the
 * formatter.
 *
 * One input is one root unit in memory.  It is parsed (imports resolve
 * against the stdlib: $SMM_STDLIB, else ./stdlib), analyzed, every
 * diagnostic is rendered GCC-style (source line and caret, the code most
 * exposed to odd offsets), and when the unit is clean its IR is written in
 * both formats, its first profile's model and target and its assessments as
 * OSCAL, and its assessments are checked.  Output goes to /dev/null.
 * A clean unit's variants, computed as values only (the way validation
 * takes them) and then completed, must equal the full computation
 * (a difference aborts).
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

#include "fmt.h"
#include "smmc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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

/* The values of a variant (VARIANT_VALUES) and its completed eff are those
 * of the full computation. */
static void compare_full(Session *s, Variant *v, void *arg)
{
    Variant *full = arg;
    variant_compute(s, full, v->profile, v->sector, v->system);
    size_t nk = (size_t)v->profile->model->npractices * 2;
    for (size_t k = 0; k < nk; k++)
        if (v->val[k] != full->eff[k].value) {
            fprintf(stderr, "fuzz_compile: variant values differ from the full computation (%s)\n",
                    v->profile->name);
            abort();
        }
    variant_complete(s, v);
    if (memcmp(v->eff, full->eff, sizeof *v->eff * nk) != 0) {
        fprintf(stderr, "fuzz_compile: completed variant differs from the full computation (%s)\n",
                v->profile->name);
        abort();
    }
}

static void check_variants(Session *s)
{
    Variant v = {0}, full = {0};
    for (size_t i = 0; s->prog && i < s->prog->profiles.n; i++)
        for_each_default_variant(s, s->prog->profiles.v[i], &v, VARIANT_VALUES, compare_full, &full);
    variant_free(&v);
    variant_free(&full);
}

/* Compile, render, emit, check; returns the error count. */
static int compile(const char *data, size_t size)
{
    smm_session *s = session_new();
    smm_add_buffer(s, "fuzz.smm", data, size);
    int errors = smm_analyze(s);

    /* render every diagnostic, in both colour modes */
    Buf b = {0};
    for (const Diag *d = s->diags; d; d = d->next) {
        b.n = 0;
        diag_render_text(s, d, &b, (size & 1) != 0);
    }
    buf_free(&b);

    if (errors == 0) {
        check_variants(s);
        FILE *out = fopen("/dev/null", "w");
        if (out) {
            smm_emit_ir(s, out, SMM_EMIT_XML, SMM_PROV_FULL, NULL);
            smm_emit_ir(s, out, SMM_EMIT_JSON, SMM_PROV_WINNER, NULL);
            if (s->prog && s->prog->profiles.n) { /* OSCAL: the first profile's model and target */
                smm_selection sel = {((const Profile *)s->prog->profiles.v[0])->name, NULL, NULL};
                smm_emit_ir(s, out, SMM_EMIT_OSCAL_CATALOG, SMM_PROV_FULL, &sel);
                smm_emit_ir(s, out, SMM_EMIT_OSCAL_PROFILE, SMM_PROV_FULL, &sel);
            }
            smm_check_oscal(s, out, NULL);
            smm_report_oscal_poam(s, out, NULL);
            fclose(out);
        }
        CheckRun *run = check_run(s, NULL);
        check_free(run);
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
    buf_cstr(&out);
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
    buf_cstr(&again);
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
