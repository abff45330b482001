/* cli_check.c — `smmc check` (not yet implemented). */
#include "cli.h"

int cli_check(int argc, char **argv)
{
    (void)argc;
    fprintf(stderr, "smmc %s: not implemented yet\n", argv[0]);
    return SMM_EXIT_INTERNAL;
}
