/*
 * test_fmt.c — the canonical formatter (fmt.c): layout cases (indentation,
 * spacing, braces, blank lines, comments in every position, strings left
 * alone, CRLF and BOM input, continuation lines, '=' alignment), refusal of
 * text that does not tokenize, and two properties over generated input:
 * formatting is idempotent and changes nothing but whitespace.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "fmt.h"

/* fmt(in) must be `want`, and fmt(want) must be `want` again. */
static void fmt_is(const char *in, size_t inlen, const char *want, const char *file, int line)
{
    Buf out = {0};
    char err[256];
    if (fmt_source(in, inlen, &out, err, sizeof err) != 0)
        fail_msg("%s:%d: fmt refused: %s", file, line, err);
    const char *got = out.n ? buf_cstr(&out) : "";
    if (strcmp(got, want) != 0) {
        print_error("--- want ---\n%s--- got ---\n%s------------\n", want, got);
        fail_msg("%s:%d: unexpected layout", file, line);
    }
    Buf again = {0};
    if (fmt_source(got, out.n, &again, err, sizeof err) != 0)
        fail_msg("%s:%d: fmt refused its own output: %s", file, line, err);
    if (again.n != out.n || (out.n && memcmp(again.s, out.s, out.n))) {
        print_error("--- once ---\n%s--- twice ---\n%s------------\n", got,
                    again.n ? buf_cstr(&again) : "");
        fail_msg("%s:%d: not idempotent", file, line);
    }
    buf_free(&again);
    buf_free(&out);
}
#define FMT(in, want) fmt_is((in), sizeof(in) - 1, (want), __FILE__, __LINE__)

/* fmt refuses `in` with exactly the message `want` ("LINE:COL: what"). */
static void refuses(const char *in, size_t inlen, const char *want, const char *file, int line)
{
    Buf out = {0};
    buf_puts(&out, "keep");
    char err[256];
    if (fmt_source(in, inlen, &out, err, sizeof err) != -1)
        fail_msg("%s:%d: fmt accepted text that does not tokenize", file, line);
    if (strcmp(err, want) != 0)
        fail_msg("%s:%d: message '%s', want '%s'", file, line, err, want);
    if (out.n != 4)
        fail_msg("%s:%d: output appended on failure", file, line);
    buf_free(&out);
}
#define REFUSES(in, want) refuses((in), sizeof(in) - 1, (want), __FILE__, __LINE__)

/* ---------------------------------------------------------------- layout */

static void indentation_and_braces(void **state)
{
    (void)state;
    FMT("model m \"M\" {dimension d {domain o {practice p {level 1 \"one\" {consider c.one \"first\"}}}}}",
        "model m \"M\" {\n"
        "  dimension d {\n"
        "    domain o {\n"
        "      practice p {\n"
        "        level 1 \"one\" {\n"
        "          consider c.one \"first\"\n"
        "        }\n"
        "      }\n"
        "    }\n"
        "  }\n"
        "}\n");
    /* tabs and odd indentation are replaced */
    FMT("profile p model m {\n\t\tx = 1\n      y = 2\n}\n",
        "profile p model m {\n  x = 1\n  y = 2\n}\n");
    /* a '{' alone on its line joins the header */
    FMT("profile p model m\n{\n  x = 1\n}\n", "profile p model m {\n  x = 1\n}\n");
    FMT("profile p model m\n\n{ x = 1 }\n", "profile p model m {\n  x = 1\n}\n");
    /* '}' then more: split after '}', a ';' stays with it */
    FMT("profile p model m {\n  system y { x = 1 } z = 2\n};\n",
        "profile p model m {\n  system y {\n    x = 1\n  }\n  z = 2\n};\n");
    FMT("model m {}\n", "model m {\n}\n");
    /* unbalanced braces are formatted, not refused; as for the compiler,
     * a top-level keyword closes the blocks left open */
    FMT("}\n}\nmodel m {\n", "}\n}\nmodel m {\n");
    FMT("model m { dimension d {\nprofile t model m { d = 1\nimport x\n}\n",
        "model m {\n  dimension d {\nprofile t model m {\n  d = 1\nimport x\n}\n");
}

