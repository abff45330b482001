/*
 * pool.c — a fixed set of worker threads that run one loop at a time.
 *
 * pool_run(pool, fn, ctx, n) calls fn(ctx, worker, i) for every i in
 * [0, n), spread over the pool's threads and the calling thread (worker 0),
 * each taking the next index when it is free, and returns when every call
 * has returned.  Workers sleep between loops, so a phase that runs many
 * short loops (validation runs one per generation of the inheritance graph)
 * pays for thread creation once.  A pool of no threads runs the loop on the
 * caller, in index order.
 *
 * pool_spawn(pool, fn, ctx) starts fn(ctx, worker) on every pool thread
 * (not the caller) and returns at once; pool_join waits for them.  The
 * loader runs its own job queue that way while the caller walks the
 * imports.  A session keeps one pool for its life (session_pool), so the
 * threads start once, early, and are awake by the time there is work.
 */
#include "smmc.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

struct Pool {
    pthread_mutex_t mu;
    pthread_cond_t start, finished;
    pthread_t threads[SMM_MAX_JOBS];
    int nthreads;
    /* the current loop (or spawned task: spawn_fn) */
    PoolFn fn;
    PoolTask spawn_fn;
    void *ctx;
    size_t n;
    atomic_size_t next;
    unsigned long generation; /* loops started */
    int busy;                 /* workers still in the current loop */
    bool stop;
};

typedef struct {
    Pool *pool;
    int index; /* 1.. (the caller is 0) */
} WorkerArg;

static void run_indices(Pool *p, int worker)
{
    size_t i;
    while ((i = atomic_fetch_add(&p->next, 1)) < p->n)
        p->fn(p->ctx, worker, i);
}

static void *pool_worker(void *arg)
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
        if (p->spawn_fn)
            p->spawn_fn(p->ctx, w->index);
        else
            run_indices(p, w->index);
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
    atomic_init(&p->next, 0);
    if (nthreads > SMM_MAX_JOBS)
        nthreads = SMM_MAX_JOBS;
    for (int i = 0; i < nthreads; i++) {
        WorkerArg *w = xmalloc(sizeof *w);
        w->pool = p;
        w->index = p->nthreads + 1;
        if (pthread_create(&p->threads[p->nthreads], NULL, pool_worker, w) != 0) {
            free(w);
            break; /* fewer threads: slower, not wrong */
        }
        p->nthreads++;
    }
    return p;
}

/* Wake every worker for a new loop or task. */
static void start(Pool *p, PoolFn fn, PoolTask task, void *ctx, size_t n)
{
    pthread_mutex_lock(&p->mu);
    p->fn = fn;
    p->spawn_fn = task;
    p->ctx = ctx;
    p->n = n;
    atomic_store(&p->next, 0);
    p->busy = p->nthreads;
    p->generation++;
    pthread_cond_broadcast(&p->start);
    pthread_mutex_unlock(&p->mu);
}

int pool_size(const Pool *p)
{
    return p->nthreads + 1;
}

void pool_run(Pool *p, PoolFn fn, void *ctx, size_t n)
{
    if (n == 0)
        return;
    if (p->nthreads == 0 || n == 1) {
        for (size_t i = 0; i < n; i++)
            fn(ctx, 0, i);
        return;
    }
    start(p, fn, NULL, ctx, n);
    run_indices(p, 0);
    pool_join(p);
}

void pool_spawn(Pool *p, PoolTask fn, void *ctx)
{
    if (p->nthreads)
        start(p, NULL, fn, ctx, 0);
}

void pool_join(Pool *p)
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
