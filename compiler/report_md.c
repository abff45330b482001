/*
 * report_md.c — the gap report as GitHub-flavoured Markdown, sized for a
 * pull-request comment: a headline, the per-practice summary table (grouped
 * by dimension, with the roll-ups), the evidence behind each rating (folded
 * in a <details>), the roadmap, and the regressions when the assessment has
 * a history.
 *
 * Text from the sources (titles, objectives, considerations) is escaped so
 * it can neither break the table nor inject HTML, and isolated (FSI ... PDI)
 * when it is not ASCII; ids go in code spans.
 * Status words carry plain symbols (no emoji): ✓ met, ✗ gap, ▲ over
 * target, ? not assessed, – n/a, W waived, ▼ regression.
 */
#include "report.h"

#include <string.h>

/* User text, escaped; isolated (U+2068 ... U+2069) when not ASCII, so a
 * bidi control or right-to-left text cannot reorder what follows it. */
static void md_text(FILE *out, const char *t)
{
    bool iso = t && report_needs_isolation(t);
    if (iso)
        fputs("\u2068", out);
    for (; t && *t; t++) {
        switch (*t) {
        case '\\': case '`': case '*': case '_': case '[': case ']': case '|': case '~': case '#':
            fputc('\\', out);
            fputc(*t, out);
            break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '&': fputs("&amp;", out); break;
        case '\n': case '\r': case '\t': fputc(' ', out); break;
        default: fputc(*t, out);
        }
    }
    if (iso)
        fputs("\u2069", out);
}

/* Ids are identifiers ([A-Za-z_][A-Za-z0-9_.-]*): safe in a code span. */
static void md_code(FILE *out, const char *id)
{
    fprintf(out, "`%s`", id);
}

static const char *gap_num(Session *s, const PracticeResult *pr, int gap)
{
    if (pr->status == ST_NOT_APPLICABLE)
        return "n/a";
    if (gap < 0)
        return arena_printf(s->arena, "\u2212%d", -gap);
    return arena_printf(s->arena, gap > 0 ? "**%d**" : "%d", gap);
}

static const char *rollup_num(Session *s, double v)
{
    long t = (long)(v * 10 + 0.5);
    return t % 10 ? arena_printf(s->arena, "%ld.%ld", t / 10, t % 10) : arena_printf(s->arena, "%ld", t / 10);
}

static void headline(Session *s, const AssessResult *r, FILE *out)
{
    const Assessment *a = r->a;
    fputs("## IoT SMM gap report: ", out);
    md_text(out, a->ast->title ? a->ast->title : a->name);
    fputs("\n\nAssessment ", out);
    md_code(out, a->name);
    fputs(" against ", out);
    md_code(out, a->profile->name);
    if (a->sector) {
        fputs(" sector ", out);
        md_code(out, a->sector);
    }
    if (a->system) {
        fputs(" system ", out);
        md_code(out, a->system);
    }
    const char *date = report_date(s, a->ast->date);
    if (date)
        fprintf(out, " \u00B7 %s", date);
    if (a->ast->assessor) {
        fputs(" \u00B7 ", out);
        md_text(out, a->ast->assessor);
    }
    if (r->evidence)
        fputs(" \u00B7 evidence mode", out);
    fputs("\n\n", out);
    static const PracticeStatus order[] = {ST_GAP, ST_NOT_ASSESSED, ST_WAIVED, ST_MET, ST_OVER_TARGET,
                                           ST_NOT_APPLICABLE};
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        PracticeStatus st = order[i];
        fprintf(out, "%s%s%d %s %s%s", i ? " \u00B7 " : "", st == ST_GAP ? "**" : "", r->counts[st],
                report_status_symbol(st), report_status_text(st), st == ST_GAP ? "**" : "");
    }
    int reg = 0;
    for (int i = 0; i < r->model->npractices; i++)
        reg += r->practices[i].regression;
    if (reg)
        fprintf(out, " \u00B7 **%d \u25BC regression%s**", reg, reg == 1 ? "" : "s");
    fputs("\n\n", out);
}

