/*
 * intern.c — the symbol table: string interning and pointer-keyed maps.
 *
 * Interned strings live in the session arena; equal strings share one
 * pointer, so every later phase compares names with ==.  Both tables are
 * open-addressing hash tables with power-of-two capacity, kept at most half
 * full.  While files are parsed in parallel (load.c) the interner is shared
 * between threads and each call takes its lock; its arena must then be one
 * that nothing else allocates from.
 */
#include "smmc.h"

#include <stdlib.h>
#include <string.h>

typedef struct {
    const char *s;
    size_t len;
    uint64_t hash;
} Entry;

struct Interner {
    Arena *arena;
    Entry *tab;
    size_t n, cap;
    bool shared; /* lock around every call */
    PoolLock *lock;
    uint64_t id; /* unique for the life of the process */
};

/* While an interner is shared, each thread first looks in a small cache of
 * its own (direct-mapped by hash) and takes the lock only on a miss: the
 * same names come back again and again.  Entries carry the interner's id,
 * never reused, so an entry of a freed interner can never match. */
enum { CACHE_SIZE = 4096 };
typedef struct {
    uint64_t id, hash;
    const char *s;
    size_t len;
} CacheEntry;
static _Thread_local CacheEntry cache[CACHE_SIZE];

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 1469598103934665603ull; /* FNV-1a */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211ull;
    }
    return h;
}

static void intern_init(void *ctx)
{
    Interner *in = ctx;
    in->tab = xcalloc(in->cap, sizeof(Entry));
    in->lock = pool_lock_new();
}

static void intern_undo(void *ctx)
{
    intern_free(ctx);
}

Interner *intern_new(Arena *a)
{
    Interner *in = xcalloc(1, sizeof *in);
    in->arena = a;
    in->cap = 1024;
    guard_build(intern_init, intern_undo, in);
    in->id = pool_unique_id();
    return in;
}

void intern_share(Interner *in, bool shared)
{
    in->shared = shared;
}

void intern_free(Interner *in)
{
    if (!in)
        return;
    pool_lock_free(in->lock);
    free(in->tab);
    free(in);
}

static void intern_grow(Interner *in)
{
    size_t cap = in->cap * 2;
    Entry *tab = xcalloc(cap, sizeof(Entry));
    for (size_t i = 0; i < in->cap; i++) {
        Entry e = in->tab[i];
        if (!e.s)
            continue;
        size_t j = e.hash & (cap - 1);
        while (tab[j].s)
            j = (j + 1) & (cap - 1);
        tab[j] = e;
    }
    free(in->tab);
    in->tab = tab;
    in->cap = cap;
}

static const char *intern_locked(Interner *in, const char *s, size_t n, uint64_t h)
{
    size_t i = h & (in->cap - 1);
    for (; in->tab[i].s; i = (i + 1) & (in->cap - 1)) {
        Entry *e = &in->tab[i];
        if (e->hash == h && e->len == n && memcmp(e->s, s, n) == 0)
            return e->s;
    }
    const char *copy = arena_strndup(in->arena, s, n);
    in->tab[i] = (Entry){copy, n, h};
    if (++in->n * 2 > in->cap)
        intern_grow(in);
    return copy;
}

const char *intern(Interner *in, const char *s, size_t n)
{
    uint64_t h = hash_bytes(s, n); /* outside the lock */
    if (!in->shared)
        return intern_locked(in, s, n, h);
    CacheEntry *c = &cache[h & (CACHE_SIZE - 1)];
    if (c->id == in->id && c->hash == h && c->len == n && memcmp(c->s, s, n) == 0)
        return c->s;
    pool_lock(in->lock);
    const char *r = intern_locked(in, s, n, h);
    pool_unlock(in->lock);
    *c = (CacheEntry){in->id, h, r, n};
    return r;
}

const char *intern_cstr(Interner *in, const char *s)
{
    return intern(in, s, strlen(s));
}

/* ---------------------------------------------------------------- PtrMap */

static size_t ptr_hash(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    return (size_t)x;
}

void *ptrmap_get(const PtrMap *m, const void *key)
{
    if (!m->cap)
        return NULL;
    for (size_t i = ptr_hash(key) & (m->cap - 1); m->keys[i]; i = (i + 1) & (m->cap - 1))
        if (m->keys[i] == key)
            return m->vals[i];
    return NULL;
}

/* Keys and values share one block (keys first): one allocation, which
 * either fails with the map as it was or succeeds whole. */
static void ptrmap_grow(PtrMap *m)
{
    PtrMap g = {0};
    g.cap = m->cap ? m->cap * 2 : 16;
    g.keys = xcalloc(g.cap, sizeof *g.keys + sizeof *g.vals);
    g.vals = (void **)(g.keys + g.cap);
    for (size_t i = 0; i < m->cap; i++) {
        if (!m->keys[i])
            continue;
        size_t j = ptr_hash(m->keys[i]) & (g.cap - 1);
        while (g.keys[j])
            j = (j + 1) & (g.cap - 1);
        g.keys[j] = m->keys[i];
        g.vals[j] = m->vals[i];
        g.n++;
    }
    free(m->keys);
    *m = g;
}

void *ptrmap_put(PtrMap *m, const void *key, void *val)
{
    if ((m->n + 1) * 2 > m->cap)
        ptrmap_grow(m);
    size_t i = ptr_hash(key) & (m->cap - 1);
    for (; m->keys[i]; i = (i + 1) & (m->cap - 1)) {
        if (m->keys[i] == key) {
            void *old = m->vals[i];
            m->vals[i] = val;
            return old;
        }
    }
    m->keys[i] = key;
    m->vals[i] = val;
    m->n++;
    return NULL;
}

void *ptrmap_put_new(PtrMap *m, const void *key, size_t n)
{
    void *p = xcalloc(1, n);
    Hold h;
    guard_hold(&h, hold_free, &p);
    ptrmap_put(m, key, p);
    guard_drop(&h);
    return p;
}

void hold_map(void *m)
{
    ptrmap_free(m);
}

void ptrmap_free(PtrMap *m)
{
    free(m->keys);
    *m = (PtrMap){0};
}
