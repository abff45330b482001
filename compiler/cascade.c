/*
 * cascade.c — resolution of targets: merged layers and the two-step cascade
 * of language.md §5.3.
 *
 * A layer is one kind of block (profile bodies, `sector S`, `system Y`,
 * `system Y` nested in `sector S`) merged along the linearization.  Each
 * profile's merged layer is memoized and built from its parents' merged
 * layers plus its own block, so the cost per profile does not grow with the
 * depth of the hierarchy:
 *
 *   - one slot per (node, attribute) holds a provenance chain: the winning
 *     setting first, then the ones it overrode (shared with the parent's
 *     chain, never copied);
 *   - with several parents, the final overrider rule (§5.2) picks the
 *     winner: settings from ancestors that another setter derives from are
 *     dropped; disagreeing survivors are an `ambiguous-target` error unless
 *     the profile sets the attribute itself.
 *
 * A layer over one parent is a delta of the slots its own settings write
 * (layer_slot reads through at most MAX_HOPS of them); requirement and
 * consideration chains are in layer_chains.c, variants (the four layers
 * stacked and propagated down) in variant.c.
 */
#include "smmc.h"

#include <stdlib.h>
#include <string.h>

const char *scope_name(int scope)
{
    switch (scope) {
    case SCOPE_GENERAL: return "general";
    case SCOPE_INDUSTRY: return "industry";
    case SCOPE_SYSTEM: return "system";
    default: return "unset";
    }
}

const char *layer_name(LayerKind k)
{
    switch (k) {
    case LAYER_BODY: return "body";
    case LAYER_SECTOR: return "sector";
    case LAYER_SYSTEM:
    case LAYER_SECTOR_SYSTEM: return "system";
    default: return "default";
    }
}

static const MergedLayer empty_layer = {.done = true};


static bool setting_sets(const Setting *st, int attr)
{
    return attr == 0 ? st->comp.value >= 0 : st->scope.value != SCOPE_UNSET;
}

/* The blocks of p that make up one layer (several blocks with the same
 * name merge in source order): the first max go to out; returns how many
 * there are. */
static size_t own_blocks(const Profile *p, LayerKind kind, const char *sector, const char *system,
                         const Block **out, size_t max)
{
    size_t n = 0;
#define PUT(b) (n < max ? (void)(out[n] = (b)) : (void)0, n++)
    switch (kind) {
    case LAYER_BODY:
        PUT(&p->ast->body);
        break;
    case LAYER_SECTOR:
        for (const Block *b = p->ast->sectors; b; b = b->next)
            if (b->name.text == sector)
                PUT(b);
        break;
    case LAYER_SYSTEM:
        for (const Block *b = p->ast->systems; b; b = b->next)
            if (b->name.text == system)
                PUT(b);
        break;
    case LAYER_SECTOR_SYSTEM:
        for (const Block *b = p->ast->sectors; b; b = b->next)
            if (b->name.text == sector)
                for (const Block *y = b->systems; y; y = y->next)
                    if (y->name.text == system)
                        PUT(y);
        break;
    default:
        break;
    }
#undef PUT
    return n;
}

/* p's memo entry for a layer of a block name, or NULL when p cannot see the
 * name.  The entries parallel p's visible names (p->sectors, p->systems,
 * p->nested), which hold every block name of p and its ancestors: a name
 * p cannot see has no block anywhere in its linearization, so its layer
 * is empty and needs no entry.  The arrays are allocated when first used,
 * by the thread resolving p; a parent's entries are all filled before any
 * child is resolved (validate.c), so other threads only read them. */
/* A profile with one parent, the parent's visible names (the same arrays)
 * and no blocks of a kind has, for every name, the parent's layer of that
 * kind: it shares the parent's memo array (once the parent has one)
 * instead of holding a copy. */
static const MergedLayer **inherited_memo(const Profile *p, LayerKind kind)
{
    if (p->nparents != 1)
        return NULL;
    const Profile *q = p->parents[0];
    switch (kind) {
    case LAYER_SECTOR: return !p->ast->sectors && p->sectors == q->sectors ? q->memo_sectors : NULL;
    case LAYER_SYSTEM: return !p->ast->systems && p->systems == q->systems ? q->memo_systems : NULL;
    default: return !p->ast->sectors && p->nested == q->nested ? q->memo_nested : NULL;
    }
}