static void table(Session *s, const AssessResult *r, FILE *out)
{
    const Model *m = r->model;
    fputs("| Practice | Target | Current | Gap compr. | Gap scope | Status |\n"
          "| :-- | :-: | :-: | :-: | :-: | :-- |\n",
          out);
    for (int i = 0; i < m->nnodes; i++) {
        const MNode *n = &m->nodes[i];
        if (n->kind == MN_DOMAIN)
            continue;
        if (n->kind == MN_DIMENSION) {
            fputs("| **", out);
            md_text(out, report_title(n));
            fputs("** |", out);
            const RollUp *ru = NULL;
            for (int k = 0; k < r->nrollups; k++)
                if (r->rollups[k].node == i)
                    ru = &r->rollups[k];
            if (ru && ru->counted)
                fprintf(out, " *%s* | *%s* | | | *roll-up (%s)* |\n", rollup_num(s, ru->target),
                        rollup_num(s, ru->current), r->mean ? "mean" : "min");
            else
                fputs(" | | | | |\n", out);
            continue;
        }
        const PracticeResult *pr = &r->practices[n->practice];
        fputs("| ", out);
        md_text(out, report_title(n));
        fputs(" (", out);
        md_code(out, n->id);
        fprintf(out, ") | %d %s | ", pr->target_c, scope_name(pr->target_s));
        if (pr->status == ST_NOT_APPLICABLE)
            fputs("n/a", out);
        else if (!pr->assessed)
            fputs("*not assessed*", out);
        else if (pr->claimed_c != pr->current_c)
            fprintf(out, "%d %s (claimed %d)", pr->current_c, scope_name(pr->current_s), pr->claimed_c);
        else
            fprintf(out, "%d %s", pr->current_c, scope_name(pr->current_s));
        fprintf(out, " | %s | %s | %s %s", gap_num(s, pr, pr->gap_c), gap_num(s, pr, pr->gap_s),
                report_status_symbol(pr->status), report_status_text(pr->status));
        if (pr->status == ST_WAIVED) {
            const AEntry *w = report_waiver(r, pr);
            if (w)
                fprintf(out, " until %s", report_date(s, w->until));
        }
        if (pr->regression)
            fprintf(out, ", \u25BC regression (was %d %s)", pr->previous_c, scope_name(pr->previous_s));
        fputs(" |\n", out);
    }
    fputs("\nGap = target \u2212 current on each axis (scope: general < industry < system); \u2212N is above the "
          "target. Not assessed counts as 0 general.\n\n",
          out);
}

/* A list item's text: md_text, and a backslash before what would open a
 * block at the item's start (a nested list "- ", "+ ", "1. ", "1) ", a
 * setext underline "="); white space at the start would indent it as
 * code. */
static void md_item(FILE *out, const char *t)
{
    while (t && (*t == ' ' || *t == '\t' || *t == '\n' || *t == '\r'))
        t++;
    if (!t)
        return;
    size_t d = strspn(t, "0123456789");
    if (*t == '-' || *t == '+' || *t == '=')
        fputc('\\', out);
    else if (d >= 1 && d <= 9 && (t[d] == '.' || t[d] == ')')) {
        fwrite(t, 1, d, out);
        fputc('\\', out);
        t += d;
    }
    md_text(out, t);
}

/* Whether the evidence section lists pr: evidence, or a reason it is not
 * applicable; its evidence items in *ev, their count in *n. */
static bool has_evidence(Session *s, const AssessResult *r, const PracticeResult *pr, ReportEvidence **ev, int *n)
{
    bool na = pr->status == ST_NOT_APPLICABLE && pr->entry && pr->entry->because;
    *n = na ? 0 : report_evidence(s, r, pr, ev);
    return na || *n > 0;
}

