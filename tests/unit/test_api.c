/*
 * test_api.c — the public API (smm.h) as an embedding host uses it: only
 * smm.h is included.  Diagnostics as data (code, name, severity, span,
 * notes, fix-its), unsaved editor text winning over the disk, check
 * results as data, IR per unit, the formatter, and internal errors coming
 * back as results instead of ending the process.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "smm.h"

static smm_session *new_session(void)
{
    smm_options opt = {0};
    opt.buffer_diagnostics = true;
    opt.color = SMM_COLOR_NEVER;
    opt.stdlib_dir = "/nonexistent";
    opt.jobs = 1;
    smm_session *s = smm_new(&opt);
    assert_non_null(s);
    return s;
}

static const char model_src[] =
    "model m \"M\" {\n"
    "  dimension d \"D\" {\n"
    "    domain o \"O\" {\n"
    "      practice p \"P\" { level 1 \"one\" { consider c.one \"x\" } }\n"
    "      practice q \"Q\"\n"
    "    }\n"
    "  }\n"
    "}\n";

typedef struct {
    int n;
    smm_diagnostic first;   /* shallow copy of the first one */
    char name[64], message[256], file[256];
    size_t nnotes, nfixits;
    unsigned note_line;
} Seen;

static int collect(void *ctx, const smm_diagnostic *d)
{
    Seen *seen = ctx;
    if (seen->n++ == 0) {
        seen->first = *d;
        snprintf(seen->name, sizeof seen->name, "%s", d->name);
        snprintf(seen->message, sizeof seen->message, "%s", d->message);
        snprintf(seen->file, sizeof seen->file, "%s", d->span.file ? d->span.file : "");
        seen->nnotes = d->nnotes;
        seen->nfixits = d->nfixits;
        seen->note_line = d->nnotes ? d->notes[0].span.line : 0;
    }
    return 0;
}

/* An unknown profile in `extends` is reported with its code, name,
 * severity and the exact span of the name. */
static void diagnostics_as_data(void **state)
{
    (void)state;
    smm_session *s = new_session();
    char src[1024];
    snprintf(src, sizeof src, "%sprofile a \"A\" model m { p = 2 }\nprofile b \"B\" extends aa { q = 1 }\n",
             model_src);
    assert_int_equal(smm_add_buffer(s, "t.smm", src, strlen(src)), 0);
    assert_true(smm_analyze(s) > 0);
    Seen seen = {0};
    size_t visited = smm_each_diagnostic(s, collect, &seen);
    assert_int_equal(visited, (size_t)seen.n);
    assert_true(seen.n >= 1);
    assert_int_equal(seen.first.severity, SMM_SEV_ERROR);
    assert_string_equal(seen.file, "t.smm");
    assert_non_null(strstr(seen.message, "aa"));
    assert_int_equal(seen.first.span.line, 10);
    const char *at = strstr(src, "extends aa") + 8;
    assert_int_equal(seen.first.span.start, (uint32_t)(at - src));
    assert_int_equal(seen.first.span.end, (uint32_t)(at - src + 2));
    const char *line = strstr(src, "profile b");
    assert_int_equal(seen.first.span.column, (unsigned)(at - line + 1));
    assert_int_equal(seen.first.span.end_column, (unsigned)(at - line + 3));
    assert_true(seen.first.code[0] == 'E');
    assert_int_equal(smm_error_count(s), seen.n);
    assert_int_equal(smm_exit_status(s), SMM_EXIT_ERRORS);
    assert_null(smm_internal_error(s));
    /* the table behind the codes */
    int id = smm_diagnostic_lookup(seen.name);
    assert_true(id >= 0);
    assert_string_equal(smm_diagnostic_name(id), seen.name);
    assert_string_equal(smm_diagnostic_code(id), seen.first.code);
    assert_int_equal(smm_diagnostic_lookup(smm_diagnostic_code(id)), id);
    assert_int_equal(smm_diagnostic_lookup("no-such-diagnostic"), -1);
    smm_free(s);
}

