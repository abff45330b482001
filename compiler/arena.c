/*
 * arena.c — memory: the one allocation funnel and the per-session arena.
 *
 * Every heap allocation of the library goes through xmalloc/xrealloc, which
 * never return NULL: on exhaustion they call smm_fatal, which unwinds to
 * the thread's innermost guard_run (every public entry point runs under
 * one, driver.c), so the caller gets an internal error and the process
 * goes on.  Tests set smm_alloc_fail_after to make the funnel fail on
 * purpose.
 *
 * The unwind skips the frames between the failure and the guard, so heap
 * scratch they hold in local variables would leak.  A function that holds
 * some across calls that may fail registers it (guard_hold, with a Hold on
 * its own stack and the function that frees it) and drops it when done
 * (guard_drop); smm_fatal frees everything held above the guard it unwinds
 * to, innermost first, before it jumps (the frames are still live then).
 * A hold is two stores, so it goes at the few functions that keep scratch
 * across a phase (a table being built, the loader, a validation's
 * workers), not at each allocation: tracking every block instead would tax
 * the normal path for the failure's sake.  Memory that may as well live as
 * long as the session goes in its arena, which the session frees anyway.
 *
 * The arena is a list of chunks; a session frees
 * all of them at once.  An arena's first chunk is small (a one-file run
 * stays small); once it needs more, its chunks are 2 MB, aligned, and
 * offered to the kernel as transparent huge pages: one page fault per
 * 2 MB instead of 512.  Faults cost about 3 us each here (a virtual
 * machine), a quarter of the CPU time of a 1 000-profile run and a tenth
 * at 50 000 before huge pages.
 */
#include "smmc.h"

#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

long smm_alloc_fail_after = -1;

/* ---------------------------------------------------------------- guards */

typedef struct Guard {
    jmp_buf env;
    const char *msg;
    struct Guard *outer;
    Hold *held; /* hold_top when the guard began */
} Guard;

static _Thread_local Guard *guard_top;
static _Thread_local Hold *hold_top; /* innermost first */

const char *guard_run(GuardFn fn, void *ctx)
{
    Guard g = {.outer = guard_top, .held = hold_top};
    guard_top = &g;
    if (setjmp(g.env) == 0)
        fn(ctx);
    guard_top = g.outer;
    hold_top = g.held; /* after a return, fn dropped all it held */
    return g.msg;
}

void guard_hold(Hold *h, void (*release)(void *obj), void *obj)
{
    h->release = release;
    h->obj = obj;
    h->next = hold_top;
    hold_top = h;
}

void guard_drop(Hold *h)
{
    hold_top = h->next;
}

void hold_free(void *pp)
{
    void *p;
    memcpy(&p, pp, sizeof p); /* pp is the address of any object pointer */
    free(p);
}

void hold_vec(void *v)
{
    vec_free(v);
}

void hold_buf(void *b)
{
    buf_free(b);
}

/* Free what the frames above g hold, innermost first; each hold leaves the
 * list before it runs, so a failure inside one does not run it again. */
static void release_held(const Guard *g)
{
    while (hold_top && hold_top != g->held) {
        Hold *h = hold_top;
        hold_top = h->next;
        h->release(h->obj);
    }
}

void guard_build(GuardFn fn, GuardFn undo, void *ctx)
{
    const char *msg = guard_run(fn, ctx);
    if (msg) {
        undo(ctx);
        smm_fatal(msg);
    }
}

void smm_fatal(const char *msg)
{
    Guard *g = guard_top;
    if (g) {
        g->msg = msg;
        release_held(g);
        longjmp(g->env, 1);
    }
    /* no caller to return to (a worker thread): the one way out left */
    fprintf(stderr, "smmc: internal error: %s\n", msg);
    abort();
}

void smm_fatal_oom(void)
{
    smm_fatal("out of memory");
}

static void count_alloc(void)
{
    if (smm_alloc_fail_after >= 0 && smm_alloc_fail_after-- == 0)
        smm_fatal_oom();
}

void *xmalloc(size_t n)
{
    count_alloc();
    void *p = malloc(n ? n : 1);
    if (!p)
        smm_fatal_oom();
    return p;
}

void *xcalloc(size_t n, size_t size)
{
    count_alloc();
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        smm_fatal_oom();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    count_alloc();
    void *q = realloc(p, n ? n : 1);
    if (!q)
        smm_fatal_oom();
    return q;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    return memcpy(xmalloc(n), s, n);
}

/* ---------------------------------------------------------------- arena */

typedef struct Chunk {
    struct Chunk *next;
    size_t used, cap;
    max_align_t data[];
} Chunk;

struct Arena {
    Chunk *head;
    size_t total;
};

enum {
    CHUNK_MIN = 64 * 1024,
    HUGE_CHUNK = 2 * 1024 * 1024,   /* one transparent huge page */
    HUGE_AFTER = CHUNK_MIN,         /* arena size from which chunks are huge */
};

