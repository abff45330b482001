/*
 * resolve.c — name resolution for profiles and assessments.
 *
 * For profiles: parents (by global name), C3 linearization (linearize.c),
 * the model (named by the root, inherited by the rest; parents must agree),
 * then every setting, requirement and consideration path against that model,
 * and the sector/system names each profile can see (its own blocks and every
 * ancestor's).  For assessments: the target profile, its sector/system, and
 * every practice line.  Nothing is computed here that the cascade needs
 * beyond node indices.
 */
#include "smmc.h"

#include <stdlib.h>
#include <string.h>

static Profile *profile_of_decl(Session *s, const Decl *d)
{
    /* profiles are few compared with lookups: keep a decl → profile map */
    return ptrmap_get(&s->prog->profile_by_ast, d->u.profile);
}

static Profile *lookup_profile(Session *s, Name n)
{
    Decl *d = global_lookup(s, n.text);
    if (!d || d->kind != DECL_PROFILE) {
        report_unknown_global(s, n, "profile", DECL_PROFILE);
        return NULL;
    }
    return profile_of_decl(s, d);
}

static Model *lookup_model(Session *s, Name n)
{
    Decl *d = global_lookup(s, n.text);
    if (!d || d->kind != DECL_MODEL) {
        report_unknown_global(s, n, "model", DECL_MODEL);
        return NULL;
    }
    for (size_t i = 0; i < s->prog->models.n; i++) {
        Model *m = s->prog->models.v[i];
        if (m->ast == d->u.model)
            return m->state == RES_DONE ? m : NULL;
    }
    return NULL;
}

static bool resolve_parents(Session *s, Profile *p)
{
    int n = 0;
    for (NameList *l = p->ast->parents; l; l = l->next)
        n++;
    p->parents = arena_alloc(s->arena, sizeof(Profile *) * (size_t)(n ? n : 1));
    bool ok = true;
    for (NameList *l = p->ast->parents; l; l = l->next) {
        Profile *q = lookup_profile(s, l->name);
        if (!q) {
            ok = false;
            continue;
        }
        for (int i = 0; i < p->nparents; i++) {
            if (p->parents[i] == q) {
                diag_at(s, D_DUPLICATE_PARENT, l->name.loc, "'%s' is listed twice as a parent of '%s'",
                        q->name, p->name);
                q = NULL;
                break;
            }
        }
        if (q)
            p->parents[p->nparents++] = q;
    }
    return ok;
}

/* The model of p: its own `model` clause or its parents' (which must agree).
 * Called parents first (Program.topo), so a parent without a model has
 * already been reported and its children stay silent. */
static Model *profile_model(Session *s, Profile *p)
{
    if (p->model || p->state != RES_DONE)
        return p->model;
    Model *own = NULL;
    if (p->ast->model.text) {
        own = lookup_model(s, p->ast->model);
        if (!own)
            return NULL;
    }
    Model *inherited = NULL;
    Profile *from = NULL;
    for (int i = 0; i < p->nparents; i++) {
        Model *m = p->parents[i]->model;
        if (!m)
            return NULL;
        if (inherited && m != inherited) {
            Diag *d = diag_at(s, D_MODEL_MISMATCH, p->ast->name.loc,
                              "parents of '%s' use different models: '%s' uses '%s', '%s' uses '%s'",
                              p->name, from->name, inherited->name, p->parents[i]->name, m->name);
            diag_note(s, d, from->ast->name.loc, "'%s' is defined here", from->name);
            diag_note(s, d, p->parents[i]->ast->name.loc, "'%s' is defined here", p->parents[i]->name);
            return NULL;
        }
        inherited = m;
        from = p->parents[i];
    }
    if (own && inherited && own != inherited) {
        Diag *d = diag_at(s, D_MODEL_MISMATCH, p->ast->model.loc,
                          "'%s' names model '%s' but its parent '%s' uses '%s'", p->name, own->name,
                          from->name, inherited->name);
        diag_note(s, d, from->ast->name.loc, "'%s' is defined here", from->name);
        return NULL;
    }
    if (!own && !inherited) {
        Diag *d = diag_at(s, D_NO_MODEL, p->ast->name.loc, "profile '%s' names no model", p->name);
        const char *example = s->prog->models.n == 1 ? ((Model *)s->prog->models.v[0])->name : "iic.smm";
        diag_note(s, d, LOC_NONE, "a root profile says which model it targets: profile %s model %s { ... }",
                  p->name, example);
        return NULL;
    }
    p->model = own ? own : inherited;
    return p->model;
}

/* ---------------------------------------------------------------- paths */

