/*
 * cli_diff.c — `smmc diff OLD NEW`.
 *
 *   smmc diff old.smm new.smm           two revisions of an assessment file
 *                                       (one assessment each, or
 *                                       --assessment NAME), or of a profile
 *                                       library (--profile P [--sector S]
 *                                       [--system Y]: that target)
 *   smmc diff NAME1 NAME2 FILE.smm...   two assessments (or two profiles)
 *                                       by name, from the same files
 *
 * Exit status: 0 (1 only for compile errors, 2 for usage or I/O): diff
 * informs, `check` gates.
 */
#include "cli.h"

#include <string.h>

static bool is_file_arg(const char *a)
{
    size_t n = strlen(a);
    return (n > 4 && !strcmp(a + n - 4, ".smm")) || strchr(a, '/');
}

typedef struct Side {
    smm_session *s;
    smm_check_run *run;
} Side;

static bool open_side(CliOpts *o, Side *side, char **files, int nfiles)
{
    side->s = cli_session(o);
    side->run = NULL;
    for (int i = 0; i < nfiles; i++)
        if (smm_add_file(side->s, files[i]) < 0)
            return false;
    if (smm_analyze(side->s))
        return false;
    side->run = smm_check(side->s, NULL);
    return side->run != NULL;
}

/* The index of the assessment named name (or the only one), or -1. */
static long find_result(Side *side, const char *name, bool quiet)
{
    size_t n = smm_check_count(side->run);
    if (!name && n == 1)
        return 0;
    for (size_t i = 0; name && i < n; i++) {
        smm_assessment_result r;
        if (smm_check_result(side->run, i, &r) && !strcmp(r.name, name))
            return (long)i;
    }
    if (!quiet) {
        if (!name && n > 1)
            fprintf(stderr, "smmc diff: several assessments; choose one with --assessment NAME\n");
        else if (name)
            fprintf(stderr, "smmc diff: no assessment '%s'\n", name);
    }
    return -1;
}

static int side_status(const Side *side, int rc)
{
    return side->s ? cli_status(side->s, smm_io_failed(side->s) ? SMM_EXIT_USAGE : rc) : rc;
}

static void close_side(Side *side)
{
    if (side->s) {
        cli_print_diagnostics(side->s, false);
        smm_check_free(side->run);
        smm_free(side->s);
    }
}

static int diff_profiles(Side *a, Side *b, const smm_selection *sa, const smm_selection *sb)
{
    return smm_diff_targets(a->s, sa, b->s, sb, stdout) < 0 ? SMM_EXIT_ERRORS : 0;
}

int cli_diff(int argc, char **argv)
{
    CliOpts o;
    int rc = cli_parse(argc, argv, &o, O_INCLUDE | O_SELECT | O_GATE | O_WARN, "OLD NEW [FILE.smm...]",
                       "Show what changed between two assessments — progress, regressions, practices\n"
                       "newly met — or between two resolved targets: which values moved and which\n"
                       "setting moved them.  OLD and NEW are two files (two revisions; pick the\n"
                       "assessment with --assessment or the target with --profile/--sector/--system),\n"
                       "or two assessment or profile names followed by the files that define them.");
    if (rc >= 0)
        return cli_free(&o), rc;
    o.opt.buffer_diagnostics = true; /* gate findings are not diff's business */
    if (o.nfiles < 2) {
        fprintf(stderr, "smmc diff: expected OLD and NEW (see 'smmc diff --help')\n");
        return cli_free(&o), SMM_EXIT_USAGE;
    }
    Side a = {0}, b = {0};
    bool two_files = is_file_arg(o.files[0]) && is_file_arg(o.files[1]) && o.nfiles == 2;
    if (two_files) {
        if (!open_side(&o, &a, &o.files[0], 1) || !open_side(&o, &b, &o.files[1], 1)) {
            rc = SMM_EXIT_ERRORS;
            goto out;
        }
        if (o.sel.profile) {
            rc = diff_profiles(&a, &b, &o.sel, &o.sel);
            goto out;
        }
        long ra = find_result(&a, o.assessment, false), rb = find_result(&b, o.assessment, false);
        if (ra < 0 || rb < 0) {
            rc = SMM_EXIT_USAGE;
            goto out;
        }
        smm_diff_assessments(a.run, (size_t)ra, b.run, (size_t)rb, stdout);
        rc = 0;
    } else {
        if (!open_side(&o, &a, o.files + 2, o.nfiles - 2)) {
            rc = SMM_EXIT_ERRORS;
            goto out;
        }
        long ra = find_result(&a, o.files[0], true), rb = find_result(&a, o.files[1], true);
        if (ra >= 0 && rb >= 0) {
            smm_diff_assessments(a.run, (size_t)ra, a.run, (size_t)rb, stdout);
            rc = 0;
        } else {
            smm_selection sa = {o.files[0], o.sel.sector, o.sel.system};
            smm_selection sb = {o.files[1], o.sel.sector, o.sel.system};
            rc = diff_profiles(&a, &a, &sa, &sb);
        }
    }
out:
    rc = side_status(&a, side_status(&b, rc));
    if (a.s && b.s == a.s)
        b.s = NULL;
    close_side(&a);
    close_side(&b);
    cli_free(&o);
    return rc;
}
