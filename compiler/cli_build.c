/*
 * cli_build.c — `smmc build DIR -o OUTDIR`: compile a whole profile library.
 *
 * Every .smm file under DIR is compiled as its own root (in its own
 * session, so one broken file does not hide the others); its IR — the
 * models and the default variants of the profiles it declares — goes to
 * OUTDIR/<relative path>.xml (or .json with --emit json), and
 * OUTDIR/index.json lists every file with its profiles, assessments, IR and
 * dependencies.  -MD also writes OUTDIR/<relative path>.d, a make rule whose
 * prerequisites are the source and every file it imports.  All outputs are
 * written atomically; the exit status is 1 if any file had errors.
 */
#include "cli.h"

#include <errno.h>
#include <jansson.h>
#include <string.h>
#include <sys/stat.h>

static bool mkdirs(const char *path)
{
    char *p = cli_strdup(path);
    bool ok = true;
    for (char *q = p + 1; ok && *q; q++)
        if (*q == '/') {
            *q = 0;
            ok = mkdir(p, 0777) == 0 || errno == EEXIST;
            *q = '/';
        }
    ok = ok && (mkdir(p, 0777) == 0 || errno == EEXIST);
    free(p);
    return ok;
}

static bool write_deps(smm_session *s, const char *dep_path, const char *target)
{
    Output out;
    if (!output_open(&out, dep_path))
        return false;
    /* the files in load order */
    size_t n = smm_unit_count(s);
    fprintf(out.f, "%s:", target);
    for (size_t i = 0; i < n; i++)
        fprintf(out.f, " \\\n  %s", smm_unit_path(s, i));
    fputc('\n', out.f);
    /* phony targets for every import, so deleting one does not break make */
    for (size_t i = 1; i < n; i++)
        fprintf(out.f, "\n%s:\n", smm_unit_path(s, i));
    return output_close(&out, true);
}

typedef struct {
    json_t *lists[4]; /* by smm_decl_kind */
} DeclNames;

static void add_name(void *ctx, smm_decl_kind kind, const char *name)
{
    DeclNames *d = ctx;
    json_array_append_new(d->lists[kind], json_string(name));
}

/* Compile one file of the library into OUTDIR/REL (ext: ".json", ".xml")
 * and return its index entry; *rc takes the run's exit status: 2 when a
 * file cannot be read or an output written, else 1 when a file has
 * errors, 70 on an internal error. */
static json_t *build_file(CliOpts *o, const char *path, const char *rel, const char *ext, int *rc)
{
    char *ir = cli_printf("%s/%.*s%s", o->output, (int)(strlen(rel) - 4), rel, ext);
    char *dep = cli_printf("%s/%.*s.d", o->output, (int)(strlen(rel) - 4), rel);
    char *slash = strrchr(ir, '/');
    *slash = 0;
    bool dir_ok = mkdirs(ir);
    *slash = '/';
    smm_session *s = cli_session(o);
    smm_add_file(s, path);
    smm_flush_diagnostics(s);
    bool have_unit = smm_unit_count(s) > 0;
    json_t *e = json_object();
    json_object_set_new(e, "source", json_string(rel));
    bool ok = false;
    if (smm_io_failed(s) || !dir_ok) {
        *rc = SMM_EXIT_USAGE;
    } else if (smm_analyze(s) == 0 && have_unit) {
        Output out;
        if (output_open(&out, ir)) {
            int w = smm_emit_ir_unit(s, out.f, o->emit, o->prov, 0);
            ok = output_close(&out, w == 0);
        }
        if (ok && o->deps)
            ok = write_deps(s, dep, ir);
        if (!ok)
            *rc = SMM_EXIT_USAGE;
    } else if (*rc == 0) {
        *rc = SMM_EXIT_ERRORS;
    }
    smm_flush_diagnostics(s);
    if (smm_internal_error(s)) /* printed with the diagnostics */
        *rc = SMM_EXIT_INTERNAL;
    json_object_set_new(e, "ir", ok ? json_string(ir + strlen(o->output) + 1) : json_null());
    json_object_set_new(e, "status", json_string(ok ? "ok" : "error"));
    if (have_unit) {
        DeclNames names = {{json_array(), json_array(), json_array(), json_array()}};
        smm_unit_declarations(s, 0, add_name, &names);
        json_object_set_new(e, "models", names.lists[SMM_DECL_MODEL]);
        json_object_set_new(e, "profiles", names.lists[SMM_DECL_PROFILE]);
        json_object_set_new(e, "assessments", names.lists[SMM_DECL_ASSESSMENT]);
        json_decref(names.lists[SMM_DECL_TEST]); /* not in the index (yet) */
    }
    json_t *deps = json_array();
    for (size_t k = 1; k < smm_unit_count(s); k++)
        json_array_append_new(deps, json_string(smm_unit_path(s, k)));
    json_object_set_new(e, "imports", deps);
    smm_free(s);
    free(ir);
    free(dep);
    return e;
}

