/*
 * variant.c — variants: a profile with a sector and/or a system stacks its
 * four merged layers (cascade.c), highest first, and propagates down: a
 * practice takes the nearest node any layer sets (practice, domain,
 * dimension), else the default (0, general).  Values come from the
 * layers' depth and value tables (a few byte-wise selections); the
 * provenance (eff) is computed per attribute when asked for.
 */
#include "smmc.h"

#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- variants */

const Setting *eff_winner(const EffAttr *e)
{
    for (int l = 0; l < 4; l++)
        if (e->seg[l])
            return e->seg[l]->s;
    return NULL;
}

/* The layers of a variant that have slots, highest first (nested, system,
 * sector, body). */
typedef struct {
    const MergedLayer *slots[4];
    const unsigned char *depth[4];
    const signed char *value[4];
    int layer[4], n;
} LayerSet;

/* A variant's eff, its val and its scratch (three bytes per attribute for
 * the tables the variant functions work in): one allocation, sized once
 * per model. */
static size_t eff_bytes(const Model *m)
{
    return sizeof(EffAttr) * (size_t)m->npractices * 2;
}

static size_t variant_bytes(const Model *m)
{
    return eff_bytes(m) + 4 * (size_t)m->npractices * 2;
}

/* Set v's profile, names and layers; make room for its eff. */
static void variant_layers(Session *s, Variant *v, Profile *p, const char *sector, const char *system,
                           LayerSet *ls)
{
    const Model *m = p->model;
    /* the scratch eff of a smaller model (a profile of a model that
     * `extends` another has more practices) is too short */
    if (v->eff && v->profile && v->profile->model->npractices < m->npractices)
        variant_free(v);
    v->profile = p;
    v->sector = sector;
    v->system = system;
    v->layers[3] = cascade_layer(s, p, LAYER_BODY, NULL, NULL);
    v->layers[2] = sector ? cascade_layer(s, p, LAYER_SECTOR, sector, NULL) : NULL;
    v->layers[1] = system ? cascade_layer(s, p, LAYER_SYSTEM, NULL, system) : NULL;
    v->layers[0] = sector && system ? cascade_layer(s, p, LAYER_SECTOR_SYSTEM, sector, system) : NULL;
    if (!v->eff) {
        v->eff = xcalloc(1, variant_bytes(m));
        v->val = (signed char *)(v->eff + (size_t)m->npractices * 2);
        v->scratch = (unsigned char *)v->val + (size_t)m->npractices * 2;
    }
    ls->n = 0;
    for (int l = 0; l < 4; l++)
        if (v->layers[l] && v->layers[l]->tables) {
            ls->slots[ls->n] = v->layers[l];
            ls->depth[ls->n] = v->layers[l]->tables;
            ls->value[ls->n] = (const signed char *)v->layers[l]->tables + (size_t)m->npractices * 2;
            ls->layer[ls->n++] = l;
        }
}

/* Effective attribute k (practice k/2, attribute k%2): the nearest node
 * (practice, domain, dimension) that any layer sets; each layer that sets
 * that very node contributes its chain, and the highest such layer gives
 * the value.  Nothing set: the default (0 or SCOPE_GENERAL, node -1). */
static void eff_attr(const Model *m, const LayerSet *ls, Variant *v, int k)
{
    EffAttr *e = &v->eff[k];
    memset(e, 0, sizeof *e);
    e->node = -1;
    v->val[k] = 0;
    unsigned best = DEPTH_NONE;
    for (int j = 0; j < ls->n; j++)
        if (ls->depth[j][k] < best)
            best = ls->depth[j][k];
    if (best == DEPTH_NONE)
        return;
    int attr = k & 1, node = node_above(m, k >> 1, best);
    int slot = node * 2 + attr;
    for (int j = 0; j < ls->n; j++) {
        if (ls->depth[j][k] != best)
            continue;
        const Prov *pv = layer_slot(ls->slots[j], slot);
        if (e->node < 0) {
            e->node = node;
            e->value = setting_value(pv->s, attr);
            v->val[k] = (signed char)e->value;
        }
        e->seg[ls->layer[j]] = pv;
    }
}

void variant_compute(Session *s, Variant *v, Profile *p, const char *sector, const char *system)
{
    LayerSet ls;
    variant_layers(s, v, p, sector, system, &ls);
    v->eff_stale = false;
    v->base = NULL;
    for (int k = 0; k < p->model->npractices * 2; k++)
        eff_attr(p->model, &ls, v, k);
}

/* Which attributes of a variant can differ from its base variant: those
 * where a sector or system layer sets a node at least as near as the body
 * does.  need[k] is 1 for them, 0 for the rest; near is nk bytes of
 * scratch. */
static void differs_from_base(const LayerSet *ls, int nk, unsigned char *need, unsigned char *near)
{
    memset(near, DEPTH_NONE, (size_t)nk);
    const unsigned char *body = NULL;
    for (int j = 0; j < ls->n; j++) {
        const unsigned char *d = ls->depth[j];
        if (ls->layer[j] == 3) {
            body = d;
            continue;
        }
        for (int k = 0; k < nk; k++)
            near[k] = d[k] < near[k] ? d[k] : near[k];
    }
    for (int k = 0; k < nk; k++)
        need[k] = (unsigned char)((near[k] != DEPTH_NONE) & (!body || near[k] <= body[k]));
}


/* A variant of p from its base variant's eff and val (body layer only):
 * only the attributes a higher layer can change are recomputed, the rest
 * is copied. */
