/*
 * lsp.c — the language server (`smmc lsp`, tool.md §7): LSP 3.17 over
 * JSON-RPC 2.0 with Content-Length framing on stdin/stdout, every message
 * read and written through jansson.
 *
 * The workspace is the open documents (their unsaved text wins over the
 * disk: each is an overlay of the session), the files they import, the
 * stdlib and the -I directories (from the command line or
 * initializationOptions {"stdlib": DIR, "include": [DIR, ...]}).  Every
 * change (didOpen, didChange, didClose, didChangeWatchedFiles) analyzes the
 * workspace again — every open document a root — in the same session,
 * reset (smm_reset: the parses of unchanged files are reused; a new session
 * after a change on disk or when the parses redone outgrow it), and
 * publishes the diagnostics of every file that has some, clearing those
 * of files that had some before.  Queries (hover, definition, references,
 * completion, symbols, rename) ask that session through smm.h; formatting
 * is the formatter's; code actions are the diagnostics' fix-its.
 *
 * The server never exits on bad input: malformed JSON gets -32700, a
 * message that is not a request -32600, an unknown request -32601, bad
 * parameters -32602; unknown notifications are ignored.  `exit` ends it:
 * status 0 after `shutdown`, else 1; so does the end of the input.
 *
 * Positions: the client's encoding is UTF-16 unless it offers UTF-8
 * (general.positionEncodings), which the server then takes.  The library
 * speaks byte offsets; conversions use the text the session parsed.
 */
#include "lsp.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

enum {
    E_PARSE = -32700,
    E_INVALID_REQUEST = -32600,
    E_METHOD_NOT_FOUND = -32601,
    E_INVALID_PARAMS = -32602,
    E_NOT_INITIALIZED = -32002,
    E_REQUEST_FAILED = -32803,
};

typedef struct Doc {
    char *uri, *path;
    char *text;
    size_t len;
    long version;
} Doc;

struct LspServer {
    FILE *out, *log;
    char *docs_url;
    char *stdlib_dir;
    char **includes;
    size_t ninclude;
    Doc *docs;
    size_t ndocs, capdocs;
    char **published; /* paths whose diagnostics are shown */
    size_t npublished;
    smm_session *s;   /* the analysis of the current workspace */
    long analyses;    /* how many were made ($/smmc/stats) */
    long reparsed;    /* files parsed again in s since it was new */
    bool fresh;       /* the last analysis was in a new session */
    bool disk_changed; /* didChangeWatchedFiles: the next analysis starts anew */
    bool initialized, shutdown, utf8;
    bool watch;       /* the client registers file watchers on request */
};

/* ---------------------------------------------------------------- small helpers */

static void *lsp_alloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p) {
        fputs("smmc lsp: out of memory\n", stderr);
        abort();
    }
    return p;
}

static char *lsp_strndup(const char *s, size_t n)
{
    char *p = lsp_alloc(n + 1);
    memcpy(p, s, n);
    return p;
}

static char *lsp_strdup(const char *s)
{
    return lsp_strndup(s, strlen(s));
}

static void trace(LspServer *srv, const char *fmt, ...)
{
    if (!srv->log)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(srv->log, fmt, ap);
    va_end(ap);
    fputc('\n', srv->log);
    fflush(srv->log);
}

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

static char *path_to_uri(const char *path)
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
static uint32_t to_offset(const LspServer *srv, const char *text, size_t len, long line, long ch)
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

static json_t *to_position(const LspServer *srv, const char *text, size_t len, uint32_t off)
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

static const Doc *doc_by_path(const LspServer *srv, const char *path)
{
    for (size_t i = 0; path && i < srv->ndocs; i++)
        if (!strcmp(srv->docs[i].path, path))
            return &srv->docs[i];
    return NULL;
}

/* The text a span's offsets refer to: the session's, else an open doc's. */
static const char *text_of(const LspServer *srv, const char *path, size_t *len)
{
    const char *t = srv->s ? smm_source_text(srv->s, path, len) : NULL;
    if (t)
        return t;
    const Doc *d = doc_by_path(srv, path);
    if (d) {
        *len = d->len;
        return d->text;
    }
    return NULL;
}