int cli_build(int argc, char **argv)
{
    CliOpts o;
    int rc = cli_parse(argc, argv, &o, O_INCLUDE | O_OUTPUT | O_EMIT | O_WARN | O_DEPS, "DIR -o OUTDIR",
                       "Compile every .smm file under DIR, each as its own root, into OUTDIR: one IR\n"
                       "per file (OUTDIR/PATH.xml, or .json with --emit json) holding the models and\n"
                       "the default variants of the profiles the file declares, plus OUTDIR/index.json.\n"
                       "-MD writes make-style dependency files OUTDIR/PATH.d as well.");
    if (rc >= 0)
        return cli_free(&o), rc;
    if (o.nfiles != 1 || !o.output || !strcmp(o.output, "-")) {
        fprintf(stderr, "smmc build: expected one directory and -o OUTDIR (see 'smmc build --help')\n");
        return cli_free(&o), SMM_EXIT_USAGE;
    }
    const char *dir = o.files[0];
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        fprintf(stderr, "smmc build: '%s' is not a directory\n", dir);
        return cli_free(&o), SMM_EXIT_USAGE;
    }
    if (o.emit == SMM_EMIT_NONE) {
        fprintf(stderr, "smmc build: --emit none writes nothing; use 'smmc compile --emit none' to validate\n");
        return cli_free(&o), SMM_EXIT_USAGE;
    }
    if (!mkdirs(o.output)) {
        fprintf(stderr, "smmc build: cannot create '%s': %s\n", o.output, strerror(errno));
        return cli_free(&o), SMM_EXIT_USAGE;
    }
    CliList files = {0};
    bool walked = cli_find_smm(dir, &files);
    const char *ext = o.emit == SMM_EMIT_JSON ? ".json" : ".xml";
    size_t dlen = strlen(dir);
    while (dlen > 1 && dir[dlen - 1] == '/')
        dlen--;
    json_t *index = json_object(), *entries = json_array();
    json_object_set_new(index, "smm_build", json_integer(1));
    json_object_set_new(index, "generator", json_string("smmc " SMM_VERSION));
    json_object_set_new(index, "emit", json_string(ext + 1));
    json_object_set_new(index, "smm_ir", json_integer(SMM_IR_VERSION)); /* the revision of every IR file */
    rc = walked ? 0 : SMM_EXIT_USAGE; /* an unreadable directory is an I/O error */
    for (size_t i = 0; i < files.n; i++) {
        const char *path = files.v[i];
        json_array_append_new(entries, build_file(&o, path, path + dlen + (path[dlen] == '/'), ext, &rc));
        free(files.v[i]);
    }
    json_object_set_new(index, "files", entries);
    char *ipath = cli_printf("%s/index.json", o.output);
    Output out;
    if (!output_open(&out, ipath) ||
        !output_close(&out, json_dumpf(index, out.f, JSON_INDENT(2)) == 0 && fputc('\n', out.f) != EOF))
        rc = SMM_EXIT_USAGE;
    free(ipath);
    json_decref(index);
    if (rc == 0)
        fprintf(stderr, "smmc build: %zu file%s compiled into %s\n", files.n, files.n == 1 ? "" : "s", o.output);
    cli_list_free(&files);
    cli_free(&o);
    return rc;
}
