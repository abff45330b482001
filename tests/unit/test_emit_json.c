/*
 * test_emit_json.c — the direct JSON writer (emit_json.c) must write exactly
 * the bytes jansson writes for ir_json_profile(), ir_json_setting(), ir_json_requirement(),
 * ir_json_consideration() and ir_json_target() (ir_json_reference_writer):
 * every .smm in stdlib/, examples/ and tests/spec plus inputs with escapes,
 * control characters and non-ASCII text, with full and winner provenance.
 * And the profiles, requirements and considerations tables: each entry
 * once, in source order, only what the selected targets refer to.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <glob.h>

#include "ir.h"

static char *emit(smm_session *s, smm_provenance prov, bool reference, size_t *len)
{
    char *buf = NULL;
    FILE *f = open_memstream(&buf, len);
    IrSelection sel = {0};
    assert_int_equal(ir_emit(s, f, reference ? &ir_json_reference_writer : &ir_json_writer, prov, &sel), 0);
    fclose(f);
    return buf;
}

static void compare_writers(smm_session *s, const char *what)
{
    for (int prov = 0; prov < 2; prov++) {
        size_t la, lb;
        char *a = emit(s, (smm_provenance)prov, false, &la);
        char *b = emit(s, (smm_provenance)prov, true, &lb);
        if (la != lb || memcmp(a, b, la) != 0) {
            size_t i = 0;
            while (i < la && i < lb && a[i] == b[i])
                i++;
            fail_msg("%s: direct and jansson JSON differ at byte %zu (%zu vs %zu bytes)", what, i, la, lb);
        }
        free(a);
        free(b);
    }
}

static smm_session *session(void)
{
    smm_options opt = {0};
    opt.buffer_diagnostics = true;
    opt.stdlib_dir = "stdlib";
    return smm_new(&opt);
}

static void every_repo_file(void **state)
{
    (void)state;
    const char *patterns[] = {"stdlib/*/*.smm", "examples/*.smm", "examples/*/*.smm", "tests/spec/*.smm",
                              "tests/spec/*/*.smm"};
    int compared = 0;
    for (size_t d = 0; d < sizeof patterns / sizeof patterns[0]; d++) {
        glob_t g;
        if (glob(patterns[d], 0, NULL, &g) != 0)
            continue;
        for (size_t i = 0; i < g.gl_pathc; i++) {
            smm_session *s = session();
            smm_add_file(s, g.gl_pathv[i]);
            if (smm_analyze(s) == 0 && s->prog->profiles.n) {
                compare_writers(s, g.gl_pathv[i]);
                compared++;
            }
            smm_free(s);
        }
        globfree(&g);
    }
    assert_true(compared >= 10);
}

static void escapes_and_unicode(void **state)
{
    (void)state;
    static const char text[] =
        "model m \"M \\\"quoted\\\" \\\\ back\" {\n"
        "  dimension d \"D\\ttab\" { domain o \"O\\n\" { practice p \"P \\u{1F512} lock\" {\n"
        "    level 1 \"caf\\u{E9} \\u{7E} \\u{FFFD}\" { consider c.x \"</script> & <b>\" }\n"
        "  } } }\n"
        "}\n"
        "profile r \"R \\u{2028} sep\" model m {\n"
        "  doc \"\"\"\n    multi\n    line\n    \"\"\"\n"
        "  tags plain, \"q\\\"uote \\u{E9}\", \"tab\\there\"\n"
        "  d = 2 industry because \"\\\"why\\\" \\u{10FFFD}\"\n"
        "  p.* = 3 system because \"forced\"\n"
        "  require p >= 1 because \"tab\\there\"\n"
        "  sector s\\u{65} { o = 1 }\n"
        "  sector se { system y { p = 4 because \"nested \\u{A0}\" } consider p level 2 k.y \"\\u{2029}x\" }\n"
        "}\n";
    smm_session *s = session();
    smm_add_buffer(s, "esc.smm", text, sizeof text - 1);
    if (smm_analyze(s) != 0) {
        /* the escape `s\u{65}` outside a string is an error: drop that line */
        smm_free(s);
        s = session();
        const char *bad = strstr(text, "  sector s\\u{65} { o = 1 }\n");
        char copy[sizeof text];
        size_t head = (size_t)(bad - text), cut = strlen("  sector s\\u{65} { o = 1 }\n");
        memcpy(copy, text, head);
        memcpy(copy + head, bad + cut, sizeof text - head - cut);
        smm_add_buffer(s, "esc.smm", copy, strlen(copy));
        assert_int_equal(smm_analyze(s), 0);
    }
    compare_writers(s, "escapes");
    smm_free(s);
}