static void spacing(void **state)
{
    (void)state;
    FMT("profile   p   model m{x=3;y .* =2 general;z.*scope system}",
        "profile p model m {\n  x = 3; y.* = 2 general; z.* scope system\n}\n");
    FMT("profile p model m {\n  require x>=3 because\"r\"\n  require y<=2\n  tags a ,b,c\n}\n",
        "profile p model m {\n  require x >= 3 because \"r\"\n  require y <= 2\n  tags a, b, c\n}\n");
    FMT("profile p extends a,b , c {\n}\n", "profile p extends a, b, c {\n}\n");
    /* names with '-' and qualified names are one token */
    FMT("profile a-b.c-d extends x-y {\n  p-q = 1\n}\n", "profile a-b.c-d extends x-y {\n  p-q = 1\n}\n");
    /* `.*` keeps its space after a number (3.* would not tokenize) */
    FMT("x = 3 .* y\n", "x = 3 .* y\n");
}

static void blank_lines(void **state)
{
    (void)state;
    FMT("\n\n\nimport a\n\n\n\nimport b\n\n\n", "import a\n\nimport b\n");
    FMT("profile p model m {\n\n\n  x = 1\n\n\n  y = 2\n\n}\n\n\n",
        "profile p model m {\n  x = 1\n\n  y = 2\n}\n");
    FMT("import a", "import a\n");
    FMT("", "");
    FMT(" \n\t\n  \n", "");
    FMT("import a   \t\nimport b\t\n", "import a\nimport b\n");
}

static void comments(void **state)
{
    (void)state;
    /* own line: the indentation of the code below; before '}' the block's */
    FMT("// file\n# hash\nprofile p model m {\n// one\n      x = 1\n        // end\n}\n",
        "// file\n# hash\nprofile p model m {\n  // one\n  x = 1\n  // end\n}\n");
    /* trailing: two spaces; consecutive ones share a column */
    FMT("import a // one   \nimport bbbb      # two\n\nimport c //three\n",
        "import a     // one\nimport bbbb  # two\n\nimport c  //three\n");
    /* after '{' and after '}' */
    FMT("profile p model m { // open\n  x = 1 } // close\n",
        "profile p model m {  // open\n  x = 1\n}  // close\n");
    /* a header's trailing comment moves after the joined '{' */
    FMT("profile p model m // why\n{\n  x = 1\n}\n",
        "profile p model m {  // why\n  x = 1\n}\n");
    /* ... unless the '{' has its own comment: then it stays put */
    FMT("profile p model m // why\n{ // open\n  x = 1\n}\n",
        "profile p model m  // why\n{                  // open\n  x = 1\n}\n");
    /* a comment line between header and '{' keeps the '{' on its own line */
    FMT("profile p model m\n// note\n{\n  x = 1\n}\n",
        "profile p model m\n// note\n{\n  x = 1\n}\n");
    /* block comments: inline, own line, trailing, between tokens */
    FMT("profile p model m {\n/* a */ x = /* b */ 1 /* c */\n}\n",
        "profile p model m {\n  /* a */ x = /* b */ 1 /* c */\n}\n");
    /* a multi-line block comment moves with its first line ... */
    FMT("profile p model m {\n      /*\n       * note   \n\n       */\n  x = 1\n}\n",
        "profile p model m {\n  /*\n   * note\n\n   */\n  x = 1\n}\n");
    /* ... unless an inner line is less indented than its start */
    FMT("profile p model m {\n    /* one\ntwo */\n  x = 1\n}\n",
        "profile p model m {\n  /* one\ntwo */\n  x = 1\n}\n");
    /* comment markers inside strings are text */
    FMT("doc \"// not # a /* comment\"\n", "doc \"// not # a /* comment\"\n");
    /* a comment before a continuation line takes its indentation */
    FMT("profile p model m {\n  x = 1\n  // reason:\n  because \"r\"\n}\n",
        "profile p model m {\n  x = 1\n    // reason:\n    because \"r\"\n}\n");
    FMT("// only a comment", "// only a comment\n");
}

