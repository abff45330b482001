/*
 * validate.c — checks on resolved targets: requirements, the no-target
 * warning and contradictory requirements, over every default variant of
 * every profile.
 *
 * A violated `require` is an error at the setting that produced the value
 * (or at the profile when the value is the default), with a note at the
 * requirement.  The same (setting, requirement, attribute) is reported once
 * however many practices, variants and derived profiles inherit it, and the
 * practices that keep the default are named together in one error.  A floor
 * above a ceiling is a warning of its own, once per pair of requirements.
 */
#include "smmc.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    PtrMap seen; /* Require* → PtrMap* of origins already reported */
    Vec maps;
} Reported;

/* r is the key of a requirement (or of one of its attributes: r + attr). */
static bool first_report(Reported *rep, const void *r, const void *origin)
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

static const char *attr_word(int attr)
{
    return attr == 0 ? "comprehensiveness" : "scope";
}

static const char *value_text(Session *s, int attr, int value)
{
    return attr == 0 ? arena_printf(s->arena, "%d", value) : scope_name(value);
}

static void required_by(Session *s, Diag *d, const Require *r)
{
    if (r->because)
        diag_note(s, d, r->path.loc, "required by '%s' here: %s", r->owner->name, r->because);
    else
        diag_note(s, d, r->path.loc, "required by '%s' here", r->owner->name);
}

/* A value that a setting produced breaks r: one error at the setting, per
 * (requirement, attribute, setting) however many practices, variants and
 * derived profiles share it.  Scopes rank general < industry < system. */
static void violation(Session *s, Reported *rep, const Variant *v, const Require *r, int pi, int attr,
                      int have)
{
    const Model *m = v->profile->model;
    const Setting *w = eff_winner(&v->eff[pi * 2 + attr]);
    if (!first_report(rep, (const char *)r + attr, w))
        return;
    const MNode *practice = &m->nodes[m->practices[pi]];
    int want = attr == 0 ? r->comp.value : r->scope.value;
    Diag *d = diag_at(s, D_REQUIRE, w->path.loc, "%s: %s %s is %s the required %s %s (target %s)",
                      practice->id, attr_word(attr), value_text(s, attr, have),
                      r->op == REQ_GE ? "below" : "above", r->op == REQ_GE ? ">=" : "<=",
                      value_text(s, attr, want), variant_label(s, v));
    required_by(s, d, r);
}

/* Practices that no setting reaches keep the default (0, general); when that
 * breaks r, one error at the profile names them all. */
static void default_violation(Session *s, Reported *rep, const Variant *v, const Require *r, int attr,
                              const Vec *pis)
{
    if (!first_report(rep, (const char *)r + attr, r))
        return;
    const Model *m = v->profile->model;
    int want = attr == 0 ? r->comp.value : r->scope.value;
    const char *op = r->op == REQ_GE ? ">=" : "<=";
    const char *dflt = attr == 0 ? "0" : "general";
    Diag *d;
    if (pis->n == 1) {
        const MNode *practice = &m->nodes[m->practices[(int)(intptr_t)pis->v[0]]];
        d = diag_at(s, D_REQUIRE, v->profile->ast->name.loc,
                    "%s: no setting gives it a %s, and the default %s is %s the required %s %s (target %s)",
                    practice->id, attr_word(attr), dflt, r->op == REQ_GE ? "below" : "above", op,
                    value_text(s, attr, want), variant_label(s, v));
    } else {
        d = diag_at(s, D_REQUIRE, v->profile->ast->name.loc,
                    "%zu practices under '%s' have no %s setting, and the default %s is %s the required %s %s (target %s)",
                    pis->n, m->nodes[r->node].id, attr_word(attr), dflt, r->op == REQ_GE ? "below" : "above", op,
                    value_text(s, attr, want), variant_label(s, v));
        Buf b = {0};
        for (size_t i = 0; i < pis->n; i++)
            buf_printf(&b, "%s%s", i ? ", " : "", m->nodes[m->practices[(int)(intptr_t)pis->v[i]]].id);
        diag_note(s, d, LOC_NONE, "the practices: %s", buf_cstr(&b));
        buf_free(&b);
    }
    required_by(s, d, r);
}

static bool breaks(const Require *r, int attr, int value)
{
    int want = attr == 0 ? r->comp.value : r->scope.value;
    if (attr == 0 ? want < 0 : want == SCOPE_UNSET)
        return false;
    return r->op == REQ_GE ? value < want : value > want;
}

