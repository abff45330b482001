/*
 * cli_lsp.c — `smmc lsp [--stdlib DIR] [-I DIR]...`: the language server
 * (lsp.c) on standard input and output.  `--stdio`, which LSP clients
 * pass by convention, is accepted and means the default.  $SMM_LSP_LOG
 * names a file that receives a trace of the traffic.
 */
#include "cli.h"
#include "lsp.h"

#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Where the codes' documentation is: the published URL the build was
 * given, else the installed docs/diagnostics.md, else the one of the source
 * tree the executable was built in (a file: URI).  NULL when none. */
static char *docs_url(void)
{
    if (SMM_DOCS_URL[0])
        return cli_strdup(SMM_DOCS_URL);
    static const char tail[] = "/share/smmc/stdlib";
    const char *std = SMM_STDLIB_DEFAULT;
    size_t n = strlen(std);
    char *path = NULL;
    if (n > sizeof tail - 1 && !strcmp(std + n - (sizeof tail - 1), tail))
        path = cli_printf("%.*s/share/doc/smmc/diagnostics.md", (int)(n - (sizeof tail - 1)), std);
    char exe[PATH_MAX], real[PATH_MAX];
    if (!path || access(path, R_OK) != 0) {
        free(path);
        path = NULL;
        ssize_t k = readlink("/proc/self/exe", exe, sizeof exe - 32);
        char *slash = k > 0 ? (exe[k] = 0, strrchr(exe, '/')) : NULL;
        if (slash) {
            strcpy(slash, "/../docs/diagnostics.md");
            if (realpath(exe, real))
                path = cli_strdup(real);
        }
    }
    if (!path)
        return NULL;
    char *url = cli_printf("file://%s", path);
    free(path);
    return url;
}

int cli_lsp(int argc, char **argv)
{
    char **args = cli_alloc(sizeof(char *) * (size_t)(argc + 1));
    int n = 0;
    for (int i = 0; i < argc; i++)
        if (strcmp(argv[i], "--stdio"))
            args[n++] = argv[i];
    args[n] = NULL;
    CliOpts o;
    int rc = cli_parse(n, args, &o, O_INCLUDE, "[--stdlib DIR] [-I DIR]... [--stdio]",
                       "Run the language server: LSP 3.17 over JSON-RPC on standard input and output,\n"
                       "for any editor with an LSP client (docs/editors.md).  It analyzes the open\n"
                       "documents (their unsaved text wins over the disk), the files they import, the\n"
                       "stdlib and the -I directories as the user types, and answers diagnostics,\n"
                       "hover, definition, references, completion, document and workspace symbols,\n"
                       "formatting, code actions and rename of a profile.  The client may also give\n"
                       "initializationOptions {\"stdlib\": DIR, \"include\": [DIR...]}.\n"
                       "$SMM_LSP_LOG=FILE writes a trace of every message to FILE.\n"
                       "Exit status: 0 after 'shutdown' then 'exit', 1 on 'exit' without 'shutdown'\n"
                       "or when the input ends first.");
    free(args);
    if (rc >= 0)
        return cli_free(&o), rc;
    if (o.nfiles) {
        fprintf(stderr, "smmc lsp: no file arguments: the client opens documents (see 'smmc lsp --help')\n");
        return cli_free(&o), SMM_EXIT_USAGE;
    }
    signal(SIGPIPE, SIG_IGN); /* a client that goes away is the end of the input, not a crash */
    const char *log_path = getenv("SMM_LSP_LOG");
    FILE *log = log_path && *log_path ? fopen(log_path, "a") : NULL;
    char *docs = docs_url();
    LspOptions lo = {
        .docs_url = docs,
        .stdlib_dir = o.opt.stdlib_dir ? o.opt.stdlib_dir : cli_default_stdlib(),
        .include_dirs = (const char **)o.includes.v,
        .ninclude = o.includes.n,
        .log = log,
    };
    LspServer *srv = lsp_new(&lo, stdout);
    rc = lsp_run(srv, stdin);
    lsp_free(srv);
    free(docs);
    if (log)
        fclose(log);
    cli_free(&o);
    return rc;
}