static int stop_at_first(void *ctx, const smm_diagnostic *d)
{
    (void)d;
    ++*(int *)ctx;
    return 1;
}

static void diagnostics_iteration_stops(void **state)
{
    (void)state;
    smm_session *s = new_session();
    const char src[] = "profile a \"A\" extends x, y, z {}\n";
    smm_add_buffer(s, "t.smm", src, sizeof src - 1);
    smm_analyze(s);
    assert_true(smm_error_count(s) >= 2);
    int calls = 0;
    assert_int_equal(smm_each_diagnostic(s, stop_at_first, &calls), 1);
    assert_int_equal(calls, 1);
    smm_free(s);
}

/* A temporary directory of .smm files for a test: tmp_file() names
 * DIR/NAME.smm (remembered), tmp_write() writes it, tmp_done() removes the
 * files named and the directory. */
typedef struct {
    char dir[32];
    char path[4][256];
    int n;
} TmpDir;

static void tmp_init(TmpDir *t)
{
    snprintf(t->dir, sizeof t->dir, "/tmp/smm-api-XXXXXX");
    assert_non_null(mkdtemp(t->dir));
    t->n = 0;
}

static const char *tmp_file(TmpDir *t, const char *name)
{
    assert_true(t->n < 4);
    char dir[sizeof t->dir]; /* a copy: GCC cannot tell it from the destination */
    memcpy(dir, t->dir, sizeof dir);
    snprintf(t->path[t->n], sizeof t->path[t->n], "%s/%s.smm", dir, name);
    return t->path[t->n++];
}

static void tmp_write(const char *path, const char *fmt, ...)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    va_list ap;
    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fclose(f);
}

static void tmp_done(TmpDir *t)
{
    for (int i = 0; i < t->n; i++)
        unlink(t->path[i]);
    rmdir(t->dir);
}

/* The editor's unsaved text wins over the disk, for a root file and for a
 * file reached through an import; a file that exists only in the editor
 * can be a root too. */
static void overlay_wins_over_disk(void **state)
{
    (void)state;
    TmpDir t;
    tmp_init(&t);
    const char *lib = tmp_file(&t, "lib"), *root = tmp_file(&t, "root");
    tmp_write(lib, "%s", "this does not parse {{{\n");
    tmp_write(root, "%s", "import lib\nprofile r \"R\" extends nothing {}\n");

    /* from the disk: errors in both */
    smm_session *s = new_session();
    smm_add_file(s, root);
    assert_true(smm_analyze(s) > 0);
    smm_free(s);

    /* from the editor: clean */
    s = new_session();
    char good_lib[1024];
    snprintf(good_lib, sizeof good_lib, "%sprofile base \"B\" model m { p = 1 }\n", model_src);
    const char good_root[] = "import lib\nprofile r \"R\" extends base { q = 2 }\n";
    assert_int_equal(smm_set_overlay(s, lib, good_lib, strlen(good_lib)), 0);
    assert_int_equal(smm_set_overlay(s, root, good_root, sizeof good_root - 1), 0);
    assert_int_equal(smm_add_file(s, root), 0);
    assert_int_equal(smm_analyze(s), 0);
    assert_int_equal(smm_unit_count(s), 2);
    assert_string_equal(smm_unit_path(s, 0), root);
    assert_string_equal(smm_unit_path(s, 1), lib);
    smm_free(s);

    /* a file only the editor has */
    const char *ghost = tmp_file(&t, "unsaved"); /* never written */
    s = new_session();
    smm_set_overlay(s, ghost, good_lib, strlen(good_lib));
    assert_int_equal(smm_add_file(s, ghost), 0);
    assert_int_equal(smm_analyze(s), 0);
    smm_free(s);
    tmp_done(&t);
}

/* smm_reset: a second analysis of the same session parses only the files
 * whose text changed, reusing the others' parses and their diagnostics. */
