/*
 * test_cascade.c — resolution of targets (cascade.c, language.md §5.2–5.3):
 * propagation down the model, the layer order body < sector < system <
 * nested system, forced settings, scope-only settings, the final-overrider
 * rule on diamonds, and provenance chains.  Also the literal checks of
 * ast.c that settings depend on: level words and calendar dates.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "smmc.h"
#include "util.h"

/* practices in model order: p1 p2 (domain o1), p3 (o2) — dimension d1;
 * p4 (o3) — dimension d2 */
#define MODEL                                                        \
    "model m {\n"                                                    \
    "  dimension d1 {\n"                                             \
    "    domain o1 { practice p1 practice p2 }\n"                    \
    "    domain o2 { practice p3 }\n"                                \
    "  }\n"                                                          \
    "  dimension d2 { domain o3 { practice p4 } }\n"                 \
    "}\n"

enum { COMP = 0, SCOPE = 1 };

typedef struct {
    smm_session *s;
    Variant v;
} Ctx;

static void dump_diags(smm_session *s)
{
    for (const Diag *d = s->diags; d; d = d->next)
        print_message("  %s: %s\n", diag_info[d->id].code, d->msg);
}

static void assert_clean(smm_session *s)
{
    if (smm_error_count(s) != 0) {
        dump_diags(s);
        fail_msg("%d unexpected errors", smm_error_count(s));
    }
}

/* Compute a variant; sector/system are plain strings (NULL = none). */
static void variant(Ctx *c, const char *prof, const char *sector, const char *system)
{
    Session *s = c->s;
    Profile *p = profile(s, prof);
    variant_compute(s, &c->v, p, sector ? intern_cstr(s->names, sector) : NULL,
                    system ? intern_cstr(s->names, system) : NULL);
}

static const EffAttr *eff(Ctx *c, const char *practice, int attr)
{
    const Model *m = c->v.profile->model;
    for (int i = 0; i < m->npractices; i++)
        if (strcmp(m->nodes[m->practices[i]].id, practice) == 0)
            return &c->v.eff[i * 2 + attr];
    fail_msg("no practice '%s'", practice);
    static const EffAttr none;
    return &none;
}

static const char *node_id(Ctx *c, int node)
{
    return node < 0 ? "(default)" : c->v.profile->model->nodes[node].id;
}

/* the effective value of PRACTICE: comprehensiveness, scope, and the id of
 * the node whose setting won for each */
#define assert_eff(c, practice, comp, compnode, scope, scopenode)                         \
    do {                                                                                  \
        const EffAttr *ec_ = eff((c), (practice), COMP);                                  \
        const EffAttr *es_ = eff((c), (practice), SCOPE);                                 \
        if (ec_->value != (comp) || strcmp(node_id((c), ec_->node), (compnode)) ||        \
            es_->value != (scope) || strcmp(node_id((c), es_->node), (scopenode)))        \
            fail_msg("%s: got %d from %s / %s from %s, want %d from %s / %s from %s",     \
                     (practice), ec_->value, node_id((c), ec_->node),                     \
                     scope_name(es_->value), node_id((c), es_->node), (comp), (compnode), \
                     scope_name(scope), (scopenode));                                     \
    } while (0)

static Ctx *ctx_new(void **state, const char *text)
{
    Ctx *c = calloc(1, sizeof *c);
    c->s = compile(text);
    *state = c;
    return c;
}

static int ctx_teardown(void **state)
{
    Ctx *c = *state;
    if (c) {
        variant_free(&c->v);
        smm_free(c->s);
        free(c);
    }
    return 0;
}

/* ---------------------------------------------------------------- propagation */

static void dimension_default_propagates(void **state)
{
    Ctx *c = ctx_new(state, MODEL "profile t model m { d1 = 2 industry }\n");
    assert_clean(c->s);
    variant(c, "t", NULL, NULL);
    assert_eff(c, "p1", 2, "d1", SCOPE_INDUSTRY, "d1");
    assert_eff(c, "p2", 2, "d1", SCOPE_INDUSTRY, "d1");
    assert_eff(c, "p3", 2, "d1", SCOPE_INDUSTRY, "d1");
    /* nothing reaches p4: the default, with a warning */
    assert_eff(c, "p4", 0, "(default)", SCOPE_GENERAL, "(default)");
    assert_null(eff_winner(eff(c, "p4", COMP)));
    const Diag *w = find_diag(c->s, D_NO_TARGET);
    assert_int_equal(w->sev, SEV_WARNING);
    assert_non_null(strstr(w->msg, "p4"));
    assert_int_equal(count_diags(c->s, D_NO_TARGET), 1);
}

