/*
 * validate.c — checks on resolved targets: requirements, the no-target
 * warning and contradictory requirements, over every default variant of
 * every profile.
 *
 * A violated `require` is an error at whichever of the setting that produced
 * the value and the requirement belongs to the more derived profile (the
 * setting on a tie), with a note at the other; at the profile when the
 * value is the default.  One (setting, requirement) pair is one error,
 * naming every attribute that fails and the variants it fails in, however
 * many practices, variants and derived profiles inherit it; the practices
 * that keep the default are named together in one error.  A floor above a
 * ceiling is a warning of its own, once per pair of requirements.
 *
 * The work runs on several threads, each profile after all its parents
 * (whose memoized layers are then complete and only read).  A thread records what it
 * finds as *findings* in the profile's list, in the order it finds them —
 * diagnostics made while resolving layers (ambiguous targets) included —
 * and reports nothing.  Then the main thread replays the lists in profile
 * order: reporting once per key, the labels and the order of the
 * diagnostics are those of a single thread going through the profiles in
 * order, whatever -j is.
 */
#include "smmc.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    PtrMap seen; /* Require* → PtrMap* of origins already reported */
    Vec maps;
} Reported;

/* What a check found in one variant, to be reported (or not: once per key)
 * when the lists are replayed in profile order. */
typedef enum {
    F_DIAG,      /* a diagnostic made while resolving layers */
    F_VIOLATION, /* a setting's value breaks r */
    F_DEFAULT,   /* practices left at the default break r */
    F_CONFLICT,  /* a floor above a ceiling */
    F_NO_TARGET, /* practices no setting reaches */
} FindingKind;

typedef struct Finding {
    FindingKind kind;
    const Profile *profile; /* the variant */
    const char *sector, *system;
    Diag *diag;             /* F_DIAG */
    const Require *r;       /* F_VIOLATION, F_DEFAULT; F_CONFLICT: the floor */
    const Require *ceiling; /* F_CONFLICT */
    const Setting *winner;  /* F_VIOLATION */
    int attr, pi, have;     /* F_VIOLATION; attr, pi also F_DEFAULT / F_CONFLICT */
    int lo, hi;             /* F_CONFLICT */
    int *pis, npis;         /* F_DEFAULT, F_NO_TARGET: practice indices */
    struct Finding *next;
} Finding;

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

static const char *variant_label(Session *s, const Finding *f)
{
    if (!f->sector && !f->system)
        return f->profile->name;
    return arena_printf(s->arena, "%s%s%s%s%s", f->profile->name, f->sector ? " sector " : "",
                        f->sector ? f->sector : "", f->system ? " system " : "",
                        f->system ? f->system : "");
}

static const char *attr_word(int attr)
{
    return attr == 0 ? "comprehensiveness" : "scope";
}

static const char *value_text(Session *s, int attr, int value)
{
    return attr == 0 ? arena_printf(s->arena, "%d", value) : scope_name(value);
}

/* "patches >= 3 industry": what r asks, as written. */
static const char *bound_text(Session *s, const Require *r)
{
    const char *op = r->op == REQ_GE ? ">=" : "<=";
    const char *comp = r->comp.value >= 0 ? arena_printf(s->arena, " %d", r->comp.value) : "";
    const char *scope = r->scope.value != SCOPE_UNSET ? arena_printf(s->arena, " %s", scope_name(r->scope.value)) : "";
    return arena_printf(s->arena, "%s %s%s%s", r->path.text, op, comp, scope);
}

static void required_by(Session *s, Diag *d, const Require *r)
{
    const char *bound = bound_text(s, r);
    if (r->because)
        diag_note(s, d, r->path.loc, "required by '%s' here (%s): %s", r->owner->name, bound, r->because);
    else
        diag_note(s, d, r->path.loc, "required by '%s' here (%s)", r->owner->name, bound);
}

/*
 * One (setting, requirement) pair breaks in some variants, on one or both
 * attributes: one error for all of it.  The first replay pass gathers the
 * pair's findings; the second reports it where its first finding stands in
 * profile order.
 */
enum { SHOWN_VARIANTS = 4 }; /* variants named in the message; the rest are counted */

typedef struct {
    const Finding *axis[2]; /* per attribute, the first finding that breaks it */
    const Finding *shown[SHOWN_VARIANTS];
    const Finding *last;    /* the last variant counted */
    int nvariants;
    bool reported;
} Violation;

