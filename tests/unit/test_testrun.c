/*
 * test_testrun.c — `smmc test` and verify mode through the library API
 * (testrun.c, verify.c; language.md §8): expectations that hold and that
 * fail, the counts of a run, --run selection, and verify mode's reading of
 * annotations (offsets, lists, strings that hide a comment marker,
 * malformed ones) and its verdicts.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smmc.h"

#define MODEL                                                                   \
    "model m {\n"                                                               \
    "  dimension d1 {\n"                                                        \
    "    domain o1 { practice p1 { level 1 \"x\" { consider c.one \"y\" } } practice p2 }\n" \
    "  }\n"                                                                     \
    "  dimension d2 { domain o2 { practice p3 } }\n"                            \
    "}\n"                                                                       \
    "profile base model m {\n"                                                  \
    "  d1 = 2 industry\n"                                                       \
    "  d2 = 1\n"                                                                \
    "  p3 = 3 system\n"                                                         \
    "  system edge { p1 = 4 system }\n"                                         \
    "}\n"

static smm_session *compile(const char *text)
{
    smm_options opt = {0};
    opt.buffer_diagnostics = true;
    opt.stdlib_dir = "/nonexistent";
    opt.today = "2026-10-01";
    smm_session *s = smm_new(&opt);
    smm_add_buffer(s, "t.smm", text, strlen(text));
    smm_analyze(s);
    return s;
}

static int count(const smm_session *s, DiagId id)
{
    int n = 0;
    for (const Diag *d = s->diags; d; d = d->next)
        n += d->id == id;
    return n;
}

/* Run the tests of MODEL + extra; returns the session (caller frees). */
static smm_session *run(const char *extra, const char *glob, int *tests, int *passed, int *failed)
{
    size_t n = strlen(MODEL) + strlen(extra) + 1;
    char *text = malloc(n);
    snprintf(text, n, "%s%s", MODEL, extra);
    smm_session *s = compile(text);
    free(text);
    assert_int_equal(smm_error_count(s), 0);
    smm_test_run *r = smm_run_tests(s, glob);
    smm_test_counts(r, tests, passed, failed);
    smm_test_free(r);
    return s;
}

static void values_hold(void **state)
{
    (void)state;
    int t, p, f;
    smm_session *s = run("test t.ok { target base system edge\n"
                         "  expect p1 = 4 system\n"
                         "  expect o1 >= 2\n"          /* p1 4, p2 2 */
                         "  expect d1 >= 2 industry\n"
                         "  expect d2 <= 3\n"
                         "  expect p1 set_by base system\n"
                         "  expect p2 set_by base body\n"
                         "  expect p1 considers c.one\n"
                         "}\n",
                         NULL, &t, &p, &f);
    assert_int_equal(t, 1);
    assert_int_equal(p, 1);
    assert_int_equal(f, 0);
    assert_int_equal(count(s, D_EXPECT_FAILED), 0);
    smm_free(s);
}

static void values_fail_with_provenance(void **state)
{
    (void)state;
    int t, p, f;
    smm_session *s = run("test t.bad { target base\n"
                         "  expect p1 = 4 system\n"     /* 2 industry, from d1 */
                         "  expect d1 >= 3\n"           /* p1 and p2: one diagnostic */
                         "  expect p3 set_by base sector\n"
                         "  expect p2 considers c.one\n"
                         "  expect p3 = 3 system\n"     /* holds */
                         "}\n",
                         NULL, &t, &p, &f);
    assert_int_equal(t, 1);
    assert_int_equal(f, 1);
    assert_int_equal(count(s, D_EXPECT_FAILED), 4);
    const Diag *d[4] = {0};
    int k = 0;
    for (const Diag *x = s->diags; x && k < 4; x = x->next)
        if (x->id == D_EXPECT_FAILED)
            d[k++] = x;
    if (k != 4 || !d[0]->notes)
        fail_msg("four expectation-failed diagnostics, the first with a note, expected");
    assert_non_null(strstr(d[0]->msg, "p1 is 2 industry in base; expected = 4 system"));
    /* where 2 came from */
    assert_non_null(strstr(d[0]->notes->msg, "set here by base (body layer, on 'd1')"));
    assert_non_null(strstr(d[1]->msg, "and 1 more practice under 'd1'"));
    smm_free(s);
}

