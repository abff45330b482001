/*
 * test_oscal.c — the OSCAL outputs through the public API only (smm.h):
 * smm_emit_ir with SMM_EMIT_OSCAL_CATALOG / SMM_EMIT_OSCAL_PROFILE,
 * smm_check_oscal and smm_report_oscal_poam, on a small model written in
 * the test.  What the documents must hold (the mapping of docs/oscal.md),
 * that two sessions give the same bytes, and that a missing selection or
 * assessment writes nothing; and the one pure helper of oscal.h it needs
 * to see, oscal_markdown (plain text escaped for OSCAL's Markdown fields),
 * case by case.  Schema validation of whole documents, and rendering every
 * markup field with a CommonMark parser, is tests/oscal/run.sh's job.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smm.h"
#include "oscal.h"

static const char src[] =
    "model t.model \"Test model\" {\n"
    "  version \"2.0\"\n"
    "  dimension gov \"Governance\" {\n"
    "    domain strat \"Strategy\" {\n"
    "      practice pm \"Program\" {\n"
    "        level 1 \"some\" { consider pm.one \"first\" }\n"
    "        level 2 \"more\" { consider pm.two \"second\" }\n"
    "      }\n"
    "      practice tm \"Threats\" { level 1 \"listed\" level 2 \"modeled\" { consider tm.m \"a method\" } }\n"
    "    }\n"
    "  }\n"
    "}\n"
    "profile t.base \"Base\" model t.model {\n"
    "  gov = 1 general\n"
    "  require tm >= 1 because \"always\"\n"
    "}\n"
    "profile t.p \"Target\" extends t.base {\n"
    "  pm = 2 industry because \"we say so\"\n"
    "  tm = 1 industry\n"
    "  sector s1 { tm = 2 system }\n"
    "}\n"
    "assessment t.a \"Q1\" {\n"
    "  target t.p sector s1\n"
    "  date 2026-03-31\n"
    "  pm = 1 general evidence \"charter\"\n"
    "  tm = 2 system evidence \"model v1\"\n"
    "  met pm.one evidence \"owner named\"\n"
    "  waive pm because \"budget\" until 2027-01-01 owner \"CISO\"\n"
    "}\n";

static smm_session *session(void)
{
    smm_options opt;
    memset(&opt, 0, sizeof opt);
    opt.stdlib_dir = "/nonexistent";
    opt.today = "2026-06-01";
    opt.buffer_diagnostics = true;
    opt.jobs = 1;
    smm_session *s = smm_new(&opt);
    smm_add_buffer(s, "t.smm", src, sizeof src - 1);
    assert_int_equal(smm_analyze(s), 0);
    return s;
}

typedef enum { CATALOG, PROFILE, RESULTS, POAM } Doc;

/* The document as text (heap) and its return code. */
static char *write_doc(Doc d, const smm_selection *sel, int *rc)
{
    smm_session *s = session();
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    switch (d) {
    case CATALOG: *rc = smm_emit_ir(s, f, SMM_EMIT_OSCAL_CATALOG, SMM_PROV_FULL, sel); break;
    case PROFILE: *rc = smm_emit_ir(s, f, SMM_EMIT_OSCAL_PROFILE, SMM_PROV_FULL, sel); break;
    case RESULTS: *rc = smm_check_oscal(s, f, NULL); break;
    case POAM: *rc = smm_report_oscal_poam(s, f, NULL); break;
    }
    fclose(f);
    smm_free(s);
    return buf;
}

static json_t *load(Doc d, const smm_selection *sel)
{
    int rc;
    char *text = write_doc(d, sel, &rc);
    assert_int_equal(rc, 0);
    json_error_t err;
    json_t *j = json_loads(text, 0, &err);
    assert_non_null(j);
    free(text);
    return j;
}

/* The value of prop `name` in obj["props"], or NULL. */
static const char *prop(json_t *obj, const char *name)
{
    json_t *props = json_object_get(obj, "props");
    for (size_t i = 0; i < json_array_size(props); i++) {
        json_t *p = json_array_get(props, i);
        if (!strcmp(json_string_value(json_object_get(p, "name")), name)) {
            assert_string_equal(json_string_value(json_object_get(p, "ns")), "urn:smmc:oscal");
            return json_string_value(json_object_get(p, "value"));
        }
    }
    return NULL;
}

