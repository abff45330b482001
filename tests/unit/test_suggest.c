/*
 * test_suggest.c — the diagnostics table and policy (diag.c): edit distance
 * and "did you mean" suggestions, lookup by code or name, and the severity
 * after -W options.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <ctype.h>
#include <string.h>

#include "smmc.h"

#define N(a) (sizeof(a) / sizeof((a)[0]))

/* ---------------------------------------------------------------- edit distance */

static void edit_distance_values(void **state)
{
    (void)state;
    assert_int_equal(edit_distance("kitten", "sitting", 10), 3);
    assert_int_equal(edit_distance("", "", 3), 0);
    assert_int_equal(edit_distance("", "abc", 5), 3);
    assert_int_equal(edit_distance("abc", "", 5), 3);
    assert_int_equal(edit_distance("same", "same", 0), 0);
    assert_int_equal(edit_distance("abc", "abd", 3), 1); /* substitution */
    assert_int_equal(edit_distance("abc", "abxc", 3), 1); /* insertion */
    assert_int_equal(edit_distance("abxc", "abc", 3), 1); /* deletion */
    assert_int_equal(edit_distance("ab", "ba", 3), 2);    /* no transpositions */
    assert_int_equal(edit_distance("formalised", "formalized", 3), 1);
    assert_int_equal(edit_distance("flaw", "lawn", 5), 2);
    /* symmetric */
    assert_int_equal(edit_distance("sitting", "kitten", 10), 3);
}

static void edit_distance_limits(void **state)
{
    (void)state;
    /* a length difference beyond the limit short-cuts to limit + 1 */
    assert_int_equal(edit_distance("a", "abcdef", 2), 3);
    assert_int_equal(edit_distance("abcdef", "a", 0), 1);
    /* strings longer than 64 bytes are never close */
    char a[70], b[70];
    memset(a, 'x', 65);
    a[65] = 0;
    memcpy(b, a, 66);
    assert_int_equal(edit_distance(a, b, 3), 4);
    a[64] = 0;
    b[64] = 0;
    assert_int_equal(edit_distance(a, b, 3), 0); /* 64 is still compared */
    b[63] = 'y';
    assert_int_equal(edit_distance(a, b, 3), 1);
}

/* ---------------------------------------------------------------- suggestions */

static void suggest_thresholds(void **state)
{
    (void)state;
    /* words shorter than 4: at most 1 edit */
    const char *short_c[] = {"gap", "sys"};
    assert_string_equal(diag_suggest("gxp", short_c, N(short_c)), "gap");
    assert_null(diag_suggest("gxx", short_c, N(short_c)));
    const char *two[] = {"ax"};
    assert_string_equal(diag_suggest("ab", two, 1), "ax");
    const char *far2[] = {"xy"};
    assert_null(diag_suggest("ab", far2, 1));

    /* 4..7: at most 2 */
    const char *mid[] = {"minimum"};
    assert_string_equal(diag_suggest("minimun", mid, 1), "minimum");  /* 1 */
    assert_string_equal(diag_suggest("minimxx", mid, 1), "minimum");  /* 2 */
    assert_null(diag_suggest("minixxx", mid, 1));                      /* 3 */
    const char *four[] = {"abcd"};
    assert_string_equal(diag_suggest("abxx", four, 1), "abcd");
    assert_null(diag_suggest("axxx", four, 1));

    /* 8 and more: at most 3 */
    const char *longc[] = {"threat_modeling"};
    assert_string_equal(diag_suggest("thraet_modling", longc, 1), "threat_modeling");
    const char *eight[] = {"abcdefgh"};
    assert_string_equal(diag_suggest("abcdexxx", eight, 1), "abcdefgh"); /* 3 */
    assert_null(diag_suggest("abcdxxxx", eight, 1));                      /* 4 */

    /* the level words the parser suggests from */
    const char *levels[] = {"none", "minimum", "ad_hoc", "consistent", "formalized"};
    assert_string_equal(diag_suggest("formalised", levels, N(levels)), "formalized");
    assert_string_equal(diag_suggest("consistant", levels, N(levels)), "consistent");
    assert_string_equal(diag_suggest("adhoc", levels, N(levels)), "ad_hoc");
    assert_string_equal(diag_suggest("nonee", levels, N(levels)), "none");
    assert_null(diag_suggest("excellent", levels, N(levels)));
}

static void suggest_ties_and_edge_cases(void **state)
{
    (void)state;
    /* equal distance: the alphabetically first wins, whatever the order */
    const char *c1[] = {"cut", "bat", "cot"};
    assert_string_equal(diag_suggest("cat", c1, N(c1)), "bat");
    const char *c2[] = {"bat", "cot", "cut"};
    assert_string_equal(diag_suggest("cat", c2, N(c2)), "bat");
    const char *c3[] = {"cot", "cut", "bat"};
    assert_string_equal(diag_suggest("cat", c3, N(c3)), "bat");
    /* a closer candidate beats an alphabetically earlier one */
    const char *c4[] = {"aaaa_hoc", "ad_hocs"};
    assert_string_equal(diag_suggest("ad_hoc", c4, N(c4)), "ad_hocs");
    /* the word itself is never suggested; NULL entries are skipped */
    const char *c5[] = {"abc", NULL, "abd"};
    assert_string_equal(diag_suggest("abc", c5, N(c5)), "abd");
    const char *c6[] = {"abc"};
    assert_null(diag_suggest("abc", c6, 1));
    assert_null(diag_suggest("abc", NULL, 0));
    const char *c7[] = {NULL};
    assert_null(diag_suggest("abc", c7, 1));
}

