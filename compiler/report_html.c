/*
 * report_html.c — the gap report as one self-contained HTML page: inline CSS
 * and SVG, no scripts, no network, no web fonts (a system font stack), and
 * print rules for A4 and Letter with a page break between sections.
 *
 * The page is built as a libxml2 tree in the XHTML namespace and written
 * with libxml2's XHTML rules, so it is well-formed XML and parses the same
 * as HTML5 (no self-closed <div/>).  Every practice row of the summary table
 * carries the practice id as its element id (report.html#threat_modeling);
 * the page's own ids contain a dot ("smm.summary"), which a practice id
 * cannot, so the two never clash.  The CSS avoids '<', '>' and '&' so that
 * escaping for XML never changes it.
 */
#include "report.h"

#include <string.h>

#define XHTML_NS "http://www.w3.org/1999/xhtml"

static const char *const css[] = {
    ":root{color-scheme:light}\n",
    "body{margin:0;background:#f3f5f8;color:#1f2328;font:15px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,"
    "'Helvetica Neue',Arial,'Liberation Sans','DejaVu Sans',sans-serif}\n",
    "header.report,main,footer{max-width:1060px;margin:0 auto;padding:0 24px}\n",
    "header.report{padding-top:28px}\n",
    ".kicker{margin:0;color:#59636e;font-size:13px;letter-spacing:.06em;text-transform:uppercase}\n",
    "h1{margin:2px 0 12px;font-size:28px;line-height:1.2}\n",
    "h2{margin:0 0 6px;font-size:21px}\n",
    "h3{margin:0;font-size:16px}\n",
    "dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;margin:0 0 16px;font-size:14px}\n",
    "dl.meta dt{color:#59636e}\n",
    "dl.meta dd{margin:0}\n",
    "code{font-family:ui-monospace,'SFMono-Regular',Menlo,Consolas,'DejaVu Sans Mono',monospace;font-size:.9em}\n",
    "ul.counts{display:flex;flex-wrap:wrap;gap:10px;list-style:none;margin:0 0 14px;padding:0}\n",
    "ul.counts li{background:#fff;border:1px solid #d8dee4;border-radius:8px;padding:6px 14px;min-width:92px}\n",
    "ul.counts b{display:block;font-size:22px;line-height:1.2}\n",
    "ul.counts span{color:#59636e;font-size:13px}\n",
    "ul.counts li.status-gap{border-color:#c4302b;border-width:2px}\n",
    "nav.toc{font-size:14px;margin-bottom:4px}\n",
    "nav.toc a{margin-right:14px}\n",
    "a{color:#1d4f9c}\n",
    "section{background:#fff;border:1px solid #d8dee4;border-radius:10px;padding:20px 24px;margin:18px 0}\n",
    "section p.lead{margin:0 0 14px;color:#3d4650;max-width:75ch}\n",
    "figure{margin:0;overflow-x:auto}\n",
    "figcaption{color:#59636e;font-size:13px;margin-top:8px;max-width:90ch}\n",
    "svg.smm-chart{display:block;max-width:100%;height:auto}\n",
    "table.summary{border-collapse:collapse;width:100%;font-size:14px}\n",
    "table.summary th,table.summary td{padding:5px 10px;border-bottom:1px solid #e4e8ec;text-align:left;"
    "vertical-align:middle}\n",
    "table.summary thead th{color:#59636e;font-weight:600;font-size:13px;border-bottom:2px solid #c9d1d9}\n",
    "table.summary tr.dimension th{background:#eef1f5;font-size:14.5px;padding-top:8px}\n",
    "table.summary tr.domain th{background:#f7f8fa;font-weight:600;padding-left:22px}\n",
    "table.summary tr.domain td,table.summary tr.dimension td{background:inherit;color:#59636e;"
    "text-align:center;font-size:13px}\n",
    "table.summary tr.dimension td{background:#eef1f5}\n",
    "table.summary tr.domain td{background:#f7f8fa}\n",
    "table.summary td.practice{padding-left:34px}\n",
    "table.summary td.num{text-align:center;font-variant-numeric:tabular-nums;white-space:nowrap}\n",
    "table.summary td.gap{font-weight:700;width:5.5em}\n",
    "td.gap-green{background:#9fd8ac;color:#0d3b1c}\n",
    "td.gap-yellow{background:#ffdf7e;color:#4a3800}\n",
    "td.gap-red{background:#f2918a;color:#5a0c08}\n",
    "td.gap-na{background:repeating-linear-gradient(45deg,#eceff2 0 4px,#dde2e7 4px 6px);color:#59636e}\n",
    "td.unassessed{outline:1px dashed #8c959f;outline-offset:-3px}\n",
    "tr.status-gap td.status{font-weight:700}\n",
    "table.summary thead th,table.summary td.status span{white-space:nowrap}\n",
    "td.gap-green.unassessed{background:#d3ecd8}\n",
    "td.gap-yellow.unassessed{background:#fff0c2}\n",
    "td.gap-red.unassessed{background:#f9cdc9}\n",
    "h3 code{font-weight:400;color:#59636e;font-size:.8em;margin-left:4px}\n",
    "tr.status-not-applicable{color:#59636e}\n",
    "table.summary td.evidence{font-size:13px;color:#3d4650;min-width:10em}\n",
    "ul.evidence{margin:0;padding-left:1.1em}\n",
    "div.evidence ul.evidence{margin:2px 0 4px}\n",
    "div.evidence{margin:4px 0}\n",
    "bdi{unicode-bidi:isolate}\n",
    "a.anchor{color:#8c959f;text-decoration:none;margin-left:6px;font-size:.85em;visibility:hidden}\n",
    "tr:hover a.anchor,li.step:hover a.anchor{visibility:visible}\n",
    "tr:target td,tr:target th{box-shadow:inset 0 2px 0 #2b5aa8,inset 0 -2px 0 #2b5aa8}\n",
    "tr:target td.practice{background:#fff8c5}\n",
    ".muted{color:#59636e}\n",
    "ol.roadmap{padding-left:0;list-style:none;counter-reset:step;margin:0}\n",
    "li.step{counter-increment:step;border:1px solid #d8dee4;border-left:6px solid #c9d1d9;border-radius:8px;"
    "padding:10px 14px 10px 52px;margin:10px 0;position:relative}\n",
    "li.step::before{content:counter(step);position:absolute;left:14px;top:10px;font-weight:700;font-size:18px;"
    "color:#59636e}\n",
    "li.step.gap-red{border-left-color:#c4302b}\n",
    "li.step.gap-yellow{border-left-color:#c9a227}\n",
    "li.step.waived{border-left-style:dashed}\n",
    "li.step p{margin:4px 0}\n",
    "li.step ul{margin:4px 0;padding-left:20px}\n",
    ".badge{display:inline-block;border-radius:10px;padding:0 8px;font-size:12.5px;font-weight:700;"
    "margin-left:8px;vertical-align:1px}\n",
    ".badge.gap-red{background:#f2918a;color:#5a0c08}\n",
    ".badge.gap-yellow{background:#ffdf7e;color:#4a3800}\n",
    ".badge.waived{background:#e6e9ed;color:#3d4650}\n",
    "p.objective{color:#3d4650}\n",
    "section h3{margin:16px 0 6px}\n",
    "li.step h3{margin:0}\n",
    "ul.unassessed{columns:2;column-gap:32px;padding-left:20px}\n",
    "footer{color:#59636e;font-size:13px;padding-bottom:28px}\n",
    "@page{margin:14mm}\n",
    "@media print{\n",
    "  body{background:#fff;font-size:10.5pt}\n",
    "  header.report,main,footer{max-width:none;padding:0}\n",
    "  nav.toc,a.anchor{display:none}\n",
    "  section{border:0;border-radius:0;padding:0;margin:0 0 8mm}\n",
    "  section+section{break-before:page}\n",
    "  figure,tr,li.step,ul.counts{break-inside:avoid}\n",
    "  thead{display:table-header-group}\n",
    "  h2{break-after:avoid}\n",
    "  a{color:inherit;text-decoration:none}\n",
    "  *{-webkit-print-color-adjust:exact;print-color-adjust:exact}\n",
    "}\n",
};

