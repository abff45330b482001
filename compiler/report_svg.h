/*
 * report_svg.h — what the chart files share: the chart being drawn, the
 * palette and the drawing helpers of report_svg.c.  Internal to the report
 * writers (report_svg.c and one file per chart):
 *
 *   report_heatmap.c  the gap heat map: a compact grid, practices grouped
 *                     by dimension and domain, two cells per practice
 *   report_bars.c     target and current comprehensiveness as paired bars
 *   report_radar.c    target and current polygons around the model
 *   report_history.c  each practice's level across the dated assessments
 *
 * Every chart is a libxml2 tree (well-formed and escaped by construction);
 * user-written text goes through svg_user() (isolated against bidi
 * reordering, see report_isolate).
 */
#ifndef SMMC_REPORT_SVG_H
#define SMMC_REPORT_SVG_H

#include "report.h"

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

/* Fill, stroke and text colour of the gap classes green, yellow, red, n/a
 * (report_axis_class, with n/a at index 3). */
typedef struct SvgColors {
    const char *fill, *stroke, *text;
} SvgColors;
extern const SvgColors svg_cls_color[4];

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

/* The charts (one file each). */
void svg_heatmap(Chart *c);
void svg_bars(Chart *c);
void svg_radar(Chart *c);
void svg_history(Chart *c);

/* ---------------------------------------------------------------- drawing helpers */

/* "smm.<chart>.<suffix>" and "url(#smm.<chart>.<suffix>)" in the arena. */
const char *svg_cid(Chart *c, const char *suffix);
const char *svg_url(Chart *c, const char *suffix);
/* <g class="cls"> */
xmlNodePtr svg_group(xmlNodePtr parent, const char *cls);
/* A tooltip: a <title> made the first child of the element it describes. */
void svg_tip(xmlNodePtr el, const char *text);
xmlNodePtr svg_rect(xmlNodePtr p, double x, double y, double w, double h, const char *fill, const char *stroke);
xmlNodePtr svg_line(xmlNodePtr p, double x1, double y1, double x2, double y2, const char *stroke, double width);
enum { SVG_START, SVG_MIDDLE, SVG_END }; /* text-anchor */
xmlNodePtr svg_text(xmlNodePtr p, double x, double y, const char *s, double size, int anchor, const char *fill);
xmlNodePtr svg_bold(xmlNodePtr e);
/* Lines of a wrapped label, first baseline at y. */
void svg_lines(xmlNodePtr p, double x, double y, const char *const *lines, int n, double size, double leading,
               int anchor, const char *fill);
/* A hatch pattern in <defs>: diagonal strokes of `color` over `bg`. */
void svg_hatch(Chart *c, const char *suffix, const char *color, const char *bg, double gap, double width);
/* A scope marker centred on (x, y): circle (general), triangle (industry),
 * square (system). */
xmlNodePtr svg_marker(xmlNodePtr p, double x, double y, double r, int scope, const char *fill, const char *stroke,
                      double sw);

/* A model node's title as user text (isolated when not ASCII). */
const char *svg_user(Chart *c, const MNode *n);
/* "2 industry" */
const char *svg_level_scope(Session *s, int lc, int ls);
/* "2" for the min roll-up, "2.5" for a mean. */
const char *svg_rollup_num(Session *s, double v);
const RollUp *svg_rollup_of(const AssessResult *r, int node);
/* The width of the label column for nodes indented by ind[kind] (a kind
 * with ind < 0 is not labelled), clamped to [lo, hi]. */
double svg_label_width(const Model *m, const double ind[3], double lo, double hi);
/* One-line description of a practice's state, for tooltips. */
const char *svg_practice_tip(Session *s, const AssessResult *r, const PracticeResult *pr);

/* The chart's frame: report_chart (report_charts.c) opens the <svg> with
 * its title and description, svg_heading draws a standalone chart's
 * heading (and sets c->top), svg_finish sets the size once the layout is
 * known. */
void svg_heading(Chart *c, double width);
void svg_finish(Chart *c, double w, double h);

/* ---------------------------------------------------------------- legends */

/* A legend: keys laid out left to right from (x, y) (y is the text
 * baseline), then wrapped notes below.  Each key is a <g class="cls">. */
typedef struct Legend {
    Chart *c;
    xmlNodePtr g;
    double x0, x, y, width;
} Legend;

Legend svg_legend(Chart *c, double x, double y, double width);
/* A 26×15 swatch (with an optional mark printed on it) and its words. */
void svg_legend_swatch(Legend *l, const char *fill, const char *stroke, const char *mark, const char *words,
                       const char *cls);
/* A short line sample (dashed when dash is not NULL, with an optional mark
 * above it) and its words. */
void svg_legend_line(Legend *l, const char *stroke, double width, const char *dash, const char *mark,
                     const char *words, const char *cls);
/* Room for a custom key drawn by the caller at (l->x, l->y) into the
 * returned group, w px wide, followed by its words. */
xmlNodePtr svg_legend_key(Legend *l, double w, const char *words, const char *cls);
/* Words alone ("Scope:"). */
void svg_legend_words(Legend *l, const char *words);
/* Start a new row of keys, `dy` below the current one. */
void svg_legend_row(Legend *l, double dy);
/* A note wrapped to the legend's width (at most maxlines lines), below the
 * keys; returns the y below everything. */
double svg_legend_note(Legend *l, const char *text, int maxlines);

#endif