static const MergedLayer **memo_entry(Session *s, Profile *p, LayerKind kind, const char *sector,
                                      const char *system)
{
    int i = 0, n;
    const MergedLayer ***memo;
    switch (kind) {
    case LAYER_SECTOR:
        n = p->nsectors, memo = &p->memo_sectors;
        while (i < n && p->sectors[i] != sector)
            i++;
        break;
    case LAYER_SYSTEM:
        n = p->nsystems, memo = &p->memo_systems;
        while (i < n && p->systems[i] != system)
            i++;
        break;
    default:
        n = p->nnested, memo = &p->memo_nested;
        while (i < n && (p->nested[2 * i] != sector || p->nested[2 * i + 1] != system))
            i++;
        break;
    }
    if (i == n)
        return NULL;
    if (!*memo)
        *memo = inherited_memo(p, kind);
    if (!*memo)
        *memo = arena_alloc(s->arena, sizeof **memo * (size_t)n);
    return &(*memo)[i];
}


/* Final overriders recorded for a slot of a merged layer. */
static int slot_fo(const MergedLayer *l, int slot, const Setting **one, const Setting ***many)
{
    for (const FoExtra *x = l->extra; x; x = x->next)
        if (x->slot == slot) {
            *many = x->fo;
            return x->nfo;
        }
    const Prov *pv = layer_slot(l, slot); /* set: the caller checked */
    if (!pv)
        return 0;
    *one = pv->s;
    *many = one;
    return 1;
}

static const Prov *prov_new(Session *s, const Setting *st, const Prov *next)
{
    Prov *pv = arena_alloc(s->arena, sizeof *pv);
    pv->s = st;
    pv->next = next;
    return pv;
}


/* Which blocks a layer merges, as a diagnostic names them ("sector S"),
 * or NULL for profile bodies. */
static const char *block_label(Session *s, LayerKind kind, const char *sector, const char *system)
{
    switch (kind) {
    case LAYER_SECTOR: return arena_printf(s->arena, "sector %s", sector);
    case LAYER_SYSTEM: return arena_printf(s->arena, "system %s", system);
    case LAYER_SECTOR_SYSTEM: return arena_printf(s->arena, "sector %s system %s", sector, system);
    default: return NULL;
    }
}

/* Every parent that sets the slot has the very same chain (or only one sets
 * it), with one final overrider: the merge would rebuild that chain (it is
 * in linearization order already), so it is shared.  *any: some parent
 * sets the slot. */
static const Prov *shared_chain(const MergedLayer **pl, int np, int slot, bool *any)
{
    const Prov *same = NULL;
    bool one_chain = true;
    for (int i = 0; i < np && one_chain; i++) {
        const Prov *c = layer_slot(pl[i], slot);
        if (!c)
            continue;
        if (same && c != same)
            one_chain = false;
        same = c;
        for (const FoExtra *x = pl[i]->extra; x && one_chain; x = x->next)
            one_chain = x->slot != slot;
    }
    *any = same != NULL;
    return one_chain ? same : NULL;
}

/* Settings in p's linearization order: the most derived owner first (an
 * insertion sort: a handful of settings). */
static void sort_by_mro(const Profile *p, Vec *v)
{
    for (size_t i = 1; i < v->n; i++) {
        void *x = v->v[i];
        int xi = mro_index(p, ((const Setting *)x)->owner);
        size_t j = i;
        while (j > 0 && mro_index(p, ((const Setting *)v->v[j - 1])->owner) > xi) {
            v->v[j] = v->v[j - 1];
            j--;
        }
        v->v[j] = x;
    }
}

/* The final overriders of the slot over the parents: each parent's, less
 * those whose owner another's owner derives from, most derived first. */
static void final_overriders(const Profile *p, const MergedLayer **pl, int np, int slot, Vec *cands)
{
    for (int i = 0; i < np; i++) {
        if (!layer_slot(pl[i], slot))
            continue;
        const Setting *one, **many;
        int n = slot_fo(pl[i], slot, &one, &many);
        for (int k = 0; k < n; k++) {
            bool dup = false;
            for (size_t j = 0; j < cands->n; j++)
                dup |= cands->v[j] == many[k];
            if (!dup)
                vec_push(cands, (void *)many[k]);
        }
    }
    size_t kept = 0;
    for (size_t i = 0; i < cands->n; i++) {
        const Setting *a = cands->v[i];
        bool overridden = false;
        for (size_t j = 0; j < cands->n && !overridden; j++) {
            const Setting *b = cands->v[j];
            overridden = i != j && b->owner != a->owner && profile_derives_from(b->owner, a->owner);
        }
        if (!overridden)
            cands->v[kept++] = (void *)a;
    }
    cands->n = kept;
    sort_by_mro(p, cands);
}