/*
 * Work another variant did already.  Each finding is reported once per key
 * (requirement and attribute, plus the setting that produced the value or
 * the pair of requirements), so checking a requirement on a practice whose
 * effective value (winner and value) is the same as in a variant checked
 * before in this run can only find what that variant found: it is skipped.
 * The reference variant is
 *   - the same variant of the profile's only parent, when the parent was
 *     checked before and has that variant: each layer is the parent's plus
 *     the profile's own blocks, so only the practices the profile's own
 *     settings reach can differ, and only its own requirements are new;
 *   - else, for a sector or system variant, its profile's base variant
 *     (checked just before): the body requirements are the same, the
 *     practices whose values differ are found by comparing, and the
 *     requirements of the other layers are new.
 * Practices are bit masks, so models of more than 64 practices skip nothing.
 */
typedef struct {
    enum { REF_NONE, REF_PARENT, REF_BASE } ref;
    uint64_t fresh;    /* practices whose effective values may differ */
    uint64_t covered;  /* practices under some new requirement */
} Skip;

static uint64_t practice_bits(const MNode *n)
{
    uint64_t ones = n->npractices >= 64 ? ~0ull : (1ull << n->npractices) - 1;
    return n->first_practice >= 64 ? 0 : ones << n->first_practice;
}

/* r was already checked in the reference variant (for the practices whose
 * values did not change) */
static bool old_requirement(const Skip *k, const Variant *v, int layer, const Require *r)
{
    return k->ref == REF_PARENT ? r->owner != v->profile : k->ref == REF_BASE && layer == 3;
}

static void check_requirements(Session *s, const Variant *v, Reported *rep, const Skip *skip)
{
    const Model *m = v->profile->model;
    for (int l = 3; l >= 0; l--) {
        if (!v->layers[l])
            continue;
        for (const ReqLink *rl = v->layers[l]->requires; rl; rl = rl->next) {
            const Require *r = rl->r;
            const MNode *n = &m->nodes[r->node];
            bool old = old_requirement(skip, v, l, r);
            if (old && !(skip->fresh & practice_bits(n)))
                continue;
            for (int attr = 0; attr < 2; attr++) {
                if (attr == 0 ? r->comp.value < 0 : r->scope.value == SCOPE_UNSET)
                    continue; /* breaks() is false for every practice */
                Vec defaults = {0};
                for (int k = 0; k < n->npractices; k++) {
                    int pi = n->first_practice + k;
                    if (old && !(skip->fresh >> pi & 1))
                        continue;
                    const EffAttr *e = &v->eff[pi * 2 + attr];
                    if (!breaks(r, attr, e->value))
                        continue;
                    if (eff_winner(e))
                        violation(s, rep, v, r, pi, attr, e->value);
                    else
                        vec_push(&defaults, (void *)(intptr_t)pi);
                }
                if (defaults.n) {
                    default_violation(s, rep, v, r, attr, &defaults);
                    vec_free(&defaults);
                }
            }
        }
    }
}

static bool loc_before(Loc a, Loc b)
{
    return a.file != b.file ? a.file < b.file : a.start < b.start;
}

/* A floor above a ceiling on the same practice can never be met: warn once
 * per pair of requirements, at the later one (the violation that follows
 * is then explained). */
