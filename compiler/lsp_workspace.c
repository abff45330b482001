/*
 * lsp_workspace.c — the language server's workspace: URIs and positions,
 * the open documents (didOpen, didChange, didClose), the analysis after
 * each change and the diagnostics published per file.
 */
#include "lsp_int.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* ---------------------------------------------------------------- URIs */

static int hexval(int c)
{
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

/* file:///a%20b/c.smm → /a b/c.smm; NULL for another scheme. */
static char *uri_to_path(const char *uri)
{
    if (strncmp(uri, "file://", 7))
        return NULL;
    const char *p = uri + 7;
    if (*p != '/') { /* file://host/path: only the local host */
        if (strncmp(p, "localhost/", 10))
            return NULL;
        p += 9;
    }
    size_t n = strlen(p);
    char *out = lsp_alloc(n + 1), *q = out;
    for (size_t i = 0; i < n; i++) {
        if (p[i] == '%' && i + 2 < n && hexval(p[i + 1]) >= 0 && hexval(p[i + 2]) >= 0) {
            *q++ = (char)(hexval(p[i + 1]) * 16 + hexval(p[i + 2]));
            i += 2;
        } else {
            *q++ = p[i];
        }
    }
    *q = 0;
    if (!*out || strlen(out) != (size_t)(q - out)) { /* empty, or a %00 */
        free(out);
        return NULL;
    }
    return out;
}

char *lsp_path_to_uri(const char *path)
{
    char cwd[PATH_MAX];
    const char *prefix = "";
    if (path[0] != '/' && getcwd(cwd, sizeof cwd))
        prefix = cwd;
    size_t n = strlen(prefix) + strlen(path) + 2;
    char *full = lsp_alloc(n);
    snprintf(full, n, "%s%s%s", prefix, *prefix ? "/" : "", path);
    char *out = lsp_alloc(strlen(full) * 3 + 8), *q = out;
    q += sprintf(q, "file://");
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)full; *p; p++) {
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("/-._~", *p))
            *q++ = (char)*p;
        else
            *q++ = '%', *q++ = hex[*p >> 4], *q++ = hex[*p & 15];
    }
    *q = 0;
    free(full);
    return out;
}

/* ---------------------------------------------------------------- positions */

/* Length of the UTF-8 sequence at s (1 for a stray byte). */
static size_t u8len(const unsigned char *s, size_t n)
{
    size_t k = s[0] < 0x80 ? 1 : s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 1;
    return k > n ? 1 : k;
}

/* The byte offset of an LSP position in text (clamped to the line). */
uint32_t lsp_to_offset(const LspServer *srv, const char *text, size_t len, long line, long ch)
{
    size_t i = 0;
    for (long l = 0; l < line && i < len; i++)
        if (text[i] == '\n')
            l++;
    for (long u = 0; u < ch && i < len && text[i] != '\n';) {
        size_t k = u8len((const unsigned char *)text + i, len - i);
        u += srv->utf8 ? (long)k : k == 4 ? 2 : 1;
        i += k;
    }
    return (uint32_t)(i > UINT32_MAX ? UINT32_MAX : i);
}

json_t *lsp_to_position(const LspServer *srv, const char *text, size_t len, uint32_t off)
{
    long line = 0, ch = 0;
    size_t start = 0;
    if (off > len)
        off = (uint32_t)len;
    for (size_t i = 0; i < off; i++)
        if (text[i] == '\n')
            line++, start = i + 1;
    for (size_t i = start; i < off;) {
        size_t k = u8len((const unsigned char *)text + i, len - i);
        ch += srv->utf8 ? (long)k : k == 4 ? 2 : 1;
        i += k;
    }
    return json_pack("{s:I,s:I}", "line", (json_int_t)line, "character", (json_int_t)ch);
}

const Doc *lsp_doc_by_path(const LspServer *srv, const char *path)
{
    for (size_t i = 0; path && i < srv->ndocs; i++)
        if (!strcmp(srv->docs[i].path, path))
            return &srv->docs[i];
    return NULL;
}

/* The text a span's offsets refer to: the session's, else an open doc's. */
const char *lsp_text_of(const LspServer *srv, const char *path, size_t *len)
{
    const char *t = srv->s ? smm_source_text(srv->s, path, len) : NULL;
    if (t)
        return t;
    const Doc *d = lsp_doc_by_path(srv, path);
    if (d) {
        *len = d->len;
        return d->text;
    }
    return NULL;
}

