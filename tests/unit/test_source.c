/*
 * test_source.c — source files and the line table (source.c): offsets to
 * line/column (columns count UTF-8 code points), CRLF, BOM removal, and the
 * line text the diagnostics print.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "smmc.h"

static int setup(void **state)
{
    smm_options opt = {0};
    opt.buffer_diagnostics = true;
    opt.color = SMM_COLOR_NEVER;
    opt.stdlib_dir = "/nonexistent";
    *state = smm_new(&opt);
    return *state ? 0 : -1;
}

static int teardown(void **state)
{
    smm_free(*state);
    return 0;
}

/* source_add takes ownership of a heap buffer */
static SourceFile *add(Session *s, const char *path, const char *text, size_t len)
{
    char *copy = xmalloc(len + 1);
    memcpy(copy, text, len);
    copy[len] = 0;
    return source_add(s, path, copy, len);
}
#define ADD(s, lit) add((s), "t.smm", (lit), sizeof(lit) - 1)

#define assert_lc(f, off, l, c)                                   \
    do {                                                          \
        LineCol lc_ = source_linecol((f), (off));                 \
        if (lc_.line != (l) || lc_.column != (c))                 \
            fail_msg("offset %u: got %u:%u, want %u:%u", (unsigned)(off), lc_.line, \
                     lc_.column, (unsigned)(l), (unsigned)(c));   \
    } while (0)

static void linecol_basic(void **state)
{
    SourceFile *f = ADD(*state, "ab\ncd\n");
    assert_int_equal(f->len, 6);
    assert_lc(f, 0, 1, 1);
    assert_lc(f, 1, 1, 2);
    assert_lc(f, 2, 1, 3); /* the newline belongs to line 1 */
    assert_lc(f, 3, 2, 1);
    assert_lc(f, 4, 2, 2);
    assert_lc(f, 5, 2, 3);
    assert_lc(f, 6, 3, 1); /* EOF after a final newline: an empty line 3 */
    assert_lc(f, 7, 3, 1); /* beyond EOF clamps to EOF */
    assert_lc(f, UINT32_MAX, 3, 1);
    assert_int_equal(f->nlines, 3);
}

static void linecol_no_final_newline(void **state)
{
    SourceFile *f = ADD(*state, "first\nsecond\nlast");
    assert_lc(f, 0, 1, 1);
    assert_lc(f, 13, 3, 1);
    assert_lc(f, 16, 3, 4);
    assert_lc(f, 17, 3, 5); /* EOF */
    size_t len;
    const char *l = source_line(f, 3, &len);
    assert_int_equal(len, 4);
    assert_memory_equal(l, "last", 4);
    l = source_line(f, 1, &len);
    assert_int_equal(len, 5);
    assert_memory_equal(l, "first", 5);
}

static void linecol_many_lines(void **state)
{
    /* binary search over many lines, blank ones included */
    Buf b = {0};
    for (int i = 0; i < 5000; i++)
        buf_printf(&b, i % 5 == 0 ? "\n" : "line %d\n", i);
    SourceFile *f = add(*state, "big.smm", b.s, b.n);
    uint32_t off = 0;
    for (int i = 0; i < 5000; i++) {
        assert_lc(f, off, (uint32_t)i + 1, 1);
        size_t len;
        const char *l = source_line(f, (uint32_t)i + 1, &len);
        assert_ptr_equal(l, f->text + off);
        if (i % 5 == 0) {
            assert_int_equal(len, 0);
        } else {
            char want[32];
            snprintf(want, sizeof want, "line %d", i);
            assert_int_equal(len, strlen(want));
            assert_memory_equal(l, want, len);
            assert_lc(f, off + (uint32_t)len, (uint32_t)i + 1, (uint32_t)len + 1);
        }
        off += (uint32_t)len + 1;
    }
    assert_lc(f, off, 5001, 1);
    buf_free(&b);
}

static void linecol_empty_file(void **state)
{
    SourceFile *f = add(*state, "e.smm", "", 0);
    assert_lc(f, 0, 1, 1);
    assert_lc(f, 5, 1, 1);
    size_t len = 99;
    (void)source_line(f, 1, &len);
    assert_int_equal(len, 0);
    len = 99;
    assert_string_equal(source_line(f, 2, &len), "");
    assert_int_equal(len, 0);
}

static void crlf(void **state)
{
    SourceFile *f = ADD(*state, "a = 1\r\nbb\r\n\r\nc");
    assert_lc(f, 0, 1, 1);
    assert_lc(f, 5, 1, 6); /* the CR is a column of line 1 */
    assert_lc(f, 6, 1, 7); /* the LF too */
    assert_lc(f, 7, 2, 1);
    assert_lc(f, 8, 2, 2);
    assert_lc(f, 11, 3, 1);
    assert_lc(f, 13, 4, 1);
    size_t len;
    const char *l = source_line(f, 1, &len);
    assert_int_equal(len, 5); /* CR trimmed */
    assert_memory_equal(l, "a = 1", 5);
    l = source_line(f, 2, &len);
    assert_int_equal(len, 2);
    assert_memory_equal(l, "bb", 2);
    (void)source_line(f, 3, &len);
    assert_int_equal(len, 0); /* "\r\n" alone is an empty line */
    l = source_line(f, 4, &len);
    assert_int_equal(len, 1);
    assert_int_equal(l[0], 'c');
}