typedef struct Page {
    Session *s;
    const AssessResult *r;
    const Model *m;
    xmlDocPtr doc;
} Page;

static xmlNodePtr el(xmlNodePtr parent, const char *name, const char *cls)
{
    xmlNodePtr e = rx_el(parent, name);
    rx_attr(e, "class", cls);
    return e;
}

static xmlNodePtr tel(xmlNodePtr parent, const char *name, const char *cls, const char *text)
{
    xmlNodePtr e = el(parent, name, cls);
    rx_text(e, text);
    return e;
}

static xmlNodePtr link(xmlNodePtr parent, const char *href, const char *text)
{
    xmlNodePtr a = rx_text_el(parent, "a", text);
    rx_attr(a, "href", href);
    return a;
}

static xmlNodePtr code(xmlNodePtr parent, const char *text)
{
    return rx_text_el(parent, "code", text);
}

/* User-written text (titles, reasons, evidence, file names) in a <bdi>:
 * right-to-left text or a bidi control in it (U+202E, Trojan Source) is
 * isolated and cannot reorder the page's own text around it. */
static xmlNodePtr user(xmlNodePtr parent, const char *text)
{
    return text && *text ? rx_text_el(parent, "bdi", text) : NULL;
}

/* A link whose text is user-written. */
static xmlNodePtr ulink(xmlNodePtr parent, const char *href, const char *text)
{
    xmlNodePtr a = rx_el(parent, "a");
    rx_attr(a, "href", href);
    user(a, text);
    return a;
}