json_t *lsp_to_range(const LspServer *srv, const smm_span *sp)
{
    size_t len = 0;
    const char *t = sp->file ? lsp_text_of(srv, sp->file, &len) : NULL;
    if (!t)
        return json_pack("{s:{s:i,s:i},s:{s:i,s:i}}", "start", "line", 0, "character", 0, "end", "line", 0,
                         "character", 0);
    return json_pack("{s:o,s:o}", "start", lsp_to_position(srv, t, len, sp->start), "end",
                     lsp_to_position(srv, t, len, sp->end));
}

json_t *lsp_to_location(const LspServer *srv, const smm_span *sp)
{
    char *uri = lsp_path_to_uri(sp->file);
    json_t *loc = json_pack("{s:s,s:o}", "uri", uri, "range", lsp_to_range(srv, sp));
    free(uri);
    return loc;
}

/* ---------------------------------------------------------------- documents */

static Doc *doc_by_uri(LspServer *srv, const char *uri)
{
    for (size_t i = 0; uri && i < srv->ndocs; i++)
        if (!strcmp(srv->docs[i].uri, uri))
            return &srv->docs[i];
    return NULL;
}

void lsp_doc_free(Doc *d)
{
    free(d->uri);
    free(d->path);
    free(d->text);
}

/* ---------------------------------------------------------------- analysis */

typedef struct {
    const char *path;
    json_t *diags;
} FileDiags;

typedef struct {
    LspServer *srv;
    FileDiags *files;
    size_t n;
} Publish;

static json_t *file_diags(Publish *p, const char *path)
{
    for (size_t i = 0; i < p->n; i++)
        if (!strcmp(p->files[i].path, path))
            return p->files[i].diags;
    p->files = realloc(p->files, (p->n + 1) * sizeof *p->files);
    if (!p->files)
        abort();
    p->files[p->n] = (FileDiags){path, json_array()};
    return p->files[p->n++].diags;
}

static int severity(smm_severity sev)
{
    return sev == SMM_SEV_ERROR ? 1 : sev == SMM_SEV_WARNING ? 2 : sev == SMM_SEV_REMARK ? 3 : 4;
}

static int add_diag(void *ctx, const smm_diagnostic *d)
{
    Publish *p = ctx;
    LspServer *srv = p->srv;
    if (d->severity == SMM_SEV_IGNORED || d->baselined)
        return 0;
    json_t *o = json_object();
    json_object_set_new(o, "range", lsp_to_range(srv, &d->span));
    json_object_set_new(o, "severity", json_integer(severity(d->severity)));
    json_object_set_new(o, "code", json_string(d->code));
    json_object_set_new(o, "source", json_string("smmc"));
    if (srv->docs_url) {
        char href[2048], anchor[128];
        snprintf(anchor, sizeof anchor, "%s-%s", d->code, d->name);
        for (char *c = anchor; *c; c++)
            if (*c >= 'A' && *c <= 'Z')
                *c = (char)(*c - 'A' + 'a');
        snprintf(href, sizeof href, "%s#%s", srv->docs_url, anchor);
        json_object_set_new(o, "codeDescription", json_pack("{s:s}", "href", href));
    }
    /* notes with a place are related information; the others join the message */
    size_t extra = 0;
    for (size_t i = 0; i < d->nnotes; i++)
        if (!d->notes[i].span.file)
            extra += strlen(d->notes[i].message) + 8;
    char *msg = lsp_alloc(strlen(d->message) + strlen(d->name) + extra + 8);
    sprintf(msg, "%s [%s]", d->message, d->name);
    json_t *related = json_array();
    for (size_t i = 0; i < d->nnotes; i++) {
        if (d->notes[i].span.file)
            json_array_append_new(related, json_pack("{s:o,s:s}", "location", lsp_to_location(srv, &d->notes[i].span),
                                                     "message", d->notes[i].message));
        else
            strcat(strcat(msg, "\nnote: "), d->notes[i].message);
    }
    json_object_set_new(o, "message", json_string(msg));
    free(msg);
    if (json_array_size(related))
        json_object_set_new(o, "relatedInformation", related);
    else
        json_decref(related);
    if (d->nfixits)
        json_object_set_new(o, "data", json_pack("{s:i}", "fixits", (int)d->nfixits));
    if (d->span.file) {
        json_array_append_new(file_diags(p, d->span.file), o);
    } else {
        /* no place (an I/O error): shown at the top of every open document */
        for (size_t i = 0; i < srv->ndocs; i++)
            json_array_append(file_diags(p, srv->docs[i].path), o);
        json_decref(o);
    }
    return 0;
}

