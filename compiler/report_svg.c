/*
 * report_svg.c — the gap pictures of the IIC SMM paper (Figure 10) and the
 * history, as SVG trees built with libxml2 (well-formed and escaped by
 * construction):
 *
 *   heat map  practices grouped by dimension and domain × {comprehensiveness
 *             gap, scope gap}; green 0, yellow 1, red ≥ 2, n/a grey and
 *             hatched; the numbers are printed in the cells
 *   bars      target and current comprehensiveness per practice, with the
 *             domain and dimension roll-ups; the fill shows the scope:
 *             general empty, industry hatched, system filled
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
 * practice groups carry `data-practice="ID"`.
 */
#include "report.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define SVG_NS "http://www.w3.org/2000/svg"
#define FONT_STACK                                                                                  \
    "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Liberation Sans', "  \
    "'DejaVu Sans', sans-serif"

/* The palette: gap classes after the seed's red/yellow/green, series in a
 * blue/orange pair that colour-blind readers can tell apart. */
#define C_TEXT "#1f2328"
#define C_MUTED "#59636e"
#define C_GRID "#d8dee4"
#define C_BAND "#eef1f5"
#define C_BAND2 "#f7f8fa"
#define C_TARGET "#2b5aa8"
#define C_TARGET_DARK "#1d3f78"
#define C_CURRENT "#d9730d"
#define C_CURRENT_DARK "#9c4f05"
#define C_UP "#2f8a4a"
#define C_DOWN "#c4302b"

static const struct {
    const char *fill, *stroke, *text;
} cls_color[4] = {
    {"#9fd8ac", "#4f9d63", "#0d3b1c"}, /* green */
    {"#ffdf7e", "#c9a227", "#4a3800"}, /* yellow */
    {"#f2918a", "#c4302b", "#5a0c08"}, /* red */
    {"#eceff2", "#b6bec7", "#59636e"}, /* n/a */
};

/* Bold text runs wider than the regular widths report_text_width knows. */
#define BOLD 1.12

typedef struct Chart {
    Session *s;
    const AssessResult *r;
    const Model *m;
    ReportChart kind;
    const char *id; /* "smm.heatmap" */
    xmlNodePtr svg, defs;
    bool standalone;
    double top;     /* y where the chart body starts (below a standalone heading) */
} Chart;

/* ---------------------------------------------------------------- drawing helpers */

static const char *cid(Chart *c, const char *suffix)
{
    return arena_printf(c->s->arena, "%s.%s", c->id, suffix);
}

static const char *url(Chart *c, const char *suffix)
{
    return arena_printf(c->s->arena, "url(#%s.%s)", c->id, suffix);
}

static xmlNodePtr group(xmlNodePtr parent, const char *cls)
{
    xmlNodePtr g = rx_el(parent, "g");
    rx_attr(g, "class", cls);
    return g;
}

/* A tooltip: the first child of the element it describes. */
static void tip(xmlNodePtr el, const char *text)
{
    xmlNodePtr t = rx_text_el(el, "title", text);
    if (el->children != t) {
        xmlUnlinkNode(t);
        xmlAddPrevSibling(el->children, t);
    }
}