static void meta_row(xmlNodePtr dl, const char *term, const char *value, bool user_written)
{
    if (!value)
        return;
    rx_text_el(dl, "dt", term);
    if (user_written)
        user(rx_el(dl, "dd"), value);
    else
        rx_text_el(dl, "dd", value);
}

static const char *gap_text(Session *s, int gap)
{
    return gap < 0 ? arena_printf(s->arena, "\u2212%d", -gap) : arena_printf(s->arena, "%d", gap);
}

static const char *rollup_num(Session *s, double v)
{
    long t = (long)(v * 10 + 0.5);
    return t % 10 ? arena_printf(s->arena, "%ld.%ld", t / 10, t % 10) : arena_printf(s->arena, "%ld", t / 10);
}

/* ---------------------------------------------------------------- header */

static void page_header(Page *p, xmlNodePtr body, const CheckRun *run)
{
    Session *s = p->s;
    const AssessResult *r = p->r;
    const Assessment *a = r->a;
    xmlNodePtr h = el(body, "header", "report");
    tel(h, "p", "kicker", "IoT Security Maturity Model \u00B7 gap report");
    rx_attr(rx_text_el(h, "h1", a->ast->title ? a->ast->title : a->name), "dir", "auto");
    xmlNodePtr dl = el(h, "dl", "meta");
    rx_text_el(dl, "dt", "Assessment");
    code(rx_el(dl, "dd"), a->name);
    rx_text_el(dl, "dt", "Target");
    xmlNodePtr dd = rx_el(dl, "dd");
    code(dd, a->profile->name);
    if (a->profile->ast->title) {
        rx_text(dd, " (");
        user(dd, a->profile->ast->title);
        rx_text(dd, ")");
    }
    if (a->sector) {
        rx_text(dd, " sector ");
        code(dd, a->sector);
    }
    if (a->system) {
        rx_text(dd, " system ");
        code(dd, a->system);
    }
    rx_text_el(dl, "dt", "Model");
    dd = rx_el(dl, "dd");
    user(dd, p->m->title ? p->m->title : p->m->name);
    rx_text(dd, arena_printf(s->arena, " (%s%s", p->m->name, p->m->version ? " " : ""));
    user(dd, p->m->version);
    rx_text(dd, ")");
    meta_row(dl, "Date", report_date(s, a->ast->date), false);
    meta_row(dl, "Assessor", a->ast->assessor, true);
    meta_row(dl, "Levels", r->evidence ? "evidence mode: a level counts only when its considerations are met"
                                       : "as claimed in the assessment", false);
    meta_row(dl, "Roll-up", r->mean ? "mean of the practices (n/a excluded)" : "lowest practice (n/a excluded)", false);
    if (s->opt.today)
        meta_row(dl, "Waivers judged on", s->opt.today, false);
    (void)run;
    if (a->ast->doc)
        rx_attr(tel(h, "p", "lead", a->ast->doc), "dir", "auto");

    static const PracticeStatus order[] = {ST_GAP, ST_NOT_ASSESSED, ST_WAIVED, ST_MET, ST_OVER_TARGET,
                                           ST_NOT_APPLICABLE};
    xmlNodePtr ul = el(h, "ul", "counts");
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
        PracticeStatus st = order[i];
        xmlNodePtr li = el(ul, "li", arena_printf(s->arena, "status-%s", status_name(st)));
        rx_text_el(li, "b", arena_printf(s->arena, "%d", r->counts[st]));
        rx_text_el(li, "span", arena_printf(s->arena, "%s %s", report_status_symbol(st), report_status_text(st)));
    }
    int regressions = 0;
    for (int i = 0; i < p->m->npractices; i++)
        regressions += r->practices[i].regression;
    if (regressions) {
        xmlNodePtr li = el(ul, "li", "status-gap");
        rx_text_el(li, "b", arena_printf(s->arena, "%d", regressions));
        rx_text_el(li, "span", "\u25BC regression");
    }

    xmlNodePtr nav = el(h, "nav", "toc");
    rx_attr(nav, "aria-label", "Contents");
    link(nav, "#smm.summary", "Summary");
    link(nav, "#smm.heatmap.section", "Heat map");
    link(nav, "#smm.bars.section", "Bar chart");
    link(nav, "#smm.radar.section", "Radar");
    link(nav, "#smm.roadmap", "Roadmap");
    if (report_chart_applies(r, CHART_HISTORY))
        link(nav, "#smm.history.section", "History");
}

