/*
 * report_heatmap.c — the gap heat map (report_svg.h): a compact picture of
 * every practice's two gaps that fits one screen, distinct from the
 * detailed summary table.
 *
 * Practices are grouped by dimension (a heading and a row of boxes) and
 * domain (a box); each practice is a tile of two cells, its
 * comprehensiveness gap and its scope gap, coloured by class (green 0,
 * yellow 1, red ≥ 2, grey hatched n/a) with the number printed in the
 * cell, and its name below, shortened to three lines (the full text and
 * the values are in the tile's tooltip).  Domain boxes flow left to right
 * and wrap; a domain with more practices than fit in one row wraps its
 * tiles.
 */
#include "report_svg.h"

#include <string.h>

enum { TILE_W = 100, CELL_W = 40, CELL_H = 28, CELL_GAP = 4, LABEL_LINES = 3 };
#define LABEL_FS 10.0
#define LABEL_LEAD 12.0
#define BOX_PAD 8.0
#define BOX_GAP 10.0
#define BOX_HEAD 46.0 /* domain title (two lines) and the cells' column words */
#define TILE_H (CELL_H + 8 + LABEL_LINES * LABEL_LEAD)

typedef struct Heat {
    Chart *c;
    double pad, width;
    int per_row;  /* tiles per row inside a domain box */
    double right; /* the right edge of the widest row laid out */
} Heat;

static void heat_cell(Chart *c, xmlNodePtr tile, double x, double y, const PracticeResult *pr, int gap,
                      const char *axis)
{
    Session *s = c->s;
    int cls = report_axis_class(pr, gap);
    xmlNodePtr g = svg_group(tile, arena_printf(s->arena, "cell %s gap-%s", axis, report_class_name(cls)));
    const MNode *n = &c->m->nodes[pr->node];
    const char *what = !strcmp(axis, "comp") ? "comprehensiveness" : "scope";
    if (cls < 0) {
        svg_tip(g, arena_printf(s->arena, "%s: not applicable", svg_user(c, n)));
        svg_rect(g, x, y, CELL_W, CELL_H, svg_url(c, "na"), svg_cls_color[3].stroke);
        svg_bold(svg_text(g, x + CELL_W / 2.0, y + CELL_H / 2.0 + 4, "n/a", 11, SVG_MIDDLE, svg_cls_color[3].text));
        return;
    }
    const char *num = gap < 0 ? arena_printf(s->arena, "\u2212%d", -gap) : arena_printf(s->arena, "%d", gap);
    svg_tip(g, arena_printf(s->arena, "%s: %s gap %s%s", svg_user(c, n), what, num,
                            gap < 0           ? " (above target)"
                            : !pr->assessed ? " (not assessed: counts as 0 general)"
                                              : ""));
    xmlNodePtr box = svg_rect(g, x, y, CELL_W, CELL_H, svg_cls_color[cls].fill, svg_cls_color[cls].stroke);
    rx_attr(box, "rx", "3");
    if (!pr->assessed) {
        /* unknown rather than measured: paler, with a dashed edge */
        rx_attr(box, "fill-opacity", "0.45");
        rx_attr(box, "stroke-dasharray", "4 2");
    }
    svg_bold(svg_text(g, x + CELL_W / 2.0, y + CELL_H / 2.0 + 4.5, num, 13, SVG_MIDDLE, svg_cls_color[cls].text));
}

/* One practice: its two cells and its name (after a status symbol when it
 * is not simply met), at (x, y). */
