/*
 * sarif.c — check results as SARIF 2.1.0 (accepted by GitHub code scanning).
 *
 * One run; tool.driver.rules lists every diagnostic code smmc has (so
 * ruleIndex is stable across runs), each with its name, summary, full
 * description (GitHub requires one), default level and a help URI into
 * docs/diagnostics.md.  Results carry physical locations with regions
 * (columns in Unicode code points, as the run's columnKind says; an absolute
 * path becomes a file:// URI, a relative one stays relative to the working
 * directory), notes as relatedLocations (notes without a location follow
 * the message), a waived gap as an inSource suppression, partial
 * fingerprints keyed like the baseline, and baselineState when a --baseline
 * was given.  Diagnostics without a location are tool notifications of the
 * invocation: GitHub rejects results without one.
 * tests/check/sarif-validate.sh checks the output with the SARIF Multitool.
 */
#include "check_format.h"

#include <ctype.h>
#include <string.h>

#ifndef SMM_DOCS_URL
#define SMM_DOCS_URL "file:///usr/local/share/doc/smmc/diagnostics.md"
#endif

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

/*
 * A file name as a URI reference (RFC 3986): an absolute path becomes a
 * file:// URI (an absolute path is not a valid relative reference, and
 * SARIF consumers would resolve it against a uriBaseId); a relative path
 * stays relative (GitHub resolves it against the repository root).  Bytes
 * outside the unreserved and path characters are percent-encoded.
 */