static void practice_beats_domain(void **state)
{
    /* order in the block does not matter: the more specific node wins */
    Ctx *c = ctx_new(state, MODEL "profile t model m { p1 = 3 general; o1 = 1 system; d1 = 4; d2 = 0 }\n");
    assert_clean(c->s);
    variant(c, "t", NULL, NULL);
    assert_eff(c, "p1", 3, "p1", SCOPE_GENERAL, "p1");
    assert_eff(c, "p2", 1, "o1", SCOPE_SYSTEM, "o1");
    /* d1 sets no scope: p3's scope defaults while its level comes from d1 */
    assert_eff(c, "p3", 4, "d1", SCOPE_GENERAL, "(default)");
    assert_eff(c, "p4", 0, "d2", SCOPE_GENERAL, "(default)");
}

/* ---------------------------------------------------------------- layers */

static void sector_beats_body(void **state)
{
    Ctx *c = ctx_new(state, MODEL "profile t model m { d1 = 1 general; d2 = 1 general\n"
                                  "  p1 = 2 general\n"
                                  "  sector s { p1 = 3 industry } }\n");
    assert_clean(c->s);
    variant(c, "t", NULL, NULL);
    assert_eff(c, "p1", 2, "p1", SCOPE_GENERAL, "p1");
    variant(c, "t", "s", NULL);
    assert_eff(c, "p1", 3, "p1", SCOPE_INDUSTRY, "p1");
    assert_eff(c, "p2", 1, "d1", SCOPE_GENERAL, "d1");
}

static void system_beats_sector(void **state)
{
    Ctx *c = ctx_new(state, MODEL "profile t model m { d1 = 1 general; d2 = 1 general\n"
                                  "  p1 = 1\n"
                                  "  sector s { p1 = 2 }\n"
                                  "  system y { p1 = 3 } }\n");
    assert_clean(c->s);
    variant(c, "t", "s", "y");
    assert_eff(c, "p1", 3, "p1", SCOPE_GENERAL, "d1");
    variant(c, "t", "s", NULL);
    assert_eff(c, "p1", 2, "p1", SCOPE_GENERAL, "d1");
    variant(c, "t", NULL, "y");
    assert_eff(c, "p1", 3, "p1", SCOPE_GENERAL, "d1");
}

static void nested_system_beats_both(void **state)
{
    Ctx *c = ctx_new(state, MODEL "profile t model m { d1 = 1 general; d2 = 1 general\n"
                                  "  sector s { p1 = 2; system y { p1 = 4 system } }\n"
                                  "  system y { p1 = 3 industry } }\n");
    assert_clean(c->s);
    variant(c, "t", "s", "y");
    assert_eff(c, "p1", 4, "p1", SCOPE_SYSTEM, "p1");
    variant(c, "t", NULL, "y");
    assert_eff(c, "p1", 3, "p1", SCOPE_INDUSTRY, "p1");
    variant(c, "t", "s", NULL);
    assert_eff(c, "p1", 2, "p1", SCOPE_GENERAL, "d1");
    /* the default variants: base, sector s, system y, s/y */
    Profile *p = profile(c->s, "t");
    assert_int_equal(p->nsectors, 1);
    assert_int_equal(p->nsystems, 1);
    assert_int_equal(p->nnested, 1);
}

static void layers_apply_per_node_then_propagate(void **state)
{
    /* step 1 merges each node separately, step 2 propagates: a domain set
     * in a sector block does not beat a practice set in the body */
    Ctx *c = ctx_new(state, MODEL "profile t model m { d1 = 1 general; d2 = 1 general\n"
                                  "  p1 = 1\n"
                                  "  sector s { o1 = 4 } }\n");
    assert_clean(c->s);
    variant(c, "t", "s", NULL);
    assert_eff(c, "p1", 1, "p1", SCOPE_GENERAL, "d1");
    assert_eff(c, "p2", 4, "o1", SCOPE_GENERAL, "d1");
}

static void layers_across_inheritance(void **state)
{
    /* a parent's sector block beats the child's body (layer kind first,
     * then the linearization within the kind) */
    Ctx *c = ctx_new(state, MODEL "profile a model m { d1 = 1 general; d2 = 1 general\n"
                                  "  sector s { p1 = 3 } }\n"
                                  "profile b extends a { p1 = 2; sector s { p2 = 4 } }\n");
    assert_clean(c->s);
    variant(c, "b", "s", NULL);
    assert_eff(c, "p1", 3, "p1", SCOPE_GENERAL, "d1");
    assert_eff(c, "p2", 4, "p2", SCOPE_GENERAL, "d1");
    variant(c, "b", NULL, NULL);
    assert_eff(c, "p1", 2, "p1", SCOPE_GENERAL, "d1");
    /* the child sees its parent's sector name */
    assert_int_equal(profile(c->s, "b")->nsectors, 1);
}