static void reset_reuses_parses(void **state)
{
    (void)state;
    TmpDir t;
    tmp_init(&t);
    const char *lib = tmp_file(&t, "lib"), *root = tmp_file(&t, "root");
    tmp_write(lib, "%sprofile base \"B\" model m { p = 1 }\nprofile broken \"X\" extends {\n", model_src);
    const char bad_root[] = "import lib\nprofile r \"R\" extends nothing { q = 2 }\n";
    const char good_root[] = "import lib\nprofile r \"R\" extends base { q = 2 }\n";
    int parsed, reused;

    smm_session *s = new_session();
    smm_set_overlay(s, root, bad_root, sizeof bad_root - 1);
    smm_add_file(s, root);
    int errors = smm_analyze(s);
    assert_true(errors >= 1); /* the syntax error in lib */
    smm_load_stats(s, &parsed, &reused);
    assert_int_equal(parsed, 2);
    assert_int_equal(reused, 0);

    /* the same text again: nothing parsed, the same diagnostics */
    assert_int_equal(smm_reset(s), 0);
    smm_set_overlay(s, root, bad_root, sizeof bad_root - 1);
    smm_add_file(s, root);
    assert_int_equal(smm_analyze(s), errors);
    smm_load_stats(s, &parsed, &reused);
    assert_int_equal(parsed, 0);
    assert_int_equal(reused, 2);
    assert_int_equal(smm_unit_count(s), 2);

    /* the root edited: only it is parsed; lib's syntax error is still reported */
    assert_int_equal(smm_reset(s), 0);
    smm_set_overlay(s, root, good_root, sizeof good_root - 1);
    smm_add_file(s, root);
    assert_int_equal(smm_analyze(s), errors);
    smm_load_stats(s, &parsed, &reused);
    assert_int_equal(parsed, 1);
    assert_int_equal(reused, 1);

    /* lib fixed on disk (another size): parsed again, clean */
    tmp_write(lib, "%sprofile base \"B\" model m { p = 1 }\n", model_src);
    assert_int_equal(smm_reset(s), 0);
    smm_set_overlay(s, root, good_root, sizeof good_root - 1);
    smm_add_file(s, root);
    assert_int_equal(smm_analyze(s), 0);
    smm_load_stats(s, &parsed, &reused);
    assert_int_equal(parsed, 1);
    assert_int_equal(reused, 1);
    smm_free(s);
    tmp_done(&t);
}

typedef struct {
    const char *name;
    int n;
} Named;

static int count_named(void *ctx, const smm_diagnostic *d)
{
    Named *want = ctx;
    want->n += strcmp(d->name, want->name) == 0;
    return 0;
}

/* How often diagnostic `name` was reported by the last analysis and check. */
static int diagnostics_named(smm_session *s, const char *name)
{
    Named want = {name, 0};
    smm_each_diagnostic(s, count_named, &want);
    return want.n;
}

/* One analysis of the session over t's three files (the last is the
 * root): the texts given are the editor's (overlays), the others are read
 * from the disk. */
static int analyze_with(smm_session *s, const TmpDir *t, const char *const texts[3])
{
    for (int i = 0; i < 3; i++)
        if (texts[i])
            assert_int_equal(smm_set_overlay(s, t->path[i], texts[i], strlen(texts[i])), 0);
    assert_int_equal(smm_add_file(s, t->path[2]), 0);
    return smm_analyze(s);
}

static void assert_value(smm_session *s, const char *profile, const char *practice, int level, const char *set_by)
{
    smm_selection sel = {profile, NULL, NULL};
    smm_value v;
    assert_true(smm_resolve_value(s, &sel, practice, &v));
    assert_int_equal(v.level, level);
    assert_string_equal(v.set_by, set_by);
}

/* smm_reset keeps more than parses: the models, and every profile whose
 * file and ancestors did not change, with what they reported. */