/* Final overriders that disagree, and p does not choose: ambiguous. */
static void report_ambiguous(Session *s, const Profile *p, const Vec *cands, int slot, LayerKind kind,
                             const char *sector, const char *system)
{
    int attr = slot & 1;
    const MNode *node = &p->model->nodes[slot / 2];
    const char *block = block_label(s, kind, sector, system);
    Diag *d = diag_at(s, D_AMBIGUOUS, p->ast->name.loc,
                      "ambiguous inherited target: the %s of '%s'%s%s%s is set differently by parents of '%s'",
                      attr == 0 ? "comprehensiveness" : "scope", node->id, kind == LAYER_BODY ? "" : " in '",
                      kind == LAYER_BODY ? "" : block, kind == LAYER_BODY ? "" : "' blocks", p->name);
    for (size_t i = 0; i < cands->n; i++) {
        const Setting *c = cands->v[i];
        diag_note(s, d, c->path.loc, "'%s' sets it to %s here", c->owner->name,
                  attr == 0 ? arena_printf(s->arena, "%d", c->comp.value) : scope_name(c->scope.value));
    }
    if (kind == LAYER_BODY)
        diag_note(s, d, LOC_NONE, "set '%s' in '%s' to choose", node->id, p->name);
    else
        diag_note(s, d, LOC_NONE, "set '%s' in a '%s' block of '%s' to choose", node->id, block, p->name);
}

/* The merged chain: the winner, then every other setting of the parents'
 * chains in linearization order. */
static const Prov *merged_chain(Session *s, const Profile *p, const MergedLayer **pl, int np, int slot,
                                const Setting *win)
{
    Vec all = {0};
    for (int i = 0; i < np; i++) {
        for (const Prov *pv = layer_slot(pl[i], slot); pv; pv = pv->next) {
            bool dup = false;
            for (size_t j = 0; j < all.n && !dup; j++)
                dup = all.v[j] == pv->s;
            if (!dup)
                vec_push(&all, (void *)pv->s);
        }
    }
    sort_by_mro(p, &all);
    const Prov *chain = NULL;
    for (size_t i = all.n; i-- > 0;)
        if (all.v[i] != win)
            chain = prov_new(s, all.v[i], chain);
    vec_free(&all);
    return prov_new(s, win, chain);
}

/* Merge one slot over several parents (the diamond case). */
static void merge_slot(Session *s, Profile *p, MergedLayer *out, const MergedLayer **pl, int np,
                       int slot, bool own_sets, LayerKind kind, const char *sector, const char *system)
{
    bool any;
    const Prov *same = shared_chain(pl, np, slot, &any);
    if (same || !any) {
        out->slots[slot] = same;
        return;
    }
    Vec cands = {0};
    final_overriders(p, pl, np, slot, &cands);
    if (cands.n == 0) {
        vec_free(&cands);
        return;
    }
    bool disagree = false;
    for (size_t i = 1; i < cands.n; i++)
        disagree |= setting_value(cands.v[i], slot & 1) != setting_value(cands.v[0], slot & 1);
    if (disagree && !own_sets)
        report_ambiguous(s, p, &cands, slot, kind, sector, system);
    out->slots[slot] = merged_chain(s, p, pl, np, slot, cands.v[0]);
    if (cands.n > 1) {
        FoExtra *x = arena_alloc(s->arena, sizeof *x);
        x->slot = slot;
        x->nfo = (int)cands.n;
        x->fo = arena_alloc(s->arena, sizeof(Setting *) * cands.n);
        memcpy(x->fo, cands.v, sizeof(Setting *) * cands.n);
        x->next = out->extra;
        out->extra = x;
    }
    vec_free(&cands);
}

static void apply_setting(Session *s, MergedLayer *l, const Model *m, const Setting *st)
{
    const MNode *n = &m->nodes[st->node];
    for (int attr = 0; attr < 2; attr++) {
        if (!setting_sets(st, attr))
            continue;
        if (st->forced) {
            for (int i = 0; i < n->npractices; i++) {
                int slot = m->practices[n->first_practice + i] * 2 + attr;
                l->slots[slot] = prov_new(s, st, l->slots[slot]);
            }
        } else {
            int slot = st->node * 2 + attr;
            l->slots[slot] = prov_new(s, st, l->slots[slot]);
        }
    }
}

