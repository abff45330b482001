/*
 * report_history.c — each practice's level across the dated assessments of
 * one target, regressions in red (report_svg.h).
 */
#include "report_svg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The history being drawn: the assessments, oldest first, and the layout. */
typedef struct History {
    Chart *c;
    Vec chain;
    int k;                    /* assessments */
    double pad, lw, x0, colw, width;
} History;

static const double history_ind[3] = {8, -1, 8};

static double column_x(const History *h, int j)
{
    return h->x0 + j * h->colw + h->colw / 2;
}

/* One column heading per assessment (date and title), then "Target". */
static void history_header(History *h, double y)
{
    Chart *c = h->c;
    Session *s = c->s;
    xmlNodePtr head = svg_group(c->svg, "header");
    for (int j = 0; j < h->k; j++) {
        const AssessResult *ar = h->chain.v[j];
        double x = column_x(h, j);
        const char *date = report_date(s, ar->a->ast->date);
        const char *title = report_isolate(s, ar->a->ast->title ? ar->a->ast->title : ar->a->name);
        svg_bold(svg_text(head, x, y + 12, date ? date : "(no date)", 11.5, SVG_MIDDLE, NULL));
        const char *l[2];
        int nl = report_wrap(s, title, h->colw - 8, 10, 2, l);
        xmlNodePtr hg = svg_group(head, "assessment");
        rx_attr(hg, "data-assessment", ar->a->name);
        svg_tip(hg, arena_printf(s->arena, "%s (%s)", title, ar->a->name));
        svg_lines(hg, x, y + 26, l, nl, 10, 12, SVG_MIDDLE, C_MUTED);
    }
    svg_bold(svg_text(head, column_x(h, h->k), y + 12, "Target", 11.5, SVG_MIDDLE, NULL));
    svg_text(head, h->pad, y + 12, "Practice", 11, SVG_START, C_MUTED);
}

/* The lines between consecutive assessed points: green ▲ better, grey
 * the same, thick red ▼ a regression.  Drawn first, so the points sit on
 * top. */
static void history_steps(History *h, xmlNodePtr g, int pi, double my)
{
    for (int j = 1; j < h->k; j++) {
        const PracticeResult *a = &((const AssessResult *)h->chain.v[j - 1])->practices[pi];
        const PracticeResult *b = &((const AssessResult *)h->chain.v[j])->practices[pi];
        if (!a->assessed || !b->assessed)
            continue;
        double xa = column_x(h, j - 1) + 12, xb = column_x(h, j) - 12;
        bool down = b->regression;
        bool up = !down && (b->current_c > a->current_c || b->current_s > a->current_s);
        xmlNodePtr ln = svg_line(g, xa, my, xb, my, down ? C_DOWN : up ? C_UP : "#9aa4ae", down ? 3 : up ? 2 : 1.4);
        rx_attr(ln, "class", down ? "step regression" : up ? "step up" : "step same");
        if (down)
            rx_attr(svg_bold(svg_text(g, (xa + xb) / 2, my - 5, "\u25BC", 11, SVG_MIDDLE, C_DOWN)), "class",
                    "regression-mark");
        else if (up)
            svg_text(g, (xa + xb) / 2, my - 5, "\u25B2", 9, SVG_MIDDLE, C_UP);
    }
}

/* The practice's level in assessment j: the number in a circle whose fill
 * is the scope (a red ring for a regression), "n/a" or "–". */
static void history_point(History *h, xmlNodePtr g, const MNode *n, int j, double my)
{
    Chart *c = h->c;
    Session *s = c->s;
    const AssessResult *ar = h->chain.v[j];
    const PracticeResult *pr = &ar->practices[n->practice];
    double x = column_x(h, j);
    xmlNodePtr cg = svg_group(g, arena_printf(s->arena, "point%s", pr->regression ? " regression" : ""));
    const char *date = report_date(s, ar->a->ast->date);
    const char *when = date ? date : ar->a->name;
    if (pr->status == ST_NOT_APPLICABLE || !pr->assessed) {
        bool na = pr->status == ST_NOT_APPLICABLE;
        svg_tip(cg, arena_printf(s->arena, "%s, %s: %s", svg_user(c, n), when, na ? "not applicable" : "not assessed"));
        svg_text(cg, x, my + 4, na ? "n/a" : "\u2013", 11, SVG_MIDDLE, C_MUTED);
        return;
    }
    svg_tip(cg, arena_printf(s->arena, "%s, %s: %s%s", svg_user(c, n), when,
                             svg_level_scope(s, pr->current_c, pr->current_s),
                             pr->regression ? arena_printf(s->arena, " \u2014 regression from %s",
                                                           svg_level_scope(s, pr->previous_c, pr->previous_s))
                                            : ""));
    const char *fill = pr->current_s == SCOPE_SYSTEM     ? "#4b5563"
                       : pr->current_s == SCOPE_INDUSTRY ? svg_url(c, "hatch")
                                                         : "#ffffff";
    xmlNodePtr ci = rx_el(cg, "circle");
    rx_num(ci, "cx", x);
    rx_num(ci, "cy", my);
    rx_num(ci, "r", 11);
    rx_attr(ci, "fill", fill);
    rx_attr(ci, "stroke", pr->regression ? C_DOWN : "#4b5563");
    rx_num(ci, "stroke-width", pr->regression ? 2.6 : 1.4);
    rx_attr(ci, "class", arena_printf(s->arena, "level scope-%s", scope_name(pr->current_s)));
    xmlNodePtr t = svg_bold(svg_text(cg, x, my + 4.5, arena_printf(s->arena, "%d", pr->current_c), 12.5, SVG_MIDDLE,
                                     pr->current_s == SCOPE_SYSTEM ? "#ffffff" : NULL));
    if (pr->current_s == SCOPE_INDUSTRY) {
        /* a white halo keeps the digit legible over the hatching */
        rx_attr(t, "stroke", "#ffffff");
        rx_attr(t, "stroke-width", "3.5");
        rx_attr(t, "paint-order", "stroke");
    }
}

