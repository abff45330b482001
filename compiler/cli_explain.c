/*
 * cli_explain.c — `smmc explain CODE` and `smmc explain TARGET [PRACTICE]`.
 *
 * A first argument that names a diagnostic (E0501 or gap) explains it.
 * Otherwise it is a profile: the cascade of every practice (or one) is
 * printed, layer by layer.  Arguments ending in .smm are the files to load;
 * without any, the whole standard library is loaded, so
 * `smmc explain healthcare.medical_device threat_modeling` just works.
 */
#include "cli.h"

#include <stdlib.h>

#include <string.h>

static bool is_file_arg(const char *a)
{
    size_t n = strlen(a);
    return (n > 4 && !strcmp(a + n - 4, ".smm")) || !strcmp(a, "-");
}

/* A lone word that is a diagnostic code or name (and no --profile,
 * --sector or --system makes it a target): explain it, or refuse a word
 * shaped like a code (E or W and four more characters) that is none;
 * false when the word is a target to explain, *rc set otherwise. */
static bool explain_code(const char *word, const CliOpts *o, int *rc)
{
    if (!o->sel.profile && !o->sel.sector && !o->sel.system && smm_diagnostic_lookup(word) >= 0) {
        *rc = smm_explain_code(word, stdout) == 0 ? 0 : SMM_EXIT_USAGE;
        return true;
    }
    if ((word[0] == 'E' || word[0] == 'W') && strlen(word) == 5) {
        const char *hint = smm_diagnostic_suggest(word);
        fprintf(stderr, "smmc explain: unknown diagnostic code '%s'%s%s%s (smmc explain lists them)\n", word,
                hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
        *rc = SMM_EXIT_USAGE;
        return true;
    }
    return false;
}

/* Loads the files named, or without any every file of the standard
 * library; false when a named file could not be read. */
static bool add_inputs(smm_session *s, const CliList *files)
{
    bool ok = true;
    if (files->n == 0) {
        CliList found = {0};
        (void)cli_find_smm(smm_stdlib_dir(s), &found); /* a file it missed is not found */
        for (size_t i = 0; i < found.n; i++) {
            smm_add_file(s, found.v[i]);
            free(found.v[i]);
        }
        cli_list_free(&found);
    } else {
        for (size_t i = 0; i < files->n; i++)
            if (smm_add_file(s, files->v[i]) < 0)
                ok = false;
    }
    return ok;
}

/* Where explain looked, for the message when TARGET is not there (heap):
 * the standard library, or the first three files named and "...". */
static char *searched(smm_session *s, const CliList *files)
{
    if (!files->n)
        return cli_printf("the standard library (%s)", smm_stdlib_dir(s));
    char *where = cli_strdup("");
    for (size_t i = 0; i < files->n && i < 4; i++) {
        char *w = cli_printf("%s%s%s", where, i ? ", " : "", i == 3 ? "..." : files->v[i]);
        free(where);
        where = w;
    }
    char *w = cli_printf("%s and the files they import", where);
    free(where);
    return w;
}

int cli_explain(int argc, char **argv)
{
    CliOpts o;
    int rc = cli_parse(argc, argv, &o, O_INCLUDE | O_SELECT | O_WARN,
                       "CODE | TARGET [PRACTICE] [FILE.smm...]",
                       "With a diagnostic code or name (E0501, gap): print what it means, an example\n"
                       "and how to fix it; with no argument, list every code.\n"
                       "With a profile name: print how each effective target value was derived — every\n"
                       "setting that set or overrode it, layer by layer with file:line, lowest first —\n"
                       "for the base target or --sector S / --system Y; PRACTICE limits it to one.\n"
                       "FILE.smm arguments are loaded (default: every file of the standard library).");
    if (rc >= 0)
        return cli_free(&o), rc;
    CliList files = {0}, words = {0};
    if (o.sel.profile) /* --profile P names the target: the words are [PRACTICE] */
        cli_list_push(&words, o.sel.profile);
    for (int i = 0; i < o.nfiles; i++)
        cli_list_push(is_file_arg(o.files[i]) ? &files : &words, o.files[i]);
    if (words.n == 0 && files.n == 0) {
        smm_explain_list_codes(stdout);
        rc = 0;
        goto done;
    }
    if (words.n == 0 || words.n > 2) {
        fprintf(stderr, "smmc explain: expected CODE, or TARGET [PRACTICE] (see 'smmc explain --help')\n");
        rc = SMM_EXIT_USAGE;
        goto done;
    }
    if (files.n == 0 && words.n == 1 && explain_code(words.v[0], &o, &rc))
        goto done;
    smm_session *s = cli_session(&o);
    bool io_failed = !add_inputs(s, &files);
    smm_flush_diagnostics(s);
    rc = SMM_EXIT_ERRORS;
    if (!io_failed && !smm_io_failed(s) && smm_analyze(s) == 0) {
        smm_selection sel = {words.v[0], o.sel.sector, o.sel.system};
        char *where = searched(s, &files);
        rc = smm_explain_target(s, &sel, words.n == 2 ? words.v[1] : NULL, where, stdout) == 0 ? 0 : SMM_EXIT_ERRORS;
        free(where);
    }
    if (io_failed || smm_io_failed(s))
        rc = SMM_EXIT_USAGE;
    rc = cli_status(s, rc);
    smm_free(s);
done:
    cli_list_free(&files);
    cli_list_free(&words);
    cli_free(&o);
    return rc;
}
