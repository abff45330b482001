/*
 * report_svg.c — the gap pictures of the IIC SMM paper (Figure 10) and the
 * history as SVG: the drawing helpers and legends every chart shares.  The
 * charts themselves are one file each (see report_svg.h), and
 * report_charts.c, which calls them, holds the entry points:
 *
 *   heat map  a compact grid: practices grouped by dimension and domain,
 *             two cells per practice (comprehensiveness gap, scope gap);
 *             green 0, yellow 1, red ≥ 2, n/a grey and hatched; the
 *             numbers are printed in the cells
 *   bars      target and current comprehensiveness per practice, with the
 *             domain and dimension roll-ups; the fill shows the scope:
 *             general empty, industry hatched, system filled; n/a in words
 *   radar     target and current polygons over the practices; the marker
 *             shape shows the scope (circle, triangle, square)
 *   history   each practice's level across the dated assessments of one
 *             target, regressions in red with a ▼
 *
 * Layout is computed from the model (any number of practices, any title
 * length): long labels wrap or are shortened with an ellipsis, and every
 * mark carries a <title> with the full text.  Colour is never the only
 * signal: numbers, words, patterns and marker shapes carry the same facts.
 * Every element that tests look for has a class: `cell gap-red`, `bar
 * target scope-industry`, `marker current scope-system`, `regression`, and
 * practice groups carry `data-practice="ID"`.  User-written text (titles)
 * is isolated against bidi reordering (report_isolate).
 */
#include "report_svg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const SvgColors svg_cls_color[4] = {
    {"#9fd8ac", "#4f9d63", "#0d3b1c"}, /* green */
    {"#ffdf7e", "#c9a227", "#4a3800"}, /* yellow */
    {"#f2918a", "#c4302b", "#5a0c08"}, /* red */
    {"#eceff2", "#b6bec7", "#59636e"}, /* n/a */
};

/* ---------------------------------------------------------------- drawing helpers */

const char *svg_cid(Chart *c, const char *suffix)
{
    return arena_printf(c->s->arena, "%s.%s", c->id, suffix);
}

const char *svg_url(Chart *c, const char *suffix)
{
    return arena_printf(c->s->arena, "url(#%s.%s)", c->id, suffix);
}

xmlNodePtr svg_group(xmlNodePtr parent, const char *cls)
{
    xmlNodePtr g = rx_el(parent, "g");
    rx_attr(g, "class", cls);
    return g;
}

/* A tooltip: the first child of the element it describes. */
void svg_tip(xmlNodePtr el, const char *text)
{
    xmlNodePtr t = rx_text_el(el, "title", text);
    if (el->children != t) {
        xmlUnlinkNode(t);
        xmlAddPrevSibling(el->children, t);
    }
}

xmlNodePtr svg_rect(xmlNodePtr p, double x, double y, double w, double h, const char *fill,
                       const char *stroke)
{
    xmlNodePtr e = rx_el(p, "rect");
    rx_num(e, "x", x);
    rx_num(e, "y", y);
    rx_num(e, "width", w);
    rx_num(e, "height", h);
    rx_attr(e, "fill", fill);
    if (stroke)
        rx_attr(e, "stroke", stroke);
    return e;
}

xmlNodePtr svg_line(xmlNodePtr p, double x1, double y1, double x2, double y2, const char *stroke,
                       double width)
{
    xmlNodePtr e = rx_el(p, "line");
    rx_num(e, "x1", x1);
    rx_num(e, "y1", y1);
    rx_num(e, "x2", x2);
    rx_num(e, "y2", y2);
    rx_attr(e, "stroke", stroke);
    rx_num(e, "stroke-width", width);
    return e;
}

xmlNodePtr svg_text(xmlNodePtr p, double x, double y, const char *s, double size, int anchor,
                       const char *fill)
{
    xmlNodePtr e = rx_text_el(p, "text", s);
    rx_num(e, "x", x);
    rx_num(e, "y", y);
    rx_num(e, "font-size", size);
    if (anchor != SVG_START)
        rx_attr(e, "text-anchor", anchor == SVG_MIDDLE ? "middle" : "end");
    if (fill && strcmp(fill, C_TEXT))
        rx_attr(e, "fill", fill);
    return e;
}

xmlNodePtr svg_bold(xmlNodePtr e)
{
    rx_attr(e, "font-weight", "600");
    return e;
}

