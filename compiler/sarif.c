/*
 * sarif.c — check results as SARIF 2.1.0 (accepted by GitHub code scanning).
 *
 * One run; tool.driver.rules lists every diagnostic code smmc has (so
 * ruleIndex is stable across runs), each with its name, summary, full
 * description (GitHub requires one), default level and its explanation from
 * docs/diagnostics.md (help: text and markdown, what `smmc explain` prints).
 * helpUri and informationUri appear only when the build was given a real
 * URL (make DOCS_URL=https://…): a file:// path to an installed copy means
 * nothing wherever the log is read.  Results carry physical locations with
 * regions (columns in Unicode code points, as the run's columnKind says).
 * Artifact URIs are relative: to %SRCROOT% (the working directory, also
 * invocations[].workingDirectory) or, for the standard library's files, to
 * STDLIBROOT, both given in originalUriBaseIds; a file under neither stays
 * an absolute file:// URI.  Notes become relatedLocations (notes without a location follow
 * the message), a waived gap as an inSource suppression, partial
 * fingerprints keyed like the baseline, and baselineState when a --baseline
 * was given.  Diagnostics without a location are tool notifications of the
 * invocation: GitHub rejects results without one.
 * tests/check/sarif-validate.sh checks the output with the SARIF Multitool.
 */
#include "check_format.h"

#include "explain.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef SMM_DOCS_URL
#define SMM_DOCS_URL ""
#endif

/* Where relative artifact URIs start: the working directory and the
 * standard library, as absolute, lexically normalized paths (NULL when
 * unknown). */
typedef struct {
    char *srcroot, *stdlib;
} UriBases;

static const char *sarif_level(Severity sev)
{
    switch (sev) {
    case SEV_ERROR: return "error";
    case SEV_WARNING: return "warning";
    default: return "note";
    }
}

static json_t *region(const DiagPos *p)
{
    json_t *r = json_object();
    json_object_set_new(r, "startLine", json_integer(p->line));
    json_object_set_new(r, "startColumn", json_integer(p->column));
    json_object_set_new(r, "endLine", json_integer(p->end_line));
    json_object_set_new(r, "endColumn", json_integer(p->end_column));
    return r;
}

/* Bytes outside the unreserved and path characters, percent-encoded
 * (RFC 3986). */
static void uri_path(Buf *b, const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
        if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
            strchr("-._~/!$&'()*+,;=:@", *c))
            buf_putc(b, (char)*c);
        else {
            buf_putc(b, '%');
            buf_putc(b, hex[*c >> 4]);
            buf_putc(b, hex[*c & 15]);
        }
    }
}

/* path made absolute against cwd (if relative) with "." and ".." segments
 * and doubled slashes removed, lexically (no symlinks are resolved: the
 * names are the ones the user wrote).  Heap; NULL if path is relative and
 * cwd unknown. */
static char *abs_path(const char *path, const char *cwd)
{
    if (path[0] != '/' && !cwd)
        return NULL;
    size_t n = strlen(path) + (cwd ? strlen(cwd) : 0) + 3;
    char *in = xmalloc(n), *out = xmalloc(n);
    snprintf(in, n, "%s/%s", path[0] == '/' ? "" : cwd, path);
    size_t o = 0;
    for (const char *p = in; *p;) {
        while (*p == '/')
            p++;
        const char *e = p;
        while (*e && *e != '/')
            e++;
        size_t len = (size_t)(e - p);
        if (len == 0 || (len == 1 && p[0] == '.')) {
        } else if (len == 2 && p[0] == '.' && p[1] == '.') {
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--;
        } else {
            out[o++] = '/';
            memcpy(out + o, p, len);
            o += len;
        }
        p = e;
    }
    if (o == 0)
        out[o++] = '/';
    out[o] = 0;
    free(in);
    return out;
}

/* The rest of abs below directory dir, or NULL. */
static const char *below(const char *abs, const char *dir)
{
    if (!dir)
        return NULL;
    size_t n = strlen(dir);
    if (n == 1) /* "/" */
        return abs + 1;
    return strncmp(abs, dir, n) == 0 && abs[n] == '/' ? abs + n + 1 : NULL;
}

/* A directory as a file:// URI ending in '/', as originalUriBaseIds and
 * workingDirectory want. */
static json_t *dir_uri(const char *dir)
{
    Buf b = {0};
    buf_puts(&b, "file://");
    uri_path(&b, dir);
    if (dir[strlen(dir) - 1] != '/')
        buf_putc(&b, '/');
    json_t *o = json_object();
    json_object_set_new(o, "uri", json_string(buf_cstr(&b)));
    buf_free(&b);
    return o;
}