static xmlNodePtr rect(xmlNodePtr p, double x, double y, double w, double h, const char *fill,
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

static xmlNodePtr line(xmlNodePtr p, double x1, double y1, double x2, double y2, const char *stroke,
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

enum { A_START, A_MIDDLE, A_END };

static xmlNodePtr text(xmlNodePtr p, double x, double y, const char *s, double size, int anchor,
                       const char *fill)
{
    xmlNodePtr e = rx_text_el(p, "text", s);
    rx_num(e, "x", x);
    rx_num(e, "y", y);
    rx_num(e, "font-size", size);
    if (anchor != A_START)
        rx_attr(e, "text-anchor", anchor == A_MIDDLE ? "middle" : "end");
    if (fill && strcmp(fill, C_TEXT))
        rx_attr(e, "fill", fill);
    return e;
}

static xmlNodePtr bold(xmlNodePtr e)
{
    rx_attr(e, "font-weight", "600");
    return e;
}

/* Lines of a wrapped label, first baseline at y. */
static void text_lines(xmlNodePtr p, double x, double y, const char *const *lines, int n, double size,
                       double leading, int anchor, const char *fill)
{
    for (int i = 0; i < n; i++)
        text(p, x, y + i * leading, lines[i], size, anchor, fill);
}

/* A hatch pattern: diagonal strokes of `color` over `bg`. */
static void hatch(Chart *c, const char *suffix, const char *color, const char *bg, double gap, double width)
{
    xmlNodePtr p = rx_el(c->defs, "pattern");
    rx_attr(p, "id", cid(c, suffix));
    rx_attr(p, "patternUnits", "userSpaceOnUse");
    rx_num(p, "width", gap);
    rx_num(p, "height", gap);
    rx_attr(p, "patternTransform", "rotate(45)");
    rect(p, 0, 0, gap, gap, bg, NULL);
    line(p, 0, 0, 0, gap, color, width);
}

static const char *level_scope(Session *s, int lc, int ls)
{
    return arena_printf(s->arena, "%d %s", lc, scope_name(ls));
}

/* "2" for the min roll-up, "2.5" for a mean. */
static const char *rollup_num(Session *s, double v)
{
    long t = (long)(v * 10 + 0.5);
    return t % 10 ? arena_printf(s->arena, "%ld.%ld", t / 10, t % 10) : arena_printf(s->arena, "%ld", t / 10);
}

static const RollUp *rollup_of(const AssessResult *r, int node)
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
static double label_width(const Model *m, const double ind[3], double lo, double hi)
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
static const char *practice_tip(Session *s, const AssessResult *r, const PracticeResult *pr)
{
    const MNode *n = &r->model->nodes[pr->node];
    const char *cur = pr->status == ST_NOT_APPLICABLE ? "not applicable"
                      : !pr->assessed                ? "not assessed (counts as 0 general)"
                                                     : level_scope(s, pr->current_c, pr->current_s);
    if (pr->status == ST_NOT_APPLICABLE)
        return arena_printf(s->arena, "%s (%s): not applicable", report_title(n), n->id);
    return arena_printf(s->arena, "%s (%s): target %d %s, current %s; gap %d comprehensiveness, %d scope; %s%s",
                        report_title(n), n->id, pr->target_c, scope_name(pr->target_s), cur, pr->gap_c,
                        pr->gap_s, report_status_text(pr->status), pr->regression ? ", regression" : "");
}

/* The <svg> element with its accessible name and description; the size is
 * set by finish() once the layout is known. */
static void begin(Chart *c, xmlDocPtr doc, xmlNodePtr parent)
{
    Session *s = c->s;
    c->id = arena_printf(s->arena, "smm.%s", report_chart_name(c->kind));
    if (parent) {
        c->svg = rx_el(parent, "svg");
        xmlNsPtr ns = xmlNewNs(c->svg, (const xmlChar *)SVG_NS, NULL);
        if (!ns)
            smm_fatal_oom();
        xmlSetNs(c->svg, ns);
    } else {
        c->svg = xmlNewDocNode(doc, NULL, (const xmlChar *)"svg", NULL);
        if (!c->svg)
            smm_fatal_oom();
        xmlDocSetRootElement(doc, c->svg);
        xmlNsPtr ns = xmlNewNs(c->svg, (const xmlChar *)SVG_NS, NULL);
        if (!ns)
            smm_fatal_oom();
        xmlSetNs(c->svg, ns);
    }
    c->standalone = parent == NULL;
    rx_attr(c->svg, "id", c->id);
    rx_attr(c->svg, "class", arena_printf(s->arena, "smm-chart smm-%s", report_chart_name(c->kind)));
    rx_attr(c->svg, "role", "img");
    rx_attr(c->svg, "aria-labelledby", arena_printf(s->arena, "%s.title %s.desc", c->id, c->id));
    rx_attr(c->svg, "font-family", FONT_STACK);
    rx_attr(c->svg, "font-size", "12");
    rx_attr(c->svg, "fill", C_TEXT);
    xmlNodePtr t = rx_text_el(c->svg, "title", report_chart_title(c->kind));
    rx_attr(t, "id", cid(c, "title"));
    xmlNodePtr d = rx_text_el(c->svg, "desc", report_chart_summary(s, c->r, c->kind));
    rx_attr(d, "id", cid(c, "desc"));
    c->defs = rx_el(c->svg, "defs");
    c->top = 8;
}

/* A standalone SVG gets a white page and a heading naming the assessment. */
static void heading(Chart *c, double width)
{
    if (!c->standalone)
        return;
    Session *s = c->s;
    const Assessment *a = c->r->a;
    bold(text(c->svg, 16, 28, report_chart_title(c->kind), 17, A_START, NULL));
    const char *date = report_date(s, a->ast->date);
    const char *sub = arena_printf(s->arena, "%s%s%s \u2014 target %s", a->ast->title ? a->ast->title : a->name,
                                   date ? ", " : "", date ? date : "", report_target_name(s, a));
    const char *l[1];
    report_wrap(s, sub, width - 32, 12, 1, l);
    text(c->svg, 16, 48, l[0], 12, A_START, C_MUTED);
    c->top = 64;
}

static void finish(Chart *c, double w, double h)
{
    w = ceil(w);
    h = ceil(h);
    rx_num(c->svg, "width", w);
    rx_num(c->svg, "height", h);
    rx_attrf(c->svg, "viewBox", "0 0 %.0f %.0f", w, h);
    if (c->standalone) {
        /* a white page under everything, right after <defs> */
        xmlNodePtr bg = rect(c->svg, 0, 0, w, h, "#ffffff", NULL);
        xmlUnlinkNode(bg);
        xmlAddNextSibling(c->defs, bg);
    }
    if (!c->defs->children) {
        xmlUnlinkNode(c->defs);
        xmlFreeNode(c->defs);
        c->defs = NULL;
    }
}

/* A legend swatch followed by its words; returns the x after it. */
static double legend_item(xmlNodePtr p, double x, double y, const char *fill, const char *stroke,
                          const char *mark, const char *words, const char *cls)
{
    xmlNodePtr g = group(p, cls);
    rect(g, x, y - 11, 26, 15, fill, stroke);
    if (mark)
        bold(text(g, x + 13, y, mark, 11, A_MIDDLE, NULL));
    text(g, x + 32, y, words, 11, A_START, C_MUTED);
    return x + 32 + report_text_width(words, 11) + 18;
}

/* ---------------------------------------------------------------- heat map */

typedef struct {
    const char *label;
    double w;
} Col;

static void heat_cell(Chart *c, xmlNodePtr row, double x, double y, double w, double h,
                      const PracticeResult *pr, int gap, const char *axis)
{
    Session *s = c->s;
    int cls = report_axis_class(pr, gap);
    xmlNodePtr g = group(row, arena_printf(s->arena, "cell %s gap-%s", axis, report_class_name(cls)));
    const MNode *n = &c->m->nodes[pr->node];
    if (cls < 0) {
        tip(g, arena_printf(s->arena, "%s: not applicable", report_title(n)));
        rect(g, x + 2, y + 2, w - 4, h - 4, url(c, "na"), cls_color[3].stroke);
        bold(text(g, x + w / 2, y + h / 2 + 4, "n/a", 11, A_MIDDLE, cls_color[3].text));
        return;
    }
    const char *what = !strcmp(axis, "comp") ? "comprehensiveness" : "scope";
    const char *num = gap < 0 ? arena_printf(s->arena, "\u2212%d", -gap) : arena_printf(s->arena, "%d", gap);
    tip(g, arena_printf(s->arena, "%s: %s gap %s%s", report_title(n), what, num,
                        gap < 0 ? " (above target)" : !pr->assessed ? " (not assessed: counts as 0 general)" : ""));
    xmlNodePtr box = rect(g, x + 2, y + 2, w - 4, h - 4, cls_color[cls].fill, cls_color[cls].stroke);
    rx_attr(box, "rx", "3");
    if (!pr->assessed) {
        /* unknown rather than measured: paler, with a dashed edge */
        rx_attr(box, "fill-opacity", "0.45");
        rx_attr(box, "stroke-dasharray", "4 2");
    }
    bold(text(g, x + w / 2, y + h / 2 + 4.5, num, 13, A_MIDDLE, cls_color[cls].text));
}

static void chart_heatmap(Chart *c)
{
    Session *s = c->s;
    const Model *m = c->m;
    const AssessResult *r = c->r;
    const double pad = 16, fs = 12;
    static const double ind[3] = {8, 16, 28};
    double lw = label_width(m, ind, 220, 340);
    Col cols[] = {{"Target", 92}, {"Current", 100}, {"Compr. gap", 84}, {"Scope gap", 84}, {"Status", 120}};
    enum { NCOLS = sizeof cols / sizeof cols[0] };
    double width = pad + lw;
    for (int i = 0; i < NCOLS; i++)
        width += cols[i].w;
    width += pad;
    heading(c, width);
    hatch(c, "na", cls_color[3].stroke, cls_color[3].fill, 6, 1.2);

    double y = c->top + 8;
    /* column headers */
    xmlNodePtr head = group(c->svg, "header");
    double x = pad + lw;
    for (int i = 0; i < NCOLS; i++) {
        bold(text(head, x + cols[i].w / 2, y + 12, cols[i].label, 11, A_MIDDLE, C_MUTED));
        x += cols[i].w;
    }
    bold(text(head, pad + 8, y + 12, "Practice", 11, A_START, C_MUTED));
    y += 20;
    line(c->svg, pad, y, width - pad, y, C_GRID, 1);

    xmlNodePtr body = group(c->svg, "rows");
    for (int i = 0; i < m->nnodes; i++) {
        const MNode *n = &m->nodes[i];
        if (n->kind != MN_PRACTICE) {
            bool dim = n->kind == MN_DIMENSION;
            const char *l[2];
            int nl = report_wrap(s, report_title(n), (lw - ind[n->kind] - 6) / BOLD, dim ? 13 : 12, 2, l);
            double h = (dim ? 28 : 24) + (nl - 1) * 15;
            if (dim)
                y += 4;
            xmlNodePtr g = group(body, dim ? "dimension" : "domain");
            rx_attr(g, "data-node", n->id);
            rect(g, pad, y, width - 2 * pad, h, dim ? C_BAND : C_BAND2, NULL);
            xmlNodePtr tg = group(g, "title");
            rx_attr(tg, "font-weight", dim ? "700" : "600");
            text_lines(tg, pad + ind[n->kind], y + h / 2 + 4.5 - (nl - 1) * 7.5, l, nl, dim ? 13 : 12, 15, A_START, NULL);
            const RollUp *ru = rollup_of(r, i);
            if (ru && ru->counted) {
                tip(g, arena_printf(s->arena, "%s: roll-up (%s) target %s, current %s over %d practice%s",
                                    report_title(n), r->mean ? "mean" : "min", rollup_num(s, ru->target),
                                    rollup_num(s, ru->current), ru->counted, ru->counted == 1 ? "" : "s"));
                double cx = pad + lw;
                text(g, cx + cols[0].w / 2, y + h / 2 + 4.5, rollup_num(s, ru->target), 12, A_MIDDLE, C_MUTED);
                cx += cols[0].w;
                text(g, cx + cols[1].w / 2, y + h / 2 + 4.5, rollup_num(s, ru->current), 12, A_MIDDLE, C_MUTED);
            } else {
                tip(g, report_title(n));
            }
            y += h;
            continue;
        }
        const PracticeResult *pr = &r->practices[n->practice];
        const char *lines[2];
        int nl = report_wrap(s, report_title(n), lw - ind[MN_PRACTICE] - 6, fs, 2, lines);
        double h = nl > 1 ? 38 : 28;
        xmlNodePtr g = group(body, arena_printf(s->arena, "practice status-%s", status_name(pr->status)));
        rx_attr(g, "data-practice", n->id);
        tip(g, practice_tip(s, r, pr));
        line(g, pad, y + h, width - pad, y + h, C_GRID, 0.6);
        text_lines(g, pad + ind[MN_PRACTICE], y + h / 2 + 4.5 - (nl - 1) * 7, lines, nl, fs, 14, A_START,
                   pr->status == ST_NOT_APPLICABLE ? C_MUTED : NULL);
        double cx = pad + lw;
        text(g, cx + cols[0].w / 2, y + h / 2 + 4.5, level_scope(s, pr->target_c, pr->target_s), fs, A_MIDDLE,
             NULL);
        cx += cols[0].w;
        if (pr->status == ST_NOT_APPLICABLE)
            text(g, cx + cols[1].w / 2, y + h / 2 + 4.5, "n/a", fs, A_MIDDLE, C_MUTED);
        else if (!pr->assessed)
            rx_attr(text(g, cx + cols[1].w / 2, y + h / 2 + 4.5, "not assessed", 11, A_MIDDLE, C_MUTED),
                    "font-style", "italic");
        else
            text(g, cx + cols[1].w / 2, y + h / 2 + 4.5, level_scope(s, pr->current_c, pr->current_s), fs,
                 A_MIDDLE, NULL);
        cx += cols[1].w;
        heat_cell(c, g, cx, y, cols[2].w, h, pr, pr->gap_c, "comp");
        cx += cols[2].w;
        heat_cell(c, g, cx, y, cols[3].w, h, pr, pr->gap_s, "scope");
        cx += cols[3].w;
        const char *st = arena_printf(s->arena, "%s %s%s", report_status_symbol(pr->status),
                                      report_status_text(pr->status), pr->regression ? " \u25BC" : "");
        xmlNodePtr t = text(g, cx + 12, y + h / 2 + 4.5, st, 11.5, A_START,
                            pr->status == ST_GAP ? C_TEXT : C_MUTED);
        if (pr->status == ST_GAP)
            bold(t);
        y += h;
    }

    /* legend */
    y += 26;
    xmlNodePtr lg = group(c->svg, "legend");
    double lx = pad;
    lx = legend_item(lg, lx, y, cls_color[0].fill, cls_color[0].stroke, "0", "no gap", "legend gap-green");
    lx = legend_item(lg, lx, y, cls_color[1].fill, cls_color[1].stroke, "1", "gap of one level", "legend gap-yellow");
    lx = legend_item(lg, lx, y, cls_color[2].fill, cls_color[2].stroke, "2+", "gap of two or more",
                     "legend gap-red");
    legend_item(lg, lx, y, url(c, "na"), cls_color[3].stroke, NULL, "not applicable", "legend gap-na");
    y += 22;
    const char *notes[] = {
        "Gap = target \u2212 current, per axis (scope: general < industry < system). \u2212N: above the target.",
        "Pale dashed cell: not assessed, counted as 0 general. Domain and dimension rows: the roll-up of target and "
        "current. Status: \u2713 met, \u2717 gap, \u25B2 over target, ? not "
        "assessed, W waived, \u25BC regression.",
    };
    for (int i = 0; i < 2; i++) {
        const char *l[2];
        int nl = report_wrap(s, notes[i], width - 2 * pad, 11, 2, l);
        text_lines(lg, pad, y, l, nl, 11, 15, A_START, C_MUTED);
        y += 15 * nl + 2;
    }
    finish(c, width, y + 8);
}

/* ---------------------------------------------------------------- bars */

static const char *scope_fill(Chart *c, int scope, bool target)
{
    const char *series = target ? "target" : "current";
    switch (scope) {
    case SCOPE_INDUSTRY: return url(c, arena_printf(c->s->arena, "hatch-%s", series));
    case SCOPE_SYSTEM: return target ? C_TARGET : C_CURRENT;
    default: return "#ffffff";
    }
}

static void bar(Chart *c, xmlNodePtr p, double x0, double unit, double y, double h, int level, int scope,
                bool target)
{
    if (level <= 0)
        return;
    xmlNodePtr b = rect(p, x0, y, unit * level, h, scope_fill(c, scope, target), target ? C_TARGET : C_CURRENT);
    rx_attr(b, "class", arena_printf(c->s->arena, "bar %s scope-%s", target ? "target" : "current",
                                     scope_name(scope)));
    rx_attr(b, "stroke-width", "1.5");
}

static void chart_bars(Chart *c)
{
    Session *s = c->s;
    const Model *m = c->m;
    const AssessResult *r = c->r;
    const double pad = 16, fs = 12, unit = 105;
    static const double ind[3] = {8, 14, 24};
    double lw = label_width(m, ind, 220, 320);
    double x0 = pad + lw + 8, vw = 150;
    double width = x0 + 4 * unit + 16 + vw + pad;
    heading(c, width);
    hatch(c, "hatch-target", C_TARGET, "#ffffff", 5, 2);
    hatch(c, "hatch-current", C_CURRENT, "#ffffff", 5, 2);
    hatch(c, "hatch-key", C_MUTED, "#ffffff", 5, 2);

    double y = c->top + 8;
    xmlNodePtr axis = group(c->svg, "axis");
    for (int l = 0; l <= 4; l++) {
        double x = x0 + l * unit;
        bold(text(axis, x, y + 11, arena_printf(s->arena, "%d", l), 11, A_MIDDLE, C_MUTED));
        text(axis, x, y + 24, report_level_word(l), 10, A_MIDDLE, C_MUTED);
    }
    bold(text(axis, pad + 8, y + 11, "Practice", 11, A_START, C_MUTED));
    bold(text(axis, x0 + 4 * unit + 16, y + 11, "Target / current", 11, A_START, C_MUTED));
    y += 32;
    double body_top = y;
    /* row bands, then the level grid, then the marks */
    xmlNodePtr bands = group(c->svg, "bands");
    xmlNodePtr grid = group(c->svg, "grid");
    xmlNodePtr body = group(c->svg, "rows");
    for (int i = 0; i < m->nnodes; i++) {
        const MNode *n = &m->nodes[i];
        if (n->kind != MN_PRACTICE) {
            bool dim = n->kind == MN_DIMENSION;
            const char *l[2];
            int nl = report_wrap(s, report_title(n), (lw - ind[n->kind] - 6) / BOLD, dim ? 13 : 12, 2, l);
            double h = (dim ? 30 : 26) + (nl - 1) * 15;
            if (dim)
                y += 4;
            xmlNodePtr g = group(body, arena_printf(s->arena, "%s rollup", dim ? "dimension" : "domain"));
            rx_attr(g, "data-node", n->id);
            rect(bands, pad, y, width - 2 * pad, h, dim ? C_BAND : C_BAND2, NULL);
            xmlNodePtr tg = group(g, "title");
            rx_attr(tg, "font-weight", dim ? "700" : "600");
            text_lines(tg, pad + ind[n->kind], y + h / 2 + 4.5 - (nl - 1) * 7.5, l, nl, dim ? 13 : 12, 15, A_START, NULL);
            const RollUp *ru = rollup_of(r, i);
            if (ru && ru->counted) {
                tip(g, arena_printf(s->arena, "%s: roll-up (%s) target %s, current %s", report_title(n),
                                    r->mean ? "mean" : "min", rollup_num(s, ru->target), rollup_num(s, ru->current)));
                double by = y + h / 2 - 5;
                if (ru->target > 0)
                    rx_attr(rect(g, x0, by, unit * ru->target, 4, C_TARGET, NULL), "class", "bar rollup target");
                if (ru->current > 0)
                    rx_attr(rect(g, x0, by + 6, unit * ru->current, 4, C_CURRENT, NULL), "class",
                            "bar rollup current");
                text(g, x0 + 4 * unit + 16, y + h / 2 + 4,
                     arena_printf(s->arena, "%s %s / %s", r->mean ? "mean" : "min", rollup_num(s, ru->target),
                                  rollup_num(s, ru->current)),
                     11, A_START, C_MUTED);
            }
            y += h;
            continue;
        }
        const PracticeResult *pr = &r->practices[n->practice];
        const char *lines[2];
        int nl = report_wrap(s, report_title(n), lw - ind[MN_PRACTICE] - 6, fs, 2, lines);
        double h = 34;
        xmlNodePtr g = group(body, arena_printf(s->arena, "practice status-%s", status_name(pr->status)));
        rx_attr(g, "data-practice", n->id);
        tip(g, practice_tip(s, r, pr));
        text_lines(g, pad + ind[MN_PRACTICE], y + h / 2 + 4.5 - (nl - 1) * 7, lines, nl, fs, 14, A_START,
                   pr->status == ST_NOT_APPLICABLE ? C_MUTED : NULL);
        double vx = x0 + 4 * unit + 16;
        if (pr->status == ST_NOT_APPLICABLE) {
            rect(g, x0, y + 8, 4 * unit, h - 16, url(c, "hatch-key"), NULL);
            rx_attr(g, "opacity", "0.7");
            text(g, vx, y + h / 2 + 4, "n/a (not applicable)", 11, A_START, C_MUTED);
        } else {
            bar(c, g, x0, unit, y + 6, 10, pr->target_c, pr->target_s, true);
            bar(c, g, x0, unit, y + 18, 10, pr->current_c, pr->current_s, false);
            text(g, vx, y + 15, arena_printf(s->arena, "T  %s", level_scope(s, pr->target_c, pr->target_s)), 11,
                 A_START, C_TARGET_DARK);
            const char *cur = pr->assessed ? arena_printf(s->arena, "C  %s", level_scope(s, pr->current_c, pr->current_s))
                                           : "C  not assessed";
            xmlNodePtr ct = text(g, vx, y + 28, cur, 11, A_START, C_CURRENT_DARK);
            if (pr->status == ST_GAP)
                bold(ct);
            if (pr->status == ST_GAP || pr->status == ST_WAIVED) {
                /* the shortfall, drawn where the bars part */
                if (pr->gap_c > 0) {
                    xmlNodePtr gp = line(g, x0 + unit * pr->current_c, y + 23, x0 + unit * pr->target_c, y + 23,
                                         C_DOWN, 1.5);
                    rx_attr(gp, "stroke-dasharray", "3 2");
                    rx_attr(gp, "class", "shortfall");
                }
            }
        }
        y += h;
    }
    /* level grid behind the bars */
    for (int l = 0; l <= 4; l++) {
        xmlNodePtr gl = line(grid, x0 + l * unit, body_top, x0 + l * unit, y, l ? C_GRID : C_MUTED, l ? 1 : 1.2);
        if (l)
            rx_attr(gl, "stroke-dasharray", "2 3");
    }

    y += 28;
    xmlNodePtr lg = group(c->svg, "legend");
    double lx = pad;
    lx = legend_item(lg, lx, y, C_TARGET, NULL, NULL, "target (upper bar)", "legend target");
    lx = legend_item(lg, lx, y, C_CURRENT, NULL, NULL, "current (lower bar)", "legend current");
    xmlNodePtr sf = line(lg, lx, y - 4, lx + 26, y - 4, C_DOWN, 1.5);
    rx_attr(sf, "stroke-dasharray", "3 2");
    text(lg, lx + 32, y, "shortfall", 11, A_START, C_MUTED);
    y += 24;
    lx = pad;
    text(lg, lx, y, "Scope:", 11, A_START, C_MUTED);
    lx += 46;
    lx = legend_item(lg, lx, y, "#ffffff", C_MUTED, NULL, "general (empty)", "legend scope-general");
    lx = legend_item(lg, lx, y, url(c, "hatch-key"), C_MUTED, NULL, "industry (hatched)", "legend scope-industry");
    legend_item(lg, lx, y, C_MUTED, C_MUTED, NULL, "system (filled)", "legend scope-system");
    y += 22;
    const char *l[2];
    int nl = report_wrap(s,
                         r->mean ? "Thin bars in domain and dimension rows: the roll-up (mean of the practices, "
                                   "n/a excluded), which has no scope. Not assessed counts as 0."
                                 : "Thin bars in domain and dimension rows: the roll-up (lowest practice, n/a "
                                   "excluded), which has no scope. Not assessed counts as 0.",
                         width - 2 * pad, 11, 2, l);
    text_lines(lg, pad, y, l, nl, 11, 15, A_START, C_MUTED);
    y += 15 * nl;
    finish(c, width, y + 8);
}

/* ---------------------------------------------------------------- radar */

/* A scope marker centred on (x, y): circle (general), triangle (industry),
 * square (system). */
static xmlNodePtr marker(xmlNodePtr p, double x, double y, double r, int scope, const char *fill,
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

/* A practice's label around the radar: wrapped title lines and a state
 * line, placed at the end of its axis and then moved apart vertically from
 * its neighbours in the same column (left or right) so no two overlap. */
typedef struct RLabel {
    int pi;
    double x, y, want; /* anchor point; y is the block's centre (relative to the centre) */
    double h, w;       /* block height and width */
    int anchor;
    bool fixed;        /* straight above or below the centre: an obstacle that does not move */
    const char *lines[4];
    int nl;
    const char *state;
    int cls;
} RLabel;

static int by_want(const void *x, const void *y)
{
    const RLabel *a = *(RLabel *const *)x, *b = *(RLabel *const *)y;
    if (a->want != b->want)
        return a->want < b->want ? -1 : 1;
    return a->pi - b->pi;
}

/* Spread one column of labels so neighbours keep `gap` between them; the
 * labels at the very top and bottom are in both columns but never move. */
static void spread(RLabel **col, int n, double gap)
{
    if (n < 2)
        return;
    qsort(col, (size_t)n, sizeof *col, by_want);
    for (int iter = 0; iter < 400; iter++) {
        bool moved = false;
        for (int i = 1; i < n; i++) {
            RLabel *a = col[i - 1], *b = col[i];
            double need = (a->h + b->h) / 2 + gap;
            double have = b->y - a->y;
            if (have >= need - 0.05 || (a->fixed && b->fixed))
                continue;
            double push = need - have;
            if (a->fixed)
                b->y += push;
            else if (b->fixed)
                a->y -= push;
            else {
                a->y -= push / 2;
                b->y += push / 2;
            }
            moved = true;
        }
        if (!moved)
            break;
    }
}

static void chart_radar(Chart *c)
{
    Session *s = c->s;
    const Model *m = c->m;
    const AssessResult *r = c->r;
    const int n = m->npractices;
    const double fs = 11, lead = 13.5, lwrap = 140;
    double R = n * 10.5 > 190 ? n * 10.5 : 190;
    double ring = R + 12; /* where labels start */

    /* labels first: their extent decides the size of the picture */
    RLabel *labs = xcalloc((size_t)n + 1, sizeof *labs);
    RLabel **left = xcalloc((size_t)n + 1, sizeof *left), **right = xcalloc((size_t)n + 1, sizeof *right);
    int nleft = 0, nright = 0;
    for (int i = 0; i < n; i++) {
        const PracticeResult *pr = &r->practices[i];
        const MNode *node = &m->nodes[pr->node];
        RLabel *L = &labs[i];
        double a = -M_PI / 2 + 2 * M_PI * i / n, ca = cos(a), sa = sin(a);
        L->pi = i;
        L->nl = report_wrap(s, report_title(node), lwrap, fs, 3, L->lines);
        L->cls = gap_class(pr);
        if (pr->status == ST_NOT_APPLICABLE)
            L->state = "\u2013 n/a";
        else if (!pr->assessed)
            L->state = pr->target_c > 0 ? "? not assessed" : NULL;
        else if (pr->gap_c > 0 || pr->gap_s > 0)
            L->state = arena_printf(s->arena, "%s gap %d%s", pr->status == ST_WAIVED ? "W" : "\u2717",
                                    pr->gap_c > pr->gap_s ? pr->gap_c : pr->gap_s,
                                    pr->gap_c <= 0 ? " (scope)" : pr->status == ST_WAIVED ? ", waived" : "");
        else if (pr->status == ST_OVER_TARGET)
            L->state = "\u25B2 over target";
        int total = L->nl + (L->state != NULL);
        L->h = total * lead;
        for (int k = 0; k < L->nl; k++) {
            double w = report_text_width(L->lines[k], fs);
            L->w = w > L->w ? w : L->w;
        }
        if (L->state && report_text_width(L->state, fs) > L->w)
            L->w = report_text_width(L->state, fs);
        L->x = ring * ca;
        double y = ring * sa;
        if (fabs(ca) < 1e-9) { /* straight up or down: centred, stacked away from the circle */
            L->anchor = A_MIDDLE;
            L->fixed = true;
            L->y = sa < 0 ? y - L->h / 2 - 2 : y + L->h / 2 + 2;
            right[nright++] = L;
            left[nleft++] = L;
        } else {
            L->anchor = ca > 0 ? A_START : A_END;
            L->x += ca > 0 ? 2 : -2;
            L->y = y;
            if (ca > 0)
                right[nright++] = L;
            else
                left[nleft++] = L;
        }
        L->want = L->y;
    }
    spread(right, nright, 5);
    spread(left, nleft, 5);
    /* a label moved up or down keeps clear of the circle */
    for (int i = 0; i < n; i++) {
        RLabel *L = &labs[i];
        if (L->fixed)
            continue;
        double top = L->y - L->h / 2, bottom = L->y + L->h / 2;
        double near = top <= 0 && bottom >= 0 ? 0 : fabs(top) < fabs(bottom) ? fabs(top) : fabs(bottom);
        double clear = near < ring ? sqrt(ring * ring - near * near) + 4 : 0;
        if (fabs(L->x) < clear)
            L->x = L->x < 0 ? -clear : clear;
    }
    double minx = -R, maxx = R, miny = -R, maxy = R;
    for (int i = 0; i < n; i++) {
        const RLabel *L = &labs[i];
        double x0 = L->anchor == A_START ? L->x : L->anchor == A_END ? L->x - L->w : L->x - L->w / 2;
        minx = x0 < minx ? x0 : minx;
        maxx = x0 + L->w > maxx ? x0 + L->w : maxx;
        miny = L->y - L->h / 2 < miny ? L->y - L->h / 2 : miny;
        maxy = L->y + L->h / 2 > maxy ? L->y + L->h / 2 : maxy;
    }
    double half = (-minx > maxx ? -minx : maxx) + 20;
    double width = 2 * half > 600 ? 2 * half : 600;
    heading(c, width);
    double cx = width / 2, cy = c->top + 12 - miny;

    /* dimension sectors, alternately shaded, behind everything */
    xmlNodePtr bg = group(c->svg, "sectors");
    int k = 0;
    for (int i = 0; i < m->nnodes && n >= 3; i++) {
        const MNode *d = &m->nodes[i];
        if (d->kind != MN_DIMENSION || d->npractices == 0)
            continue;
        if (k++ % 2)
            continue;
        double a0 = -M_PI / 2 + 2 * M_PI * (d->first_practice - 0.5) / n;
        double a1 = -M_PI / 2 + 2 * M_PI * (d->first_practice + d->npractices - 0.5) / n;
        xmlNodePtr p = rx_el(bg, "path");
        rx_attrf(p, "d", "M%.1f,%.1f L%.1f,%.1f A%.1f,%.1f 0 %d,1 %.1f,%.1f Z", cx, cy, cx + R * cos(a0),
                 cy + R * sin(a0), R, R, a1 - a0 > M_PI ? 1 : 0, cx + R * cos(a1), cy + R * sin(a1));
        rx_attr(p, "fill", "#f1f3f5");
        rx_attr(p, "data-node", d->id);
        tip(p, report_title(d));
    }
    /* rings and axes */
    xmlNodePtr grid = group(c->svg, "grid");
    for (int l = 1; l <= 4; l++) {
        xmlNodePtr ci = rx_el(grid, "circle");
        rx_num(ci, "cx", cx);
        rx_num(ci, "cy", cy);
        rx_num(ci, "r", R * l / 4);
        rx_attr(ci, "fill", "none");
        rx_attr(ci, "stroke", l == 4 ? "#9aa4ae" : "#c3cbd3");
        if (l < 4)
            rx_attr(ci, "stroke-dasharray", "3 3");
    }
    for (int i = 0; i < n; i++) {
        double a = -M_PI / 2 + 2 * M_PI * i / n;
        const PracticeResult *pr = &r->practices[i];
        xmlNodePtr ax = line(grid, cx, cy, cx + R * cos(a), cy + R * sin(a), "#c3cbd3", 1);
        if (pr->status == ST_NOT_APPLICABLE)
            rx_attr(ax, "stroke-dasharray", "2 3");
    }
    /* level numbers between the first two axes, clear of the markers */
    double la = -M_PI / 2 + M_PI / (n > 1 ? n : 2);
    for (int l = 1; l <= 4; l++) {
        double rr = R * l / 4;
        xmlNodePtr t = text(grid, cx + rr * cos(la), cy + rr * sin(la) + 4, arena_printf(s->arena, "%d", l), 10,
                            A_MIDDLE, C_MUTED);
        rx_attr(t, "class", "ring-label");
        rx_attr(t, "stroke", "#ffffff");
        rx_attr(t, "stroke-width", "3");
        rx_attr(t, "paint-order", "stroke");
    }

    /* the two polygons: n/a practices are skipped, not drawn at 0 */
    for (int series = 0; series < 2; series++) {
        Buf pts = {0};
        for (int i = 0; i < n; i++) {
            const PracticeResult *pr = &r->practices[i];
            if (pr->status == ST_NOT_APPLICABLE)
                continue;
            double a = -M_PI / 2 + 2 * M_PI * i / n;
            double v = (series == 0 ? pr->target_c : pr->current_c) * R / 4;
            buf_printf(&pts, "%s%.1f,%.1f", pts.n ? " " : "", cx + v * cos(a), cy + v * sin(a));
        }
        xmlNodePtr poly = rx_el(c->svg, "polygon");
        rx_attr(poly, "class", series == 0 ? "series target" : "series current");
        rx_attr(poly, "points", pts.n ? buf_cstr(&pts) : "");
        rx_attr(poly, "fill", series == 0 ? C_TARGET : C_CURRENT);
        rx_attr(poly, "fill-opacity", series == 0 ? "0.10" : "0.32");
        rx_attr(poly, "stroke", series == 0 ? C_TARGET : C_CURRENT);
        rx_attr(poly, "stroke-width", "2.2");
        rx_attr(poly, "stroke-linejoin", "round");
        if (series == 0)
            rx_attr(poly, "stroke-dasharray", "7 4");
        buf_free(&pts);
    }

    /* markers and labels, one group per practice */
    xmlNodePtr marks = group(c->svg, "practices");
    for (int i = 0; i < n; i++) {
        const PracticeResult *pr = &r->practices[i];
        const MNode *node = &m->nodes[pr->node];
        const RLabel *L = &labs[i];
        double a = -M_PI / 2 + 2 * M_PI * i / n;
        double ca = cos(a), sa = sin(a);
        xmlNodePtr g = group(marks, arena_printf(s->arena, "practice status-%s", status_name(pr->status)));
        rx_attr(g, "data-practice", node->id);
        tip(g, practice_tip(s, r, pr));
        if (pr->status != ST_NOT_APPLICABLE) {
            if (pr->target_c > 0) {
                double v = pr->target_c * R / 4;
                xmlNodePtr mk = marker(g, cx + v * ca, cy + v * sa, 7, pr->target_s, "#ffffff", C_TARGET, 2);
                rx_attr(mk, "class", arena_printf(s->arena, "marker target scope-%s", scope_name(pr->target_s)));
            }
            if (pr->current_c > 0) {
                double v = pr->current_c * R / 4;
                xmlNodePtr mk = marker(g, cx + v * ca, cy + v * sa, 4.2, pr->current_s, C_CURRENT, C_CURRENT_DARK, 1);
                rx_attr(mk, "class", arena_printf(s->arena, "marker current scope-%s", scope_name(pr->current_s)));
            }
        }
        xmlNodePtr lab = group(g, "label");
        if (fabs(L->y - L->want) > 6) {
            /* moved away from its axis: a leader line keeps the link */
            double ex = cx + (R + 3) * ca, ey = cy + (R + 3) * sa;
            double tx = cx + L->x + (L->anchor == A_START ? -3 : 3), ty = cy + L->y;
            xmlNodePtr ld = line(lab, ex, ey, tx, ty, "#aab4be", 0.8);
            rx_attr(ld, "class", "leader");
        }
        double y0 = cy + L->y - L->h / 2 + lead * 0.75;
        text_lines(lab, cx + L->x, y0, L->lines, L->nl, fs, lead, L->anchor,
                   pr->status == ST_NOT_APPLICABLE ? C_MUTED : NULL);
        if (L->state) {
            bool bad = pr->assessed && (pr->gap_c > 0 || pr->gap_s > 0) && pr->status != ST_WAIVED;
            xmlNodePtr st = text(lab, cx + L->x, y0 + L->nl * lead, L->state, fs - 0.5, L->anchor,
                                 bad ? C_DOWN : C_MUTED);
            if (bad)
                bold(st);
            rx_attr(st, "class", arena_printf(s->arena, "state gap-%s", report_class_name(L->cls)));
        }
    }
    free(labs);
    free(left);
    free(right);

    /* legend */
    double y = cy + maxy + 34;
    xmlNodePtr lg = group(c->svg, "legend");
    double lx = 16;
    xmlNodePtr tl = line(lg, lx, y - 4, lx + 30, y - 4, C_TARGET, 2.2);
    rx_attr(tl, "stroke-dasharray", "7 4");
    text(lg, lx + 36, y, "target", 11, A_START, C_MUTED);
    lx += 36 + report_text_width("target", 11) + 20;
    line(lg, lx, y - 4, lx + 30, y - 4, C_CURRENT, 2.2);
    text(lg, lx + 36, y, "current", 11, A_START, C_MUTED);
    lx += 36 + report_text_width("current", 11) + 26;
    text(lg, lx, y, "Scope:", 11, A_START, C_MUTED);
    lx += 46;
    static const char *const scope_words[] = {"general", "industry", "system"};
    for (int sc = 0; sc < 3; sc++) {
        xmlNodePtr kg = group(lg, arena_printf(s->arena, "legend scope-%s", scope_words[sc]));
        marker(kg, lx + 8, y - 4, 7, sc, "#ffffff", C_TARGET, 2);
        marker(kg, lx + 8, y - 4, 4.2, sc, C_CURRENT, C_CURRENT_DARK, 1);
        text(kg, lx + 22, y, scope_words[sc], 11, A_START, C_MUTED);
        lx += 22 + report_text_width(scope_words[sc], 11) + 18;
    }
    y += 22;
    const char *l[3];
    int nl = report_wrap(s,
                         "Rings are comprehensiveness levels 1\u20134. Hollow markers: target; filled: current. A "
                         "filled marker inside a hollow one of the same shape: level and scope met; a different "
                         "shape: a scope gap. Dotted axis: not applicable.",
                         width - 32, 11, 3, l);
    text_lines(lg, 16, y, l, nl, 11, 15, A_START, C_MUTED);
    y += 15 * nl;
    finish(c, width, y + 8);
}

/* ---------------------------------------------------------------- history */

static void chart_history(Chart *c)
{
    Session *s = c->s;
    const Model *m = c->m;
    Vec chain = {0};
    report_history(c->r, &chain);
    const int k = (int)chain.n;
    const double pad = 16, fs = 12, colw = 104;
    static const double ind[3] = {8, -1, 8};
    double lw = label_width(m, ind, 200, 300);
    double x0 = pad + lw;
    double width = x0 + k * colw + colw + pad;
    heading(c, width);
    hatch(c, "hatch", "#7d8791", "#ffffff", 4, 1.4);

    double y = c->top + 8;
    xmlNodePtr head = group(c->svg, "header");
    for (int j = 0; j < k; j++) {
        const AssessResult *ar = chain.v[j];
        double x = x0 + j * colw + colw / 2;
        const char *date = report_date(s, ar->a->ast->date);
        bold(text(head, x, y + 12, date ? date : "(no date)", 11.5, A_MIDDLE, NULL));
        const char *l[2];
        int nl = report_wrap(s, ar->a->ast->title ? ar->a->ast->title : ar->a->name, colw - 8, 10, 2, l);
        xmlNodePtr hg = group(head, "assessment");
        rx_attr(hg, "data-assessment", ar->a->name);
        tip(hg, arena_printf(s->arena, "%s (%s)", ar->a->ast->title ? ar->a->ast->title : ar->a->name, ar->a->name));
        text_lines(hg, x, y + 26, l, nl, 10, 12, A_MIDDLE, C_MUTED);
    }
    bold(text(head, x0 + k * colw + colw / 2, y + 12, "Target", 11.5, A_MIDDLE, NULL));
    text(head, pad, y + 12, "Practice", 11, A_START, C_MUTED);
    y += 46;
    line(c->svg, pad, y, width - pad, y, C_GRID, 1);

    xmlNodePtr body = group(c->svg, "rows");
    const AssessResult *last = chain.v[k - 1];
    for (int i = 0; i < m->nnodes; i++) {
        const MNode *n = &m->nodes[i];
        if (n->kind == MN_DOMAIN)
            continue;
        if (n->kind == MN_DIMENSION) {
            y += 4;
            xmlNodePtr g = group(body, "dimension");
            rx_attr(g, "data-node", n->id);
            rect(g, pad, y, width - 2 * pad, 24, C_BAND, NULL);
            xmlNodePtr t = text(g, pad + 8, y + 16.5, report_title(n), 13, A_START, NULL);
            rx_attr(t, "font-weight", "700");
            y += 24;
            continue;
        }
        int pi = n->practice;
        const char *lines[2];
        int nl = report_wrap(s, report_title(n), lw - ind[MN_PRACTICE] - 6, fs, 2, lines);
        double h = 34, my = y + h / 2;
        xmlNodePtr g = group(body, "practice");
        rx_attr(g, "data-practice", n->id);
        tip(g, report_title(n));
        line(g, pad, y + h, width - pad, y + h, C_GRID, 0.6);
        text_lines(g, pad + 8, my + 4.5 - (nl - 1) * 7, lines, nl, fs, 14, A_START, NULL);
        /* connectors first, so the circles sit on top */
        for (int j = 1; j < k; j++) {
            const PracticeResult *a = &((const AssessResult *)chain.v[j - 1])->practices[pi];
            const PracticeResult *b = &((const AssessResult *)chain.v[j])->practices[pi];
            if (!a->assessed || !b->assessed)
                continue;
            double xa = x0 + (j - 1) * colw + colw / 2 + 12, xb = x0 + j * colw + colw / 2 - 12;
            bool down = b->regression;
            bool up = !down && (b->current_c > a->current_c || b->current_s > a->current_s);
            xmlNodePtr ln = line(g, xa, my, xb, my, down ? C_DOWN : up ? C_UP : "#9aa4ae", down ? 3 : up ? 2 : 1.4);
            rx_attr(ln, "class", down ? "step regression" : up ? "step up" : "step same");
            if (down) {
                xmlNodePtr t = bold(text(g, (xa + xb) / 2, my - 5, "\u25BC", 11, A_MIDDLE, C_DOWN));
                rx_attr(t, "class", "regression-mark");
            } else if (up) {
                text(g, (xa + xb) / 2, my - 5, "\u25B2", 9, A_MIDDLE, C_UP);
            }
        }
        for (int j = 0; j < k; j++) {
            const AssessResult *ar = chain.v[j];
            const PracticeResult *pr = &ar->practices[pi];
            double x = x0 + j * colw + colw / 2;
            xmlNodePtr cg = group(g, arena_printf(s->arena, "point%s", pr->regression ? " regression" : ""));
            const char *date = report_date(s, ar->a->ast->date);
            if (pr->status == ST_NOT_APPLICABLE || !pr->assessed) {
                tip(cg, arena_printf(s->arena, "%s, %s: %s", report_title(n), date ? date : ar->a->name,
                                     pr->status == ST_NOT_APPLICABLE ? "not applicable" : "not assessed"));
                text(cg, x, my + 4, pr->status == ST_NOT_APPLICABLE ? "n/a" : "\u2013", 11, A_MIDDLE, C_MUTED);
                continue;
            }
            tip(cg, arena_printf(s->arena, "%s, %s: %s%s", report_title(n), date ? date : ar->a->name,
                                 level_scope(s, pr->current_c, pr->current_s),
                                 pr->regression ? arena_printf(s->arena, " \u2014 regression from %s",
                                                               level_scope(s, pr->previous_c, pr->previous_s))
                                                : ""));
            const char *fill = pr->current_s == SCOPE_SYSTEM     ? "#4b5563"
                               : pr->current_s == SCOPE_INDUSTRY ? url(c, "hatch")
                                                                 : "#ffffff";
            xmlNodePtr ci = rx_el(cg, "circle");
            rx_num(ci, "cx", x);
            rx_num(ci, "cy", my);
            rx_num(ci, "r", 11);
            rx_attr(ci, "fill", fill);
            rx_attr(ci, "stroke", pr->regression ? C_DOWN : "#4b5563");
            rx_num(ci, "stroke-width", pr->regression ? 2.6 : 1.4);
            rx_attr(ci, "class", arena_printf(s->arena, "level scope-%s", scope_name(pr->current_s)));
            xmlNodePtr t = bold(text(cg, x, my + 4.5, arena_printf(s->arena, "%d", pr->current_c), 12.5, A_MIDDLE,
                                     pr->current_s == SCOPE_SYSTEM ? "#ffffff" : NULL));
            if (pr->current_s == SCOPE_INDUSTRY) {
                /* a white halo keeps the digit legible over the hatching */
                rx_attr(t, "stroke", "#ffffff");
                rx_attr(t, "stroke-width", "3.5");
                rx_attr(t, "paint-order", "stroke");
            }
        }
        /* the current target, and how far the latest assessment is from it */
        const PracticeResult *lp = &last->practices[pi];
        double tx = x0 + k * colw + colw / 2;
        if (lp->status == ST_NOT_APPLICABLE) {
            text(g, tx, my + 4, "n/a", 11, A_MIDDLE, C_MUTED);
        } else {
            int cls = gap_class(lp);
            xmlNodePtr tg = group(g, arena_printf(s->arena, "target gap-%s", report_class_name(cls)));
            xmlNodePtr box = rect(tg, tx - 40, my - 11, 80, 22, cls_color[cls < 0 ? 3 : cls].fill,
                                  cls_color[cls < 0 ? 3 : cls].stroke);
            rx_attr(box, "rx", "11");
            text(tg, tx, my + 4, level_scope(s, lp->target_c, lp->target_s), 11, A_MIDDLE, cls_color[cls < 0 ? 3 : cls].text);
        }
        y += h;
    }

    y += 26;
    xmlNodePtr lg = group(c->svg, "legend");
    double lx = pad;
    static const char *const words[] = {"general", "industry", "system"};
    const char *fills[] = {"#ffffff", url(c, "hatch"), "#4b5563"};
    for (int sc = 0; sc < 3; sc++) {
        xmlNodePtr ci = rx_el(lg, "circle");
        rx_num(ci, "cx", lx + 11);
        rx_num(ci, "cy", y - 4);
        rx_num(ci, "r", 9);
        rx_attr(ci, "fill", fills[sc]);
        rx_attr(ci, "stroke", "#4b5563");
        text(lg, lx + 26, y, words[sc], 11, A_START, C_MUTED);
        lx += 26 + report_text_width(words[sc], 11) + 16;
    }
    line(lg, lx, y - 4, lx + 28, y - 4, C_UP, 2);
    text(lg, lx + 34, y, "improved", 11, A_START, C_MUTED);
    lx += 34 + report_text_width("improved", 11) + 16;
    line(lg, lx, y - 4, lx + 28, y - 4, C_DOWN, 3);
    bold(text(lg, lx + 14, y - 8, "\u25BC", 10, A_MIDDLE, C_DOWN));
    text(lg, lx + 34, y, "regression", 11, A_START, C_MUTED);
    lx += 34 + report_text_width("regression", 11) + 16;
    text(lg, lx, y, "\u2013 not assessed", 11, A_START, C_MUTED);
    y += 20;
    const char *l[2];
    int nl = report_wrap(s, "The number is the comprehensiveness level (0\u20134); the fill is the scope. The "
                            "Target column is coloured by the latest assessment's gap (green none, yellow 1, red 2+).",
                         width - 2 * pad, 11, 2, l);
    text_lines(lg, pad, y, l, nl, 11, 15, A_START, C_MUTED);
    y += 15 * nl;
    vec_free(&chain);
    finish(c, width, y + 8);
}

/* ---------------------------------------------------------------- entry points */

const char *report_chart_title(ReportChart c)
{
    static const char *const titles[CHART_COUNT] = {
        "Gap heat map", "Target and current comprehensiveness", "Maturity radar", "Progress over time"};
    return titles[c];
}

const char *report_chart_summary(Session *s, const AssessResult *r, ReportChart c)
{
    const Model *m = r->model;
    int cls[4];
    report_class_counts(r, cls);
    int below = r->counts[ST_GAP] + r->counts[ST_WAIVED];
    switch (c) {
    case CHART_HEATMAP:
        return arena_printf(s->arena,
                            "Comprehensiveness and scope gaps of %d practices, grouped by dimension and domain: "
                            "%d without a gap (green), %d with a gap of one level (yellow), %d with a gap of two or "
                            "more (red), %d not applicable (grey). Each cell prints the gap.",
                            m->npractices, cls[0], cls[1], cls[2], cls[3]);
    case CHART_BARS:
        return arena_printf(s->arena,
                            "Target and current comprehensiveness (0 to 4) of %d practices as paired bars, with "
                            "domain and dimension roll-ups; the bar fill shows the scope: empty general, hatched "
                            "industry, filled system. %d practice%s below target, %d not assessed.",
                            m->npractices, below, below == 1 ? " is" : "s are", r->counts[ST_NOT_ASSESSED]);
    case CHART_RADAR:
        return arena_printf(s->arena,
                            "Radar of target and current comprehensiveness over %d practices; marker shapes show "
                            "the scope (circle general, triangle industry, square system). The current polygon "
                            "falls short of the target one at %d practice%s.",
                            m->npractices, below + r->counts[ST_NOT_ASSESSED],
                            below + r->counts[ST_NOT_ASSESSED] == 1 ? "" : "s");
    case CHART_HISTORY: {
        Vec chain = {0};
        report_history(r, &chain);
        int reg = 0;
        for (size_t j = 0; j < chain.n; j++)
            for (int i = 0; i < m->npractices; i++)
                reg += ((const AssessResult *)chain.v[j])->practices[i].regression;
        const char *first = report_date(s, ((const AssessResult *)chain.v[0])->a->ast->date);
        const char *last = report_date(s, r->a->ast->date);
        const char *text = arena_printf(s->arena,
                                        "Comprehensiveness and scope of each of %d practices in %zu assessments of "
                                        "one target, from %s to %s; %d regression%s marked in red with a down "
                                        "triangle.",
                                        m->npractices, chain.n, first ? first : "?", last ? last : "?", reg,
                                        reg == 1 ? "" : "s");
        vec_free(&chain);
        return text;
    }
    default: return "";
    }
}

xmlNodePtr report_chart(Session *s, xmlDocPtr doc, xmlNodePtr parent, const AssessResult *r, ReportChart kind)
{
    Chart c = {.s = s, .r = r, .m = r->model, .kind = kind};
    begin(&c, doc, parent);
    switch (kind) {
    case CHART_HEATMAP: chart_heatmap(&c); break;
    case CHART_BARS: chart_bars(&c); break;
    case CHART_RADAR: chart_radar(&c); break;
    case CHART_HISTORY: chart_history(&c); break;
    default: break;
    }
    return c.svg;
}

int report_write_svg(Session *s, const AssessResult *r, ReportChart c, FILE *out)
{
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    if (!doc)
        smm_fatal_oom();
    report_chart(s, doc, NULL, r, c);
    int rc = rx_save(doc, out, false);
    xmlFreeDoc(doc);
    return rc;
}