#define PATH(j, ...) json_path(j, __VA_ARGS__, NULL)
/* Walk objects by key and arrays by "#N". */
static json_t *json_path(json_t *j, ...)
{
    va_list ap;
    va_start(ap, j);
    for (const char *k; j && (k = va_arg(ap, const char *));)
        j = k[0] == '#' ? json_array_get(j, (size_t)atoi(k + 1)) : json_object_get(j, k);
    va_end(ap);
    return j;
}

static const char *str(json_t *j)
{
    assert_non_null(j);
    return json_string_value(j);
}

static void catalog_maps_the_model(void **state)
{
    (void)state;
    json_t *j = load(CATALOG, NULL);
    json_t *cat = PATH(j, "catalog");
    assert_string_equal(str(PATH(cat, "metadata", "title")), "Test model");
    assert_string_equal(str(PATH(cat, "metadata", "version")), "2.0");
    assert_string_equal(str(PATH(cat, "metadata", "oscal-version")), "1.2.1");
    /* no SOURCE_DATE_EPOCH: the latest assessment date of the inputs */
    assert_string_equal(str(PATH(cat, "metadata", "last-modified")), "2026-03-31T00:00:00Z");
    json_t *dim = PATH(cat, "groups", "#0");
    assert_string_equal(str(PATH(dim, "id")), "gov");
    assert_string_equal(str(PATH(dim, "class")), "dimension");
    json_t *dom = PATH(dim, "groups", "#0");
    assert_string_equal(str(PATH(dom, "class")), "domain");
    json_t *pm = PATH(dom, "controls", "#0");
    assert_string_equal(str(PATH(pm, "id")), "pm");
    assert_string_equal(str(PATH(pm, "title")), "Program");
    assert_string_equal(prop(pm, "path"), "gov.strat.pm");
    assert_string_equal(str(PATH(pm, "params", "#0", "id")), "pm.comprehensiveness");
    assert_int_equal(json_array_size(PATH(pm, "params", "#0", "select", "choice")), 5);
    assert_string_equal(str(PATH(pm, "params", "#1", "id")), "pm.scope");
    assert_string_equal(str(PATH(pm, "params", "#1", "select", "choice", "#2")), "system");
    assert_int_equal(json_array_size(PATH(pm, "parts")), 4);
    json_t *l2 = PATH(pm, "parts", "#1");
    assert_string_equal(str(PATH(l2, "id")), "pm.level-2");
    assert_string_equal(str(PATH(l2, "name")), "objective");
    assert_string_equal(str(PATH(l2, "prose")), "more");
    assert_string_equal(str(PATH(l2, "parts", "#0", "id")), "pm.two");
    assert_string_equal(str(PATH(l2, "parts", "#0", "prose")), "second");
    json_decref(j);
}

static void profile_sets_parameters_with_provenance(void **state)
{
    (void)state;
    smm_selection sel = {"t.p", "s1", NULL};
    json_t *j = load(PROFILE, &sel);
    json_t *p = PATH(j, "profile");
    assert_string_equal(prop(PATH(p, "metadata"), "profile"), "t.p");
    assert_string_equal(prop(PATH(p, "metadata"), "sector"), "s1");
    assert_true(json_is_object(PATH(p, "imports", "#0", "include-all")));
    json_t *sps = PATH(p, "modify", "set-parameters");
    assert_int_equal(json_array_size(sps), 4);
    json_t *pmc = PATH(sps, "#0");
    assert_string_equal(str(PATH(pmc, "param-id")), "pm.comprehensiveness");
    assert_string_equal(str(PATH(pmc, "values", "#0")), "2");
    assert_string_equal(prop(pmc, "profile"), "t.p");
    assert_string_equal(prop(pmc, "layer"), "body");
    assert_string_equal(prop(pmc, "because"), "we say so");
    assert_string_equal(prop(pmc, "source"), "t.smm:18:3");
    assert_null(prop(pmc, "overrides")); /* t.base's `gov = 1` is not on this path's chain */
    json_t *tmc = PATH(sps, "#2");
    assert_string_equal(str(PATH(tmc, "values", "#0")), "2");
    assert_string_equal(prop(tmc, "layer"), "sector");
    assert_string_equal(prop(tmc, "block"), "sector s1");
    assert_string_equal(prop(tmc, "source"), "t.smm:20:15");
    const char *over = prop(tmc, "overrides");
    assert_non_null(over);
    assert_string_equal(over, "t.p (body) at t.smm:19:3 on gov.strat.tm");
    assert_string_equal(str(PATH(tmc, "constraints", "#0", "tests", "#0", "expression")), "tm.comprehensiveness >= 1");
    assert_non_null(strstr(str(PATH(tmc, "constraints", "#0", "description")), "because always"));
    assert_string_equal(str(PATH(sps, "#3", "values", "#0")), "system");
    json_decref(j);
}