/* The indices of a JSON array of integers, as "0 2 3". */
static void indices(const json_t *a, char *out, size_t n)
{
    size_t i, k = 0;
    json_t *v;
    out[0] = 0;
    json_array_foreach(a, i, v)
    {
        assert_true(json_is_integer(v));
        k += (size_t)snprintf(out + k, n - k, "%s%lld", i ? " " : "", (long long)json_integer_value(v));
        assert_true(k < n);
    }
}

static json_t *emit_tree(smm_session *s, const IrSelection *sel)
{
    char *buf = NULL;
    size_t len;
    FILE *f = open_memstream(&buf, &len);
    assert_int_equal(ir_emit(s, f, &ir_json_writer, SMM_PROV_FULL, sel), 0);
    fclose(f);
    json_error_t err;
    json_t *doc = json_loadb(buf, len, 0, &err);
    free(buf);
    assert_non_null(doc);
    return doc;
}

static const char *member(const json_t *o, const char *key)
{
    const json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : "";
}

static void tables_by_reference(void **state)
{
    (void)state;
    static const char text[] =
        "import iic.smm\n"
        "profile a model iic.smm {\n"
        "  governance = 2  enablement = 1  hardening = 1\n"
        "  require governance >= 1\n"
        "  consider threat_modeling level 2 a.k \"keep the model current\"\n"
        "  sector energy { require hardening >= 1  consider threat_modeling level 3 a.e \"grid\" }\n"
        "}\n"
        "profile b extends a {\n"
        "  require governance <= 4\n"
        "}\n";
    smm_session *s = session();
    smm_add_buffer(s, "tables.smm", text, sizeof text - 1);
    assert_int_equal(smm_analyze(s), 0);
    json_t *doc = emit_tree(s, &(IrSelection){0});
    const json_t *profiles = json_object_get(doc, "profiles");
    assert_int_equal(json_array_size(profiles), 2);
    assert_string_equal(member(json_array_get(profiles, 1), "name"), "b");
    assert_null(json_object_get(json_array_get(json_object_get(doc, "targets"), 0), "title"));
    const json_t *reqs = json_object_get(doc, "requirements"), *cons = json_object_get(doc, "considerations");
    /* every entry once, in source order */
    assert_int_equal(json_array_size(reqs), 3);
    assert_int_equal(json_array_size(cons), 2);
    assert_string_equal(member(json_array_get(reqs, 1), "node"), "hardening");
    assert_string_equal(member(json_array_get(reqs, 2), "profile"), "b");
    assert_string_equal(member(json_array_get(cons, 1), "id"), "a.e");
    assert_string_equal(member(json_array_get(cons, 1), "layer"), "sector");
    /* targets: a, a/energy, b, b/energy; layers innermost first */
    const char *want[4][2] = {{"0", "0"}, {"1 0", "1 0"}, {"2 0", "0"}, {"1 2 0", "1 0"}};
    const json_t *targets = json_object_get(doc, "targets");
    assert_int_equal(json_array_size(targets), 4);
    for (size_t i = 0; i < 4; i++) {
        char got[64];
        indices(json_object_get(json_array_get(targets, i), "requirements"), got, sizeof got);
        assert_string_equal(got, want[i][0]);
        indices(json_object_get(json_array_get(targets, i), "considerations"), got, sizeof got);
        assert_string_equal(got, want[i][1]);
    }
    json_decref(doc);
    /* one variant: only what it refers to, numbered from 0 */
    smm_selection in = {.profile = "b"};
    IrSelection sel;
    assert_true(ir_resolve_selection(s, &in, &sel));
    doc = emit_tree(s, &sel);
    reqs = json_object_get(doc, "requirements");
    assert_int_equal(json_array_size(json_object_get(doc, "profiles")), 1);
    assert_int_equal(json_array_size(reqs), 2);
    assert_string_equal(member(json_array_get(reqs, 0), "node"), "governance");
    assert_string_equal(member(json_array_get(reqs, 1), "profile"), "b");
    assert_int_equal(json_array_size(json_object_get(doc, "considerations")), 1);
    char got[64];
    indices(json_object_get(json_array_get(json_object_get(doc, "targets"), 0), "requirements"), got, sizeof got);
    assert_string_equal(got, "1 0");
    json_decref(doc);
    smm_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_repo_file),
        cmocka_unit_test(escapes_and_unicode),
        cmocka_unit_test(tables_by_reference),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
