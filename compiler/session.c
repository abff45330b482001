/*
 * session.c — a compilation session and its sinks (sessions for work done
 * on another thread), the -W policy, and what the session tells about the
 * run (error counts, exit status).
 *
 * The public entry points that run phases (smm_new, smm_analyze, ...) are
 * in driver.c; loading (root files, imports, parsing) is in load.c.
 */
#include "smmc.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef SMM_STDLIB_DEFAULT
#define SMM_STDLIB_DEFAULT "/usr/local/share/smmc/stdlib"
#endif

/* Worker threads besides the caller's: opt.jobs - 1; when jobs is 0,
 * $SMM_JOBS, else one per online CPU (capped).  Tests that make allocation fail on purpose
 * count allocations, which only one thread does deterministically. */
static int worker_threads(int jobs)
{
    const char *env = getenv("SMM_JOBS");
    if (jobs <= 0 && env && *env) {
        char *end;
        long n = strtol(env, &end, 10);
        if (!*end && n > 0)
            jobs = n > SMM_MAX_JOBS ? SMM_MAX_JOBS : (int)n;
    }
    if (jobs <= 0) {
        long n = sysconf(_SC_NPROCESSORS_ONLN);
        jobs = n < 1 ? 1 : n > SMM_MAX_JOBS ? SMM_MAX_JOBS : (int)n;
    }
    if (jobs > SMM_MAX_JOBS)
        jobs = SMM_MAX_JOBS;
    return smm_alloc_fail_after >= 0 ? 0 : jobs - 1;
}

/* What session_new makes, in s->opt's terms (guard_build's fn). */
static void session_init(void *ctx)
{
    Session *s = ctx;
    s->arena = arena_new();
    s->name_arena = arena_new();
    s->names = intern_new(s->name_arena);
    s->threads = worker_threads(s->opt.jobs);
    s->policy.max_errors = s->opt.max_errors;
    s->diags_tail = &s->diags;
    s->diag_out = s->opt.diag_stream ? s->opt.diag_stream : stderr;
    s->stream_text = !s->opt.buffer_diagnostics;
    switch (s->opt.color) {
    case SMM_COLOR_ALWAYS: s->color = true; break;
    case SMM_COLOR_NEVER: s->color = false; break;
    default: {
        const char *nc = getenv("NO_COLOR");
        s->color = (!nc || !*nc) && isatty(fileno(s->diag_out));
    }
    }
    if (!s->opt.stdlib_dir) {
        const char *env = getenv("SMM_STDLIB");
        s->opt.stdlib_dir = env && *env ? env : SMM_STDLIB_DEFAULT;
    }
    s->keep = arena_new();
    s->opt.stdlib_dir = arena_strdup(s->keep, s->opt.stdlib_dir);
    s->prog = arena_alloc(s->arena, sizeof *s->prog);
}

/* What session_init made before an allocation failed (guard_build's undo). */
static void session_undo(void *ctx)
{
    Session *s = ctx;
    arena_free(s->keep);
    intern_free(s->names);
    arena_free(s->name_arena);
    arena_free(s->arena);
    free(s);
}

Session *session_new(const smm_options *opt)
{
    Session *s = xcalloc(1, sizeof *s);
    if (opt)
        s->opt = *opt;
    guard_build(session_init, session_undo, s);
    return s;
}

Pool *session_pool(Session *s)
{
    if (!s->pool)
        s->pool = pool_new(s->threads);
    return s->pool;
}

Session *session_sink(Session *s, Arena *arena)
{
    Session *k = xcalloc(1, sizeof *k);
    Hold h;
    guard_hold(&h, hold_free, &k);
    k->arena = arena ? arena : arena_new();
    guard_drop(&h);
    k->borrowed_arena = arena != NULL;
    k->names = s->names;
    k->opt = s->opt;
    k->policy = s->policy;
    k->diags_tail = &k->diags;
    k->diag_out = s->diag_out;
    k->color = s->color;
    k->stream_text = false;
    k->threads = 0;
    k->prog = s->prog;
    return k;
}

void hold_sink(void *k)
{
    session_sink_free(k);
}

void session_sink_free(Session *k)
{
    if (!k)
        return;
    if (!k->borrowed_arena)
        arena_free(k->arena); /* NULL once merged into its owner's */
    free(k);
}

bool smm_warning_option(smm_session *s, const char *spec)
{
    DiagPolicy *p = &s->policy;
    if (strcmp(spec, "error") == 0) {
        p->werror = true;
        return true;
    }
    if (strcmp(spec, "no-error") == 0) {
        p->werror = false;
        return true;
    }
    enum { ENABLE, DISABLE, AS_ERROR, NOT_AS_ERROR } what = ENABLE;
    const char *name = spec;
    if (strncmp(spec, "error=", 6) == 0)
        what = AS_ERROR, name = spec + 6;
    else if (strncmp(spec, "no-error=", 9) == 0)
        what = NOT_AS_ERROR, name = spec + 9;
    else if (strncmp(spec, "no-", 3) == 0)
        what = DISABLE, name = spec + 3;
    int id = diag_lookup(name);
    if (id < 0 || (diag_info[id].flags & DF_HARD))
        return false;
    Severity def = diag_info[id].severity;
    p->overridden[id] = true;
    switch (what) {
    case ENABLE: /* a diagnostic off by default is shown as a remark */
        p->override[id] = def == SEV_IGNORED ? SEV_REMARK : def;
        break;
    case DISABLE: p->override[id] = SEV_IGNORED; break;
    case AS_ERROR: p->override[id] = SEV_ERROR; break;
    case NOT_AS_ERROR:
        p->no_werror[id] = true;
        p->override[id] = def == SEV_ERROR ? SEV_WARNING : def == SEV_IGNORED ? SEV_REMARK : def;
        break;
    }
    return true;
}

int smm_error_count(const smm_session *s)
{
    int n = 0;
    for (const Diag *d = s->diags; d; d = d->next)
        n += d->sev == SEV_ERROR && !d->baselined;
    return n;
}

int smm_input_error_count(const smm_session *s)
{
    int n = 0;
    for (const Diag *d = s->diags; d; d = d->next)
        n += d->sev == SEV_ERROR && !d->baselined && !(diag_info[d->id].flags & DF_GATE);
    return n;
}

bool smm_io_failed(const smm_session *s)
{
    return s->io_failed;
}

const char *smm_internal_error(const smm_session *s)
{
    return s->internal;
}

const char *smm_stdlib_dir(const smm_session *s)
{
    return s->opt.stdlib_dir;
}

void session_fail(Session *s, const char *msg)
{
    if (s->internal)
        return;
    s->internal = msg;
    s->pending = NULL; /* it may be half built */
    if (s->stream_text)
        fprintf(s->diag_out, "smmc: internal error: %s\n", msg);
}

int smm_exit_status(const smm_session *s)
{
    if (s->internal)
        return SMM_EXIT_INTERNAL;
    if (s->io_failed)
        return SMM_EXIT_USAGE;
    return smm_error_count(s) ? SMM_EXIT_ERRORS : SMM_EXIT_OK;
}