/* One practice of the evidence section and its items. */
static void evidence_practice(const AssessResult *r, const PracticeResult *pr, const ReportEvidence *ev, int n,
                              FILE *out)
{
    const MNode *nd = &r->model->nodes[pr->node];
    fputs("- ", out);
    md_text(out, report_title(nd));
    fputs(" (", out);
    md_code(out, nd->id);
    fputs(")", out);
    if (pr->status == ST_NOT_APPLICABLE && pr->entry && pr->entry->because) {
        fputs(": not applicable: ", out);
        md_item(out, pr->entry->because);
    }
    fputc('\n', out);
    for (int k = 0; k < n; k++) {
        fputs("  - ", out);
        if (ev[k].consideration) {
            md_code(out, ev[k].consideration);
            fputs(ev[k].text ? " met: " : " met", out);
            md_text(out, ev[k].text);
        } else {
            md_item(out, ev[k].text);
        }
        fputc('\n', out);
    }
}

/* The evidence behind each practice's rating, as the HTML report's
 * Evidence column shows it, folded in a <details> so the comment stays
 * short: one item per practice with evidence (model order), one sub-item
 * per evidence string or met consideration, or the reason a practice is
 * not applicable. */
static void evidence(Session *s, const AssessResult *r, FILE *out)
{
    const Model *m = r->model;
    ReportEvidence *ev;
    int n, with = 0;
    for (int i = 0; i < m->npractices; i++)
        with += has_evidence(s, r, &r->practices[i], &ev, &n);
    if (with == 0)
        return;
    fprintf(out, "<details><summary>Evidence recorded for %d of %d practices</summary>\n\n", with, m->npractices);
    for (int i = 0; i < m->npractices; i++)
        if (has_evidence(s, r, &r->practices[i], &ev, &n))
            evidence_practice(r, &r->practices[i], ev, n, out);
    fputs("\n</details>\n\n", out);
}

/* A step's line: what to raise, from what to what. */
static void roadmap_step_line(Session *s, const RoadStep *st, const char *marker, FILE *out)
{
    const PracticeResult *pr = st->pr;
    fprintf(out, "%s**", marker);
    md_text(out, report_title(st->node));
    fputs("** (", out);
    md_code(out, st->node->id);
    fprintf(out, ") \u2014 gap %d", st->gap);
    if (st->waiver)
        fprintf(out, ", *waived until %s*", report_date(s, st->waiver->until));
    fputs(": ", out);
    if (st->next_c > 0) {
        fprintf(out, "raise comprehensiveness from %d (%s) to **%d (%s)**", pr->current_c,
                report_level_word(pr->current_c), st->next_c, report_level_word(st->next_c));
        if (pr->target_c > st->next_c)
            fprintf(out, ", then on to %d (%s)", pr->target_c, report_level_word(pr->target_c));
    }
    if (pr->gap_s > 0)
        fprintf(out, "%snarrow the scope from %s to **%s**", st->next_c > 0 ? "; " : "", scope_name(pr->current_s),
                scope_name(pr->target_s));
    fputs(".\n", out);
}

/* The considerations of the next level not yet met, each with where it
 * came from when that is not the assessed model; w: the list marker's
 * width, the sub-items' indent. */
static void roadmap_step_unmet(const AssessResult *r, const RoadStep *st, int w, FILE *out)
{
    fprintf(out, "%*s- Not yet met:\n", w, "");
    for (int k = 0; k < st->nunmet; k++) {
        const Consideration *c = st->unmet[k];
        fprintf(out, "%*s  - ", w, "");
        md_code(out, c->id);
        fputs(" \u2014 ", out);
        md_text(out, c->text);
        if (c->origin && c->origin != r->model->name) {
            fputs(" *(from ", out);
            md_text(out, c->origin);
            if (c->layer_name) {
                fputc(' ', out);
                md_text(out, c->layer_name);
            }
            fputs(")*", out);
        }
        fputc('\n', out);
    }
}

