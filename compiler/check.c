/*
 * check.c — gap analysis (language.md §7): every assessment against its
 * resolved target, as diagnostics and as per-practice results that the
 * output formats and reports render.
 *
 * Per practice: gap_c = target.c − current.c, gap_s = target.s − current.s.
 * A target of 0 is "not required" (scope not compared).  At most one of the
 * gate diagnostics gap / not-assessed / over-target / waived is produced per
 * practice, at the assessment line (or the assessment's name when the
 * practice has no line), with notes at the settings and requirements that
 * produced the target; evidence mode adds one unmet-consideration per
 * missing consideration (its id is the finding's key) when the lowered claim
 * still meets the target.  Waivers, evidence mode, roll-ups and history
 * (regressions between dated assessments of one target) are computed here.
 */
#include "smmc.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

const char *status_name(PracticeStatus st)
{
    static const char *const names[] = {"met", "gap", "over-target", "not-assessed", "not-applicable",
                                        "waived"};
    return names[st];
}

int gap_class(const PracticeResult *pr)
{
    if (pr->status == ST_NOT_APPLICABLE)
        return -1;
    int g = pr->gap_c > pr->gap_s ? pr->gap_c : pr->gap_s;
    if (pr->target_c == 0)
        g = 0;
    return g <= 0 ? 0 : g == 1 ? 1 : 2;
}

