/* cli_report.c — `smmc report` (not yet implemented). */
#include "cli.h"

int cli_report(int argc, char **argv)
{
    (void)argc;
    fprintf(stderr, "smmc %s: not implemented yet\n", argv[0]);
    return SMM_EXIT_INTERNAL;
}