static bool same_variant(const Finding *a, const Finding *b)
{
    return a->profile == b->profile && a->sector == b->sector && a->system == b->system;
}

static Violation *violation_of(Session *s, Reported *rep, const Finding *f, bool add)
{
    PtrMap *m = ptrmap_get(&rep->seen, f->r);
    if (!m) {
        if (!add)
            return NULL;
        m = xcalloc(1, sizeof *m);
        ptrmap_put(&rep->seen, f->r, m);
        vec_push(&rep->maps, m);
    }
    Violation *v = ptrmap_get(m, f->winner);
    if (!v && add) {
        v = arena_alloc(s->arena, sizeof *v);
        memset(v, 0, sizeof *v);
        ptrmap_put(m, f->winner, v);
    }
    return v;
}

static void gather_violation(Session *s, Reported *rep, const Finding *f)
{
    Violation *v = violation_of(s, rep, f, true);
    if (!v->axis[f->attr])
        v->axis[f->attr] = f;
    if (v->last && same_variant(v->last, f))
        return;
    if (v->nvariants < SHOWN_VARIANTS)
        v->shown[v->nvariants] = f;
    v->nvariants++;
    v->last = f;
}

/* "q, q system legacy and 3 more": the variants the pair breaks in. */
static const char *variant_list(Session *s, const Violation *v)
{
    Buf b = {0};
    int n = v->nvariants < SHOWN_VARIANTS ? v->nvariants : SHOWN_VARIANTS;
    buf_printf(&b, "target%s ", v->nvariants > 1 ? "s" : "");
    for (int i = 0; i < n; i++)
        buf_printf(&b, "%s%s", i == 0 ? "" : i + 1 == v->nvariants ? " and " : ", ", variant_label(s, v->shown[i]));
    if (v->nvariants > n)
        buf_printf(&b, " and %d more", v->nvariants - n);
    const char *text = arena_strdup(s->arena, buf_cstr(&b));
    buf_free(&b);
    return text;
}

/* "program: comprehensiveness 2 is below the required >= 3, scope general
 * is below the required >= industry": every attribute the pair breaks. */
static const char *axes_text(Session *s, const Violation *v)
{
    Buf b = {0};
    const MNode *named = NULL;
    for (int attr = 0; attr < 2; attr++) {
        const Finding *f = v->axis[attr];
        if (!f)
            continue;
        const Model *m = f->profile->model;
        const MNode *practice = &m->nodes[m->practices[f->pi]];
        if (named)
            buf_printf(&b, ", ");
        if (practice != named)
            buf_printf(&b, "%s: ", practice->id);
        named = practice;
        buf_printf(&b, "%s %s is %s the required %s %s", attr_word(attr), value_text(s, attr, f->have),
                   f->r->op == REQ_GE ? "below" : "above", f->r->op == REQ_GE ? ">=" : "<=",
                   value_text(s, attr, require_want(f->r, attr)));
    }
    const char *text = arena_strdup(s->arena, buf_cstr(&b));
    buf_free(&b);
    return text;
}

/* The error stands at whichever of the setting and the requirement belongs
 * to the more derived profile (nearer the variant's profile in its
 * linearization; the setting on a tie), with a note at the other: the
 * newest change is the one to fix. */
static void report_violation(Session *s, Reported *rep, const Finding *f)
{
    Violation *v = violation_of(s, rep, f, false);
    if (!v || v->reported)
        return;
    v->reported = true;
    const Require *r = f->r;
    const Setting *set = f->winner;
    bool at_require = mro_index(f->profile, r->owner) < mro_index(f->profile, set->owner);
    Diag *d = diag_at(s, D_REQUIRE, at_require ? r->path.loc : set->path.loc, "%s (%s)", axes_text(s, v),
                      variant_list(s, v));
    /* At the requirement, the message and the quoted line already say what
     * it asks and why: the note goes to the setting alone. */
    if (at_require)
        diag_note(s, d, set->path.loc, "the value is set by '%s' here", set->owner->name);
    else
        required_by(s, d, r);
}

/* "a, b, c": the ids of f's practices. */
static const char *practice_list(Session *s, const Model *m, const Finding *f)
{
    Buf b = {0};
    for (int i = 0; i < f->npis; i++)
        buf_printf(&b, "%s%s", i ? ", " : "", m->nodes[m->practices[f->pis[i]]].id);
    const char *text = arena_strdup(s->arena, buf_cstr(&b));
    buf_free(&b);
    return text;
}