static void results_hold_observations_findings_and_waivers(void **state)
{
    (void)state;
    json_t *j = load(RESULTS, NULL);
    json_t *r = PATH(j, "assessment-results", "results", "#0");
    assert_string_equal(str(PATH(r, "title")), "Q1");
    assert_string_equal(str(PATH(r, "start")), "2026-03-31T00:00:00Z");
    json_t *obs = PATH(r, "observations", "#0");
    assert_string_equal(prop(obs, "practice"), "pm");
    assert_string_equal(str(PATH(obs, "relevant-evidence", "#0", "description")), "charter");
    assert_string_equal(str(PATH(obs, "relevant-evidence", "#1", "description")), "owner named");
    assert_string_equal(prop(PATH(obs, "relevant-evidence", "#1"), "consideration"), "pm.one");
    json_t *f = PATH(r, "findings", "#0");
    assert_string_equal(prop(f, "status"), "waived");
    assert_string_equal(str(PATH(f, "target", "target-id")), "pm.level-2"); /* the target level's objective */
    assert_string_equal(str(PATH(f, "target", "status", "state")), "not-satisfied");
    assert_string_equal(str(PATH(f, "related-observations", "#0", "observation-uuid")), str(PATH(obs, "uuid")));
    json_t *risk = PATH(r, "risks", "#0");
    assert_string_equal(str(PATH(f, "related-risks", "#0", "risk-uuid")), str(PATH(risk, "uuid")));
    assert_string_equal(str(PATH(risk, "status")), "deviation-approved");
    assert_string_equal(str(PATH(risk, "deadline")), "2027-01-01T00:00:00Z");
    assert_string_equal(str(PATH(risk, "description")), "budget");
    assert_string_equal(prop(risk, "owner"), "CISO");
    json_t *tm = PATH(r, "findings", "#1");
    assert_string_equal(prop(tm, "status"), "met");
    assert_string_equal(str(PATH(tm, "target", "status", "state")), "satisfied");
    json_decref(j);
}

static void poam_follows_the_roadmap(void **state)
{
    (void)state;
    json_t *j = load(POAM, NULL);
    json_t *p = PATH(j, "plan-of-action-and-milestones");
    json_t *it = PATH(p, "poam-items", "#0");
    assert_string_equal(prop(it, "practice"), "pm");
    assert_string_equal(prop(it, "priority"), "1");
    json_t *risk = PATH(p, "risks", "#0");
    assert_string_equal(str(PATH(it, "related-risks", "#0", "risk-uuid")), str(PATH(risk, "uuid")));
    assert_string_equal(str(PATH(risk, "status")), "deviation-approved"); /* the gap is waived */
    json_t *rem = PATH(risk, "remediations", "#0");
    assert_string_equal(str(PATH(rem, "description")), "more"); /* the next level's objective */
    assert_string_equal(prop(PATH(rem, "tasks", "#0"), "consideration"), "pm.two");
    json_decref(j);
}

static void same_input_same_bytes(void **state)
{
    (void)state;
    smm_selection sel = {"t.p", "s1", NULL};
    for (Doc d = CATALOG; d <= POAM; d++) {
        int rc1, rc2;
        char *a = write_doc(d, d == PROFILE ? &sel : NULL, &rc1);
        char *b = write_doc(d, d == PROFILE ? &sel : NULL, &rc2);
        assert_int_equal(rc1, 0);
        assert_int_equal(rc2, 0);
        assert_string_equal(a, b);
        free(a);
        free(b);
    }
}

static void nothing_to_write(void **state)
{
    (void)state;
    smm_session *s = session();
    FILE *devnull = fopen("/dev/null", "w");
    /* a profile is one target: without one selected, 2 (usage; the
     * message goes to standard error) */
    assert_int_equal(smm_emit_ir(s, devnull, SMM_EMIT_OSCAL_PROFILE, SMM_PROV_FULL, NULL), 2);
    assert_int_equal(smm_check_oscal(s, devnull, "t.nope"), 1);
    assert_int_equal(smm_report_oscal_poam(s, devnull, "t.nope"), 1);
    fclose(devnull);
    smm_free(s);
}


/* ---------------------------------------------------------------- Markdown */

static void md_is(const char *in, bool multiline, const char *want)
{
    char *got = oscal_markdown(in, multiline);
    if (strcmp(got, want) != 0)
        fail_msg("oscal_markdown(\"%s\", %d) = \"%s\", want \"%s\"", in, multiline, got, want);
    free(got);
}