/* ---------------------------------------------------------------- forced */

static void forced_beats_lower_practice_setting(void **state)
{
    Ctx *c = ctx_new(state, MODEL "profile a model m { d1 = 1 general; d2 = 1 general\n"
                                  "  p1 = 2 system; sector s { o1.* = 4 } }\n"
                                  "profile b extends a { o1.* = 3 }\n"
                                  "profile plain extends a { o1 = 3 }\n");
    assert_clean(c->s);
    /* `o1.* = 3` in b's body sets p1 and p2 directly: it overrides a's p1 */
    variant(c, "b", NULL, NULL);
    assert_eff(c, "p1", 3, "p1", SCOPE_SYSTEM, "p1");
    assert_eff(c, "p2", 3, "p2", SCOPE_GENERAL, "d1");
    assert_eff(c, "p3", 1, "d1", SCOPE_GENERAL, "d1");
    assert_true(eff_winner(eff(c, "p1", COMP))->forced);
    /* without .* the domain setting does not reach the set practice */
    variant(c, "plain", NULL, NULL);
    assert_eff(c, "p1", 2, "p1", SCOPE_SYSTEM, "p1");
    assert_eff(c, "p2", 3, "o1", SCOPE_GENERAL, "d1");
    /* forced in a sector layer beats the body's practice setting */
    variant(c, "a", "s", NULL);
    assert_eff(c, "p1", 4, "p1", SCOPE_SYSTEM, "p1");
    assert_eff(c, "p2", 4, "p2", SCOPE_GENERAL, "d1");
}

static void forced_dimension_covers_all_practices(void **state)
{
    Ctx *c = ctx_new(state, MODEL "profile t model m { d2 = 1 general; p3 = 1; d1.* = 2 industry }\n");
    assert_clean(c->s);
    variant(c, "t", NULL, NULL);
    assert_eff(c, "p1", 2, "p1", SCOPE_INDUSTRY, "p1");
    assert_eff(c, "p2", 2, "p2", SCOPE_INDUSTRY, "p2");
    /* a later forced setting in the same block overrides p3 = 1 */
    assert_eff(c, "p3", 2, "p3", SCOPE_INDUSTRY, "p3");
    assert_eff(c, "p4", 1, "d2", SCOPE_GENERAL, "d2");
}

/* ---------------------------------------------------------------- scope only */

static void scope_only_settings(void **state)
{
    Ctx *c = ctx_new(state, MODEL "profile t model m { d1 = 2 general; d2 = 1 general\n"
                                  "  p1 = 3 industry\n"
                                  "  o2 scope system\n"
                                  "  sector s { p1 scope system; d2 scope industry } }\n");
    assert_clean(c->s);
    variant(c, "t", NULL, NULL);
    assert_eff(c, "p1", 3, "p1", SCOPE_INDUSTRY, "p1");
    assert_eff(c, "p3", 2, "d1", SCOPE_SYSTEM, "o2");
    variant(c, "t", "s", NULL);
    /* the sector changes p1's scope only; its level stays the body's */
    assert_eff(c, "p1", 3, "p1", SCOPE_SYSTEM, "p1");
    const EffAttr *ec = eff(c, "p1", COMP), *es = eff(c, "p1", SCOPE);
    assert_null(ec->seg[2]);          /* no sector setting for the level */
    assert_non_null(ec->seg[3]);
    assert_non_null(es->seg[2]);      /* the sector's scope-only setting */
    assert_int_equal(eff_winner(es)->comp.value, -1);
    assert_eff(c, "p4", 1, "d2", SCOPE_INDUSTRY, "d2");
}

static void sector_keyword_as_scope(void **state)
{
    /* `sector` is also a scope word (alias of industry); `system NAME {`
     * after a setting opens a block */
    Ctx *c = ctx_new(state, MODEL "profile t model m { d1 = 1 general; d2 = 1 general\n"
                                  "  p1 = 2 sector\n"
                                  "  p2 = 4\n"
                                  "  system y { p2 = 3 }\n"
                                  "  p3 = 3 system\n"
                                  "  p4 = 2 }\n");
    assert_clean(c->s);
    variant(c, "t", NULL, NULL);
    assert_eff(c, "p1", 2, "p1", SCOPE_INDUSTRY, "p1");
    assert_eff(c, "p2", 4, "p2", SCOPE_GENERAL, "d1");
    assert_eff(c, "p3", 3, "p3", SCOPE_SYSTEM, "p3");
    assert_eff(c, "p4", 2, "p4", SCOPE_GENERAL, "d2");
    variant(c, "t", NULL, "y");
    assert_eff(c, "p2", 3, "p2", SCOPE_GENERAL, "d1");
}

