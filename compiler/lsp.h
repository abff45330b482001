/*
 * lsp.h — the language server behind `smmc lsp` (lsp.c): LSP 3.17 over
 * JSON-RPC with Content-Length framing, built on the public API (smm.h)
 * like the command line.  Not part of libsmm; linked into smmc and into
 * the server's fuzz target (tests/fuzz/fuzz_lsp.c).
 */
#ifndef SMMC_LSP_H
#define SMMC_LSP_H

#include "smm.h"

typedef struct LspOptions {
    const char *stdlib_dir;    /* --stdlib; NULL = the default */
    const char **include_dirs; /* -I */
    size_t ninclude;
    FILE *log;                 /* a trace of the traffic, or NULL */
    const char *docs_url;      /* docs/diagnostics.md for the codes' links, or NULL */
} LspOptions;

typedef struct LspServer LspServer;

/* A server writing its messages (framed) to out. */
LspServer *lsp_new(const LspOptions *opt, FILE *out);
void lsp_free(LspServer *srv);
/* Handle one message body (JSON text, len bytes).  Returns -1 to go on,
 * or the exit status once `exit` was received (0 after `shutdown`, else 1). */
int lsp_handle(LspServer *srv, const char *body, size_t len);
/* Read framed messages from in until `exit` or the end of the input (then
 * 0 after `shutdown`, else 1); returns the exit status. */
int lsp_run(LspServer *srv, FILE *in);

#endif