static void strings_untouched(void **state)
{
    (void)state;
    FMT("doc   \"a  \\\"b\\\\ \\n\\t \\u{1F600}  é\"\n", "doc \"a  \\\"b\\\\ \\n\\t \\u{1F600}  é\"\n");
    /* adjacent strings stay adjacent (they concatenate) */
    FMT("doc \"a\"\"b\"   \"c\"\n", "doc \"a\" \"b\" \"c\"\n");
    /* triple-quoted: every byte inside kept, wherever the line moves */
    FMT("profile p model m {\n        doc \"\"\"\n   odd   \n\t\ttabs \" \"\" \\\"\"\" \n      \"\"\"\n}\n",
        "profile p model m {\n  doc \"\"\"\n   odd   \n\t\ttabs \" \"\" \\\"\"\" \n      \"\"\"\n}\n");
    FMT("doc \"\"\"\"\"\"\n", "doc \"\"\"\"\"\"\n");
    FMT("doc \"\" \"\"\n", "doc \"\" \"\"\n");
}

static void crlf_and_bom(void **state)
{
    (void)state;
    FMT("\xEF\xBB\xBFimport a\r\n\r\n\r\nprofile p model m {\r\n  x = 1 // c\r\n}\r\n",
        "import a\n\nprofile p model m {\n  x = 1  // c\n}\n");
    /* CRLF inside a triple-quoted string and a block comment becomes LF */
    FMT("doc \"\"\"\r\n  a\r\n  \"\"\" /* x\r\n y */\r\n", "doc \"\"\"\n  a\n  \"\"\" /* x\n y */\n");
    /* a lone CR is whitespace, as for the compiler */
    FMT("import a\rimport b\n", "import a import b\n");
}

static void continuation_lines(void **state)
{
    (void)state;
    FMT("profile healthcare.medical_device \"Connected medical device\"\n"
        "extends iiot.baseline {\n"
        "program_management = 3 general\n"
        "because \"lifecycle\"\n"
        "\"and more\"\n"
        "require threat_modeling >= 3\n"
        "because \"FDA\"\n"
        "require\n"
        "patch_management\n"
        ">= 3\n"
        "consider threat_modeling level 3 med.fda\n"
        "\"text\"\n"
        "consider threat_modeling level 3\n"
        "med.other \"text\"\n"
        "tags a,\n"
        "b\n"
        "x =\n"
        "consistent\n"
        "rollup min\n"
        "evidence strict\n"
        "}\n",
        "profile healthcare.medical_device \"Connected medical device\"\n"
        "  extends iiot.baseline {\n"
        "  program_management = 3 general\n"
        "    because \"lifecycle\"\n"
        "    \"and more\"\n"
        "  require threat_modeling >= 3\n"
        "    because \"FDA\"\n"
        "  require\n"
        "    patch_management\n"
        "    >= 3\n"
        "  consider threat_modeling level 3 med.fda\n"
        "    \"text\"\n"
        "  consider threat_modeling level 3\n"
        "    med.other \"text\"\n"
        "  tags a,\n"
        "    b\n"
        "  x =\n"
        "    consistent\n"
        "  rollup min\n"
        "  evidence strict\n"
        "}\n");
    FMT("assessment a \"A\" {\n"
        "target t sector s\n"
        "system y\n"
        "date 2026-09-30\n"
        "p = 3 general evidence \"a\"\n"
        "evidence \"b\"\n"
        "q not_applicable\n"
        "because \"r\"\n"
        "waive p because \"r\"\n"
        "until 2027-01-01\n"
        "owner \"o\"\n"
        "met c.one\n"
        "evidence \"e\"\n"
        "}\n",
        "assessment a \"A\" {\n"
        "  target t sector s\n"
        "    system y\n"
        "  date 2026-09-30\n"
        "  p = 3 general evidence \"a\"\n"
        "    evidence \"b\"\n"
        "  q not_applicable\n"
        "    because \"r\"\n"
        "  waive p because \"r\"\n"
        "    until 2027-01-01\n"
        "    owner \"o\"\n"
        "  met c.one\n"
        "    evidence \"e\"\n"
        "}\n");
    FMT("model m \"M\" {\n"
        "version \"1\"\n"
        "dimension d \"D\"\n"
        "dimension e\n"
        "\"E\" {\n"
        "domain o\n"
        "}\n"
        "}\n",
        "model m \"M\" {\n"
        "  version \"1\"\n"
        "  dimension d \"D\"\n"
        "  dimension e\n"
        "    \"E\" {\n"
        "    domain o\n"
        "  }\n"
        "}\n");
}