/* ---------------------------------------------------------------- lookup */

static void lookup_by_code_and_name(void **state)
{
    (void)state;
    assert_int_equal(diag_lookup("E0101"), D_INVALID_CHAR);
    assert_int_equal(diag_lookup("invalid-character"), D_INVALID_CHAR);
    assert_int_equal(diag_lookup("E0106"), D_SYNTAX);
    assert_int_equal(diag_lookup("syntax-error"), D_SYNTAX);
    assert_int_equal(diag_lookup("E0301"), D_CYCLE);
    assert_int_equal(diag_lookup("E0302"), D_C3);
    assert_int_equal(diag_lookup("ambiguous-target"), D_AMBIGUOUS);
    assert_int_equal(diag_lookup("gap"), D_GAP);
    assert_int_equal(diag_lookup("W0402"), D_NO_TARGET);
    assert_int_equal(diag_lookup("no-target"), D_NO_TARGET);
    assert_int_equal(diag_lookup("R0503"), D_OVER_TARGET);
    assert_int_equal(diag_lookup("E9999"), -1);
    assert_int_equal(diag_lookup(""), -1);
    assert_int_equal(diag_lookup("GAP"), -1);     /* case-sensitive */
    assert_int_equal(diag_lookup("e0101"), -1);
    assert_int_equal(diag_lookup("E010"), -1);    /* no prefix match */
    assert_int_equal(diag_lookup("syntax"), -1);
}

static void table_is_consistent(void **state)
{
    (void)state;
    for (int i = 0; i < DIAG_COUNT; i++) {
        const DiagInfo *d = &diag_info[i];
        assert_non_null(d->code);
        assert_non_null(d->name);
        assert_non_null(d->summary);
        /* codes and names are unique: each finds its own entry */
        if (diag_lookup(d->code) != i)
            fail_msg("code %s does not look up to entry %d", d->code, i);
        if (diag_lookup(d->name) != i)
            fail_msg("name %s does not look up to entry %d", d->name, i);
        /* a letter and four digits; the letter says the default severity */
        assert_int_equal(strlen(d->code), 5);
        for (int k = 1; k < 5; k++)
            assert_true(isdigit((unsigned char)d->code[k]));
        switch (d->code[0]) {
        case 'E': assert_int_equal(d->severity, SEV_ERROR); break;
        case 'W': assert_int_equal(d->severity, SEV_WARNING); break;
        case 'N': assert_int_equal(d->severity, SEV_NOTE); break;
        case 'R': assert_true(d->severity == SEV_REMARK || d->severity == SEV_IGNORED); break;
        default: fail_msg("code %s: unknown letter", d->code);
        }
        /* names are lower-case words joined by '-' */
        for (const char *p = d->name; *p; p++)
            assert_true(islower((unsigned char)*p) || *p == '-' || isdigit((unsigned char)*p));
        /* hard diagnostics are errors */
        if (d->flags & DF_HARD)
            assert_int_equal(d->severity, SEV_ERROR);
    }
}

/* ---------------------------------------------------------------- policy */

static void severity_default_policy(void **state)
{
    (void)state;
    DiagPolicy p;
    memset(&p, 0, sizeof p);
    for (int i = 0; i < DIAG_COUNT; i++)
        assert_int_equal(diag_effective_severity(&p, (DiagId)i), diag_info[i].severity);
}

static void severity_werror(void **state)
{
    (void)state;
    DiagPolicy p;
    memset(&p, 0, sizeof p);
    p.werror = true;
    /* every warning becomes an error ... */
    assert_int_equal(diag_effective_severity(&p, D_NO_TARGET), SEV_ERROR);
    assert_int_equal(diag_effective_severity(&p, D_SHADOWED), SEV_ERROR);
    assert_int_equal(diag_effective_severity(&p, D_EXPIRED_WAIVER), SEV_ERROR);
    /* ... but notes and remarks stay what they are, and ignored stays off */
    assert_int_equal(diag_effective_severity(&p, D_WAIVED), SEV_NOTE);
    assert_int_equal(diag_effective_severity(&p, D_OVER_TARGET), SEV_IGNORED);
    /* hard errors are errors anyway */
    assert_int_equal(diag_effective_severity(&p, D_SYNTAX), SEV_ERROR);
    /* -Wno-error=NAME exempts one warning */
    p.no_werror[D_NO_TARGET] = true;
    assert_int_equal(diag_effective_severity(&p, D_NO_TARGET), SEV_WARNING);
    assert_int_equal(diag_effective_severity(&p, D_SHADOWED), SEV_ERROR);
    for (int i = 0; i < DIAG_COUNT; i++)
        if (diag_info[i].severity == SEV_WARNING && i != D_NO_TARGET)
            assert_int_equal(diag_effective_severity(&p, (DiagId)i), SEV_ERROR);
}