static json_t *to_range(const LspServer *srv, const smm_span *sp)
{
    size_t len = 0;
    const char *t = sp->file ? text_of(srv, sp->file, &len) : NULL;
    if (!t)
        return json_pack("{s:{s:i,s:i},s:{s:i,s:i}}", "start", "line", 0, "character", 0, "end", "line", 0,
                         "character", 0);
    return json_pack("{s:o,s:o}", "start", to_position(srv, t, len, sp->start), "end",
                     to_position(srv, t, len, sp->end));
}

static json_t *to_location(const LspServer *srv, const smm_span *sp)
{
    char *uri = path_to_uri(sp->file);
    json_t *loc = json_pack("{s:s,s:o}", "uri", uri, "range", to_range(srv, sp));
    free(uri);
    return loc;
}

/* ---------------------------------------------------------------- messages */

static void send(LspServer *srv, json_t *msg)
{
    json_object_set_new(msg, "jsonrpc", json_string("2.0"));
    char *body = json_dumps(msg, JSON_COMPACT);
    json_decref(msg);
    if (!body)
        return;
    fprintf(srv->out, "Content-Length: %zu\r\n\r\n%s", strlen(body), body);
    fflush(srv->out);
    trace(srv, "<- %s", body);
    free(body);
}

static void reply(LspServer *srv, json_t *id, json_t *result)
{
    send(srv, json_pack("{s:O,s:o}", "id", id ? id : json_null(), "result", result ? result : json_null()));
}

static void reply_error(LspServer *srv, json_t *id, int code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    send(srv, json_pack("{s:O,s:{s:i,s:s}}", "id", id ? id : json_null(), "error", "code", code, "message", msg));
}

static void notify(LspServer *srv, const char *method, json_t *params)
{
    send(srv, json_pack("{s:s,s:o}", "method", method, "params", params));
}

/* ---------------------------------------------------------------- documents */

static Doc *doc_by_uri(LspServer *srv, const char *uri)
{
    for (size_t i = 0; uri && i < srv->ndocs; i++)
        if (!strcmp(srv->docs[i].uri, uri))
            return &srv->docs[i];
    return NULL;
}