/* Lines of a wrapped label, first baseline at y. */
void svg_lines(xmlNodePtr p, double x, double y, const char *const *lines, int n, double size,
                       double leading, int anchor, const char *fill)
{
    for (int i = 0; i < n; i++)
        svg_text(p, x, y + i * leading, lines[i], size, anchor, fill);
}

/* A hatch pattern: diagonal strokes of `color` over `bg`. */
void svg_hatch(Chart *c, const char *suffix, const char *color, const char *bg, double gap, double width)
{
    xmlNodePtr p = rx_el(c->defs, "pattern");
    rx_attr(p, "id", svg_cid(c, suffix));
    rx_attr(p, "patternUnits", "userSpaceOnUse");
    rx_num(p, "width", gap);
    rx_num(p, "height", gap);
    rx_attr(p, "patternTransform", "rotate(45)");
    svg_rect(p, 0, 0, gap, gap, bg, NULL);
    svg_line(p, 0, 0, 0, gap, color, width);
}

const char *svg_user(Chart *c, const MNode *n)
{
    return report_isolate(c->s, report_title(n));
}

const char *svg_level_scope(Session *s, int lc, int ls)
{
    return arena_printf(s->arena, "%d %s", lc, scope_name(ls));
}

/* "2" for the min roll-up, "2.5" for a mean. */
const char *svg_rollup_num(Session *s, double v)
{
    long t = (long)(v * 10 + 0.5);
    return t % 10 ? arena_printf(s->arena, "%ld.%ld", t / 10, t % 10) : arena_printf(s->arena, "%ld", t / 10);
}

const RollUp *svg_rollup_of(const AssessResult *r, int node)
{
    for (int i = 0; i < r->nrollups; i++)
        if (r->rollups[i].node == node)
            return &r->rollups[i];
    return NULL;
}

/* The width of the label column: the widest title of any node at its
 * indent (ind[kind]) and size (dimensions 13 px bold, domains 12 px
 * semibold, practices 12 px), clamped to [lo, hi]; longer titles wrap or
 * are shortened. */
double svg_label_width(const Model *m, const double ind[3], double lo, double hi)
{
    double w = lo;
    for (int i = 0; i < m->nnodes; i++) {
        const MNode *n = &m->nodes[i];
        if (ind[n->kind] < 0)
            continue; /* a kind the chart does not label */
        double size = n->kind == MN_DIMENSION ? 13 : 12;
        double t = report_text_width(report_title(n), size) * (n->kind == MN_PRACTICE ? 1 : BOLD) + ind[n->kind] + 10;
        if (t > w)
            w = t;
    }
    return w > hi ? hi : w;
}

/* One-line description of a practice's state, for tooltips. */
const char *svg_practice_tip(Session *s, const AssessResult *r, const PracticeResult *pr)
{
    const MNode *n = &r->model->nodes[pr->node];
    const char *cur = pr->status == ST_NOT_APPLICABLE ? "not applicable"
                      : !pr->assessed                ? "not assessed (counts as 0 general)"
                                                     : svg_level_scope(s, pr->current_c, pr->current_s);
    if (pr->status == ST_NOT_APPLICABLE)
        return arena_printf(s->arena, "%s (%s): not applicable", report_isolate(s, report_title(n)), n->id);
    return arena_printf(s->arena, "%s (%s): target %d %s, current %s; gap %d comprehensiveness, %d scope; %s%s",
                        report_isolate(s, report_title(n)), n->id, pr->target_c, scope_name(pr->target_s), cur, pr->gap_c,
                        pr->gap_s, report_status_text(pr->status), pr->regression ? ", regression" : "");
}

/* A standalone SVG gets a white page and a heading naming the assessment. */
void svg_heading(Chart *c, double width)
{
    if (!c->standalone)
        return;
    Session *s = c->s;
    const Assessment *a = c->r->a;
    svg_bold(svg_text(c->svg, 16, 28, report_chart_title(c->kind), 17, SVG_START, NULL));
    const char *date = report_date(s, a->ast->date);
    const char *sub = arena_printf(s->arena, "%s%s%s \u2014 target %s", report_isolate(s, a->ast->title ? a->ast->title : a->name),
                                   date ? ", " : "", date ? date : "", report_target_name(s, a));
    const char *l[1];
    report_wrap(s, sub, width - 32, 12, 1, l);
    svg_text(c->svg, 16, 48, l[0], 12, SVG_START, C_MUTED);
    c->top = 64;
}

