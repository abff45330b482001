/*
 * lsp_handlers.c — the language server's requests: initialize, hover,
 * definition and references, completion, symbols, formatting, code
 * actions, rename and the $/smmc/stats extension.
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

/* ---------------------------------------------------------------- handlers */

void lsp_on_initialize(LspServer *srv, json_t *id, json_t *params)
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
    const char *stdlib_dir = lsp_str_at(init, "stdlib");
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
    lsp_reply(srv, id,
          json_pack("{s:o,s:{s:s,s:s}}", "capabilities", caps, "serverInfo", "name", "smmc", "version", SMM_VERSION));
}

void lsp_on_hover(LspServer *srv, json_t *id, json_t *params, bool unused)
{
    (void)unused;
    char *path;
    uint32_t off;
    if (!lsp_doc_position(srv, id, params, &path, &off, "hover needs textDocument.uri and position"))
        return;
    smm_span range;
    char *text = srv->s ? smm_hover(srv->s, path, off, &range) : NULL;
    if (!text) {
        free(path);
        {
            lsp_reply(srv, id, json_null());
            return;
        }
    }
    lsp_reply(srv, id,
          json_pack("{s:{s:s,s:s},s:o}", "contents", "kind", "markdown", "value", text, "range", lsp_to_range(srv, &range)));
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
    json_array_append_new(c->list, lsp_to_location(c->srv, sp));
    return 0;
}

void lsp_on_locations(LspServer *srv, json_t *id, json_t *params, bool refs)
{
    char *path;
    uint32_t off;
    if (!lsp_doc_position(srv, id, params, &path, &off, "expected textDocument.uri and position"))
        return;
    Collect c = {srv, json_array()};
    if (srv->s && refs) {
        json_t *inc = json_object_get(json_object_get(params, "context"), "includeDeclaration");
        smm_references(srv->s, path, off, json_is_true(inc), add_location, &c);
    } else if (srv->s) {
        smm_definitions(srv->s, path, off, add_location, &c);
    }
    free(path);
    lsp_reply(srv, id, c.list);
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

void lsp_on_completion(LspServer *srv, json_t *id, json_t *params, bool unused)
{
    (void)unused;
    char *path;
    uint32_t off;
    if (!lsp_doc_position(srv, id, params, &path, &off, "completion needs textDocument.uri and position"))
        return;
    json_t *items = json_array();
    if (srv->s)
        smm_completions(srv->s, path, off, add_completion, items);
    free(path);
    lsp_reply(srv, id, json_pack("{s:b,s:o}", "isIncomplete", 0, "items", items));
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
                      lsp_to_location(c->srv, &sym->span));
        json_t *parent = sym->parent >= 0 ? json_array_get(c->all, (size_t)sym->parent) : NULL;
        if (parent)
            json_object_set(o, "containerName", json_object_get(parent, "name"));
        json_array_append(c->all, o);
        json_array_append_new(c->top, o);
        return 0;
    }
    o = json_pack("{s:s,s:i,s:o,s:o}", "name", sym->name, "kind", symbol_kind(sym->kind), "range",
                  lsp_to_range(c->srv, &sym->span), "selectionRange", lsp_to_range(c->srv, &sym->name_span));
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

void lsp_on_symbols(LspServer *srv, json_t *id, json_t *params, bool workspace)
{
    char *path = NULL;
    if (!workspace && !lsp_doc_position(srv, id, params, &path, NULL, "documentSymbol needs textDocument.uri"))
        return;
    Symbols c = {srv, json_array(), json_array(), workspace};
    if (srv->s)
        smm_symbols(srv->s, path, workspace ? lsp_str_at(params, "query") : NULL, add_symbol, &c);
    json_decref(c.all);
    free(path);
    lsp_reply(srv, id, c.top);
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
    json_t *start = lsp_to_position(srv, old, on, (uint32_t)p), *end = lsp_to_position(srv, old, on, (uint32_t)(on - s));
    *first = (long)json_integer_value(json_object_get(start, "line"));
    *last = (long)json_integer_value(json_object_get(end, "line"));
    char *text = lsp_strndup(new + p, nn - s - p);
    json_t *edit = json_pack("{s:{s:o,s:o},s:s}", "range", "start", start, "end", end, "newText", text);
    free(text);
    return edit;
}

