/*
 * linearize.c — C3 linearization of profile inheritance (Python's MRO).
 *
 *   L[P] = P + merge(L[B1], …, L[Bn], [B1, …, Bn])
 *
 * merge() repeatedly takes the first head that appears in no list's tail.
 * Results are memoized in Profile.mro (self first, root last); profiles are
 * linearized parents first by an explicit-stack walk, so depth costs no C
 * stack.  A profile met again while its own walk is in progress closes a
 * cycle, which is printed in full.
 */
#include "smmc.h"

#include <stdlib.h>
#include <string.h>

bool profile_derives_from(const Profile *p, const Profile *ancestor)
{
    for (int i = 1; i < p->nmro; i++)
        if (p->mro[i] == ancestor)
            return true;
    return false;
}

int mro_index(const Profile *p, const Profile *ancestor)
{
    for (int i = 0; i < p->nmro; i++)
        if (p->mro[i] == ancestor)
            return i;
    return -1;
}

static void report_cycle(Session *s, Profile *p, Vec *stack)
{
    /* the stack holds the chain being linearized; p is on it already */
    size_t from = 0;
    while (from < stack->n && stack->v[from] != p)
        from++;
    Buf b = {0};
    for (size_t i = from; i < stack->n; i++)
        buf_printf(&b, "%s -> ", ((Profile *)stack->v[i])->name);
    buf_puts(&b, p->name);
    /* report at the `extends` clause of the last profile in the cycle, which
     * names p */
    Profile *last = stack->v[stack->n - 1];
    Loc at = last->ast->name.loc;
    for (NameList *n = last->ast->parents; n; n = n->next)
        if (n->name.text == p->name)
            at = n->name.loc;
    Diag *d = diag_at(s, D_CYCLE, at, "inheritance cycle: %s", buf_cstr(&b));
    for (size_t i = from; i < stack->n; i++) {
        Profile *q = stack->v[i];
        diag_note(s, d, q->ast->name.loc, "'%s' is defined here", q->name);
    }
    buf_free(&b);
}

/* merge step of C3 over n sequences; returns false if no valid head exists */
static bool c3_merge(Profile ***seqs, int *lens, int n, Vec *out)
{
    int *pos = xcalloc((size_t)n, sizeof *pos);
    bool ok = true;
    for (;;) {
        Profile *cand = NULL;
        bool any = false;
        for (int i = 0; i < n && !cand; i++) {
            if (pos[i] >= lens[i])
                continue;
            any = true;
            Profile *h = seqs[i][pos[i]];
            bool in_tail = false;
            for (int j = 0; j < n && !in_tail; j++)
                for (int k = pos[j] + 1; k < lens[j]; k++)
                    if (seqs[j][k] == h) {
                        in_tail = true;
                        break;
                    }
            if (!in_tail)
                cand = h;
        }
        if (!any)
            break;
        if (!cand) {
            ok = false;
            break;
        }
        vec_push(out, cand);
        for (int i = 0; i < n; i++)
            if (pos[i] < lens[i] && seqs[i][pos[i]] == cand)
                pos[i]++;
    }
    free(pos);
    return ok;
}

/* Name one pair of profiles that two of the merged sequences order
 * differently (sequence n-1 is p's own list of parents). */
static void explain_c3(Session *s, Diag *d, const Profile *p, Profile ***seqs, const int *lens, int n)
{
    for (int i = 0; i < n; i++)
        for (int j = i + 1; j < n; j++)
            for (int a = 0; a < lens[i]; a++)
                for (int b = a + 1; b < lens[i]; b++) {
                    Profile *x = seqs[i][a], *y = seqs[i][b];
                    int xa = -1, yb = -1;
                    for (int k = 0; k < lens[j]; k++) {
                        if (seqs[j][k] == x)
                            xa = k;
                        if (seqs[j][k] == y)
                            yb = k;
                    }
                    if (xa < 0 || yb < 0 || xa < yb)
                        continue;
                    const char *first = arena_printf(s->arena, "the linearization of '%s'", p->parents[i]->name);
                    const char *second = j == n - 1 ? arena_printf(s->arena, "the parent list of '%s'", p->name)
                                                    : arena_printf(s->arena, "that of '%s'", p->parents[j]->name);
                    diag_note(s, d, LOC_NONE, "%s puts '%s' before '%s', but %s puts '%s' before '%s'", first,
                              x->name, y->name, second, y->name, x->name);
                    return;
                }
    diag_note(s, d, LOC_NONE,
              "C3 keeps every parent's own order; list the parents so that no profile comes after one it derives from");
}

/* Linearizations live in shared, front-growing buffers: a profile with one
 * parent usually just claims the slot in front of its parent's sequence
 * (L[P] = P + L[B] without copying), so a chain of any depth costs O(1) per
 * profile and O(N) memory in total.  A second child of the same parent, or
 * a full buffer, copies into a new buffer twice as large. */