/* A file name as an artifactLocation: relative to STDLIBROOT or %SRCROOT%
 * when below one of them, else an absolute file:// URI. */
static json_t *artifact(const UriBases *ub, const char *path)
{
    json_t *art = json_object();
    char *abs = abs_path(path, ub->srcroot);
    const char *rest, *base = NULL;
    Buf b = {0};
    if (abs && (rest = below(abs, ub->stdlib)))
        base = "STDLIBROOT";
    else if (abs && (rest = below(abs, ub->srcroot)))
        base = "%SRCROOT%";
    if (base) {
        /* "a:b.smm" would read as a URI with scheme "a" */
        const char *colon = strchr(rest, ':'), *slash = strchr(rest, '/');
        if (colon && (!slash || colon < slash))
            buf_puts(&b, "./");
        uri_path(&b, rest);
    } else {
        buf_puts(&b, "file://");
        uri_path(&b, abs ? abs : path);
    }
    json_object_set_new(art, "uri", json_string(buf_cstr(&b)));
    if (base)
        json_object_set_new(art, "uriBaseId", json_string(base));
    buf_free(&b);
    free(abs);
    return art;
}

static json_t *location(Session *s, const UriBases *ub, Loc loc, const char *message)
{
    DiagPos p = diag_pos(s, loc);
    json_t *l = json_object();
    if (p.file) {
        json_t *phys = json_object();
        json_object_set_new(phys, "artifactLocation", artifact(ub, p.file));
        json_object_set_new(phys, "region", region(&p));
        json_object_set_new(l, "physicalLocation", phys);
    }
    if (message) {
        json_t *m = json_object();
        json_object_set_new(m, "text", json_string(message));
        json_object_set_new(l, "message", m);
    }
    return l;
}

static json_t *text(const char *t)
{
    json_t *o = json_object();
    json_object_set_new(o, "text", json_string(t));
    return o;
}

/*
 * A rule's help: its section of docs/diagnostics.md (what `smmc explain
 * CODE` prints).  markdown: the section; text: its description, the
 * paragraphs before the example, and where to read the rest.
 */
static json_t *rule_help(int id)
{
    const DiagInfo *d = &diag_info[id];
    const char *sec;
    size_t len;
    Buf t = {0}, md = {0};
    if (explain_code_text(id, &sec, &len)) {
        buf_putn(&md, sec, len);
        const char *body = sec, *end = sec + len;
        const char *nl = memchr(body, '\n', len); /* skip the "## CODE name" heading */
        if (sec[0] == '#' && nl)
            body = nl + 1;
        while (body < end && *body == '\n')
            body++;
        /* the description ends at the first paragraph that starts "Example"
         * or is an indented code block */
        const char *stop = end;
        for (const char *p = body; p < end;) {
            const char *eol = memchr(p, '\n', (size_t)(end - p));
            if (p > body && p[-1] == '\n' && p[-2] == '\n' &&
                (strncmp(p, "Example", 7) == 0 || strncmp(p, "    ", 4) == 0)) {
                stop = p;
                break;
            }
            p = eol ? eol + 1 : end;
        }
        while (stop > body && stop[-1] == '\n')
            stop--;
        buf_putn(&t, body, (size_t)(stop - body));
        buf_printf(&t, "\n\n'smmc explain %s' prints the whole description, an example and the fix.", d->code);
    } else {
        buf_printf(&t, "%s. 'smmc explain %s' prints more.", d->summary, d->code);
        buf_printf(&md, "%s.", d->summary);
    }
    json_t *o = json_object();
    json_object_set_new(o, "text", json_string(buf_cstr(&t)));
    json_object_set_new(o, "markdown", json_string(buf_cstr(&md)));
    buf_free(&t);
    buf_free(&md);
    return o;
}