/* ---------------------------------------------------------------- evidence */

/* The evidence behind pr's rating into parent: one <li> per item, or the
 * words `none` in a muted span. */
static void evidence(Page *p, xmlNodePtr parent, const PracticeResult *pr, const char *none)
{
    ReportEvidence *ev;
    int n = report_evidence(p->s, p->r, pr, &ev);
    if (pr->status == ST_NOT_APPLICABLE && pr->entry && pr->entry->because) {
        xmlNodePtr sp = tel(parent, "span", "muted", "not applicable: ");
        user(sp, pr->entry->because);
        return;
    }
    if (n == 0) {
        tel(parent, "span", "muted", none);
        return;
    }
    xmlNodePtr ul = el(parent, "ul", "evidence");
    for (int i = 0; i < n; i++) {
        xmlNodePtr li = rx_el(ul, "li");
        if (ev[i].consideration) {
            code(li, ev[i].consideration);
            rx_text(li, ev[i].text ? " met: " : " met");
        }
        user(li, ev[i].text);
    }
}

/* ---------------------------------------------------------------- summary table */

/* A dimension or domain row of the summary table, with its roll-up. */
static void summary_group(Page *p, xmlNodePtr tbody, int i)
{
    Session *s = p->s;
    const AssessResult *r = p->r;
    const MNode *n = &p->m->nodes[i];
    xmlNodePtr tr = el(tbody, "tr", n->kind == MN_DIMENSION ? "dimension" : "domain");
    xmlNodePtr th = rx_el(tr, "th");
    user(th, report_title(n));
    rx_attr(th, "scope", "rowgroup");
    const RollUp *ru = NULL;
    for (int k = 0; k < r->nrollups; k++)
        if (r->rollups[k].node == i)
            ru = &r->rollups[k];
    if (ru && ru->counted) {
        rx_text_el(tr, "td", rollup_num(s, ru->target));
        rx_text_el(tr, "td", rollup_num(s, ru->current));
        xmlNodePtr td = rx_text_el(tr, "td", r->mean ? "roll-up (mean)" : "roll-up (min)");
        rx_attr(td, "colspan", "4");
    } else {
        xmlNodePtr td = rx_el(tr, "td");
        rx_attr(td, "colspan", "6");
    }
}