static void assessment_subject(void **state)
{
    (void)state;
    int t, p, f;
    smm_session *s = run("assessment a.q3 { target base date 2026-09-30\n"
                         "  p1 = 2 industry\n"
                         "  p2 = 1 industry\n"
                         "  p3 not_applicable because \"none\"\n"
                         "}\n"
                         "test t.a { assessment a.q3\n"
                         "  expect p1 status met\n"
                         "  expect p2 status gap\n"
                         "  expect d2 status not-applicable\n"
                         "  expect gaps = 1\n"
                         "  expect errors = 1\n"
                         "  expect p1 = 2 industry\n"
                         "}\n"
                         "test t.b { assessment a.q3\n"
                         "  expect gaps = 0\n"
                         "}\n",
                         NULL, &t, &p, &f);
    assert_int_equal(t, 2);
    assert_int_equal(p, 1);
    assert_int_equal(f, 1);
    assert_int_equal(count(s, D_EXPECT_FAILED), 1);
    assert_int_equal(count(s, D_GAP), 0); /* the check's findings are not this run's */
    smm_free(s);
}

static void run_glob_and_no_tests(void **state)
{
    (void)state;
    int t, p, f;
    smm_session *s = run("test t.one { target base expect p3 = 3 }\n"
                         "test u.two { target base expect p3 = 2 }\n",
                         "t.*", &t, &p, &f);
    assert_int_equal(t, 1);
    assert_int_equal(p, 1);
    smm_free(s);
    s = run("", NULL, &t, &p, &f);
    assert_int_equal(t, 0);
    assert_int_equal(count(s, D_NO_TESTS), 1);
    assert_int_equal(smm_exit_status(s), SMM_EXIT_ERRORS);
    smm_free(s);
}

/* Verify mode over MODEL + extra: the verdict diagnostics. */
static smm_session *verify(const char *extra)
{
    size_t n = strlen(MODEL) + strlen(extra) + 1;
    char *text = malloc(n);
    snprintf(text, n, "%s%s", MODEL, extra);
    smm_session *s = compile(text);
    free(text);
    smm_verify(s);
    return s;
}

static void verify_annotations(void **state)
{
    (void)state;
    /* line 13 of the file is the first line after MODEL */
    smm_session *s = verify("profile q extends base {\n"              /* 13 */
                            "  require p3 >= 3\n"                      /* 14 */
                            "}\n"                                      /* 15 */
                            "/* expect-error@+2: requirement-violated */\n" /* 16 */
                            "profile r extends q {\n"                  /* 17 */
                            "  p3 = 2   # expect-error: E0401\n"       /* 18 */
                            "  p1 = 1 p1 = 2  // expect-warning: shadowed-setting, expect-error: gap\n" /* 19 */
                            "}\n");
    /* line 18 met twice (the @+2 and the code); line 19's warning met, its
     * gap not produced */
    assert_int_equal(count(s, D_VERIFY_MISSING), 1);
    assert_int_equal(count(s, D_VERIFY_UNEXPECTED), 0);
    assert_int_equal(count(s, D_VERIFY_ANNOTATION), 0);
    assert_int_equal(count(s, D_REQUIRE), 0); /* replaced by the verdicts */
    smm_free(s);
}

static void verify_strings_and_malformed(void **state)
{
    (void)state;
    smm_session *s = verify("profile q extends base {\n"
                            "  doc \"not a comment: // expect-error: gap\"\n"
                            "  p1 = 1  // expect-eror: gap\n"
                            "  p2 = 1  // expect-error@2: gap\n"
                            "  p3 = 1  // expect-error: no-such-thing\n"
                            "  p3 = 2  // expect-warning:\n"
                            "}\n"
                            "// an expect-error in prose is not an annotation\n");
    assert_int_equal(count(s, D_VERIFY_ANNOTATION), 4);
    assert_int_equal(count(s, D_VERIFY_MISSING), 0);
    assert_int_equal(count(s, D_VERIFY_UNEXPECTED), 1); /* the shadowed p3 */
    smm_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(values_hold),
        cmocka_unit_test(values_fail_with_provenance),
        cmocka_unit_test(assessment_subject),
        cmocka_unit_test(run_glob_and_no_tests),
        cmocka_unit_test(verify_annotations),
        cmocka_unit_test(verify_strings_and_malformed),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