static void doc_free(Doc *d)
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
    json_object_set_new(o, "range", to_range(srv, &d->span));
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
            json_array_append_new(related, json_pack("{s:o,s:s}", "location", to_location(srv, &d->notes[i].span),
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
    const Doc *d = doc_by_path(srv, path);
    char *uri = d ? NULL : path_to_uri(path);
    json_t *params = json_pack("{s:s,s:O}", "uri", d ? d->uri : uri, "diagnostics", diags);
    if (d)
        json_object_set_new(params, "version", json_integer(d->version));
    notify(srv, "textDocument/publishDiagnostics", params);
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

static void analyze(LspServer *srv)
{
    smm_session *s = next_session(srv);
    if (!s) {
        notify(srv, "window/logMessage", json_pack("{s:i,s:s}", "type", 1, "message", "smmc: out of memory"));
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
        notify(srv, "window/logMessage",
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
        if (json_array_size(p.files[i].diags) || !doc_by_path(srv, p.files[i].path))
            srv->published[srv->npublished++] = lsp_strdup(p.files[i].path);
        json_decref(p.files[i].diags);
    }
    free(p.files);
}

/* ---------------------------------------------------------------- parameters */

static const char *str_at(json_t *o, const char *key)
{
    json_t *v = json_object_get(o, key);
    return json_is_string(v) ? json_string_value(v) : NULL;
}

/* textDocument.uri and position of params → the document's path (and the
 * offset); false when they are missing or the document unknown. */
static bool doc_position(LspServer *srv, json_t *params, char **path, uint32_t *off)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = str_at(td, "uri");
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
    const char *t = text_of(srv, p, &len);
    *off = t ? to_offset(srv, t, len, (long)json_integer_value(line), (long)json_integer_value(ch)) : 0;
    return true;
}

/* ---------------------------------------------------------------- handlers */

static void on_initialize(LspServer *srv, json_t *id, json_t *params)
{
    json_t *encs = json_object_get(json_object_get(json_object_get(params, "capabilities"), "general"),
                                   "positionEncodings");
    size_t i;
    json_t *e;
    json_array_foreach(encs, i, e)
        if (json_is_string(e) && !strcmp(json_string_value(e), "utf-8"))
            srv->utf8 = true;
    srv->watch = json_is_true(json_object_get(
        json_object_get(json_object_get(json_object_get(params, "capabilities"), "workspace"), "didChangeWatchedFiles"),
        "dynamicRegistration"));
    json_t *init = json_object_get(params, "initializationOptions");
    const char *stdlib_dir = str_at(init, "stdlib");
    if (stdlib_dir) {
        free(srv->stdlib_dir);
        srv->stdlib_dir = lsp_strdup(stdlib_dir);
    }
    json_t *inc = json_object_get(init, "include");
    json_array_foreach(inc, i, e)
        if (json_is_string(e)) {
            srv->includes = realloc(srv->includes, (srv->ninclude + 1) * sizeof *srv->includes);
            if (!srv->includes)
                abort();
            srv->includes[srv->ninclude++] = lsp_strdup(json_string_value(e));
        }
    srv->initialized = true;
    json_t *caps = json_pack(
        "{s:s,s:{s:b,s:i,s:{s:b}},s:b,s:b,s:b,s:{s:[s,s,s],s:b},s:b,s:b,s:b,s:b,s:{s:[s]},s:{s:b}}",
        "positionEncoding", srv->utf8 ? "utf-8" : "utf-16",
        "textDocumentSync", "openClose", 1, "change", 2, "save", "includeText", 0,
        "hoverProvider", 1, "definitionProvider", 1, "referencesProvider", 1,
        "completionProvider", "triggerCharacters", ".", " ", "=", "resolveProvider", 0,
        "documentSymbolProvider", 1, "workspaceSymbolProvider", 1, "documentFormattingProvider", 1,
        "documentRangeFormattingProvider", 1, "codeActionProvider", "codeActionKinds", "quickfix",
        "renameProvider", "prepareProvider", 1);
    reply(srv, id,
          json_pack("{s:o,s:{s:s,s:s}}", "capabilities", caps, "serverInfo", "name", "smmc", "version", SMM_VERSION));
}

static bool on_did_open(LspServer *srv, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    const char *uri = str_at(td, "uri"), *text = str_at(td, "text");
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
    uint32_t a = to_offset(srv, d->text, d->len, (long)json_integer_value(sl), (long)json_integer_value(sc));
    uint32_t b = to_offset(srv, d->text, d->len, (long)json_integer_value(el), (long)json_integer_value(ec));
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

static bool on_did_change(LspServer *srv, json_t *params)
{
    json_t *td = json_object_get(params, "textDocument");
    Doc *d = doc_by_uri(srv, str_at(td, "uri"));
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

static bool on_did_close(LspServer *srv, json_t *params)
{
    Doc *d = doc_by_uri(srv, str_at(json_object_get(params, "textDocument"), "uri"));
    if (!d)
        return false;
    doc_free(d);
    *d = srv->docs[--srv->ndocs];
    return true;
}

static void on_hover(LspServer *srv, json_t *id, json_t *params)
{
    char *path;
    uint32_t off;
    if (!doc_position(srv, params, &path, &off))
        {
            reply_error(srv, id, E_INVALID_PARAMS, "hover needs textDocument.uri and position");
            return;
        }
    smm_span range;
    char *text = srv->s ? smm_hover(srv->s, path, off, &range) : NULL;
    if (!text) {
        free(path);
        {
            reply(srv, id, json_null());
            return;
        }
    }
    reply(srv, id,
          json_pack("{s:{s:s,s:s},s:o}", "contents", "kind", "markdown", "value", text, "range", to_range(srv, &range)));
    free(text);
    free(path);
}

typedef struct {
    LspServer *srv;
    json_t *list;
} Collect;

static int add_location(void *ctx, const smm_span *sp)
{
    Collect *c = ctx;
    json_array_append_new(c->list, to_location(c->srv, sp));
    return 0;
}

static void on_locations(LspServer *srv, json_t *id, json_t *params, bool refs)
{
    char *path;
    uint32_t off;
    if (!doc_position(srv, params, &path, &off))
        {
            reply_error(srv, id, E_INVALID_PARAMS, "expected textDocument.uri and position");
            return;
        }
    Collect c = {srv, json_array()};
    if (srv->s && refs) {
        json_t *inc = json_object_get(json_object_get(params, "context"), "includeDeclaration");
        smm_references(srv->s, path, off, json_is_true(inc), add_location, &c);
    } else if (srv->s) {
        smm_definitions(srv->s, path, off, add_location, &c);
    }
    free(path);
    reply(srv, id, c.list);
}

static int completion_kind(smm_completion_kind k)
{
    switch (k) {
    case SMM_COMPLETE_KEYWORD: return 14;
    case SMM_COMPLETE_PRACTICE: return 10;
    case SMM_COMPLETE_DOMAIN:
    case SMM_COMPLETE_DIMENSION:
    case SMM_COMPLETE_MODEL: return 9;
    case SMM_COMPLETE_LEVEL: return 12;
    case SMM_COMPLETE_SCOPE: return 20;
    case SMM_COMPLETE_PROFILE: return 7;
    case SMM_COMPLETE_VARIANT: return 13;
    case SMM_COMPLETE_CONSIDERATION: return 21;
    }
    return 1;
}

static int add_completion(void *ctx, const smm_completion *c)
{
    json_t *item = json_pack("{s:s,s:i}", "label", c->label, "kind", completion_kind(c->kind));
    if (c->detail)
        json_object_set_new(item, "detail", json_string(c->detail));
    json_array_append_new(ctx, item);
    return 0;
}

static void on_completion(LspServer *srv, json_t *id, json_t *params)
{
    char *path;
    uint32_t off;
    if (!doc_position(srv, params, &path, &off))
        {
            reply_error(srv, id, E_INVALID_PARAMS, "completion needs textDocument.uri and position");
            return;
        }
    json_t *items = json_array();
    if (srv->s)
        smm_completions(srv->s, path, off, add_completion, items);
    free(path);
    reply(srv, id, json_pack("{s:b,s:o}", "isIncomplete", 0, "items", items));
}

static int symbol_kind(smm_symbol_kind k)
{
    switch (k) {
    case SMM_SYM_MODEL: return 2;
    case SMM_SYM_PROFILE: return 5;
    case SMM_SYM_ASSESSMENT: return 24;
    case SMM_SYM_TEST: return 6;
    case SMM_SYM_SECTOR:
    case SMM_SYM_SYSTEM: return 3;
    }
    return 13;
}

typedef struct {
    LspServer *srv;
    json_t *all;  /* every symbol, by index */
    json_t *top;  /* the result */
    bool flat;    /* workspace/symbol: SymbolInformation */
} Symbols;

static int add_symbol(void *ctx, const smm_symbol *sym)
{
    Symbols *c = ctx;
    json_t *o;
    if (c->flat) {
        o = json_pack("{s:s,s:i,s:o}", "name", sym->name, "kind", symbol_kind(sym->kind), "location",
                      to_location(c->srv, &sym->span));
        json_t *parent = sym->parent >= 0 ? json_array_get(c->all, (size_t)sym->parent) : NULL;
        if (parent)
            json_object_set(o, "containerName", json_object_get(parent, "name"));
        json_array_append(c->all, o);
        json_array_append_new(c->top, o);
        return 0;
    }
    o = json_pack("{s:s,s:i,s:o,s:o}", "name", sym->name, "kind", symbol_kind(sym->kind), "range",
                  to_range(c->srv, &sym->span), "selectionRange", to_range(c->srv, &sym->name_span));
    if (sym->detail)
        json_object_set_new(o, "detail", json_string(sym->detail));
    json_array_append(c->all, o);
    json_t *parent = sym->parent >= 0 ? json_array_get(c->all, (size_t)sym->parent) : NULL;
    if (parent) {
        json_t *kids = json_object_get(parent, "children");
        if (!kids)
            json_object_set_new(parent, "children", kids = json_array());
        json_array_append_new(kids, o);
    } else {
        json_array_append_new(c->top, o);
    }
    return 0;
}

static void on_symbols(LspServer *srv, json_t *id, json_t *params, bool workspace)
{
    char *path = NULL;
    if (!workspace && !doc_position(srv, params, &path, NULL))
        {
            reply_error(srv, id, E_INVALID_PARAMS, "documentSymbol needs textDocument.uri");
            return;
        }
    Symbols c = {srv, json_array(), json_array(), workspace};
    if (srv->s)
        smm_symbols(srv->s, path, workspace ? str_at(params, "query") : NULL, add_symbol, &c);
    json_decref(c.all);
    free(path);
    reply(srv, id, c.top);
}

/* The smallest edit from old to new: common prefix and suffix (whole
 * lines), one replacement between; NULL when equal. */
static json_t *minimal_edit(LspServer *srv, const char *old, size_t on, const char *new, size_t nn, long *first,
                            long *last)
{
    size_t p = 0;
    while (p < on && p < nn && old[p] == new[p])
        p++;
    if (p == on && p == nn)
        return NULL;
    while (p > 0 && old[p - 1] != '\n')
        p--;
    size_t s = 0;
    while (s < on - p && s < nn - p && old[on - 1 - s] == new[nn - 1 - s])
        s++;
    while (s > 0 && old[on - s] != '\n' && on - s > p)
        s--;
    json_t *start = to_position(srv, old, on, (uint32_t)p), *end = to_position(srv, old, on, (uint32_t)(on - s));
    *first = (long)json_integer_value(json_object_get(start, "line"));
    *last = (long)json_integer_value(json_object_get(end, "line"));
    char *text = lsp_strndup(new + p, nn - s - p);
    json_t *edit = json_pack("{s:{s:o,s:o},s:s}", "range", "start", start, "end", end, "newText", text);
    free(text);
    return edit;
}

static void on_format(LspServer *srv, json_t *id, json_t *params, bool range)
{
    char *path;
    if (!doc_position(srv, params, &path, NULL))
        {
            reply_error(srv, id, E_INVALID_PARAMS, "formatting needs textDocument.uri");
            return;
        }
    const Doc *d = doc_by_path(srv, path);
    free(path);
    if (!d)
        {
            reply_error(srv, id, E_INVALID_PARAMS, "the document is not open");
            return;
        }
    char *out;
    size_t outn;
    char err[256];
    if (smm_format_source(d->text, d->len, &out, &outn, err, sizeof err) != 0)
        {
            reply_error(srv, id, E_REQUEST_FAILED, "cannot format: %s", err);
            return;
        }
    json_t *edits = json_array();
    long first = 0, last = 0;
    json_t *e = minimal_edit(srv, d->text, d->len, out, outn, &first, &last);
    free(out);
    if (e && range) {
        json_t *r = json_object_get(params, "range");
        long rs = (long)json_integer_value(json_object_get(json_object_get(r, "start"), "line"));
        long re = (long)json_integer_value(json_object_get(json_object_get(r, "end"), "line"));
        if (last < rs || first > re) { /* the changes lie outside the range */
            json_decref(e);
            e = NULL;
        }
    }
    if (e)
        json_array_append_new(edits, e);
    reply(srv, id, edits);
}

typedef struct {
    LspServer *srv;
    const char *path;
    uint32_t start, end; /* the range asked about */
    json_t *client_diags;
    json_t *actions;
} Actions;

static int add_actions(void *ctx, const smm_diagnostic *d)
{
    Actions *a = ctx;
    if (!d->nfixits || !d->span.file || strcmp(d->span.file, a->path) || d->span.end < a->start ||
        d->span.start > a->end)
        return 0;
    LspServer *srv = a->srv;
    json_t *range = to_range(srv, &d->span);
    json_t *matching = json_array();
    size_t i;
    json_t *cd;
    json_array_foreach(a->client_diags, i, cd)
        if (json_equal(json_object_get(cd, "range"), range) &&
            (!json_object_get(cd, "code") || (json_is_string(json_object_get(cd, "code")) &&
                                              !strcmp(json_string_value(json_object_get(cd, "code")), d->code))))
            json_array_append(matching, cd);
    json_decref(range);
    const Doc *doc = doc_by_path(srv, a->path);
    for (size_t k = 0; k < d->nfixits; k++) {
        const smm_fixit *f = &d->fixits[k];
        size_t len = 0;
        const char *t = text_of(srv, f->span.file ? f->span.file : a->path, &len);
        char title[512];
        if (f->span.end > f->span.start && t && f->span.end <= len)
            snprintf(title, sizeof title, "Replace '%.*s' with '%s'", (int)(f->span.end - f->span.start),
                     t + f->span.start, f->replacement);
        else
            snprintf(title, sizeof title, "Insert '%s'", f->replacement);
        char *uri = doc ? NULL : path_to_uri(a->path);
        json_t *edit = json_pack("{s:o,s:s}", "range", to_range(srv, &f->span), "newText", f->replacement);
        json_t *changes = json_object();
        json_object_set_new(changes, doc ? doc->uri : uri, json_pack("[o]", edit));
        json_t *action = json_pack("{s:s,s:s,s:O,s:b,s:{s:o}}", "title", title, "kind", "quickfix", "diagnostics",
                                   matching, "isPreferred", d->nfixits == 1, "edit", "changes", changes);
        json_array_append_new(a->actions, action);
        free(uri);
    }
    json_decref(matching);
    return 0;
}

static void on_code_action(LspServer *srv, json_t *id, json_t *params)
{
    char *path;
    if (!doc_position(srv, params, &path, NULL))
        {
            reply_error(srv, id, E_INVALID_PARAMS, "codeAction needs textDocument.uri and range");
            return;
        }
    json_t *r = json_object_get(params, "range");
    size_t len = 0;
    const char *t = text_of(srv, path, &len);
    Actions a = {srv, path, 0, UINT32_MAX, json_object_get(json_object_get(params, "context"), "diagnostics"),
                 json_array()};
    if (t && r) {
        json_t *s = json_object_get(r, "start"), *e = json_object_get(r, "end");
        a.start = to_offset(srv, t, len, (long)json_integer_value(json_object_get(s, "line")),
                            (long)json_integer_value(json_object_get(s, "character")));
        a.end = to_offset(srv, t, len, (long)json_integer_value(json_object_get(e, "line")),
                          (long)json_integer_value(json_object_get(e, "character")));
    }
    if (srv->s)
        smm_each_diagnostic(srv->s, add_actions, &a);
    free(path);
    reply(srv, id, a.actions);
}

static bool valid_name(const char *n)
{
    bool start = true;
    if (!*n)
        return false;
    for (const char *p = n; *p; p++) {
        bool letter = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_';
        bool digit = *p >= '0' && *p <= '9';
        if (*p == '.') {
            if (start)
                return false;
            start = true;
        } else if (start ? !letter : !(letter || digit || *p == '-')) {
            return false;
        } else {
            start = false;
        }
    }
    return !start;
}

typedef struct {
    LspServer *srv;
    const char *name;
    json_t *changes;
    bool taken;
} Rename;

static int name_taken(void *ctx, const smm_symbol *sym)
{
    Rename *r = ctx;
    if (sym->kind == SMM_SYM_PROFILE && !strcmp(sym->name, r->name))
        r->taken = true;
    return r->taken;
}

static int add_rename_edit(void *ctx, const smm_span *sp)
{
    Rename *r = ctx;
    const Doc *d = doc_by_path(r->srv, sp->file);
    char *uri = d ? lsp_strdup(d->uri) : path_to_uri(sp->file);
    json_t *list = json_object_get(r->changes, uri);
    if (!list)
        json_object_set_new(r->changes, uri, list = json_array());
    json_array_append_new(list, json_pack("{s:o,s:s}", "range", to_range(r->srv, sp), "newText", r->name));
    free(uri);
    return 0;
}

static void on_rename(LspServer *srv, json_t *id, json_t *params, bool prepare)
{
    char *path;
    uint32_t off;
    if (!doc_position(srv, params, &path, &off))
        {
            reply_error(srv, id, E_INVALID_PARAMS, "rename needs textDocument.uri and position");
            return;
        }
    smm_span span;
    const char *old;
    bool ok = srv->s && smm_rename_target(srv->s, path, off, &span, &old);
    if (prepare) {
        free(path);
        if (!ok)
            {
            reply(srv, id, json_null());
            return;
        }
        {
            reply(srv, id, json_pack("{s:o,s:s}", "range", to_range(srv, &span), "placeholder", old));
            return;
        }
    }
    const char *name = str_at(params, "newName");
    if (!ok) {
        free(path);
        {
            reply_error(srv, id, E_REQUEST_FAILED, "only a profile name can be renamed");
            return;
        }
    }
    if (!name || !valid_name(name)) {
        free(path);
        {
            reply_error(srv, id, E_INVALID_PARAMS, "'%s' is not a valid profile name", name ? name : "");
            return;
        }
    }
    Rename r = {srv, name, json_object(), false};
    if (strcmp(name, old))
        smm_symbols(srv->s, NULL, name, name_taken, &r);
    if (r.taken) {
        json_decref(r.changes);
        free(path);
        {
            reply_error(srv, id, E_REQUEST_FAILED, "a profile named '%s' exists already", name);
            return;
        }
    }
    smm_references(srv->s, path, off, true, add_rename_edit, &r);
    free(path);
    reply(srv, id, json_pack("{s:o}", "changes", r.changes));
}

/* $/smmc/stats (an extension, docs/editors.md): what the last analysis
 * parsed and what it reused. */
static void on_stats(LspServer *srv, json_t *id)
{
    int parsed = 0, reused = 0;
    if (srv->s)
        smm_load_stats(srv->s, &parsed, &reused);
    reply(srv, id, json_pack("{s:I,s:i,s:i,s:b,s:i}", "analyses", (json_int_t)srv->analyses, "parsed", parsed,
                             "reused", reused, "newSession", srv->fresh, "files",
                             srv->s ? (int)smm_unit_count(srv->s) : 0));
}

/* ---------------------------------------------------------------- dispatch */

int lsp_handle(LspServer *srv, const char *body, size_t len)
{
    trace(srv, "-> %.*s", (int)(len > 4000 ? 4000 : len), body);
    json_error_t err;
    json_t *msg = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
    if (!msg) {
        reply_error(srv, NULL, E_PARSE, "Parse error: %s (at byte %d)", err.text, err.position);
        return -1;
    }
    json_t *id = json_object_get(msg, "id");
    json_t *method_j = json_object_get(msg, "method");
    json_t *params = json_object_get(msg, "params");
    if (!json_is_object(msg) || !json_is_string(method_j) ||
        (id && !json_is_string(id) && !json_is_integer(id) && !json_is_null(id))) {
        /* a response from the client (to nothing we asked) is ignored */
        if (json_is_object(msg) && !method_j && (json_object_get(msg, "result") || json_object_get(msg, "error"))) {
            json_decref(msg);
            return -1;
        }
        reply_error(srv, json_is_object(msg) && (json_is_string(id) || json_is_integer(id)) ? id : NULL,
                    E_INVALID_REQUEST, "Invalid request: expected a JSON-RPC request or notification");
        json_decref(msg);
        return -1;
    }
    const char *method = json_string_value(method_j);
    bool request = id != NULL;
    int status = -1;
    if (!strcmp(method, "exit")) {
        status = srv->shutdown ? 0 : 1;
    } else if (srv->shutdown && request) {
        reply_error(srv, id, E_INVALID_REQUEST, "the server is shutting down: only 'exit' is accepted");
    } else if (!strcmp(method, "initialize")) {
        if (!request)
            ;
        else if (srv->initialized)
            reply_error(srv, id, E_INVALID_REQUEST, "initialize was sent already");
        else
            on_initialize(srv, id, params);
    } else if (!srv->initialized) {
        if (request)
            reply_error(srv, id, E_NOT_INITIALIZED, "the server is not initialized");
    } else if (!strcmp(method, "shutdown")) {
        srv->shutdown = true;
        if (request)
            reply(srv, id, json_null());
    } else if (!request) {
        bool changed = false;
        if (!strcmp(method, "textDocument/didOpen"))
            changed = on_did_open(srv, params);
        else if (!strcmp(method, "textDocument/didChange"))
            changed = on_did_change(srv, params);
        else if (!strcmp(method, "textDocument/didClose"))
            changed = on_did_close(srv, params);
        else if (!strcmp(method, "workspace/didChangeWatchedFiles"))
            changed = srv->disk_changed = true; /* a file's size and time may not tell */
        else if (!strcmp(method, "textDocument/didSave"))
            changed = true;
        else if (!strcmp(method, "initialized") && srv->watch)
            /* ask to hear of .smm files changed on disk (imports, the stdlib) */
            send(srv, json_pack("{s:s,s:s,s:{s:[{s:s,s:s,s:{s:[{s:s}]}}]}}", "id", "smmc-watch", "method",
                                "client/registerCapability", "params", "registrations", "id", "smmc-watch",
                                "method", "workspace/didChangeWatchedFiles", "registerOptions", "watchers",
                                "globPattern", "**/*.smm"));
        /* anything else ($/cancelRequest, ...) needs nothing */
        if (changed)
            analyze(srv);
    } else if (!json_is_object(params) && !json_is_array(params) && params) {
        reply_error(srv, id, E_INVALID_PARAMS, "params must be an object");
    } else if (!strcmp(method, "textDocument/hover")) {
        on_hover(srv, id, params);
    } else if (!strcmp(method, "textDocument/definition")) {
        on_locations(srv, id, params, false);
    } else if (!strcmp(method, "textDocument/references")) {
        on_locations(srv, id, params, true);
    } else if (!strcmp(method, "textDocument/completion")) {
        on_completion(srv, id, params);
    } else if (!strcmp(method, "textDocument/documentSymbol")) {
        on_symbols(srv, id, params, false);
    } else if (!strcmp(method, "workspace/symbol")) {
        on_symbols(srv, id, params, true);
    } else if (!strcmp(method, "textDocument/formatting")) {
        on_format(srv, id, params, false);
    } else if (!strcmp(method, "textDocument/rangeFormatting")) {
        on_format(srv, id, params, true);
    } else if (!strcmp(method, "textDocument/codeAction")) {
        on_code_action(srv, id, params);
    } else if (!strcmp(method, "textDocument/prepareRename")) {
        on_rename(srv, id, params, true);
    } else if (!strcmp(method, "textDocument/rename")) {
        on_rename(srv, id, params, false);
    } else if (!strcmp(method, "$/smmc/stats")) {
        on_stats(srv, id);
    } else {
        reply_error(srv, id, E_METHOD_NOT_FOUND, "unknown method '%s'", method);
    }
    json_decref(msg);
    return status;
}

/* ---------------------------------------------------------------- framing */

enum { MAX_MESSAGE = 64 << 20 };

int lsp_run(LspServer *srv, FILE *in)
{
    char line[1024];
    for (;;) {
        long length = -1;
        bool any = false;
        /* headers, up to an empty line */
        for (;;) {
            if (!fgets(line, sizeof line, in))
                return srv->shutdown ? 0 : 1;
            size_t n = strlen(line);
            while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
                line[--n] = 0;
            if (!n && any)
                break;
            if (!n)
                continue;
            any = true;
            if (!strncasecmp(line, "Content-Length:", 15)) {
                char *end;
                errno = 0;
                long v = strtol(line + 15, &end, 10);
                while (*end == ' ' || *end == '\t')
                    end++;
                length = errno || *end || v < 0 ? -2 : v;
            }
        }
        if (length < 0) {
            reply_error(srv, NULL, E_PARSE, "Parse error: a message without a valid Content-Length header");
            continue;
        }
        if (length > MAX_MESSAGE) {
            for (long k = 0; k < length && fgetc(in) != EOF; k++)
                ;
            reply_error(srv, NULL, E_INVALID_REQUEST, "a message of %ld bytes is too large", length);
            continue;
        }
        char *body = malloc((size_t)length + 1);
        if (!body)
            return 1;
        size_t got = fread(body, 1, (size_t)length, in);
        if (got < (size_t)length) {
            free(body);
            return srv->shutdown ? 0 : 1;
        }
        int status = lsp_handle(srv, body, (size_t)length);
        free(body);
        if (status >= 0)
            return status;
    }
}

/* ---------------------------------------------------------------- life */

LspServer *lsp_new(const LspOptions *opt, FILE *out)
{
    LspServer *srv = lsp_alloc(sizeof *srv);
    srv->out = out;
    srv->log = opt ? opt->log : NULL;
    if (opt && opt->docs_url && *opt->docs_url)
        srv->docs_url = lsp_strdup(opt->docs_url);
    if (opt && opt->stdlib_dir)
        srv->stdlib_dir = lsp_strdup(opt->stdlib_dir);
    for (size_t i = 0; opt && i < opt->ninclude; i++) {
        srv->includes = realloc(srv->includes, (srv->ninclude + 1) * sizeof *srv->includes);
        if (!srv->includes)
            abort();
        srv->includes[srv->ninclude++] = lsp_strdup(opt->include_dirs[i]);
    }
    return srv;
}

void lsp_free(LspServer *srv)
{
    if (!srv)
        return;
    smm_free(srv->s);
    for (size_t i = 0; i < srv->ndocs; i++)
        doc_free(&srv->docs[i]);
    free(srv->docs);
    for (size_t i = 0; i < srv->npublished; i++)
        free(srv->published[i]);
    free(srv->published);
    for (size_t i = 0; i < srv->ninclude; i++)
        free(srv->includes[i]);
    free(srv->includes);
    free(srv->stdlib_dir);
    free(srv->docs_url);
    free(srv);
}