static void reset_keeps_unchanged_profiles(void **state)
{
    (void)state;
    TmpDir t;
    tmp_init(&t);
    const char *names[3] = {"mm", "lib", "root"};
    const char lib_src[] = "import mm\nprofile base \"B\" model m { p = 2 }\n"
                           "profile mid \"M\" extends base { q = 1 }\n"
                           "profile strict \"S\" extends base {\n  require q >= 3\n}\n";
    const char *disk[3] = {model_src, lib_src, "import lib\nprofile leaf \"L\" extends mid { q = 2 }\n"};
    for (int i = 0; i < 3; i++)
        tmp_write(tmp_file(&t, names[i]), "%s", disk[i]);
    smm_stats st;
    smm_session *s = new_session();
    const char *none[3] = {NULL, NULL, NULL};
    int errors = analyze_with(s, &t, none);
    assert_int_equal(errors, 1); /* strict's requirement: q is 0 there */
    smm_get_stats(s, &st);
    assert_int_equal(st.profiles, 4);
    assert_int_equal(st.reused_profiles, 0);
    assert_int_equal(st.models, 1);
    assert_int_equal(st.reused_models, 0);

    /* nothing changed: everything kept, the same error reported again */
    assert_int_equal(smm_reset(s), 0);
    assert_int_equal(analyze_with(s, &t, none), errors);
    smm_get_stats(s, &st);
    assert_int_equal(st.reused_profiles, 4);
    assert_int_equal(st.reused_models, 1);
    assert_int_equal(diagnostics_named(s, "requirement-violated"), 1);

    /* the leaf edited: its ancestors and strict kept, the leaf resolved again */
    const char *leaf3[3] = {NULL, NULL, "import lib\nprofile leaf \"L\" extends mid { q = 3 }\n"};
    assert_int_equal(smm_reset(s), 0);
    assert_int_equal(analyze_with(s, &t, leaf3), errors);
    smm_get_stats(s, &st);
    assert_int_equal(st.reused_profiles, 3);
    assert_int_equal(st.reused_models, 1);
    assert_value(s, "leaf", "q", 3, "leaf");
    assert_value(s, "leaf", "p", 2, "base");

    /* the root of the hierarchy edited: every profile depends on it */
    const char lib_p3[] = "import mm\nprofile base \"B\" model m { p = 3 }\n"
                          "profile mid \"M\" extends base { q = 1 }\n"
                          "profile strict \"S\" extends base {\n  require q >= 3\n}\n";
    const char *base3[3] = {NULL, lib_p3, leaf3[2]};
    assert_int_equal(smm_reset(s), 0);
    assert_int_equal(analyze_with(s, &t, base3), errors);
    smm_get_stats(s, &st);
    assert_int_equal(st.reused_profiles, 0);
    assert_int_equal(st.reused_models, 1);
    assert_value(s, "leaf", "p", 3, "base");
    assert_int_equal(diagnostics_named(s, "requirement-violated"), 1);

    /* the model edited: nothing kept */
    char model2[512];
    snprintf(model2, sizeof model2, "%s", model_src);
    memcpy(strstr(model2, "\"M\""), "\"N\"", 3);
    const char *model_edit[3] = {model2, lib_p3, leaf3[2]};
    assert_int_equal(smm_reset(s), 0);
    assert_int_equal(analyze_with(s, &t, model_edit), errors);
    smm_get_stats(s, &st);
    assert_int_equal(st.reused_profiles, 0);
    assert_int_equal(st.reused_models, 0);
    assert_value(s, "leaf", "q", 3, "leaf");
    smm_free(s);
    tmp_done(&t);
}

/* A kept profile whose declaration became a redefinition for one analysis
 * (a file imported first declared its name too) is not kept when it owns
 * its name again: that analysis forgot what its tree had resolved. */