static void severity_overrides(void **state)
{
    (void)state;
    DiagPolicy p;
    memset(&p, 0, sizeof p);
    /* hard diagnostics cannot be disabled or downgraded */
    for (int i = 0; i < DIAG_COUNT; i++) {
        p.overridden[i] = true;
        p.override[i] = SEV_IGNORED;
    }
    for (int i = 0; i < DIAG_COUNT; i++) {
        Severity want = (diag_info[i].flags & DF_HARD) ? diag_info[i].severity : SEV_IGNORED;
        if (diag_effective_severity(&p, (DiagId)i) != want)
            fail_msg("%s: override to ignored gave %d", diag_info[i].code,
                     (int)diag_effective_severity(&p, (DiagId)i));
    }
    memset(&p, 0, sizeof p);
    /* a gate error turned into a warning; -Werror turns it back */
    p.overridden[D_GAP] = true;
    p.override[D_GAP] = SEV_WARNING;
    assert_int_equal(diag_effective_severity(&p, D_GAP), SEV_WARNING);
    p.werror = true;
    assert_int_equal(diag_effective_severity(&p, D_GAP), SEV_ERROR);
    /* a remark enabled from ignored is not promoted by -Werror */
    p.overridden[D_OVER_TARGET] = true;
    p.override[D_OVER_TARGET] = SEV_REMARK;
    assert_int_equal(diag_effective_severity(&p, D_OVER_TARGET), SEV_REMARK);
}

static void warning_options_through_session(void **state)
{
    (void)state;
    smm_options opt = {0};
    opt.buffer_diagnostics = true;
    opt.stdlib_dir = "/nonexistent";
    smm_session *s = smm_new(&opt);
    assert_true(smm_warning_option(s, "no-no-target"));
    assert_int_equal(diag_effective_severity(&s->policy, D_NO_TARGET), SEV_IGNORED);
    assert_true(smm_warning_option(s, "over-target"));
    assert_int_equal(diag_effective_severity(&s->policy, D_OVER_TARGET), SEV_REMARK);
    assert_true(smm_warning_option(s, "error=unused-waiver"));
    assert_int_equal(diag_effective_severity(&s->policy, D_UNUSED_WAIVER), SEV_ERROR);
    assert_true(smm_warning_option(s, "error"));
    assert_int_equal(diag_effective_severity(&s->policy, D_SHADOWED), SEV_ERROR);
    assert_true(smm_warning_option(s, "no-error=shadowed-setting"));
    assert_int_equal(diag_effective_severity(&s->policy, D_SHADOWED), SEV_WARNING);
    assert_true(smm_warning_option(s, "no-error=gap"));
    assert_int_equal(diag_effective_severity(&s->policy, D_GAP), SEV_WARNING);
    assert_true(smm_warning_option(s, "W0505")); /* a code works like a name */
    /* unknown names and hard diagnostics are refused */
    assert_false(smm_warning_option(s, "no-such-warning"));
    assert_false(smm_warning_option(s, "no-syntax-error"));
    assert_false(smm_warning_option(s, "error=bogus"));
    assert_int_equal(diag_effective_severity(&s->policy, D_SYNTAX), SEV_ERROR);
    assert_true(smm_warning_option(s, "no-error"));
    assert_int_equal(diag_effective_severity(&s->policy, D_NO_TARGET), SEV_IGNORED);
    smm_free(s);
}

/* The parser's "did you mean" for level words ends up in the message. */
static void suggestion_in_diagnostic(void **state)
{
    (void)state;
    smm_options opt = {0};
    opt.buffer_diagnostics = true;
    opt.stdlib_dir = "/nonexistent";
    smm_session *s = smm_new(&opt);
    static const char src[] = "model m { dimension d { domain o { practice p } } }\n"
                              "profile t model m { p = formalised }\n";
    smm_add_buffer(s, "t.smm", src, sizeof src - 1);
    assert_non_null(s->diags);
    assert_int_equal(s->diags->id, D_INVALID_LEVEL);
    assert_string_equal(s->diags->msg, "unknown level 'formalised'; did you mean 'formalized'?");
    smm_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(edit_distance_values),
        cmocka_unit_test(edit_distance_limits),
        cmocka_unit_test(suggest_thresholds),
        cmocka_unit_test(suggest_ties_and_edge_cases),
        cmocka_unit_test(lookup_by_code_and_name),
        cmocka_unit_test(table_is_consistent),
        cmocka_unit_test(severity_default_policy),
        cmocka_unit_test(severity_werror),
        cmocka_unit_test(severity_overrides),
        cmocka_unit_test(warning_options_through_session),
        cmocka_unit_test(suggestion_in_diagnostic),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