/* ---------------------------------------------------------------- final overrider */

#define DIAMOND_HEAD                                                 \
    MODEL "profile d.base model m { d1 = 1 general; d2 = 1 general }\n" \
          "profile d.right extends d.base { d1 = 2 }\n"

static void final_overrider_no_conflict(void **state)
{
    /* language.md §5.2: right overrides base, left says nothing: 2 */
    Ctx *c = ctx_new(state, DIAMOND_HEAD "profile d.left extends d.base { }\n"
                                         "profile d.join extends d.left, d.right { }\n"
                                         "profile d.join2 extends d.right, d.left { }\n");
    assert_clean(c->s);
    assert_int_equal(count_diags(c->s, D_AMBIGUOUS), 0);
    variant(c, "d.join", NULL, NULL);
    assert_eff(c, "p1", 2, "d1", SCOPE_GENERAL, "d1");
    assert_string_equal(eff_winner(eff(c, "p1", COMP))->owner->name, "d.right");
    /* the scope still comes from base */
    assert_string_equal(eff_winner(eff(c, "p1", SCOPE))->owner->name, "d.base");
    variant(c, "d.join2", NULL, NULL);
    assert_eff(c, "p1", 2, "d1", SCOPE_GENERAL, "d1");
}

static void final_overrider_ambiguous(void **state)
{
    Ctx *c = ctx_new(state, DIAMOND_HEAD "profile d.left extends d.base { d1 = 3 }\n"
                                         "profile d.join extends d.left, d.right { }\n");
    assert_int_equal(count_diags(c->s, D_AMBIGUOUS), 1);
    const Diag *d = find_diag(c->s, D_AMBIGUOUS);
    assert_string_equal(diag_info[d->id].code, "E0305");
    assert_int_equal(d->sev, SEV_ERROR);
    assert_non_null(strstr(d->msg, "'d1'"));
    assert_non_null(strstr(d->msg, "'d.join'"));
    /* a note per origin, then the hint */
    const DiagNote *n = d->notes;
    assert_non_null(n);
    assert_string_equal(n->msg, "'d.left' sets it to 3 here");
    assert_non_null(n->next);
    assert_string_equal(n->next->msg, "'d.right' sets it to 2 here");
    assert_non_null(n->next->next);
    assert_string_equal(n->next->next->msg, "set 'd1' in 'd.join' to choose");
    /* the error is at d.join, line 11 */
    LineCol lc = source_linecol(source_get(c->s, d->loc.file), d->loc.start);
    assert_int_equal(lc.line, 11);
}

static void final_overrider_agreeing(void **state)
{
    /* both final overriders give 2: no conflict */
    Ctx *c = ctx_new(state, DIAMOND_HEAD "profile d.left extends d.base { d1 = 2 }\n"
                                         "profile d.join extends d.left, d.right { }\n");
    assert_clean(c->s);
    variant(c, "d.join", NULL, NULL);
    assert_eff(c, "p1", 2, "d1", SCOPE_GENERAL, "d1");
}

static void final_overrider_fixed_by_profile(void **state)
{
    Ctx *c = ctx_new(state, DIAMOND_HEAD "profile d.left extends d.base { d1 = 3 }\n"
                                         "profile d.join extends d.left, d.right { d1 = 4 }\n"
                                         "profile d.below extends d.join { }\n");
    assert_clean(c->s);
    variant(c, "d.join", NULL, NULL);
    assert_eff(c, "p1", 4, "d1", SCOPE_GENERAL, "d1");
    /* and a profile below the fixed one inherits the fix without error */
    variant(c, "d.below", NULL, NULL);
    assert_eff(c, "p1", 4, "d1", SCOPE_GENERAL, "d1");
}

static void final_overrider_per_layer_kind(void **state)
{
    /* the rule applies per layer kind: conflicting sector blocks */
    Ctx *c = ctx_new(state, MODEL "profile b model m { d1 = 1 general; d2 = 1 general }\n"
                                  "profile l extends b { sector s { p1 = 3 } }\n"
                                  "profile r extends b { sector s { p1 = 2 } }\n"
                                  "profile j extends l, r { }\n");
    assert_int_equal(count_diags(c->s, D_AMBIGUOUS), 1);
    assert_non_null(strstr(find_diag(c->s, D_AMBIGUOUS)->msg, "sector"));
}

/* ---------------------------------------------------------------- provenance */

