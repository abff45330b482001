/*
 * report_charts.c — the entry points of the SVG charts: their titles and
 * text summaries (for the HTML page and screen readers), one chart into a
 * document (report_chart) or a stand-alone file (report_write_svg).  Kept
 * apart from report_svg.c so that the dispatch depends on the chart files
 * and the chart files on the shared helpers, never back.
 */
#include "report_svg.h"

/* The <svg> element with its accessible name and description; the size is
 * set by svg_finish() once the layout is known. */
static void chart_begin(Chart *c, xmlDocPtr doc, xmlNodePtr parent)
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
    rx_attr(t, "id", svg_cid(c, "title"));
    xmlNodePtr d = rx_text_el(c->svg, "desc", report_chart_summary(s, c->r, c->kind));
    rx_attr(d, "id", svg_cid(c, "desc"));
    c->defs = rx_el(c->svg, "defs");
    c->top = 8;
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
    chart_begin(&c, doc, parent);
    switch (kind) {
    case CHART_HEATMAP: svg_heatmap(&c); break;
    case CHART_BARS: svg_bars(&c); break;
    case CHART_RADAR: svg_radar(&c); break;
    case CHART_HISTORY: svg_history(&c); break;
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
