/*
 * report.h — `smmc report` (tool.md §5): the gap analysis of one assessment
 * as pictures.  Split like smmc.h into sections named after the file that
 * implements them:
 *
 *   report.c          the focus assessment, its history, and the small
 *                     helpers every writer shares (level words, gap classes,
 *                     text metrics, libxml2 tree building)
 *   report_roadmap.c  the improvement steps from current to target, in order
 *   report_svg.c      the charts (heat map, bars, radar, history) as libxml2
 *                     trees: well-formed and escaped by construction; the
 *                     charts themselves in report_heatmap.c, report_bars.c,
 *                     report_radar.c, report_history.c (report_svg.h)
 *   report_html.c     one self-contained, printable HTML page
 *   report_md.c       GitHub-flavoured Markdown for a pull-request comment
 *
 * Every writer is deterministic: the same check results give the same bytes
 * (practices in model order, no clock, no addresses).  Writers only write to
 * the FILE they are given; atomic files and directories are the CLI's job.
 */
#ifndef SMMC_REPORT_H
#define SMMC_REPORT_H

#include "smmc.h"

#include <libxml/tree.h>
#include <libxml/xmlsave.h>

/* ================================================ the interface (the CLI) */

typedef enum { REPORT_HTML, REPORT_SVG, REPORT_MARKDOWN, REPORT_OSCAL_POAM } ReportFormat;

/* The charts, in the order the HTML page shows them. */
typedef enum { CHART_HEATMAP, CHART_BARS, CHART_RADAR, CHART_HISTORY, CHART_COUNT } ReportChart;

/* "heatmap", "bars", "radar", "history": the SVG file name (plus ".svg")
 * and the stem of the chart's ids. */
const char *report_chart_name(ReportChart c);
/* Whether chart c has anything to show for r (history needs an earlier
 * assessment of the same target). */
bool report_chart_applies(const AssessResult *r, ReportChart c);

/* The assessment a report is about: the one named `name`, else the latest
 * assessment of the only history in run (every result that is no other's
 * `previous`).  NULL when there is none or the choice is ambiguous; the
 * candidates (heads of histories, source order) are then left in *heads
 * when heads is not NULL (the caller frees it with vec_free). */
const AssessResult *report_focus(const CheckRun *run, const char *name, Vec *heads);

/* Writers: 0 on success, -1 on a write error. */
int report_write_svg(Session *s, const AssessResult *r, ReportChart c, FILE *out);
int report_write_html(Session *s, const CheckRun *run, const AssessResult *r, FILE *out);
int report_write_markdown(Session *s, const CheckRun *run, const AssessResult *r, FILE *out);
/* The roadmap as an OSCAL plan of action and milestones (oscal_results.c). */
int report_write_oscal_poam(Session *s, const CheckRun *run, const AssessResult *r, FILE *out);

/* ============================================= shared by report_*.c only */

/* ---------------------------------------------------------------- report.c */

/* The gap class of one axis for pictures (language.md §7): 0 green, 1
 * yellow, 2 red; -1 when the practice is not applicable. */
int report_axis_class(const PracticeResult *pr, int gap);
/* "green", "yellow", "red", "na": the suffix of the gap-* classes. */
const char *report_class_name(int cls);
/* "none", "minimum", "ad hoc", "consistent", "formalized". */
const char *report_level_word(int c);
/* A short status text with a symbol that does not rely on colour. */
const char *report_status_symbol(PracticeStatus st);
const char *report_status_text(PracticeStatus st); /* "met", "gap", "over target", ... */
/* The practice's title, else its id. */
const char *report_title(const MNode *n);
/* User-written text (titles, reasons, evidence) wrapped in U+2068 FIRST
 * STRONG ISOLATE ... U+2069 POP DIRECTIONAL ISOLATE when it holds any
 * non-ASCII byte, so that right-to-left text or a bidi control character
 * in it (U+202E, Trojan Source) cannot reorder the text around it: the
 * plain-text form of <bdi>, for SVG text, tooltips and Markdown.  ASCII
 * text is returned as is. */
const char *report_isolate(Session *s, const char *t);
bool report_needs_isolation(const char *t);
/* The evidence behind a practice's rating: the `evidence` strings of its
 * level line, then each `met` consideration of the practice (with its
 * evidence strings, or one item without text).  Arena array; the count. */