static void provenance_chain_single(void **state)
{
    Ctx *c = ctx_new(state, MODEL "profile g model m { d1 = 1 general; d2 = 1 general; p1 = 1 }\n"
                                  "profile pa extends g { p1 = 2 }\n"
                                  "profile ch extends pa { p1 = 3; sector s { p1 = 4 } }\n");
    assert_clean(c->s);
    variant(c, "ch", "s", NULL);
    const EffAttr *e = eff(c, "p1", COMP);
    assert_int_equal(e->value, 4);
    /* the sector layer's chain, then the body's: winner first */
    assert_non_null(e->seg[2]);
    assert_string_equal(e->seg[2]->s->owner->name, "ch");
    assert_int_equal(e->seg[2]->s->comp.value, 4);
    assert_null(e->seg[2]->next);
    const Prov *pv = e->seg[3];
    const char *owners[] = {"ch", "pa", "g"};
    int values[] = {3, 2, 1};
    for (int i = 0; i < 3; i++) {
        assert_non_null(pv);
        assert_string_equal(pv->s->owner->name, owners[i]);
        assert_int_equal(pv->s->comp.value, values[i]);
        pv = pv->next;
    }
    assert_null(pv);
    assert_null(e->seg[0]);
    assert_null(e->seg[1]);
    assert_ptr_equal(eff_winner(e), e->seg[2]->s);
}

static void provenance_chain_diamond(void **state)
{
    Ctx *c = ctx_new(state, DIAMOND_HEAD "profile d.left extends d.base { }\n"
                                         "profile d.join extends d.left, d.right { }\n");
    assert_clean(c->s);
    variant(c, "d.join", NULL, NULL);
    const Prov *pv = eff(c, "p1", COMP)->seg[3];
    assert_non_null(pv);
    assert_string_equal(pv->s->owner->name, "d.right");
    assert_int_equal(pv->s->comp.value, 2);
    assert_non_null(pv->next);
    assert_string_equal(pv->next->s->owner->name, "d.base");
    assert_int_equal(pv->next->s->comp.value, 1);
    assert_null(pv->next->next);
}

static void provenance_shadowed_in_block(void **state)
{
    /* a setting repeated in one block: a warning, and the later one wins
     * with the earlier one in its chain */
    Ctx *c = ctx_new(state, MODEL "profile t model m { d1 = 1 general; d2 = 1 general\n"
                                  "  p1 = 2\n"
                                  "  p1 = 3 }\n");
    assert_clean(c->s);
    assert_int_equal(count_diags(c->s, D_SHADOWED), 1);
    variant(c, "t", NULL, NULL);
    const Prov *pv = eff(c, "p1", COMP)->seg[3];
    assert_int_equal(pv->s->comp.value, 3);
    assert_non_null(pv->next);
    assert_int_equal(pv->next->s->comp.value, 2);
    LineCol lc = source_linecol(source_get(c->s, pv->s->loc.file), pv->s->loc.start);
    assert_int_equal(lc.line, 10);
    assert_int_equal(lc.column, 3);
}

/* ---------------------------------------------------------------- requirements */

static void requirement_checked_on_every_variant(void **state)
{
    Ctx *c = ctx_new(state, MODEL "profile t model m { d1 = 3 general; d2 = 1 general\n"
                                  "  require o1 >= 3\n"
                                  "  system y { p2 = 2 } }\n");
    assert_int_equal(count_diags(c->s, D_REQUIRE), 1);
    assert_int_equal(smm_error_count(c->s), 1);
}

/* ---------------------------------------------------------------- values only
 * Validation takes variants as values (VARIANT_VALUES: the layers' depth
 * and value tables, no provenance) and completes eff only when it reports;
 * the values must be exactly those of the full computation, for every
 * default variant of every profile. */

typedef struct {
    int variants, stale;
    Variant full;
} ValuesCheck;

static void compare_values(Session *s, Variant *v, void *arg)
{
    ValuesCheck *k = arg;
    k->variants++;
    k->stale += v->eff_stale;
    variant_compute(s, &k->full, v->profile, v->sector, v->system);
    int nk = v->profile->model->npractices * 2;
    for (int i = 0; i < nk; i++)
        if (v->val[i] != k->full.eff[i].value)
            fail_msg("%s%s%s%s%s: attribute %d is %d from the values, %d in full", v->profile->name,
                     v->sector ? " sector " : "", v->sector ? v->sector : "", v->system ? " system " : "",
                     v->system ? v->system : "", i, v->val[i], k->full.eff[i].value);
    variant_complete(s, v);
    assert_false(v->eff_stale);
    assert_memory_equal(v->eff, k->full.eff, sizeof(EffAttr) * (size_t)nk);
}