static void mark_own(const Model *m, const Setting *st, bool *own)
{
    const MNode *n = &m->nodes[st->node];
    for (int attr = 0; attr < 2; attr++) {
        if (!setting_sets(st, attr))
            continue;
        if (st->forced)
            for (int i = 0; i < n->npractices; i++)
                own[m->practices[n->first_practice + i] * 2 + attr] = true;
        else
            own[st->node * 2 + attr] = true;
    }
}

/* Requirement and consideration chains: own items first, then the parents'
 * (shared when the parents' chains are one, de-duplicated copies on
 * diamonds). */

/*
 * A slots array is followed by its *depth table*: for each practice i and
 * attribute a, byte [i*2+a] is how many steps up from the practice
 * (0 practice, 1 domain, 2 dimension) the first node with a slot in this
 * layer is, or DEPTH_NONE; then by its *value table*: the value that slot's
 * winner gives (0 for DEPTH_NONE).  Both are filled once the array is final
 * (a shared array shares them).  The depths turn the walk up the model in
 * variant_compute into a minimum over the layers, and with the values a
 * variant's values are a few byte-wise selections (variant_values).
 */

static size_t slots_bytes(const Model *m)
{
    return sizeof(Prov *) * (size_t)m->nnodes * 2 + (size_t)m->npractices * 4;
}

static const unsigned char *depth_table(const Model *m, const Prov *const *slots)
{
    return (const unsigned char *)(slots + (size_t)m->nnodes * 2);
}

static const signed char *value_table(const Model *m, const Prov *const *slots)
{
    return (const signed char *)depth_table(m, slots) + (size_t)m->npractices * 2;
}


static void fill_value_table(const Model *m, const Prov **slots)
{
    const unsigned char *depth = depth_table(m, slots);
    signed char *val = (signed char *)value_table(m, slots);
    for (int k = 0; k < m->npractices * 2; k++) {
        val[k] = 0;
        if (depth[k] == DEPTH_NONE)
            continue;
        int attr = k & 1, node = node_above(m, k >> 1, depth[k]);
        val[k] = (signed char)setting_value(slots[node * 2 + attr]->s, attr);
    }
}

/* Each practice's distance to its nearest node with a slot, itself
 * included: a walk of at most two steps (domain, dimension). */
static void fill_depth_table(const Model *m, const Prov **slots)
{
    unsigned char *t = (unsigned char *)(slots + (size_t)m->nnodes * 2);
    for (int i = 0; i < m->npractices; i++)
        for (int attr = 0; attr < 2; attr++) {
            unsigned char d = 0;
            int x = m->practices[i];
            while (x >= 0 && !slots[x * 2 + attr])
                x = m->nodes[x].parent, d++;
            t[i * 2 + attr] = x < 0 ? DEPTH_NONE : d;
        }
}

/* Update the depth and value tables for one more setting: the practices
 * under its node (each practice itself, for `X.*`) now find a slot at most
 * that far up, and where it is the nearest, its value. */
static void nearer(const Model *m, unsigned char *table, signed char *values, const Setting *st)
{
    const MNode *n = &m->nodes[st->node];
    if (n->npractices == 0)
        return;
    unsigned char d = 0;
    if (!st->forced)
        for (int x = m->practices[n->first_practice]; x != st->node; x = m->nodes[x].parent)
            d++;
    for (int attr = 0; attr < 2; attr++) {
        if (!setting_sets(st, attr))
            continue;
        signed char v = (signed char)setting_value(st, attr);
        for (int k = 0; k < n->npractices; k++) {
            int i = (n->first_practice + k) * 2 + attr;
            if (d <= table[i]) /* as near or nearer: st heads that slot's chain */
                table[i] = d, values[i] = v;
        }
    }
}

/* ---------------------------------------------------------------- layers */

/* The parents' layers that contribute something, and whether their slots
 * need merging. */
typedef struct {
    const MergedLayer **pl; /* pl_small or heap */
    const MergedLayer *pl_small[4];
    int np;
    int with_slots; /* parents with slots; 1 when they all share one array */
    int last_with;  /* index in pl of the last one with slots */
    const Block **blocks; /* p's own blocks of the layer: blocks_small or heap */
    const Block *blocks_small[4];
    size_t nblocks;
    bool own_settings;
} LayerInput;

/* p's layer when it is known already (memoized, or empty because p cannot
 * see the name); NULL when it has to be built.  *memo: where it goes. */
static const MergedLayer *known_layer(Session *s, Profile *p, LayerKind kind, const char *sector,
                                      const char *system, const MergedLayer ***memo)
{
    *memo = NULL;
    if (kind == LAYER_BODY)
        return p->body.done ? &p->body : NULL;
    *memo = memo_entry(s, p, kind, sector, system);
    if (!*memo)
        return &empty_layer; /* a block name p does not see */
    return **memo;
}

