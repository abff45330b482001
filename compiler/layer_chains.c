/*
 * layer_chains.c — a merged layer's requirement and consideration chains
 * and the bounds its requirements set: the layer's own blocks' items in
 * front of what its parents' layers chain (shared, never copied), and per
 * practice and attribute the highest floor and lowest ceiling, so that one
 * packed comparison tells whether a variant breaks any requirement.
 */
#include "smmc.h"

#include <string.h>

/* The parents' requirement (or consideration) chains as one. */
static const Link *inherited_chain(Session *s, const MergedLayer **pl, int np, bool considers)
{
    const Link *tail = NULL;
    int distinct = 0; /* parents' chains, when they are all one (or none) */
    for (int i = 0; i < np && distinct < 2; i++) {
        const Link *c = considers ? pl[i]->considers : pl[i]->requires;
        if (c && c != tail)
            tail = c, distinct++;
    }
    if (distinct < 2)
        return tail;
    tail = NULL;
    Vec seen = {0};
    for (int i = np; i-- > 0;)
        for (const Link *l = considers ? pl[i]->considers : pl[i]->requires; l; l = l->next) {
            bool dup = false;
            for (size_t j = 0; j < seen.n && !dup; j++)
                dup = seen.v[j] == l->item;
            if (!dup)
                vec_push(&seen, (void *)l->item);
        }
    for (size_t j = seen.n; j-- > 0;) {
        Link *l = arena_alloc(s->arena, sizeof *l);
        l->item = seen.v[j];
        l->next = tail;
        tail = l;
    }
    vec_free(&seen);
    return tail;
}

/* n links in one block, each followed by the next and the last by tail;
 * the caller fills in their items. */
static Link *links_before(Session *s, size_t n, const Link *tail)
{
    Link *own = arena_alloc(s->arena, sizeof *own * n);
    for (size_t k = 0; k < n; k++)
        own[k].next = k + 1 < n ? &own[k + 1] : tail;
    return own;
}

const ReqLink *layer_req_chain(Session *s, const Block *const *blocks, size_t nblocks, const MergedLayer **pl,
                                int np)
{
    const Link *tail = inherited_chain(s, pl, np, false);
    size_t n = 0, k = 0;
    for (size_t b = 0; b < nblocks; b++)
        for (const Require *r = blocks[b]->requires; r; r = r->next)
            n += r->node >= 0;
    if (!n)
        return tail;
    Link *own = links_before(s, n, tail);
    for (size_t b = 0; b < nblocks; b++)
        for (const Require *r = blocks[b]->requires; r; r = r->next)
            if (r->node >= 0)
                own[k++].r = r;
    return own;
}

const ConsLink *layer_cons_chain(Session *s, const Block *const *blocks, size_t nblocks,
                                  const MergedLayer **pl, int np)
{
    const Link *tail = inherited_chain(s, pl, np, true);
    size_t n = 0, k = 0;
    for (size_t b = 0; b < nblocks; b++)
        for (const ProfConsider *c = blocks[b]->considers; c; c = c->next)
            n += c->node >= 0;
    if (!n)
        return tail;
    Link *own = links_before(s, n, tail);
    for (size_t b = 0; b < nblocks; b++)
        for (const ProfConsider *c = blocks[b]->considers; c; c = c->next)
            if (c->node >= 0)
                own[k++].c = c;
    return own;
}

/* The bounds of a requirement chain (see MergedLayer.bounds): shared with
 * the parent whose chain it is; else a parent's bounds plus the links in
 * front of that parent's chain (the profile's own requirements), or, when
 * no parent's chain is its tail (a diamond), built by walking it. */
const signed char *layer_bounds(Session *s, const Model *m, const ReqLink *chain,
                                       const MergedLayer **pl, int np)
{
    if (!chain)
        return NULL;
    const ReqLink *stop = NULL;
    const signed char *from = NULL;
    for (const ReqLink *rl = chain; rl && !stop; rl = rl->next)
        for (int i = 0; i < np && !stop; i++)
            if (pl[i]->requires == rl)
                stop = rl, from = pl[i]->bounds;
    if (stop == chain)
        return from;
    int nk = m->npractices * 2;
    signed char *b = arena_alloc(s->arena, (size_t)nk * 2);
    if (from) {
        memcpy(b, from, (size_t)nk * 2);
    } else {
        memset(b, REQ_NO_FLOOR, (size_t)nk);
        memset(b + nk, REQ_NO_CEILING, (size_t)nk);
    }
    for (const ReqLink *rl = chain; rl != stop; rl = rl->next) {
        const Require *r = rl->r;
        const MNode *n = &m->nodes[r->node];
        for (int attr = 0; attr < 2; attr++) {
            int want = require_want(r, attr);
            if (want < 0)
                continue;
            for (int k = 0; k < n->npractices; k++) {
                int slot = (n->first_practice + k) * 2 + attr;
                if (r->op == REQ_GE && want > b[slot])
                    b[slot] = (signed char)want;
                else if (r->op != REQ_GE && want < b[nk + slot])
                    b[nk + slot] = (signed char)want;
            }
        }
    }
    return b;
}