typedef struct MroBuf {
    Profile **base;  /* first slot */
    Profile **front; /* first used slot */
} MroBuf;

static void mro_new(Session *s, Profile *p, Profile *const *tail, int ntail)
{
    size_t cap = 2 * (size_t)(ntail + 1) + 6;
    MroBuf *buf = arena_alloc(s->arena, sizeof *buf);
    buf->base = arena_alloc(s->arena, sizeof(Profile *) * cap);
    p->mro = buf->base + cap - (size_t)(ntail + 1);
    p->mro[0] = p;
    if (ntail)
        memcpy(p->mro + 1, tail, sizeof(Profile *) * (size_t)ntail);
    p->nmro = ntail + 1;
    buf->front = p->mro;
    p->mro_buf = buf;
}

static void mro_extend(Session *s, Profile *p, Profile *b)
{
    MroBuf *buf = b->mro_buf;
    if (buf && buf->front == b->mro && b->mro > buf->base) {
        p->mro = b->mro - 1;
        p->mro[0] = p;
        p->nmro = b->nmro + 1;
        buf->front = p->mro;
        p->mro_buf = buf;
        return;
    }
    mro_new(s, p, b->mro, b->nmro);
}

/* L[p] from its parents' linearizations, which are complete. */
static bool linearize_one(Session *s, Profile *p)
{
    if (p->nparents == 0) {
        mro_new(s, p, NULL, 0);
        return true;
    }
    if (p->nparents == 1) {
        mro_extend(s, p, p->parents[0]);
        return true;
    }
    int n = p->nparents + 1;
    Profile ***seqs = xmalloc(sizeof *seqs * (size_t)n);
    int *lens = xmalloc(sizeof *lens * (size_t)n);
    for (int i = 0; i < p->nparents; i++) {
        seqs[i] = p->parents[i]->mro;
        lens[i] = p->parents[i]->nmro;
    }
    seqs[n - 1] = p->parents;
    lens[n - 1] = p->nparents;
    Vec out = {0};
    vec_push(&out, p);
    bool ok = c3_merge(seqs, lens, n, &out);
    if (!ok) {
        Buf b = {0};
        for (int i = 0; i < p->nparents; i++)
            buf_printf(&b, "%s'%s'", i ? ", " : "", p->parents[i]->name);
        Diag *d = diag_at(s, D_C3, p->ast->name.loc,
                          "cannot linearize the parents of '%s' (%s): their orders conflict", p->name,
                          buf_cstr(&b));
        explain_c3(s, d, p, seqs, lens, n);
        buf_free(&b);
    } else {
        mro_new(s, p, (Profile *const *)out.v + 1, (int)out.n - 1);
    }
    vec_free(&out);
    free(seqs);
    free(lens);
    return ok;
}

/* Linearize every profile of `roots` and their ancestors, parents before
 * children, without recursion (an inheritance chain may be as long as the
 * library).  Each profile finished is appended to `order` (when non-NULL);
 * a cycle is reported once, with every profile on it. */
void linearize_all(Session *s, Profile *const *roots, size_t n, Vec *order)
{
    Vec stack = {0};   /* Profile* being visited, root of the walk first */
    Vec next = {0};    /* per stack entry: index of the next parent to visit */
    Hold hs, hn;
    guard_hold(&hs, hold_vec, &stack);
    guard_hold(&hn, hold_vec, &next);
    for (size_t k = 0; k < n; k++) {
        Profile *r = roots[k];
        if (r->state != RES_NEW)
            continue;
        r->state = RES_ACTIVE;
        vec_push(&stack, r);
        vec_push(&next, (void *)0);
        while (stack.n) {
            Profile *q = stack.v[stack.n - 1];
            intptr_t i = (intptr_t)next.v[next.n - 1];
            if (i < q->nparents) {
                next.v[next.n - 1] = (void *)(i + 1);
                Profile *par = q->parents[i];
                if (par->state == RES_NEW) {
                    par->state = RES_ACTIVE;
                    vec_push(&stack, par);
                    vec_push(&next, (void *)0);
                } else if (par->state == RES_ACTIVE) {
                    report_cycle(s, par, &stack);
                }
                continue;
            }
            stack.n--;
            next.n--;
            bool parents_ok = true;
            for (int j = 0; j < q->nparents; j++)
                parents_ok &= q->parents[j]->state == RES_DONE;
            q->state = parents_ok && (q->reused || linearize_one(s, q)) ? RES_DONE : RES_FAILED;
            if (order)
                vec_push(order, q);
        }
    }
    guard_drop(&hn);
    guard_drop(&hs);
    vec_free(&stack);
    vec_free(&next);
}

bool linearize(Session *s, Profile *p)
{
    linearize_all(s, &p, 1, NULL);
    return p->state == RES_DONE;
}