/* Practices that no setting reaches keep the default (0, general); when that
 * breaks r, one error at the profile names them all. */
static void report_default(Session *s, Reported *rep, const Finding *f)
{
    const Require *r = f->r;
    int attr = f->attr;
    if (!first_report(rep, (const char *)r + attr, r))
        return;
    const Model *m = f->profile->model;
    int want = require_want(r, attr);
    const char *op = r->op == REQ_GE ? ">=" : "<=";
    const char *dflt = attr == 0 ? "0" : "general";
    Diag *d;
    if (f->npis == 1) {
        const MNode *practice = &m->nodes[m->practices[f->pis[0]]];
        d = diag_at(s, D_REQUIRE, f->profile->ast->name.loc,
                    "%s: no setting gives it a %s, and the default %s is %s the required %s %s (target %s)",
                    practice->id, attr_word(attr), dflt, r->op == REQ_GE ? "below" : "above", op,
                    value_text(s, attr, want), variant_label(s, f));
    } else {
        d = diag_at(s, D_REQUIRE, f->profile->ast->name.loc,
                    "%d practices under '%s' have no %s setting, and the default %s is %s the required %s %s (target %s)",
                    f->npis, m->nodes[r->node].id, attr_word(attr), dflt, r->op == REQ_GE ? "below" : "above", op,
                    value_text(s, attr, want), variant_label(s, f));
        diag_note(s, d, LOC_NONE, "the practices: %s", practice_list(s, m, f));
    }
    required_by(s, d, r);
}

static bool breaks(const Require *r, int attr, int value)
{
    int want = require_want(r, attr);
    if (want < 0)
        return false;
    return r->op == REQ_GE ? value < want : value > want;
}

/* One thread's state: where its findings go, and its scratch. */
typedef struct {
    Session *sink;            /* arena for layers; diagnostics made while resolving */
    Diag **taken;             /* the sink's diagnostics before this are recorded */
    Finding **tail;           /* the current profile's list */
    Variant v;
    /* the checks' working arrays, sized once for the largest model: two
     * pointers per attribute (the largest use, check_conflicts) */
    void *scratch;
} Worker;

static Finding *add_finding(Worker *w, FindingKind kind, const Variant *v)
{
    Finding *f = arena_alloc(w->sink->arena, sizeof *f);
    f->kind = kind;
    f->profile = v->profile;
    f->sector = v->sector;
    f->system = v->system;
    *w->tail = f;
    w->tail = &f->next;
    return f;
}

static void set_pis(Worker *w, Finding *f, const int *pis, int n)
{
    f->pis = arena_alloc(w->sink->arena, sizeof *f->pis * (size_t)n);
    memcpy(f->pis, pis, sizeof *f->pis * (size_t)n);
    f->npis = n;
}

/* Does any practice's value break a requirement of layer l?  The layer's
 * bounds answer without walking its requirement chain. */
static bool layer_broken(const Variant *v, int l)
{
    const MergedLayer *layer = v->layers[l];
    if (!layer || !layer->bounds)
        return false;
    int nk = v->profile->model->npractices * 2;
    const signed char *lo = layer->bounds, *hi = layer->bounds + nk;
    unsigned char broken = 0;
    for (int k = 0; k < nk; k++)
        broken |= (unsigned char)((v->val[k] < lo[k]) | (v->val[k] > hi[k]));
    return broken;
}

/* What the requirements of all of v's layers allow together, practice by
 * practice: nothing breaks a requirement when every value lies within, and
 * no two requirements conflict when no floor lies above a ceiling.  In a
 * valid library both hold for nearly every variant, and this one pass over
 * packed bytes is all the checking done. */
typedef struct {
    bool broken; /* some value lies outside: check the layers one by one */
    bool clash;  /* some floor lies above a ceiling */
} BoundsTest;

