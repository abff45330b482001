/*
 * report.c — what every report writer shares: which assessment a report is
 * about and its history, the words and classes of the pictures (language.md
 * §7: gap 0 green, 1 yellow, ≥ 2 red, n/a grey), an estimate of text widths
 * for layout, and libxml2 tree building that fails loudly like xmalloc.
 *
 * Text widths are estimated from Arial/Helvetica advance widths, padded so
 * that the wider fonts a system font stack may pick (DejaVu Sans) still fit:
 * a label is wrapped or shortened on the estimate, and its full text is
 * always kept in a <title> as well.
 */
#include "report.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- focus */

const char *report_chart_name(ReportChart c)
{
    static const char *const names[CHART_COUNT] = {"heatmap", "bars", "radar", "history"};
    return names[c];
}

bool report_chart_applies(const AssessResult *r, ReportChart c)
{
    return c != CHART_HISTORY || r->previous != NULL;
}

const AssessResult *report_focus(const CheckRun *run, const char *name, Vec *heads)
{
    if (name) {
        for (size_t i = 0; i < run->n; i++)
            if (!strcmp(run->results[i]->a->name, name))
                return run->results[i];
        return NULL;
    }
    Vec h = {0};
    for (size_t i = 0; i < run->n; i++) {
        bool earlier = false;
        for (size_t j = 0; j < run->n && !earlier; j++)
            earlier = run->results[j]->previous == run->results[i];
        if (!earlier)
            vec_push(&h, run->results[i]);
    }
    const AssessResult *focus = h.n == 1 ? h.v[0] : NULL;
    if (heads && !focus)
        *heads = h;
    else
        vec_free(&h);
    return focus;
}

void report_history(const AssessResult *r, Vec *chain)
{
    size_t n = 0;
    for (const AssessResult *p = r; p; p = p->previous)
        n++;
    for (size_t i = 0; i < n; i++)
        vec_push(chain, NULL);
    for (const AssessResult *p = r; p; p = p->previous)
        chain->v[--n] = (void *)p;
}

/* The regressions of chain (oldest first) into out (when not NULL); the
 * count. */
static int each_regression(const Vec *chain, int npractices, ReportRegression *out)
{
    int n = 0;
    for (size_t j = 1; j < chain->n; j++) {
        const AssessResult *ar = chain->v[j];
        for (int i = 0; i < npractices; i++) {
            if (!ar->practices[i].regression)
                continue;
            if (out)
                out[n] = (ReportRegression){ar, &ar->practices[i]};
            n++;
        }
    }
    return n;
}

int report_regressions(Session *s, const AssessResult *r, ReportRegression **out, size_t *nassessed)
{
    Vec chain = {0};
    report_history(r, &chain);
    int n = each_regression(&chain, r->model->npractices, NULL);
    *out = n ? arena_alloc(s->arena, sizeof **out * (size_t)n) : NULL;
    if (n)
        each_regression(&chain, r->model->npractices, *out);
    *nassessed = chain.n;
    vec_free(&chain);
    return n;
}

/* ---------------------------------------------------------------- words */

int report_axis_class(const PracticeResult *pr, int gap)
{
    if (pr->status == ST_NOT_APPLICABLE)
        return -1;
    if (pr->target_c == 0 || gap <= 0)
        return 0;
    return gap == 1 ? 1 : 2;
}

const char *report_class_name(int cls)
{
    static const char *const names[] = {"green", "yellow", "red"};
    return cls < 0 || cls > 2 ? "na" : names[cls];
}

const char *report_level_word(int c)
{
    static const char *const words[] = {"none", "minimum", "ad hoc", "consistent", "formalized"};
    return c >= 0 && c <= 4 ? words[c] : "?";
}

const char *report_status_symbol(PracticeStatus st)
{
    /* plain symbols (no emoji) that print in any font and in monochrome */
    static const char *const sym[ST_COUNT] = {
        [ST_MET] = "\u2713", [ST_GAP] = "\u2717", [ST_OVER_TARGET] = "\u25B2",
        [ST_NOT_ASSESSED] = "?", [ST_NOT_APPLICABLE] = "\u2013", [ST_WAIVED] = "W",
    };
    return sym[st];
}

const char *report_status_text(PracticeStatus st)
{
    static const char *const text[ST_COUNT] = {
        [ST_MET] = "met", [ST_GAP] = "gap", [ST_OVER_TARGET] = "over target",
        [ST_NOT_ASSESSED] = "not assessed", [ST_NOT_APPLICABLE] = "n/a", [ST_WAIVED] = "waived",
    };
    return text[st];
}

const char *report_title(const MNode *n)
{
    return n->title && *n->title ? n->title : n->id;
}

/* ---------------------------------------------------------------- user text */

bool report_needs_isolation(const char *t)
{
    for (const unsigned char *p = (const unsigned char *)t; p && *p; p++)
        if (*p >= 0x80)
            return true;
    return false;
}