/* Resolve the paths of one block, warning on a setting that a later one in
 * the same block overrides. */
/* A setting is shadowed when every slot it writes (its node, or with `X.*`
 * every practice under X) is written again later in the block.  Walk
 * backwards, remembering the last writer of each slot; found gets
 * (setting, attribute mask, overrider) triples in reverse order. */
static void find_shadowed(const Model *m, const Vec *all, Vec *found)
{
    Setting **last = xcalloc((size_t)m->nnodes * 2, sizeof *last); /* per slot */
    for (size_t i = all->n; i-- > 0;) {
        Setting *st = all->v[i];
        const MNode *n = &m->nodes[st->node];
        int mask = 0, sets = 0;
        Setting *by = NULL;
        for (int attr = 0; attr < 2; attr++) {
            if (!(attr == 0 ? st->comp.value >= 0 : st->scope.value != SCOPE_UNSET))
                continue;
            sets |= 1 << attr;
            int count = st->forced ? n->npractices : 1;
            Setting *first = NULL;
            bool covered = true;
            for (int k = 0; k < count; k++) {
                int node = st->forced ? m->practices[n->first_practice + k] : st->node;
                Setting *w = last[node * 2 + attr];
                if (!w) {
                    covered = false;
                    last[node * 2 + attr] = st;
                } else if (!first) {
                    first = w;
                }
            }
            if (covered && first) {
                mask |= 1 << attr;
                if (!by)
                    by = first;
            }
        }
        if (mask) {
            vec_push(found, st);
            vec_push(found, (void *)(intptr_t)(mask == sets ? 3 : mask));
            vec_push(found, by);
        }
    }
    free(last);
}

/* The block's settings: their nodes, and the shadowed ones reported. */
static void block_settings(Session *s, Profile *p, Block *b)
{
    Model *m = p->model;
    Vec all = {0}, found = {0};
    Hold ha, hf;
    guard_hold(&ha, hold_vec, &all);
    guard_hold(&hf, hold_vec, &found);
    size_t nresolved = 0;
    for (Setting *st = b->settings; st; st = st->next) {
        st->owner = p;
        st->node = model_resolve_path(s, m, st->path);
        nresolved += st->node >= 0;
    }
    if (nresolved > 1) { /* one setting cannot shadow itself */
        for (Setting *st = b->settings; st; st = st->next)
            if (st->node >= 0)
                vec_push(&all, st);
        find_shadowed(m, &all, &found);
    }
    for (size_t i = found.n; i >= 3; i -= 3) {
        const Setting *st = found.v[i - 3], *by = found.v[i - 1];
        int mask = (int)(intptr_t)found.v[i - 2];
        Diag *d = mask == 3
                      ? diag_at(s, D_SHADOWED, st->path.loc,
                                "'%s' is set again later in the same block; this setting has no effect",
                                st->path.text)
                      : diag_at(s, D_SHADOWED, st->path.loc,
                                "%s of '%s' is set again later in the same block; this part of the setting has no effect",
                                mask == 1 ? "comprehensiveness" : "scope", st->path.text);
        diag_note(s, d, by->path.loc, "overridden here");
    }
    guard_drop(&hf);
    guard_drop(&ha);
    vec_free(&found);
    vec_free(&all);
}

/* The block's considerations: practices only, levels from 1, ids the
 * model does not define. */
static void block_considers(Session *s, Profile *p, Block *b)
{
    Model *m = p->model;
    for (ProfConsider *c = b->considers; c; c = c->next) {
        c->owner = p;
        c->node = model_resolve_path(s, m, c->path);
        if (c->node >= 0 && m->nodes[c->node].kind != MN_PRACTICE) {
            diag_at(s, D_NOT_PRACTICE, c->path.loc, "considerations belong to practices; '%s' is a %s",
                    c->path.text, m->nodes[c->node].kind == MN_DIMENSION ? "dimension" : "domain");
            c->node = -1;
            continue;
        }
        if (c->level.value == 0) {
            diag_at(s, D_INVALID_LEVEL, c->level.loc, "considerations start at level 1");
            c->node = -1;
            continue;
        }
        if (c->node >= 0 && c->id.text) {
            Consideration *k = ptrmap_get(&m->considers, c->id.text);
            if (k) {
                Diag *d = diag_at(s, D_DUPLICATE_CONSIDER, c->id.loc,
                                  "consideration '%s' is already defined by model '%s'", c->id.text, m->name);
                diag_note(s, d, k->loc, "defined here");
            }
        }
    }
}