static BoundsTest test_bounds(Worker *w, const Variant *v)
{
    BoundsTest t = {false, false};
    int nk = v->profile->model->npractices * 2;
    signed char *lo = w->scratch, *hi = lo + nk;
    bool any = false;
    for (int l = 0; l < 4; l++) {
        const signed char *b = v->layers[l] ? v->layers[l]->bounds : NULL;
        if (!b)
            continue;
        if (!any) {
            memcpy(lo, b, (size_t)nk);
            memcpy(hi, b + nk, (size_t)nk);
            any = true;
            continue;
        }
        for (int k = 0; k < nk; k++) {
            lo[k] = b[k] > lo[k] ? b[k] : lo[k];
            hi[k] = b[nk + k] < hi[k] ? b[nk + k] : hi[k];
        }
    }
    if (!any)
        return t;
    unsigned char found = 0; /* 1: broken, 2: clash (a byte, so the loop vectorizes) */
    for (int k = 0; k < nk; k++)
        found |= (unsigned char)((v->val[k] < lo[k]) | (v->val[k] > hi[k]) | (lo[k] > hi[k]) << 1);
    t.broken = found & 1;
    t.clash = found >> 1 & 1;
    return t;
}

static void check_requirements(Worker *w, const Variant *v)
{
    const Model *m = v->profile->model;
    int *defaults = w->scratch;
    for (int l = 3; l >= 0; l--) {
        if (!layer_broken(v, l))
            continue;
        for (const ReqLink *rl = v->layers[l]->requires; rl; rl = rl->next) {
            const Require *r = rl->r;
            const MNode *n = &m->nodes[r->node];
            for (int attr = 0; attr < 2; attr++) {
                if (require_want(r, attr) < 0)
                    continue; /* breaks() is false for every practice */
                int ndefaults = 0;
                const Setting *last = NULL; /* the same winner again adds nothing */
                for (int k = 0; k < n->npractices; k++) {
                    int pi = n->first_practice + k;
                    const EffAttr *e = &v->eff[pi * 2 + attr];
                    if (!breaks(r, attr, e->value))
                        continue;
                    const Setting *win = eff_winner(e);
                    if (win && win != last) {
                        last = win;
                        Finding *f = add_finding(w, F_VIOLATION, v);
                        f->r = r, f->attr = attr, f->pi = pi, f->have = e->value, f->winner = win;
                    } else if (!win) {
                        defaults[ndefaults++] = pi;
                    }
                }
                if (ndefaults) {
                    Finding *f = add_finding(w, F_DEFAULT, v);
                    f->r = r, f->attr = attr;
                    set_pis(w, f, defaults, ndefaults);
                }
            }
        }
    }
}

/* Which of two requirements comes later in the sources (load order). */
static bool loc_before(Session *s, Loc a, Loc b)
{
    if (a.file != b.file) {
        const SourceFile *fa = source_get(s, a.file), *fb = source_get(s, b.file);
        return fa && fb ? fa->order < fb->order : a.file < b.file;
    }
    return a.start < b.start;
}

/* A floor above a ceiling on the same practice can never be met. */
static void check_conflicts(Worker *w, const Variant *v)
{
    const Model *m = v->profile->model;
    /* The highest floor and lowest ceiling per practice and attribute, in
     * one pass over the requirements; each (practice, attribute) meets them
     * in the order layer 3..0, chain order, so ties go to the first. */
    int nk = m->npractices * 2;
    const Require **floors = w->scratch;
    const Require **ceilings = floors + nk;
    memset(floors, 0, sizeof *floors * 2 * (size_t)nk);
    for (int l = 3; l >= 0; l--)
        for (const ReqLink *rl = v->layers[l] ? v->layers[l]->requires : NULL; rl; rl = rl->next) {
            const Require *r = rl->r;
            const MNode *n = &m->nodes[r->node];
            const Require **best = r->op == REQ_GE ? floors : ceilings;
            for (int attr = 0; attr < 2; attr++) {
                int want = require_want(r, attr);
                if (want < 0)
                    continue;
                for (int k = 0; k < n->npractices; k++) {
                    const Require **slot = &best[(n->first_practice + k) * 2 + attr];
                    int have = *slot ? require_want(*slot, attr) : 0;
                    if (!*slot || (r->op == REQ_GE ? want > have : want < have))
                        *slot = r;
                }
            }
        }
    for (int pi = 0; pi < m->npractices; pi++) {
        for (int attr = 0; attr < 2; attr++) {
            const Require *floor = floors[pi * 2 + attr], *ceiling = ceilings[pi * 2 + attr];
            if (!floor || !ceiling)
                continue;
            int lo = require_want(floor, attr), hi = require_want(ceiling, attr);
            if (lo <= hi)
                continue;
            Finding *f = add_finding(w, F_CONFLICT, v);
            f->r = floor, f->ceiling = ceiling, f->pi = pi, f->attr = attr, f->lo = lo, f->hi = hi;
        }
    }
}

