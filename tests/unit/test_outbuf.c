/*
 * test_outbuf.c — the IR writers' output buffer (outbuf.c): pieces larger
 * and smaller than the 64 KiB block reach the FILE in order, a buffer in
 * memory grows and hands its bytes over NUL-terminated, numbers print as
 * printf prints them, and a failed write is reported at the end.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outbuf.h"

/* The bytes written through o: 100 000 short pieces, a piece larger than
 * a block, numbers, more short pieces. */
static void write_pattern(OutBuf *o, char *big, size_t nbig)
{
    for (int i = 0; i < 100000; i++)
        OUT_LIT(o, "ab,");
    memset(big, 'x', nbig);
    outbuf_put(o, big, nbig);
    static const long long nums[] = {0, 7, -1, 42, 1000000, LLONG_MAX, LLONG_MIN + 1};
    for (size_t i = 0; i < sizeof nums / sizeof nums[0]; i++) {
        outbuf_int(o, nums[i]);
        OUT_LIT(o, " ");
    }
    OUT_LIT(o, "end");
}

static char *expected(size_t nbig, size_t *len)
{
    char *e = NULL;
    FILE *f = open_memstream(&e, len);
    for (int i = 0; i < 100000; i++)
        fputs("ab,", f);
    for (size_t i = 0; i < nbig; i++)
        fputc('x', f);
    fprintf(f, "0 7 -1 42 1000000 %lld %lld end", LLONG_MAX, LLONG_MIN + 1);
    fclose(f);
    return e;
}

static void to_file_in_order(void **state)
{
    (void)state;
    size_t nbig = 3 * OUTBUF_CAP + 17, got_len, want_len;
    char *big = malloc(nbig), *got = NULL;
    FILE *f = open_memstream(&got, &got_len);
    OutBuf o;
    outbuf_init(&o, f);
    write_pattern(&o, big, nbig);
    assert_int_equal(outbuf_finish(&o), 0);
    fclose(f);
    char *want = expected(nbig, &want_len);
    assert_int_equal(got_len, want_len);
    assert_memory_equal(got, want, want_len);
    free(big);
    free(got);
    free(want);
}

static void in_memory_grows(void **state)
{
    (void)state;
    size_t nbig = OUTBUF_CAP + 5, len, want_len;
    char *big = malloc(nbig);
    OutBuf file, o;
    outbuf_init(&file, stdout); /* only lends its line/column cache */
    outbuf_init_mem(&o, &file);
    write_pattern(&o, big, nbig);
    char *got = outbuf_take(&o, &len);
    char *want = expected(nbig, &want_len);
    assert_int_equal(len, want_len);
    assert_memory_equal(got, want, want_len);
    assert_int_equal(got[len], 0);
    assert_int_equal(o.rc, 0);
    free(got);
    free(want);
    free(big);
    assert_int_equal(outbuf_finish(&file), 0);
}

static void write_error_reported(void **state)
{
    (void)state;
    FILE *f = fopen("/dev/full", "w");
    if (!f)
        skip();
    setvbuf(f, NULL, _IONBF, 0);
    OutBuf o;
    outbuf_init(&o, f);
    for (int i = 0; i < 3 * OUTBUF_CAP; i++)
        OUT_LIT(&o, "z");
    assert_int_equal(outbuf_finish(&o), -1);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(to_file_in_order),
        cmocka_unit_test(in_memory_grows),
        cmocka_unit_test(write_error_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
