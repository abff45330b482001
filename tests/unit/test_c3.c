/*
 * test_c3.c — C3 linearization of profile inheritance (linearize.c),
 * through the library: small programs are compiled from memory and the
 * resulting Profile.mro is compared with the order Python's C3 gives.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "smmc.h"
#include "util.h"

#define MODEL "model m { dimension d { domain o { practice p } } }\n"

/* "z k1 k2 ..." */
static const char *mro_string(const Profile *p, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = 0;
    for (int i = 0; i < p->nmro && n < cap; i++)
        n += (size_t)snprintf(buf + n, cap - n, "%s%s", i ? " " : "", p->mro[i]->name);
    return buf;
}

#define assert_mro(s, name, want)                                  \
    do {                                                           \
        char b_[512];                                              \
        assert_string_equal(mro_string(profile((s), (name)), b_, sizeof b_), (want)); \
    } while (0)

/* ---------------------------------------------------------------- orders */

static void single_root(void **state)
{
    (void)state;
    smm_session *s = compile(MODEL "profile a model m { p = 1 }\n");
    assert_int_equal(smm_error_count(s), 0);
    Profile *a = profile(s, "a");
    assert_int_equal(a->nmro, 1);
    assert_ptr_equal(a->mro[0], a);
    assert_int_equal(a->state, RES_DONE);
    smm_free(s);
}

static void chain(void **state)
{
    (void)state;
    smm_session *s = compile(MODEL "profile c extends b { }\n"
                                   "profile a model m { p = 1 }\n"
                                   "profile b extends a { }\n");
    assert_int_equal(smm_error_count(s), 0);
    assert_mro(s, "c", "c b a");
    assert_mro(s, "b", "b a");
    assert_true(profile_derives_from(profile(s, "c"), profile(s, "a")));
    assert_false(profile_derives_from(profile(s, "a"), profile(s, "c")));
    assert_false(profile_derives_from(profile(s, "a"), profile(s, "a"))); /* not itself */
    assert_int_equal(mro_index(profile(s, "c"), profile(s, "a")), 2);
    assert_int_equal(mro_index(profile(s, "c"), profile(s, "c")), 0);
    assert_int_equal(mro_index(profile(s, "a"), profile(s, "c")), -1);
    smm_free(s);
}

static void deep_chain(void **state)
{
    (void)state;
    Buf b = {0};
    buf_puts(&b, MODEL "profile q0 model m { p = 1 }\n");
    for (int i = 1; i <= 300; i++)
        buf_printf(&b, "profile q%d extends q%d { }\n", i, i - 1);
    smm_session *s = compile(buf_cstr(&b));
    assert_int_equal(smm_error_count(s), 0);
    Profile *last = profile(s, "q300");
    assert_int_equal(last->nmro, 301);
    for (int i = 0; i <= 300; i++) {
        char name[16];
        snprintf(name, sizeof name, "q%d", 300 - i);
        assert_string_equal(last->mro[i]->name, name);
    }
    buf_free(&b);
    smm_free(s);
}

static void diamond(void **state)
{
    (void)state;
    smm_session *s = compile(MODEL "profile base model m { p = 1 }\n"
                                   "profile left extends base { }\n"
                                   "profile right extends base { }\n"
                                   "profile bottom extends left, right { }\n"
                                   "profile bottom2 extends right, left { }\n");
    assert_int_equal(smm_error_count(s), 0);
    assert_mro(s, "bottom", "bottom left right base");
    assert_mro(s, "bottom2", "bottom2 right left base");
    /* the shared base appears once */
    assert_int_equal(profile(s, "bottom")->nmro, 4);
    smm_free(s);
}

/* The example of "The Python 2.3 Method Resolution Order" (Simionato). */
static void python_mro_example(void **state)
{
    (void)state;
    smm_session *s = compile(MODEL "profile O model m { p = 1 }\n"
                                   "profile A extends O { }\n"
                                   "profile B extends O { }\n"
                                   "profile C extends O { }\n"
                                   "profile D extends O { }\n"
                                   "profile E extends O { }\n"
                                   "profile K1 extends A, B, C { }\n"
                                   "profile K2 extends D, B, E { }\n"
                                   "profile K3 extends D, A { }\n"
                                   "profile Z extends K1, K2, K3 { }\n");
    assert_int_equal(smm_error_count(s), 0);
    assert_mro(s, "K1", "K1 A B C O");
    assert_mro(s, "K2", "K2 D B E O");
    assert_mro(s, "K3", "K3 D A O");
    assert_mro(s, "Z", "Z K1 K2 K3 D A B C E O");
    smm_free(s);
}

/* The second example of the same paper: F(O), E(O), D(O), C(D,F),
 * B(D,E), A(B,C) gives A B C D E F O. */
static void python_mro_example2(void **state)
{
    (void)state;
    smm_session *s = compile(MODEL "profile A extends B, C { }\n"
                                   "profile B extends D, E { }\n"
                                   "profile C extends D, F { }\n"
                                   "profile D extends O { }\n"
                                   "profile E extends O { }\n"
                                   "profile F extends O { }\n"
                                   "profile O model m { p = 1 }\n");
    assert_int_equal(smm_error_count(s), 0);
    assert_mro(s, "B", "B D E O");
    assert_mro(s, "C", "C D F O");
    assert_mro(s, "A", "A B C D E F O");
    smm_free(s);
}