static void resolve_block(Session *s, Profile *p, Block *b)
{
    block_settings(s, p, b);
    for (Require *r = b->requires; r; r = r->next) {
        r->owner = p;
        r->node = model_resolve_path(s, p->model, r->path);
    }
    block_considers(s, p, b);
}

/* Consideration ids are unique in a profile and its ancestors, as they are
 * in a model: `met ID` must name one thing in every variant.  An index of
 * every profile consideration by id makes the check cost the number of
 * considerations, not the depth of the hierarchy times it: a clash is an
 * entry of the same id whose owner is the profile or one of its ancestors. */

typedef void (*ConsiderFn)(ProfConsider *c, void *arg);

/* The profile's considerations in block order: body, sectors (each with
 * its nested systems), systems. */
static void each_consider(const AstProfile *a, ConsiderFn fn, void *arg)
{
    for (ProfConsider *c = a->body.considers; c; c = c->next)
        fn(c, arg);
    for (const Block *b = a->sectors; b; b = b->next) {
        for (ProfConsider *c = b->considers; c; c = c->next)
            fn(c, arg);
        for (const Block *y = b->systems; y; y = y->next)
            for (ProfConsider *c = y->considers; c; c = c->next)
                fn(c, arg);
    }
    for (const Block *b = a->systems; b; b = b->next)
        for (ProfConsider *c = b->considers; c; c = c->next)
            fn(c, arg);
}

static void index_consider(ProfConsider *c, void *arg)
{
    PtrMap *index = arg;
    if (!c->id.text)
        return;
    Vec *v = ptrmap_get(index, c->id.text);
    if (!v)
        v = ptrmap_put_new(index, c->id.text, sizeof *v);
    vec_push(v, c);
}

/* The index's lists and the index (also guard_hold's release). */
static void index_free(void *m)
{
    PtrMap *index = m;
    for (size_t i = 0; i < index->cap; i++)
        if (index->keys[i]) {
            vec_free(index->vals[i]);
            free(index->vals[i]);
        }
    ptrmap_free(index);
}

typedef struct {
    Session *s;
    Profile *self;
    PtrMap *index;
} ConsiderCheck;

/* The definition c clashes with, as a walk from the most basic ancestor
 * down to the profile itself would meet it first: the entry of the
 * ancestor latest in the linearization, else the profile's own earlier
 * one. */
static void check_consider(ProfConsider *c, void *arg)
{
    ConsiderCheck *k = arg;
    if (!c->id.text)
        return;
    const Vec *v = ptrmap_get(k->index, c->id.text);
    ProfConsider *prev = NULL;
    int prev_at = -1;
    bool after_c = false;
    for (size_t i = 0; i < v->n; i++) {
        ProfConsider *e = v->v[i];
        if (e == c) {
            after_c = true;
            continue;
        }
        /* 0: the profile's own (only those before c); n: the ancestor at
         * linearization index n; -1: unrelated */
        int at = e->owner == k->self ? (after_c ? -1 : 0) : mro_index(k->self, e->owner);
        if (at > prev_at)
            prev = e, prev_at = at;
    }
    if (!prev)
        return;
    Session *s = k->s;
    Diag *d = prev->owner == k->self
                  ? diag_at(s, D_DUPLICATE_CONSIDER, c->id.loc, "consideration '%s' is defined twice in profile '%s'",
                            c->id.text, k->self->name)
                  : diag_at(s, D_DUPLICATE_CONSIDER, c->id.loc,
                            "consideration '%s' is already defined by profile '%s', which '%s' extends",
                            c->id.text, prev->owner->name, k->self->name);
    diag_note(s, d, prev->id.loc, "first defined here");
}

static void check_profile_considers(Session *s)
{
    Program *pg = s->prog;
    PtrMap index = {0};
    Hold h;
    guard_hold(&h, index_free, &index);
    for (size_t i = 0; i < pg->profiles.n; i++)
        each_consider(((Profile *)pg->profiles.v[i])->ast, index_consider, &index);
    for (size_t i = 0; i < pg->profiles.n; i++) {
        ConsiderCheck k = {s, pg->profiles.v[i], &index};
        each_consider(k.self->ast, check_consider, &k);
    }
    guard_drop(&h);
    index_free(&index);
}

static void add_name(Vec *v, const char *name)
{
    for (size_t i = 0; i < v->n; i++)
        if (v->v[i] == name)
            return;
    vec_push(v, (void *)name);
}

static void add_pair(Vec *v, const char *sector, const char *system)
{
    for (size_t i = 0; i < v->n; i += 2)
        if (v->v[i] == sector && v->v[i + 1] == system)
            return;
    vec_push(v, (void *)sector);
    vec_push(v, (void *)system);
}