static void heat_tile(Heat *h, xmlNodePtr parent, const PracticeResult *pr, double x, double y)
{
    Chart *c = h->c;
    Session *s = c->s;
    const MNode *n = &c->m->nodes[pr->node];
    xmlNodePtr g = svg_group(parent, arena_printf(s->arena, "practice status-%s", status_name(pr->status)));
    rx_attr(g, "data-practice", n->id);
    svg_tip(g, svg_practice_tip(s, c->r, pr));
    double cx = x + (TILE_W - 2 * CELL_W - CELL_GAP) / 2.0;
    heat_cell(c, g, cx, y, pr, pr->gap_c, "comp");
    heat_cell(c, g, cx + CELL_W + CELL_GAP, y, pr, pr->gap_s, "scope");
    const char *name = svg_user(c, n);
    if (pr->status != ST_MET)
        name = arena_printf(s->arena, "%s%s %s", report_status_symbol(pr->status), pr->regression ? "\u25BC" : "",
                            name);
    else if (pr->regression)
        name = arena_printf(s->arena, "\u25BC %s", name);
    const char *lines[LABEL_LINES];
    int nl = report_wrap(s, name, TILE_W - 6, LABEL_FS, LABEL_LINES, lines);
    xmlNodePtr lg = svg_group(g, "name");
    svg_lines(lg, x + TILE_W / 2.0, y + CELL_H + 13, lines, nl, LABEL_FS, LABEL_LEAD, SVG_MIDDLE,
              pr->status == ST_NOT_APPLICABLE ? C_MUTED : NULL);
}

/* The size of the box of a domain with np practices. */
static double box_width(const Heat *h, int np)
{
    int cols = np < h->per_row ? np : h->per_row;
    return (cols > 0 ? cols : 1) * TILE_W + 2 * BOX_PAD;
}

static double box_height(const Heat *h, int np)
{
    int rows = np > 0 ? (np + h->per_row - 1) / h->per_row : 1;
    return BOX_HEAD + rows * TILE_H + BOX_PAD;
}

/* A domain (or the practices placed directly in a dimension, d NULL) as a
 * box at (x, y): title, the column words, the tiles. */
static void heat_box(Heat *h, xmlNodePtr parent, const MNode *d, int first, int np, double x, double y)
{
    Chart *c = h->c;
    Session *s = c->s;
    double w = box_width(h, np), bh = box_height(h, np);
    xmlNodePtr g = svg_group(parent, "domain");
    if (d) {
        rx_attr(g, "data-node", d->id);
        svg_tip(g, svg_user(c, d));
    }
    rx_attr(svg_rect(g, x, y, w, bh, C_BAND2, C_GRID), "rx", "6");
    if (d) {
        const char *l[2];
        int nl = report_wrap(s, svg_user(c, d), (w - 2 * BOX_PAD) / BOLD, 11, 2, l);
        xmlNodePtr tg = svg_group(g, "title");
        rx_attr(tg, "font-weight", "600");
        svg_lines(tg, x + BOX_PAD, y + 15, l, nl, 11, 13, SVG_START, NULL);
    }
    int cols = np < h->per_row ? np : h->per_row;
    for (int k = 0; k < cols; k++) {
        double cx = x + BOX_PAD + k * TILE_W + (TILE_W - 2 * CELL_W - CELL_GAP) / 2.0;
        xmlNodePtr hg = svg_group(g, "axis");
        svg_text(hg, cx + CELL_W / 2.0, y + BOX_HEAD - 5, "compr.", 9, SVG_MIDDLE, C_MUTED);
        svg_text(hg, cx + CELL_W + CELL_GAP + CELL_W / 2.0, y + BOX_HEAD - 5, "scope", 9, SVG_MIDDLE, C_MUTED);
    }
    for (int k = 0; k < np; k++) {
        const PracticeResult *pr = &c->r->practices[first + k];
        heat_tile(h, g, pr, x + BOX_PAD + (k % h->per_row) * TILE_W, y + BOX_HEAD + (k / h->per_row) * TILE_H);
    }
}

/* A dimension: its heading, then its domains' boxes flowing left to right;
 * returns the height used.  body NULL: only lays out (h->right). */
