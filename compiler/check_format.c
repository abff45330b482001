/*
 * check_format.c — the check result in the formats CI systems read: the text
 * summary table, JSON (tool.md §4), JUnit XML, GitHub workflow annotations
 * and CSV.  SARIF lives in sarif.c.  Every writer is deterministic: results
 * in source order, practices in model order, diagnostics in emission order.
 */
#include "smmc.h"
#include "check_format.h"

#include <jansson.h>
#include <libxml/xmlwriter.h>
#include <stdlib.h>
#include <string.h>

/* ---------------------------------------------------------------- helpers */

DiagPos diag_pos(Session *s, Loc loc)
{
    DiagPos p = {NULL, 0, 0, 0, 0};
    SourceFile *f = source_get(s, loc.file);
    if (!f)
        return p;
    LineCol a = source_linecol(f, loc.start);
    LineCol b = source_linecol(f, loc.end > loc.start ? loc.end : loc.start + 1);
    p.file = f->display;
    p.line = a.line;
    p.column = a.column;
    p.end_line = b.line;
    p.end_column = b.column;
    return p;
}

static const char *date_str(Session *s, DateLit d)
{
    if (!d.y)
        return NULL;
    return arena_printf(s->arena, "%04d-%02d-%02d", d.y, d.m, d.d);
}