/* Warn once per pair of requirements, at the later one (the violation that
 * follows is then explained). */
static void report_conflict(Session *s, Reported *rep, const Finding *f)
{
    const Require *floor = f->r, *ceiling = f->ceiling;
    if (!first_report(rep, floor, ceiling))
        return;
    const Model *m = f->profile->model;
    const Require *later = loc_before(s, floor->loc, ceiling->loc) ? ceiling : floor;
    const Require *other = later == floor ? ceiling : floor;
    Diag *d = diag_at(s, D_UNSATISFIABLE, later->path.loc,
                      "requirements on '%s' conflict: %s >= %s and <= %s cannot both hold (target %s)",
                      m->nodes[m->practices[f->pi]].id, attr_word(f->attr), value_text(s, f->attr, f->lo),
                      value_text(s, f->attr, f->hi), variant_label(s, f));
    diag_note(s, d, other->path.loc, "the other requirement, by '%s'", other->owner->name);
}

/* Practices that no setting reaches: one warning per profile, naming them. */
static void check_no_target(Worker *w, const Variant *v)
{
    const Model *m = v->profile->model;
    int *unset = w->scratch;
    int n = 0;
    for (int pi = 0; pi < m->npractices; pi++)
        if (!variant_reaches(v, pi * 2))
            unset[n++] = pi;
    if (n)
        set_pis(w, add_finding(w, F_NO_TARGET, v), unset, n);
}

