/*
 * report_bars.c — target and current comprehensiveness as paired bars per
 * practice, with the domain and dimension roll-ups (report_svg.h).
 */
#include "report_svg.h"

#include <stdlib.h>
#include <string.h>

static const char *scope_fill(Chart *c, int scope, bool target)
{
    const char *series = target ? "target" : "current";
    switch (scope) {
    case SCOPE_INDUSTRY: return svg_url(c, arena_printf(c->s->arena, "hatch-%s", series));
    case SCOPE_SYSTEM: return target ? C_TARGET : C_CURRENT;
    default: return "#ffffff";
    }
}

static void bar(Chart *c, xmlNodePtr p, double x0, double unit, double y, double h, int level, int scope,
                bool target)
{
    if (level <= 0)
        return;
    xmlNodePtr b = svg_rect(p, x0, y, unit * level, h, scope_fill(c, scope, target), target ? C_TARGET : C_CURRENT);
    rx_attr(b, "class", arena_printf(c->s->arena, "bar %s scope-%s", target ? "target" : "current",
                                     scope_name(scope)));
    rx_attr(b, "stroke-width", "1.5");
}

/* The layout every row shares. */
typedef struct Bars {
    Chart *c;
    double pad, lw, x0, unit, vx, width;
    xmlNodePtr bands, body;
} Bars;

static const double bars_ind[3] = {8, 14, 24};

/* The level axis: 0..4 with the level words, and the column headings. */
static void bars_axis(Bars *b, double y)
{
    Chart *c = b->c;
    xmlNodePtr axis = svg_group(c->svg, "axis");
    for (int l = 0; l <= 4; l++) {
        double x = b->x0 + l * b->unit;
        svg_bold(svg_text(axis, x, y + 11, arena_printf(c->s->arena, "%d", l), 11, SVG_MIDDLE, C_MUTED));
        svg_text(axis, x, y + 24, report_level_word(l), 10, SVG_MIDDLE, C_MUTED);
    }
    svg_bold(svg_text(axis, b->pad + 8, y + 11, "Practice", 11, SVG_START, C_MUTED));
    svg_bold(svg_text(axis, b->vx, y + 11, "Target / current", 11, SVG_START, C_MUTED));
}

/* A dimension or domain row: a band, the title and the roll-up as two thin
 * bars; returns its height. */
static double bars_group_row(Bars *b, int i, double y)
{
    Chart *c = b->c;
    Session *s = c->s;
    const AssessResult *r = c->r;
    const MNode *n = &c->m->nodes[i];
    bool dim = n->kind == MN_DIMENSION;
    const char *l[2];
    int nl = report_wrap(s, svg_user(c, n), (b->lw - bars_ind[n->kind] - 6) / BOLD, dim ? 13 : 12, 2, l);
    double h = (dim ? 30 : 26) + (nl - 1) * 15;
    xmlNodePtr g = svg_group(b->body, arena_printf(s->arena, "%s rollup", dim ? "dimension" : "domain"));
    rx_attr(g, "data-node", n->id);
    svg_rect(b->bands, b->pad, y, b->width - 2 * b->pad, h, dim ? C_BAND : C_BAND2, NULL);
    xmlNodePtr tg = svg_group(g, "title");
    rx_attr(tg, "font-weight", dim ? "700" : "600");
    svg_lines(tg, b->pad + bars_ind[n->kind], y + h / 2 + 4.5 - (nl - 1) * 7.5, l, nl, dim ? 13 : 12, 15, SVG_START,
              NULL);
    const RollUp *ru = svg_rollup_of(r, i);
    if (ru && ru->counted) {
        const char *how = r->mean ? "mean" : "min";
        svg_tip(g, arena_printf(s->arena, "%s: roll-up (%s) target %s, current %s", svg_user(c, n), how,
                                svg_rollup_num(s, ru->target), svg_rollup_num(s, ru->current)));
        double by = y + h / 2 - 5;
        if (ru->target > 0)
            rx_attr(svg_rect(g, b->x0, by, b->unit * ru->target, 4, C_TARGET, NULL), "class", "bar rollup target");
        if (ru->current > 0)
            rx_attr(svg_rect(g, b->x0, by + 6, b->unit * ru->current, 4, C_CURRENT, NULL), "class",
                    "bar rollup current");
        svg_text(g, b->vx, y + h / 2 + 4,
                 arena_printf(s->arena, "%s %s / %s", how, svg_rollup_num(s, ru->target), svg_rollup_num(s, ru->current)),
                 11, SVG_START, C_MUTED);
    }
    return h;
}

/* A practice row: the two bars, the shortfall between their ends and the
 * values in words.  A not-applicable practice has no bars, only "n/a". */