static void values_match_full_variants(void **state)
{
    Ctx *c = ctx_new(state, MODEL
                     "profile a model m {\n"
                     "  d1 = 1 general  o3 = 2\n"
                     "  sector s { o1 = 3 industry  p3 = 2 }\n"
                     "  system y { p2 = 4  d2 = 1 system }\n"
                     "  sector t { system y { d1.* = 2 } }\n"
                     "}\n"
                     "profile b extends a {\n"
                     "  p1 = 2\n"
                     "  sector s { d1 = 4 }\n"
                     "  system z { o2 scope system }\n"
                     "}\n"
                     "profile c extends a {\n"
                     "  o1 = 0\n"
                     "  sector t { system y { p4 = 3 } }\n"
                     "}\n"
                     "profile d extends b, c {\n"
                     "  p1 = 1  o1 = 1\n"
                     "  sector s { system z { p3 = 4 industry } }\n"
                     "}\n"
                     "profile e model m {\n"
                     "  sector s { p1 = 1 }\n"
                     "}\n");
    assert_clean(c->s);
    ValuesCheck k = {0}, f = {0};
    for (size_t i = 0; i < c->s->prog->profiles.n; i++) {
        for_each_default_variant(c->s, c->s->prog->profiles.v[i], &c->v, VARIANT_VALUES, compare_values, &k);
        /* and each variant's eff built from its base variant's */
        for_each_default_variant(c->s, c->s->prog->profiles.v[i], &c->v, VARIANT_FULL, compare_values, &f);
    }
    variant_free(&k.full);
    variant_free(&f.full);
    assert_true(k.variants > 15); /* sectors, systems and nested pairs, inherited too */
    assert_true(k.stale == k.variants); /* values only, every one */
    assert_true(f.variants == k.variants && f.stale == 0);
}

/* The same on generated models of 30 to 300 practices (the sizes where
 * fixed-size working arrays used to give way to other code): 3 dimensions,
 * 5 practices per domain, profiles with random settings of every kind in
 * every kind of block, single inheritance and diamonds, and requirements
 * that hold except one on the model's last practice. */
static unsigned rnd(unsigned *seed)
{
    *seed = *seed * 1103515245u + 12345u;
    return *seed >> 16;
}

static const char *random_node(Buf *b, unsigned *seed, int npractices)
{
    int pi = (int)(rnd(seed) % (unsigned)npractices), dom = pi / 5;
    b->n = 0;
    switch (rnd(seed) % 4) {
    case 0: buf_printf(b, "d%d", dom % 3); break;
    case 1: buf_printf(b, "o%d", dom); break;
    default: buf_printf(b, "p%d", pi); break;
    }
    return buf_cstr(b);
}

static void random_settings(Buf *text, unsigned *seed, int npractices, int n)
{
    static const char *const scope[] = {"", " general", " industry", " system"};
    Buf node = {0};
    for (int i = 0; i < n; i++) {
        const char *id = random_node(&node, seed, npractices);
        unsigned kind = rnd(seed) % 6;
        if (kind == 0 && id[0] != 'p')
            buf_printf(text, "  %s.* = %u\n", id, rnd(seed) % 5);
        else if (kind == 1)
            buf_printf(text, "  %s scope%s\n", id, scope[1 + rnd(seed) % 3]);
        else
            buf_printf(text, "  %s = %u%s\n", id, rnd(seed) % 5, scope[rnd(seed) % 4]);
    }
    buf_free(&node);
}

static char *generated_library(int npractices, unsigned seed)
{
    Buf t = {0};
    int ndomains = npractices / 5;
    buf_printf(&t, "model big {\n");
    for (int d = 0; d < 3; d++) {
        buf_printf(&t, "  dimension d%d {\n", d);
        for (int o = d; o < ndomains; o += 3) {
            buf_printf(&t, "    domain o%d {", o);
            for (int k = 0; k < 5; k++)
                buf_printf(&t, " practice p%d", o * 5 + k);
            buf_printf(&t, " }\n");
        }
        buf_printf(&t, "  }\n");
    }
    buf_printf(&t, "}\n");
    for (int i = 0; i < 12; i++) {
        if (i == 0)
            buf_printf(&t, "profile g0 model big {\n  d0 = 2\n  d1 = 2\n  d2 = 2\n");
        else if (i % 4 == 3) /* a diamond over g0: the final overrider rule, no ambiguity */
            buf_printf(&t, "profile g%d extends g%d, g0 {\n", i, i - 1);
        else
            buf_printf(&t, "profile g%d extends g%d {\n", i, (int)(rnd(&seed) % (unsigned)i));
        random_settings(&t, &seed, npractices, 3 + (int)(rnd(&seed) % 6));
        buf_printf(&t, "  sector s%u {\n", rnd(&seed) % 3);
        random_settings(&t, &seed, npractices, 2);
        buf_printf(&t, "    system y%u {\n", rnd(&seed) % 2);
        random_settings(&t, &seed, npractices, 2);
        buf_printf(&t, "    }\n  }\n  system y%u {\n", rnd(&seed) % 3);
        random_settings(&t, &seed, npractices, 2);
        buf_printf(&t, "  }\n  require o%d >= 0\n  require o%d <= 4 system\n}\n", i % ndomains,
                   (i * 7) % ndomains);
    }
    /* one requirement that breaks, on the last practice */
    buf_printf(&t, "profile strict extends g0 {\n  p%d = 1\n  require p%d >= 3\n}\n", npractices - 1,
               npractices - 1);
    char *text = strdup(buf_cstr(&t));
    buf_free(&t);
    return text;
}