/* A practice row: its name, the steps and points, and the current target
 * coloured by the latest gap; returns its height. */
static double history_row(History *h, xmlNodePtr body, const MNode *n, double y)
{
    Chart *c = h->c;
    Session *s = c->s;
    const char *lines[2];
    int nl = report_wrap(s, svg_user(c, n), h->lw - history_ind[MN_PRACTICE] - 6, 12, 2, lines);
    const double rh = 34, my = y + rh / 2;
    xmlNodePtr g = svg_group(body, "practice");
    rx_attr(g, "data-practice", n->id);
    svg_tip(g, svg_user(c, n));
    svg_line(g, h->pad, y + rh, h->width - h->pad, y + rh, C_GRID, 0.6);
    svg_lines(g, h->pad + 8, my + 4.5 - (nl - 1) * 7, lines, nl, 12, 14, SVG_START, NULL);
    history_steps(h, g, n->practice, my);
    for (int j = 0; j < h->k; j++)
        history_point(h, g, n, j, my);
    const PracticeResult *lp = &((const AssessResult *)h->chain.v[h->k - 1])->practices[n->practice];
    double tx = column_x(h, h->k);
    if (lp->status == ST_NOT_APPLICABLE) {
        svg_text(g, tx, my + 4, "n/a", 11, SVG_MIDDLE, C_MUTED);
        return rh;
    }
    int cls = gap_class(lp), ci = cls < 0 ? 3 : cls;
    xmlNodePtr tg = svg_group(g, arena_printf(s->arena, "target gap-%s", report_class_name(cls)));
    rx_attr(svg_rect(tg, tx - 40, my - 11, 80, 22, svg_cls_color[ci].fill, svg_cls_color[ci].stroke), "rx", "11");
    svg_text(tg, tx, my + 4, svg_level_scope(s, lp->target_c, lp->target_s), 11, SVG_MIDDLE, svg_cls_color[ci].text);
    return rh;
}

static double history_legend(History *h, double y)
{
    Chart *c = h->c;
    Legend l = svg_legend(c, h->pad, y, h->width - 2 * h->pad);
    static const char *const words[] = {"general", "industry", "system"};
    const char *fills[] = {"#ffffff", svg_url(c, "hatch"), "#4b5563"};
    for (int sc = 0; sc < 3; sc++) {
        xmlNodePtr kg = svg_legend_key(&l, 20, words[sc], arena_printf(c->s->arena, "legend scope-%s", words[sc]));
        xmlNodePtr ci = rx_el(kg, "circle");
        rx_num(ci, "cx", l.x + 11);
        rx_num(ci, "cy", l.y - 4);
        rx_num(ci, "r", 9);
        rx_attr(ci, "fill", fills[sc]);
        rx_attr(ci, "stroke", "#4b5563");
        l.x += 26 + report_text_width(words[sc], 11) + 16;
    }
    svg_legend_line(&l, C_UP, 2, NULL, NULL, "improved", "legend up");
    svg_legend_line(&l, C_DOWN, 3, NULL, "\u25BC", "regression", "legend regression");
    svg_legend_words(&l, "\u2013 not assessed");
    svg_legend_row(&l, 20);
    return svg_legend_note(&l,
                           "The number is the comprehensiveness level (0\u20134); the fill is the scope. The Target "
                           "column is coloured by the latest assessment's gap (green none, yellow 1, red 2+).",
                           2);
}

void svg_history(Chart *c)
{
    const Model *m = c->m;
    History h = {.c = c, .pad = 16, .colw = 104};
    report_history(c->r, &h.chain);
    h.k = (int)h.chain.n;
    h.lw = svg_label_width(m, history_ind, 200, 300);
    h.x0 = h.pad + h.lw;
    h.width = h.x0 + h.k * h.colw + h.colw + h.pad;
    svg_heading(c, h.width);
    svg_hatch(c, "hatch", "#7d8791", "#ffffff", 4, 1.4);

    double y = c->top + 8;
    history_header(&h, y);
    y += 46;
    svg_line(c->svg, h.pad, y, h.width - h.pad, y, C_GRID, 1);
    xmlNodePtr body = svg_group(c->svg, "rows");
    for (int i = 0; i < m->nnodes; i++) {
        const MNode *n = &m->nodes[i];
        if (n->kind == MN_PRACTICE) {
            y += history_row(&h, body, n, y);
        } else if (n->kind == MN_DIMENSION) {
            y += 4;
            xmlNodePtr g = svg_group(body, "dimension");
            rx_attr(g, "data-node", n->id);
            svg_rect(g, h.pad, y, h.width - 2 * h.pad, 24, C_BAND, NULL);
            rx_attr(svg_text(g, h.pad + 8, y + 16.5, svg_user(c, n), 13, SVG_START, NULL), "font-weight", "700");
            y += 24;
        }
    }
    vec_free(&h.chain);
    svg_finish(c, h.width, history_legend(&h, y + 26) + 8);
}