typedef struct ReportEvidence {
    const char *consideration; /* NULL: the level line's own evidence */
    const char *text;          /* NULL: a `met` line without evidence */
} ReportEvidence;
int report_evidence(Session *s, const AssessResult *r, const PracticeResult *pr, ReportEvidence **out);
/* The waiver line of a practice, if the assessment has one. */
const AEntry *report_waiver(const AssessResult *r, const PracticeResult *pr);
/* "YYYY-MM-DD" in the session arena, NULL for an unset date. */
const char *report_date(Session *s, DateLit d);
/* "profile sector S system Y" in the session arena. */
const char *report_target_name(Session *s, const Assessment *a);
/* r and its earlier assessments of the same target, oldest first. */
void report_history(const AssessResult *r, Vec *chain);
/* The regressions along r's history: each practice that lost ground since
 * the assessment before, with the assessment it was seen in; oldest
 * assessment first, model order within one.  Arena array; the count; the
 * length of the history in *nassessed. */
typedef struct ReportRegression {
    const AssessResult *in;
    const PracticeResult *pr;
} ReportRegression;
int report_regressions(Session *s, const AssessResult *r, ReportRegression **out, size_t *nassessed);
/* Counts of gap classes over r's practices: [0] green … [2] red, [3] n/a. */
void report_class_counts(const AssessResult *r, int counts[4]);

/* Estimated width in px of UTF-8 text in a proportional sans-serif at
 * `size` px (generous, so layouts leave room for wider system fonts). */
double report_text_width(const char *s, double size);
/* Greedy word wrap of s into at most maxlines lines no wider than width;
 * the last line is shortened with an ellipsis when the text does not fit.
 * Lines are allocated in the arena; returns the number of lines. */
int report_wrap(Session *s, const char *text, double width, double size, int maxlines,
                const char **lines);

/* libxml2 tree building that fails loudly on allocation failure, as
 * xmalloc does.  A child inherits its parent's namespace.  Text and
 * attribute values have their line ends normalized to LF (no "&#13;"). */
xmlNodePtr rx_el(xmlNodePtr parent, const char *name);
xmlNodePtr rx_text_el(xmlNodePtr parent, const char *name, const char *text);
void rx_text(xmlNodePtr node, const char *text);
void rx_attr(xmlNodePtr node, const char *name, const char *value);
void rx_attrf(xmlNodePtr node, const char *name, const char *fmt, ...) SMM_PRINTF(3, 4);
/* A number for a coordinate attribute: at most one decimal, no "-0". */
void rx_num(xmlNodePtr node, const char *name, double v);
/* Write a whole document; xhtml selects HTML-compatible serialization. */
int rx_save(xmlDocPtr doc, FILE *out, bool xhtml);

/* -------------------------------------------------------- report_roadmap.c */

/* One improvement step: a practice short of its target. */
typedef struct RoadStep {
    const PracticeResult *pr;
    const MNode *node;
    int gap;                 /* the larger of the two axes' gaps, > 0 */
    int next_c;              /* the next comprehensiveness level, -1 if that axis is met */
    const char *objective;   /* the model's objective for next_c (may be NULL) */
    const Consideration **unmet; /* considerations of level next_c not met */
    int nunmet;
    const AEntry *waiver;    /* the gap is accepted until waiver->until */
} RoadStep;

typedef struct Roadmap {
    RoadStep *steps;         /* gap desc, then dimension, then model order; waived last */
    int nsteps;
    const PracticeResult **unassessed; /* required but not assessed, same order */
    int nunassessed;
} Roadmap;

void roadmap_build(const AssessResult *r, Roadmap *rm);
void roadmap_free(Roadmap *rm);

/* ------------------------------------------------------------ report_svg.c */

/* The chart's title (also its <title>). */
const char *report_chart_title(ReportChart c);

/* ------------------------------------------------------------ report_charts.c */

/* Build chart c for r as an <svg> element (SVG namespace) in doc: a
 * standalone document root when parent is NULL, else appended to parent
 * (inline SVG in the HTML page).  Ids are prefixed "smm.<chart>." so the
 * charts of one page never clash with each other or with practice ids. */
xmlNodePtr report_chart(Session *s, xmlDocPtr doc, xmlNodePtr parent, const AssessResult *r,
                        ReportChart c);
/* The chart's one-paragraph text alternative (also its <desc>). */
const char *report_chart_summary(Session *s, const AssessResult *r, ReportChart c);

#endif
