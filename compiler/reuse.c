/*
 * reuse.c — incremental analysis: what one analysis of a session keeps for
 * the next (smm_reset), and the checks that decide what may be kept.
 *
 * An editor analyses the same workspace again after every edit.  Besides
 * the parses of unchanged files (load.c), the next analysis keeps
 *
 *   - the models, when the model declarations are the same syntax trees in
 *     the same order and they were built without errors;
 *   - every profile that an analysis resolved and validated, when its
 *     syntax tree is unchanged (its file was not parsed again), its name
 *     and each parent's name still lead to the same declarations, its
 *     parents are kept too and the models are: then its linearization,
 *     its merged layers, its resolved paths and its validation findings
 *     are what they would be again.
 *
 * A kept profile's diagnostics are reported again from what it recorded
 * (Profile.rdiags, Profile.findings), at the point of the pipeline where a
 * fresh analysis would make them, so the diagnostics are the same, in the
 * same order, as a new session's (tests/incremental checks exactly that
 * over random edits).  Profiles that depend on an edited one are resolved
 * again, as are the phases that look at the whole program: the namespace,
 * the topological order, the numbering of settings, assessments and tests.
 *
 * What an analysis builds stays in the session's arena while it may be
 * kept, so memory grows with each edit by what was built again; when the
 * arena has grown past twice its size after the last full analysis (or
 * -fmax-errors could cut the diagnostics differently), the next analysis
 * is a full one and the arena starts afresh.  A change of the -W policy
 * keeps nothing (kept diagnostics have their old severities).
 *
 * The semantic phases write into the syntax tree (Setting.node, .owner):
 * a kept profile's tree must hold what its own resolution wrote, so a
 * profile whose tree is reset for another resolution is forgotten
 * (reuse_forget), whatever the analysis then does.
 */
#include "smmc.h"

#include <stdlib.h>
#include <string.h>

enum { REUSE_SLACK = 8 << 20 }; /* bytes an arena may grow past twice its size */

/* The models of the analysis just finished and every profile it
 * validated, when its declare and models phases were clean; else what was
 * kept before stays (it is all still in the arena, and stands for the
 * syntax it was made from). */
static void keep_program(Session *s, Reuse *r)
{
    Program *pg = s->prog;
    if (!pg || s->clean_phases < 2)
        return;
    r->models.n = 0;
    r->model_diags.n = 0;
    ptrmap_free(&r->profiles);
    for (size_t i = 0; i < pg->models.n; i++)
        vec_push(&r->models, pg->models.v[i]);
    for (size_t i = 0; i < pg->model_diags.n; i++)
        vec_push(&r->model_diags, pg->model_diags.v[i]);
    for (size_t i = 0; i < pg->profiles.n; i++) {
        Profile *p = pg->profiles.v[i];
        if (p->validated && p->settled && p->state == RES_DONE)
            ptrmap_put(&r->profiles, p->ast, p);
    }
}

/* The heap part of every model built since the arena last started afresh. */
static void free_models(Reuse *r)
{
    for (size_t i = 0; i < r->built.n; i++) {
        Model *m = r->built.v[i];
        ptrmap_free(&m->by_id);
        ptrmap_free(&m->considers);
    }
    r->built.n = 0;
}

void reuse_keep(Session *s)
{
    Reuse *r = &s->reuse;
    size_t bytes = arena_bytes(s->arena);
    if (!r->arena_kept) /* the analysis just finished began with an empty arena */
        r->full_bytes = bytes;
    r->on = s->policy.max_errors == 0 && bytes <= 2 * r->full_bytes + REUSE_SLACK;
    if (r->on)
        keep_program(s, r);
}

void reuse_start(Session *s)
{
    Reuse *r = &s->reuse;
    r->arena_kept = r->on;
    if (!r->on) {
        r->models.n = r->model_diags.n = 0;
        ptrmap_free(&r->profiles);
        free_models(r);
        arena_reset(s->arena);
    }
    s->prog = arena_alloc(s->arena, sizeof *s->prog);
}

void reuse_free(Session *s)
{
    Reuse *r = &s->reuse;
    free_models(r);
    vec_free(&r->built);
    vec_free(&r->models);
    vec_free(&r->model_diags);
    ptrmap_free(&r->profiles);
}

