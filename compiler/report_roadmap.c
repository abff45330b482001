/*
 * report_roadmap.c — the improvement steps from the current state to the
 * target (tool.md §5 "Roadmap"), shared by the HTML and Markdown reports.
 *
 * One step per practice short of its target (status gap or waived), ordered
 * so a team can plan the next PDCA cycle from the top:
 *   1. the larger gap first (the larger of the comprehensiveness and scope
 *      gaps),
 *   2. then the more fundamental dimension first (model order: governance
 *      before enablement before hardening in iic.smm),
 *   3. then model order;
 * waived gaps, accepted for now by a decision, follow in the same order.
 * Each step names the next comprehensiveness level's objective and the
 * considerations of that level still unmet.  Considerations below the next
 * level are not repeated: outside evidence mode a claimed level is taken as
 * met, and in evidence mode the current level is by definition fully met.
 *
 * Practices with a target but no assessment line have an unknown gap; they
 * are listed apart (assess them first) in the same order, by target.
 */
#include "report.h"

#include <stdlib.h>

typedef struct {
    RoadStep step;
    int dim;   /* model index of the practice's dimension */
    int order; /* practice index */
    bool waived;
} Keyed;

static int dimension_of(const Model *m, int node)
{
    while (m->nodes[node].parent >= 0)
        node = m->nodes[node].parent;
    return node;
}

static int by_priority(const void *x, const void *y)
{
    const Keyed *a = x, *b = y;
    if (a->waived != b->waived)
        return a->waived ? 1 : -1;
    if (a->step.gap != b->step.gap)
        return a->step.gap > b->step.gap ? -1 : 1;
    if (a->dim != b->dim)
        return a->dim < b->dim ? -1 : 1;
    return a->order < b->order ? -1 : a->order > b->order;
}

void roadmap_build(const AssessResult *r, Roadmap *rm)
{
    const Model *m = r->model;
    Keyed *keyed = xcalloc((size_t)m->npractices + 1, sizeof *keyed);
    Keyed *unassessed = xcalloc((size_t)m->npractices + 1, sizeof *unassessed);
    int n = 0, nu = 0;
    for (int i = 0; i < m->npractices; i++) {
        const PracticeResult *pr = &r->practices[i];
        const MNode *node = &m->nodes[pr->node];
        if (pr->status == ST_NOT_ASSESSED && pr->target_c > 0) {
            Keyed *k = &unassessed[nu++];
            k->step.pr = pr;
            k->step.node = node;
            k->step.gap = pr->target_c;
            k->dim = dimension_of(m, pr->node);
            k->order = i;
            continue;
        }
        if (pr->status != ST_GAP && pr->status != ST_WAIVED)
            continue;
        if (!pr->assessed)
            continue; /* a waived practice that was never assessed: nothing to step from */
        Keyed *k = &keyed[n++];
        RoadStep *st = &k->step;
        st->pr = pr;
        st->node = node;
        st->gap = pr->gap_c > pr->gap_s ? pr->gap_c : pr->gap_s;
        st->next_c = pr->gap_c > 0 ? pr->current_c + 1 : -1;
        if (st->next_c > 4)
            st->next_c = 4;
        st->objective = st->next_c > 0 ? node->objective[st->next_c] : NULL;
        st->waiver = pr->status == ST_WAIVED ? report_waiver(r, pr) : NULL;
        k->waived = pr->status == ST_WAIVED;
        k->dim = dimension_of(m, pr->node);
        k->order = i;
        if (st->next_c > 0) {
            int cnt = 0;
            for (const Unmet *u = pr->unmet; u; u = u->next)
                cnt += u->c->level == st->next_c;
            st->unmet = xcalloc((size_t)cnt + 1, sizeof *st->unmet);
            for (const Unmet *u = pr->unmet; u; u = u->next)
                if (u->c->level == st->next_c)
                    st->unmet[st->nunmet++] = u->c;
        }
    }
    qsort(keyed, (size_t)n, sizeof *keyed, by_priority);
    qsort(unassessed, (size_t)nu, sizeof *unassessed, by_priority);
    rm->steps = xcalloc((size_t)n + 1, sizeof *rm->steps);
    rm->nsteps = n;
    for (int i = 0; i < n; i++)
        rm->steps[i] = keyed[i].step;
    rm->unassessed = xcalloc((size_t)nu + 1, sizeof *rm->unassessed);
    rm->nunassessed = nu;
    for (int i = 0; i < nu; i++)
        rm->unassessed[i] = unassessed[i].step.pr;
    free(keyed);
    free(unassessed);
}

void roadmap_free(Roadmap *rm)
{
    for (int i = 0; i < rm->nsteps; i++)
        free(rm->steps[i].unmet);
    free(rm->steps);
    free(rm->unassessed);
    rm->steps = NULL;
    rm->unassessed = NULL;
    rm->nsteps = rm->nunassessed = 0;
}
