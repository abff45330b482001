/* cli_fmt.c — `smmc fmt` (not yet implemented). */
#include "cli.h"

int cli_fmt(int argc, char **argv)
{
    (void)argc;
    fprintf(stderr, "smmc %s: not implemented yet\n", argv[0]);
    return SMM_EXIT_INTERNAL;
}
