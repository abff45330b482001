/*
 * test_intern.c — the symbol table (intern.c): string interning and the
 * pointer-keyed PtrMap every phase uses for lookups.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <pthread.h>
#include <string.h>

#include "smmc.h"

typedef struct {
    Arena *arena;
    Interner *in;
} Fixture;

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    f->arena = arena_new();
    f->in = intern_new(f->arena);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    intern_free(f->in);
    arena_free(f->arena);
    free(f);
    return 0;
}

/* ---------------------------------------------------------------- intern */

static void intern_identity(void **state)
{
    Fixture *f = *state;
    char buf1[] = "governance";
    char buf2[] = "governance";
    const char *a = intern_cstr(f->in, buf1);
    const char *b = intern_cstr(f->in, buf2);
    assert_ptr_equal(a, b);
    assert_ptr_not_equal(a, buf1); /* a copy, owned by the arena */
    assert_string_equal(a, "governance");
    /* the copy survives changes to the caller's buffer */
    buf1[0] = 'X';
    assert_string_equal(a, "governance");
    assert_ptr_equal(intern_cstr(f->in, "governance"), a);

    const char *c = intern_cstr(f->in, "Governance"); /* case matters */
    assert_ptr_not_equal(a, c);
    const char *d = intern_cstr(f->in, "governanc");
    assert_ptr_not_equal(a, d);
    assert_string_equal(d, "governanc");
}

static void intern_by_length(void **state)
{
    Fixture *f = *state;
    /* intern(s, n) looks at exactly n bytes */
    const char *a = intern(f->in, "threat_modeling.extra", 15);
    assert_string_equal(a, "threat_modeling");
    assert_ptr_equal(a, intern_cstr(f->in, "threat_modeling"));
    assert_int_equal(a[15], 0);

    const char *e1 = intern(f->in, "xyz", 0);
    const char *e2 = intern_cstr(f->in, "");
    assert_ptr_equal(e1, e2);
    assert_string_equal(e1, "");

    /* embedded NUL: distinct from its prefix */
    const char *n1 = intern(f->in, "a\0b", 3);
    const char *n2 = intern(f->in, "a", 1);
    assert_ptr_not_equal(n1, n2);
    assert_ptr_equal(n1, intern(f->in, "a\0b", 3));
    assert_memory_equal(n1, "a\0b", 4);
}

static void intern_many_grow(void **state)
{
    Fixture *f = *state;
    enum { N = 20000 }; /* far beyond the initial 1024 slots */
    const char **seen = calloc(N, sizeof *seen);
    char name[32];
    for (int i = 0; i < N; i++) {
        snprintf(name, sizeof name, "p%d.x", i);
        seen[i] = intern_cstr(f->in, name);
        assert_string_equal(seen[i], name);
    }
    /* all distinct */
    for (int i = 1; i < N; i++)
        assert_ptr_not_equal(seen[i], seen[i - 1]);
    /* after every growth, the same pointers come back */
    for (int i = N; i-- > 0;) {
        snprintf(name, sizeof name, "p%d.x", i);
        const char *again = intern(f->in, name, strlen(name));
        if (again != seen[i])
            fail_msg("'%s' interned to a new pointer after growth", name);
    }
    free(seen);
}

static void intern_two_tables_independent(void **state)
{
    Fixture *f = *state;
    Interner *other = intern_new(f->arena);
    const char *a = intern_cstr(f->in, "model");
    const char *b = intern_cstr(other, "model");
    assert_ptr_not_equal(a, b); /* tables do not share entries */
    assert_ptr_equal(intern_cstr(other, "model"), b);
    intern_free(other);
    intern_free(NULL);
}

/* ---------------------------------------------------------------- PtrMap */

static void ptrmap_empty(void **state)
{
    (void)state;
    PtrMap m = {0};
    int k = 0;
    assert_null(ptrmap_get(&m, &k));
    ptrmap_free(&m);
    assert_int_equal(m.cap, 0);
}

static void ptrmap_put_get_overwrite(void **state)
{
    (void)state;
    PtrMap m = {0};
    int k1 = 0, k2 = 0, v1 = 0, v2 = 0, v3 = 0;
    assert_null(ptrmap_put(&m, &k1, &v1));
    assert_null(ptrmap_put(&m, &k2, &v2));
    assert_int_equal(m.n, 2);
    assert_ptr_equal(ptrmap_get(&m, &k1), &v1);
    assert_ptr_equal(ptrmap_get(&m, &k2), &v2);

    /* overwrite returns the previous value and keeps the count */
    assert_ptr_equal(ptrmap_put(&m, &k1, &v3), &v1);
    assert_int_equal(m.n, 2);
    assert_ptr_equal(ptrmap_get(&m, &k1), &v3);
    assert_ptr_equal(ptrmap_put(&m, &k1, NULL), &v3);
    assert_null(ptrmap_get(&m, &k1));
    assert_ptr_equal(ptrmap_get(&m, &k2), &v2);

    /* a key equal in content but not in address is a different key */
    int k3 = 0;
    assert_null(ptrmap_get(&m, &k3));
    ptrmap_free(&m);
    assert_null(m.keys);
    assert_null(m.vals);
    assert_int_equal(m.n, 0);
}