/* The parents' layers into in->pl, all known (else false: nothing kept). */
static bool parent_layers(Session *s, Profile *p, LayerKind kind, const char *sector, const char *system,
                          LayerInput *in)
{
    in->pl = p->nparents <= 4 ? in->pl_small : xmalloc(sizeof *in->pl * (size_t)p->nparents);
    const MergedLayer **memo;
    for (int i = 0; i < p->nparents; i++)
        if (!(in->pl[i] = known_layer(s, p->parents[i], kind, sector, system, &memo))) {
            if (in->pl != in->pl_small)
                free(in->pl);
            return false;
        }
    return true;
}

/* From the parents' layers (in->pl, known), those that contribute
 * something; p's own blocks. */
static void gather_parents(Profile *p, LayerKind kind, const char *sector, const char *system, LayerInput *in)
{
    in->np = in->with_slots = 0;
    in->last_with = -1;
    for (int i = 0; i < p->nparents; i++) {
        const MergedLayer *x = in->pl[i];
        if (!x->tables && !x->requires && !x->considers)
            continue;
        if (x->tables)
            in->with_slots++, in->last_with = in->np;
        in->pl[in->np++] = x;
    }
    /* Parents that reach the layer through a common ancestor (the usual
     * diamond) often share one slots array: then every slot's chain is the
     * same in all of them and the merge would only rebuild that array, so
     * the layer proceeds as with one parent.  Final-overrider lists rule
     * this out: merging them again decides ambiguity anew. */
    if (in->with_slots > 1) {
        bool one_array = true;
        for (int i = 0; i < in->np && one_array; i++)
            one_array = !in->pl[i]->extra && (!in->pl[i]->tables || in->pl[i]->tables == in->pl[in->last_with]->tables);
        if (one_array)
            in->with_slots = 1;
    }
    in->blocks = in->blocks_small;
    in->nblocks = own_blocks(p, kind, sector, system, in->blocks, 4);
    if (in->nblocks > 4) {
        in->blocks = xmalloc(sizeof *in->blocks * in->nblocks);
        own_blocks(p, kind, sector, system, in->blocks, in->nblocks);
    }
    in->own_settings = false;
    for (size_t b = 0; b < in->nblocks; b++)
        in->own_settings |= in->blocks[b]->settings != NULL;
}

static void layer_input_free(LayerInput *in)
{
    if (in->blocks != in->blocks_small)
        free((void *)in->blocks);
    if (in->pl != in->pl_small)
        free(in->pl);
}

/* out's slots are l's (the same array or delta, the same tables). */
static void share_slots(MergedLayer *out, const MergedLayer *l)
{
    out->slots = l->slots;
    out->under = l->under;
    out->delta = l->delta;
    out->delta_mask = l->delta_mask;
    out->chain_mask = l->chain_mask;
    out->base_slots = l->base_slots;
    out->ndelta = l->ndelta;
    out->hops = l->hops;
    out->tables = l->tables;
}

/* The parents of a merge as full arrays: a delta parent through a copy of
 * its slots made once (the merge reads every slot of every parent several
 * times). */
typedef struct {
    MergedLayer *copies;
    const MergedLayer **view;
    int n;
} MergeViews;

static void views_new(MergeViews *mv, const LayerInput *in, size_t nslots)
{
    mv->n = in->np;
    mv->copies = xcalloc((size_t)in->np, sizeof *mv->copies);
    mv->view = xmalloc(sizeof *mv->view * (size_t)in->np);
    for (int i = 0; i < in->np; i++) {
        mv->view[i] = in->pl[i];
        if (in->pl[i]->slots || !in->pl[i]->tables)
            continue;
        const Prov **full = xmalloc(sizeof *full * nslots);
        for (size_t slot = 0; slot < nslots; slot++)
            full[slot] = layer_slot(in->pl[i], (int)slot);
        mv->copies[i] = *in->pl[i];
        mv->copies[i].slots = full;
        mv->view[i] = &mv->copies[i];
    }
}

static void views_free(MergeViews *mv)
{
    for (int i = 0; i < mv->n; i++)
        free((void *)mv->copies[i].slots);
    free(mv->copies);
    free(mv->view);
}

/* Several parents with slots: each slot by the final overrider rule, into
 * a scratch array.  When the merge changes nothing (every slot as in one
 * parent) and p sets nothing, the layer shares that parent's slots and
 * NULL is returned; else the merged array (heap).  view: the parents as
 * full arrays (views_new). */