static void report_no_target(Session *s, const Finding *f)
{
    const Model *m = f->profile->model;
    if (f->npis == 1) {
        const MNode *n = &m->nodes[m->practices[f->pis[0]]];
        Diag *d = diag_at(s, D_NO_TARGET, f->profile->ast->name.loc,
                          "practice '%s' has no target in profile '%s'; it defaults to 0 (not required)", n->id,
                          f->profile->name);
        diag_note(s, d, LOC_NONE, "set it, its domain '%s' or its dimension '%s'", m->nodes[n->parent].id,
                  m->nodes[m->nodes[n->parent].parent].id);
    } else {
        Diag *d = diag_at(s, D_NO_TARGET, f->profile->ast->name.loc,
                          "%d practices have no target in profile '%s'; they default to 0 (not required)",
                          f->npis, f->profile->name);
        diag_note(s, d, LOC_NONE, "the practices: %s", practice_list(s, m, f));
        diag_note(s, d, LOC_NONE, "set each, or their domain or dimension");
    }
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

/* Diagnostics the sink got since the last call (resolving v's layers):
 * recorded in order, before v's own findings. */
static void take_diagnostics(Worker *w, const Variant *v)
{
    for (Diag *d = *w->taken; d; d = d->next) {
        add_finding(w, F_DIAG, v)->diag = d;
        w->taken = &d->next;
    }
}

static void validate_one(Session *sink, Variant *v, void *arg)
{
    Worker *w = arg;
    take_diagnostics(w, v);
    BoundsTest t = test_bounds(w, v);
    if (t.broken || t.clash) {
        variant_complete(sink, v); /* the checks name settings: they need eff */
        if (t.clash)
            check_conflicts(w, v);
        if (t.broken)
            check_requirements(w, v);
    }
    if (!v->sector && !v->system)
        check_no_target(w, v);
}

/* ---------------------------------------------------------------- driver
 * Profiles are validated parents first (pool_run_ordered over Program.topo:
 * of the ready profiles the first in topo order goes first, so one thread
 * goes parent then children while the parent's layers are in the cache). */

typedef struct {
    Session *s;
    Worker *workers;
    int nworkers;
    PoolGraph g;
} Validation;

/* Into p->findings; a profile kept whole (reuse.c) has them already. */
static void validate_profile(void *ctx, int worker, size_t t)
{
    Validation *val = ctx;
    Worker *w = &val->workers[worker];
    Profile *p = val->s->prog->topo.v[t];
    if (p->reused)
        return;
    p->findings = NULL;
    w->tail = &p->findings;
    for_each_default_variant(w->sink, p, &w->v, VARIANT_VALUES, validate_one, w);
    p->validated = true;
}

/* The inheritance graph over topo indices: a profile's predecessors are its
 * parents. */
static void build_graph(const Program *prog, PoolGraph *g)
{
    const Vec *topo = &prog->topo;
    size_t n = topo->n;
    int *npred = xcalloc(n + 1, sizeof *npred);
    g->npred = npred; /* g owns each array once made (validation_end) */
    size_t *start = xcalloc(n + 2, sizeof *start);
    g->succ_start = start;
    size_t *index = xmalloc(sizeof *index * (prog->profiles.n + 1)); /* order → topo index */
    Hold h;
    guard_hold(&h, hold_free, &index);
    for (size_t t = 0; t < n; t++)
        index[((Profile *)topo->v[t])->order] = t;
    for (size_t t = 0; t < n; t++) {
        const Profile *p = topo->v[t];
        npred[t] = p->nparents;
        for (int k = 0; k < p->nparents; k++)
            start[index[p->parents[k]->order] + 2]++;
    }
    for (size_t t = 0; t < n; t++)
        start[t + 2] += start[t + 1];
    size_t *succ = xmalloc(sizeof *succ * (start[n + 1] + 1));
    for (size_t t = 0; t < n; t++) {
        const Profile *p = topo->v[t];
        for (int k = 0; k < p->nparents; k++)
            succ[start[index[p->parents[k]->order] + 1]++] = t;
    }
    /* start[i + 1] has moved to the end of i's successors: i's start */
    guard_drop(&h);
    free(index);
    *g = (PoolGraph){n, npred, start, succ};
}

/* Give back the workers' scratch and the graph; the sinks' arenas join
 * the session's (the findings are there).  Also guard_hold's release:
 * when validation fails half-way. */
static void validation_end(void *ctx)
{
    Validation *val = ctx;
    Session *s = val->s;
    for (int k = 0; val->workers && k < val->nworkers; k++) {
        Worker *w = &val->workers[k];
        variant_free(&w->v);
        free(w->scratch);
        if (w->sink && !w->sink->borrowed_arena) {
            arena_merge(s->arena, w->sink->arena);
            w->sink->arena = NULL;
        }
        session_sink_free(w->sink);
    }
    free(val->workers);
    free((void *)val->g.npred);
    free((void *)val->g.succ_start);
    free((void *)val->g.succ);
}

/* Report the findings in profile order, each key once. */
static void replay(Session *s, const Vec *profiles)
{
    Reported rep = {0}, conflicts = {0};
    size_t n = profiles->n;
    for (size_t i = 0; i < n; i++)
        for (const Finding *f = ((Profile *)profiles->v[i])->findings; f; f = f->next)
            if (f->kind == F_VIOLATION)
                gather_violation(s, &rep, f);
    for (size_t i = 0; i < n && !s->too_many_errors; i++)
        for (const Finding *f = ((Profile *)profiles->v[i])->findings; f && !s->too_many_errors; f = f->next)
            switch (f->kind) {
            case F_DIAG: diag_take(s, f->diag); break;
            case F_VIOLATION: report_violation(s, &rep, f); break;
            case F_DEFAULT: report_default(s, &rep, f); break;
            case F_CONFLICT: report_conflict(s, &conflicts, f); break;
            case F_NO_TARGET: report_no_target(s, f); break;
            }
    reported_free(&rep);
    reported_free(&conflicts);
}

void validate_profiles(Session *s)
{
    size_t n = s->prog->profiles.n;
    if (n == 0)
        return;
    Validation val = {.s = s};
    Hold h;
    guard_hold(&h, validation_end, &val);
    build_graph(s->prog, &val.g);
    Pool *pool = session_pool(s);
    int nw = pool_size(pool);
    val.workers = xcalloc((size_t)nw, sizeof *val.workers);
    val.nworkers = nw;
    int most = 1; /* practices of the largest model */
    for (size_t i = 0; i < s->prog->models.n; i++) {
        const Model *m = s->prog->models.v[i];
        most = m->npractices > most ? m->npractices : most;
    }
    for (int k = 0; k < nw; k++) {
        Worker *w = &val.workers[k];
        w->scratch = xmalloc(sizeof(const Require *) * 2 * 2 * (size_t)most);
        w->sink = session_sink(s, nw == 1 ? s->arena : NULL); /* alone: no chunks to merge */
        w->sink->policy.max_errors = 0; /* the replay applies -fmax-errors */
        w->taken = &w->sink->diags;
    }
    if (nw > 1)
        intern_share(s->names, true);
    pool_run_ordered(pool, &val.g, validate_profile, &val);
    if (nw > 1)
        intern_share(s->names, false);
    replay(s, &s->prog->profiles);
    guard_drop(&h);
    validation_end(&val);
}