static void ptrmap_grow_many(void **state)
{
    (void)state;
    enum { N = 50000 };
    PtrMap m = {0};
    char *keys = malloc(N);
    for (size_t i = 0; i < N; i++) {
        assert_null(ptrmap_put(&m, keys + i, (void *)(uintptr_t)(i * 3 + 1)));
        assert_int_equal(m.n, i + 1);
        assert_true(m.n * 2 <= m.cap); /* at most half full */
        assert_int_equal(m.cap & (m.cap - 1), 0); /* power of two */
    }
    for (size_t i = 0; i < N; i++)
        if (ptrmap_get(&m, keys + i) != (void *)(uintptr_t)(i * 3 + 1))
            fail_msg("key %zu lost after growth", i);
    /* addresses around the stored ones are absent */
    assert_null(ptrmap_get(&m, keys + N));
    assert_null(ptrmap_get(&m, keys - 1));
    /* overwrite everything after growth */
    for (size_t i = 0; i < N; i += 7)
        assert_ptr_equal(ptrmap_put(&m, keys + i, NULL), (void *)(uintptr_t)(i * 3 + 1));
    assert_int_equal(m.n, N);
    for (size_t i = 0; i < N; i++)
        assert_ptr_equal(ptrmap_get(&m, keys + i), i % 7 ? (void *)(uintptr_t)(i * 3 + 1) : NULL);
    ptrmap_free(&m);
    free(keys);
}

static void ptrmap_small_integer_keys(void **state)
{
    (void)state;
    /* resolve.c keys maps with node + 1 cast to a pointer */
    PtrMap m = {0};
    for (intptr_t i = 1; i <= 5000; i++)
        ptrmap_put(&m, (void *)i, (void *)(i * 2));
    for (intptr_t i = 1; i <= 5000; i++)
        assert_int_equal((intptr_t)ptrmap_get(&m, (void *)i), i * 2);
    assert_null(ptrmap_get(&m, (void *)(intptr_t)5001));
    ptrmap_free(&m);
}

static void ptrmap_interned_keys(void **state)
{
    Fixture *f = *state;
    /* interned names as keys: lookup by a separately built equal string works
     * because interning returns the same pointer */
    PtrMap m = {0};
    int v = 0;
    ptrmap_put(&m, intern_cstr(f->in, "healthcare.medical_device"), &v);
    char buf[64];
    snprintf(buf, sizeof buf, "%s.%s", "healthcare", "medical_device");
    assert_ptr_equal(ptrmap_get(&m, intern_cstr(f->in, buf)), &v);
    assert_null(ptrmap_get(&m, buf)); /* the raw buffer is not the key */
    ptrmap_free(&m);
}

/* Shared between threads, the interner still gives one pointer per
 * string: four threads intern overlapping sets of names at once. */
typedef struct {
    Interner *in;
    int first;
    const char *got[2000];
} InternJob;

static void *intern_thread(void *arg)
{
    InternJob *j = arg;
    char buf[32];
    for (int i = 0; i < 2000; i++) {
        snprintf(buf, sizeof buf, "name%d", (j->first + i) % 3000);
        j->got[i] = intern_cstr(j->in, buf);
    }
    return NULL;
}

static void intern_shared_threads(void **state)
{
    Fixture *f = *state;
    intern_share(f->in, true);
    InternJob jobs[4];
    pthread_t t[4];
    for (int k = 0; k < 4; k++) {
        jobs[k].in = f->in;
        jobs[k].first = k * 500;
        assert_int_equal(pthread_create(&t[k], NULL, intern_thread, &jobs[k]), 0);
    }
    for (int k = 0; k < 4; k++)
        pthread_join(t[k], NULL);
    intern_share(f->in, false);
    char buf[32];
    for (int k = 0; k < 4; k++)
        for (int i = 0; i < 2000; i++) {
            snprintf(buf, sizeof buf, "name%d", (jobs[k].first + i) % 3000);
            assert_ptr_equal(jobs[k].got[i], intern_cstr(f->in, buf));
            assert_string_equal(jobs[k].got[i], buf);
        }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(intern_identity, setup, teardown),
        cmocka_unit_test_setup_teardown(intern_by_length, setup, teardown),
        cmocka_unit_test_setup_teardown(intern_many_grow, setup, teardown),
        cmocka_unit_test_setup_teardown(intern_two_tables_independent, setup, teardown),
        cmocka_unit_test_setup_teardown(intern_shared_threads, setup, teardown),
        cmocka_unit_test(ptrmap_empty),
        cmocka_unit_test(ptrmap_put_get_overwrite),
        cmocka_unit_test(ptrmap_grow_many),
        cmocka_unit_test(ptrmap_small_integer_keys),
        cmocka_unit_test_setup_teardown(ptrmap_interned_keys, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