/* The status cell: symbol and word, the waiver's end, a regression. */
static void summary_status(Page *p, xmlNodePtr tr, const PracticeResult *pr)
{
    Session *s = p->s;
    /* whole phrases do not break; the cell wraps between them */
    xmlNodePtr td = el(tr, "td", "status");
    rx_text_el(td, "span", arena_printf(s->arena, "%s %s", report_status_symbol(pr->status),
                                        report_status_text(pr->status)));
    if (pr->status == ST_WAIVED) {
        const AEntry *w = report_waiver(p->r, pr);
        if (w) {
            rx_text(td, " ");
            rx_text_el(td, "span", arena_printf(s->arena, "until %s", report_date(s, w->until)));
        }
    }
    if (pr->regression) {
        rx_text(td, " ");
        rx_text_el(td, "span", "\u25BC regression");
        rx_text(td, " ");
        rx_text_el(td, "span", arena_printf(s->arena, "(was %d %s)", pr->previous_c, scope_name(pr->previous_s)));
    }
}

/* A practice row: title, target, current, the two gaps, status, evidence. */
static void summary_practice(Page *p, xmlNodePtr tbody, const PracticeResult *pr)
{
    Session *s = p->s;
    const MNode *n = &p->m->nodes[pr->node];
    xmlNodePtr tr = el(tbody, "tr", arena_printf(s->arena, "practice status-%s", status_name(pr->status)));
    rx_attr(tr, "id", n->id);
    xmlNodePtr td = el(tr, "td", "practice");
    user(td, report_title(n));
    rx_text(td, " ");
    xmlNodePtr cd = code(td, n->id);
    rx_attr(cd, "class", "muted");
    xmlNodePtr a = link(td, arena_printf(s->arena, "#%s", n->id), "#");
    rx_attr(a, "class", "anchor");
    rx_attr(a, "aria-label", arena_printf(s->arena, "link to %s", n->id));
    tel(tr, "td", "num", arena_printf(s->arena, "%d %s", pr->target_c, scope_name(pr->target_s)));
    if (pr->status == ST_NOT_APPLICABLE)
        tel(tr, "td", "num", "n/a");
    else if (!pr->assessed)
        tel(tr, "td", "num muted", "not assessed");
    else if (pr->claimed_c != pr->current_c)
        tel(tr, "td", "num", arena_printf(s->arena, "%d %s (claimed %d)", pr->current_c, scope_name(pr->current_s),
                                        pr->claimed_c));
    else
        tel(tr, "td", "num", arena_printf(s->arena, "%d %s", pr->current_c, scope_name(pr->current_s)));
    for (int axis = 0; axis < 2; axis++) {
        int gap = axis == 0 ? pr->gap_c : pr->gap_s;
        int cls = report_axis_class(pr, gap);
        const char *c = arena_printf(s->arena, "num gap gap-%s%s", report_class_name(cls),
                                     !pr->assessed && cls >= 0 ? " unassessed" : "");
        tel(tr, "td", c, cls < 0 ? "n/a" : gap_text(s, gap));
    }
    summary_status(p, tr, pr);
    evidence(p, el(tr, "td", "evidence"), pr, "none recorded");
}


static void summary_table(Page *p, xmlNodePtr main)
{
    Session *s = p->s;
    const AssessResult *r = p->r;
    const Model *m = p->m;
    xmlNodePtr sec = rx_el(main, "section");
    rx_attr(sec, "id", "smm.summary");
    rx_text_el(sec, "h2", "Summary");
    xmlNodePtr lead = tel(sec, "p", "lead",
                          "Every practice with its target and current comprehensiveness (0\u20134) and scope, "
                          "the gap on each axis (target \u2212 current; \u2212N is above the target), its "
                          "status and the evidence recorded for it (the level line's evidence and the considerations "
                          "marked met); domain and dimension rows show the roll-up. Each practice row is an anchor "
                          "named by the practice id");
    if (m->npractices > 0) {
        const char *id = m->nodes[m->practices[0]].id;
        rx_text(lead, ", for example ");
        code(link(lead, arena_printf(s->arena, "#%s", id), NULL), arena_printf(s->arena, "report.html#%s", id));
    }
    rx_text(lead, ".");
    xmlNodePtr table = el(sec, "table", "summary");
    xmlNodePtr thead = rx_el(table, "thead");
    xmlNodePtr tr = rx_el(thead, "tr");
    const char *heads[] = {"Practice", "Target", "Current", "Gap compr.", "Gap scope", "Status", "Evidence"};
    for (int i = 0; i < 7; i++) {
        xmlNodePtr th = rx_text_el(tr, "th", heads[i]);
        rx_attr(th, "scope", "col");
    }
    xmlNodePtr tbody = rx_el(table, "tbody");
    for (int i = 0; i < m->nnodes; i++) {
        if (m->nodes[i].kind == MN_PRACTICE)
            summary_practice(p, tbody, &r->practices[m->nodes[i].practice]);
        else
            summary_group(p, tbody, i);
    }
}