static json_t *file_uri(const char *path)
{
    static const char hex[] = "0123456789ABCDEF";
    Buf b = {0};
    if (path[0] == '/') {
        buf_puts(&b, "file://");
    } else {
        /* "a:b.smm" would read as a URI with scheme "a" */
        const char *colon = strchr(path, ':'), *slash = strchr(path, '/');
        if (colon && (!slash || colon < slash))
            buf_puts(&b, "./");
    }
    for (const unsigned char *c = (const unsigned char *)path; *c; c++) {
        if ((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
            strchr("-._~/!$&'()*+,;=:@", *c))
            buf_putc(&b, (char)*c);
        else {
            buf_putc(&b, '%');
            buf_putc(&b, hex[*c >> 4]);
            buf_putc(&b, hex[*c & 15]);
        }
    }
    json_t *j = json_string(buf_cstr(&b));
    buf_free(&b);
    return j;
}

static json_t *location(Session *s, Loc loc, const char *message)
{
    DiagPos p = diag_pos(s, loc);
    json_t *l = json_object();
    if (p.file) {
        json_t *phys = json_object();
        json_t *art = json_object();
        json_object_set_new(art, "uri", file_uri(p.file));
        json_object_set_new(phys, "artifactLocation", art);
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
        char anchor[16];
        size_t k = 0;
        for (const char *c = d->code; *c && k + 1 < sizeof anchor; c++)
            anchor[k++] = (char)tolower((unsigned char)*c);
        anchor[k] = 0;
        char uri[256];
        snprintf(uri, sizeof uri, "%s#%s", SMM_DOCS_URL, anchor);
        json_object_set_new(r, "helpUri", json_string(uri));
        char help[512];
        snprintf(help, sizeof help, "%s. Run 'smmc explain %s' for the long description, an example and the fix.",
                 d->summary, d->code);
        json_object_set_new(r, "help", text(help));
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

int check_write_sarif(Session *s, const CheckRun *run, FILE *out)
{
    json_t *root = json_object();
    json_object_set_new(root, "$schema", json_string("https://json.schemastore.org/sarif-2.1.0.json"));
    json_object_set_new(root, "version", json_string("2.1.0"));
    json_t *runs = json_array(), *r = json_object();
    json_t *tool = json_object(), *driver = json_object();
    json_object_set_new(driver, "name", json_string("smmc"));
    json_object_set_new(driver, "version", json_string(SMM_VERSION));
    json_object_set_new(driver, "semanticVersion", json_string(SMM_VERSION));
    json_object_set_new(driver, "informationUri", json_string(SMM_DOCS_URL));
    json_object_set_new(driver, "rules", rules());
    json_object_set_new(tool, "driver", driver);
    json_object_set_new(r, "tool", tool);
    json_t *results = json_array(), *notifications = json_array();
    bool failed = false;
    for (const Diag *d = s->diags; d; d = d->next) {
        if (d->sev == SEV_IGNORED)
            continue;
        if (!diag_pos(s, d->loc).file) {
            /* Not about a place in the sources (an unknown --assessment, an
             * unreadable file): a tool notification, not a result -- GitHub
             * rejects results without a location. */
            json_t *nt = json_object();
            json_object_set_new(nt, "level", json_string(sarif_level(d->sev)));
            Buf msg = {0};
            buf_puts(&msg, d->msg);
            for (const DiagNote *n = d->notes; n; n = n->next)
                buf_printf(&msg, "\nnote: %s", n->msg);
            json_object_set_new(nt, "message", text(buf_cstr(&msg)));
            buf_free(&msg);
            json_t *rule = json_object();
            json_object_set_new(rule, "id", json_string(diag_info[d->id].code));
            json_object_set_new(rule, "index", json_integer(d->id));
            json_object_set_new(nt, "associatedRule", rule);
            json_array_append_new(notifications, nt);
            failed |= d->sev == SEV_ERROR && !d->baselined;
            continue;
        }
        json_t *res = json_object();
        json_object_set_new(res, "ruleId", json_string(diag_info[d->id].code));
        json_object_set_new(res, "ruleIndex", json_integer(d->id));
        json_object_set_new(res, "level", json_string(sarif_level(d->sev)));
        /* notes without a location cannot be relatedLocations: they
         * follow the message, one per line */
        Buf msg = {0};
        buf_puts(&msg, d->msg);
        for (const DiagNote *n = d->notes; n; n = n->next)
            if (!n->loc.file)
                buf_printf(&msg, "\nnote: %s", n->msg);
        json_object_set_new(res, "message", text(buf_cstr(&msg)));
        buf_free(&msg);
        json_t *locs = json_array();
        json_array_append_new(locs, location(s, d->loc, NULL));
        json_object_set_new(res, "locations", locs);
        json_t *rel = json_array();
        int id = 1;
        for (const DiagNote *n = d->notes; n; n = n->next) {
            if (!n->loc.file)
                continue;
            json_t *l = location(s, n->loc, n->msg);
            json_object_set_new(l, "id", json_integer(id++));
            json_array_append_new(rel, l);
        }
        if (json_array_size(rel))
            json_object_set_new(res, "relatedLocations", rel);
        else
            json_decref(rel);
        if (d->assessment) {
            json_t *fp = json_object();
            char key[512];
            snprintf(key, sizeof key, "%s/%s/%s", d->assessment, d->practice ? d->practice : "",
                     diag_info[d->id].name);
            json_object_set_new(fp, "smmcFinding/v1", json_string(key));
            json_object_set_new(res, "partialFingerprints", fp);
            json_t *props = json_object();
            json_object_set_new(props, "assessment", json_string(d->assessment));
            if (d->practice)
                json_object_set_new(props, "practice", json_string(d->practice));
            json_object_set_new(res, "properties", props);
        }
        /* a waived gap is a finding accepted in the source: a suppression */
        const AEntry *w = d->id == D_WAIVED ? waiver_of(run, d) : NULL;
        if (w) {
            json_t *sup = json_object();
            json_object_set_new(sup, "kind", json_string("inSource"));
            json_object_set_new(sup, "status", json_string("accepted"));
            if (w->because)
                json_object_set_new(sup, "justification", json_string(w->because));
            json_object_set_new(sup, "location", location(s, w->loc, NULL));
            json_t *sups = json_array();
            json_array_append_new(sups, sup);
            json_object_set_new(res, "suppressions", sups);
        }
        if (run->baselined || d->baselined)
            json_object_set_new(res, "baselineState", json_string(d->baselined ? "unchanged" : "new"));
        json_array_append_new(results, res);
    }
    json_object_set_new(r, "results", results);
    json_t *inv = json_object(), *invs = json_array();
    json_object_set_new(inv, "executionSuccessful", json_boolean(!failed));
    if (json_array_size(notifications))
        json_object_set_new(inv, "toolExecutionNotifications", notifications);
    else
        json_decref(notifications);
    json_array_append_new(invs, inv);
    json_object_set_new(r, "invocations", invs);
    json_object_set_new(r, "columnKind", json_string("unicodeCodePoints"));
    json_array_append_new(runs, r);
    json_object_set_new(root, "runs", runs);
    int rc = json_dumpf(root, out, JSON_INDENT(2));
    fputc('\n', out);
    json_decref(root);
    return rc;
}