static void values_match_full_big_models(void **state)
{
    static const int sizes[] = {30, 65, 130, 300};
    for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++) {
        char *text = generated_library(sizes[z], 7u + (unsigned)z);
        Ctx *c = ctx_new(state, text);
        free(text);
        assert_int_equal(c->s->prog->profiles.n, 13);
        assert_int_equal(((Profile *)c->s->prog->profiles.v[0])->model->npractices, sizes[z]);
        /* the one broken requirement (in one or more variants), found
         * through the bounds of the big model, and nothing else */
        char want[32];
        snprintf(want, sizeof want, "p%d: ", sizes[z] - 1);
        int errors = smm_error_count(c->s);
        bool ok = errors >= 1 && count_diags(c->s, D_REQUIRE) == errors;
        for (const Diag *d = c->s->diags; d && ok; d = d->next)
            ok = d->id != D_REQUIRE || strncmp(d->msg, want, strlen(want)) == 0;
        if (!ok) {
            dump_diags(c->s);
            fail_msg("%d practices: want requirement-violated errors on p%d only", sizes[z], sizes[z] - 1);
        }
        ValuesCheck k = {0};
        for (size_t i = 0; i < c->s->prog->profiles.n; i++) {
            for_each_default_variant(c->s, c->s->prog->profiles.v[i], &c->v, VARIANT_VALUES, compare_values,
                                     &k);
            for_each_default_variant(c->s, c->s->prog->profiles.v[i], &c->v, VARIANT_FULL, compare_values, &k);
        }
        variant_free(&k.full);
        assert_true(k.variants > 13 * 2);
        ctx_teardown(state);
        *state = NULL;
    }
}

/* ---------------------------------------------------------------- no recursion
 * A layer is built from its parents' layers, but never by recursing up the
 * chain: the leaf of a 100 000-deep chain asks for its sector layer before
 * any ancestor's is known (validation, which would build them parents
 * first, does not run here), on a thread with a 256 KB stack. */

enum { DEEP = 100000 };

typedef struct {
    Session *s;
    Profile *leaf;
    const MergedLayer *layer;
    Variant v;
} DeepRun;

static void *deep_thread(void *arg)
{
    DeepRun *d = arg;
    const char *water = intern_cstr(d->s->names, "water");
    d->layer = cascade_layer(d->s, d->leaf, LAYER_SECTOR, water, NULL);
    variant_compute(d->s, &d->v, d->leaf, water, NULL);
    return NULL;
}

static void deep_chain_small_stack(void **state)
{
    (void)state;
    Buf t = {0};
    buf_printf(&t, "model m { dimension d { domain o { practice x practice y } } }\n"
                   "profile p0 model m { d = 1  x = 2 industry  sector water { y = 3 } }\n");
    for (int i = 1; i < DEEP; i++)
        buf_printf(&t, "profile p%d extends p%d { y = %d }\n", i, i - 1, 1 + i % 3);
    buf_printf(&t, "profile leaf extends p%d { sector water { x = 4 } }\n", DEEP - 1);
    smm_options opt = {0};
    opt.buffer_diagnostics = true;
    opt.stdlib_dir = "/nonexistent";
    smm_session *s = smm_new(&opt);
    smm_add_buffer(s, "deep.smm", t.s, t.n);
    buf_free(&t);
    declare_globals(s); /* smm_analyze without validate_profiles */
    resolve_models(s);
    resolve_profiles(s);
    assert_int_equal(s->errors, 0);
    DeepRun d = {.s = s, .leaf = s->prog->profiles.v[DEEP]};
    assert_string_equal(d.leaf->name, "leaf");
    pthread_attr_t attr;
    pthread_attr_init(&attr);
    pthread_attr_setstacksize(&attr, 256 * 1024);
    pthread_t th;
    assert_int_equal(pthread_create(&th, &attr, deep_thread, &d), 0);
    pthread_join(th, NULL);
    pthread_attr_destroy(&attr);
    assert_non_null(d.layer);
    /* x from the leaf's sector block, y from p0's (a sector beats a body) */
    const Model *m = d.leaf->model;
    assert_int_equal(m->npractices, 2);
    assert_int_equal(d.v.eff[0].value, 4);
    assert_int_equal(d.v.eff[2].value, 3);
    variant_free(&d.v);
    smm_free(s);
}

