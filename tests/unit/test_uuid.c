/*
 * test_uuid.c — SHA-1 and UUID version 5 (uuid.c) against published
 * vectors: FIPS 180-2 appendix A (and the empty message), and name-based
 * UUIDs as RFC 4122 defines them (the values Python's uuid.uuid5 gives),
 * and oscal_uuid, which the OSCAL writers name every object with.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "oscal.h"

static void hex(const unsigned char *md, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++)
        sprintf(out + 2 * i, "%02x", md[i]);
}

static void check_sha1(const char *msg, size_t len, const char *want)
{
    unsigned char md[20];
    char got[41];
    sha1(msg, len, md);
    hex(md, 20, got);
    assert_string_equal(got, want);
}

static void sha1_vectors(void **state)
{
    (void)state;
    check_sha1("", 0, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    check_sha1("abc", 3, "a9993e364706816aba3e25717850c26c9cd0d89d");
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"; /* 448 bits */
    check_sha1(two, strlen(two), "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    check_sha1("The quick brown fox jumps over the lazy dog", 43, "2fd4e1c67a2d28fced849ee1bb76e7391b93eb12");
}

static void sha1_million(void **state)
{
    (void)state;
    size_t n = 1000000;
    char *a = malloc(n);
    memset(a, 'a', n);
    check_sha1(a, n, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    free(a);
}

/* Every length around the 55/56/64-byte padding boundaries hashes like the
 * same bytes fed as one message of a different split (the UUID code hashes
 * a namespace and a name as two pieces). */
static void sha1_padding_boundaries(void **state)
{
    (void)state;
    /* sha1 of 'a' * n, n = 55, 56, 63, 64, 65: computed by Python hashlib */
    static const struct { size_t n; const char *md; } v[] = {
        {55, "c1c8bbdc22796e28c0e15163d20899b65621d65a"},
        {56, "c2db330f6083854c99d4b5bfb6e8f29f201be699"},
        {63, "03f09f5b158a7a8cdad920bddc29b81c18a551f5"},
        {64, "0098ba824b5c16427bd7a1122a5a442a25ec644d"},
        {65, "11655326c708d70319be2610e8a57d9a5b959d3b"},
    };
    char a[80];
    memset(a, 'a', sizeof a);
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        check_sha1(a, v[i].n, v[i].md);
}

static void uuid5_vectors(void **state)
{
    (void)state;
    unsigned char dns[16], url[16], u[16];
    char s[37];
    assert_true(uuid_parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8", dns)); /* RFC 4122 NameSpace_DNS */
    assert_true(uuid_parse("6ba7b811-9dad-11d1-80b4-00c04fd430c8", url)); /* NameSpace_URL */
    uuid_v5(dns, "python.org", 10, u);
    uuid_format(u, s);
    assert_string_equal(s, "886313e1-3b8a-5372-9b90-0c9aee199e5d");
    uuid_v5(url, "http://www.example.org/", 23, u);
    uuid_format(u, s);
    assert_string_equal(s, "d832f77b-25c1-529a-83f4-09e632486128");
    uuid_v5(url, "urn:smmc:oscal", 14, u); /* smmc's own OSCAL namespace (oscal.c) */
    uuid_format(u, s);
    assert_string_equal(s, "581a64cc-4bc7-5508-a10f-74cfd6131bca");
    assert_int_equal(s[14], '5'); /* version */
    assert_true(strchr("89ab", s[19]) != NULL); /* variant */
}

static void uuid_parse_rejects(void **state)
{
    (void)state;
    unsigned char u[16];
    assert_false(uuid_parse("", u));
    assert_false(uuid_parse("6ba7b810-9dad-11d1-80b4-00c04fd430c", u));
    assert_false(uuid_parse("6ba7b810-9dad-11d1-80b4-00c04fd430c8a", u));
    assert_false(uuid_parse("6ba7b810x9dad-11d1-80b4-00c04fd430c8", u));
    assert_false(uuid_parse("6ba7b810-9dad-11d1-80b4-00c04fd430cg", u));
    assert_true(uuid_parse("6BA7B810-9DAD-11D1-80B4-00C04FD430C8", u));
    char s[37];
    uuid_format(u, s);
    assert_string_equal(s, "6ba7b810-9dad-11d1-80b4-00c04fd430c8");
}

/* oscal_uuid: the version 5 UUID of the formatted name in smmc's
 * namespace, for short names and for names longer than its stack buffer. */
static void oscal_uuid_names(void **state)
{
    (void)state;
    smm_options opt;
    memset(&opt, 0, sizeof opt);
    opt.stdlib_dir = "/nonexistent";
    smm_session *s = smm_new(&opt);
    unsigned char ns[16], u[16];
    char want[37];
    assert_true(uuid_parse("581a64cc-4bc7-5508-a10f-74cfd6131bca", ns));
    uuid_v5(ns, "result/acme.q3", 14, u);
    uuid_format(u, want);
    assert_string_equal(oscal_uuid(s, "result/%s", "acme.q3"), want);
    char name[1001];
    memset(name, 'x', 1000);
    name[1000] = 0;
    uuid_v5(ns, name, 1000, u);
    uuid_format(u, want);
    assert_string_equal(oscal_uuid(s, "%s", name), want);
    assert_string_not_equal(oscal_uuid(s, "%s", name), oscal_uuid(s, "%sy", name));
    smm_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(sha1_vectors),
        cmocka_unit_test(sha1_million),
        cmocka_unit_test(sha1_padding_boundaries),
        cmocka_unit_test(uuid5_vectors),
        cmocka_unit_test(uuid_parse_rejects),
        cmocka_unit_test(oscal_uuid_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