static void lone_cr_is_not_a_newline(void **state)
{
    SourceFile *f = ADD(*state, "a\rb\n");
    assert_lc(f, 2, 1, 3);
    size_t len;
    const char *l = source_line(f, 1, &len);
    assert_int_equal(len, 3);
    assert_memory_equal(l, "a\rb", 3);
    /* a CR at the very end of a file without LF is trimmed like CRLF's */
    SourceFile *g = ADD(*state, "xy\r");
    (void)source_line(g, 1, &len);
    assert_int_equal(len, 2);
}

static void utf8_columns(void **state)
{
    /* é is 2 bytes, 日 and 本 3 bytes each, 😀 4 bytes */
    SourceFile *f = ADD(*state, "é=1\n\"日本\" x\n😀y\n");
    assert_lc(f, 0, 1, 1);
    assert_lc(f, 2, 1, 2); /* '=' after a 2-byte é */
    assert_lc(f, 3, 1, 3);
    /* line 2 starts at byte 5 */
    assert_lc(f, 5, 2, 1);
    assert_lc(f, 6, 2, 2);  /* 日 */
    assert_lc(f, 9, 2, 3);  /* 本 */
    assert_lc(f, 12, 2, 4); /* closing quote */
    assert_lc(f, 14, 2, 6); /* x */
    /* line 3 starts at byte 16 */
    assert_lc(f, 16, 3, 1);
    assert_lc(f, 20, 3, 2); /* y after a 4-byte emoji */
    /* an offset inside a multibyte sequence counts the sequence once */
    assert_lc(f, 7, 2, 3);
}

static void bom_removed(void **state)
{
    Session *s = *state;
    SourceFile *f = ADD(s, "\xEF\xBB\xBFmodel m\nx");
    assert_int_equal(f->bom, 3);
    assert_int_equal(f->len, 9);
    assert_memory_equal(f->text, "model m\nx", 10); /* NUL-terminated */
    assert_lc(f, 0, 1, 1);
    assert_lc(f, 6, 1, 7);
    assert_lc(f, 8, 2, 1);

    /* only a leading BOM is removed */
    SourceFile *g = ADD(s, "a\xEF\xBB\xBF");
    assert_int_equal(g->bom, 0);
    assert_int_equal(g->len, 4);
    /* a BOM alone leaves an empty file */
    SourceFile *h = ADD(s, "\xEF\xBB\xBF");
    assert_int_equal(h->bom, 3);
    assert_int_equal(h->len, 0);
    assert_string_equal(h->text, "");
    /* a truncated BOM is left alone */
    SourceFile *k = ADD(s, "\xEF\xBB");
    assert_int_equal(k->bom, 0);
    assert_int_equal(k->len, 2);
}

static void ids_and_display(void **state)
{
    Session *s = *state;
    SourceFile *a = add(s, "./dir/a.smm", "x", 1);
    SourceFile *b = add(s, "b.smm", "y", 1);
    assert_int_equal(a->id, 1);
    assert_int_equal(b->id, 2);
    assert_ptr_equal(source_get(s, 1), a);
    assert_ptr_equal(source_get(s, 2), b);
    assert_null(source_get(s, 0));
    assert_null(source_get(s, 3));
    assert_string_equal(a->path, "./dir/a.smm");
    assert_string_equal(a->display, "dir/a.smm"); /* leading ./ dropped */
    assert_string_equal(b->display, "b.smm");
}

static void loc_join_rules(void **state)
{
    (void)state;
    Loc a = {1, 10, 20}, b = {1, 5, 12}, c = {1, 30, 40}, other = {2, 0, 100};
    Loc j = loc_join(a, b);
    assert_int_equal(j.file, 1);
    assert_int_equal(j.start, 5);
    assert_int_equal(j.end, 20);
    j = loc_join(a, c);
    assert_int_equal(j.start, 10);
    assert_int_equal(j.end, 40);
    j = loc_join(LOC_NONE, c);
    assert_int_equal(j.start, 30);
    j = loc_join(a, LOC_NONE);
    assert_int_equal(j.start, 10);
    assert_int_equal(j.end, 20);
    j = loc_join(a, other); /* different files: keep the first */
    assert_int_equal(j.file, 1);
    assert_int_equal(j.end, 20);
}

static void read_file_roundtrip(void **state)
{
    (void)state;
    char path[] = "/tmp/smm_test_sourceXXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    /* bigger than read_file's first 64 KiB buffer, with NUL bytes */
    size_t n = 200 * 1024 + 3;
    char *data = malloc(n);
    for (size_t i = 0; i < n; i++)
        data[i] = (char)(i * 7 % 251);
    assert_int_equal(write(fd, data, n), (ssize_t)n);
    close(fd);
    size_t len = 0;
    char *got = read_file(path, &len);
    assert_non_null(got);
    assert_int_equal(len, n);
    assert_memory_equal(got, data, n);
    assert_int_equal(got[n], 0);
    free(got);
    unlink(path);
    free(data);

    errno = 0;
    assert_null(read_file("/nonexistent/dir/x.smm", &len));
    assert_int_equal(errno, ENOENT);
}

