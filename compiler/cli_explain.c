/* cli_explain.c — `smmc explain` (not yet implemented). */
#include "cli.h"

int cli_explain(int argc, char **argv)
{
    (void)argc;
    fprintf(stderr, "smmc %s: not implemented yet\n", argv[0]);
    return SMM_EXIT_INTERNAL;
}