static void variant_from_base(Session *s, Variant *v, Profile *p, const char *sector, const char *system,
                              const EffAttr *base)
{
    const Model *m = p->model;
    LayerSet ls;
    variant_layers(s, v, p, sector, system, &ls);
    v->eff_stale = false;
    v->base = base;
    int nk = m->npractices * 2;
    memcpy(v->eff, base, eff_bytes(m) + (size_t)nk); /* eff and val */
    unsigned char *need = v->scratch;
    differs_from_base(&ls, nk, need, v->scratch + nk);
    for (int k = 0; k < nk; k++) /* a plain loop: scanning eight flags at a time saved nothing */
        if (need[k])
            eff_attr(m, &ls, v, k);
}

/* Where layer (dj, vj) is at least as near as depth, it gives the value
 * (written with masks, so that the loop vectorizes). */
static void take_over(unsigned char *restrict depth, signed char *restrict val, const unsigned char *restrict dj,
                      const signed char *restrict vj, int nk)
{
    for (int k = 0; k < nk; k++) {
        unsigned char take = (unsigned char)-(dj[k] <= depth[k]);
        depth[k] = (unsigned char)((depth[k] & ~take) | (dj[k] & take));
        val[k] = (signed char)((val[k] & ~take) | (vj[k] & take));
    }
}

/* A variant of p from its base variant: val only, eff stale.  Each value
 * is that of the layer with the nearest slot, the highest layer on a tie
 * (as in eff_attr): going up from the body, a layer takes over wherever it
 * is at least as near, one byte-wise selection per layer. */
static void variant_values(Session *s, Variant *v, Profile *p, const char *sector, const char *system,
                           const EffAttr *base)
{
    const Model *m = p->model;
    LayerSet ls;
    variant_layers(s, v, p, sector, system, &ls);
    int nk = m->npractices * 2;
    unsigned char *depth = v->scratch;
    signed char *val = (signed char *)v->scratch + nk;
    if (ls.n && ls.layer[ls.n - 1] == 3) {
        memcpy(depth, ls.depth[ls.n - 1], (size_t)nk);
        memcpy(val, ls.value[ls.n - 1], (size_t)nk);
    } else {
        memset(depth, DEPTH_NONE, (size_t)nk);
        memset(val, 0, (size_t)nk);
    }
    for (int j = ls.n - 1; j >= 0; j--)
        if (ls.layer[j] != 3)
            take_over(depth, val, ls.depth[j], ls.value[j], nk);
    memcpy(v->val, val, (size_t)nk);
    v->eff_stale = true;
    v->base = base;
}

void variant_complete(Session *s, Variant *v)
{
    if (v->eff_stale && v->base)
        variant_from_base(s, v, v->profile, v->sector, v->system, v->base);
    else if (v->eff_stale)
        variant_compute(s, v, v->profile, v->sector, v->system);
}

bool variant_reaches(const Variant *v, int k)
{
    if (!v->eff_stale)
        return v->eff[k].node >= 0;
    for (int l = 0; l < 4; l++)
        if (v->layers[l] && v->layers[l]->tables && v->layers[l]->tables[k] != DEPTH_NONE)
            return true;
    return false;
}

void variant_free(Variant *v)
{
    free(v->eff);
    v->eff = NULL;
    v->val = NULL;
}

void hold_variant(void *v)
{
    variant_free(v);
}

/* Values only: every variant from its layers' tables, eff stale (and
 * completed from scratch when asked). */
static void each_variant_values(Session *s, Profile *p, Variant *v, VariantFn fn, void *arg)
{
    variant_values(s, v, p, NULL, NULL, NULL);
    fn(s, v, arg);
    for (int i = 0; i < p->nsectors; i++) {
        variant_values(s, v, p, p->sectors[i], NULL, NULL);
        fn(s, v, arg);
    }
    for (int i = 0; i < p->nsystems; i++) {
        variant_values(s, v, p, NULL, p->systems[i], NULL);
        fn(s, v, arg);
    }
    for (int i = 0; i < p->nnested; i++) {
        variant_values(s, v, p, p->nested[2 * i], p->nested[2 * i + 1], NULL);
        fn(s, v, arg);
    }
}

void for_each_default_variant(Session *s, Profile *p, Variant *v, VariantDetail detail, VariantFn fn,
                              void *arg)
{
    if (detail == VARIANT_VALUES) {
        each_variant_values(s, p, v, fn, arg);
        return;
    }
    variant_compute(s, v, p, NULL, NULL);
    fn(s, v, arg);
    if (p->nsectors + p->nsystems + p->nnested == 0)
        return;
    size_t bytes = eff_bytes(p->model) + (size_t)p->model->npractices * 2; /* eff and val */
    EffAttr *base = xmalloc(bytes);
    memcpy(base, v->eff, bytes);
    void (*next)(Session *, Variant *, Profile *, const char *, const char *, const EffAttr *) =
        variant_from_base;
    for (int i = 0; i < p->nsectors; i++) {
        next(s, v, p, p->sectors[i], NULL, base);
        fn(s, v, arg);
    }
    for (int i = 0; i < p->nsystems; i++) {
        next(s, v, p, NULL, p->systems[i], base);
        fn(s, v, arg);
    }
    for (int i = 0; i < p->nnested; i++) {
        next(s, v, p, p->nested[2 * i], p->nested[2 * i + 1], base);
        fn(s, v, arg);
    }
    free(base);
    v->base = NULL;
}
