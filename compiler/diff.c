/*
 * diff.c — `smmc diff`: what changed between two assessments (progress,
 * regressions, newly met practices) or between two resolved targets (which
 * values moved, and which setting moved them).
 *
 * The two sides may come from different sessions (two revisions of a file),
 * so practices are matched by id, never by index or pointer.
 */
#include "smmc.h"
#include "diff.h"

#include <string.h>

static int find_practice(const Model *m, const char *id)
{
    for (int i = 0; i < m->npractices; i++)
        if (!strcmp(m->nodes[m->practices[i]].id, id))
            return i;
    return -1;
}

static const char *level_text(char *buf, size_t n, const PracticeResult *pr)
{
    if (pr->status == ST_NOT_APPLICABLE)
        snprintf(buf, n, "n/a");
    else if (!pr->assessed)
        snprintf(buf, n, "not assessed");
    else
        snprintf(buf, n, "%d %s", pr->current_c, scope_name(pr->current_s));
    return buf;
}

static bool is_ok(PracticeStatus st)
{
    return st == ST_MET || st == ST_OVER_TARGET || st == ST_NOT_APPLICABLE || st == ST_WAIVED;
}

static const char *date_of(char *buf, size_t n, const AssessResult *r)
{
    DateLit d = r->a->ast->date;
    if (d.y)
        snprintf(buf, n, " (%04d-%02d-%02d)", d.y, d.m, d.d);
    else
        buf[0] = 0;
    return buf;
}

int diff_assessments(const AssessResult *old, const AssessResult *new, FILE *out)
{
    const Model *mo = old->model, *mn = new->model;
    int progress = 0, regress = 0, met = 0, lost = 0, same = 0;
    char d1[16], d2[16];
    fprintf(out, "%s%s -> %s%s\n", old->a->name, date_of(d1, sizeof d1, old), new->a->name,
            date_of(d2, sizeof d2, new));
    if (strcmp(old->a->profile->name, new->a->profile->name))
        fprintf(out, "note: the targets differ: %s, %s\n", old->a->profile->name, new->a->profile->name);
    for (int i = 0; i < mn->npractices; i++) {
        const PracticeResult *b = &new->practices[i];
        const char *id = mn->nodes[b->node].id;
        int j = find_practice(mo, id);
        char x[48], y[48];
        if (j < 0) {
            fprintf(out, "  %-26s  (new practice) %s, %s\n", id, level_text(y, sizeof y, b),
                    status_name(b->status));
            continue;
        }
        const PracticeResult *a = &old->practices[j];
        int ca = a->assessed ? a->current_c : -1, cb = b->assessed ? b->current_c : -1;
        int sa = a->assessed ? a->current_s : -1, sb = b->assessed ? b->current_s : -1;
        const char *move = NULL, *gate = NULL;
        if (cb > ca || (cb == ca && sb > sa))
            move = "progress", progress++;
        else if (cb < ca || sb < sa)
            move = "regression", regress++;
        if (!is_ok(a->status) && is_ok(b->status))
            gate = "newly met", met++;
        else if (is_ok(a->status) && !is_ok(b->status))
            gate = "no longer met", lost++;
        if (!move && !gate && a->status == b->status) {
            same++;
            continue;
        }
        fprintf(out, "  %-26s  %s -> %s, %s -> %s", id, level_text(x, sizeof x, a), level_text(y, sizeof y, b),
                status_name(a->status), status_name(b->status));
        if (move || gate)
            fprintf(out, "  [%s%s%s]", move ? move : "", move && gate ? ", " : "", gate ? gate : "");
        fputc('\n', out);
    }
    fprintf(out, "%d progressed, %d regressed, %d newly met, %d no longer met, %d unchanged\n", progress,
            regress, met, lost, same);
    return regress;
}

static void where(Session *s, const Setting *st, char *buf, size_t n)
{
    if (!st) {
        snprintf(buf, n, "default");
        return;
    }
    SourceFile *f = source_get(s, st->path.loc.file);
    LineCol lc = source_linecol(f, st->path.loc.start);
    snprintf(buf, n, "%s:%u:%u (%s, %s%s)", f->display, lc.line, lc.column, st->owner->name,
             st->path.text, st->forced ? ".*" : "");
}

int diff_targets(Session *so, const Variant *old, Session *sn, const Variant *new, FILE *out)
{
    const Model *mo = old->profile->model, *mn = new->profile->model;
    int moved = 0;
    for (int i = 0; i < mn->npractices; i++) {
        const char *id = mn->nodes[mn->practices[i]].id;
        int j = find_practice(mo, id);
        if (j < 0) {
            fprintf(out, "  %-26s  (new practice) %d %s\n", id, new->eff[i * 2].value,
                    scope_name(new->eff[i * 2 + 1].value));
            moved++;
            continue;
        }
        for (int attr = 0; attr < 2; attr++) {
            const EffAttr *a = &old->eff[j * 2 + attr], *b = &new->eff[i * 2 + attr];
            if (a->value == b->value)
                continue;
            moved++;
            char wa[256], wb[256];
            where(so, eff_winner(a), wa, sizeof wa);
            where(sn, eff_winner(b), wb, sizeof wb);
            if (attr == 0)
                fprintf(out, "  %-26s  comprehensiveness %d -> %d\n", id, a->value, b->value);
            else
                fprintf(out, "  %-26s  scope %s -> %s\n", id, scope_name(a->value), scope_name(b->value));
            fprintf(out, "      was set by %s\n      now set by %s\n", wa, wb);
        }
    }
    return moved;
}