static double bars_practice_row(Bars *b, const PracticeResult *pr, double y)
{
    Chart *c = b->c;
    Session *s = c->s;
    const MNode *n = &c->m->nodes[pr->node];
    const char *lines[2];
    int nl = report_wrap(s, svg_user(c, n), b->lw - bars_ind[MN_PRACTICE] - 6, 12, 2, lines);
    const double h = 34;
    xmlNodePtr g = svg_group(b->body, arena_printf(s->arena, "practice status-%s", status_name(pr->status)));
    rx_attr(g, "data-practice", n->id);
    svg_tip(g, svg_practice_tip(s, c->r, pr));
    svg_lines(g, b->pad + bars_ind[MN_PRACTICE], y + h / 2 + 4.5 - (nl - 1) * 7, lines, nl, 12, 14, SVG_START,
              pr->status == ST_NOT_APPLICABLE ? C_MUTED : NULL);
    if (pr->status == ST_NOT_APPLICABLE) {
        /* not a level: no bar, the words where the bars would start */
        rx_attr(svg_text(g, b->x0 + 10, y + h / 2 + 4, "n/a", 11.5, SVG_START, C_MUTED), "class", "na");
        svg_text(g, b->vx, y + h / 2 + 4, "n/a (not applicable)", 11, SVG_START, C_MUTED);
        return h;
    }
    bar(c, g, b->x0, b->unit, y + 6, 10, pr->target_c, pr->target_s, true);
    bar(c, g, b->x0, b->unit, y + 18, 10, pr->current_c, pr->current_s, false);
    svg_text(g, b->vx, y + 15, arena_printf(s->arena, "T  %s", svg_level_scope(s, pr->target_c, pr->target_s)), 11,
             SVG_START, C_TARGET_DARK);
    const char *cur = pr->assessed ? arena_printf(s->arena, "C  %s", svg_level_scope(s, pr->current_c, pr->current_s))
                                   : "C  not assessed";
    xmlNodePtr ct = svg_text(g, b->vx, y + 28, cur, 11, SVG_START, C_CURRENT_DARK);
    if (pr->status == ST_GAP)
        svg_bold(ct);
    if ((pr->status == ST_GAP || pr->status == ST_WAIVED) && pr->gap_c > 0) {
        /* the shortfall, drawn where the bars part */
        xmlNodePtr gp = svg_line(g, b->x0 + b->unit * pr->current_c, y + 23, b->x0 + b->unit * pr->target_c, y + 23,
                                 C_DOWN, 1.5);
        rx_attr(gp, "stroke-dasharray", "3 2");
        rx_attr(gp, "class", "shortfall");
    }
    return h;
}

static double bars_legend(Bars *b, double y)
{
    Chart *c = b->c;
    Legend l = svg_legend(c, b->pad, y, b->width - 2 * b->pad);
    svg_legend_swatch(&l, C_TARGET, NULL, NULL, "target (upper bar)", "legend target");
    svg_legend_swatch(&l, C_CURRENT, NULL, NULL, "current (lower bar)", "legend current");
    svg_legend_line(&l, C_DOWN, 1.5, "3 2", NULL, "shortfall", "legend shortfall");
    svg_legend_row(&l, 24);
    svg_legend_words(&l, "Scope:");
    svg_legend_swatch(&l, "#ffffff", C_MUTED, NULL, "general (empty)", "legend scope-general");
    svg_legend_swatch(&l, svg_url(c, "hatch-key"), C_MUTED, NULL, "industry (hatched)", "legend scope-industry");
    svg_legend_swatch(&l, C_MUTED, C_MUTED, NULL, "system (filled)", "legend scope-system");
    svg_legend_row(&l, 22);
    return svg_legend_note(&l,
                           c->r->mean ? "Thin bars in domain and dimension rows: the roll-up (mean of the practices, "
                                        "n/a excluded), which has no scope. Not assessed counts as 0; n/a: not "
                                        "applicable, no bar."
                                      : "Thin bars in domain and dimension rows: the roll-up (lowest practice, n/a "
                                        "excluded), which has no scope. Not assessed counts as 0; n/a: not "
                                        "applicable, no bar.",
                           2);
}

void svg_bars(Chart *c)
{
    const Model *m = c->m;
    Bars b = {.c = c, .pad = 16, .unit = 105};
    b.lw = svg_label_width(m, bars_ind, 220, 320);
    b.x0 = b.pad + b.lw + 8;
    b.vx = b.x0 + 4 * b.unit + 16;
    b.width = b.vx + 150 + b.pad;
    svg_heading(c, b.width);
    svg_hatch(c, "hatch-target", C_TARGET, "#ffffff", 5, 2);
    svg_hatch(c, "hatch-current", C_CURRENT, "#ffffff", 5, 2);
    svg_hatch(c, "hatch-key", C_MUTED, "#ffffff", 5, 2);

    double y = c->top + 8;
    bars_axis(&b, y);
    y += 32;
    double body_top = y;
    /* row bands, then the level grid, then the marks */
    b.bands = svg_group(c->svg, "bands");
    xmlNodePtr grid = svg_group(c->svg, "grid");
    b.body = svg_group(c->svg, "rows");
    for (int i = 0; i < m->nnodes; i++) {
        const MNode *n = &m->nodes[i];
        if (n->kind == MN_PRACTICE) {
            y += bars_practice_row(&b, &c->r->practices[n->practice], y);
            continue;
        }
        if (n->kind == MN_DIMENSION)
            y += 4;
        y += bars_group_row(&b, i, y);
    }
    /* level grid behind the bars */
    for (int l = 0; l <= 4; l++) {
        double x = b.x0 + l * b.unit;
        xmlNodePtr gl = svg_line(grid, x, body_top, x, y, l ? C_GRID : C_MUTED, l ? 1 : 1.2);
        if (l)
            rx_attr(gl, "stroke-dasharray", "2 3");
    }
    svg_finish(c, b.width, bars_legend(&b, y + 28) + 8);
}
