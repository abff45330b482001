/*
 * lsp.c — the language server (`smmc lsp`, tool.md §7): LSP 3.17 over
 * JSON-RPC 2.0 with Content-Length framing on stdin/stdout, every message
 * read and written through jansson.  This file: the messages, the
 * dispatch, the framing and the server's life; lsp_workspace.c the
 * workspace and its analysis; lsp_handlers.c the requests.
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
#include "lsp_int.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* ---------------------------------------------------------------- small helpers */

void *lsp_alloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p) {
        fputs("smmc lsp: out of memory\n", stderr);
        abort();
    }
    return p;
}

char *lsp_strndup(const char *s, size_t n)
{
    char *p = lsp_alloc(n + 1);
    memcpy(p, s, n);
    return p;
}

char *lsp_strdup(const char *s)
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

void lsp_reply(LspServer *srv, json_t *id, json_t *result)
{
    send(srv, json_pack("{s:O,s:o}", "id", id ? id : json_null(), "result", result ? result : json_null()));
}

void lsp_reply_error(LspServer *srv, json_t *id, int code, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    send(srv, json_pack("{s:O,s:{s:i,s:s}}", "id", id ? id : json_null(), "error", "code", code, "message", msg));
}

void lsp_notify(LspServer *srv, const char *method, json_t *params)
{
    send(srv, json_pack("{s:s,s:o}", "method", method, "params", params));
}

/* ---------------------------------------------------------------- dispatch */

/* A notification: a change to the workspace analyzes it again. */
static void on_notification(LspServer *srv, const char *method, json_t *params)
{
    bool changed = false;
    if (!strcmp(method, "textDocument/didOpen"))
        changed = lsp_on_did_open(srv, params);
    else if (!strcmp(method, "textDocument/didChange"))
        changed = lsp_on_did_change(srv, params);
    else if (!strcmp(method, "textDocument/didClose"))
        changed = lsp_on_did_close(srv, params);
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
        lsp_analyze(srv);
}

/* The requests after initialize, by method: the handler and its flag. */
static const struct {
    const char *method;
    void (*fn)(LspServer *, json_t *, json_t *, bool);
    bool flag;
} requests[] = {
    {"textDocument/hover", lsp_on_hover, false},
    {"textDocument/definition", lsp_on_locations, false},
    {"textDocument/references", lsp_on_locations, true},
    {"textDocument/completion", lsp_on_completion, false},
    {"textDocument/documentSymbol", lsp_on_symbols, false},
    {"workspace/symbol", lsp_on_symbols, true},
    {"textDocument/formatting", lsp_on_format, false},
    {"textDocument/rangeFormatting", lsp_on_format, true},
    {"textDocument/codeAction", lsp_on_code_action, false},
    {"textDocument/prepareRename", lsp_on_rename, true},
    {"textDocument/rename", lsp_on_rename, false},
    {"$/smmc/stats", lsp_on_stats, false},
};

static void on_request(LspServer *srv, json_t *id, const char *method, json_t *params)
{
    if (!json_is_object(params) && !json_is_array(params) && params) {
        lsp_reply_error(srv, id, E_INVALID_PARAMS, "params must be an object");
        return;
    }
    for (size_t i = 0; i < sizeof requests / sizeof requests[0]; i++)
        if (!strcmp(method, requests[i].method)) {
            requests[i].fn(srv, id, params, requests[i].flag);
            return;
        }
    lsp_reply_error(srv, id, E_METHOD_NOT_FOUND, "unknown method '%s'", method);
}

/* The message as JSON when it is a request or a notification; else NULL
 * after the error response (or nothing, for a response from the client). */
static json_t *envelope(LspServer *srv, const char *body, size_t len)
{
    json_error_t err;
    json_t *msg = json_loadb(body, len, JSON_REJECT_DUPLICATES | JSON_ALLOW_NUL, &err);
    if (!msg) {
        lsp_reply_error(srv, NULL, E_PARSE, "Parse error: %s (at byte %d)", err.text, err.position);
        return NULL;
    }
    json_t *id = json_object_get(msg, "id");
    json_t *method = json_object_get(msg, "method");
    if (json_is_object(msg) && json_is_string(method) &&
        (!id || json_is_string(id) || json_is_integer(id) || json_is_null(id)))
        return msg;
    /* a response from the client (to nothing we asked) is ignored */
    if (!(json_is_object(msg) && !method && (json_object_get(msg, "result") || json_object_get(msg, "error"))))
        lsp_reply_error(srv, json_is_object(msg) && (json_is_string(id) || json_is_integer(id)) ? id : NULL,
                        E_INVALID_REQUEST, "Invalid request: expected a JSON-RPC request or notification");
    json_decref(msg);
    return NULL;
}

int lsp_handle(LspServer *srv, const char *body, size_t len)
{
    trace(srv, "-> %.*s", (int)(len > 4000 ? 4000 : len), body);
    json_t *msg = envelope(srv, body, len);
    if (!msg)
        return -1;
    json_t *id = json_object_get(msg, "id");
    json_t *params = json_object_get(msg, "params");
    const char *method = json_string_value(json_object_get(msg, "method"));
    bool request = id != NULL;
    int status = -1;
    if (!strcmp(method, "exit")) {
        status = srv->shutdown ? 0 : 1;
    } else if (srv->shutdown && request) {
        lsp_reply_error(srv, id, E_INVALID_REQUEST, "the server is shutting down: only 'exit' is accepted");
    } else if (!strcmp(method, "initialize")) {
        if (!request)
            ;
        else if (srv->initialized)
            lsp_reply_error(srv, id, E_INVALID_REQUEST, "initialize was sent already");
        else
            lsp_on_initialize(srv, id, params);
    } else if (!srv->initialized) {
        if (request)
            lsp_reply_error(srv, id, E_NOT_INITIALIZED, "the server is not initialized");
    } else if (!strcmp(method, "shutdown")) {
        srv->shutdown = true;
        if (request)
            lsp_reply(srv, id, json_null());
    } else if (!request) {
        on_notification(srv, method, params);
    } else {
        on_request(srv, id, method, params);
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
            lsp_reply_error(srv, NULL, E_PARSE, "Parse error: a message without a valid Content-Length header");
            continue;
        }
        if (length > MAX_MESSAGE) {
            for (long k = 0; k < length && fgetc(in) != EOF; k++)
                ;
            lsp_reply_error(srv, NULL, E_INVALID_REQUEST, "a message of %ld bytes is too large", length);
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
        lsp_doc_free(&srv->docs[i]);
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