static bool has_name(const char *const *names, int n, const char *name)
{
    for (int i = 0; i < n; i++)
        if (names[i] == name)
            return true;
    return false;
}

/* Does every block of p name what its one parent q sees already? */
static bool names_as_parent(const Profile *p, const Profile *q)
{
    for (const Block *b = p->ast->sectors; b; b = b->next) {
        if (!has_name(q->sectors, q->nsectors, b->name.text))
            return false;
        for (const Block *y = b->systems; y; y = y->next) {
            bool known = false;
            for (int i = 0; i < q->nnested && !known; i++)
                known = q->nested[2 * i] == b->name.text && q->nested[2 * i + 1] == y->name.text;
            if (!known)
                return false;
        }
    }
    for (const Block *b = p->ast->systems; b; b = b->next)
        if (!has_name(q->systems, q->nsystems, b->name.text))
            return false;
    return true;
}

static const char **arena_names(Session *s, const Vec *v)
{
    const char **a = arena_alloc(s->arena, sizeof *a * (v->n ? v->n : 1));
    if (v->n) /* an empty Vec's v is NULL: memcpy must not see it */
        memcpy(a, v->v, sizeof *a * v->n);
    return a;
}

/* Visible names: the parents' (each root first), then the profile's own, in
 * order of appearance.  Parents are complete before p (Program.topo); a
 * profile with one parent whose blocks name nothing new shares its parent's
 * arrays, so deep chains cost nothing here. */
static void visible_names(Session *s, Profile *p)
{
    if (p->nparents == 1 && names_as_parent(p, p->parents[0])) {
        const Profile *q = p->parents[0];
        p->sectors = q->sectors, p->nsectors = q->nsectors;
        p->systems = q->systems, p->nsystems = q->nsystems;
        p->nested = q->nested, p->nnested = q->nnested;
        return;
    }
    Vec sec = {0}, sys = {0}, nest = {0};
    Hold h1, h2, h3;
    guard_hold(&h1, hold_vec, &sec);
    guard_hold(&h2, hold_vec, &sys);
    guard_hold(&h3, hold_vec, &nest);
    for (int i = 0; i < p->nparents; i++) {
        const Profile *q = p->parents[i];
        for (int k = 0; k < q->nsectors; k++)
            add_name(&sec, q->sectors[k]);
        for (int k = 0; k < q->nsystems; k++)
            add_name(&sys, q->systems[k]);
        for (int k = 0; k < q->nnested; k++)
            add_pair(&nest, q->nested[2 * k], q->nested[2 * k + 1]);
    }
    for (Block *b = p->ast->sectors; b; b = b->next) {
        add_name(&sec, b->name.text);
        for (Block *y = b->systems; y; y = y->next)
            add_pair(&nest, b->name.text, y->name.text);
    }
    for (Block *b = p->ast->systems; b; b = b->next)
        add_name(&sys, b->name.text);
    p->sectors = arena_names(s, &sec), p->nsectors = (int)sec.n;
    p->systems = arena_names(s, &sys), p->nsystems = (int)sys.n;
    p->nested = arena_names(s, &nest), p->nnested = (int)(nest.n / 2);
    guard_drop(&h3);
    guard_drop(&h2);
    guard_drop(&h1);
    vec_free(&sec);
    vec_free(&sys);
    vec_free(&nest);
}

/* Number the settings, requirements and considerations of every profile
 * in source order (profiles in declaration order; body, each sector with
 * its nested systems, systems): Setting.ord indexes Program.settings, so
 * the IR writers keep what they know of each in a flat array (ir.c,
 * emit_json.c). */
static void number_block(Program *pg, const Block *b)
{
    for (Setting *st = b->settings; st; st = st->next) {
        st->ord = (int)pg->settings.n;
        vec_push(&pg->settings, st);
    }
    for (Require *r = b->requires; r; r = r->next)
        r->ord = pg->nrequires++;
    for (ProfConsider *c = b->considers; c; c = c->next)
        c->ord = pg->nconsiders++;
}

static void number_settings(Program *pg)
{
    for (size_t i = 0; i < pg->profiles.n; i++) {
        const AstProfile *a = ((Profile *)pg->profiles.v[i])->ast;
        number_block(pg, &a->body);
        for (const Block *b = a->sectors; b; b = b->next) {
            number_block(pg, b);
            for (const Block *y = b->systems; y; y = y->next)
                number_block(pg, y);
        }
        for (const Block *b = a->systems; b; b = b->next)
            number_block(pg, b);
    }
}