static double heat_dimension(Heat *h, xmlNodePtr body, int dim, double y0)
{
    Chart *c = h->c;
    const Model *m = c->m;
    const MNode *dn = &m->nodes[dim];
    xmlNodePtr g = NULL;
    if (body) {
        g = svg_group(body, "dimension");
        rx_attr(g, "data-node", dn->id);
        const char *l[1];
        report_wrap(c->s, svg_user(c, dn), (h->width - 2 * h->pad) / BOLD, 13, 1, l);
        rx_attr(svg_text(g, h->pad, y0 + 14, l[0], 13, SVG_START, NULL), "font-weight", "700");
    }
    double y = y0 + 24, x = h->pad, row_h = 0;
    int done = dn->first_practice; /* practices placed so far, in model order */
    for (int i = dim + 1; i < m->nnodes && m->nodes[i].kind != MN_DIMENSION; i++) {
        const MNode *d = &m->nodes[i];
        bool loose = d->kind == MN_PRACTICE && d->parent == dim; /* a practice outside any domain */
        if (d->kind != MN_DOMAIN && !loose)
            continue;
        int first = loose ? d->practice : d->first_practice, np = loose ? 1 : d->npractices;
        if (first < done)
            continue;
        double w = box_width(h, np), bh = box_height(h, np);
        if (x > h->pad && x + w > h->width - h->pad) {
            x = h->pad;
            y += row_h + BOX_GAP;
            row_h = 0;
        }
        if (g)
            heat_box(h, g, loose ? NULL : d, first, np, x, y);
        h->right = x + w > h->right ? x + w : h->right;
        done = first + np;
        x += w + BOX_GAP;
        row_h = bh > row_h ? bh : row_h;
    }
    return y + row_h - y0;
}

static double heat_legend(Heat *h, double y)
{
    Chart *c = h->c;
    Legend l = svg_legend(c, h->pad, y, h->width - 2 * h->pad);
    svg_legend_swatch(&l, svg_cls_color[0].fill, svg_cls_color[0].stroke, "0", "no gap", "legend gap-green");
    svg_legend_swatch(&l, svg_cls_color[1].fill, svg_cls_color[1].stroke, "1", "gap of one level", "legend gap-yellow");
    svg_legend_swatch(&l, svg_cls_color[2].fill, svg_cls_color[2].stroke, "2+", "gap of two or more",
                      "legend gap-red");
    svg_legend_swatch(&l, svg_url(c, "na"), svg_cls_color[3].stroke, NULL, "not applicable", "legend gap-na");
    svg_legend_row(&l, 22);
    svg_legend_note(&l,
                    "Each practice: its comprehensiveness gap (left cell) and scope gap (right cell), target "
                    "\u2212 current (scope: general < industry < system); \u2212N: above the target. Pale dashed "
                    "cells: not assessed, counted as 0 general.",
                    3);
    l.y += 2;
    return svg_legend_note(&l,
                           "Before a name: \u2717 gap, W waived, ? not assessed, \u25B2 over target, \u2013 not "
                           "applicable, \u25BC regression. The summary table gives every value.",
                           3);
}

void svg_heatmap(Chart *c)
{
    const Model *m = c->m;
    Heat h = {.c = c, .pad = 16};
    /* as wide as the widest dimension on one row, within 600..1000 px */
    double widest = 0;
    for (int i = 0; i < m->nnodes; i++) {
        if (m->nodes[i].kind != MN_DIMENSION)
            continue;
        double w = 0;
        for (int k = i + 1; k < m->nnodes && m->nodes[k].kind != MN_DIMENSION; k++)
            if (m->nodes[k].kind == MN_DOMAIN || (m->nodes[k].kind == MN_PRACTICE && m->nodes[k].parent == i))
                w += (m->nodes[k].kind == MN_DOMAIN ? m->nodes[k].npractices : 1) * TILE_W + 2 * BOX_PAD + BOX_GAP;
        widest = w > widest ? w : widest;
    }
    h.width = widest - BOX_GAP + 2 * h.pad;
    h.width = h.width < 600 ? 600 : h.width > 1000 ? 1000 : h.width;
    h.per_row = (int)((h.width - 2 * h.pad - 2 * BOX_PAD) / TILE_W);
    /* lay out once to find the width the flowing boxes really use */
    for (int i = 0; i < m->nnodes; i++)
        if (m->nodes[i].kind == MN_DIMENSION)
            heat_dimension(&h, NULL, i, 0);
    if (h.right + h.pad > 600)
        h.width = h.right + h.pad;
    svg_heading(c, h.width);
    svg_hatch(c, "na", svg_cls_color[3].stroke, svg_cls_color[3].fill, 6, 1.2);

    double y = c->top + 4;
    xmlNodePtr body = svg_group(c->svg, "rows");
    for (int i = 0; i < m->nnodes; i++)
        if (m->nodes[i].kind == MN_DIMENSION)
            y += heat_dimension(&h, body, i, y) + 14;
    svg_finish(c, h.width, heat_legend(&h, y + 16) + 8);
}