static void check_conflicts(Session *s, const Variant *v, Reported *rep, const Skip *skip)
{
    const Model *m = v->profile->model;
    /* with a reference variant, only practices under a new requirement can
     * meet a pair of requirements it did not */
    if (skip->ref != REF_NONE && !skip->covered)
        return;
    /* no floor or no ceiling at all: nothing can conflict */
    bool any_ge = false, any_le = false;
    for (int l = 3; l >= 0; l--)
        for (const ReqLink *rl = v->layers[l] ? v->layers[l]->requires : NULL; rl; rl = rl->next) {
            any_ge |= rl->r->op == REQ_GE;
            any_le |= rl->r->op != REQ_GE;
        }
    if (!any_ge || !any_le)
        return;
    /* The highest floor and lowest ceiling per practice and attribute, in
     * one pass over the requirements; each (practice, attribute) meets them
     * in the order layer 3..0, chain order, so ties go to the first. */
    int nk = m->npractices * 2;
    const Require *buf[2 * 256];
    const Require **floors = nk <= 256 ? buf : xmalloc(sizeof *floors * 2 * (size_t)nk);
    const Require **ceilings = floors + nk;
    memset(floors, 0, sizeof *floors * 2 * (size_t)nk);
    for (int l = 3; l >= 0; l--)
        for (const ReqLink *rl = v->layers[l] ? v->layers[l]->requires : NULL; rl; rl = rl->next) {
            const Require *r = rl->r;
            const MNode *n = &m->nodes[r->node];
            if (skip->ref != REF_NONE && !(skip->covered & practice_bits(n)))
                continue;
            const Require **best = r->op == REQ_GE ? floors : ceilings;
            for (int attr = 0; attr < 2; attr++) {
                int want = attr == 0 ? r->comp.value : r->scope.value;
                if (attr == 0 ? want < 0 : want == SCOPE_UNSET)
                    continue;
                for (int k = 0; k < n->npractices; k++) {
                    const Require **slot = &best[(n->first_practice + k) * 2 + attr];
                    int have = *slot ? (attr == 0 ? (*slot)->comp.value : (*slot)->scope.value) : 0;
                    if (!*slot || (r->op == REQ_GE ? want > have : want < have))
                        *slot = r;
                }
            }
        }
    for (int pi = 0; pi < m->npractices; pi++) {
        int node = m->practices[pi];
        if (skip->ref != REF_NONE && !(skip->covered >> pi & 1))
            continue;
        for (int attr = 0; attr < 2; attr++) {
            const Require *floor = floors[pi * 2 + attr], *ceiling = ceilings[pi * 2 + attr];
            if (!floor || !ceiling)
                continue;
            int lo = attr == 0 ? floor->comp.value : floor->scope.value;
            int hi = attr == 0 ? ceiling->comp.value : ceiling->scope.value;
            if (lo <= hi || !first_report(rep, floor, ceiling))
                continue;
            const Require *later = loc_before(floor->loc, ceiling->loc) ? ceiling : floor;
            const Require *other = later == floor ? ceiling : floor;
            Diag *d = diag_at(s, D_UNSATISFIABLE, later->path.loc,
                              "requirements on '%s' conflict: %s >= %s and <= %s cannot both hold (target %s)",
                              m->nodes[node].id, attr_word(attr), value_text(s, attr, lo), value_text(s, attr, hi),
                              variant_label(s, v));
            diag_note(s, d, other->path.loc, "the other requirement, by '%s'", other->owner->name);
        }
    }
    if (floors != buf)
        free(floors);
}

/* Practices that no setting reaches: one warning per profile, naming them. */
static void check_no_target(Session *s, const Variant *v)
{
    const Model *m = v->profile->model;
    Vec unset = {0};
    for (int pi = 0; pi < m->npractices; pi++)
        if (v->eff[pi * 2].node < 0)
            vec_push(&unset, (void *)(intptr_t)pi);
    if (unset.n == 1) {
        const MNode *n = &m->nodes[m->practices[(int)(intptr_t)unset.v[0]]];
        Diag *d = diag_at(s, D_NO_TARGET, v->profile->ast->name.loc,
                          "practice '%s' has no target in profile '%s'; it defaults to 0 (not required)", n->id,
                          v->profile->name);
        diag_note(s, d, LOC_NONE, "set it, its domain '%s' or its dimension '%s'", m->nodes[n->parent].id,
                  m->nodes[m->nodes[n->parent].parent].id);
    } else if (unset.n > 1) {
        Buf b = {0};
        for (size_t i = 0; i < unset.n; i++)
            buf_printf(&b, "%s%s", i ? ", " : "", m->nodes[m->practices[(int)(intptr_t)unset.v[i]]].id);
        Diag *d = diag_at(s, D_NO_TARGET, v->profile->ast->name.loc,
                          "%zu practices have no target in profile '%s'; they default to 0 (not required)",
                          unset.n, v->profile->name);
        diag_note(s, d, LOC_NONE, "the practices: %s", buf_cstr(&b));
        diag_note(s, d, LOC_NONE, "set each, or their domain or dimension");
        buf_free(&b);
    }
    vec_free(&unset);
}