static json_t *jstr(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* ---------------------------------------------------------------- JSON */

json_t *diag_to_json(Session *s, const Diag *d)
{
    json_t *o = json_object();
    DiagPos p = diag_pos(s, d->loc);
    json_object_set_new(o, "code", json_string(diag_info[d->id].code));
    json_object_set_new(o, "name", json_string(diag_info[d->id].name));
    json_object_set_new(o, "severity", json_string(severity_name(d->sev)));
    json_object_set_new(o, "file", jstr(p.file));
    json_object_set_new(o, "line", p.file ? json_integer(p.line) : json_null());
    json_object_set_new(o, "column", p.file ? json_integer(p.column) : json_null());
    json_object_set_new(o, "end_line", p.file ? json_integer(p.end_line) : json_null());
    json_object_set_new(o, "end_column", p.file ? json_integer(p.end_column) : json_null());
    json_object_set_new(o, "message", json_string(d->msg));
    json_object_set_new(o, "assessment", jstr(d->assessment));
    json_object_set_new(o, "practice", jstr(d->practice));
    json_object_set_new(o, "key", jstr(d->key));
    json_object_set_new(o, "baselined", json_boolean(d->baselined));
    json_t *notes = json_array();
    for (const DiagNote *n = d->notes; n; n = n->next) {
        json_t *jn = json_object();
        DiagPos np = diag_pos(s, n->loc);
        json_object_set_new(jn, "file", jstr(np.file));
        json_object_set_new(jn, "line", np.file ? json_integer(np.line) : json_null());
        json_object_set_new(jn, "column", np.file ? json_integer(np.column) : json_null());
        json_object_set_new(jn, "message", json_string(n->msg));
        json_array_append_new(notes, jn);
    }
    json_object_set_new(o, "notes", notes);
    return o;
}

static json_t *level_pair(int c, int sc)
{
    json_t *o = json_object();
    json_object_set_new(o, "comprehensiveness", json_integer(c));
    json_object_set_new(o, "scope", json_string(scope_name(sc)));
    return o;
}

static json_t *result_json(Session *s, const AssessResult *r)
{
    const Model *m = r->model;
    const Assessment *a = r->a;
    json_t *o = json_object();
    json_object_set_new(o, "name", json_string(a->name));
    json_object_set_new(o, "title", jstr(a->ast->title));
    json_object_set_new(o, "date", jstr(date_str(s, a->ast->date)));
    json_object_set_new(o, "assessor", jstr(a->ast->assessor));
    json_t *t = json_object();
    json_object_set_new(t, "profile", json_string(a->profile->name));
    json_object_set_new(t, "sector", jstr(a->sector));
    json_object_set_new(t, "system", jstr(a->system));
    json_object_set_new(o, "target", t);
    json_object_set_new(o, "model", json_string(m->name));
    json_object_set_new(o, "evidence", json_boolean(r->evidence));
    json_object_set_new(o, "rollup", json_string(r->mean ? "mean" : "min"));
    json_object_set_new(o, "previous", r->previous ? json_string(r->previous->a->name) : json_null());
    json_t *ps = json_array();
    for (int i = 0; i < m->npractices; i++) {
        const PracticeResult *pr = &r->practices[i];
        const MNode *n = &m->nodes[pr->node];
        json_t *jp = json_object();
        json_object_set_new(jp, "id", json_string(n->id));
        json_object_set_new(jp, "path", json_string(n->path));
        json_object_set_new(jp, "status", json_string(status_name(pr->status)));
        json_object_set_new(jp, "target", level_pair(pr->target_c, pr->target_s));
        json_object_set_new(jp, "current", pr->assessed ? level_pair(pr->current_c, pr->current_s) : json_null());
        if (pr->assessed && pr->claimed_c != pr->current_c)
            json_object_set_new(jp, "claimed", json_integer(pr->claimed_c));
        json_t *g = json_object();
        bool na = pr->status == ST_NOT_APPLICABLE;
        json_object_set_new(g, "comprehensiveness", na ? json_null() : json_integer(pr->gap_c));
        json_object_set_new(g, "scope", na ? json_null() : json_integer(pr->gap_s));
        json_object_set_new(jp, "gap", g);
        json_object_set_new(jp, "class", gap_class(pr) < 0 ? json_string("n/a")
                                         : json_string((const char *[]){"green", "yellow", "red"}[gap_class(pr)]));
        if (pr->waiver) {
            json_t *w = json_object();
            json_object_set_new(w, "until", jstr(date_str(s, pr->waiver->until)));
            json_object_set_new(w, "because", jstr(pr->waiver->because));
            json_object_set_new(w, "owner", jstr(pr->waiver->owner));
            json_object_set_new(jp, "waiver", w);
        }
        if (pr->previous_c >= 0)
            json_object_set_new(jp, "previous", level_pair(pr->previous_c, pr->previous_s));
        json_object_set_new(jp, "regression", json_boolean(pr->regression));
        json_t *un = json_array();
        for (const Unmet *u = pr->unmet; u; u = u->next)
            json_array_append_new(un, json_string(u->c->id));
        json_object_set_new(jp, "unmet", un);
        json_array_append_new(ps, jp);
    }
    json_object_set_new(o, "practices", ps);
    json_t *rs = json_array();
    for (int i = 0; i < r->nrollups; i++) {
        const RollUp *ru = &r->rollups[i];
        const MNode *n = &m->nodes[ru->node];
        json_t *jr = json_object();
        json_object_set_new(jr, "id", json_string(n->id));
        json_object_set_new(jr, "kind", json_string(n->kind == MN_DIMENSION ? "dimension" : "domain"));
        /* no practice counted (all not applicable): no value */
        json_object_set_new(jr, "target", ru->counted ? json_real((double)(long)(ru->target * 100 + 0.5) / 100)
                                                      : json_null());
        json_object_set_new(jr, "current", ru->counted ? json_real((double)(long)(ru->current * 100 + 0.5) / 100)
                                                       : json_null());
        json_object_set_new(jr, "practices", json_integer(ru->counted));
        json_array_append_new(rs, jr);
    }
    json_object_set_new(o, "rollups", rs);
    json_t *counts = json_object();
    for (int k = 0; k < ST_COUNT; k++)
        json_object_set_new(counts, status_name((PracticeStatus)k), json_integer(r->counts[k]));
    json_object_set_new(o, "counts", counts);
    return o;
}

int check_write_json(Session *s, const CheckRun *run, FILE *out)
{
    json_t *root = json_object();
    json_object_set_new(root, "smm_check", json_integer(1));
    json_object_set_new(root, "generator", json_string("smmc " SMM_VERSION));
    json_t *as = json_array();
    for (size_t i = 0; i < run->n; i++)
        json_array_append_new(as, result_json(s, run->results[i]));
    json_object_set_new(root, "assessments", as);
    json_t *ds = json_array();
    int errors = 0, warnings = 0;
    for (const Diag *d = s->diags; d; d = d->next) {
        if (d->sev == SEV_IGNORED)
            continue;
        json_array_append_new(ds, diag_to_json(s, d));
        if (!d->baselined) {
            errors += d->sev == SEV_ERROR;
            warnings += d->sev == SEV_WARNING;
        }
    }
    json_object_set_new(root, "diagnostics", ds);
    json_t *sum = json_object();
    json_object_set_new(sum, "errors", json_integer(errors));
    json_object_set_new(sum, "warnings", json_integer(warnings));
    json_object_set_new(sum, "baselined", json_integer(run->baselined));
    json_object_set_new(root, "summary", sum);
    int rc = json_dumpf(root, out, JSON_INDENT(2));
    fputc('\n', out);
    json_decref(root);
    return rc;
}

/* ---------------------------------------------------------------- text */

static void pad(FILE *out, int n)
{
    while (n-- > 0)
        fputc(' ', out);
}

int check_write_text(Session *s, const CheckRun *run, FILE *out)
{
    for (size_t i = 0; i < run->n; i++) {
        const AssessResult *r = run->results[i];
        const Model *m = r->model;
        const Assessment *a = r->a;
        fprintf(out, "%s%s%s\n", a->name, a->ast->title ? " - " : "", a->ast->title ? a->ast->title : "");
        fprintf(out, "  target %s%s%s%s%s", a->profile->name, a->sector ? " sector " : "",
                a->sector ? a->sector : "", a->system ? " system " : "", a->system ? a->system : "");
        const char *date = date_str(s, a->ast->date);
        if (date)
            fprintf(out, ", %s", date);
        if (r->previous) { /* history: the assessment regressions are measured against */
            const char *pd = date_str(s, r->previous->a->ast->date);
            fprintf(out, ", previous %s%s%s%s", r->previous->a->name, pd ? " (" : "", pd ? pd : "", pd ? ")" : "");
        }
        fprintf(out, "%s\n\n", r->evidence ? " (evidence mode)" : "");
        const char *ruhead = r->mean ? "roll-up (mean)" : "roll-up (min)";
        int w = (int)strlen(ruhead);
        for (int k = 0; k < m->nnodes; k++) {
            int len = (int)strlen(m->nodes[k].id) + (m->nodes[k].kind == MN_DOMAIN ? 2 : 0);
            if (len > w)
                w = len;
        }
        for (int k = 0; k < m->npractices; k++) {
            int len = (int)strlen(m->nodes[m->practices[k]].id);
            if (len > w)
                w = len;
        }
        fprintf(out, "  %-*s  %-12s  %-12s  %-5s  %s\n", w, "practice", "target", "current", "gap", "status");
        for (int k = 0; k < m->npractices; k++) {
            const PracticeResult *pr = &r->practices[k];
            char tgt[32], cur[32], gap[32];
            snprintf(tgt, sizeof tgt, "%d %s", pr->target_c, scope_name(pr->target_s));
            if (pr->status == ST_NOT_APPLICABLE)
                snprintf(cur, sizeof cur, "n/a");
            else if (!pr->assessed)
                snprintf(cur, sizeof cur, "-");
            else
                snprintf(cur, sizeof cur, "%d %s", pr->current_c, scope_name(pr->current_s));
            if (pr->status == ST_NOT_APPLICABLE || pr->target_c == 0)
                snprintf(gap, sizeof gap, "-");
            else
                snprintf(gap, sizeof gap, "%d/%d", pr->gap_c > 0 ? pr->gap_c : 0, pr->gap_s > 0 ? pr->gap_s : 0);
            fprintf(out, "  %-*s  %-12s  %-12s  %-5s  %s%s\n", w, m->nodes[pr->node].id, tgt, cur, gap,
                    status_name(pr->status), pr->regression ? " (regression)" : "");
        }
        fprintf(out, "\n  %-*s  %-12s  %s\n", w, ruhead, "target", "current");
        for (int k = 0; k < r->nrollups; k++) {
            const RollUp *ru = &r->rollups[k];
            const MNode *n = &m->nodes[ru->node];
            int indent = n->kind == MN_DOMAIN ? 2 : 0;
            fputs("  ", out);
            pad(out, indent);
            if (!ru->counted)
                fprintf(out, "%-*s  %-12s  %s\n", w - indent, n->id, "-", "-");
            else
                fprintf(out, "%-*s  %-12.*f  %.*f\n", w - indent, n->id, r->mean ? 2 : 0, ru->target,
                        r->mean ? 2 : 0, ru->current);
        }
        fputc('\n', out);
        fputs("  ", out);
        for (int k = 0; k < ST_COUNT; k++)
            fprintf(out, "%s%d %s", k ? ", " : "", r->counts[k], status_name((PracticeStatus)k));
        fputs("\n\n", out);
    }
    int errors = 0, warnings = 0;
    for (const Diag *d = s->diags; d; d = d->next)
        if (!d->baselined) {
            errors += d->sev == SEV_ERROR;
            warnings += d->sev == SEV_WARNING;
        }
    fprintf(out, "smmc check: %zu assessment%s, %d error%s, %d warning%s", run->n, run->n == 1 ? "" : "s",
            errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    if (run->baselined)
        fprintf(out, ", %d baselined", run->baselined);
    fputc('\n', out);
    return ferror(out) ? -1 : 0;
}

/* ---------------------------------------------------------------- CSV */

static void csv_field(FILE *out, const char *v, bool last)
{
    if (v && strpbrk(v, ",\"\r\n")) {
        fputc('"', out);
        for (const char *p = v; *p; p++) {
            if (*p == '"')
                fputc('"', out);
            fputc(*p, out);
        }
        fputc('"', out);
    } else if (v) {
        fputs(v, out);
    }
    fputs(last ? "\r\n" : ",", out);
}

int check_write_csv(Session *s, const CheckRun *run, FILE *out)
{
    static const char *const cols[] = {"assessment", "profile", "sector", "system", "date", "practice",
                                       "path", "status", "target_comprehensiveness", "target_scope",
                                       "current_comprehensiveness", "current_scope", "gap_comprehensiveness",
                                       "gap_scope", "regression", "waived_until"};
    enum { NCOLS = sizeof cols / sizeof cols[0] };
    for (int i = 0; i < NCOLS; i++)
        csv_field(out, cols[i], i == NCOLS - 1);
    for (size_t i = 0; i < run->n; i++) {
        const AssessResult *r = run->results[i];
        const Model *m = r->model;
        for (int k = 0; k < m->npractices; k++) {
            const PracticeResult *pr = &r->practices[k];
            const MNode *n = &m->nodes[pr->node];
            bool na = pr->status == ST_NOT_APPLICABLE;
            char tc[16], cc[16], gc[16], gs[16];
            snprintf(tc, sizeof tc, "%d", pr->target_c);
            snprintf(cc, sizeof cc, "%d", pr->current_c);
            snprintf(gc, sizeof gc, "%d", pr->gap_c);
            snprintf(gs, sizeof gs, "%d", pr->gap_s);
            const char *row[NCOLS] = {
                r->a->name, r->a->profile->name, r->a->sector, r->a->system, date_str(s, r->a->ast->date),
                n->id, n->path, status_name(pr->status), tc, scope_name(pr->target_s),
                pr->assessed ? cc : NULL, pr->assessed ? scope_name(pr->current_s) : NULL,
                na ? NULL : gc, na ? NULL : gs, pr->regression ? "true" : "false",
                pr->waiver ? date_str(s, pr->waiver->until) : NULL};
            for (int c = 0; c < NCOLS; c++)
                csv_field(out, row[c], c == NCOLS - 1);
        }
    }
    return ferror(out) ? -1 : 0;
}

/* ---------------------------------------------------------------- GitHub */

/* Workflow command escaping: data escapes %, CR, LF; properties also : and ,. */
static void gh_escape(FILE *out, const char *v, bool property)
{
    for (const char *p = v; *p; p++) {
        switch (*p) {
        case '%': fputs("%25", out); break;
        case '\r': fputs("%0D", out); break;
        case '\n': fputs("%0A", out); break;
        case ':': property ? fputs("%3A", out) : fputc(':', out); break;
        case ',': property ? fputs("%2C", out) : fputc(',', out); break;
        default: fputc(*p, out);
        }
    }
}

int check_write_github(Session *s, const CheckRun *run, FILE *out)
{
    (void)run;
    for (const Diag *d = s->diags; d; d = d->next) {
        if (d->baselined || d->sev == SEV_IGNORED)
            continue;
        const char *cmd = d->sev == SEV_ERROR ? "error" : d->sev == SEV_WARNING ? "warning" : "notice";
        DiagPos p = diag_pos(s, d->loc);
        fprintf(out, "::%s ", cmd);
        if (p.file) {
            fputs("file=", out);
            gh_escape(out, p.file, true);
            fprintf(out, ",line=%u,col=%u,endLine=%u,endColumn=%u,", p.line, p.column, p.end_line,
                    p.end_column);
        }
        fputs("title=", out);
        Buf title = {0};
        buf_printf(&title, "smmc %s [%s]", diag_info[d->id].code, diag_info[d->id].name);
        gh_escape(out, buf_cstr(&title), true);
        buf_free(&title);
        fputs("::", out);
        Buf msg = {0};
        buf_puts(&msg, d->msg);
        for (const DiagNote *n = d->notes; n; n = n->next) {
            DiagPos np = diag_pos(s, n->loc);
            if (np.file)
                buf_printf(&msg, "\nnote: %s:%u:%u: %s", np.file, np.line, np.column, n->msg);
            else
                buf_printf(&msg, "\nnote: %s", n->msg);
        }
        gh_escape(out, buf_cstr(&msg), false);
        buf_free(&msg);
        fputc('\n', out);
    }
    return ferror(out) ? -1 : 0;
}

/* ---------------------------------------------------------------- JUnit */

#define X(s) ((const xmlChar *)(s))

/* Diagnostics shown in JUnit: not ignored, not baselined. */
static bool junit_shown(const Diag *d)
{
    return d->sev != SEV_IGNORED && !d->baselined;
}

/* Is d about (assessment, practice)?  practice NULL: the assessment itself
 * (unknown `met` ids, duplicate dates); assessment NULL: no assessment
 * (compile errors). */
static bool junit_about(const Diag *d, const char *assessment, const char *practice)
{
    return d->assessment == assessment && d->practice == practice;
}

/* The shown diagnostics about (assessment, practice) of severity error
 * (errors true) or of any other severity, rendered one after the other into
 * text; their count.  The first error's message and the distinct names of
 * the errors go to *first and names (errors only). */
static int junit_collect(Session *s, const char *assessment, const char *practice, bool errors, Buf *text,
                         const char **first, Buf *names)
{
    int n = 0;
    for (const Diag *d = s->diags; d; d = d->next) {
        if (!junit_shown(d) || !junit_about(d, assessment, practice) || (d->sev == SEV_ERROR) != errors)
            continue;
        if (n++ == 0 && first)
            *first = d->msg;
        if (names) {
            const char *name = diag_info[d->id].name, *have = buf_cstr(names);
            size_t len = strlen(name);
            bool seen = false;
            for (const char *p = have; (p = strstr(p, name)); p += len)
                if ((p == have || p[-1] == ' ') && (p[len] == ' ' || !p[len]))
                    seen = true;
            if (!seen) {
                if (names->n)
                    buf_putc(names, ' ');
                buf_puts(names, name);
            }
        }
        diag_render_text(s, d, text, false);
    }
    return n;
}

/* One testcase: at most one <failure> (JUnit's schema and CI servers count
 * one per failed test), holding every error about the practice — a gap and
 * a regression of the same line are one failure of type "gap regression" —
 * and one <system-out> for the rest. */
static void junit_case(Session *s, xmlTextWriterPtr w, const char *classname, const char *name,
                       const char *assessment, const char *practice, const char *skipped)
{
    xmlTextWriterStartElement(w, X("testcase"));
    xmlTextWriterWriteAttribute(w, X("classname"), X(classname));
    xmlTextWriterWriteAttribute(w, X("name"), X(name));
    if (skipped) {
        xmlTextWriterStartElement(w, X("skipped"));
        xmlTextWriterWriteAttribute(w, X("message"), X(skipped));
        xmlTextWriterEndElement(w);
    }
    Buf text = {0}, names = {0};
    Hold ht, hn;
    guard_hold(&ht, hold_buf, &text);
    guard_hold(&hn, hold_buf, &names);
    const char *first = NULL;
    int nerr = junit_collect(s, assessment, practice, true, &text, &first, &names);
    if (nerr) {
        xmlTextWriterStartElement(w, X("failure"));
        if (nerr == 1)
            xmlTextWriterWriteAttribute(w, X("message"), X(first));
        else
            xmlTextWriterWriteFormatAttribute(w, X("message"), "%s (and %d more error%s)", first, nerr - 1,
                                              nerr > 2 ? "s" : "");
        xmlTextWriterWriteAttribute(w, X("type"), X(buf_cstr(&names)));
        xmlTextWriterWriteString(w, X(buf_cstr(&text)));
        xmlTextWriterEndElement(w);
    }
    buf_free(&text);
    buf_free(&names);
    text = (Buf){0};
    if (junit_collect(s, assessment, practice, false, &text, NULL, NULL)) {
        xmlTextWriterStartElement(w, X("system-out"));
        xmlTextWriterWriteString(w, X(buf_cstr(&text)));
        xmlTextWriterEndElement(w);
    }
    guard_drop(&hn);
    guard_drop(&ht);
    buf_free(&text);
    xmlTextWriterEndElement(w);
}

/* Does (assessment, practice) have a shown diagnostic (of severity error)? */
static bool junit_has(const Session *s, const char *assessment, const char *practice, bool errors_only)
{
    for (const Diag *d = s->diags; d; d = d->next)
        if (junit_shown(d) && junit_about(d, assessment, practice) && (!errors_only || d->sev == SEV_ERROR))
            return true;
    return false;
}

/*
 * One <testsuite> per assessment, one <testcase> per practice (one
 * <failure> holding every error that counts: gaps, not-assessed,
 * regressions, and warnings promoted by -Werror), plus a testcase "(assessment)" when the assessment
 * itself has diagnostics, and a suite "smmc" for diagnostics that belong to
 * no assessment (compile errors), so that a failing gate never shows up as
 * a green test report.  The counts add up: a suite's failures and skipped
 * are its <failure> and <skipped> elements, and testsuites = sum of
 * testsuite.  The output validates against the Jenkins xUnit plugin's
 * junit-10.xsd (tests/check/junit-10.xsd): every <testsuite> carries
 * `errors` (always 0: smmc reports failures, not test errors), and
 * <testsuites> carries no `skipped`.
 */
static void free_writer(void *w)
{
    xmlFreeTextWriter(w);
}

int check_write_junit(Session *s, const CheckRun *run, FILE *out)
{
    xmlOutputBufferPtr buf = xmlOutputBufferCreateFile(out, NULL);
    xmlTextWriterPtr w = buf ? xmlNewTextWriter(buf) : NULL;
    if (!w)
        return -1;
    Hold h;
    guard_hold(&h, free_writer, w);
    xmlTextWriterSetIndent(w, 1);
    xmlTextWriterSetIndentString(w, X("  "));
    xmlTextWriterStartDocument(w, "1.0", "UTF-8", NULL);

    size_t nsuites = run->n + 1;
    int *tests = arena_alloc(s->arena, nsuites * sizeof *tests);
    int *fails = arena_alloc(s->arena, nsuites * sizeof *fails);
    int total_tests = 0, total_fails = 0;
    for (size_t i = 0; i < run->n; i++) {
        const AssessResult *r = run->results[i];
        const Model *m = r->model;
        tests[i] = m->npractices;
        for (int k = 0; k < m->npractices; k++)
            fails[i] += junit_has(s, r->a->name, m->nodes[r->practices[k].node].id, true);
        if (junit_has(s, r->a->name, NULL, false)) {
            tests[i]++;
            fails[i] += junit_has(s, r->a->name, NULL, true);
        }
    }
    if (junit_has(s, NULL, NULL, false)) {
        tests[run->n] = 1;
        fails[run->n] = junit_has(s, NULL, NULL, true);
    }
    for (size_t i = 0; i < nsuites; i++) {
        total_tests += tests[i];
        total_fails += fails[i];
    }

    xmlTextWriterStartElement(w, X("testsuites"));
    xmlTextWriterWriteAttribute(w, X("name"), X("smmc check"));
    xmlTextWriterWriteFormatAttribute(w, X("tests"), "%d", total_tests);
    xmlTextWriterWriteFormatAttribute(w, X("failures"), "%d", total_fails);
    xmlTextWriterWriteAttribute(w, X("errors"), X("0"));
    if (tests[run->n]) {
        xmlTextWriterStartElement(w, X("testsuite"));
        xmlTextWriterWriteAttribute(w, X("name"), X("smmc"));
        xmlTextWriterWriteAttribute(w, X("tests"), X("1"));
        xmlTextWriterWriteFormatAttribute(w, X("failures"), "%d", fails[run->n]);
        xmlTextWriterWriteAttribute(w, X("errors"), X("0"));
        xmlTextWriterWriteAttribute(w, X("skipped"), X("0"));
        junit_case(s, w, "smmc", "compile", NULL, NULL, NULL);
        xmlTextWriterEndElement(w);
    }
    for (size_t i = 0; i < run->n; i++) {
        const AssessResult *r = run->results[i];
        const Model *m = r->model;
        const char *an = r->a->name;
        xmlTextWriterStartElement(w, X("testsuite"));
        xmlTextWriterWriteAttribute(w, X("name"), X(an));
        xmlTextWriterWriteFormatAttribute(w, X("tests"), "%d", tests[i]);
        xmlTextWriterWriteFormatAttribute(w, X("failures"), "%d", fails[i]);
        xmlTextWriterWriteAttribute(w, X("errors"), X("0"));
        xmlTextWriterWriteFormatAttribute(w, X("skipped"), "%d", r->counts[ST_NOT_APPLICABLE]);
        if (tests[i] > m->npractices)
            junit_case(s, w, an, "(assessment)", an, NULL, NULL);
        for (int k = 0; k < m->npractices; k++) {
            const PracticeResult *pr = &r->practices[k];
            const MNode *n = &m->nodes[pr->node];
            const char *skipped = NULL;
            if (pr->status == ST_NOT_APPLICABLE)
                skipped = pr->entry && pr->entry->because ? pr->entry->because : "not applicable";
            junit_case(s, w, an, n->path, an, n->id, skipped);
        }
        xmlTextWriterEndElement(w);
    }
    xmlTextWriterEndElement(w);
    xmlTextWriterEndDocument(w);
    guard_drop(&h);
    xmlFreeTextWriter(w);
    return ferror(out) ? -1 : 0;
}
