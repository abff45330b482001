/* cli_build.c — `smmc build` (not yet implemented). */
#include "cli.h"

int cli_build(int argc, char **argv)
{
    (void)argc;
    fprintf(stderr, "smmc %s: not implemented yet\n", argv[0]);
    return SMM_EXIT_INTERNAL;
}