/* The line table as the user sees it: a diagnostic rendered after UTF-8
 * text and CRLF line ends points at the right column. */
static void diagnostic_position(void **state)
{
    Session *s = *state;
    static const char src[] = "// é 日本\r\nmodel m {\r\n  dimension d \"ü\" @ \r\n}\r\n";
    smm_add_buffer(s, "pos.smm", src, sizeof src - 1);
    const Diag *d = s->diags;
    assert_non_null(d);
    assert_int_equal(d->id, D_INVALID_CHAR);
    Buf b = {0};
    diag_render_text(s, d, &b, false);
    /* "  dimension d "ü" @": the '@' is code point 19 of line 3 */
    const char *want = "pos.smm:3:19: error: invalid character '@' [invalid-character]\n"
                       "    3 |   dimension d \"ü\" @ \n"
                       "      |                   ^\n";
    assert_string_equal(buf_cstr(&b), want);
    buf_free(&b);
}

/* A block still open at the end of the file is reported right after the
 * last token (where the '}' is missing), past the end of its line: the
 * caret goes one column after the text. */
static void diagnostic_at_eof(void **state)
{
    Session *s = *state;
    static const char src[] = "model m {\n\n";
    smm_add_buffer(s, "eof.smm", src, sizeof src - 1);
    const Diag *d = s->diags;
    assert_non_null(d);
    assert_int_equal(d->id, D_SYNTAX);
    Buf b = {0};
    diag_render_text(s, d, &b, false);
    const char *want = "eof.smm:1:10: error: expected '}' at end of file (to close '{' at line 1) [syntax-error]\n"
                       "    1 | model m {\n"
                       "      |          ^\n"
                       "eof.smm:1:9: note: block opened here\n";
    assert_string_equal(buf_cstr(&b), want);
    buf_free(&b);
}

/* Lines longer than 512 bytes are cut with " ..."; a caret beyond the cut
 * is left out rather than drawn past the shown text. */
static void diagnostic_long_line(void **state)
{
    Session *s = *state;
    Buf src = {0};
    buf_puts(&src, "model m {");
    for (int i = 0; i < 100; i++)
        buf_puts(&src, " ;;;;;;;;;"); /* 1000 bytes of empty statements */
    buf_puts(&src, " @ }\n");
    smm_add_buffer(s, "long.smm", src.s, src.n);
    const Diag *d = s->diags;
    assert_non_null(d);
    assert_int_equal(d->id, D_INVALID_CHAR);
    Buf b = {0};
    diag_render_text(s, d, &b, false);
    const char *out = buf_cstr(&b);
    assert_true(strncmp(out, "long.smm:1:1011: error: invalid character '@'", 45) == 0);
    const char *l2 = strchr(out, '\n') + 1;
    const char *l3 = strchr(l2, '\n') + 1;
    assert_int_equal(l3 - l2, 8 + 512 + 4 + 1); /* "    1 | " + 512 bytes + " ..." + "\n" */
    assert_memory_equal(l3 - 5, " ...\n", 5);
    assert_string_equal(l3, "      | \n");
    buf_free(&b);
    buf_free(&src);
}

/* Colour mode wraps the same text in ANSI sequences. */
static void diagnostic_color(void **state)
{
    Session *s = *state;
    smm_add_buffer(s, "c.smm", "$", 1);
    Buf b = {0};
    diag_render_text(s, s->diags, &b, true);
    const char *out = buf_cstr(&b);
    assert_non_null(strstr(out, "\033[1;31merror:\033[0m"));
    assert_non_null(strstr(out, "\033[1;32m^\033[0m"));
    buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(linecol_basic, setup, teardown),
        cmocka_unit_test_setup_teardown(linecol_no_final_newline, setup, teardown),
        cmocka_unit_test_setup_teardown(linecol_many_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(linecol_empty_file, setup, teardown),
        cmocka_unit_test_setup_teardown(crlf, setup, teardown),
        cmocka_unit_test_setup_teardown(lone_cr_is_not_a_newline, setup, teardown),
        cmocka_unit_test_setup_teardown(utf8_columns, setup, teardown),
        cmocka_unit_test_setup_teardown(bom_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(ids_and_display, setup, teardown),
        cmocka_unit_test(loc_join_rules),
        cmocka_unit_test(read_file_roundtrip),
        cmocka_unit_test_setup_teardown(diagnostic_position, setup, teardown),
        cmocka_unit_test_setup_teardown(diagnostic_at_eof, setup, teardown),
        cmocka_unit_test_setup_teardown(diagnostic_long_line, setup, teardown),
        cmocka_unit_test_setup_teardown(diagnostic_color, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