const char *report_isolate(Session *s, const char *t)
{
    return t && report_needs_isolation(t) ? arena_printf(s->arena, "\u2068%s\u2069", t) : t;
}

/* Is the consideration id `id` one of practice node's, at any level: the
 * model's or the variant's profile layers'? */
static bool practice_considers(const AssessResult *r, int node, const char *id)
{
    const MNode *n = &r->model->nodes[node];
    for (int l = 1; l <= 4; l++)
        for (const Consideration *c = n->considers[l]; c; c = c->next)
            if (!strcmp(c->id, id))
                return true;
    for (int layer = 0; layer < 4; layer++) {
        if (!r->variant.layers[layer])
            continue;
        for (const ConsLink *cl = r->variant.layers[layer]->considers; cl; cl = cl->next) {
            const ProfConsider *pc = cl->c;
            if (pc->node == node && !strcmp(pc->id.text, id))
                return true;
        }
    }
    return false;
}

/* The items of pr's evidence into out (when not NULL), in order; the
 * count. */
static int each_evidence(const AssessResult *r, const PracticeResult *pr, ReportEvidence *out)
{
    int n = 0;
    if (pr->entry && pr->entry->kind == AE_LEVEL)
        for (const StrList *e = pr->entry->evidence; e; e = e->next, n++)
            if (out)
                out[n] = (ReportEvidence){NULL, e->text};
    for (const AEntry *e = r->a->ast->entries; e; e = e->next) {
        if (e->kind != AE_MET || !practice_considers(r, pr->node, e->path.text))
            continue;
        if (!e->evidence && out)
            out[n] = (ReportEvidence){e->path.text, NULL};
        n += !e->evidence;
        for (const StrList *ev = e->evidence; ev; ev = ev->next, n++)
            if (out)
                out[n] = (ReportEvidence){e->path.text, ev->text};
    }
    return n;
}

int report_evidence(Session *s, const AssessResult *r, const PracticeResult *pr, ReportEvidence **out)
{
    int n = each_evidence(r, pr, NULL);
    *out = n ? arena_alloc(s->arena, sizeof **out * (size_t)n) : NULL;
    if (n)
        each_evidence(r, pr, *out);
    return n;
}

const AEntry *report_waiver(const AssessResult *r, const PracticeResult *pr)
{
    if (pr->waiver)
        return pr->waiver;
    /* check.c does not fill PracticeResult.waiver yet: find the line */
    for (const AEntry *e = r->a->ast->entries; e; e = e->next)
        if (e->kind == AE_WAIVE && e->node == pr->node)
            return e;
    return NULL;
}

const char *report_date(Session *s, DateLit d)
{
    if (!d.y)
        return NULL;
    return arena_printf(s->arena, "%04d-%02d-%02d", d.y, d.m, d.d);
}

const char *report_target_name(Session *s, const Assessment *a)
{
    return arena_printf(s->arena, "%s%s%s%s%s", a->profile->name, a->sector ? " sector " : "",
                        a->sector ? a->sector : "", a->system ? " system " : "", a->system ? a->system : "");
}

void report_class_counts(const AssessResult *r, int counts[4])
{
    memset(counts, 0, sizeof(int) * 4);
    for (int i = 0; i < r->model->npractices; i++) {
        int cls = gap_class(&r->practices[i]);
        counts[cls < 0 ? 3 : cls]++;
    }
}

/* ---------------------------------------------------------------- text metrics */

/* Advance widths of ASCII 32..126 in thousandths of an em (Arial). */
static const unsigned short advance[95] = {
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, /*  !"#$%&'()*+,-./ */
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556, /* 0-9 :;<=>? */
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, /* @A-O */
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, /* P-Z [\]^_ */
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, /* `a-o */
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,      /* p-z {|}~ */
};

/* Bytes of the UTF-8 sequence starting with c (1 for stray bytes). */
static size_t utf8_len(unsigned char c)
{
    return c < 0xC0 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
}

static double span_width(const char *s, size_t n, double size)
{
    double w = 0;
    for (size_t i = 0; i < n;) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 32 && c < 127) {
            w += advance[c - 32];
            i++;
        } else {
            w += 700; /* any other code point: a wide letter */
            i += utf8_len(c);
        }
    }
    return w * size / 1000.0 * 1.12;
}

double report_text_width(const char *s, double size)
{
    return span_width(s, strlen(s), size);
}

/* The longest prefix of s[0..n) (whole code points) that fits width with an
 * ellipsis after it. */
static char *shorten(Session *s, const char *t, size_t n, double width, double size)
{
    double ell = span_width("\u2026", 3, size);
    size_t keep = 0;
    for (size_t i = 0; i < n;) {
        size_t k = utf8_len((unsigned char)t[i]);
        if (i + k > n || span_width(t, i + k, size) + ell > width)
            break;
        i += k;
        keep = i;
    }
    while (keep > 0 && t[keep - 1] == ' ')
        keep--;
    return arena_printf(s->arena, "%.*s\u2026", (int)keep, t);
}