static const Prov **merge_parents(Session *s, Profile *p, MergedLayer *out, const LayerInput *in,
                                  const MergedLayer **view, LayerKind kind, const char *sector, const char *system)
{
    const Model *m = p->model;
    size_t nslots = (size_t)m->nnodes * 2;
    const Prov **merged = xcalloc(nslots, sizeof *merged);
    out->slots = merged;
    bool *own = xcalloc(nslots, sizeof *own);
    for (size_t b = 0; b < in->nblocks; b++)
        for (const Setting *st = in->blocks[b]->settings; st; st = st->next)
            if (st->node >= 0)
                mark_own(m, st, own);
    for (size_t slot = 0; slot < nslots; slot++)
        merge_slot(s, p, out, view, in->np, (int)slot, own[slot], kind, sector, system);
    free(own);
    int same = -1;
    for (int i = 0; i < in->np && !in->own_settings && same < 0; i++)
        if (view[i]->slots && !memcmp(merged, view[i]->slots, sizeof *merged * nslots))
            same = i;
    if (same >= 0) {
        share_slots(out, in->pl[same]); /* shared, never written */
        free(merged);
        return NULL;
    }
    return merged;
}

/* Own settings make the profile the only final overrider of the slots it
 * sets: drop those slots' inherited final-overrider lists.  The list is
 * the parent's (shared, read by its other children, maybe on other
 * threads): the kept entries are copied, never unlinked in place. */
static void prune_extra(Session *s, const Profile *p, MergedLayer *out)
{
    bool any = false;
    for (const FoExtra *x = out->extra; x && !any; x = x->next) {
        const Prov *w = layer_slot(out, x->slot);
        any = w && w->s->owner == p;
    }
    if (!any)
        return;
    FoExtra *head = NULL, **tail = &head;
    for (const FoExtra *x = out->extra; x; x = x->next) {
        const Prov *w = layer_slot(out, x->slot);
        if (w && w->s->owner == p)
            continue;
        FoExtra *c = arena_alloc(s->arena, sizeof *c);
        *c = *x;
        c->next = NULL;
        *tail = c;
        tail = &c->next;
    }
    out->extra = head;
}

/* A full slots array for p's layer (with its tables after it): the merged
 * one, or one parent's (or none), then p's own settings. */
static void fresh_slots(Session *s, Profile *p, MergedLayer *out, const LayerInput *in, const Prov **merged)
{
    const Model *m = p->model;
    size_t nslots = (size_t)m->nnodes * 2;
    const MergedLayer *under = !merged && in->with_slots == 1 ? in->pl[in->last_with] : NULL;
    out->slots = arena_alloc(s->arena, slots_bytes(m));
    out->under = NULL, out->delta = NULL, out->delta_mask = 0, out->ndelta = 0, out->hops = 0;
    out->chain_mask = 0, out->base_slots = NULL;
    out->tables = depth_table(m, out->slots);
    /* the depth table: a merge's is filled at the end; over one parent's
     * slots (or none) it starts as the parent's (or empty) and own settings
     * only bring nodes nearer */
    unsigned char *table = (unsigned char *)out->tables;
    signed char *values = (signed char *)value_table(m, out->slots);
    if (merged) {
        memcpy(out->slots, merged, sizeof *merged * nslots);
    } else if (under) {
        for (size_t slot = 0; slot < nslots; slot++)
            out->slots[slot] = layer_slot(under, (int)slot);
        memcpy(table, under->tables, (size_t)m->npractices * 4);
        out->extra = under->extra;
    } else {
        memset(table, DEPTH_NONE, (size_t)m->npractices * 2); /* values: 0 */
    }
    for (size_t b = 0; b < in->nblocks; b++)
        for (const Setting *st = in->blocks[b]->settings; st; st = st->next)
            if (st->node >= 0) {
                apply_setting(s, out, m, st);
                if (!merged)
                    nearer(m, table, values, st);
            }
    if (in->own_settings && out->extra)
        prune_extra(s, p, out);
    if (merged) {
        fill_depth_table(m, out->slots);
        fill_value_table(m, out->slots);
    }
}

/* A delta's view of the chain under it: the full array at its bottom, and
 * which slots some delta on the way changes (layer_slot's shortcut). */
static void chain_over(MergedLayer *out, const MergedLayer *under)
{
    out->chain_mask = out->delta_mask;
    out->base_slots = NULL;
    if (under) {
        out->chain_mask |= under->slots ? 0 : under->chain_mask;
        out->base_slots = under->slots ? (const Prov *const *)under->slots : under->base_slots;
    }
}