void reuse_check_policy(Session *s)
{
    Reuse *r = &s->reuse;
    if (r->on && memcmp(&r->policy, &s->policy, sizeof r->policy) != 0)
        r->on = false; /* all built again; the arena keeps growing till it has doubled */
    r->policy = s->policy;
}

void reuse_built_model(Session *s, Model *m)
{
    vec_push(&s->reuse.built, m);
}

bool reuse_models(Session *s, const Vec *decls)
{
    const Reuse *r = &s->reuse;
    if (!r->on || r->models.n != decls->n)
        return false;
    for (size_t i = 0; i < decls->n; i++) {
        const Model *m = r->models.v[i];
        if (m->ast != decls->v[i] || m->state != RES_DONE)
            return false;
    }
    return true;
}

/* Whether cached profile p stands as it is, not counting its parents: it
 * owns its name, each parent's name leads to that parent's declaration and
 * its model clause to its model. */
static bool stands_alone(Session *s, const Profile *p)
{
    const PtrMap *globals = &s->prog->globals;
    Decl *d = ptrmap_get(globals, p->name);
    if (!d || d->kind != DECL_PROFILE || d->u.profile != p->ast)
        return false;
    const Name *model = &p->ast->model;
    if (model->text) {
        Decl *m = ptrmap_get(globals, model->text);
        if (!m || m->kind != DECL_MODEL || m->u.model != p->model->ast)
            return false;
    }
    int i = 0;
    for (const NameList *l = p->ast->parents; l; l = l->next, i++) {
        if (i >= p->nparents)
            return false;
        Decl *q = ptrmap_get(globals, l->name.text);
        if (!q || q->kind != DECL_PROFILE || q->u.profile != p->parents[i]->ast)
            return false;
    }
    return i == p->nparents;
}

/* Decide for p and every ancestor not decided yet, parents first, without
 * recursion (chains may be very deep): a walk over the parents with an
 * explicit stack. */
static bool decide(Session *s, Profile *top)
{
    unsigned mark = s->load_gen;
    Vec stack = {0}, next = {0};
    vec_push(&stack, top);
    vec_push(&next, (void *)0);
    while (stack.n) {
        Profile *p = stack.v[stack.n - 1];
        intptr_t i = (intptr_t)next.v[next.n - 1];
        if (p->reuse_mark == mark) { /* decided on another path */
            stack.n--, next.n--;
            continue;
        }
        if (i < p->nparents && p->parents[i]->reuse_mark != mark) {
            next.v[next.n - 1] = (void *)(i + 1);
            vec_push(&stack, p->parents[i]);
            vec_push(&next, (void *)0);
            continue;
        }
        if (i < p->nparents) {
            next.v[next.n - 1] = (void *)(i + 1);
            continue;
        }
        bool ok = ptrmap_get(&s->reuse.profiles, p->ast) == p && stands_alone(s, p);
        for (int k = 0; k < p->nparents && ok; k++)
            ok = p->parents[k]->reuse_ok;
        p->reuse_mark = mark;
        p->reuse_ok = ok;
        stack.n--, next.n--;
    }
    vec_free(&stack);
    vec_free(&next);
    return top->reuse_ok;
}

Profile *reuse_profile(Session *s, const AstProfile *a)
{
    if (!s->reuse.models_kept)
        return NULL;
    Profile *p = ptrmap_get(&s->reuse.profiles, a);
    return p && decide(s, p) ? p : NULL;
}

void reuse_forget(Session *s, const AstProfile *a)
{
    if (ptrmap_get(&s->reuse.profiles, a))
        ptrmap_put(&s->reuse.profiles, a, NULL);
}

void reuse_take(Session *s, Diag *const *d, size_t n)
{
    for (size_t i = 0; i < n && !s->too_many_errors; i++)
        diag_take(s, d[i]);
}

Diag **reuse_capture(Session *s, Diag *const *from, int *n)
{
    *n = 0;
    for (const Diag *d = *from; d; d = d->next)
        ++*n;
    if (!*n)
        return NULL;
    Diag **v = arena_alloc(s->arena, sizeof *v * (size_t)*n);
    int k = 0;
    for (Diag *d = *from; d; d = d->next)
        v[k++] = d;
    return v;
}