static json_t *rules(void)
{
    json_t *rs = json_array();
    for (int i = 0; i < DIAG_COUNT; i++) {
        const DiagInfo *d = &diag_info[i];
        json_t *r = json_object();
        json_object_set_new(r, "id", json_string(d->code));
        json_object_set_new(r, "name", json_string(d->name));
        json_object_set_new(r, "shortDescription", text(d->summary));
        /* GitHub code scanning requires fullDescription */
        char full[512];
        snprintf(full, sizeof full, "%s (smmc diagnostic %s, -W name '%s').", d->summary, d->code, d->name);
        json_object_set_new(r, "fullDescription", text(full));
        if (SMM_DOCS_URL[0]) {
            char anchor[16];
            size_t k = 0;
            for (const char *c = d->code; *c && k + 1 < sizeof anchor; c++)
                anchor[k++] = (char)tolower((unsigned char)*c);
            anchor[k] = 0;
            char uri[512];
            snprintf(uri, sizeof uri, "%s#%s", SMM_DOCS_URL, anchor);
            json_object_set_new(r, "helpUri", json_string(uri));
        }
        json_object_set_new(r, "help", rule_help(i));
        json_t *cfg = json_object();
        json_object_set_new(cfg, "enabled", json_boolean(d->severity != SEV_IGNORED));
        json_object_set_new(cfg, "level", json_string(sarif_level(d->severity == SEV_IGNORED ? SEV_NOTE
                                                                                            : d->severity)));
        json_object_set_new(r, "defaultConfiguration", cfg);
        json_t *props = json_object();
        json_t *tags = json_array();
        json_array_append_new(tags, json_string("security"));
        json_array_append_new(tags, json_string((d->flags & DF_GATE) ? "maturity-gap" : "compile"));
        json_object_set_new(props, "tags", tags);
        json_object_set_new(r, "properties", props);
        json_array_append_new(rs, r);
    }
    return rs;
}

/* The waiver that turned d (a `waived` note) into a note. */
static const AEntry *waiver_of(const CheckRun *run, const Diag *d)
{
    for (size_t i = 0; i < run->n; i++) {
        const AssessResult *r = run->results[i];
        if (r->a->name != d->assessment)
            continue;
        for (int k = 0; k < r->model->npractices; k++)
            if (r->model->nodes[r->practices[k].node].id == d->practice)
                return r->practices[k].waiver;
    }
    return NULL;
}

/* tool.driver: smmc itself and every rule it can report. */
static json_t *tool(void)
{
    json_t *tool = json_object(), *driver = json_object();
    json_object_set_new(driver, "name", json_string("smmc"));
    json_object_set_new(driver, "version", json_string(SMM_VERSION));
    json_object_set_new(driver, "semanticVersion", json_string(SMM_VERSION));
    if (SMM_DOCS_URL[0])
        json_object_set_new(driver, "informationUri", json_string(SMM_DOCS_URL));
    json_object_set_new(driver, "rules", rules());
    json_object_set_new(tool, "driver", driver);
    return tool;
}

/* d's message with its notes following, one per line: every note, or with
 * unplaced_only the notes without a location (a result carries the others
 * as relatedLocations). */
static json_t *message(const Diag *d, bool unplaced_only)
{
    Buf msg = {0};
    buf_puts(&msg, d->msg);
    for (const DiagNote *n = d->notes; n; n = n->next)
        if (!unplaced_only || !n->loc.file)
            buf_printf(&msg, "\nnote: %s", n->msg);
    json_t *m = text(buf_cstr(&msg));
    buf_free(&msg);
    return m;
}

/* A diagnostic not about a place in the sources (an unknown --assessment,
 * an unreadable file): a tool notification, not a result -- GitHub rejects
 * results without a location. */
static json_t *notification(const Diag *d)
{
    json_t *nt = json_object();
    json_object_set_new(nt, "level", json_string(sarif_level(d->sev)));
    json_object_set_new(nt, "message", message(d, false));
    json_t *rule = json_object();
    json_object_set_new(rule, "id", json_string(diag_info[d->id].code));
    json_object_set_new(rule, "index", json_integer(d->id));
    json_object_set_new(nt, "associatedRule", rule);
    return nt;
}

/* The notes that have a location, numbered from 1; NULL when none has. */
static json_t *related_locations(Session *s, const UriBases *ub, const Diag *d)
{
    json_t *rel = json_array();
    int id = 1;
    for (const DiagNote *n = d->notes; n; n = n->next) {
        if (!n->loc.file)
            continue;
        json_t *l = location(s, ub, n->loc, n->msg);
        json_object_set_new(l, "id", json_integer(id++));
        json_array_append_new(rel, l);
    }
    if (json_array_size(rel))
        return rel;
    json_decref(rel);
    return NULL;
}

/* A finding of an assessment: keyed like the baseline, so code scanning
 * follows it across runs ("ASSESSMENT/PRACTICE/NAME", then "/KEY" for a
 * finding with a key: a finding without one keeps the fingerprint it had
 * before keys existed). */
static void finding_keys(Session *s, json_t *res, const Diag *d)
{
    json_t *fp = json_object();
    const char *key = arena_printf(s->arena, "%s/%s/%s%s%s", d->assessment, d->practice ? d->practice : "",
                                   diag_info[d->id].name, d->key ? "/" : "", d->key ? d->key : "");
    json_object_set_new(fp, "smmcFinding/v1", json_string(key));
    json_object_set_new(res, "partialFingerprints", fp);
    json_t *props = json_object();
    json_object_set_new(props, "assessment", json_string(d->assessment));
    if (d->practice)
        json_object_set_new(props, "practice", json_string(d->practice));
    if (d->key)
        json_object_set_new(props, "key", json_string(d->key));
    json_object_set_new(res, "properties", props);
}

