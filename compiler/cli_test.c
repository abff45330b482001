/*
 * cli_test.c — `smmc test`: compile FILEs (every .smm under a DIR) and run
 * their test declarations (tool.md §6); and verify mode, `compile --verify`
 * and `check --verify` (language.md §8).  The running, the result formats
 * and the comparison are the library's (smm_run_tests, smm_test_write,
 * smm_verify): this file only parses options and chooses outputs.
 *
 * Exit status: 0 every test passed (verify: the diagnostics are the
 * expected ones); 1 a test failed, the inputs do not compile, or no test
 * was found (verify: a mismatch); 2 usage and I/O errors.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* FILE|DIR... → files: a directory stands for every .smm under it, in name
 * order.  The strings are heap copies owned by *keep.  False when a
 * directory could not be read. */
static bool expand_inputs(CliOpts *o, CliList *keep)
{
    bool walked = true;
    for (int i = 0; i < o->nfiles; i++) {
        struct stat st;
        if (strcmp(o->files[i], "-") != 0 && stat(o->files[i], &st) == 0 && S_ISDIR(st.st_mode))
            walked = cli_find_smm(o->files[i], keep) && walked;
        else
            cli_list_push(keep, cli_strdup(o->files[i]));
    }
    o->files = keep->v;
    o->nfiles = (int)keep->n;
    return walked;
}

static void free_inputs(CliList *keep)
{
    for (size_t i = 0; i < keep->n; i++)
        free(keep->v[i]);
    cli_list_free(keep);
}

int cli_test(int argc, char **argv)
{
    CliOpts o;
    int rc = cli_parse(argc, argv, &o, O_INCLUDE | O_OUTPUT | O_FORMAT | O_WARN | O_DATES | O_RUN,
                       "[OPTIONS] FILE|DIR...",
                       "Compile FILEs (a DIR: every .smm file under it, in name order) and run their\n"
                       "test declarations (language.md §8), or those whose name matches --run GLOB.\n"
                       "Each failed expectation is an expectation-failed error at its 'expect'.\n"
                       "--format text (default) prints the diagnostics on stderr and a line per test\n"
                       "and the summary 'N tests: P passed, F failed' on stdout (or -o FILE); json,\n"
                       "junit (one testcase per test), sarif and github write to stdout or -o FILE.\n"
                       "Exit 0 when every test passed; 1 when one failed, the inputs do not compile\n"
                       "or no test was found; 2 for usage and I/O errors.");
    if (rc >= 0)
        return cli_free(&o), rc;
    if (o.nfiles == 0) {
        fprintf(stderr, "smmc test: no input files or directories (see 'smmc test --help')\n");
        return cli_free(&o), SMM_EXIT_USAGE;
    }
    if (o.format == SMM_FORMAT_CSV || o.format == SMM_FORMAT_OSCAL) {
        fprintf(stderr, "smmc test: --format %s is a check format; test writes text, json, junit, sarif "
                        "or github\n", o.format_name);
        return cli_free(&o), SMM_EXIT_USAGE;
    }
    char **given = o.files;
    int ngiven = o.nfiles;
    CliList files = {0};
    bool walked = expand_inputs(&o, &files);
    if (o.nfiles == 0) { /* a gate pointed at the wrong directory must not pass */
        fprintf(stderr, "smmc test: no test found: no .smm file under %s%s\n", given[0], ngiven > 1 ? " ..." : "");
        free_inputs(&files);
        o.files = given;
        cli_free(&o);
        return walked ? SMM_EXIT_ERRORS : SMM_EXIT_USAGE;
    }
    o.opt.buffer_diagnostics = true;
    smm_session *s = cli_session(&o);
    bool loaded = cli_load(s, &o) && !smm_io_failed(s);
    bool compiled = loaded && smm_analyze(s) == 0;
    /* inputs that do not compile run no test; the other formats still
     * write their report (JUnit: a failing "compile" testcase) */
    smm_test_run *run = compiled || (loaded && o.format != SMM_FORMAT_TEXT) ? smm_run_tests(s, o.run) : NULL;
    bool io_failed = !loaded || !walked;
    bool to_file = o.output && strcmp(o.output, "-") != 0;
    if (o.format == SMM_FORMAT_TEXT || !compiled || io_failed)
        cli_print_diagnostics(s, true);
    /* as check: a run that does not compile leaves a good file alone */
    if (run && !io_failed && (compiled || !to_file) && !smm_internal_error(s)) {
        Output out;
        const char *name = to_file ? o.output : "standard output";
        if (!output_open(&out, o.output)) {
            io_failed = true;
        } else {
            errno = 0;
            if (smm_test_write(s, run, o.format, out.f) != 0) {
                if (!smm_internal_error(s))
                    fprintf(stderr, "smmc: cannot write '%s': %s\n", name, errno ? strerror(errno) : "write error");
                output_close(&out, false);
                io_failed = true;
            } else if (!output_close(&out, true)) {
                if (!to_file)
                    fprintf(stderr, "smmc: cannot write '%s': %s\n", name, strerror(errno));
                io_failed = true;
            }
        }
    }
    rc = cli_status(s, io_failed ? SMM_EXIT_USAGE : smm_exit_status(s));
    smm_test_free(run);
    cli_session_exit(s);
    free_inputs(&files);
    o.files = given;
    o.nfiles = ngiven;
    cli_free(&o);
    return rc;
}

/* `compile --verify` and `check --verify`: the run's diagnostics are
 * compared with the files' annotations and only the mismatches are
 * printed.  Exit 0 when they agree, 1 when not, 2 for I/O errors. */
int cli_verify(CliOpts *o, bool check)
{
    o->opt.buffer_diagnostics = true;
    o->opt.max_errors = 0; /* every diagnostic counts */
    smm_session *s = cli_session(o);
    bool loaded = cli_load(s, o) && !smm_io_failed(s);
    if (loaded && smm_analyze(s) == 0 && check)
        smm_check_free(smm_check(s, o->assessment));
    if (loaded)
        smm_verify(s);
    cli_print_diagnostics(s, true);
    int rc = cli_status(s, !loaded ? SMM_EXIT_USAGE : smm_exit_status(s));
    cli_session_exit(s);
    cli_free(o);
    return rc;
}