typedef struct {
    Reported rep;
    Reported conflicts;
    PtrMap checked;           /* profiles whose base variant was checked */
    const Profile *base_done; /* the last of them, */
    EffAttr *base;            /* and its base variant's values */
    size_t base_n;            /* entries base has room for */
} ValidateState;

/* What p's own settings in block b reach, and its own requirements cover. */
static void own_block(const Model *m, const Block *b, Skip *k)
{
    for (const Setting *set = b->settings; set; set = set->next)
        if (set->node >= 0)
            k->fresh |= practice_bits(&m->nodes[set->node]);
    for (const Require *r = b->requires; r; r = r->next)
        if (r->node >= 0)
            k->covered |= practice_bits(&m->nodes[r->node]);
}

/* Does q have the default variant (sector, system)? */
static bool has_variant(const Profile *q, const char *sector, const char *system)
{
    if (!sector && !system)
        return true;
    if (!system) {
        for (int i = 0; i < q->nsectors; i++)
            if (q->sectors[i] == sector)
                return true;
    } else if (!sector) {
        for (int i = 0; i < q->nsystems; i++)
            if (q->systems[i] == system)
                return true;
    } else {
        for (int i = 0; i < q->nnested; i++)
            if (q->nested[2 * i] == sector && q->nested[2 * i + 1] == system)
                return true;
    }
    return false;
}

/* The reference variant of v, if any (see Skip). */
static Skip skip_for(ValidateState *st, const Variant *v)
{
    const Profile *p = v->profile;
    const Model *m = p->model;
    Skip k = {REF_NONE, 0, 0};
    if (m->npractices > 64)
        return k;
    if (p->nparents == 1 && ptrmap_get(&st->checked, p->parents[0]) &&
        has_variant(p->parents[0], v->sector, v->system)) {
        /* p's own blocks that make up the layers of the variant */
        k.ref = REF_PARENT;
        own_block(m, &p->ast->body, &k);
        for (const Block *b = p->ast->sectors; b && v->sector; b = b->next)
            if (b->name.text == v->sector) {
                own_block(m, b, &k);
                for (const Block *y = b->systems; y && v->system; y = y->next)
                    if (y->name.text == v->system)
                        own_block(m, y, &k);
            }
        for (const Block *b = p->ast->systems; b && v->system; b = b->next)
            if (b->name.text == v->system)
                own_block(m, b, &k);
        return k;
    }
    if ((!v->sector && !v->system) || st->base_done != p)
        return k;
    k.ref = REF_BASE;
    for (int pi = 0; pi < m->npractices; pi++)
        if (memcmp(&v->eff[pi * 2], &st->base[pi * 2], 2 * sizeof *st->base))
            k.fresh |= 1ull << pi;
    for (int l = 0; l < 3; l++)
        for (const ReqLink *rl = v->layers[l] ? v->layers[l]->requires : NULL; rl; rl = rl->next)
            k.covered |= practice_bits(&m->nodes[rl->r->node]);
    return k;
}

static void reported_free(Reported *rep)
{
    for (size_t i = 0; i < rep->maps.n; i++) {
        ptrmap_free(rep->maps.v[i]);
        free(rep->maps.v[i]);
    }
    vec_free(&rep->maps);
    ptrmap_free(&rep->seen);
}

static void validate_one(Session *s, Variant *v, void *arg)
{
    ValidateState *st = arg;
    Skip skip = skip_for(st, v);
    check_conflicts(s, v, &st->conflicts, &skip);
    check_requirements(s, v, &st->rep, &skip);
    if (!v->sector && !v->system) {
        check_no_target(s, v);
        size_t n = (size_t)v->profile->model->npractices * 2;
        if (st->base_n < n) {
            free(st->base);
            st->base = xmalloc(sizeof *st->base * n);
            st->base_n = n;
        }
        memcpy(st->base, v->eff, sizeof *st->base * n);
        st->base_done = v->profile;
        ptrmap_put(&st->checked, v->profile, (void *)1);
    }
}

void validate_profiles(Session *s)
{
    ValidateState st = {0};
    Variant v = {0};
    for (size_t i = 0; i < s->prog->profiles.n && !s->too_many_errors; i++)
        for_each_default_variant(s, s->prog->profiles.v[i], &v, validate_one, &st);
    variant_free(&v);
    reported_free(&st.rep);
    reported_free(&st.conflicts);
    ptrmap_free(&st.checked);
    free(st.base);
}