/* ---------------------------------------------------------------- errors */

static void inconsistent_order(void **state)
{
    (void)state;
    /* X wants A before B, Y wants B before A */
    smm_session *s = compile(MODEL "profile A model m { p = 1 }\n"
                                   "profile B model m { p = 2 }\n"
                                   "profile X extends A, B { }\n"
                                   "profile Y extends B, A { }\n"
                                   "profile Z extends X, Y { }\n");
    assert_int_equal(smm_error_count(s), 1);
    const Diag *d = find_diag(s, D_C3);
    assert_string_equal(diag_info[d->id].code, "E0302");
    assert_int_equal(d->sev, SEV_ERROR);
    assert_string_equal(d->msg,
                        "cannot linearize the parents of 'Z' ('X', 'Y'): their orders conflict");
    /* reported at Z's name: line 6 */
    SourceFile *f = source_get(s, d->loc.file);
    assert_ptr_equal(f, source_get(s, 1));
    LineCol lc = source_linecol(f, d->loc.start);
    assert_int_equal(lc.line, 6);
    assert_int_equal(lc.column, 9);
    assert_non_null(d->notes);
    assert_int_equal(profile(s, "Z")->state, RES_FAILED);
    assert_int_equal(profile(s, "X")->state, RES_DONE); /* the parents are fine */
    smm_free(s);
}

static void parent_before_its_own_base(void **state)
{
    (void)state;
    /* listing a base before a profile derived from it cannot be linearized */
    smm_session *s = compile(MODEL "profile a model m { p = 1 }\n"
                                   "profile b extends a { }\n"
                                   "profile c extends a, b { }\n");
    assert_int_equal(count_diags(s, D_C3), 1);
    assert_int_equal(smm_error_count(s), 1);
    smm_free(s);
    /* the other order is fine */
    s = compile(MODEL "profile a model m { p = 1 }\n"
                      "profile b extends a { }\n"
                      "profile c extends b, a { }\n");
    assert_int_equal(smm_error_count(s), 0);
    assert_mro(s, "c", "c b a");
    smm_free(s);
}

static void cycle(void **state)
{
    (void)state;
    smm_session *s = compile(MODEL "profile a extends b { }\n"
                                   "profile b extends c { }\n"
                                   "profile c extends a { }\n");
    assert_true(count_diags(s, D_CYCLE) >= 1);
    assert_int_equal(count_diags(s, D_C3), 0);
    const Diag *d = find_diag(s, D_CYCLE);
    assert_string_equal(diag_info[d->id].code, "E0301");
    assert_string_equal(d->msg, "inheritance cycle: a -> b -> c -> a");
    /* one note per profile on the cycle */
    int notes = 0;
    for (const DiagNote *n = d->notes; n; n = n->next)
        notes++;
    assert_int_equal(notes, 3);
    for (const char *const *n = (const char *const[]){"a", "b", "c", NULL}; *n; n++)
        assert_int_equal(profile(s, *n)->state, RES_FAILED);
    smm_free(s);
}

static void self_cycle(void **state)
{
    (void)state;
    smm_session *s = compile(MODEL "profile a extends a { }\n");
    const Diag *d = find_diag(s, D_CYCLE);
    assert_string_equal(d->msg, "inheritance cycle: a -> a");
    /* at the `extends a` clause, not at the profile's own name */
    SourceFile *f = source_get(s, d->loc.file);
    LineCol lc = source_linecol(f, d->loc.start);
    assert_int_equal(lc.line, 2);
    assert_int_equal(lc.column, 19);
    smm_free(s);
}

static void cycle_below_healthy_profile(void **state)
{
    (void)state;
    /* d derives from the cycle; it fails without a second cycle report */
    smm_session *s = compile(MODEL "profile ok model m { p = 1 }\n"
                                   "profile a extends b { }\n"
                                   "profile b extends a { }\n"
                                   "profile d extends ok, a { }\n");
    assert_int_equal(count_diags(s, D_CYCLE), 1);
    assert_int_equal(profile(s, "ok")->state, RES_DONE);
    assert_int_equal(profile(s, "d")->state, RES_FAILED);
    smm_free(s);
}

static void duplicate_parent(void **state)
{
    (void)state;
    smm_session *s = compile(MODEL "profile a model m { p = 1 }\n"
                                   "profile b extends a, a { }\n");
    assert_int_equal(count_diags(s, D_DUPLICATE_PARENT), 1);
    assert_int_equal(count_diags(s, D_C3), 0);
    smm_free(s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(single_root),
        cmocka_unit_test(chain),
        cmocka_unit_test(deep_chain),
        cmocka_unit_test(diamond),
        cmocka_unit_test(python_mro_example),
        cmocka_unit_test(python_mro_example2),
        cmocka_unit_test(inconsistent_order),
        cmocka_unit_test(parent_before_its_own_base),
        cmocka_unit_test(cycle),
        cmocka_unit_test(self_cycle),
        cmocka_unit_test(cycle_below_healthy_profile),
        cmocka_unit_test(duplicate_parent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
