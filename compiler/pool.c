/*
 * pool.c — the one concurrency module: worker threads, a job queue, a
 * dependency-ordered run, and a lock.  No other file calls pthread_*
 * synchronisation or uses atomics; the phases describe their work as jobs
 * or as a graph and stay single-threaded code.
 *
 * A session keeps one Pool for its life (session_pool): its threads start
 * once and sleep between uses.  The caller of every function below is
 * worker 0 and takes part in the work; a pool of no threads (-j1) runs
 * everything on the caller, in the same order, through the same code.
 *
 *  - PoolQueue: jobs submitted in order and run by the pool's threads as
 *    they come; pool_queue_wait(q, job) returns once that job is done,
 *    running it (or other queued jobs) meanwhile.  The loader parses
 *    files this way while its walk over the imports waits for them in
 *    import order.
 *  - pool_run_ordered: items 0..n-1 each run after all their predecessors;
 *    of the ready items the smallest index goes first, so one thread
 *    walks a parent and then its children while the parent's data is in
 *    the cache.  Validation runs its profiles this way.
 *  - PoolLock: a mutex for a structure all threads write (the interner).
 *  - pool_unique_id: a number no thread of the process has had before
 *    (the interner tags its per-thread cache entries with one).
 */
#define _GNU_SOURCE /* PTHREAD_MUTEX_ADAPTIVE_NP */
#include "smmc.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

typedef void (*PoolTask)(void *ctx, int worker);

struct Pool {
    pthread_mutex_t mu;
    pthread_cond_t start, finished;
    pthread_t threads[SMM_MAX_JOBS];
    int nthreads;
    PoolTask task; /* what the threads run now */
    void *ctx;
    unsigned long generation; /* tasks started */
    int busy;                 /* threads still in the current task */
    bool stop;
};

typedef struct {
    Pool *pool;
    int index; /* 1.. (the caller is 0) */
} WorkerArg;

static void *pool_thread(void *arg)
{
    WorkerArg *w = arg;
    Pool *p = w->pool;
    unsigned long seen = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && p->generation == seen)
            pthread_cond_wait(&p->start, &p->mu);
        if (p->stop)
            break;
        seen = p->generation;
        pthread_mutex_unlock(&p->mu);
        p->task(p->ctx, w->index);
        pthread_mutex_lock(&p->mu);
        if (--p->busy == 0)
            pthread_cond_signal(&p->finished);
    }
    pthread_mutex_unlock(&p->mu);
    free(w);
    return NULL;
}

Pool *pool_new(int nthreads)
{
    Pool *p = xcalloc(1, sizeof *p);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->start, NULL);
    pthread_cond_init(&p->finished, NULL);
    if (nthreads > SMM_MAX_JOBS)
        nthreads = SMM_MAX_JOBS;
    for (int i = 0; i < nthreads; i++) {
        WorkerArg *w = xmalloc(sizeof *w);
        w->pool = p;
        w->index = p->nthreads + 1;
        if (pthread_create(&p->threads[p->nthreads], NULL, pool_thread, w) != 0) {
            free(w);
            break; /* fewer threads: slower, not wrong */
        }
        p->nthreads++;
    }
    return p;
}

int pool_size(const Pool *p)
{
    return p->nthreads + 1;
}

/* Start task(ctx, worker) on every pool thread (not the caller). */
static void spawn(Pool *p, PoolTask task, void *ctx)
{
    if (!p->nthreads)
        return;
    pthread_mutex_lock(&p->mu);
    p->task = task;
    p->ctx = ctx;
    p->busy = p->nthreads;
    p->generation++;
    pthread_cond_broadcast(&p->start);
    pthread_mutex_unlock(&p->mu);
}

/* Wait until every pool thread has returned from the task. */
static void join(Pool *p)
{
    pthread_mutex_lock(&p->mu);
    while (p->busy > 0)
        pthread_cond_wait(&p->finished, &p->mu);
    pthread_mutex_unlock(&p->mu);
}

void pool_free(Pool *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_cond_broadcast(&p->start);
    pthread_mutex_unlock(&p->mu);
    for (int i = 0; i < p->nthreads; i++)
        pthread_join(p->threads[i], NULL);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->start);
    pthread_cond_destroy(&p->finished);
    free(p);
}

/* ---------------------------------------------------------------- lock */

struct PoolLock {
    pthread_mutex_t mu;
};

PoolLock *pool_lock_new(void)
{
    PoolLock *l = xcalloc(1, sizeof *l);
    /* critical sections are short: spin a little before sleeping */
    pthread_mutexattr_t attr;
    pthread_mutexattr_init(&attr);
#ifdef PTHREAD_MUTEX_ADAPTIVE_NP
    pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ADAPTIVE_NP);