static void publish(LspServer *srv, const char *path, json_t *diags)
{
    const Doc *d = lsp_doc_by_path(srv, path);
    char *uri = d ? NULL : lsp_path_to_uri(path);
    json_t *params = json_pack("{s:s,s:O}", "uri", d ? d->uri : uri, "diagnostics", diags);
    if (d)
        json_object_set_new(params, "version", json_integer(d->version));
    lsp_notify(srv, "textDocument/publishDiagnostics", params);
    free(uri);
}

static void count_assessments(void *ctx, smm_decl_kind kind, const char *name)
{
    (void)name;
    *(size_t *)ctx += kind == SMM_DECL_ASSESSMENT;
}

/* The session for the next analysis: the last one, reset (its parses of
 * unchanged files are reused), or a new one when there is none, it was
 * stopped, or the files parsed again in it since it was new (each parse
 * stays in its memory) outnumber the files it holds. */
static smm_session *next_session(LspServer *srv)
{
    srv->fresh = false;
    if (srv->s && !srv->disk_changed && srv->reparsed <= (long)smm_unit_count(srv->s) + 16 && smm_reset(srv->s) == 0)
        return srv->s;
    smm_free(srv->s);
    srv->s = NULL;
    srv->reparsed = 0;
    srv->fresh = true;
    srv->disk_changed = false;
    smm_options opt = {0};
    opt.include_dirs = (const char **)srv->includes;
    opt.ninclude = srv->ninclude;
    opt.stdlib_dir = srv->stdlib_dir;
    opt.color = SMM_COLOR_NEVER;
    opt.buffer_diagnostics = true;
    opt.jobs = 1; /* no worker threads: an internal failure then always comes back */
    opt.keep_going = true; /* hover and completion where the rest resolved */
    return smm_new(&opt);
}

void lsp_analyze(LspServer *srv)
{
    smm_session *s = next_session(srv);
    if (!s) {
        lsp_notify(srv, "window/logMessage", json_pack("{s:i,s:s}", "type", 1, "message", "smmc: out of memory"));
        return;
    }
    srv->s = s;
    for (size_t i = 0; i < srv->ndocs; i++)
        smm_set_overlay(s, srv->docs[i].path, srv->docs[i].text, srv->docs[i].len);
    for (size_t i = 0; i < srv->ndocs; i++)
        smm_add_file(s, srv->docs[i].path);
    /* the gap findings are diagnostics too (when there are assessments) */
    size_t assessments = 0;
    for (size_t u = 0; u < smm_unit_count(s); u++)
        smm_unit_declarations(s, u, count_assessments, &assessments);
    if (smm_analyze(s) == 0 && assessments)
        smm_check_free(smm_check(s, NULL));
    int parsed, reused;
    smm_load_stats(s, &parsed, &reused);
    if (!srv->fresh)
        srv->reparsed += parsed;
    srv->analyses++;
    if (smm_internal_error(s))
        lsp_notify(srv, "window/logMessage",
               json_pack("{s:i,s:s}", "type", 1, "message", smm_internal_error(s)));

    Publish p = {srv, NULL, 0};
    for (size_t i = 0; i < srv->ndocs; i++)
        file_diags(&p, srv->docs[i].path); /* open documents: always (empty clears) */
    smm_each_diagnostic(s, add_diag, &p);
    for (size_t i = 0; i < srv->npublished; i++) {
        bool again = false;
        for (size_t k = 0; k < p.n && !again; k++)
            again = !strcmp(p.files[k].path, srv->published[i]);
        if (!again) {
            json_t *none = json_array();
            publish(srv, srv->published[i], none);
            json_decref(none);
        }
        free(srv->published[i]);
    }
    free(srv->published);
    srv->published = lsp_alloc((p.n + 1) * sizeof *srv->published);
    srv->npublished = 0;
    for (size_t i = 0; i < p.n; i++) {
        publish(srv, p.files[i].path, p.files[i].diags);
        if (json_array_size(p.files[i].diags) || !lsp_doc_by_path(srv, p.files[i].path))
            srv->published[srv->npublished++] = lsp_strdup(p.files[i].path);
        json_decref(p.files[i].diags);
    }
    free(p.files);
}

/* ---------------------------------------------------------------- parameters */

const char *lsp_str_at(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* textDocument.uri and position of params → the document's path (and the
 * offset); false when they are missing or the document unknown. */