void svg_finish(Chart *c, double w, double h)
{
    w = ceil(w);
    h = ceil(h);
    rx_num(c->svg, "width", w);
    rx_num(c->svg, "height", h);
    rx_attrf(c->svg, "viewBox", "0 0 %.0f %.0f", w, h);
    if (c->standalone) {
        /* a white page under everything, right after <defs> */
        xmlNodePtr bg = svg_rect(c->svg, 0, 0, w, h, "#ffffff", NULL);
        xmlUnlinkNode(bg);
        xmlAddNextSibling(c->defs, bg);
    }
    if (!c->defs->children) {
        xmlUnlinkNode(c->defs);
        xmlFreeNode(c->defs);
        c->defs = NULL;
    }
}

/* A scope marker centred on (x, y): circle (general), triangle (industry),
 * square (system). */
xmlNodePtr svg_marker(xmlNodePtr p, double x, double y, double r, int scope, const char *fill,
                         const char *stroke, double sw)
{
    xmlNodePtr e;
    if (scope == SCOPE_GENERAL) {
        e = rx_el(p, "circle");
        rx_num(e, "cx", x);
        rx_num(e, "cy", y);
        rx_num(e, "r", r);
    } else if (scope == SCOPE_INDUSTRY) {
        double k = r * 1.3;
        e = rx_el(p, "polygon");
        rx_attrf(e, "points", "%.1f,%.1f %.1f,%.1f %.1f,%.1f", x, y - k, x + k * 0.94, y + k * 0.62, x - k * 0.94,
                 y + k * 0.62);
    } else {
        double k = r * 0.9;
        e = rx_el(p, "rect");
        rx_num(e, "x", x - k);
        rx_num(e, "y", y - k);
        rx_num(e, "width", 2 * k);
        rx_num(e, "height", 2 * k);
    }
    rx_attr(e, "fill", fill);
    rx_attr(e, "stroke", stroke);
    rx_num(e, "stroke-width", sw);
    return e;
}

/* ---------------------------------------------------------------- legends */

Legend svg_legend(Chart *c, double x, double y, double width)
{
    Legend l = {c, svg_group(c->svg, "legend"), x, x, y, width};
    return l;
}

void svg_legend_swatch(Legend *l, const char *fill, const char *stroke, const char *mark, const char *words,
                       const char *cls)
{
    xmlNodePtr g = svg_legend_key(l, 26, words, cls);
    svg_rect(g, l->x, l->y - 11, 26, 15, fill, stroke);
    if (mark)
        svg_bold(svg_text(g, l->x + 13, l->y, mark, 11, SVG_MIDDLE, NULL));
    l->x += 32 + report_text_width(words, 11) + 18;
}

void svg_legend_line(Legend *l, const char *stroke, double width, const char *dash, const char *mark,
                     const char *words, const char *cls)
{
    xmlNodePtr g = svg_legend_key(l, 28, words, cls);
    xmlNodePtr ln = svg_line(g, l->x, l->y - 4, l->x + 28, l->y - 4, stroke, width);
    if (dash)
        rx_attr(ln, "stroke-dasharray", dash);
    if (mark)
        svg_bold(svg_text(g, l->x + 14, l->y - 8, mark, 10, SVG_MIDDLE, stroke));
    l->x += 34 + report_text_width(words, 11) + 18;
}

xmlNodePtr svg_legend_key(Legend *l, double w, const char *words, const char *cls)
{
    xmlNodePtr g = cls ? svg_group(l->g, cls) : l->g;
    svg_text(g, l->x + w + 6, l->y, words, 11, SVG_START, C_MUTED);
    return g;
}

void svg_legend_words(Legend *l, const char *words)
{
    svg_text(l->g, l->x, l->y, words, 11, SVG_START, C_MUTED);
    l->x += report_text_width(words, 11) + 10;
}

void svg_legend_row(Legend *l, double dy)
{
    l->x = l->x0;
    l->y += dy;
}

double svg_legend_note(Legend *l, const char *text, int maxlines)
{
    const char *lines[4];
    /* a little narrower than the legend: report_text_width is an estimate */
    int n = report_wrap(l->c->s, text, l->width * 0.96, 11, maxlines > 4 ? 4 : maxlines, lines);
    svg_lines(l->g, l->x0, l->y, lines, n, 11, 15, SVG_START, C_MUTED);
    l->y += 15 * n;
    return l->y;
}

const char *report_chart_title(ReportChart c)
{
    static const char *const titles[CHART_COUNT] = {
        "Gap heat map", "Target and current comprehensiveness", "Maturity radar", "Progress over time"};
    return titles[c];
}