/* ---------------------------------------------------------------- literals */

static void date_calendar(void **state)
{
    (void)state;
    assert_true(date_valid(2026, 1, 31));
    assert_true(date_valid(2026, 12, 31));
    assert_true(date_valid(2024, 2, 29));  /* leap year */
    assert_false(date_valid(2023, 2, 29));
    assert_false(date_valid(1900, 2, 29)); /* divisible by 100 */
    assert_true(date_valid(2000, 2, 29));  /* divisible by 400 */
    assert_false(date_valid(2026, 2, 30));
    assert_false(date_valid(2026, 4, 31));
    assert_true(date_valid(2026, 4, 30));
    assert_false(date_valid(2026, 0, 1));
    assert_false(date_valid(2026, 13, 1));
    assert_false(date_valid(2026, 1, 0));
    assert_false(date_valid(2026, 1, 32));
    assert_false(date_valid(0, 1, 1));
    assert_true(date_valid(1, 1, 1));
    assert_true(date_valid(9999, 12, 31));
}

static void date_in_source(void **state)
{
    Ctx *c = ctx_new(state, MODEL "profile t model m { d1 = 1 general; d2 = 1 general }\n"
                                  "assessment a1 { target t date 2026-02-30 }\n"
                                  "assessment a2 { target t date 2024-02-29 }\n"
                                  "assessment a3 { target t date 2026-13-01 }\n");
    assert_int_equal(count_diags(c->s, D_INVALID_DATE), 2);
    const Diag *d = find_diag(c->s, D_INVALID_DATE);
    assert_string_equal(d->msg, "invalid date 2026-02-30: February 2026 has 28 days");
    assert_string_equal(d->next->msg, "invalid date 2026-13-01: there is no month 13");
}

static void level_words(void **state)
{
    Ctx *c = ctx_new(state, MODEL "profile t model m { d1 = none general; d2 = 1 general\n"
                                  "  p1 = formalized; p2 = consistent; p3 = ad_hoc; p4 = minimum }\n");
    assert_clean(c->s);
    variant(c, "t", NULL, NULL);
    assert_eff(c, "p1", 4, "p1", SCOPE_GENERAL, "d1");
    assert_eff(c, "p2", 3, "p2", SCOPE_GENERAL, "d1");
    assert_eff(c, "p3", 2, "p3", SCOPE_GENERAL, "d1");
    assert_eff(c, "p4", 1, "p4", SCOPE_GENERAL, "d2");
    assert_string_equal(eff_winner(eff(c, "p1", COMP))->comp.word, "formalized");
    assert_null(profile(c->s, "t")->ast->body.settings->next->comp.word); /* `1` */
}

static void level_out_of_range(void **state)
{
    Ctx *c = ctx_new(state, MODEL "profile t model m { d1 = 5; p1 = 4; p2 = 0; p3 = superb }\n");
    assert_int_equal(count_diags(c->s, D_INVALID_LEVEL), 2);
    const Diag *d = find_diag(c->s, D_INVALID_LEVEL);
    assert_string_equal(diag_info[d->id].code, "E0108");
    assert_string_equal(d->msg, "comprehensiveness level 5 is out of range; levels are 0..4");
    LineCol lc = source_linecol(source_get(c->s, d->loc.file), d->loc.start);
    assert_int_equal(lc.line, 8);
    assert_int_equal(lc.column, 26);
    assert_string_equal(d->next->msg, "unknown level 'superb'");
}

int main(void)
{
#define T(f) cmocka_unit_test_teardown(f, ctx_teardown)
    const struct CMUnitTest tests[] = {
        T(dimension_default_propagates),
        T(practice_beats_domain),
        T(sector_beats_body),
        T(system_beats_sector),
        T(nested_system_beats_both),
        T(layers_apply_per_node_then_propagate),
        T(layers_across_inheritance),
        T(forced_beats_lower_practice_setting),
        T(forced_dimension_covers_all_practices),
        T(scope_only_settings),
        T(sector_keyword_as_scope),
        T(final_overrider_no_conflict),
        T(final_overrider_ambiguous),
        T(final_overrider_agreeing),
        T(final_overrider_fixed_by_profile),
        T(final_overrider_per_layer_kind),
        T(provenance_chain_single),
        T(provenance_chain_diamond),
        T(provenance_shadowed_in_block),
        T(requirement_checked_on_every_variant),
        T(values_match_full_variants),
        T(values_match_full_big_models),
        cmocka_unit_test(deep_chain_small_stack),
        cmocka_unit_test(date_calendar),
        T(date_in_source),
        T(level_words),
        T(level_out_of_range),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
