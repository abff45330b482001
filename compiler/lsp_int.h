/*
 * lsp_int.h — what the files of the language server share (lsp.c: the
 * messages, dispatch and framing; lsp_workspace.c: documents and analysis;
 * lsp_handlers.c: the requests).  Internal to them; uses smm.h only.
 */
#ifndef SMMC_LSP_INT_H
#define SMMC_LSP_INT_H

#include "lsp.h"

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

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

/* lsp.c */
void *lsp_alloc(size_t n);
char *lsp_strndup(const char *s, size_t n);
char *lsp_strdup(const char *s);
void lsp_reply(LspServer *srv, json_t *id, json_t *result);
void lsp_reply_error(LspServer *srv, json_t *id, int code, const char *fmt, ...);
void lsp_notify(LspServer *srv, const char *method, json_t *params);

/* lsp_workspace.c */
char *lsp_path_to_uri(const char *path);
uint32_t lsp_to_offset(const LspServer *srv, const char *text, size_t len, long line, long ch);
json_t *lsp_to_position(const LspServer *srv, const char *text, size_t len, uint32_t off);
const Doc *lsp_doc_by_path(const LspServer *srv, const char *path);
const char *lsp_text_of(const LspServer *srv, const char *path, size_t *len);
json_t *lsp_to_range(const LspServer *srv, const smm_span *sp);
json_t *lsp_to_location(const LspServer *srv, const smm_span *sp);
void lsp_doc_free(Doc *d);
void lsp_analyze(LspServer *srv);
const char *lsp_str_at(json_t *o, const char *key);
/* The request's document (and position, when off is not NULL): false after
 * replying "invalid params" to id with the message `need`. */
bool lsp_doc_position(LspServer *srv, json_t *id, json_t *params, char **path, uint32_t *off, const char *need);
bool lsp_on_did_open(LspServer *srv, json_t *params);
bool lsp_on_did_change(LspServer *srv, json_t *params);
bool lsp_on_did_close(LspServer *srv, json_t *params);

/* lsp_handlers.c */
void lsp_on_initialize(LspServer *srv, json_t *id, json_t *params);
void lsp_on_hover(LspServer *srv, json_t *id, json_t *params, bool unused);
void lsp_on_locations(LspServer *srv, json_t *id, json_t *params, bool refs);
void lsp_on_completion(LspServer *srv, json_t *id, json_t *params, bool unused);
void lsp_on_symbols(LspServer *srv, json_t *id, json_t *params, bool workspace);
void lsp_on_format(LspServer *srv, json_t *id, json_t *params, bool range);
void lsp_on_code_action(LspServer *srv, json_t *id, json_t *params, bool unused);
void lsp_on_rename(LspServer *srv, json_t *id, json_t *params, bool prepare);
void lsp_on_stats(LspServer *srv, json_t *id, json_t *params, bool unused);

#endif