static void reset_after_a_redefinition(void **state)
{
    (void)state;
    TmpDir t;
    tmp_init(&t);
    const char *mm = tmp_file(&t, "mm"), *lib = tmp_file(&t, "lib"), *root = tmp_file(&t, "root");
    const char *dup = tmp_file(&t, "dup");
    tmp_write(mm, "%s", model_src);
    tmp_write(lib, "%s", "import mm\nprofile base \"B\" model m { p = 2 }\nprofile kid \"K\" extends base { q = 1 }\n");
    tmp_write(dup, "%s", "import mm\nprofile base \"D\" model m { p = 1 }\n");
    const char plain[] = "import lib\nprofile leaf \"L\" extends kid { q = 2 }\n";
    const char shadowed[] = "import dup\nimport lib\nprofile leaf \"L\" extends kid { q = 2 }\n";
    const char *texts[3] = {plain, shadowed, plain};
    smm_session *s = new_session();
    for (int round = 0; round < 3; round++) {
        if (round)
            assert_int_equal(smm_reset(s), 0);
        assert_int_equal(smm_set_overlay(s, root, texts[round], strlen(texts[round])), 0);
        assert_int_equal(smm_add_file(s, root), 0);
        int errors = smm_analyze(s);
        assert_int_equal(errors, round == 1); /* the redefinition of base, in lib */
    }
    smm_stats st;
    smm_get_stats(s, &st);
    assert_int_equal(st.reused_profiles, 0); /* base was forgotten, and kid with it */
    assert_value(s, "kid", "p", 2, "base");
    assert_value(s, "leaf", "p", 2, "base");
    smm_free(s);
    tmp_done(&t);
}

/* A -W option changed between analyses: nothing kept, since what was kept
 * was reported under the old policy (here a warning, now an error). */
static void reset_after_a_policy_change(void **state)
{
    (void)state;
    TmpDir t;
    tmp_init(&t);
    const char *lib = tmp_file(&t, "lib");
    tmp_write(lib, "%sprofile base \"B\" model m {\n  p = 1\n  p = 2\n}\n", model_src);
    smm_session *s = new_session();
    for (int round = 0; round < 3; round++) {
        if (round)
            assert_int_equal(smm_reset(s), 0);
        if (round == 2)
            assert_true(smm_warning_option(s, "error"));
        assert_int_equal(smm_add_file(s, lib), 0);
        assert_int_equal(smm_analyze(s), round == 2); /* the shadowed setting */
        assert_int_equal(diagnostics_named(s, "shadowed-setting"), 1);
        smm_stats st;
        smm_get_stats(s, &st);
        assert_int_equal(st.reused_profiles, round == 1);
    }
    smm_free(s);
    tmp_done(&t);
}

/* An analysis after smm_reset, over a kept parse, concludes what a fresh
 * session concludes: a waiver that matched a gap in one analysis is unused
 * in the next once the gap is gone. */
static void reset_checks_like_a_fresh_session(void **state)
{
    (void)state;
    TmpDir t;
    tmp_init(&t);
    const char *lib = tmp_file(&t, "lib"), *root = tmp_file(&t, "root");
    tmp_write(lib, "%sprofile t \"T\" model m { p = 2; q = 1 }\n", model_src);
    const char assess[] = "import lib\n"
                          "assessment x \"X\" {\n  target t\n  date 2026-01-31\n  p = 1\n  q = 1\n"
                          "  waive p because \"later\" until 2027-01-01\n}\n";
    for (int round = 0; round < 2; round++) {
        smm_session *s = new_session();
        smm_set_overlay(s, root, assess, sizeof assess - 1);
        smm_add_file(s, root);
        assert_int_equal(smm_analyze(s), 0);
        smm_check_run *run = smm_check(s, NULL);
        assert_non_null(run);
        assert_int_equal(diagnostics_named(s, "unused-waiver"), 0);
        smm_check_free(run);
        /* the target lowered on disk: the gap closes, the waiver is unused */
        tmp_write(lib, "%sprofile t \"T\" model m { p = 1; q = 1 }\n", model_src);
        if (round == 0) { /* the same session, the assessment's parse kept */
            assert_int_equal(smm_reset(s), 0);
        } else {          /* a fresh session: what the kept one must equal */
            smm_free(s);
            s = new_session();
        }
        smm_set_overlay(s, root, assess, sizeof assess - 1);
        smm_add_file(s, root);
        assert_int_equal(smm_analyze(s), 0);
        if (round == 0) {
            int parsed, reused;
            smm_load_stats(s, &parsed, &reused);
            assert_int_equal(parsed, 1);
            assert_int_equal(reused, 1);
        }
        run = smm_check(s, NULL);
        assert_non_null(run);
        assert_int_equal(diagnostics_named(s, "unused-waiver"), 1);
        smm_check_free(run);
        smm_free(s);
        /* back to the first target for the next round */
        tmp_write(lib, "%sprofile t \"T\" model m { p = 2; q = 1 }\n", model_src);
    }
    tmp_done(&t);
}