/* Step number i (from 0): its line and its sub-items. */
static void roadmap_step(Session *s, const AssessResult *r, int i, const RoadStep *st, FILE *out)
{
    const PracticeResult *pr = st->pr;
    char marker[16];
    int w = snprintf(marker, sizeof marker, "%d. ", i + 1);
    roadmap_step_line(s, st, marker, out);
    if (pr->claimed_c > pr->current_c)
        fprintf(out, "%*s- Claimed level %d counts as %d in evidence mode.\n", w, "", pr->claimed_c, pr->current_c);
    if (st->objective) {
        fprintf(out, "%*s- Level %d objective: ", w, "", st->next_c);
        md_text(out, st->objective);
        fputc('\n', out);
    }
    if (st->next_c > 0 && st->nunmet)
        roadmap_step_unmet(r, st, w, out);
    if (st->waiver && st->waiver->because) {
        fprintf(out, "%*s- Waiver: ", w, "");
        md_text(out, st->waiver->because);
        if (st->waiver->owner) {
            fputs(" (owner: ", out);
            md_text(out, st->waiver->owner);
            fputc(')', out);
        }
        fputc('\n', out);
    }
}

static void roadmap_unassessed(const AssessResult *r, const Roadmap *rm, FILE *out)
{
    fputs("**Not yet assessed** (gap unknown, counted as 0 general; assess these next):\n\n", out);
    for (int i = 0; i < rm->nunassessed; i++) {
        const PracticeResult *pr = rm->unassessed[i];
        const MNode *n = &r->model->nodes[pr->node];
        fputs("- ", out);
        md_text(out, report_title(n));
        fputs(" (", out);
        md_code(out, n->id);
        fprintf(out, ") \u2014 target %d %s%s\n", pr->target_c, scope_name(pr->target_s),
                pr->status == ST_WAIVED ? ", waived" : "");
    }
    fputc('\n', out);
}

static void roadmap(Session *s, const AssessResult *r, FILE *out)
{
    Roadmap rm = {0};
    roadmap_build(r, &rm);
    fputs("### Roadmap\n\n", out);
    if (rm.nsteps == 0 && rm.nunassessed == 0) {
        fputs("No practice falls short of its target.\n\n", out);
        roadmap_free(&rm);
        return;
    }
    if (rm.nsteps)
        fputs("Largest gaps first, then by dimension (model order), then model order; waived gaps last.\n\n", out);
    for (int i = 0; i < rm.nsteps; i++)
        roadmap_step(s, r, i, &rm.steps[i], out);
    if (rm.nsteps)
        fputc('\n', out);
    if (rm.nunassessed)
        roadmap_unassessed(r, &rm, out);
    roadmap_free(&rm);
}

static void regressions(Session *s, const AssessResult *r, FILE *out)
{
    ReportRegression *reg;
    size_t nassessed;
    int n = report_regressions(s, r, &reg, &nassessed);
    if (nassessed < 2)
        return;
    if (n == 0) {
        fprintf(out, "### History\n\n%zu assessments of this target; no regressions.\n\n", nassessed);
        return;
    }
    fprintf(out, "### History\n\n%zu assessments of this target. Regressions:\n\n", nassessed);
    for (int k = 0; k < n; k++) {
        const PracticeResult *pr = reg[k].pr;
        const MNode *nd = &r->model->nodes[pr->node];
        fputs("- \u25BC ", out);
        md_text(out, report_title(nd));
        fputs(" (", out);
        md_code(out, nd->id);
        fprintf(out, "): %d %s \u2192 %d %s in ", pr->previous_c, scope_name(pr->previous_s), pr->current_c,
                scope_name(pr->current_s));
        md_code(out, reg[k].in->a->name);
        const char *d = report_date(s, reg[k].in->a->ast->date);
        if (d)
            fprintf(out, " (%s)", d);
        fputc('\n', out);
    }
    fputc('\n', out);
}

int report_write_markdown(Session *s, const CheckRun *run, const AssessResult *r, FILE *out)
{
    (void)run;
    headline(s, r, out);
    table(s, r, out);
    evidence(s, r, out);
    roadmap(s, r, out);
    regressions(s, r, out);
    fputs("<sub>Generated by smmc " SMM_VERSION "; `smmc report -o report.html` draws the heat map, bar and radar "
          "charts.</sub>\n",
          out);
    return ferror(out) ? -1 : 0;
}
