/*
 * report_radar.c — target and current comprehensiveness as two polygons
 * around the model, scope as marker shapes; labels placed so none overlap
 * (report_svg.h).
 */
#include "report_svg.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

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

/* The radar being drawn: its size, centre and labels. */
typedef struct Radar {
    Chart *c;
    int n;                  /* practices, one axis each */
    double R, ring;         /* outer ring; where labels start */
    double cx, cy, width;
    double miny, maxy;      /* extent of circle and labels, relative to the centre */
    RLabel *labs;
} Radar;

static const double radar_fs = 11, radar_lead = 13.5;

static double axis_angle(const Radar *rd, double i)
{
    return -M_PI / 2 + 2 * M_PI * i / rd->n;
}

/* One practice's label: wrapped title and state line, at the end of its
 * axis; the ones straight up or down go in both columns as fixed
 * obstacles. */
static void radar_label(Radar *rd, int i, RLabel **left, int *nleft, RLabel **right, int *nright)
{
    Chart *c = rd->c;
    Session *s = c->s;
    const PracticeResult *pr = &c->r->practices[i];
    RLabel *L = &rd->labs[i];
    double a = axis_angle(rd, i), ca = cos(a), sa = sin(a);
    L->pi = i;
    L->nl = report_wrap(s, svg_user(c, &c->m->nodes[pr->node]), 140, radar_fs, 3, L->lines);
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
    L->h = (L->nl + (L->state != NULL)) * radar_lead;
    for (int k = 0; k < L->nl; k++) {
        double w = report_text_width(L->lines[k], radar_fs);
        L->w = w > L->w ? w : L->w;
    }
    if (L->state && report_text_width(L->state, radar_fs) > L->w)
        L->w = report_text_width(L->state, radar_fs);
    L->x = rd->ring * ca;
    double y = rd->ring * sa;
    if (fabs(ca) < 1e-9) { /* straight up or down: centred, stacked away from the circle */
        L->anchor = SVG_MIDDLE;
        L->fixed = true;
        L->y = sa < 0 ? y - L->h / 2 - 2 : y + L->h / 2 + 2;
        right[(*nright)++] = L;
        left[(*nleft)++] = L;
    } else {
        L->anchor = ca > 0 ? SVG_START : SVG_END;
        L->x += ca > 0 ? 2 : -2;
        L->y = y;
        if (ca > 0)
            right[(*nright)++] = L;
        else
            left[(*nleft)++] = L;
    }
    L->want = L->y;
}

/* Labels first: their extent decides the size of the picture.  Each
 * column is spread so no two overlap, and a label moved up or down keeps
 * clear of the circle. */
static void radar_layout(Radar *rd)
{
    const int n = rd->n;
    rd->labs = xcalloc((size_t)n + 1, sizeof *rd->labs);
    RLabel **left = xcalloc((size_t)n + 1, sizeof *left), **right = xcalloc((size_t)n + 1, sizeof *right);
    int nleft = 0, nright = 0;
    for (int i = 0; i < n; i++)
        radar_label(rd, i, left, &nleft, right, &nright);
    spread(right, nright, 5);
    spread(left, nleft, 5);
    free(left);
    free(right);
    for (int i = 0; i < n; i++) {
        RLabel *L = &rd->labs[i];
        if (L->fixed)
            continue;
        double top = L->y - L->h / 2, bottom = L->y + L->h / 2;
        double near = top <= 0 && bottom >= 0 ? 0 : fabs(top) < fabs(bottom) ? fabs(top) : fabs(bottom);
        double clear = near < rd->ring ? sqrt(rd->ring * rd->ring - near * near) + 4 : 0;
        if (fabs(L->x) < clear)
            L->x = L->x < 0 ? -clear : clear;
    }
    double minx = -rd->R, maxx = rd->R;
    rd->miny = -rd->R;
    rd->maxy = rd->R;
    for (int i = 0; i < n; i++) {
        const RLabel *L = &rd->labs[i];
        double x0 = L->anchor == SVG_START ? L->x : L->anchor == SVG_END ? L->x - L->w : L->x - L->w / 2;
        minx = x0 < minx ? x0 : minx;
        maxx = x0 + L->w > maxx ? x0 + L->w : maxx;
        rd->miny = L->y - L->h / 2 < rd->miny ? L->y - L->h / 2 : rd->miny;
        rd->maxy = L->y + L->h / 2 > rd->maxy ? L->y + L->h / 2 : rd->maxy;
    }
    double half = (-minx > maxx ? -minx : maxx) + 20;
    rd->width = 2 * half > 600 ? 2 * half : 600;
}

