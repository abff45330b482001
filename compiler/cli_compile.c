/*
 * cli_compile.c — `smmc compile`: parse, resolve, validate, write the IR.
 */
#include "cli.h"

int cli_compile(int argc, char **argv)
{
    CliOpts o;
    int rc = cli_parse(argc, argv, &o, O_INCLUDE | O_OUTPUT | O_EMIT | O_SELECT | O_WARN | O_VERIFY,
                       "[OPTIONS] FILE...",
                       "Parse, resolve and validate FILEs (and their imports) and write the resolved\n"
                       "intermediate form of every profile variant, or of --profile P [--sector S]\n"
                       "[--system Y], as XML (default) or JSON.  Diagnostics go to stderr.\n"
                       "--emit oscal-catalog writes the model as an OSCAL 1.2.1 catalog, and\n"
                       "--emit oscal-profile --profile P [--sector S] [--system Y] that target as an\n"
                       "OSCAL profile importing it (docs/oscal.md).\n"
                       "--verify writes no IR: it compares the diagnostics with the files'\n"
                       "expect-error:/expect-warning:/expect-note: comments and reports the\n"
                       "mismatches (exit 1), as clang -verify does.");
    if (rc >= 0)
        return cli_free(&o), rc;
    if (o.nfiles == 0) {
        fprintf(stderr, "smmc compile: no input files (see 'smmc compile --help')\n");
        return cli_free(&o), SMM_EXIT_USAGE;
    }
    if ((o.sel.sector || o.sel.system) && !o.sel.profile) {
        fprintf(stderr, "smmc compile: --sector and --system select a variant of --profile P\n");
        return cli_free(&o), SMM_EXIT_USAGE;
    }
    if (o.verify)
        return cli_verify(&o, false);
    if (o.emit == SMM_EMIT_OSCAL_PROFILE && !o.sel.profile) {
        fprintf(stderr, "smmc compile: --emit oscal-profile writes one resolved target: give --profile P "
                        "[--sector S] [--system Y]\n");
        return cli_free(&o), SMM_EXIT_USAGE;
    }
    smm_session *s = cli_session(&o);
    if (!cli_load(s, &o)) {
        rc = cli_status(s, SMM_EXIT_USAGE);
        smm_free(s);
        cli_free(&o);
        return rc;
    }
    rc = SMM_EXIT_ERRORS;
    if (smm_analyze(s) == 0) {
        Output out;
        if (o.emit == SMM_EMIT_NONE) {
            rc = smm_emit_ir(s, NULL, SMM_EMIT_NONE, o.prov, &o.sel) ? SMM_EXIT_ERRORS : 0;
        } else if (!output_open(&out, o.output)) {
            rc = SMM_EXIT_USAGE;
        } else {
            int e = smm_emit_ir(s, out.f, o.emit, o.prov, &o.sel);
            bool ok = output_close(&out, e == 0);
            rc = e == 2 ? SMM_EXIT_USAGE : e > 0 ? SMM_EXIT_ERRORS : !ok || e < 0 ? SMM_EXIT_USAGE : 0;
        }
        smm_flush_diagnostics(s);
        if (rc == 0)
            rc = smm_exit_status(s);
    }
    rc = cli_status(s, rc);
    cli_session_exit(s);
    cli_free(&o);
    return rc;
}