/* ---------------------------------------------------------------- charts */

static void chart_section(Page *p, xmlNodePtr main, ReportChart c, const char *heading, const char *lead)
{
    Session *s = p->s;
    xmlNodePtr sec = rx_el(main, "section");
    rx_attr(sec, "id", arena_printf(s->arena, "smm.%s.section", report_chart_name(c)));
    rx_text_el(sec, "h2", heading);
    tel(sec, "p", "lead", lead);
    xmlNodePtr fig = rx_el(sec, "figure");
    report_chart(s, p->doc, fig, p->r, c);
    rx_text_el(fig, "figcaption", report_chart_summary(s, p->r, c));
}

/* ---------------------------------------------------------------- roadmap */

/* One roadmap step: the practice, its gap and badge, what to raise, the
 * evidence behind the current level, the next objective and its unmet
 * considerations, the waiver. */
static void roadmap_step(Page *p, xmlNodePtr ol, const RoadStep *st)
{
    Session *s = p->s;
        const PracticeResult *pr = st->pr;
    int cls = st->gap >= 2 ? 2 : 1;
    xmlNodePtr li = el(ol, "li", arena_printf(s->arena, "step gap-%s%s", report_class_name(cls),
                                              st->waiver ? " waived" : ""));
    rx_attr(li, "id", arena_printf(s->arena, "smm.step.%s", st->node->id));
    rx_attr(li, "data-practice", st->node->id);
    xmlNodePtr h3 = rx_el(li, "h3");
    ulink(h3, arena_printf(s->arena, "#%s", st->node->id), report_title(st->node));
    rx_text(h3, " ");
    code(h3, st->node->id);
    tel(h3, "span", arena_printf(s->arena, "badge gap-%s", report_class_name(cls)),
        arena_printf(s->arena, "gap %d", st->gap));
    if (st->waiver)
        tel(h3, "span", "badge waived",
            arena_printf(s->arena, "waived until %s", report_date(s, st->waiver->until)));
    xmlNodePtr what = rx_el(li, "p");
    if (st->next_c > 0) {
        rx_text(what, arena_printf(s->arena, "Raise comprehensiveness from %d (%s) to ", pr->current_c,
                                   report_level_word(pr->current_c)));
        rx_text_el(what, "strong", arena_printf(s->arena, "%d (%s)", st->next_c, report_level_word(st->next_c)));
        if (pr->target_c > st->next_c)
            rx_text(what, arena_printf(s->arena, ", then on to the target %d (%s)", pr->target_c,
                                       report_level_word(pr->target_c)));
        rx_text(what, pr->gap_s > 0 ? "; " : ".");
    }
    if (pr->gap_s > 0)
        rx_text(what, arena_printf(s->arena, "%s the scope from %s to %s.", st->next_c > 0 ? "narrow" : "Narrow",
                                   scope_name(pr->current_s), scope_name(pr->target_s)));
    if (pr->claimed_c > pr->current_c)
        tel(li, "p", "muted",
            arena_printf(s->arena, "Claimed level %d counts as %d in evidence mode.", pr->claimed_c, pr->current_c));
    xmlNodePtr ev = el(li, "div", "evidence");
    rx_text_el(ev, "strong", arena_printf(s->arena, "Evidence for the current %d %s: ", pr->current_c,
                                           scope_name(pr->current_s)));
    evidence(p, ev, pr, "none recorded.");
    if (st->objective) {
        xmlNodePtr ob = el(li, "p", "objective");
        rx_text_el(ob, "strong", arena_printf(s->arena, "Level %d objective: ", st->next_c));
        user(ob, st->objective);
    }
    if (st->next_c > 0) {
        if (st->nunmet) {
            rx_text_el(li, "p", arena_printf(s->arena, "Considerations of level %d not yet met:", st->next_c));
            xmlNodePtr ul = el(li, "ul", "unmet");
            for (int k = 0; k < st->nunmet; k++) {
                const Consideration *c = st->unmet[k];
                xmlNodePtr item = rx_el(ul, "li");
                code(item, c->id);
                rx_text(item, " \u2014 ");
                user(item, c->text);
                if (c->origin && c->origin != p->m->name)
                    tel(item, "span", "muted",
                        arena_printf(s->arena, " (from %s%s%s)", c->origin, c->layer_name ? " " : "",
                                     c->layer_name ? c->layer_name : ""));
            }
        } else {
            tel(li, "p", "muted",
                arena_printf(s->arena, "Every consideration of level %d is recorded as met.", st->next_c));
        }
    }
    if (st->waiver) {
        xmlNodePtr wp = tel(li, "p", "muted", arena_printf(s->arena, "Accepted until %s", report_date(s, st->waiver->until)));
        if (st->waiver->owner) {
            rx_text(wp, " by ");
            user(wp, st->waiver->owner);
        }
        rx_text(wp, ": ");
        user(wp, st->waiver->because);
    }
    xmlNodePtr self = link(h3, arena_printf(s->arena, "#smm.step.%s", st->node->id), "#");
    rx_attr(self, "class", "anchor");
    rx_attr(self, "aria-label", arena_printf(s->arena, "link to this step"));
}


