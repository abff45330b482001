/*
 * cli_check.c — `smmc check`: compile, evaluate every assessment, render the
 * result in the chosen format, and exit by the gate (tool.md §2).
 *
 * Diagnostics are buffered so that --baseline can drop known findings
 * before anything is printed.
 */
#include "cli.h"

#include <errno.h>
#include <string.h>

int cli_check(int argc, char **argv)
{
    CliOpts o;
    int rc = cli_parse(argc, argv, &o, O_INCLUDE | O_OUTPUT | O_FORMAT | O_WARN | O_GATE | O_BASELINE | O_VERIFY,
                       "[OPTIONS] FILE...",
                       "Compile FILEs, evaluate every assessment against its target (gap semantics:\n"
                       "docs/language.md §10) and report each gap as a diagnostic.  --format text\n"
                       "(default) prints the diagnostics on stderr and a per-practice summary on\n"
                       "stdout (or -o FILE); json, sarif, junit, github and csv write to stdout or\n"
                       "-o FILE; oscal writes OSCAL 1.2.1 assessment results, one result per\n"
                       "assessment (docs/oscal.md).\n"
                       "Exit 1 when an error remains after -W/-Werror and --baseline.\n"
                       "--verify writes no result: it compares the diagnostics with the files'\n"
                       "expect-error:/expect-warning:/expect-note: comments and reports the\n"
                       "mismatches (exit 1).");
    if (rc >= 0)
        return cli_free(&o), rc;
    if (o.nfiles == 0) {
        fprintf(stderr, "smmc check: no input files (see 'smmc check --help')\n");
        return cli_free(&o), SMM_EXIT_USAGE;
    }
    if (o.verify)
        return cli_verify(&o, true);
    CliRun r;
    cli_check_inputs(&o, o.assessment, &r);
    smm_session *s = r.s;
    /* the whole run reads --baseline, even one that does not compile */
    if (o.baseline && r.loaded)
        smm_baseline(s, r.run, o.baseline);
    bool io_failed = !r.loaded || smm_io_failed(s);
    if (r.compiled)
        smm_limit_errors(s);
    /* A run that does not compile writes no output file (a good one from
     * an earlier run stays); its diagnostics always go to stderr. */
    bool to_file = o.output && strcmp(o.output, "-") != 0;
    if (o.format == SMM_FORMAT_TEXT || !r.compiled || io_failed)
        cli_print_diagnostics(s, true);
    bool nothing = o.format == SMM_FORMAT_OSCAL && smm_check_count(r.run) == 0; /* OSCAL results need a result */
    if (nothing && r.compiled && !io_failed) {
        fprintf(stderr, "smmc check: no assessment in the input files: OSCAL assessment results need one\n");
        io_failed = true;
    }
    if (!io_failed && !nothing && !(o.format == SMM_FORMAT_TEXT && o.opt.quiet) && (r.compiled || !to_file) &&
        !smm_internal_error(s)) {
        Output out;
        const char *name = to_file ? o.output : "standard output";
        if (!output_open(&out, o.output)) {
            io_failed = true;
        } else {
            errno = 0;
            int e = smm_check_write(s, r.run, o.format, out.f);
            if (e != 0) {
                if (smm_internal_error(s))
                    fprintf(stderr, "smmc: internal error: %s\n", smm_internal_error(s));
                else
                    fprintf(stderr, "smmc: cannot write '%s': %s\n", name, errno ? strerror(errno) : "write error");
                output_close(&out, false);
                io_failed = true;
            } else if (!output_close(&out, true)) {
                if (!to_file) /* output_close reports files itself */
                    fprintf(stderr, "smmc: cannot write '%s': %s\n", name, strerror(errno));
                io_failed = true;
            }
        }
    }
    rc = cli_status(s, io_failed ? SMM_EXIT_USAGE : smm_exit_status(s));
    smm_check_free(r.run);
    cli_session_exit(s);
    cli_free(&o);
    return rc;
}
