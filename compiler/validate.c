/*
 * validate.c — checks on resolved targets: requirements, the no-target
 * warning and contradictory requirements, over every default variant of
 * every profile.
 *
 * A violated `require` is an error at the setting that produced the value
 * (or at the profile when the value is the default), with a note at the
 * requirement.  The same (setting, requirement) pair is reported once
 * however many variants and derived profiles inherit it.
 */
#include "smmc.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    PtrMap seen; /* Require* → PtrMap* of origins already reported */
    Vec maps;
} Reported;

static bool first_report(Reported *rep, const Require *r, const void *origin)
{
    PtrMap *m = ptrmap_get(&rep->seen, r);
    if (!m) {
        m = xcalloc(1, sizeof *m);
        ptrmap_put(&rep->seen, r, m);
        vec_push(&rep->maps, m);
    }
    if (ptrmap_get(m, origin))
        return false;
    ptrmap_put(m, origin, (void *)1);
    return true;
}

const char *scope_name(int scope)
{
    switch (scope) {
    case SCOPE_GENERAL: return "general";
    case SCOPE_INDUSTRY: return "industry";
    case SCOPE_SYSTEM: return "system";
    default: return "unset";
    }
}

static const char *variant_label(Session *s, const Variant *v)
{
    if (!v->sector && !v->system)
        return v->profile->name;
    return arena_printf(s->arena, "%s%s%s%s%s", v->profile->name, v->sector ? " sector " : "",
                        v->sector ? v->sector : "", v->system ? " system " : "",
                        v->system ? v->system : "");
}

static void violation(Session *s, Reported *rep, const Variant *v, const Require *r, int pi, int attr,
                      int have)
{
    const Model *m = v->profile->model;
    const EffAttr *e = &v->eff[pi * 2 + attr];
    const Setting *w = eff_winner(e);
    const MNode *practice = &m->nodes[m->practices[pi]];
    const void *origin = w ? (const void *)w : (const void *)practice->id;
    if (!first_report(rep, r, origin))
        return;
    Loc at = w ? w->path.loc : v->profile->ast->name.loc;
    int want = attr == 0 ? r->comp.value : r->scope.value;
    const char *op = r->op == REQ_GE ? ">=" : "<=";
    Diag *d;
    if (attr == 0)
        d = diag_at(s, D_REQUIRE, at, "%s: comprehensiveness %d %s the required %s %d (target %s)",
                    practice->id, have, r->op == REQ_GE ? "is below" : "is above", op, want,
                    variant_label(s, v));
    else
        d = diag_at(s, D_REQUIRE, at, "%s: scope %s is %s than the required %s %s (target %s)",
                    practice->id, scope_name(have), r->op == REQ_GE ? "broader" : "narrower", op,
                    scope_name(want), variant_label(s, v));
    if (!w)
        diag_note(s, d, LOC_NONE, "no setting reaches '%s'; it has the default (0, general)",
                  practice->id);
    if (r->because)
        diag_note(s, d, r->path.loc, "required by '%s' here: %s", r->owner->name, r->because);
    else
        diag_note(s, d, r->path.loc, "required by '%s' here", r->owner->name);
}

static void check_requirements(Session *s, const Variant *v, Reported *rep)
{
    const Model *m = v->profile->model;
    for (int l = 0; l < 4; l++) {
        if (!v->layers[l])
            continue;
        for (const ReqLink *rl = v->layers[l]->requires; rl; rl = rl->next) {
            const Require *r = rl->r;
            const MNode *n = &m->nodes[r->node];
            for (int k = 0; k < n->npractices; k++) {
                int pi = n->first_practice + k;
                int c = v->eff[pi * 2].value, sc = v->eff[pi * 2 + 1].value;
                if (r->comp.value >= 0 &&
                    (r->op == REQ_GE ? c < r->comp.value : c > r->comp.value))
                    violation(s, rep, v, r, pi, 0, c);
                if (r->scope.value != SCOPE_UNSET &&
                    (r->op == REQ_GE ? sc < r->scope.value : sc > r->scope.value))
                    violation(s, rep, v, r, pi, 1, sc);
            }
        }
    }
}

static void check_no_target(Session *s, const Variant *v)
{
    const Model *m = v->profile->model;
    for (int pi = 0; pi < m->npractices; pi++) {
        if (v->eff[pi * 2].node >= 0)
            continue;
        Diag *d = diag_at(s, D_NO_TARGET, v->profile->ast->name.loc,
                          "practice '%s' has no target in profile '%s'; it defaults to 0 (not required)",
                          m->nodes[m->practices[pi]].id, v->profile->name);
        diag_note(s, d, LOC_NONE, "set it, its domain '%s' or its dimension '%s'",
                  m->nodes[m->nodes[m->practices[pi]].parent].id,
                  m->nodes[m->nodes[m->nodes[m->practices[pi]].parent].parent].id);
    }
}

typedef struct {
    Reported rep;
} ValidateState;

static void validate_one(Session *s, Variant *v, void *arg)
{
    ValidateState *st = arg;
    check_requirements(s, v, &st->rep);
    if (!v->sector && !v->system)
        check_no_target(s, v);
}

void validate_profiles(Session *s)
{
    ValidateState st = {0};
    Variant v = {0};
    for (size_t i = 0; i < s->prog->profiles.n && !s->too_many_errors; i++)
        for_each_default_variant(s, s->prog->profiles.v[i], &v, validate_one, &st);
    variant_free(&v);
    for (size_t i = 0; i < st.rep.maps.n; i++) {
        ptrmap_free(st.rep.maps.v[i]);
        free(st.rep.maps.v[i]);
    }
    vec_free(&st.rep.maps);
    ptrmap_free(&st.rep.seen);
}

void validate_variant(Session *s, Variant *v)
{
    ValidateState st = {0};
    validate_one(s, v, &st);
    for (size_t i = 0; i < st.rep.maps.n; i++) {
        ptrmap_free(st.rep.maps.v[i]);
        free(st.rep.maps.v[i]);
    }
    vec_free(&st.rep.maps);
    ptrmap_free(&st.rep.seen);
}