static long today_key(const Session *s)
{
    if (s->opt.today) {
        int y, m, d;
        if (sscanf(s->opt.today, "%d-%d-%d", &y, &m, &d) == 3)
            return (long)y * 10000 + m * 100 + d;
    }
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    return (long)(tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
}

static Diag *practice_diag(Session *s, DiagId id, Loc loc, const Assessment *a, const MNode *n,
                           const char *fmt, ...) SMM_PRINTF(6, 7);

static Diag *practice_diag(Session *s, DiagId id, Loc loc, const Assessment *a, const MNode *n,
                           const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    Diag *d = diag_vat(s, id, loc, fmt, ap);
    va_end(ap);
    if (d) {
        d->assessment = a->name;
        d->practice = n ? n->id : NULL;
    }
    return d;
}

/* Who set a target value: the profile, and the block when it is not the
 * profile's body ("tiny.base sector health system gateway"). */
static const char *setting_origin(Session *s, const Setting *w)
{
    const Block *b = w->block;
    if (!b || b->kind == LAYER_BODY)
        return w->owner->name;
    if (b->kind == LAYER_SECTOR_SYSTEM && b->outer)
        return arena_printf(s->arena, "%s sector %s system %s", w->owner->name, b->outer->name.text,
                            b->name.text);
    return arena_printf(s->arena, "%s %s %s", w->owner->name, b->kind == LAYER_SECTOR ? "sector" : "system",
                        b->name.text);
}

/* Notes that explain where a target came from. */
static void target_notes(Session *s, Diag *d, const AssessResult *r, const PracticeResult *pr,
                         bool comp, bool scope)
{
    const Model *m = r->model;
    const MNode *n = &m->nodes[pr->node];
    for (int attr = 0; attr < 2; attr++) {
        if ((attr == 0 && !comp) || (attr == 1 && !scope))
            continue;
        const Setting *w = eff_winner(&pr->target_eff[attr]);
        if (attr == 1 && comp && w && w == eff_winner(&pr->target_eff[0]))
            continue; /* one setting gave both */
        char val[32];
        if (attr == 0)
            snprintf(val, sizeof val, "%d", pr->target_c);
        else
            snprintf(val, sizeof val, "%s", scope_name(pr->target_s));
        if (!w) {
            diag_note(s, d, r->a->profile->ast->name.loc, "no setting of '%s' reaches '%s'; default %s",
                      r->a->profile->name, n->id, val);
            continue;
        }
        const char *what = attr == 0 ? "target" : "scope";
        const char *by = setting_origin(s, w);
        if (comp && scope && attr == 0 && w == eff_winner(&pr->target_eff[1]))
            diag_note(s, d, w->path.loc, "target %s %s set here by %s", val, scope_name(pr->target_s), by);
        else if (w->node != n->index)
            diag_note(s, d, w->path.loc, "%s %s set here by %s (on '%s')", what, val, by, w->path.text);
        else
            diag_note(s, d, w->path.loc, "%s %s set here by %s", what, val, by);
    }
    /* requirements in force on this practice */
    for (int l = 0; l < 4; l++) {
        if (!r->variant.layers[l])
            continue;
        for (const ReqLink *rl = r->variant.layers[l]->requires; rl; rl = rl->next) {
            const Require *q = rl->r;
            const MNode *qn = &m->nodes[q->node];
            if (n->practice < qn->first_practice || n->practice >= qn->first_practice + qn->npractices)
                continue;
            diag_note(s, d, q->loc, "required by %s%s%s", q->owner->name, q->because ? ": " : "",
                      q->because ? q->because : "");
        }
    }
}

/* Considerations in force for practice node at levels 1..upto: the model's
 * and the profile's (body and the variant's sector/system blocks). */
static void collect_considerations(Session *s, const AssessResult *r, int node, int upto, Vec *out)
{
    const MNode *n = &r->model->nodes[node];
    for (int l = 1; l <= upto && l <= 4; l++)
        for (Consideration *c = n->considers[l]; c; c = c->next)
            vec_push(out, c);
    for (int layer = 3; layer >= 0; layer--) {
        if (!r->variant.layers[layer])
            continue;
        for (const ConsLink *cl = r->variant.layers[layer]->considers; cl; cl = cl->next) {
            const ProfConsider *pc = cl->c;
            if (pc->node != node || pc->level.value > upto)
                continue;
            Consideration *c = arena_alloc(s->arena, sizeof *c);
            c->id = pc->id.text;
            c->text = pc->text;
            c->practice = node;
            c->level = pc->level.value;
            c->loc = pc->id.loc;
            c->origin = pc->owner->name;
            c->layer = pc->block->kind;
            c->layer_name = pc->block->name.text;
            vec_push(out, c);
        }
    }
}

/* `met ID` lines: known ids of the target (model + profile considerations). */
static void check_met_ids(Session *s, AssessResult *r, PtrMap *met)
{
    const Model *m = r->model;
    PtrMap known = {0};
    Vec all = {0};
    Hold hk, ha;
    guard_hold(&hk, hold_map, &known);
    guard_hold(&ha, hold_vec, &all);
    for (int i = 0; i < m->npractices; i++)
        collect_considerations(s, r, m->practices[i], 4, &all);
    for (size_t i = 0; i < all.n; i++)
        ptrmap_put(&known, ((Consideration *)all.v[i])->id, all.v[i]);
    for (AEntry *e = r->a->ast->entries; e; e = e->next) {
        if (e->kind != AE_MET)
            continue;
        if (ptrmap_get(&known, e->path.text)) {
            ptrmap_put(met, e->path.text, e);
            continue;
        }
        const char **cands = xmalloc(sizeof(char *) * (all.n + 1));
        for (size_t i = 0; i < all.n; i++)
            cands[i] = ((Consideration *)all.v[i])->id;
        const char *hint = diag_suggest(e->path.text, cands, all.n);
        free(cands);
        Diag *d = diag_at(s, D_UNKNOWN_CONSIDER, e->path.loc,
                          "target '%s' has no consideration '%s'%s%s%s", r->a->profile->name, e->path.text,
                          hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
        if (d)
            d->assessment = r->a->name;
        if (hint)
            diag_fix(s, d, e->path.loc, hint);
    }
    guard_drop(&ha);
    guard_drop(&hk);
    ptrmap_free(&known);
    vec_free(&all);
}

static int level_of(const Consideration *c)
{
    return c->level;
}

/* The considerations not met up to the target (roadmap), and up to the
 * claim (evidence mode). */
static void unmet_considerations(Session *s, AssessResult *r, PracticeResult *pr, const MNode *n,
                                 const AEntry *entry, const PtrMap *met)
{
    int upto = pr->target_c;
    if (entry && entry->kind == AE_LEVEL && entry->comp.value > upto)
        upto = entry->comp.value;
    Vec cons = {0};
    collect_considerations(s, r, n->index, upto, &cons);
    Unmet **tail = &pr->unmet;
    for (size_t i = 0; i < cons.n; i++) {
        const Consideration *c = cons.v[i];
        if (ptrmap_get(met, c->id))
            continue;
        Unmet *u = arena_alloc(s->arena, sizeof *u);
        u->c = c;
        *tail = u;
        tail = &u->next;
    }
    vec_free(&cons);
}

/* The assessed level (lowered in evidence mode below the first unmet
 * consideration) and the gaps. */
static void take_claim(const AssessResult *r, PracticeResult *pr, const AEntry *entry)
{
    if (entry && entry->kind == AE_LEVEL) {
        pr->assessed = true;
        pr->claimed_c = pr->current_c = entry->comp.value;
        pr->current_s = entry->scope.value == SCOPE_UNSET ? SCOPE_GENERAL : entry->scope.value;
        if (r->evidence) {
            int effective = pr->claimed_c;
            for (const Unmet *u = pr->unmet; u; u = u->next)
                if (level_of(u->c) <= effective)
                    effective = level_of(u->c) - 1;
            pr->current_c = effective;
        }
    }
    pr->gap_c = pr->target_c - pr->current_c;
    pr->gap_s = pr->target_c == 0 ? 0 : pr->target_s - pr->current_s;
}

/* The unmet considerations that lowered a claim, as notes. */
static void unmet_notes(Session *s, Diag *d, const PracticeResult *pr)
{
    for (const Unmet *u = pr->unmet; u; u = u->next)
        if (level_of(u->c) <= pr->claimed_c)
            diag_note(s, d, u->c->loc, "%s (level %d) is not met: %s", u->c->id, u->c->level, u->c->text);
}

static void waived_diag(Session *s, PracticeResult *pr, const Assessment *a, const MNode *n, Loc at,
                        const AEntry *waiver)
{
    pr->status = ST_WAIVED;
    pr->waiver = waiver;
    Diag *d = pr->assessed ? practice_diag(s, D_WAIVED, at, a, n,
                                           "%s: gap of %d accepted by a waiver until %04d-%02d-%02d", n->id,
                                           pr->gap_c > pr->gap_s ? pr->gap_c : pr->gap_s, waiver->until.y,
                                           waiver->until.m, waiver->until.d)
                           : practice_diag(s, D_WAIVED, at, a, n,
                                           "%s is not assessed; accepted by a waiver until %04d-%02d-%02d",
                                           n->id, waiver->until.y, waiver->until.m, waiver->until.d);
    diag_note(s, d, waiver->loc, "waived here: %s", waiver->because);
}

/* Met or above the target (over-investment is a remark), perhaps with a
 * claim evidence mode lowered. */
static void met_or_over(Session *s, AssessResult *r, PracticeResult *pr, const MNode *n, Loc at)
{
    const Assessment *a = r->a;
    bool over = pr->gap_c < 0 || pr->gap_s < 0;
    pr->status = over ? ST_OVER_TARGET : ST_MET;
    if (over) {
        Diag *d;
        if (pr->gap_c < 0)
            d = practice_diag(s, D_OVER_TARGET, at, a, n,
                              "%s: comprehensiveness %d is above the target %d (possible over-investment)", n->id,
                              pr->current_c, pr->target_c);
        else
            d = practice_diag(s, D_OVER_TARGET, at, a, n,
                              "%s: scope %s is more specific than the target %s (possible over-investment)",
                              n->id, scope_name(pr->current_s), scope_name(pr->target_s));
        target_notes(s, d, r, pr, pr->gap_c < 0, pr->gap_c >= 0);
    }
    /* evidence mode lowered the claim without opening a gap: one finding
     * per consideration missing, keyed by its id, so that a baseline
     * holding one of them does not hide another */
    if (!r->evidence || pr->current_c >= pr->claimed_c)
        return;
    for (const Unmet *u = pr->unmet; u; u = u->next) {
        if (level_of(u->c) > pr->claimed_c)
            continue;
        Diag *d = practice_diag(s, D_UNMET_CONSIDER, at, a, n,
                                "%s: consideration %s (level %d) is not met; claimed level %d counts as %d in "
                                "evidence mode",
                                n->id, u->c->id, u->c->level, pr->claimed_c, pr->current_c);
        if (d)
            d->key = u->c->id;
        diag_note(s, d, u->c->loc, "%s: %s", u->c->id, u->c->text);
    }
}

static void gap_diag(Session *s, AssessResult *r, PracticeResult *pr, const MNode *n, Loc at, const AEntry *entry)
{
    bool short_c = pr->gap_c > 0, short_s = pr->gap_s > 0;
    pr->status = ST_GAP;
    Buf msg = {0};
    buf_printf(&msg, "%s: ", n->id);
    if (short_c)
        buf_printf(&msg, "comprehensiveness %d is below the target %d", pr->current_c, pr->target_c);
    if (short_c && short_s)
        buf_puts(&msg, "; ");
    if (short_s)
        buf_printf(&msg, "scope %s is broader than the target %s", scope_name(pr->current_s),
                   scope_name(pr->target_s));
    Diag *d = practice_diag(s, D_GAP, at, r->a, n, "%s", buf_cstr(&msg));
    buf_free(&msg);
    if (r->evidence && pr->current_c < pr->claimed_c) {
        diag_note(s, d, entry->comp.loc, "claimed level %d counts as %d in evidence mode", pr->claimed_c,
                  pr->current_c);
        unmet_notes(s, d, pr);
    }
    target_notes(s, d, r, pr, short_c, short_s);
}

static void evaluate_practice(Session *s, AssessResult *r, int pi, const PtrMap *met, long today,
                              const AEntry *entry, const AEntry *waiver)
{
    const Model *m = r->model;
    PracticeResult *pr = &r->practices[pi];
    const MNode *n = &m->nodes[m->practices[pi]];
    const Assessment *a = r->a;
    pr->node = n->index;
    pr->target_eff = &r->variant.eff[pi * 2];
    pr->target_c = r->variant.eff[pi * 2].value;
    pr->target_s = r->variant.eff[pi * 2 + 1].value;
    pr->claimed_c = -1;
    pr->previous_c = pr->previous_s = -1;
    pr->entry = entry;
    unmet_considerations(s, r, pr, n, entry, met);
    if (entry && entry->kind == AE_NOT_APPLICABLE) {
        pr->status = ST_NOT_APPLICABLE;
        return;
    }
    take_claim(r, pr, entry);
    bool waived = waiver && date_key(waiver->until) >= today;
    Loc at = entry ? entry->path.loc : a->ast->name.loc;
    if (!pr->assessed && pr->target_c == 0) {
        pr->status = ST_NOT_ASSESSED;
        pr->gap_c = pr->gap_s = 0;
    } else if (!pr->assessed && !waived) {
        pr->status = ST_NOT_ASSESSED;
        Diag *d = practice_diag(s, D_NOT_ASSESSED, at, a, n, "%s is not assessed; its target is %d %s", n->id,
                                pr->target_c, scope_name(pr->target_s));
        target_notes(s, d, r, pr, true, false);
    } else if (pr->assessed && pr->gap_c <= 0 && pr->gap_s <= 0) {
        met_or_over(s, r, pr, n, at);
    } else if (waived) {
        waived_diag(s, pr, a, n, at, waiver);
    } else {
        gap_diag(s, r, pr, n, at, entry);
    }
}

static void rollups(Session *s, AssessResult *r)
{
    const Model *m = r->model;
    r->nrollups = 0;
    r->rollups = arena_alloc(s->arena, sizeof(RollUp) * (size_t)(m->nnodes ? m->nnodes : 1));
    for (int i = 0; i < m->nnodes; i++) {
        const MNode *n = &m->nodes[i];
        if (n->kind == MN_PRACTICE)
            continue;
        RollUp *ru = &r->rollups[r->nrollups++];
        ru->node = i;
        double t = 0, c = 0;
        bool first = true;
        for (int k = 0; k < n->npractices; k++) {
            const PracticeResult *pr = &r->practices[n->first_practice + k];
            if (pr->status == ST_NOT_APPLICABLE)
                continue;
            ru->counted++;
            if (r->mean) {
                t += pr->target_c;
                c += pr->current_c;
            } else {
                if (first || pr->target_c < t)
                    t = pr->target_c;
                if (first || pr->current_c < c)
                    c = pr->current_c;
            }
            first = false;
        }
        if (r->mean && ru->counted) {
            t /= ru->counted;
            c /= ru->counted;
        }
        ru->target = t;
        ru->current = c;
    }
}

/* r is already in the run (check_free frees its variant). */
static void evaluate(Session *s, AssessResult *r, Assessment *a, long today)
{
    Profile *p = a->profile;
    r->a = a;
    r->model = p->model;
    r->evidence = s->opt.evidence || p->evidence_strict;
    r->mean = p->rollup && !strcmp(p->rollup, "mean");
    variant_compute(s, &r->variant, p, a->sector, a->system);
    const Model *m = r->model;
    r->practices = arena_alloc(s->arena, sizeof(PracticeResult) * (size_t)(m->npractices ? m->npractices : 1));

    PtrMap met = {0};
    Hold h;
    guard_hold(&h, hold_map, &met);
    check_met_ids(s, r, &met);
    /* the line and the waiver of each practice */
    const AEntry **lines = arena_alloc(s->arena, ((size_t)m->npractices + 1) * sizeof *lines);
    const AEntry **waivers = arena_alloc(s->arena, ((size_t)m->npractices + 1) * sizeof *waivers);
    for (AEntry *e = a->ast->entries; e; e = e->next) {
        if (e->node < 0 || e->kind == AE_MET)
            continue;
        int pi = m->nodes[e->node].practice;
        if (e->kind == AE_WAIVE) {
            if (waivers[pi]) {
                Diag *d = practice_diag(s, D_DUPLICATE_ENTRY, e->path.loc, a, &m->nodes[e->node],
                                        "practice '%s' is waived twice", m->nodes[e->node].id);
                diag_note(s, d, waivers[pi]->path.loc, "first waiver here");
                continue;
            }
            waivers[pi] = e;
        } else if (!lines[pi]) {
            lines[pi] = e;
        }
    }
    for (int pi = 0; pi < m->npractices; pi++) {
        evaluate_practice(s, r, pi, &met, today, lines[pi], waivers[pi]);
        r->counts[r->practices[pi].status]++;
    }
    /* waivers that did not apply */
    for (int pi = 0; pi < m->npractices; pi++) {
        const AEntry *w = waivers[pi];
        if (!w)
            continue;
        const MNode *n = &m->nodes[m->practices[pi]];
        PracticeStatus st = r->practices[pi].status;
        if (date_key(w->until) < today) {
            Diag *d = practice_diag(s, D_EXPIRED_WAIVER, w->loc, a, n,
                                    "waiver for %s expired on %04d-%02d-%02d", n->id, w->until.y,
                                    w->until.m, w->until.d);
            diag_note(s, d, w->until.loc, "renew it with a new 'until' date, or close the gap");
        } else if (st != ST_WAIVED) {
            Diag *d = practice_diag(s, D_UNUSED_WAIVER, w->loc, a, n,
                                    "waiver for %s matches no gap (the practice is %s)", n->id,
                                    status_name(st));
            diag_note(s, d, LOC_NONE, "%s",
                      st == ST_MET || st == ST_OVER_TARGET ? "remove the waiver: the gap it accepted is closed"
                                                           : "remove the waiver: this practice has no gap to accept");
        }
    }
    guard_drop(&h);
    ptrmap_free(&met);
    rollups(s, r);
}

/* ---------------------------------------------------------------- history */

static int by_date(const void *x, const void *y)
{
    const AssessResult *a = *(AssessResult *const *)x, *b = *(AssessResult *const *)y;
    long da = date_key(a->a->ast->date), db = date_key(b->a->ast->date);
    if (da != db)
        return da < db ? -1 : 1;
    return a->a->ast->loc.start < b->a->ast->loc.start ? -1 : 1;
}

static bool same_target(const AssessResult *a, const AssessResult *b)
{
    return a->a->profile == b->a->profile && a->a->sector == b->a->sector && a->a->system == b->a->system;
}

static void history(Session *s, CheckRun *run)
{
    size_t n = run->n;
    AssessResult **sorted = xmalloc(sizeof *sorted * (n ? n : 1));
    memcpy(sorted, run->results, sizeof *sorted * n);
    qsort(sorted, n, sizeof *sorted, by_date);
    for (size_t i = 0; i < n; i++) {
        AssessResult *cur = sorted[i];
        if (!cur->a->ast->date.y)
            continue; /* an undated assessment is not part of a history */
        for (size_t j = i; j-- > 0;) {
            AssessResult *prev = sorted[j];
            if (!same_target(cur, prev) || !prev->a->ast->date.y)
                continue;
            if (date_key(prev->a->ast->date) == date_key(cur->a->ast->date)) {
                Diag *d = diag_at(s, D_DUPLICATE_DATE, cur->a->ast->name.loc,
                                  "assessments '%s' and '%s' of the same target have the same date",
                                  prev->a->name, cur->a->name);
                diag_note(s, d, prev->a->ast->name.loc, "'%s' is here", prev->a->name);
                if (d)
                    d->assessment = cur->a->name;
                break;
            }
            cur->previous = prev;
            break;
        }
        if (!cur->previous)
            continue;
        const Model *m = cur->model;
        for (int pi = 0; pi < m->npractices; pi++) {
            PracticeResult *pr = &cur->practices[pi];
            const PracticeResult *pp = &cur->previous->practices[pi];
            if (!pp->assessed)
                continue;
            pr->previous_c = pp->current_c;
            pr->previous_s = pp->current_s;
            if (!pr->assessed)
                continue;
            bool drop_c = pr->current_c < pp->current_c, drop_s = pr->current_s < pp->current_s;
            if (!drop_c && !drop_s)
                continue;
            pr->regression = true;
            const MNode *node = &m->nodes[pr->node];
            const DateLit pd = cur->previous->a->ast->date;
            Diag *d;
            if (drop_c)
                d = practice_diag(s, D_REGRESSION, pr->entry->path.loc, cur->a, node,
                                  "%s: comprehensiveness dropped from %d to %d since %04d-%02d-%02d", node->id,
                                  pp->current_c, pr->current_c, pd.y, pd.m, pd.d);
            else
                d = practice_diag(s, D_REGRESSION, pr->entry->path.loc, cur->a, node,
                                  "%s: scope broadened from %s to %s since %04d-%02d-%02d", node->id,
                                  scope_name(pp->current_s), scope_name(pr->current_s), pd.y, pd.m, pd.d);
            if (pp->entry)
                diag_note(s, d, pp->entry->path.loc, "assessed %d %s in '%s'", pp->current_c,
                          scope_name(pp->current_s), cur->previous->a->name);
        }
    }
    free(sorted);
}

/* Drop the diagnostics of assessments other than `keep` (evaluated only as
 * the history of the selected one). */
static void drop_other_diagnostics(Session *s, const char *keep)
{
    smm_flush_diagnostics(s);
    Diag **link = &s->diags;
    s->diags_tail = &s->diags;
    while (*link) {
        Diag *d = *link;
        if (d->assessment && d->assessment != keep) {
            *link = d->next;
            s->ndiags--;
            if (d->sev == SEV_ERROR)
                s->errors--;
            else if (d->sev == SEV_WARNING)
                s->warnings--;
            continue;
        }
        link = &d->next;
        s->diags_tail = link;
    }
}

/* Nothing to check is an error, not a pass: a CI gate pointed at the wrong
 * file (a profile library) must fail.  The message says what the files
 * named on the command line hold instead. */
static void report_no_assessment(Session *s)
{
    static const char *const kinds[] = {"model", "profile", "assessment", "test"};
    size_t count[4] = {0};
    int roots = 0;
    for (size_t i = 0; i < s->units.n; i++) {
        const Unit *u = s->units.v[i];
        if (!u->is_root)
            continue;
        roots++;
        for (const Decl *d = u->decls; d; d = d->next)
            if ((unsigned)d->kind < 4)
                count[d->kind]++;
    }
    Buf b = {0};
    for (int k = 0; k < 4; k++)
        if (count[k] || k == DECL_ASSESSMENT)
            buf_printf(&b, "%s%zu %s%s", b.n ? ", " : "", count[k], kinds[k], count[k] == 1 ? "" : "s");
    Diag *d = diag_at(s, D_NO_ASSESSMENTS, LOC_NONE, "no assessment to check: the input %s %s %s",
                      roots == 1 ? "file" : "files", roots == 1 ? "holds" : "hold", buf_cstr(&b));
    diag_note(s, d, LOC_NONE, "an assessment is written 'assessment NAME { target PROFILE ... }' "
              "(see 'smmc explain no-assessments')");
    buf_free(&b);
}

static void unwind_run(void *run)
{
    check_free(run);
}

CheckRun *check_run(Session *s, const char *only)
{
    CheckRun *run = arena_alloc(s->arena, sizeof *run);
    run->today = today_key(s);
    Program *pg = s->prog;
    run->results = arena_alloc(s->arena, sizeof(AssessResult *) * (pg->assessments.n + 1));
    Hold h;
    guard_hold(&h, unwind_run, run);
    const char *want = only ? intern_cstr(s->names, only) : NULL;
    const Assessment *sel = NULL;
    for (size_t i = 0; want && i < pg->assessments.n; i++)
        if (((Assessment *)pg->assessments.v[i])->name == want)
            sel = pg->assessments.v[i];
    for (size_t i = 0; i < pg->assessments.n; i++) {
        Assessment *a = pg->assessments.v[i];
        if (!a->profile || !a->profile->model)
            continue;
        if (want && a != sel &&
            !(sel && a->profile == sel->profile && a->sector == sel->sector && a->system == sel->system))
            continue; /* keep the selected one's history, for regressions */
        AssessResult *r = arena_alloc(s->arena, sizeof *r);
        run->results[run->n++] = r;
        evaluate(s, r, a, run->today);
    }
    if (pg->assessments.n == 0)
        report_no_assessment(s);
    else if (want && !sel) {
        Vec names = {0};
        for (size_t i = 0; i < pg->assessments.n; i++)
            vec_push(&names, (void *)((Assessment *)pg->assessments.v[i])->name);
        const char *hint = diag_suggest(want, (const char *const *)names.v, names.n);
        diag_at(s, D_UNKNOWN_NAME, LOC_NONE, "no assessment named '%s'%s%s%s", want,
                hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
        vec_free(&names);
    }
    history(s, run);
    if (sel) {
        drop_other_diagnostics(s, sel->name);
        size_t k = 0;
        for (size_t i = 0; i < run->n; i++)
            if (run->results[i]->a == sel)
                run->results[k++] = run->results[i];
            else
                variant_free(&run->results[i]->variant);
        run->n = k;
    }
    smm_flush_diagnostics(s);
    guard_drop(&h);
    return run;
}

void check_free(CheckRun *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->n; i++)
        variant_free(&r->results[i]->variant);
}
