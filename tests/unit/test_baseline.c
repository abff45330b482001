/*
 * test_baseline.c — `--baseline` matching (baseline.c, docs/gating.md):
 * findings are identified by (assessment, practice, name, key); each
 * baseline entry matches at most one finding (a multiset match); an entry
 * without "key" has none.  The findings are made directly, so the test can
 * hold two findings of one identity, which no valid input produces today.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check_format.h"

typedef struct {
    smm_session *s;
    char path[64];
} Ctx;

static int setup(void **state)
{
    Ctx *c = calloc(1, sizeof *c);
    smm_options opt = {0};
    opt.buffer_diagnostics = true;
    c->s = smm_new(&opt);
    snprintf(c->path, sizeof c->path, "/tmp/smm-baseline-XXXXXX");
    int fd = mkstemp(c->path);
    assert_true(fd >= 0);
    close(fd);
    *state = c;
    return 0;
}

static int teardown(void **state)
{
    Ctx *c = *state;
    unlink(c->path);
    smm_free(c->s);
    free(c);
    return 0;
}

/* A gate finding of assessment "a" on practice p. */
static Diag *finding(Session *s, DiagId id, const char *p, const char *key)
{
    Diag *d = diag_at(s, id, LOC_NONE, "%s", "finding");
    assert_non_null(d);
    d->assessment = intern_cstr(s->names, "a");
    d->practice = intern_cstr(s->names, p);
    d->key = key ? intern_cstr(s->names, key) : NULL;
    return d;
}

/* Write `entries` (JSON array text) as the baseline and apply it. */
static int apply(Ctx *c, const char *entries)
{
    FILE *f = fopen(c->path, "w");
    assert_non_null(f);
    fprintf(f, "{\"smm_check\": 1, \"diagnostics\": %s}\n", entries);
    fclose(f);
    smm_flush_diagnostics(c->s);
    CheckRun run = {0};
    int n = baseline_apply(c->s, &run, c->path);
    assert_int_equal(n, run.baselined);
    return n;
}

/* A baseline entry; more: further fields, each starting with ", " */
#define ENTRY(a, p, name, more) "{\"assessment\": \"" a "\", \"practice\": \"" p "\", \"name\": \"" name "\"" more "}"
#define KEY(k) ", \"key\": \"" k "\""
#define UNMET(k) ENTRY("a", "p", "unmet-consideration", KEY(k))

static void new_key_is_new(void **state)
{
    Ctx *c = *state;
    Diag *one = finding(c->s, D_UNMET_CONSIDER, "p", "c1");
    Diag *two = finding(c->s, D_UNMET_CONSIDER, "p", "c2");
    assert_int_equal(apply(c, "[" UNMET("c1") "]"), 1);
    assert_true(one->baselined);
    assert_false(two->baselined);
}

static void fewer_findings_all_known(void **state)
{
    Ctx *c = *state;
    Diag *two = finding(c->s, D_UNMET_CONSIDER, "p", "c2");
    assert_int_equal(apply(c, "[" UNMET("c1") ", " UNMET("c2") "]"), 1);
    assert_true(two->baselined);
}

static void entry_matches_once(void **state)
{
    Ctx *c = *state;
    Diag *first = finding(c->s, D_UNMET_CONSIDER, "p", "c1");
    Diag *second = finding(c->s, D_UNMET_CONSIDER, "p", "c1");
    Diag *gap1 = finding(c->s, D_GAP, "p", NULL);
    Diag *gap2 = finding(c->s, D_GAP, "p", NULL);
    assert_int_equal(apply(c, "[" UNMET("c1") ", " ENTRY("a", "p", "gap", "") "]"), 2);
    assert_true(first->baselined);
    assert_false(second->baselined);
    assert_true(gap1->baselined);
    assert_false(gap2->baselined);
}

static void two_entries_two_findings(void **state)
{
    Ctx *c = *state;
    Diag *first = finding(c->s, D_UNMET_CONSIDER, "p", "c1");
    Diag *second = finding(c->s, D_UNMET_CONSIDER, "p", "c1");
    assert_int_equal(apply(c, "[" UNMET("c1") ", " UNMET("c1") "]"), 2);
    assert_true(first->baselined && second->baselined);
}

/* Entries written before keys existed: no "key", or null. */
static void entry_without_key(void **state)
{
    Ctx *c = *state;
    Diag *gap = finding(c->s, D_GAP, "p", NULL);
    Diag *expired = finding(c->s, D_EXPIRED_WAIVER, "q", NULL);
    Diag *unmet = finding(c->s, D_UNMET_CONSIDER, "p", "c1");
    assert_int_equal(apply(c, "[" ENTRY("a", "p", "gap", "") ", " ENTRY("a", "q", "expired-waiver", ", \"key\": null")
                              ", " ENTRY("a", "p", "unmet-consideration", "") "]"),
                     2);
    assert_true(gap->baselined);
    assert_true(expired->baselined);
    assert_false(unmet->baselined); /* stood for every unmet consideration: ambiguous */
}

static void other_identity_no_match(void **state)
{
    Ctx *c = *state;
    Diag *d = finding(c->s, D_UNMET_CONSIDER, "p", "c1");
    assert_int_equal(apply(c, "[" ENTRY("b", "p", "unmet-consideration", KEY("c1")) ", "
                              ENTRY("a", "q", "unmet-consideration", KEY("c1")) ", "
                              ENTRY("a", "p", "gap", KEY("c1")) "]"),
                     0);
    assert_false(d->baselined);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(new_key_is_new),        T(fewer_findings_all_known), T(entry_matches_once),
        T(two_entries_two_findings), T(entry_without_key),      T(other_identity_no_match),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