static void roadmap(Page *p, xmlNodePtr main)
{
    Session *s = p->s;
    const AssessResult *r = p->r;
    xmlNodePtr sec = rx_el(main, "section");
    rx_attr(sec, "id", "smm.roadmap");
    rx_text_el(sec, "h2", "Roadmap");
    Roadmap rm = {0};
    roadmap_build(r, &rm);
    if (rm.nsteps == 0 && rm.nunassessed == 0) {
        tel(sec, "p", "lead", "No practice falls short of its target: nothing to plan for the next cycle.");
        roadmap_free(&rm);
        return;
    }
    tel(sec, "p", "lead",
        "The steps from the current state to the target for the next plan\u2013do\u2013check\u2013act cycle: the "
        "largest gaps first, then the more fundamental dimension (in model order), then model order. Each step "
        "names the next level's objective and the considerations of that level not yet met. Waived gaps come last.");
    xmlNodePtr ol = el(sec, "ol", "roadmap");
    for (int i = 0; i < rm.nsteps; i++)
        roadmap_step(p, ol, &rm.steps[i]);
    if (rm.nunassessed) {
        rx_text_el(sec, "h3", "Not yet assessed");
        tel(sec, "p", "lead",
            "These practices have a target but no assessment line, so their gap is unknown (the charts count them "
            "as 0 general). Assess them in the next cycle.");
        xmlNodePtr ul = el(sec, "ul", "unassessed");
        for (int i = 0; i < rm.nunassessed; i++) {
            const PracticeResult *pr = rm.unassessed[i];
            const MNode *n = &p->m->nodes[pr->node];
            xmlNodePtr li = rx_el(ul, "li");
            rx_attr(li, "data-practice", n->id);
            ulink(li, arena_printf(s->arena, "#%s", n->id), report_title(n));
            rx_text(li, arena_printf(s->arena, " \u2014 target %d %s", pr->target_c, scope_name(pr->target_s)));
            if (pr->status == ST_WAIVED)
                rx_text(li, " (waived)");
        }
    }
    roadmap_free(&rm);
}

/* ---------------------------------------------------------------- history */

static void history(Page *p, xmlNodePtr main)
{
    Session *s = p->s;
    chart_section(p, main, CHART_HISTORY, "History",
                  "Each practice's level in every dated assessment of this target, oldest first. A rising green "
                  "line is progress; a red line with \u25BC is a regression since the previous assessment.");
    xmlNodePtr sec = main->last;
    ReportRegression *reg;
    size_t nassessed;
    int n = report_regressions(s, p->r, &reg, &nassessed);
    if (n == 0)
        return;
    rx_text_el(sec, "h3", "Regressions");
    xmlNodePtr ul = el(sec, "ul", "regressions");
    for (int k = 0; k < n; k++) {
        const PracticeResult *pr = reg[k].pr;
        const MNode *nd = &p->m->nodes[pr->node];
        xmlNodePtr li = el(ul, "li", "regression");
        rx_attr(li, "data-practice", nd->id);
        ulink(li, arena_printf(s->arena, "#%s", nd->id), report_title(nd));
        rx_text(li, arena_printf(s->arena, ": %d %s \u2192 %d %s in ", pr->previous_c, scope_name(pr->previous_s),
                                 pr->current_c, scope_name(pr->current_s)));
        code(li, reg[k].in->a->name);
        const char *d = report_date(s, reg[k].in->a->ast->date);
        if (d)
            rx_text(li, arena_printf(s->arena, " (%s)", d));
    }
}