/* Dimension sectors, alternately shaded, behind everything. */
static void radar_sectors(Radar *rd)
{
    Chart *c = rd->c;
    const Model *m = c->m;
    xmlNodePtr bg = svg_group(c->svg, "sectors");
    int k = 0;
    for (int i = 0; i < m->nnodes && rd->n >= 3; i++) {
        const MNode *d = &m->nodes[i];
        if (d->kind != MN_DIMENSION || d->npractices == 0)
            continue;
        if (k++ % 2)
            continue;
        double a0 = axis_angle(rd, d->first_practice - 0.5), a1 = axis_angle(rd, d->first_practice + d->npractices - 0.5);
        double R = rd->R;
        xmlNodePtr p = rx_el(bg, "path");
        rx_attrf(p, "d", "M%.1f,%.1f L%.1f,%.1f A%.1f,%.1f 0 %d,1 %.1f,%.1f Z", rd->cx, rd->cy, rd->cx + R * cos(a0),
                 rd->cy + R * sin(a0), R, R, a1 - a0 > M_PI ? 1 : 0, rd->cx + R * cos(a1), rd->cy + R * sin(a1));
        rx_attr(p, "fill", "#f1f3f5");
        rx_attr(p, "data-node", d->id);
        svg_tip(p, svg_user(c, d));
    }
}

/* Rings for the levels, one axis per practice (dotted when n/a), and the
 * level numbers between the first two axes, clear of the markers. */
static void radar_grid(Radar *rd)
{
    Chart *c = rd->c;
    xmlNodePtr grid = svg_group(c->svg, "grid");
    for (int l = 1; l <= 4; l++) {
        xmlNodePtr ci = rx_el(grid, "circle");
        rx_num(ci, "cx", rd->cx);
        rx_num(ci, "cy", rd->cy);
        rx_num(ci, "r", rd->R * l / 4);
        rx_attr(ci, "fill", "none");
        rx_attr(ci, "stroke", l == 4 ? "#9aa4ae" : "#c3cbd3");
        if (l < 4)
            rx_attr(ci, "stroke-dasharray", "3 3");
    }
    for (int i = 0; i < rd->n; i++) {
        double a = axis_angle(rd, i);
        xmlNodePtr ax = svg_line(grid, rd->cx, rd->cy, rd->cx + rd->R * cos(a), rd->cy + rd->R * sin(a), "#c3cbd3", 1);
        if (c->r->practices[i].status == ST_NOT_APPLICABLE)
            rx_attr(ax, "stroke-dasharray", "2 3");
    }
    double la = -M_PI / 2 + M_PI / (rd->n > 1 ? rd->n : 2);
    for (int l = 1; l <= 4; l++) {
        double rr = rd->R * l / 4;
        xmlNodePtr t = svg_text(grid, rd->cx + rr * cos(la), rd->cy + rr * sin(la) + 4,
                                arena_printf(c->s->arena, "%d", l), 10, SVG_MIDDLE, C_MUTED);
        rx_attr(t, "class", "ring-label");
        rx_attr(t, "stroke", "#ffffff");
        rx_attr(t, "stroke-width", "3");
        rx_attr(t, "paint-order", "stroke");
    }
}

/* The target and current polygons: n/a practices are skipped, not drawn
 * at 0. */