/* `system` after a level is a scope; `system NAME {` opens a block
 * (language.md §5.1). */
static void scope_or_block(void **state)
{
    (void)state;
    FMT("profile p model m {\n"
        "x = 4\n"
        "system handheld {\n"
        "y = 2\n"
        "}\n"
        "x = 4\n"
        "system\n"
        "z = 3\n"
        "sector hospital { system y { r = 1 } }\n"
        "}\n",
        "profile p model m {\n"
        "  x = 4\n"
        "  system handheld {\n"
        "    y = 2\n"
        "  }\n"
        "  x = 4\n"
        "    system\n"
        "  z = 3\n"
        "  sector hospital {\n"
        "    system y {\n"
        "      r = 1\n"
        "    }\n"
        "  }\n"
        "}\n");
}

static void alignment(void **state)
{
    (void)state;
    /* the spec's §5 example: a setting with `because` on its line is not aligned */
    FMT("profile iiot.baseline \"B\" model iic.smm {\n"
        "  governance = 2 general\n"
        "  enablement = 3 general\n"
        "  hardening = 3 industry\n"
        "  patch_management = 4 system because \"r\"\n"
        "}\n",
        "profile iiot.baseline \"B\" model iic.smm {\n"
        "  governance = 2 general\n"
        "  enablement = 3 general\n"
        "  hardening  = 3 industry\n"
        "  patch_management = 4 system because \"r\"\n"
        "}\n");
    /* runs end at blank lines, comments, other statements and continuations */
    FMT("assessment a {\n"
        "  program_management = 3 general evidence \"e\"\n"
        "  threat_modeling = 2 industry\n"
        "  x.* = 1\n"
        "\n"
        "  ab = 1\n"
        "  // c\n"
        "  abc = 1\n"
        "  a = 1\n"
        "  met c\n"
        "  abcd = 2\n"
        "  b = 1\n"
        "    evidence \"e\"\n"
        "  abcde = 1\n"
        "  system y {\n"
        "    a = 1\n"
        "  }\n"
        "  bb = 1\n"
        "}\n",
        "assessment a {\n"
        "  program_management = 3 general evidence \"e\"\n"
        "  threat_modeling    = 2 industry\n"
        "  x.*                = 1\n"
        "\n"
        "  ab = 1\n"
        "  // c\n"
        "  abc = 1\n"
        "  a   = 1\n"
        "  met c\n"
        "  abcd = 2\n"
        "  b    = 1\n"
        "    evidence \"e\"\n"
        "  abcde = 1\n"
        "  system y {\n"
        "    a = 1\n"
        "  }\n"
        "  bb = 1\n"
        "}\n");
    /* user padding is replaced, not kept */
    FMT("profile p model m {\n  a      = 1\n  bb     = 2\n}\n", "profile p model m {\n  a  = 1\n  bb = 2\n}\n");
    /* an assessment's not_applicable entry does not split the run around it
     * (the spec's §6 example has one) */
    FMT("assessment a {\n"
        "  program_management = 3 general\n"
        "  physical_protection not_applicable because \"none\"\n"
        "  threat_modeling = 2 industry\n"
        "  patch_management = 2 general\n"
        "  x not_applicable\n"
        "    because \"a continuation still ends the run\"\n"
        "  ab = 1\n"
        "  abcdef = 1\n"
        "}\n",
        "assessment a {\n"
        "  program_management = 3 general\n"
        "  physical_protection not_applicable because \"none\"\n"
        "  threat_modeling    = 2 industry\n"
        "  patch_management   = 2 general\n"
        "  x not_applicable\n"
        "    because \"a continuation still ends the run\"\n"
        "  ab     = 1\n"
        "  abcdef = 1\n"
        "}\n");
}

/* A NUL byte inside a comment is text like any other: the comment, its
 * closing and everything after it are kept (a fuzzer found fmt losing
 * them; tests/fuzz/crashers/fmt-nul-in-block-comment*.smm). */