static void count_decl(void *ctx, smm_decl_kind kind, const char *name)
{
    int *counts = ctx;
    counts[kind]++;
    assert_non_null(name);
}

static void check_results_as_data(void **state)
{
    (void)state;
    smm_session *s = new_session();
    char src[2048];
    snprintf(src, sizeof src,
             "%sprofile t \"T\" model m { p = 2; q = 1 }\n"
             "assessment x \"X\" { target t date 2026-01-31 p = 1 evidence \"e\" q = 3 evidence \"f\" }\n",
             model_src);
    smm_add_buffer(s, "t.smm", src, strlen(src));
    assert_int_equal(smm_analyze(s), 0);
    int counts[4] = {0};
    smm_unit_declarations(s, 0, count_decl, counts);
    assert_int_equal(counts[SMM_DECL_MODEL], 1);
    assert_int_equal(counts[SMM_DECL_PROFILE], 1);
    assert_int_equal(counts[SMM_DECL_ASSESSMENT], 1);
    smm_check_run *run = smm_check(s, NULL);
    assert_non_null(run);
    assert_int_equal(smm_check_count(run), 1);
    smm_assessment_result r;
    assert_true(smm_check_result(run, 0, &r));
    assert_string_equal(r.name, "x");
    assert_string_equal(r.target, "t");
    assert_int_equal(r.gaps, 1);
    assert_int_equal(r.over_target, 1);
    assert_int_equal(smm_check_practice_count(run, 0), 2);
    smm_practice_result p;
    assert_true(smm_check_practice(run, 0, 0, &p));
    assert_string_equal(p.practice, "d.o.p");
    assert_string_equal(p.status, "gap");
    assert_int_equal(p.target_level, 2);
    assert_int_equal(p.current_level, 1);
    assert_int_equal(p.gap_level, 1);
    assert_false(smm_check_practice(run, 0, 2, &p));
    assert_false(smm_check_result(run, 1, &r));
    /* the gap is a gate diagnostic */
    Seen seen = {0};
    smm_each_diagnostic(s, collect, &seen);
    assert_true(seen.n >= 1);
    assert_true(seen.first.gate);
    FILE *out = fopen("/dev/null", "w");
    assert_int_equal(smm_check_write(s, run, SMM_FORMAT_SARIF, out), 0);
    assert_int_equal(smm_emit_ir_unit(s, out, SMM_EMIT_JSON, SMM_PROV_FULL, 0), 0);
    assert_int_equal(smm_emit_ir_unit(s, out, SMM_EMIT_JSON, SMM_PROV_FULL, 5), -1);
    fclose(out);
    smm_check_free(run);
    smm_free(s);
}

static void formatter_and_utilities(void **state)
{
    (void)state;
    char *out;
    size_t n;
    char err[128];
    const char src[] = "profile a \"A\"   model m {p=2}";
    assert_int_equal(smm_format_source(src, sizeof src - 1, &out, &n, err, sizeof err), 0);
    assert_string_equal(out, "profile a \"A\" model m {\n  p = 2\n}\n");
    assert_int_equal(n, strlen(out));
    free(out);
    const char bad[] = "profile a \"unterminated";
    assert_int_equal(smm_format_source(bad, sizeof bad - 1, &out, &n, err, sizeof err), -1);
    assert_non_null(strstr(err, "1:"));
    assert_true(smm_date_valid("2024-02-29"));
    assert_false(smm_date_valid("2023-02-29"));
    assert_false(smm_date_valid("2023-2-1"));
    const char *cands[] = {"compile", "check", "report"};
    assert_string_equal(smm_suggest("chekc", cands, 3), "check");
}

