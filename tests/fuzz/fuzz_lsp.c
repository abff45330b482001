/*
 * fuzz_lsp.c — libFuzzer target for the language server's loop (lsp.c).
 *
 * One input is the whole of a client's side of a session: bytes fed to
 * lsp_run as its standard input, framing (Content-Length headers) and
 * all.  The seeds in tests/fuzz/lsp-corpus are well-formed sessions
 * (initialize, open a document, every request, shutdown, exit) and broken
 * ones; mutations break the framing, the JSON, the JSON-RPC shape, the
 * parameters and the documents' text.  The server must answer or ignore
 * every message and never crash, hang or leak (its output goes to
 * /dev/null).  Documents are file: URIs under a directory that does not
 * exist, so imports and the stdlib ($SMM_STDLIB, else ./stdlib) come
 * from the disk and nothing is written.
 *
 *   make fuzz                           also builds and runs this target
 *   make fuzz-replay                    replays its corpus, any cc
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "lsp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    FILE *in = fmemopen((void *)data, size, "rb");
    FILE *out = fopen("/dev/null", "w");
    if (!in || !out) {
        if (in)
            fclose(in);
        if (out)
            fclose(out);
        return 0;
    }
    const char *stdlib_dir = getenv("SMM_STDLIB");
    LspOptions opt = {.stdlib_dir = stdlib_dir && *stdlib_dir ? stdlib_dir : "stdlib"};
    LspServer *srv = lsp_new(&opt, out);
    (void)lsp_run(srv, in);
    lsp_free(srv);
    fclose(in);
    fclose(out);
    return 0;
}