static void nul_in_comments(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
        size_t inlen, wantlen;
    } cases[] = {
#define NUL_CASE(in, want) {in, want, sizeof in - 1, sizeof want - 1}
        NUL_CASE("x = 1 /* a\0b */ y = 2\n", "x = 1 /* a\0b */ y = 2\n"),
        NUL_CASE("profile p model m {\n    /* a\0b\n       c\0 */\n  x=1\n}\n",
                 "profile p model m {\n  /* a\0b\n     c\0 */\n  x = 1\n}\n"),
        NUL_CASE("/*\0*/\nx = 1  // c\0d\n", "/*\0*/\nx = 1  // c\0d\n"),
        NUL_CASE("profile p model m {\n  x = 1  /* \0 */\n  yy = 2\n}\n",
                 "profile p model m {\n  x  = 1 /* \0 */\n  yy = 2\n}\n"),
#undef NUL_CASE
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        Buf out = {0};
        char err[256];
        if (fmt_source(cases[i].in, cases[i].inlen, &out, err, sizeof err) != 0)
            fail_msg("case %zu: fmt refused: %s", i, err);
        if (out.n != cases[i].wantlen || memcmp(out.s, cases[i].want, out.n) != 0) {
            print_error("--- got (%zu bytes) ---\n", out.n);
            for (size_t k = 0; k < out.n; k++)
                print_error(out.s[k] ? "%c" : "\\0", out.s[k]);
            fail_msg("case %zu: unexpected output", i);
        }
        buf_free(&out);
    }
}

/* The spec's complete examples are already in canonical form. */
static void spec_examples_are_fixed_points(void **state)
{
    (void)state;
    static const char model[] =
        "model iic.smm \"IoT Security Maturity Model\" {\n"
        "  version \"1.0\"\n"
        "\n"
        "  dimension governance \"Security Governance\" {\n"
        "    domain strategy \"Security Strategy and Governance\" {\n"
        "      practice program_management \"Security Program Management\" {\n"
        "        level 1 \"Minimum security program activities are in place\"\n"
        "        level 2 \"The program covers the main use cases and known incidents\" {\n"
        "          consider spm.roles \"Security roles and responsibilities are assigned\"\n"
        "        }\n"
        "      }\n"
        "      practice compliance_management \"Compliance Management\"\n"
        "    }\n"
        "  }\n"
        "}\n";
    FMT(model, model);
    static const char assessment[] =
        "import profiles.medical\n"
        "\n"
        "assessment acme.base_station.q3_2026 \"Base station, Q3 2026\" {\n"
        "  target healthcare.medical_device sector healthcare system base_station\n"
        "  date 2026-09-30\n"
        "  assessor \"ACME product security\"\n"
        "\n"
        "  program_management = 3 general evidence \"Security program charter v4\"\n"
        "  threat_modeling    = 2 industry evidence \"TM workshop minutes 2026-08-14\"\n"
        "  patch_management   = 2 general\n"
        "  physical_protection not_applicable because \"no field hardware in scope\"\n"
        "  met spm.roles evidence \"RACI matrix\"\n"
        "}\n";
    FMT(assessment, assessment);
}

/* ---------------------------------------------------------------- refusal */