/* `evidence strict` and `rollup` are inherited: the profile's own, else the
 * first parent's that has one. */
static void inherit_metadata(Profile *p)
{
    AstProfile *a = p->ast;
    p->evidence_strict = a->evidence_strict;
    if (a->rollup.text) {
        p->rollup = a->rollup.text;
        p->rollup_set = true;
    }
    for (int i = 0; i < p->nparents; i++) {
        const Profile *q = p->parents[i];
        p->evidence_strict |= q->evidence_strict;
        if (!p->rollup_set && q->rollup_set) {
            p->rollup = q->rollup;
            p->rollup_set = true;
        }
    }
    if (!p->rollup)
        p->rollup = "min";
}

/* keep_going (editors): the profiles whose parents, and theirs, all
 * resolved (bad[i]: profile i's own parents did not); the others are left
 * out of the later stages. */
static void sound_profiles(Program *pg, bool *bad, Vec *out)
{
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t i = 0; i < pg->profiles.n; i++) {
            Profile *p = pg->profiles.v[i];
            for (int k = 0; k < p->nparents && !bad[i]; k++)
                if (bad[p->parents[k]->order])
                    changed = bad[i] = true;
        }
    }
    for (size_t i = 0; i < pg->profiles.n; i++)
        if (!bad[i])
            vec_push(out, pg->profiles.v[i]);
}

/* A profile's blocks, block names and inherited metadata; settled when
 * that added no error and its parents are settled. */
static void resolve_profile_body(Session *s, Profile *p)
{
    if (p->reused) { /* resolved by an analysis before: what it reported */
        reuse_take(s, p->rdiags, (size_t)p->nrdiags);
        return;
    }
    int errors = s->errors;
    Diag *const *from = s->diags_tail;
    resolve_block(s, p, &p->ast->body);
    for (Block *b = p->ast->sectors; b; b = b->next) {
        resolve_block(s, p, b);
        for (Block *y = b->systems; y; y = y->next)
            resolve_block(s, p, y);
    }
    for (Block *b = p->ast->systems; b; b = b->next)
        resolve_block(s, p, b);
    visible_names(s, p);
    inherit_metadata(p);
    p->settled = s->errors == errors && p->model;
    for (int k = 0; k < p->nparents; k++)
        p->settled = p->settled && p->parents[k]->settled;
    p->rdiags = reuse_capture(s, from, &p->nrdiags);
}

void resolve_profiles(Session *s)
{
    Program *pg = s->prog;
    for (size_t i = 0; i < pg->profiles.n; i++) {
        Profile *p = pg->profiles.v[i];
        ptrmap_put(&pg->profile_by_ast, p->ast, p);
    }
    bool *bad = arena_alloc(s->arena, pg->profiles.n + 1);
    for (size_t i = 0; i < pg->profiles.n; i++) {
        Profile *p = pg->profiles.v[i];
        int errors = s->errors;
        if (!p->reused) /* a kept profile's parents are kept with it */
            bad[i] = !resolve_parents(s, p) || s->errors != errors;
    }
    int errors = s->errors;
    if (errors && !s->opt.keep_going)
        return;
    Vec sound = {0};
    Hold h;
    guard_hold(&h, hold_vec, &sound);
    sound_profiles(pg, bad, &sound);
    for (size_t i = 0; i < pg->profiles.n; i++) { /* kept: visited again, for the order */
        Profile *p = pg->profiles.v[i];
        if (p->reused)
            p->state = RES_NEW;
    }
    linearize_all(s, (Profile *const *)sound.v, sound.n, &pg->topo);
    guard_drop(&h);
    vec_free(&sound);
    if (s->errors != errors && !s->opt.keep_going)
        return;
    /* keep_going: a profile that could not be linearized (RES_FAILED, and
     * its descendants) or whose model is in error is left out */
    bool *no_model = arena_alloc(s->arena, pg->topo.n + 1);
    for (size_t i = 0; i < pg->topo.n; i++) {
        int before = s->errors;
        no_model[i] = !profile_model(s, pg->topo.v[i]) || s->errors != before;
    }
    if (s->errors != errors && !s->opt.keep_going)
        return;
    for (size_t i = 0; i < pg->topo.n; i++)
        if (!no_model[i])
            resolve_profile_body(s, pg->topo.v[i]);
    /* after every block of every profile has its owner */
    check_profile_considers(s);
    number_settings(pg);
}

/* ---------------------------------------------------------------- assessments */