/* An internal failure comes back to the caller: the session stops, says
 * why, answers 70, does nothing more, and can be freed. */
static void internal_error_is_a_result(void **state)
{
    (void)state;
    smm_session *s = new_session();
    char src[1024];
    snprintf(src, sizeof src, "%sprofile a \"A\" model m { p = 2 }\n", model_src);
    extern long smm_alloc_fail_after; /* the library's test hook */
    smm_alloc_fail_after = 0;
    int rc = smm_add_buffer(s, "t.smm", src, strlen(src));
    smm_alloc_fail_after = -1;
    assert_int_equal(rc, -1);
    assert_non_null(smm_internal_error(s));
    assert_string_equal(smm_internal_error(s), "out of memory");
    assert_int_equal(smm_exit_status(s), SMM_EXIT_INTERNAL);
    assert_true(smm_analyze(s) > 0);
    assert_null(smm_check(s, NULL));
    assert_int_equal(smm_emit_ir(s, stdout, SMM_EMIT_JSON, SMM_PROV_FULL, NULL), -1);
    smm_free(s);
}

static int count_span(void *ctx, const smm_span *sp)
{
    smm_span *last = ctx;
    *last = *sp;
    return 0;
}

static int find_label(void *ctx, const smm_completion *c)
{
    const char **want = ctx;
    if (*want && !strcmp(c->label, *want))
        *want = NULL;
    return 0;
}

static int count_sym(void *ctx, const smm_symbol *sym)
{
    (void)sym;
    ++*(int *)ctx;
    return 0;
}

/* The editor queries: hover with a resolved value and its provenance,
 * definition, references, completion, symbols, the resolved value. */
static void editor_queries(void **state)
{
    (void)state;
    TmpDir t;
    tmp_init(&t);
    const char *path = tmp_file(&t, "t"); /* the editor's only */
    char src[2048];
    snprintf(src, sizeof src,
             "%sprofile a \"A\" model m { p = 2 }\nprofile b \"B\" extends a {\n  p = 3\n  sector s { q = 1 }\n}\n",
             model_src);
    smm_session *s = new_session();
    smm_set_overlay(s, path, src, strlen(src));
    assert_int_equal(smm_add_file(s, path), 0);
    assert_int_equal(smm_analyze(s), 0);
    size_t len = 0;
    assert_non_null(smm_source_text(s, path, &len));
    assert_int_equal(len, strlen(src));

    uint32_t at_p3 = (uint32_t)(strstr(src, "p = 3") - src);
    smm_span range;
    char *h = smm_hover(s, path, at_p3, &range);
    assert_non_null(h);
    assert_non_null(strstr(h, "d.o.p"));
    assert_non_null(strstr(h, "**3**"));     /* the value */
    assert_non_null(strstr(h, "overrode"));  /* and what it overrode: a's p = 2 */
    assert_int_equal(range.start, at_p3);
    free(h);
    assert_null(smm_hover(s, path, 0, NULL) ? (void *)1 : NULL); /* the model keyword: nothing */

    uint32_t at_parent = (uint32_t)(strstr(src, "extends a") - src) + 8;
    smm_span def = {0};
    assert_int_equal(smm_definitions(s, path, at_parent, count_span, &def), 1);
    assert_int_equal(def.start, (uint32_t)(strstr(src, "a \"A\"") - src));
    smm_span ref = {0};
    uint32_t at_a = (uint32_t)(strstr(src, "a \"A\"") - src);
    assert_int_equal(smm_references(s, path, at_a, true, count_span, &ref), 2);
    smm_span name;
    const char *old;
    assert_true(smm_rename_target(s, path, at_parent, &name, &old));
    assert_string_equal(old, "a");

    const char *want = "d.o.q";
    uint32_t body = (uint32_t)(strstr(src, "  p = 3") - src);
    smm_completions(s, path, body, find_label, &want);
    assert_null(want);
    int nsym = 0;
    assert_int_equal(smm_symbols(s, path, NULL, count_sym, &nsym), 4); /* m, a, b, b's sector s */
    assert_int_equal(nsym, 4);

    smm_value v;
    smm_selection sel = {"b", "s", NULL};
    assert_true(smm_resolve_value(s, &sel, "q", &v));
    assert_int_equal(v.level, 1);
    assert_string_equal(v.set_by, "b");
    assert_int_equal(v.where.line, 12);
    sel.sector = NULL;
    assert_true(smm_resolve_value(s, &sel, "p", &v));
    assert_int_equal(v.level, 3);
    smm_free(s);
    tmp_done(&t);
}