#endif
    pthread_mutex_init(&l->mu, &attr);
    pthread_mutexattr_destroy(&attr);
    return l;
}

void pool_lock(PoolLock *l)
{
    pthread_mutex_lock(&l->mu);
}

void pool_unlock(PoolLock *l)
{
    pthread_mutex_unlock(&l->mu);
}

void pool_lock_free(PoolLock *l)
{
    if (!l)
        return;
    pthread_mutex_destroy(&l->mu);
    free(l);
}

uint64_t pool_unique_id(void)
{
    static _Atomic uint64_t next = 1;
    return atomic_fetch_add(&next, 1);
}

/* ---------------------------------------------------------------- job queue */

enum { JOB_NEW, JOB_QUEUED, JOB_RUNNING, JOB_DONE };

struct PoolQueue {
    Pool *pool;
    PoolJobFn fn;
    void *ctx;
    pthread_mutex_t mu;
    pthread_cond_t work; /* a job was queued, or stop */
    pthread_cond_t done; /* a job finished */
    Vec jobs;            /* PoolJob*, in submission order */
    size_t next;         /* jobs before this index have all started */
    bool started, stop;
};

PoolQueue *pool_queue_new(Pool *p, PoolJobFn fn, void *ctx)
{
    PoolQueue *q = xcalloc(1, sizeof *q);
    q->pool = p;
    q->fn = fn;
    q->ctx = ctx;
    pthread_mutex_init(&q->mu, NULL);
    pthread_cond_init(&q->work, NULL);
    pthread_cond_init(&q->done, NULL);
    return q;
}

/* The first queued job from q->next on, marked running; NULL if none.
 * Called with the lock held. */
static PoolJob *take_queued(PoolQueue *q)
{
    while (q->next < q->jobs.n && ((PoolJob *)q->jobs.v[q->next])->state != JOB_QUEUED)
        q->next++;
    if (q->next == q->jobs.n)
        return NULL;
    PoolJob *j = q->jobs.v[q->next++];
    j->state = JOB_RUNNING;
    return j;
}

/* Run j (marked running) with the lock released. */
static void run_unlocked(PoolQueue *q, PoolJob *j, int worker)
{
    pthread_mutex_unlock(&q->mu);
    q->fn(q->ctx, j, worker);
    pthread_mutex_lock(&q->mu);
    j->state = JOB_DONE;
    pthread_cond_broadcast(&q->done);
}

/* A pool thread: run queued jobs until the queue stops. */
static void queue_thread(void *ctx, int worker)
{
    PoolQueue *q = ctx;
    pthread_mutex_lock(&q->mu);
    while (!q->stop) {
        PoolJob *j = take_queued(q);
        if (j)
            run_unlocked(q, j, worker);
        else
            pthread_cond_wait(&q->work, &q->mu);
    }
    pthread_mutex_unlock(&q->mu);
}

void pool_queue_start(PoolQueue *q)
{
    if (q->started || !q->pool || !q->pool->nthreads)
        return;
    q->started = true;
    spawn(q->pool, queue_thread, q);
}

static void unlock(void *mu)
{
    pthread_mutex_unlock(mu);
}

void pool_queue_submit(PoolQueue *q, PoolJob *const *jobs, size_t n)
{
    if (!n)
        return;
    Hold h;
    pthread_mutex_lock(&q->mu);
    guard_hold(&h, unlock, &q->mu); /* vec_push may fail */
    for (size_t i = 0; i < n; i++) {
        jobs[i]->state = JOB_QUEUED;
        vec_push(&q->jobs, jobs[i]);
    }
    guard_drop(&h);
    pthread_cond_broadcast(&q->work);
    pthread_mutex_unlock(&q->mu);
}

/* j may have been submitted to an earlier queue and never run: then it
 * runs here, on the caller. */
void pool_queue_wait(PoolQueue *q, PoolJob *j)
{
    pthread_mutex_lock(&q->mu);
    while (j->state != JOB_DONE) {
        PoolJob *other = NULL;
        if (j->state == JOB_QUEUED || j->state == JOB_NEW) {
            j->state = JOB_RUNNING;
            run_unlocked(q, j, 0);
        } else if ((other = take_queued(q)) != NULL) {
            run_unlocked(q, other, 0);
        } else {
            pthread_cond_wait(&q->done, &q->mu);
        }
    }
    pthread_mutex_unlock(&q->mu);
}