static const char *check_variant_name(Session *s, Profile *p, Name n, bool sector)
{
    if (!n.text)
        return NULL;
    const char **names = sector ? p->sectors : p->systems;
    int count = sector ? p->nsectors : p->nsystems;
    /* a system nested in a sector is visible as a system name too */
    for (int i = 0; i < count; i++)
        if (names[i] == n.text)
            return n.text;
    if (!sector)
        for (int i = 0; i < p->nnested; i++)
            if (p->nested[2 * i + 1] == n.text)
                return n.text;
    Vec cands = {0};
    for (int i = 0; i < count; i++)
        vec_push(&cands, (void *)names[i]);
    if (!sector)
        for (int i = 0; i < p->nnested; i++)
            vec_push(&cands, (void *)p->nested[2 * i + 1]);
    const char *hint = diag_suggest(n.text, (const char *const *)cands.v, cands.n);
    Diag *d = diag_at(s, D_UNKNOWN_VARIANT, n.loc, "profile '%s' has no %s block '%s'%s%s%s", p->name,
                      sector ? "sector" : "system", n.text, hint ? "; did you mean '" : "",
                      hint ? hint : "", hint ? "'?" : "");
    if (hint)
        diag_fix(s, d, n.loc, hint);
    Buf b = {0};
    for (size_t i = 0; i < cands.n; i++)
        buf_printf(&b, "%s%s", i ? ", " : "", (const char *)cands.v[i]);
    diag_note(s, d, p->ast->name.loc, "'%s' has %s blocks: %s", p->name, sector ? "sector" : "system",
              cands.n ? buf_cstr(&b) : "none");
    buf_free(&b);
    vec_free(&cands);
    return NULL;
}

/* A system named only inside `sector S { system Y {} }` blocks means
 * nothing without that sector: selecting it alone would silently drop the
 * nested settings.  Returns false (reported) for such a selection. */
bool profile_check_pair(Session *s, Profile *p, const char *sector, Name system)
{
    if (!system.text)
        return true;
    for (int i = 0; i < p->nsystems; i++)
        if (p->systems[i] == system.text)
            return true;
    const char *only_in = NULL;
    for (int i = 0; i < p->nnested; i++) {
        if (p->nested[2 * i + 1] != system.text)
            continue;
        if (p->nested[2 * i] == sector)
            return true;
        if (!only_in)
            only_in = p->nested[2 * i];
    }
    if (!only_in)
        return true; /* unknown names are reported by check_variant_name */
    Diag *d = diag_at(s, D_UNKNOWN_VARIANT, system.loc,
                      "system '%s' of profile '%s' is only defined inside sector '%s'", system.text, p->name,
                      only_in);
    diag_note(s, d, LOC_NONE, "select it together with its sector: sector %s system %s", only_in, system.text);
    return false;
}

const char *profile_check_variant(Session *s, Profile *p, Name n, bool sector)
{
    return check_variant_name(s, p, n, sector);
}

/* Notes (when d is set) or counts the blocks of p's ancestry that define
 * consideration `id` but are not selected by the target. */
static int consider_elsewhere(Session *s, Diag *d, const Profile *p, const char *id)
{
    int n = 0;
    for (int k = 0; k < p->nmro; k++) {
        AstProfile *q = p->mro[k]->ast;
        for (Block *b = q->sectors; b; b = b->next) {
            for (ProfConsider *c = b->considers; c; c = c->next)
                if (c->id.text == id && ++n && d)
                    diag_note(s, d, c->id.loc, "'%s' belongs to sector '%s' only", id, b->name.text);
            for (Block *y = b->systems; y; y = y->next)
                for (ProfConsider *c = y->considers; c; c = c->next)
                    if (c->id.text == id && ++n && d)
                        diag_note(s, d, c->id.loc, "'%s' belongs to system '%s' of sector '%s' only", id,
                                  y->name.text, b->name.text);
        }
        for (Block *b = q->systems; b; b = b->next)
            for (ProfConsider *c = b->considers; c; c = c->next)
                if (c->id.text == id && ++n && d)
                    diag_note(s, d, c->id.loc, "'%s' belongs to system '%s' only", id, b->name.text);
    }
    return n;
}

/* `met ID`: ID must be a consideration of the assessment's target — the
 * model's, or one a profile adds in a layer the target selects. */
