/*
 * fuzz_invariants.c — white-box checks of the library's internals that the
 * fuzz target (fuzz_compile.c, which uses only smm.h) runs on each clean
 * input.  This file alone includes the internal header.
 *
 * A variant computed as values only (the way validation takes them) and
 * then completed, and one computed from its base variant (the way the IR
 * writers take them), must equal the full computation; a difference
 * aborts, which the fuzzer reports.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smmc.h"

void fuzz_check_variants(smm_session *s);

/* The values of a variant (VARIANT_VALUES) and its completed eff are those
 * of the full computation. */
static void compare_full(Session *s, Variant *v, void *arg)
{
    Variant *full = arg;
    variant_compute(s, full, v->profile, v->sector, v->system);
    size_t nk = (size_t)v->profile->model->npractices * 2;
    for (size_t k = 0; k < nk; k++)
        if (v->val[k] != full->eff[k].value) {
            fprintf(stderr, "fuzz_compile: variant values differ from the full computation (%s)\n",
                    v->profile->name);
            abort();
        }
    variant_complete(s, v);
    if (memcmp(v->eff, full->eff, sizeof *v->eff * nk) != 0) {
        fprintf(stderr, "fuzz_compile: completed variant differs from the full computation (%s)\n",
                v->profile->name);
        abort();
    }
}

void fuzz_check_variants(smm_session *s)
{
    Variant v = {0}, full = {0};
    for (size_t i = 0; s->prog && i < s->prog->profiles.n; i++) {
        for_each_default_variant(s, s->prog->profiles.v[i], &v, VARIANT_VALUES, compare_full, &full);
        for_each_default_variant(s, s->prog->profiles.v[i], &v, VARIANT_FULL, compare_full, &full);
    }
    variant_free(&v);
    variant_free(&full);
}
