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
#include "diff.h"

#include <string.h>

static bool is_file_arg(const char *a)
{
    size_t n = strlen(a);
    return (n > 4 && !strcmp(a + n - 4, ".smm")) || strchr(a, '/');
}

typedef struct Side {
    smm_session *s;
    CheckRun *run;
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
    side->run = check_run(side->s, NULL);
    return true;
}

static AssessResult *find_result(Side *side, const char *name, bool quiet)
{
    CheckRun *r = side->run;
    if (!name && r->n == 1)
        return r->results[0];
    for (size_t i = 0; name && i < r->n; i++)
        if (!strcmp(r->results[i]->a->name, name))
            return r->results[i];
    if (!quiet) {
        if (!name && r->n > 1)
            fprintf(stderr, "smmc diff: several assessments; choose one with --assessment NAME\n");
        else if (name)
            fprintf(stderr, "smmc diff: no assessment '%s'\n", name);
    }
    return NULL;
}

static void close_side(Side *side)
{
    if (side->s) {
        cli_print_diagnostics(side->s, false);
        check_free(side->run);
        smm_free(side->s);
    }
}

static int diff_profiles(Side *a, Side *b, const smm_selection *sa, const smm_selection *sb)
{
    IrSelection ia, ib;
    if (!ir_resolve_selection(a->s, sa, &ia) || !ir_resolve_selection(b->s, sb, &ib))
        return SMM_EXIT_ERRORS;
    Variant va = {0}, vb = {0};
    variant_compute(a->s, &va, ia.profile, ia.sector, ia.system);
    variant_compute(b->s, &vb, ib.profile, ib.sector, ib.system);
    printf("%s -> %s\n", ia.profile->name, ib.profile->name);
    int moved = diff_targets(a->s, &va, b->s, &vb, stdout);
    printf("%d value%s moved\n", moved, moved == 1 ? "" : "s");
    variant_free(&va);
    variant_free(&vb);
    return 0;
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
            rc = (a.s && a.s->io_failed) || (b.s && b.s->io_failed) ? SMM_EXIT_USAGE : SMM_EXIT_ERRORS;
            goto out;
        }
        if (o.sel.profile) {
            rc = diff_profiles(&a, &b, &o.sel, &o.sel);
            goto out;
        }
        AssessResult *ra = find_result(&a, o.assessment, false), *rb = find_result(&b, o.assessment, false);
        if (!ra || !rb) {
            rc = SMM_EXIT_USAGE;
            goto out;
        }
        diff_assessments(ra, rb, stdout);
        rc = 0;
    } else {
        if (!open_side(&o, &a, o.files + 2, o.nfiles - 2)) {
            rc = a.s->io_failed ? SMM_EXIT_USAGE : SMM_EXIT_ERRORS;
            goto out;
        }
        AssessResult *ra = find_result(&a, o.files[0], true), *rb = find_result(&a, o.files[1], true);
        if (ra && rb) {
            diff_assessments(ra, rb, stdout);
            rc = 0;
        } else {
            smm_selection sa = {o.files[0], o.sel.sector, o.sel.system};
            smm_selection sb = {o.files[1], o.sel.sector, o.sel.system};
            rc = diff_profiles(&a, &a, &sa, &sb);
        }
    }
out:
    if (a.s && b.s == a.s)
        b.s = NULL;
    close_side(&a);
    close_side(&b);
    cli_free(&o);
    return rc;
}