static void refusal(void **state)
{
    (void)state;
    REFUSES("doc \"abc\n\"", "1:5: missing terminating '\"' character (use \"\"\"...\"\"\" for text spanning lines)");
    REFUSES("import a\n  doc \"abc", "2:7: missing terminating '\"' character");
    REFUSES("doc \"abc\\\"", "1:5: missing terminating '\"' character");
    /* a backslash does not carry a one-line string over a newline */
    REFUSES("doc \"abc\\\nx\"", "1:5: missing terminating '\"' character (use \"\"\"...\"\"\" for text spanning lines)");
    REFUSES("doc \"a\x01\"", "1:7: invalid character 0x01 inside a string");
    REFUSES("doc \"\"\"a\n\x0c\"\"\"", "2:1: invalid character 0x0C inside a string");
    REFUSES("x\n\n   doc \"\"\"abc\n\"\"", "3:8: unterminated triple-quoted string; '\"\"\"' has no closing '\"\"\"'");
    REFUSES("a /* b\n* /", "1:3: unterminated comment; '/*' has no matching '*/'");
    REFUSES("x = 3 @", "1:7: invalid character '@'");
    REFUSES("x = 3 !", "1:7: invalid character '!'");
    REFUSES("x = 3 > 2", "1:7: invalid character '>'");
    REFUSES("a . b", "1:3: invalid character '.'");
    REFUSES("x = 3 \x01", "1:7: invalid character 0x01");
    REFUSES("x\0y", "1:2: invalid character 0x00");
    /* columns count code points */
    REFUSES("doc \"é\" ü", "1:9: non-ASCII text 'ü' outside a string or comment");
    REFUSES("x \xff", "1:3: invalid UTF-8 byte sequence");
    REFUSES("doc \"a\xc3\"", "1:7: invalid UTF-8 byte sequence");
    REFUSES("// \xed\xa0\x80 surrogate", "1:4: invalid UTF-8 byte sequence");
    REFUSES("/* \xc0\xaf */", "1:4: invalid UTF-8 byte sequence");
    /* a BOM is not counted in columns; a BOM elsewhere is not whitespace */
    REFUSES("\xEF\xBB\xBFx @", "1:3: invalid character '@'");
    REFUSES("x \xEF\xBB\xBF", "1:3: non-ASCII text '\xEF\xBB\xBF' outside a string or comment");
    /* no error buffer is fine */
    Buf out = {0};
    assert_int_equal(fmt_source("\"", 1, &out, NULL, 0), -1);
    char tiny[4];
    assert_int_equal(fmt_source("\"", 1, &out, tiny, sizeof tiny), -1);
    assert_int_equal(strlen(tiny), 3);
    assert_int_equal(out.n, 0);
}

/* What the compiler tokenizes with an error but still as tokens (a bad
 * escape, a malformed number) is formatted and kept as written. */
static void lexically_odd_but_tokenizable(void **state)
{
    (void)state;
    FMT("doc \"\\q\"   x = 12ab   date 2026-13-45 n = 1234567890123\n",
        "doc \"\\q\" x = 12ab date 2026-13-45 n = 1234567890123\n");
    FMT("doc \"\"\"a\\\nb\"\"\"\n", "doc \"\"\"a\\\nb\"\"\"\n");
}

/* ---------------------------------------------------------------- properties */

static uint32_t rng_state = 12345;
static uint32_t rnd(uint32_t n)
{
    rng_state = rng_state * 1103515245u + 12345u;
    return (rng_state >> 16) % n;
}

/* Non-whitespace bytes outside strings and comments, plus those inside
 * (strings and comments must survive byte for byte, except CRLF). */
static void squeeze(const char *s, size_t n, Buf *b)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\n' && s[i] != '\t' && s[i] != '\r')
            buf_putc(b, s[i]);
}

/* Remove the generator's line comments from a squeezed text; returns how
 * many there were. */
static int drop_line_comments(Buf *b)
{
    static const char *const marks[] = {"//linec", "#hashc"};
    int count = 0;
    for (size_t m = 0; m < 2; m++) {
        size_t k = strlen(marks[m]);
        for (char *p; b->n && (p = strstr(buf_cstr(b), marks[m]));) {
            memmove(p, p + k, b->n - (size_t)(p - b->s) - k);
            b->n -= k;
            b->s[b->n] = 0;
            count++;
        }
    }
    return count;
}

/* Random token soup from the language's pieces with random whitespace,
 * comments and line breaks: fmt must accept it, be idempotent, and keep
 * every non-blank byte in order. */