/* A fresh chunk with room for n bytes. */
static Chunk *chunk_new(const Arena *a, size_t n)
{
    if (a->total >= HUGE_AFTER && n <= HUGE_CHUNK - sizeof(Chunk)) {
        void *p = NULL;
        count_alloc();
        if (posix_memalign(&p, HUGE_CHUNK, HUGE_CHUNK) != 0)
            smm_fatal_oom();
#ifdef MADV_HUGEPAGE
        (void)madvise(p, HUGE_CHUNK, MADV_HUGEPAGE); /* a hint: failure is harmless */
#endif
        Chunk *c = p;
        c->cap = HUGE_CHUNK - sizeof(Chunk);
        return c;
    }
    size_t cap = n > CHUNK_MIN ? n : CHUNK_MIN;
    Chunk *c = xmalloc(sizeof(Chunk) + cap);
    c->cap = cap;
    return c;
}

Arena *arena_new(void)
{
    return xcalloc(1, sizeof(Arena));
}

void arena_free(Arena *a)
{
    if (!a)
        return;
    for (Chunk *c = a->head, *n; c; c = n) {
        n = c->next;
        free(c);
    }
    free(a);
}

void *arena_alloc(Arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    Chunk *c = a->head;
    if (!c || c->cap - c->used < n) {
        c = chunk_new(a, n);
        c->used = 0;
        /* A big request gets its own chunk behind the head so the head's
         * free space stays usable. */
        if (a->head && n > CHUNK_MIN && c->cap == n) {
            c->next = a->head->next;
            a->head->next = c;
        } else {
            c->next = a->head;
            a->head = c;
        }
        a->total += c->cap;
    }
    void *p = (char *)c->data + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

char *arena_strdup(Arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_vprintf(Arena *a, const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    char *p = arena_alloc(a, (size_t)(n < 0 ? 0 : n) + 1);
    if (n > 0)
        vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *arena_printf(Arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = arena_vprintf(a, fmt, ap);
    va_end(ap);
    return p;
}

void arena_reset(Arena *a)
{
    Chunk *first = NULL;
    for (Chunk *c = a->head, *n; c; c = n) {
        n = c->next;
        if (!n) {
            first = c; /* the oldest chunk stays, emptied */
            break;
        }
        free(c);
    }
    a->head = first;
    a->total = 0;
    if (first) {
        first->used = 0;
        first->next = NULL;
        a->total = first->cap;
    }
}

void arena_merge(Arena *into, Arena *from)
{
    if (!from->head) {
        free(from);
        return;
    }
    /* behind into's head, whose free space stays in use */
    Chunk *last = from->head;
    while (last->next)
        last = last->next;
    if (into->head) {
        last->next = into->head->next;
        into->head->next = from->head;
    } else {
        into->head = from->head;
    }
    into->total += from->total;
    free(from);
}

size_t arena_bytes(const Arena *a)
{
    return a->total;
}

/* ---------------------------------------------------------------- Vec, Buf */

void vec_push(Vec *v, void *p)
{
    if (v->n == v->cap) {
        v->cap = v->cap ? v->cap * 2 : 8;
        v->v = xrealloc(v->v, v->cap * sizeof *v->v);
    }
    v->v[v->n++] = p;
}

void *vec_push_new(Vec *v, size_t n)
{
    void *p = xcalloc(1, n);
    Hold h;
    guard_hold(&h, hold_free, &p);
    vec_push(v, p);
    guard_drop(&h);
    return p;
}

void vec_free(Vec *v)
{
    free(v->v);
    *v = (Vec){0};
}

static void buf_reserve(Buf *b, size_t extra)
{
    if (b->n + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < b->n + extra + 1)
        cap *= 2;
    b->s = xrealloc(b->s, cap);
    b->cap = cap;
}

void buf_putn(Buf *b, const char *s, size_t n)
{
    buf_reserve(b, n);
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = 0;
}

void buf_puts(Buf *b, const char *s)
{
    buf_putn(b, s, strlen(s));
}

void buf_putc(Buf *b, int c)
{
    char ch = (char)c;
    buf_putn(b, &ch, 1);
}

void buf_printf(Buf *b, const char *fmt, ...)
{
    va_list ap, aq;
    va_start(ap, fmt);
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n > 0) {
        buf_reserve(b, (size_t)n);
        vsnprintf(b->s + b->n, (size_t)n + 1, fmt, aq);
        b->n += (size_t)n;
    }
    va_end(aq);
}

void buf_free(Buf *b)
{
    free(b->s);
    *b = (Buf){0};
}

const char *buf_cstr(Buf *b)
{
    if (!b->s)
        buf_reserve(b, 0), b->s[0] = 0;
    return b->s;
}