/* Plain text stays as it is: no escape where nothing would be markup. */
static void markdown_leaves_plain_text_alone(void **state)
{
    (void)state;
    md_is("Threat modeling", false, "Threat modeling");
    md_is("governance.threat_risk.threat_modeling", false, "governance.threat_risk.threat_modeling");
    md_is("2 * 3 = 6, a _ b, a < b, R&D, 100%, a > b, x!", false, "2 * 3 = 6, a _ b, a < b, R&D, 100%, a > b, x!");
    md_is("ends with ]", false, "ends with ]");
    md_is("#hashtag -dash 1.5 2026. +1 ~ ~~", false, "#hashtag -dash 1.5 2026. +1 ~ ~~");
    md_is("a \\ b \\d", false, "a \\ b \\d");
    md_is("ünïcödé ✓ \u2028 sep", false, "ünïcödé ✓ \u2028 sep");
    md_is("", true, "");
}

/* Inline markup: emphasis, code, links, HTML, autolinks, entities. */
static void markdown_escapes_inline_markup(void **state)
{
    (void)state;
    md_is("*Draft* and **bold**", false, "\\*Draft\\* and \\*\\*bold\\*\\*");
    md_is("_x_ and __init__ and a_b", false, "\\_x\\_ and \\_\\_init\\_\\_ and a_b");
    md_is("run `make`", false, "run \\`make\\`");
    md_is("[x](http://y) ![i](j)", false, "\\[x](http://y) !\\[i](j)");
    md_is("<b>html</b> <http://x> <a@b.c>", false, "\\<b>html\\</b> \\<http://x> \\<a@b.c>");
    md_is("&amp; &#65; &#x41; & &x", false, "\\&amp; \\&#65; \\&#x41; & &x");
    md_is("\\* \\\\ end\\", false, "\\\\\\* \\\\\\ end\\\\"); /* none before a space */
}

/* Blocks that open at the start of a line, in a line or in every line of
 * a multi-line text. */
static void markdown_escapes_block_starts(void **state)
{
    (void)state;
    md_is("# Heading", false, "\\# Heading");
    md_is("###### six", false, "\\###### six");
    md_is("####### seven", false, "####### seven");
    md_is("> quote", false, "\\> quote");
    md_is(">= 3", false, "\\>= 3");
    md_is("- item", false, "\\- item");
    md_is("+ item", false, "\\+ item");
    md_is("* item", false, "\\* item");
    md_is("1. first", false, "1\\. first");
    md_is("2026) year", false, "2026\\) year");
    md_is("1234567890. long", false, "1234567890. long");
    md_is("---", false, "\\---");
    md_is("_ _ _", false, "\\_ _ _");
    md_is("===", false, "\\===");
    md_is("~~~ fence", false, "\\~~~ fence");
    md_is("intro\n# not a heading\n- nor a list\n1) nor this", true,
          "intro\n\\# not a heading\n\\- nor a list\n1\\) nor this");
}

/* Line structure: soft breaks kept, paragraphs separated by one blank line,
 * white space at either end of a line dropped (no code blocks, no hard
 * breaks). */
static void markdown_keeps_lines_and_paragraphs(void **state)
{
    (void)state;
    md_is("one\ntwo", true, "one\ntwo");
    md_is("\n\n  one  \r\n\ttwo\t\n\n\n\n    code?\r\rthree  \n\n", true, "one\ntwo\n\ncode?\n\nthree");
    md_is("multi\nline\n\n\tdoc", true, "multi\nline\n\ndoc");
    md_is("hard  \nbreak\\\nend", true, "hard\nbreak\\\\\nend");
    md_is(" \t \n ", true, "");
}

int main(void)
{
    unsetenv("SOURCE_DATE_EPOCH");
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(catalog_maps_the_model),
        cmocka_unit_test(profile_sets_parameters_with_provenance),
        cmocka_unit_test(results_hold_observations_findings_and_waivers),
        cmocka_unit_test(poam_follows_the_roadmap),
        cmocka_unit_test(same_input_same_bytes),
        cmocka_unit_test(nothing_to_write),
        cmocka_unit_test(markdown_leaves_plain_text_alone),
        cmocka_unit_test(markdown_escapes_inline_markup),
        cmocka_unit_test(markdown_escapes_block_starts),
        cmocka_unit_test(markdown_keeps_lines_and_paragraphs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
