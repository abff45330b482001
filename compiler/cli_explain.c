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
#include "explain.h"

#include <string.h>

static bool is_file_arg(const char *a)
{
    size_t n = strlen(a);
    return (n > 4 && !strcmp(a + n - 4, ".smm")) || !strcmp(a, "-");
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
    Vec files = {0}, words = {0};
    if (o.sel.profile) /* --profile P names the target: the words are [PRACTICE] */
        vec_push(&words, (void *)o.sel.profile);
    for (int i = 0; i < o.nfiles; i++)
        vec_push(is_file_arg(o.files[i]) ? &files : &words, o.files[i]);
    if (words.n == 0 && files.n == 0) {
        explain_list_codes(stdout);
        rc = 0;
        goto done;
    }
    if (words.n == 0 || words.n > 2) {
        fprintf(stderr, "smmc explain: expected CODE, or TARGET [PRACTICE] (see 'smmc explain --help')\n");
        rc = SMM_EXIT_USAGE;
        goto done;
    }
    if (files.n == 0 && words.n == 1 && !o.sel.profile && !o.sel.sector && !o.sel.system &&
        diag_lookup(words.v[0]) >= 0) {
        rc = explain_code(words.v[0], stdout) == 0 ? 0 : SMM_EXIT_USAGE;
        goto done;
    }
    if (files.n == 0 && words.n == 1 && (((char *)words.v[0])[0] == 'E' || ((char *)words.v[0])[0] == 'W') &&
        strlen(words.v[0]) == 5) {
        const char *hint = explain_suggest(words.v[0]);
        fprintf(stderr, "smmc explain: unknown diagnostic code '%s'%s%s%s (smmc explain lists them)\n",
                (char *)words.v[0], hint ? "; did you mean '" : "", hint ? hint : "", hint ? "'?" : "");
        rc = SMM_EXIT_USAGE;
        goto done;
    }
    smm_session *s = cli_session(&o);
    if (files.n == 0) {
        Vec found = {0};
        cli_find_smm(s->opt.stdlib_dir, &found);
        for (size_t i = 0; i < found.n; i++) {
            smm_add_file(s, found.v[i]);
            free(found.v[i]);
        }
        vec_free(&found);
    } else {
        for (size_t i = 0; i < files.n; i++)
            if (smm_add_file(s, files.v[i]) < 0)
                s->io_failed = true;
    }
    smm_flush_diagnostics(s);
    rc = SMM_EXIT_ERRORS;
    if (!s->io_failed && smm_analyze(s) == 0) {
        smm_selection sel = {words.v[0], o.sel.sector, o.sel.system};
        IrSelection is;
        if (ir_resolve_selection(s, &sel, &is)) {
            Variant v = {0};
            variant_compute(s, &v, is.profile, is.sector, is.system);
            const Model *m = is.profile->model;
            int only = -1;
            if (words.n == 2) {
                Name pn = {intern_cstr(s->names, words.v[1]), LOC_NONE};
                int node = model_resolve_path(s, is.profile->model, pn);
                if (node >= 0 && m->nodes[node].kind == MN_PRACTICE)
                    only = m->nodes[node].practice;
                else if (node >= 0)
                    diag_at(s, D_NOT_PRACTICE, LOC_NONE, "'%s' is not a practice", (char *)words.v[1]);
            }
            if (words.n == 1 || only >= 0) {
                printf("%s%s%s%s%s (model %s)\n", is.profile->name, is.sector ? " sector " : "",
                       is.sector ? is.sector : "", is.system ? " system " : "", is.system ? is.system : "",
                       m->name);
                for (int i = 0; i < m->npractices; i++)
                    if (only < 0 || only == i) {
                        putchar('\n');
                        explain_practice(s, &v, i, stdout);
                    }
                rc = 0;
            }
            variant_free(&v);
        } else {
            Buf where = {0};
            if (!files.n)
                buf_printf(&where, "the standard library (%s)", s->opt.stdlib_dir);
            for (size_t i = 0; i < files.n && i < 4; i++)
                buf_printf(&where, "%s%s", i ? ", " : "", i == 3 ? "..." : (char *)files.v[i]);
            if (files.n)
                buf_puts(&where, " and the files they import");
            explain_not_found(s, words.v[0], buf_cstr(&where));
            buf_free(&where);
        }
        smm_flush_diagnostics(s);
    }
    if (s->io_failed)
        rc = SMM_EXIT_USAGE;
    smm_free(s);
done:
    vec_free(&files);
    vec_free(&words);
    cli_free(&o);
    return rc;
}
