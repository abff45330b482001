/*
 * cli_check.c — `smmc check`: compile, evaluate every assessment, render the
 * result in the chosen format, and exit by the gate (tool.md §2).
 *
 * Diagnostics are buffered so that --baseline can drop known findings
 * before anything is printed.
 */
#include "cli.h"
#include "check_format.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

static int (*const writers[])(Session *, const CheckRun *, FILE *) = {
    [SMM_FORMAT_TEXT] = check_write_text,   [SMM_FORMAT_JSON] = check_write_json,
    [SMM_FORMAT_SARIF] = check_write_sarif, [SMM_FORMAT_JUNIT] = check_write_junit,
    [SMM_FORMAT_GITHUB] = check_write_github, [SMM_FORMAT_CSV] = check_write_csv,
    [SMM_FORMAT_OSCAL] = check_write_oscal,
};

/* -fmax-errors=N after --baseline: keep the first N errors that count (and
 * everything before the Nth), drop the rest. */
static void limit_errors(Session *s)
{
    int max = s->policy.max_errors, n = 0;
    if (max <= 0)
        return;
    for (Diag *d = s->diags; d; d = d->next) {
        if (d->sev != SEV_ERROR || d->baselined || ++n < max)
            continue;
        d->next = NULL;
        s->diags_tail = &d->next;
        s->too_many_errors = true;
        return;
    }
}

int cli_check(int argc, char **argv)
{
    CliOpts o;
    int rc = cli_parse(argc, argv, &o, O_INCLUDE | O_OUTPUT | O_FORMAT | O_WARN | O_GATE | O_BASELINE,
                       "[OPTIONS] FILE...",
                       "Compile FILEs, evaluate every assessment against its target (gap semantics:\n"
                       "docs/language.md §10) and report each gap as a diagnostic.  --format text\n"
                       "(default) prints the diagnostics on stderr and a per-practice summary on\n"
                       "stdout (or -o FILE); json, sarif, junit, github and csv write to stdout or\n"
                       "-o FILE; oscal writes OSCAL 1.2.1 assessment results, one result per\n"
                       "assessment (docs/oscal.md).\n"
                       "Exit 1 when an error remains after -W/-Werror and --baseline.");
    if (rc >= 0)
        return cli_free(&o), rc;
    if (o.nfiles == 0) {
        fprintf(stderr, "smmc check: no input files (see 'smmc check --help')\n");
        return cli_free(&o), SMM_EXIT_USAGE;
    }
    o.opt.buffer_diagnostics = true;
    smm_session *s = cli_session(&o);
    if (o.opt.color == SMM_COLOR_AUTO)
        s->color = s->color && isatty(2);
    bool loaded = cli_load(s, &o);
    CheckRun *run = NULL;
    bool compiled = loaded && smm_analyze(s) == 0;
    if (compiled) {
        /* -fmax-errors applies to what is reported, i.e. after --baseline:
         * known findings must not use up the limit and hide a new one */
        int max = s->policy.max_errors;
        s->policy.max_errors = 0;
        run = check_run(s, o.assessment);
        s->policy.max_errors = max;
    }
    CheckRun empty = {0};
    if (!run)
        run = &empty;
    if (o.baseline && loaded)
        baseline_apply(s, run, o.baseline);
    if (compiled)
        limit_errors(s);
    /* A run that does not compile writes no output file (a good one from
     * an earlier run stays); its diagnostics always go to stderr. */
    bool to_file = o.output && strcmp(o.output, "-") != 0;
    if (o.format == SMM_FORMAT_TEXT || !compiled || s->io_failed)
        cli_print_diagnostics(s, true);
    bool nothing = o.format == SMM_FORMAT_OSCAL && run->n == 0; /* OSCAL results need a result */
    if (nothing && compiled && !s->io_failed) {
        fprintf(stderr, "smmc check: no assessment in the input files: OSCAL assessment results need one\n");
        s->io_failed = true;
    }
    if (loaded && !s->io_failed && !nothing && !(o.format == SMM_FORMAT_TEXT && o.opt.quiet) &&
        (compiled || !to_file)) {
        Output out;
        const char *name = to_file ? o.output : "standard output";
        if (!output_open(&out, o.output)) {
            s->io_failed = true;
        } else {
            errno = 0;
            int e = writers[o.format](s, run, out.f);
            if (e != 0) {
                fprintf(stderr, "smmc: cannot write '%s': %s\n", name, errno ? strerror(errno) : "write error");
                output_close(&out, false);
                s->io_failed = true;
            } else if (!output_close(&out, true)) {
                if (!to_file) /* output_close reports files itself */
                    fprintf(stderr, "smmc: cannot write '%s': %s\n", name, strerror(errno));
                s->io_failed = true;
            }
        }
    }
    rc = s->io_failed || !loaded ? SMM_EXIT_USAGE : smm_exit_status(s);
    check_free(run);
    cli_session_exit(s);
    cli_free(&o);
    return rc;
}
