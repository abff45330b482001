/*
 * test_lexicon.c — the keyword table (compiler/keywords.def) and the UTF-8
 * decoder shared by the scanner and the formatter (lexicon.c): the table is
 * sorted and unique (keyword_find() searches it), finds every keyword and
 * nothing else, agrees with the scanner's tokens and with the `ident` rule
 * of grammar/parser.y; utf8_seq() accepts exactly the valid sequences.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lexicon.h"

static void table_sorted_and_unique(void **state)
{
    (void)state;
    for (int i = 1; i < KWI_COUNT; i++)
        if (strcmp(smm_keywords[i - 1].text, smm_keywords[i].text) >= 0)
            fail_msg("keywords.def: '%s' must come after '%s'", smm_keywords[i - 1].text,
                     smm_keywords[i].text);
    for (int i = 0; i < KWI_COUNT; i++) {
        const Keyword *k = &smm_keywords[i];
        assert_int_equal(k->len, strlen(k->text));
        assert_true(k->name == KN_RESERVED || k->name == KN_IDENT || k->name == KN_CONTEXT);
        /* a keyword that is only ever a name cannot shape a statement */
        if (k->name == KN_CONTEXT)
            assert_int_equal(k->fmt, KF_NONE);
    }
}

static void find_every_keyword(void **state)
{
    (void)state;
    for (int i = 0; i < KWI_COUNT; i++)
        assert_int_equal(keyword_find(smm_keywords[i].text, smm_keywords[i].len), i);
    assert_int_equal(keyword_find("profile", 7), KWI_PROFILE);
    assert_int_equal(keyword_find("not_applicable", 14), KWI_NOT_APPLICABLE);
    assert_int_equal(keyword_find("set_by", 6), KWI_SET_BY);
    /* prefixes, extensions, case, qualified names, empty */
    const char *names[] = {"", "a", "al", "alia", "aliases", "Profile", "PROFILE", "profiles",
                           "profile.x", "x", "zzz", "governance", "threat_modeling", "test-x",
                           "not_applicable_", "waives", "_alias"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (keyword_find(names[i], strlen(names[i])) != -1)
            fail_msg("'%s' found as a keyword", names[i]);
    /* the length bounds, not a NUL, end the word */
    assert_int_equal(keyword_find("models", 5), KWI_MODEL);
}

/* The scanner returns a keyword token exactly for the words that are not
 * KN_CONTEXT; the `ident` rule lists exactly the KN_IDENT words.  Both read
 * from the grammar source, so a keyword added to parser.y without the table
 * (or the reverse) fails here. */
static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    static char buf[1 << 17];
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = 0;
    return buf;
}

static void grammar_agrees(void **state)
{
    (void)state;
    const char *src = getenv("SMM_SRCDIR");
    char path[4096];
    snprintf(path, sizeof path, "%s/grammar/parser.y", src ? src : ".");
    char *y = slurp(path);
    if (!y)
        skip();
    /* every keyword has its %token with the alias 'spelling' */
    for (int i = 0; i < KWI_COUNT; i++) {
        char want[64];
        snprintf(want, sizeof want, "\"'%s'\"", smm_keywords[i].text);
        if (!strstr(y, want))
            fail_msg("parser.y declares no token \"'%s'\"", smm_keywords[i].text);
    }
    /* the ident rule: from "\nident\n" to the next "\n    ;" */
    char *r = strstr(y, "\nident\n");
    assert_non_null(r);
    char *end = strstr(r, "\n    ;");
    assert_non_null(end);
    *end = 0;
    int listed = 0;
    for (char *p = strstr(r, "KW_"); p; p = strstr(p + 1, "KW_")) {
        char word[32] = {0};
        size_t n = strspn(p + 3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ_");
        if (n == 0 || n >= sizeof word)
            continue;
        for (size_t k = 0; k < n; k++)
            word[k] = (char)(p[3 + k] - 'A' + 'a');
        int kw = keyword_find(word, n);
        if (kw < 0 || smm_keywords[kw].name != KN_IDENT)
            fail_msg("rule ident lists KW_%.*s, which keywords.def does not mark KN_IDENT", (int)n, p + 3);
        listed++;
    }
    int want = 0;
    for (int i = 0; i < KWI_COUNT; i++)
        want += smm_keywords[i].name == KN_IDENT;
    assert_int_equal(listed, want);
}

static void utf8(void **state)
{
    (void)state;
    const struct {
        const char *s;
        size_t n, want;
    } cases[] = {
        {"a", 1, 1},
        {"\xC3\xA9", 2, 2},             /* é */
        {"\xE2\x82\xAC", 3, 3},         /* € */
        {"\xF0\x9F\x98\x80", 4, 4},     /* U+1F600 */
        {"\xF4\x8F\xBF\xBF", 4, 4},     /* U+10FFFF */
        {"\xC3", 1, 0},                 /* truncated */
        {"\xE2\x82", 2, 0},
        {"\xC0\xAF", 2, 0},             /* overlong '/' */
        {"\xE0\x80\xAF", 3, 0},
        {"\xF0\x80\x80\xAF", 4, 0},
        {"\xED\xA0\x80", 3, 0},         /* surrogate U+D800 */
        {"\xF4\x90\x80\x80", 4, 0},     /* U+110000 */
        {"\x80", 1, 0},                 /* lone continuation byte */
        {"\xFF", 1, 0},
        {"\xC3\x28", 2, 0},             /* bad continuation */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        if (utf8_seq((const unsigned char *)cases[i].s, cases[i].n) != cases[i].want)
            fail_msg("case %zu: utf8_seq is %zu, want %zu", i,
                     utf8_seq((const unsigned char *)cases[i].s, cases[i].n), cases[i].want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(table_sorted_and_unique),
        cmocka_unit_test(find_every_keyword),
        cmocka_unit_test(grammar_agrees),
        cmocka_unit_test(utf8),
    };
    return cmocka_run_group_tests_name("lexicon", tests, NULL, NULL);
}