/* Queries on a hierarchy that did not resolve (keep_going, as an editor
 * analyzes): a variant of a profile whose parent is defined twice is no value
 * (and no crash); a hover in a ladder of profiles with two parents each
 * and no model walks each ancestor once (every path of it: seconds). */
static void queries_on_a_broken_hierarchy(void **state)
{
    (void)state;
    smm_options opt = {0};
    opt.buffer_diagnostics = true;
    opt.stdlib_dir = "/nonexistent";
    opt.jobs = 1;
    opt.keep_going = true;
    smm_session *s = smm_new(&opt);
    assert_non_null(s);
    enum { RUNGS = 40 };
    char src[8192];
    int n = snprintf(src, sizeof src,
                     "%sprofile d \"D\" model m { p = 1 }\nprofile d \"D again\" model m { p = 2 }\n"
                     "profile u \"U\" extends d {\n  sector s { p = 1 }\n  system y { p = 1 }\n}\n",
                     model_src);
    for (int i = 0; i < RUNGS; i++)
        n += snprintf(src + n, sizeof src - (size_t)n, "profile c%d \"C\" extends c%d, c%d {\n  p = 1\n}\n", i, i + 1,
                      i + 2);
    const char *path = "/nonexistent-smm-dir/t.smm";
    smm_set_overlay(s, path, src, strlen(src));
    assert_int_equal(smm_add_file(s, path), 0);
    assert_true(smm_analyze(s) > 0);
    smm_value v;
    smm_selection sel = {"u", "s", NULL};
    assert_false(smm_resolve_value(s, &sel, "p", &v));
    sel.sector = NULL, sel.system = "y";
    assert_false(smm_resolve_value(s, &sel, "p", &v));
    sel.system = NULL;
    assert_false(smm_resolve_value(s, &sel, "p", &v));

    uint32_t at = (uint32_t)(strstr(src, "profile c0") - src);
    at = (uint32_t)(strstr(src + at, "p = 1") - src);
    clock_t t0 = clock();
    smm_span range;
    free(smm_hover(s, path, at, &range));
    assert_true(clock() - t0 < CLOCKS_PER_SEC);
    assert_null(smm_internal_error(s));
    smm_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(diagnostics_as_data),
        cmocka_unit_test(diagnostics_iteration_stops),
        cmocka_unit_test(overlay_wins_over_disk),
        cmocka_unit_test(reset_reuses_parses),
        cmocka_unit_test(reset_checks_like_a_fresh_session),
        cmocka_unit_test(reset_keeps_unchanged_profiles),
        cmocka_unit_test(reset_after_a_redefinition),
        cmocka_unit_test(reset_after_a_policy_change),
        cmocka_unit_test(check_results_as_data),
        cmocka_unit_test(formatter_and_utilities),
        cmocka_unit_test(internal_error_is_a_result),
        cmocka_unit_test(editor_queries),
        cmocka_unit_test(queries_on_a_broken_hierarchy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