void lsp_on_format(LspServer *srv, json_t *id, json_t *params, bool range)
{
    char *path;
    if (!lsp_doc_position(srv, id, params, &path, NULL, "formatting needs textDocument.uri"))
        return;
    const Doc *d = lsp_doc_by_path(srv, path);
    free(path);
    if (!d)
        {
            lsp_reply_error(srv, id, E_INVALID_PARAMS, "the document is not open");
            return;
        }
    char *out;
    size_t outn;
    char err[256];
    if (smm_format_source(d->text, d->len, &out, &outn, err, sizeof err) != 0)
        {
            lsp_reply_error(srv, id, E_REQUEST_FAILED, "cannot format: %s", err);
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
    lsp_reply(srv, id, edits);
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
    json_t *range = lsp_to_range(srv, &d->span);
    json_t *matching = json_array();
    size_t i;
    json_t *cd;
    json_array_foreach(a->client_diags, i, cd)
        if (json_equal(json_object_get(cd, "range"), range) &&
            (!json_object_get(cd, "code") || (json_is_string(json_object_get(cd, "code")) &&
                                              !strcmp(json_string_value(json_object_get(cd, "code")), d->code))))
            json_array_append(matching, cd);
    json_decref(range);
    const Doc *doc = lsp_doc_by_path(srv, a->path);
    for (size_t k = 0; k < d->nfixits; k++) {
        const smm_fixit *f = &d->fixits[k];
        size_t len = 0;
        const char *t = lsp_text_of(srv, f->span.file ? f->span.file : a->path, &len);
        char title[512];
        if (f->span.end > f->span.start && t && f->span.end <= len)
            snprintf(title, sizeof title, "Replace '%.*s' with '%s'", (int)(f->span.end - f->span.start),
                     t + f->span.start, f->replacement);
        else
            snprintf(title, sizeof title, "Insert '%s'", f->replacement);
        char *uri = doc ? NULL : lsp_path_to_uri(a->path);
        json_t *edit = json_pack("{s:o,s:s}", "range", lsp_to_range(srv, &f->span), "newText", f->replacement);
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

void lsp_on_code_action(LspServer *srv, json_t *id, json_t *params, bool unused)
{
    (void)unused;
    char *path;
    if (!lsp_doc_position(srv, id, params, &path, NULL, "codeAction needs textDocument.uri and range"))
        return;
    json_t *r = json_object_get(params, "range");
    size_t len = 0;
    const char *t = lsp_text_of(srv, path, &len);
    Actions a = {srv, path, 0, UINT32_MAX, json_object_get(json_object_get(params, "context"), "diagnostics"),
                 json_array()};
    if (t && r) {
        json_t *s = json_object_get(r, "start"), *e = json_object_get(r, "end");
        a.start = lsp_to_offset(srv, t, len, (long)json_integer_value(json_object_get(s, "line")),
                            (long)json_integer_value(json_object_get(s, "character")));
        a.end = lsp_to_offset(srv, t, len, (long)json_integer_value(json_object_get(e, "line")),
                          (long)json_integer_value(json_object_get(e, "character")));
    }
    if (srv->s)
        smm_each_diagnostic(srv->s, add_actions, &a);
    free(path);
    lsp_reply(srv, id, a.actions);
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
    const Doc *d = lsp_doc_by_path(r->srv, sp->file);
    char *uri = d ? lsp_strdup(d->uri) : lsp_path_to_uri(sp->file);
    json_t *list = json_object_get(r->changes, uri);
    if (!list)
        json_object_set_new(r->changes, uri, list = json_array());
    json_array_append_new(list, json_pack("{s:o,s:s}", "range", lsp_to_range(r->srv, sp), "newText", r->name));
    free(uri);
    return 0;
}

void lsp_on_rename(LspServer *srv, json_t *id, json_t *params, bool prepare)
{
    char *path;
    uint32_t off;
    if (!lsp_doc_position(srv, id, params, &path, &off, "rename needs textDocument.uri and position"))
        return;
    smm_span span;
    const char *old;
    bool ok = srv->s && smm_rename_target(srv->s, path, off, &span, &old);
    if (prepare) {
        free(path);
        if (!ok)
            {
            lsp_reply(srv, id, json_null());
            return;
        }
        {
            lsp_reply(srv, id, json_pack("{s:o,s:s}", "range", lsp_to_range(srv, &span), "placeholder", old));
            return;
        }
    }
    const char *name = lsp_str_at(params, "newName");
    if (!ok) {
        free(path);
        {
            lsp_reply_error(srv, id, E_REQUEST_FAILED, "only a profile name can be renamed");
            return;
        }
    }
    if (!name || !valid_name(name)) {
        free(path);
        {
            lsp_reply_error(srv, id, E_INVALID_PARAMS, "'%s' is not a valid profile name", name ? name : "");
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
            lsp_reply_error(srv, id, E_REQUEST_FAILED, "a profile named '%s' exists already", name);
            return;
        }
    }
    smm_references(srv->s, path, off, true, add_rename_edit, &r);
    free(path);
    lsp_reply(srv, id, json_pack("{s:o}", "changes", r.changes));
}

/* $/smmc/stats (an extension, docs/editors.md): what the last analysis
 * parsed and what it reused. */
void lsp_on_stats(LspServer *srv, json_t *id, json_t *params, bool unused)
{
    (void)params;
    (void)unused;
    smm_stats st = {0};
    if (srv->s)
        smm_get_stats(srv->s, &st);
    lsp_reply(srv, id,
              json_pack("{s:I,s:i,s:i,s:b,s:i,s:i,s:i,s:i,s:i}", "analyses", (json_int_t)srv->analyses, "parsed",
                        st.parsed, "reused", st.reused_parses, "newSession", srv->fresh, "files",
                        srv->s ? (int)smm_unit_count(srv->s) : 0, "profiles", st.profiles, "reusedProfiles",
                        st.reused_profiles, "models", st.models, "reusedModels", st.reused_models));
}