/* One slot of a delta layer set by st: its new chain heads the old one. */
static void delta_put(Session *s, MergedLayer *out, SlotDelta *d, int slot, const Setting *st)
{
    for (int i = 0; i < out->ndelta; i++)
        if (d[i].slot == slot) {
            d[i].pv = prov_new(s, st, d[i].pv);
            return;
        }
    d[out->ndelta].slot = slot;
    d[out->ndelta++].pv = prov_new(s, st, layer_slot(out->under, slot));
    out->delta_mask |= 1ull << (slot & 63);
}

/* p's layer as a delta over its one parent's slots (or none): only the
 * slots p's own settings write, and the tables.  Memory grows with the
 * settings, not with the model times the profiles. */
static void delta_slots(Session *s, Profile *p, MergedLayer *out, const LayerInput *in)
{
    const Model *m = p->model;
    const MergedLayer *under = in->with_slots == 1 ? in->pl[in->last_with] : NULL;
    int most = 0;
    for (size_t b = 0; b < in->nblocks; b++)
        for (const Setting *st = in->blocks[b]->settings; st; st = st->next)
            if (st->node >= 0)
                most += 2 * (st->forced ? m->nodes[st->node].npractices : 1);
    SlotDelta *d = arena_alloc(s->arena, sizeof *d * (size_t)(most ? most : 1));
    out->slots = NULL;
    out->under = under;
    out->delta = d;
    out->delta_mask = 0;
    out->ndelta = 0;
    out->hops = under ? under->hops + 1 : 1;
    unsigned char *table = arena_alloc(s->arena, (size_t)m->npractices * 4);
    signed char *values = (signed char *)table + (size_t)m->npractices * 2;
    out->tables = table;
    if (under) {
        memcpy(table, under->tables, (size_t)m->npractices * 4);
        out->extra = under->extra;
    } else {
        memset(table, DEPTH_NONE, (size_t)m->npractices * 2); /* values: 0 */
    }
    for (size_t b = 0; b < in->nblocks; b++)
        for (const Setting *st = in->blocks[b]->settings; st; st = st->next) {
            if (st->node < 0)
                continue;
            const MNode *n = &m->nodes[st->node];
            for (int attr = 0; attr < 2; attr++) {
                if (!setting_sets(st, attr))
                    continue;
                for (int k = 0; k < (st->forced ? n->npractices : 1); k++)
                    delta_put(s, out, d, (st->forced ? m->practices[n->first_practice + k] : st->node) * 2 + attr,
                              st);
            }
            nearer(m, table, values, st);
        }
    chain_over(out, under);
    if (out->extra)
        prune_extra(s, p, out);
}

/* A delta may stack on at most this many others before a layer gets a full
 * array again: a lookup walks at most MAX_HOPS small deltas. */
enum { MAX_HOPS = 8 };

/* A merge's result (merged, heap; p's own settings still to apply) as a
 * delta over the parent it differs least from, when that parent's chain of
 * deltas leaves room: diamonds mostly agree with one parent.  False when
 * no parent does (then the layer gets a full array). */
static bool merged_delta(Session *s, Profile *p, MergedLayer *out, const LayerInput *in, const Prov **merged,
                         const MergedLayer *const *view)
{
    const Model *m = p->model;
    int nslots = m->nnodes * 2;
    Prov const **full = xmalloc(slots_bytes(m)); /* the merge with own settings, and its tables */
    memcpy(full, merged, sizeof *full * (size_t)nslots);
    MergedLayer tmp = {.slots = full};
    for (size_t b = 0; b < in->nblocks; b++)
        for (const Setting *st = in->blocks[b]->settings; st; st = st->next)
            if (st->node >= 0)
                apply_setting(s, &tmp, m, st);
    const MergedLayer *base = NULL;
    const Prov *const *base_view = NULL;
    int fewest = nslots + 1;
    for (int i = 0; i < in->np; i++) {
        const MergedLayer *l = in->pl[i];
        if (!l->tables || l->hops >= MAX_HOPS)
            continue;
        int diff = 0;
        for (int slot = 0; slot < nslots && diff < fewest; slot++)
            diff += full[slot] != view[i]->slots[slot];
        if (diff < fewest)
            fewest = diff, base = l, base_view = view[i]->slots;
    }
    if (!base) {
        free(full);
        return false;
    }
    fill_depth_table(m, full);
    fill_value_table(m, full);
    SlotDelta *d = arena_alloc(s->arena, sizeof *d * (size_t)(fewest ? fewest : 1));
    out->ndelta = 0;
    out->delta_mask = 0;
    for (int slot = 0; slot < nslots; slot++)
        if (full[slot] != base_view[slot]) {
            d[out->ndelta].slot = slot;
            d[out->ndelta++].pv = full[slot];
            out->delta_mask |= 1ull << (slot & 63);
        }
    unsigned char *tables = arena_alloc(s->arena, (size_t)m->npractices * 4);
    memcpy(tables, depth_table(m, full), (size_t)m->npractices * 4);
    out->slots = NULL;
    out->under = base;
    out->delta = d;
    out->hops = base->hops + 1;
    out->tables = tables;
    chain_over(out, base);
    free(full);
    if (in->own_settings && out->extra)
        prune_extra(s, p, out);
    return true;
}