static void check_met(Session *s, Assessment *a, AEntry *e)
{
    Profile *p = a->profile;
    Model *m = p->model;
    if (ptrmap_get(&m->considers, e->path.text))
        return;
    const MergedLayer *layers[4] = {
        cascade_layer(s, p, LAYER_BODY, NULL, NULL),
        a->sector ? cascade_layer(s, p, LAYER_SECTOR, a->sector, NULL) : NULL,
        a->system ? cascade_layer(s, p, LAYER_SYSTEM, NULL, a->system) : NULL,
        a->sector && a->system ? cascade_layer(s, p, LAYER_SECTOR_SYSTEM, a->sector, a->system) : NULL,
    };
    Vec cands = {0};
    for (int l = 0; l < 4; l++)
        for (const ConsLink *c = layers[l] ? layers[l]->considers : NULL; c; c = c->next) {
            if (c->c->id.text == e->path.text) {
                vec_free(&cands);
                return;
            }
            vec_push(&cands, (void *)c->c->id.text);
        }
    for (size_t i = 0; i < m->considers.cap; i++)
        if (m->considers.keys[i])
            vec_push(&cands, (void *)m->considers.keys[i]);
    const char *hint = consider_elsewhere(s, NULL, p, e->path.text)
                           ? NULL
                           : diag_suggest(e->path.text, (const char *const *)cands.v, cands.n);
    vec_free(&cands);
    const char *target = a->sector || a->system
                             ? arena_printf(s->arena, "%s%s%s%s%s", p->name, a->sector ? " sector " : "",
                                            a->sector ? a->sector : "", a->system ? " system " : "",
                                            a->system ? a->system : "")
                             : p->name;
    Diag *d = diag_at(s, D_UNKNOWN_CONSIDER, e->path.loc, "target '%s' has no consideration '%s'%s%s%s", target,
                      e->path.text, hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
    if (hint)
        diag_fix(s, d, e->path.loc, hint);
    consider_elsewhere(s, d, p, e->path.text);
}

void resolve_assessments(Session *s)
{
    Program *pg = s->prog;
    for (size_t i = 0; i < pg->assessments.n; i++) {
        Assessment *a = pg->assessments.v[i];
        AstAssessment *aa = a->ast;
        if (!aa->target.text) {
            diag_at(s, D_NO_ASSESS_TARGET, aa->name.loc, "assessment '%s' has no target", a->name);
            continue;
        }
        a->profile = lookup_profile(s, aa->target);
        if (!a->profile || !a->profile->model)
            continue;
        a->sector = check_variant_name(s, a->profile, aa->sector, true);
        a->system = check_variant_name(s, a->profile, aa->system, false);
        if (a->system && !profile_check_pair(s, a->profile, a->sector, aa->system))
            a->system = NULL;
        Model *m = a->profile->model;
        PtrMap seen = {0};
        Hold h;
        guard_hold(&h, hold_map, &seen);
        bool variant_ok = (!aa->sector.text || a->sector) && (!aa->system.text || a->system);
        for (AEntry *e = aa->entries; e; e = e->next) {
            if (e->kind == AE_MET) {
                if (variant_ok)
                    check_met(s, a, e);
                continue;
            }
            e->node = model_resolve_path(s, m, e->path);
            if (e->node < 0)
                continue;
            if (m->nodes[e->node].kind != MN_PRACTICE) {
                Diag *d = diag_at(s, D_NOT_PRACTICE, e->path.loc,
                                  "'%s' is a %s; an assessment records practices", e->path.text,
                                  m->nodes[e->node].kind == MN_DIMENSION ? "dimension" : "domain");
                const char *first = m->nodes[m->practices[m->nodes[e->node].first_practice]].id;
                if (e->kind == AE_WAIVE)
                    diag_note(s, d, LOC_NONE, "waive each practice under it, e.g. 'waive %s because ...'", first);
                else if (e->kind == AE_NOT_APPLICABLE)
                    diag_note(s, d, LOC_NONE, "mark each practice under it, e.g. '%s not_applicable because ...'",
                              first);
                else
                    diag_note(s, d, LOC_NONE, "record each practice under it, e.g. '%s = 2'", first);
                e->node = -1;
                continue;
            }
            if (e->kind == AE_WAIVE)
                continue;
            AEntry *prev = ptrmap_put(&seen, (void *)(intptr_t)(e->node + 1), e);
            if (prev) {
                Diag *d = diag_at(s, D_DUPLICATE_ENTRY, e->path.loc,
                                  "practice '%s' is recorded twice in assessment '%s'",
                                  m->nodes[e->node].id, a->name);
                diag_note(s, d, prev->path.loc, "first recorded here");
            }
        }
        guard_drop(&h);
        ptrmap_free(&seen);
    }
}

/* ---------------------------------------------------------------- tests */

/* Is `id` a consideration anywhere the subject's profile can see: the
 * model's, or one a profile of its linearization adds in any layer? */
static bool consider_known(const Profile *p, const char *id)
{
    if (ptrmap_get(&p->model->considers, id))
        return true;
    for (int k = 0; k < p->nmro; k++) {
        const AstProfile *q = p->mro[k]->ast;
        for (const ProfConsider *c = q->body.considers; c; c = c->next)
            if (c->id.text == id)
                return true;
    }
    return consider_elsewhere(NULL, NULL, p, id) > 0;
}

static void unknown_consider(Session *s, const Profile *p, Name id)
{
    Vec cands = {0};
    Model *m = p->model;
    for (size_t i = 0; i < m->considers.cap; i++)
        if (m->considers.keys[i])
            vec_push(&cands, (void *)m->considers.keys[i]);
    for (int k = 0; k < p->nmro; k++) {
        const AstProfile *q = p->mro[k]->ast;
        for (const ProfConsider *c = q->body.considers; c; c = c->next)
            vec_push(&cands, (void *)c->id.text);
        for (const Block *b = q->sectors; b; b = b->next) {
            for (const ProfConsider *c = b->considers; c; c = c->next)
                vec_push(&cands, (void *)c->id.text);
            for (const Block *y = b->systems; y; y = y->next)
                for (const ProfConsider *c = y->considers; c; c = c->next)
                    vec_push(&cands, (void *)c->id.text);
        }
        for (const Block *b = q->systems; b; b = b->next)
            for (const ProfConsider *c = b->considers; c; c = c->next)
                vec_push(&cands, (void *)c->id.text);
    }
    const char *hint = diag_suggest(id.text, (const char *const *)cands.v, cands.n);
    vec_free(&cands);
    if (hint)
        diag_fix(s,
                 diag_at(s, D_UNKNOWN_CONSIDER, id.loc, "profile '%s' has no consideration '%s'; did you mean '%s'?",
                         p->name, id.text, hint),
                 id.loc, hint);
    else
        diag_at(s, D_UNKNOWN_CONSIDER, id.loc, "profile '%s' and its model have no consideration '%s'",
                p->name, id.text);
}

/* A test's names (language.md §8): its subject, and in each expectation the
 * path, the profile of `set_by` and the consideration of `considers`.
 * Unknown ones are errors where they are written, with a suggestion. */
void resolve_tests(Session *s)
{
    Program *pg = s->prog;
    for (size_t i = 0; i < pg->tests.n; i++) {
        Test *t = pg->tests.v[i];
        AstTest *at = t->ast;
        int errors = s->errors;
        if (at->assessment.text) {
            Decl *d = global_lookup(s, at->assessment.text);
            if (!d || d->kind != DECL_ASSESSMENT) {
                report_unknown_global(s, at->assessment, "assessment", DECL_ASSESSMENT);
                continue;
            }
            for (size_t k = 0; k < pg->assessments.n; k++)
                if (((Assessment *)pg->assessments.v[k])->ast == d->u.assessment)
                    t->assessment = pg->assessments.v[k];
            if (!t->assessment || !t->assessment->profile)
                continue; /* its own errors are reported */
            t->profile = t->assessment->profile;
            t->sector = t->assessment->sector;
            t->system = t->assessment->system;
        } else if (at->target.text) {
            t->profile = lookup_profile(s, at->target);
            if (!t->profile || !t->profile->model)
                continue;
            t->sector = check_variant_name(s, t->profile, at->sector, true);
            t->system = check_variant_name(s, t->profile, at->system, false);
            if ((at->sector.text && !t->sector) || (at->system.text && !t->system))
                continue;
            if (t->system && !profile_check_pair(s, t->profile, t->sector, at->system))
                continue;
        } else {
            continue; /* no subject: reported by the parser */
        }
        Model *m = t->profile->model;
        for (Expect *e = at->expects; e; e = e->next) {
            if (e->path.text)
                e->node = model_resolve_path(s, m, e->path);
            if (e->kind == EX_SET_BY)
                e->set_by = lookup_profile(s, e->profile);
            else if (e->kind == EX_CONSIDERS && !consider_known(t->profile, e->id.text))
                unknown_consider(s, t->profile, e->id);
        }
        t->ok = s->errors == errors;
    }
}

void program_free(Session *s)
{
    Program *pg = s->prog;
    if (!pg)
        return;
    ptrmap_free(&pg->globals); /* the models' maps go with the arena (reuse.c) */
    ptrmap_free(&pg->profile_by_ast);
    vec_free(&pg->topo);
    vec_free(&pg->models);
    vec_free(&pg->profiles);
    vec_free(&pg->assessments);
    vec_free(&pg->tests);
    vec_free(&pg->settings);
    vec_free(&pg->model_diags);
}