static void radar_polygons(Radar *rd)
{
    Chart *c = rd->c;
    for (int series = 0; series < 2; series++) {
        Buf pts = {0};
        for (int i = 0; i < rd->n; i++) {
            const PracticeResult *pr = &c->r->practices[i];
            if (pr->status == ST_NOT_APPLICABLE)
                continue;
            double a = axis_angle(rd, i);
            double v = (series == 0 ? pr->target_c : pr->current_c) * rd->R / 4;
            buf_printf(&pts, "%s%.1f,%.1f", pts.n ? " " : "", rd->cx + v * cos(a), rd->cy + v * sin(a));
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
}

/* One practice: its target and current markers and its label (with a
 * leader line when the label moved away from its axis). */
static void radar_practice(Radar *rd, xmlNodePtr marks, int i)
{
    Chart *c = rd->c;
    Session *s = c->s;
    const PracticeResult *pr = &c->r->practices[i];
    const RLabel *L = &rd->labs[i];
    double a = axis_angle(rd, i), ca = cos(a), sa = sin(a), cx = rd->cx, cy = rd->cy, R = rd->R;
    xmlNodePtr g = svg_group(marks, arena_printf(s->arena, "practice status-%s", status_name(pr->status)));
    rx_attr(g, "data-practice", c->m->nodes[pr->node].id);
    svg_tip(g, svg_practice_tip(s, c->r, pr));
    if (pr->status != ST_NOT_APPLICABLE && pr->target_c > 0) {
        double v = pr->target_c * R / 4;
        xmlNodePtr mk = svg_marker(g, cx + v * ca, cy + v * sa, 7, pr->target_s, "#ffffff", C_TARGET, 2);
        rx_attr(mk, "class", arena_printf(s->arena, "marker target scope-%s", scope_name(pr->target_s)));
    }
    if (pr->status != ST_NOT_APPLICABLE && pr->current_c > 0) {
        double v = pr->current_c * R / 4;
        xmlNodePtr mk = svg_marker(g, cx + v * ca, cy + v * sa, 4.2, pr->current_s, C_CURRENT, C_CURRENT_DARK, 1);
        rx_attr(mk, "class", arena_printf(s->arena, "marker current scope-%s", scope_name(pr->current_s)));
    }
    xmlNodePtr lab = svg_group(g, "label");
    if (fabs(L->y - L->want) > 6) {
        double ex = cx + (R + 3) * ca, ey = cy + (R + 3) * sa;
        double tx = cx + L->x + (L->anchor == SVG_START ? -3 : 3), ty = cy + L->y;
        rx_attr(svg_line(lab, ex, ey, tx, ty, "#aab4be", 0.8), "class", "leader");
    }
    double y0 = cy + L->y - L->h / 2 + radar_lead * 0.75;
    svg_lines(lab, cx + L->x, y0, L->lines, L->nl, radar_fs, radar_lead, L->anchor,
              pr->status == ST_NOT_APPLICABLE ? C_MUTED : NULL);
    if (L->state) {
        bool bad = pr->assessed && (pr->gap_c > 0 || pr->gap_s > 0) && pr->status != ST_WAIVED;
        xmlNodePtr st = svg_text(lab, cx + L->x, y0 + L->nl * radar_lead, L->state, radar_fs - 0.5, L->anchor,
                                 bad ? C_DOWN : C_MUTED);
        if (bad)
            svg_bold(st);
        rx_attr(st, "class", arena_printf(s->arena, "state gap-%s", report_class_name(L->cls)));
    }
}

static double radar_legend(Radar *rd, double y)
{
    Chart *c = rd->c;
    Legend l = svg_legend(c, 16, y, rd->width - 32);
    svg_legend_line(&l, C_TARGET, 2.2, "7 4", NULL, "target", "legend target");
    svg_legend_line(&l, C_CURRENT, 2.2, NULL, NULL, "current", "legend current");
    svg_legend_words(&l, "Scope:");
    static const char *const scope_words[] = {"general", "industry", "system"};
    for (int sc = 0; sc < 3; sc++) {
        xmlNodePtr kg = svg_legend_key(&l, 16, scope_words[sc], arena_printf(c->s->arena, "legend scope-%s",
                                                                             scope_words[sc]));
        svg_marker(kg, l.x + 8, l.y - 4, 7, sc, "#ffffff", C_TARGET, 2);
        svg_marker(kg, l.x + 8, l.y - 4, 4.2, sc, C_CURRENT, C_CURRENT_DARK, 1);
        l.x += 22 + report_text_width(scope_words[sc], 11) + 18;
    }
    svg_legend_row(&l, 22);
    return svg_legend_note(&l,
                           "Rings are comprehensiveness levels 1\u20134. Hollow markers: target; filled: current. A "
                           "filled marker inside a hollow one of the same shape: level and scope met; a different "
                           "shape: a scope gap. Dotted axis: not applicable.",
                           3);
}

void svg_radar(Chart *c)
{
    Radar rd = {.c = c, .n = c->m->npractices};
    rd.R = rd.n * 10.5 > 190 ? rd.n * 10.5 : 190;
    rd.ring = rd.R + 12;
    radar_layout(&rd);
    svg_heading(c, rd.width);
    rd.cx = rd.width / 2;
    rd.cy = c->top + 12 - rd.miny;
    radar_sectors(&rd);
    radar_grid(&rd);
    radar_polygons(&rd);
    xmlNodePtr marks = svg_group(c->svg, "practices");
    for (int i = 0; i < rd.n; i++)
        radar_practice(&rd, marks, i);
    free(rd.labs);
    svg_finish(c, rd.width, radar_legend(&rd, rd.cy + rd.maxy + 34) + 8);
}