/* A waived gap is a finding accepted in the source: an inSource
 * suppression pointing at the waiver. */
static json_t *suppressions(Session *s, const UriBases *ub, const AEntry *w)
{
    json_t *sup = json_object();
    json_object_set_new(sup, "kind", json_string("inSource"));
    json_object_set_new(sup, "status", json_string("accepted"));
    if (w->because)
        json_object_set_new(sup, "justification", json_string(w->because));
    json_object_set_new(sup, "location", location(s, ub, w->loc, NULL));
    json_t *sups = json_array();
    json_array_append_new(sups, sup);
    return sups;
}

/* A diagnostic with a place in the sources. */
static json_t *result(Session *s, const UriBases *ub, const CheckRun *run, const Diag *d)
{
    json_t *res = json_object();
    json_object_set_new(res, "ruleId", json_string(diag_info[d->id].code));
    json_object_set_new(res, "ruleIndex", json_integer(d->id));
    json_object_set_new(res, "level", json_string(sarif_level(d->sev)));
    json_object_set_new(res, "message", message(d, true));
    json_t *locs = json_array();
    json_array_append_new(locs, location(s, ub, d->loc, NULL));
    json_object_set_new(res, "locations", locs);
    json_t *rel = related_locations(s, ub, d);
    if (rel)
        json_object_set_new(res, "relatedLocations", rel);
    if (d->assessment)
        finding_keys(s, res, d);
    const AEntry *w = d->id == D_WAIVED ? waiver_of(run, d) : NULL;
    if (w)
        json_object_set_new(res, "suppressions", suppressions(s, ub, w));
    if (run->baselined || d->baselined)
        json_object_set_new(res, "baselineState", json_string(d->baselined ? "unchanged" : "new"));
    return res;
}

/* The one invocation: unsuccessful when an error that is not about a place
 * in the sources (a notification) was reported outside the baseline. */
static json_t *invocations(const UriBases *ub, bool failed, json_t *notifications)
{
    json_t *inv = json_object(), *invs = json_array();
    json_object_set_new(inv, "executionSuccessful", json_boolean(!failed));
    if (ub->srcroot)
        json_object_set_new(inv, "workingDirectory", dir_uri(ub->srcroot));
    if (json_array_size(notifications))
        json_object_set_new(inv, "toolExecutionNotifications", notifications);
    else
        json_decref(notifications);
    json_array_append_new(invs, inv);
    return invs;
}

/* originalUriBaseIds: where the relative artifact URIs start. */
static json_t *uri_base_ids(const UriBases *ub)
{
    json_t *bases = json_object();
    if (ub->srcroot)
        json_object_set_new(bases, "%SRCROOT%", dir_uri(ub->srcroot));
    if (ub->stdlib)
        json_object_set_new(bases, "STDLIBROOT", dir_uri(ub->stdlib));
    return bases;
}

int check_write_sarif(Session *s, const CheckRun *run, FILE *out)
{
    UriBases ub = {getcwd(NULL, 0), NULL};
    if (s->opt.stdlib_dir)
        ub.stdlib = abs_path(s->opt.stdlib_dir, ub.srcroot);
    json_t *root = json_object();
    json_object_set_new(root, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
    json_object_set_new(root, "version", json_string("2.1.0"));
    json_t *runs = json_array(), *r = json_object();
    json_object_set_new(r, "tool", tool());
    json_t *results = json_array(), *notifications = json_array();
    bool failed = false;
    for (const Diag *d = s->diags; d; d = d->next) {
        if (d->sev == SEV_IGNORED)
            continue;
        if (diag_pos(s, d->loc).file) {
            json_array_append_new(results, result(s, &ub, run, d));
        } else {
            json_array_append_new(notifications, notification(d));
            failed |= d->sev == SEV_ERROR && !d->baselined;
        }
    }
    json_object_set_new(r, "results", results);
    json_object_set_new(r, "invocations", invocations(&ub, failed, notifications));
    json_object_set_new(r, "columnKind", json_string("unicodeCodePoints"));
    json_object_set_new(r, "originalUriBaseIds", uri_base_ids(&ub));
    json_array_append_new(runs, r);
    json_object_set_new(root, "runs", runs);
    int rc = json_dumpf(root, out, JSON_INDENT(2));
    fputc('\n', out);
    json_decref(root);
    free(ub.srcroot);
    free(ub.stdlib);
    return rc;
}