/* The slots of p's layer: shared with a parent when p adds nothing, a delta
 * over one parent's when p sets something, else merged and/or full. */
static void layer_slots(Session *s, Profile *p, MergedLayer *out, const LayerInput *in, LayerKind kind,
                        const char *sector, const char *system)
{
    if (in->with_slots <= 1 && !in->own_settings) {
        if (in->with_slots == 1) {
            share_slots(out, in->pl[in->last_with]); /* shared, never written */
            out->extra = in->pl[in->last_with]->extra;
        }
        return;
    }
    if (in->with_slots <= 1) {
        if (in->with_slots == 0 || in->pl[in->last_with]->hops < MAX_HOPS)
            delta_slots(s, p, out, in);
        else
            fresh_slots(s, p, out, in, NULL);
        return;
    }
    MergeViews mv;
    views_new(&mv, in, (size_t)p->model->nnodes * 2);
    const Prov **merged = merge_parents(s, p, out, in, mv.view, kind, sector, system);
    if (merged && !merged_delta(s, p, out, in, merged, mv.view))
        fresh_slots(s, p, out, in, merged);
    free(merged);
    views_free(&mv);
}

/* Build p's layer (to go to memo, or p->body when memo is NULL) from its
 * parents' known layers (in->pl, see parent_layers) and its own blocks. */
static const MergedLayer *build_layer(Session *s, Profile *p, LayerKind kind, const char *sector,
                                      const char *system, const MergedLayer **memo, LayerInput *in)
{
    MergedLayer *out = memo ? NULL : &p->body;
    gather_parents(p, kind, sector, system, in);
    if (!out) {
        if (in->nblocks == 0 && in->np <= 1) {
            /* nothing of p's own: the layer is the parent's (or empty); the
             * memo shares it instead of holding a copy */
            *memo = in->np ? in->pl[0] : &empty_layer;
            layer_input_free(in);
            return *memo;
        }
        out = arena_alloc(s->arena, sizeof *out);
        *memo = out;
    }
    out->done = true;
    if (in->np == 0 && in->nblocks == 0) {
        *out = empty_layer;
    } else {
        layer_slots(s, p, out, in, kind, sector, system);
        out->requires = layer_req_chain(s, in->blocks, in->nblocks, in->pl, in->np);
        out->bounds = layer_bounds(s, p->model, out->requires, in->pl, in->np);
        out->considers = layer_cons_chain(s, in->blocks, in->nblocks, in->pl, in->np);
    }
    layer_input_free(in);
    return out;
}

/* p's merged layer, memoized.  A layer is built from its parents' layers,
 * so the ancestors' come first: when a parent's is not known yet, every
 * ancestor's is built in linearization order from the root (a profile
 * comes before its ancestors in its C3 linearization), so building never
 * recurses however long the chain. */
const MergedLayer *cascade_layer(Session *s, Profile *p, LayerKind kind, const char *sector,
                                 const char *system)
{
    const MergedLayer **memo;
    const MergedLayer *known = known_layer(s, p, kind, sector, system, &memo);
    if (known)
        return known;
    LayerInput in;
    if (!parent_layers(s, p, kind, sector, system, &in)) {
        for (int i = p->nmro - 1; i > 0; i--) {
            Profile *q = p->mro[i];
            const MergedLayer **qmemo;
            LayerInput qin;
            if (!known_layer(s, q, kind, sector, system, &qmemo) && parent_layers(s, q, kind, sector, system, &qin))
                build_layer(s, q, kind, sector, system, qmemo, &qin);
        }
        if (!parent_layers(s, p, kind, sector, system, &in))
            return &empty_layer; /* no linearization: reported, and nothing later runs */
    }
    return build_layer(s, p, kind, sector, system, memo, &in);
}