int report_wrap(Session *s, const char *text, double width, double size, int maxlines,
                const char **lines)
{
    int nl = 0;
    const char *p = text;
    while (*p == ' ')
        p++;
    while (*p && nl < maxlines) {
        /* take words while they fit */
        const char *end = p, *q = p;
        while (*q) {
            const char *w = q;
            while (*w == ' ')
                w++;
            const char *we = w;
            while (*we && *we != ' ')
                we++;
            if (end != p && span_width(p, (size_t)(we - p), size) > width)
                break;
            end = we;
            q = we;
            if (span_width(p, (size_t)(end - p), size) > width)
                break;
        }
        const char *rest = end;
        while (*rest == ' ')
            rest++;
        size_t n = (size_t)(end - p);
        bool last = nl == maxlines - 1;
        if (span_width(p, n, size) > width || (last && *rest))
            lines[nl++] = shorten(s, p, last && *rest ? strlen(p) : n, width, size);
        else
            lines[nl++] = arena_strndup(s->arena, p, n);
        p = rest;
    }
    return nl;
}

/* ---------------------------------------------------------------- libxml2 trees */

static void *nonnull(void *p)
{
    if (!p)
        smm_fatal_oom();
    return p;
}

xmlNodePtr rx_el(xmlNodePtr parent, const char *name)
{
    /* xmlNewChild with a NULL namespace inherits the parent's */
    return nonnull(xmlNewChild(parent, NULL, (const xmlChar *)name, NULL));
}

/* Line ends normalized to LF: a CR (from a CRLF source file or a "\r"
 * escape) would otherwise be written as "&#13;".  Heap copy, or t itself
 * when it has no CR. */
static char *lf_only(const char *t)
{
    if (!strchr(t, '\r'))
        return (char *)t;
    char *c = xmalloc(strlen(t) + 1), *o = c;
    for (const char *p = t; *p; p++) {
        if (*p == '\r') {
            *o++ = '\n';
            if (p[1] == '\n')
                p++;
        } else {
            *o++ = *p;
        }
    }
    *o = 0;
    return c;
}

void rx_text(xmlNodePtr node, const char *text)
{
    if (!text || !*text)
        return;
    char *lf = lf_only(text);
    xmlNodePtr t = nonnull(xmlNewDocText(node->doc, (const xmlChar *)lf));
    if (lf != text)
        free(lf);
    xmlAddChild(node, t);
}

xmlNodePtr rx_text_el(xmlNodePtr parent, const char *name, const char *text)
{
    xmlNodePtr n = rx_el(parent, name);
    rx_text(n, text);
    return n;
}

void rx_attr(xmlNodePtr node, const char *name, const char *value)
{
    if (!value)
        return;
    char *lf = lf_only(value);
    nonnull(xmlSetProp(node, (const xmlChar *)name, (const xmlChar *)lf));
    if (lf != value)
        free(lf);
}

void rx_attrf(xmlNodePtr node, const char *name, const char *fmt, ...)
{
    char buf[256];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof buf) {
        rx_attr(node, name, buf);
        return;
    }
    va_start(ap, fmt);
    char *big = xmalloc((size_t)n + 1);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    rx_attr(node, name, big);
    free(big);
}

void rx_num(xmlNodePtr node, const char *name, double v)
{
    char buf[32];
    long tenths = (long)(v * 10 + (v < 0 ? -0.5 : 0.5));
    if (tenths % 10 == 0)
        snprintf(buf, sizeof buf, "%ld", tenths / 10);
    else
        snprintf(buf, sizeof buf, "%s%ld.%ld", tenths < 0 ? "-" : "", labs(tenths) / 10, labs(tenths) % 10);
    rx_attr(node, name, buf);
}

static int write_cb(void *ctx, const char *buf, int len)
{
    return fwrite(buf, 1, (size_t)len, (FILE *)ctx) == (size_t)len ? len : -1;
}

int rx_save(xmlDocPtr doc, FILE *out, bool xhtml)
{
    int opts = XML_SAVE_FORMAT | (xhtml ? XML_SAVE_NO_DECL | XML_SAVE_XHTML : 0);
    if (xhtml && fputs("<!DOCTYPE html>\n", out) < 0)
        return -1;
    xmlSaveCtxtPtr ctx = nonnull(xmlSaveToIO(write_cb, NULL, out, "UTF-8", opts));
    /* xmlSaveTree applies the XHTML rules (<div></div>, <br />) without an
     * XHTML 1.0 DTD; the page itself is HTML5 */
    long rc = xhtml ? xmlSaveTree(ctx, xmlDocGetRootElement(doc)) : xmlSaveDoc(ctx, doc);
    if (xmlSaveClose(ctx) < 0)
        rc = -1;
    if (xhtml && fputc('\n', out) == EOF)
        rc = -1;
    return rc < 0 || ferror(out) ? -1 : 0;
}