static bool doc_position(LspServer *srv, json_t *params, char **path, uint32_t *off)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = lsp_str_at(td, "uri");
    char *p = uri ? uri_to_path(uri) : NULL;
    if (!p)
        return false;
    *path = p;
    if (!off)
        return true;
    json_t *pos = json_object_get(params, "position");
    json_t *line = json_object_get(pos, "line"), *ch = json_object_get(pos, "character");
    if (!json_is_integer(line) || !json_is_integer(ch) || json_integer_value(line) < 0 || json_integer_value(ch) < 0) {
        free(p);
        *path = NULL;
        return false;
    }
    size_t len = 0;
    const char *t = lsp_text_of(srv, p, &len);
    *off = t ? lsp_to_offset(srv, t, len, (long)json_integer_value(line), (long)json_integer_value(ch)) : 0;
    return true;
}

bool lsp_doc_position(LspServer *srv, json_t *id, json_t *params, char **path, uint32_t *off, const char *need)
{
    if (doc_position(srv, params, path, off))
        return true;
    lsp_reply_error(srv, id, E_INVALID_PARAMS, "%s", need);
    return false;
}

bool lsp_on_did_open(LspServer *srv, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = lsp_str_at(td, "uri"), *text = lsp_str_at(td, "text");
    char *path = uri ? uri_to_path(uri) : NULL;
    if (!path || !text) {
        free(path);
        return false;
    }
    Doc *d = doc_by_uri(srv, uri);
    if (!d) {
        if (srv->ndocs == srv->capdocs) {
            srv->capdocs = srv->capdocs ? srv->capdocs * 2 : 8;
            srv->docs = realloc(srv->docs, srv->capdocs * sizeof *srv->docs);
            if (!srv->docs)
                abort();
        }
        d = &srv->docs[srv->ndocs++];
        memset(d, 0, sizeof *d);
        d->uri = lsp_strdup(uri);
        d->path = path;
    } else {
        free(path);
        free(d->text);
    }
    d->len = json_string_length(json_object_get(td, "text"));
    d->text = lsp_strndup(text, d->len);
    json_t *v = json_object_get(td, "version");
    d->version = json_is_integer(v) ? (long)json_integer_value(v) : 0;
    return true;
}

/* Apply one content change: the whole text, or a range replaced. */
static bool apply_change(LspServer *srv, Doc *d, json_t *change)
{
    json_t *text = json_object_get(change, "text");
    if (!json_is_string(text))
        return false;
    const char *t = json_string_value(text);
    size_t tn = json_string_length(text);
    json_t *range = json_object_get(change, "range");
    if (!range) {
        free(d->text);
        d->text = lsp_strndup(t, tn);
        d->len = tn;
        return true;
    }
    json_t *s = json_object_get(range, "start"), *e = json_object_get(range, "end");
    json_t *sl = json_object_get(s, "line"), *sc = json_object_get(s, "character");
    json_t *el = json_object_get(e, "line"), *ec = json_object_get(e, "character");
    if (!json_is_integer(sl) || !json_is_integer(sc) || !json_is_integer(el) || !json_is_integer(ec))
        return false;
    uint32_t a = lsp_to_offset(srv, d->text, d->len, (long)json_integer_value(sl), (long)json_integer_value(sc));
    uint32_t b = lsp_to_offset(srv, d->text, d->len, (long)json_integer_value(el), (long)json_integer_value(ec));
    if (b < a)
        b = a;
    char *n = lsp_alloc(d->len - (b - a) + tn + 1);
    memcpy(n, d->text, a);
    memcpy(n + a, t, tn);
    memcpy(n + a + tn, d->text + b, d->len - b);
    d->len = d->len - (b - a) + tn;
    free(d->text);
    d->text = n;
    return true;
}

bool lsp_on_did_change(LspServer *srv, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    Doc *d = doc_by_uri(srv, lsp_str_at(td, "uri"));
    json_t *changes = json_object_get(params, "contentChanges");
    if (!d || !json_is_array(changes))
        return false;
    size_t i;
    json_t *c;
    json_array_foreach(changes, i, c)
        if (!apply_change(srv, d, c))
            return false;
    json_t *v = json_object_get(td, "version");
    if (json_is_integer(v))
        d->version = (long)json_integer_value(v);
    return true;
}

bool lsp_on_did_close(LspServer *srv, json_t *params)
{
    Doc *d = doc_by_uri(srv, lsp_str_at(json_object_get(params, "textDocument"), "uri"));
    if (!d)
        return false;
    lsp_doc_free(d);
    *d = srv->docs[--srv->ndocs];
    return true;
}