static void property_idempotent_and_lossless(void **state)
{
    (void)state;
    static const char *const pieces[] = {
        "profile", "model", "assessment", "import", "dimension", "domain", "practice", "level",
        "consider", "sector", "system", "general", "industry", "because", "evidence", "require",
        "target", "date", "met", "waive", "until", "owner", "tags", "doc", "scope", "extends",
        "not_applicable", "rollup", "version", "alias", "x", "a.b.c", "threat_modeling", "p-q",
        "3", "12", "2026-09-30", "=", ".*", ">=", "<=", "{", "{", "}", "}", ";", ",",
        "\"str\"", "\"a\\\"b\"", "\"\"", "\"\"\"tri\n  ple \"\" \"\"\"", "// line c", "# hash c",
        "/* blk */", "/* multi\n   line */",
    };
    static const char *const spaces[] = {" ", "  ", "\n", "\n\n", "\n\n\n", "\t", "\r\n", " \n  ", ""};
    int refused = 0;
    for (int round = 0; round < (getenv("FMT_ROUNDS") ? atoi(getenv("FMT_ROUNDS")) : 3000); round++) {
        Buf in = {0};
        int n = 1 + (int)rnd(60);
        for (int i = 0; i < n; i++) {
            const char *p = pieces[rnd(sizeof pieces / sizeof pieces[0])];
            buf_puts(&in, p);
            /* a line comment must end its line */
            if (p[0] == '/' && p[1] == '/')
                buf_putc(&in, '\n');
            else if (p[0] == '#')
                buf_putc(&in, '\n');
            else
                buf_puts(&in, spaces[rnd(sizeof spaces / sizeof spaces[0])]);
        }
        Buf once = {0}, twice = {0}, a = {0}, b = {0};
        char err[256];
        if (fmt_source(in.s, in.n, &once, err, sizeof err)) {
            /* glued pieces may not tokenize ("3.*", an unclosed string) */
            refused++;
            buf_free(&in);
            continue;
        }
        if (fmt_source(once.s ? once.s : "", once.n, &twice, err, sizeof err))
            fail_msg("round %d: refused own output: %s", round, err);
        if (once.n != twice.n || (once.n && memcmp(once.s, twice.s, once.n)))
            fail_msg("round %d: not idempotent\n--- in ---\n%s\n--- once ---\n%s\n--- twice ---\n%s",
                     round, buf_cstr(&in), buf_cstr(&once), buf_cstr(&twice));
        squeeze(in.s, in.n, &a);
        squeeze(once.s ? once.s : "", once.n, &b);
        /* a '{' may move before a line comment: compare without them */
        if (drop_line_comments(&a) != drop_line_comments(&b) || a.n != b.n ||
            (a.n && memcmp(a.s, b.s, a.n)))
            fail_msg("round %d: content changed\n--- in ---\n%s\n--- out ---\n%s", round,
                     buf_cstr(&in), buf_cstr(&once));
        /* canonical form: no trailing whitespace, no CR, no tab outside
         * strings, one final newline, no double blank lines */
        const char *o = once.n ? buf_cstr(&once) : "";
        if (once.n) {
            assert_true(o[once.n - 1] == '\n');
            assert_true(once.n < 2 || o[once.n - 2] != '\n');
        }
        assert_null(strstr(o, " \n"));
        assert_null(strstr(o, "\r"));
        assert_null(strstr(o, "\n\n\n"));
        buf_free(&in);
        buf_free(&once);
        buf_free(&twice);
        buf_free(&a);
        buf_free(&b);
    }
    assert_true(refused < 1000); /* most inputs are formatted */
}

/* Deep nesting stays linear-ish: the indentation is capped. */
static void deep_nesting(void **state)
{
    (void)state;
    enum { N = 20000 };
    char *in = xmalloc(2 * N + 1);
    memset(in, '{', N);
    memset(in + N, '}', N);
    in[2 * N] = 0;
    Buf out = {0};
    assert_int_equal(fmt_source(in, 2 * N, &out, NULL, 0), 0);
    assert_true(out.n < (size_t)N * 2 * 140);
    Buf again = {0};
    assert_int_equal(fmt_source(out.s, out.n, &again, NULL, 0), 0);
    assert_int_equal(again.n, out.n);
    assert_memory_equal(again.s, out.s, out.n);
    buf_free(&out);
    buf_free(&again);
    free(in);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(indentation_and_braces),
        cmocka_unit_test(spacing),
        cmocka_unit_test(blank_lines),
        cmocka_unit_test(comments),
        cmocka_unit_test(strings_untouched),
        cmocka_unit_test(crlf_and_bom),
        cmocka_unit_test(continuation_lines),
        cmocka_unit_test(scope_or_block),
        cmocka_unit_test(alignment),
        cmocka_unit_test(spec_examples_are_fixed_points),
        cmocka_unit_test(refusal),
        cmocka_unit_test(lexically_odd_but_tokenizable),
        cmocka_unit_test(property_idempotent_and_lossless),
        cmocka_unit_test(deep_nesting),
        cmocka_unit_test(nul_in_comments),
    };
    return cmocka_run_group_tests_name("fmt", tests, NULL, NULL);
}