/* Jobs still queued stay so (a later queue's wait runs them). */
void pool_queue_free(PoolQueue *q)
{
    if (!q)
        return;
    pthread_mutex_lock(&q->mu);
    q->stop = true;
    pthread_cond_broadcast(&q->work);
    pthread_mutex_unlock(&q->mu);
    if (q->started)
        join(q->pool);
    pthread_mutex_destroy(&q->mu);
    pthread_cond_destroy(&q->work);
    pthread_cond_destroy(&q->done);
    vec_free(&q->jobs);
    free(q);
}

/* ---------------------------------------------------------------- ordered run */

typedef struct {
    PoolFn fn;
    void *ctx;
    const PoolGraph *g;
    int *pending;        /* per item: predecessors not yet done */
    size_t *heap, nheap; /* ready items, smallest first */
    size_t done;
    pthread_mutex_t mu;
    pthread_cond_t ready;
    atomic_int wake; /* nheap > 0 or all done: a spinning thread may go */
} Ordered;

static void heap_push(Ordered *o, size_t t)
{
    size_t i = o->nheap++;
    while (i > 0 && o->heap[(i - 1) / 2] > t) {
        o->heap[i] = o->heap[(i - 1) / 2];
        i = (i - 1) / 2;
    }
    o->heap[i] = t;
}

static size_t heap_pop(Ordered *o)
{
    size_t top = o->heap[0], last = o->heap[--o->nheap], i = 0;
    for (;;) {
        size_t c = 2 * i + 1;
        if (c >= o->nheap)
            break;
        if (c + 1 < o->nheap && o->heap[c + 1] < o->heap[c])
            c++;
        if (o->heap[c] >= last)
            break;
        o->heap[i] = o->heap[c];
        i = c;
    }
    if (o->nheap)
        o->heap[i] = last;
    return top;
}

/* Wait (lock held) for a ready item or the end.  Chains of items leave the
 * ready set empty for moments; sleeping and being woken cost two system
 * calls and a cross-CPU wake-up, more than the wait itself, so a thread
 * first watches the hint for a few microseconds (at N = 1 000 on the
 * bench library: about 30 futex calls instead of 80, ~2 ms of 16). */
static void wait_ready(Ordered *o)
{
    pthread_mutex_unlock(&o->mu);
    for (int i = 0; i < 20000 && !atomic_load_explicit(&o->wake, memory_order_acquire); i++)
        continue;
    pthread_mutex_lock(&o->mu);
    if (!o->nheap && o->done < o->g->n)
        pthread_cond_wait(&o->ready, &o->mu);
}

/* Item t is done: its successors whose predecessors are all done are ready. */
static void finish(Ordered *o, size_t t)
{
    const PoolGraph *g = o->g;
    o->done++;
    for (size_t k = g->succ_start[t]; k < g->succ_start[t + 1]; k++)
        if (--o->pending[g->succ[k]] == 0)
            heap_push(o, g->succ[k]);
    bool go = o->nheap || o->done == g->n;
    atomic_store_explicit(&o->wake, go, memory_order_release);
    if (go)
        pthread_cond_broadcast(&o->ready);
}

static void ordered_thread(void *ctx, int worker)
{
    Ordered *o = ctx;
    pthread_mutex_lock(&o->mu);
    while (o->done < o->g->n) {
        if (!o->nheap) {
            wait_ready(o);
            continue;
        }
        size_t t = heap_pop(o);
        atomic_store_explicit(&o->wake, o->nheap > 0, memory_order_release);
        pthread_mutex_unlock(&o->mu);
        o->fn(o->ctx, worker, t);
        pthread_mutex_lock(&o->mu); /* what fn wrote is visible to t's successors */
        finish(o, t);
    }
    pthread_mutex_unlock(&o->mu);
}

void pool_run_ordered(Pool *p, const PoolGraph *g, PoolFn fn, void *ctx)
{
    if (g->n == 0)
        return;
    Ordered o = {.fn = fn, .ctx = ctx, .g = g};
    Hold hp, hh;
    guard_hold(&hp, hold_free, &o.pending);
    guard_hold(&hh, hold_free, &o.heap);
    o.pending = xmalloc(sizeof *o.pending * g->n);
    o.heap = xmalloc(sizeof *o.heap * g->n);
    for (size_t t = 0; t < g->n; t++) {
        o.pending[t] = g->npred[t];
        if (g->npred[t] == 0)
            heap_push(&o, t);
    }
    pthread_mutex_init(&o.mu, NULL);
    pthread_cond_init(&o.ready, NULL);
    atomic_init(&o.wake, o.nheap > 0);
    spawn(p, ordered_thread, &o);
    ordered_thread(&o, 0);
    join(p);
    pthread_mutex_destroy(&o.mu);
    pthread_cond_destroy(&o.ready);
    guard_drop(&hh);
    guard_drop(&hp);
    free(o.pending);
    free(o.heap);
}