/* ---------------------------------------------------------------- page */

int report_write_html(Session *s, const CheckRun *run, const AssessResult *r, FILE *out)
{
    xmlDocPtr doc = xmlNewDoc((const xmlChar *)"1.0");
    if (!doc)
        smm_fatal_oom();
    Page p = {.s = s, .r = r, .m = r->model, .doc = doc};
    xmlNodePtr html = xmlNewDocNode(doc, NULL, (const xmlChar *)"html", NULL);
    if (!html)
        smm_fatal_oom();
    xmlDocSetRootElement(doc, html);
    xmlNsPtr ns = xmlNewNs(html, (const xmlChar *)XHTML_NS, NULL);
    if (!ns)
        smm_fatal_oom();
    xmlSetNs(html, ns);
    rx_attr(html, "lang", "en");

    xmlNodePtr head = rx_el(html, "head");
    xmlNodePtr meta = rx_el(head, "meta");
    rx_attr(meta, "http-equiv", "Content-Type");
    rx_attr(meta, "content", "text/html; charset=UTF-8");
    meta = rx_el(head, "meta");
    rx_attr(meta, "name", "viewport");
    rx_attr(meta, "content", "width=device-width, initial-scale=1");
    meta = rx_el(head, "meta");
    rx_attr(meta, "name", "generator");
    rx_attr(meta, "content", "smmc " SMM_VERSION);
    const Assessment *a = r->a;
    rx_text_el(head, "title", arena_printf(s->arena, "Gap report: %s",
                                           report_isolate(s, a->ast->title ? a->ast->title : a->name)));
    Buf style = {0};
    for (size_t i = 0; i < sizeof css / sizeof css[0]; i++)
        buf_puts(&style, css[i]);
    rx_text_el(head, "style", buf_cstr(&style));
    buf_free(&style);

    xmlNodePtr body = rx_el(html, "body");
    page_header(&p, body, run);
    xmlNodePtr main = rx_el(body, "main");
    summary_table(&p, main);
    chart_section(&p, main, CHART_HEATMAP, "Heat map",
                  "Every practice at a glance, grouped by dimension and domain: two cells per practice, its "
                  "comprehensiveness gap (left) and scope gap (right); green no gap, yellow a gap of one level, red "
                  "a gap of two or more, grey hatched not applicable. The number in each cell is the gap; the "
                  "summary table above has every value.");
    chart_section(&p, main, CHART_BARS, "Bar chart",
                  "Target (upper, blue) and current (lower, orange) comprehensiveness of each practice; the space "
                  "between the bar ends is the gap. The fill shows the scope: empty general, hatched industry, "
                  "filled system. A not-applicable practice has no bars (n/a).");
    chart_section(&p, main, CHART_RADAR, "Radar",
                  "Target and current comprehensiveness around the model; where the orange polygon falls inside "
                  "the dashed blue one there is a gap. Marker shapes show the scope.");
    roadmap(&p, main);
    if (report_chart_applies(r, CHART_HISTORY))
        history(&p, main);

    xmlNodePtr foot = rx_el(body, "footer");
    xmlNodePtr fp = rx_el(foot, "p");
    rx_text(fp, "Generated by smmc " SMM_VERSION " from ");
    bool first = true;
    for (size_t i = 0; i < s->units.n; i++) {
        const Unit *u = s->units.v[i];
        if (!u->is_root)
            continue;
        if (!first)
            rx_text(fp, ", ");
        user(code(fp, NULL), u->src->display);
        first = false;
    }
    rx_text(fp, ". Gap semantics: target \u2212 current per axis; not assessed counts as 0 general; n/a is "
                "excluded from gaps and roll-ups.");

    int rc = rx_save(doc, out, true);
    xmlFreeDoc(doc);
    return rc;
}
