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
    char *p = xstrdup(path);
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

static bool write_deps(Session *s, const char *dep_path, const char *target)
{
    Output out;
    if (!output_open(&out, dep_path))
        return false;
    /* the files in load order (s->units); s->sources is in the order the
     * files were submitted for parsing */
    fprintf(out.f, "%s:", target);
    for (size_t i = 0; i < s->units.n; i++)
        fprintf(out.f, " \\\n  %s", ((Unit *)s->units.v[i])->src->path);
    fputc('\n', out.f);
    /* phony targets for every import, so deleting one does not break make */
    for (size_t i = 1; i < s->units.n; i++)
        fprintf(out.f, "\n%s:\n", ((Unit *)s->units.v[i])->src->path);
    return output_close(&out, true);
}

static json_t *names_of(Session *s, const Unit *u, DeclKind kind)
{
    json_t *a = json_array();
    (void)s;
    for (const Decl *d = u->decls; d; d = d->next)
        if (d->kind == kind)
            json_array_append_new(a, json_string(kind == DECL_PROFILE ? d->u.profile->name.text
                                                 : kind == DECL_MODEL ? d->u.model->name.text
                                                                      : d->u.assessment->name.text));
    return a;
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
    Vec files = {0};
    cli_find_smm(dir, &files);
    const char *ext = o.emit == SMM_EMIT_JSON ? ".json" : ".xml";
    size_t dlen = strlen(dir);
    while (dlen > 1 && dir[dlen - 1] == '/')
        dlen--;
    json_t *index = json_object(), *entries = json_array();
    json_object_set_new(index, "smm_build", json_integer(1));
    json_object_set_new(index, "generator", json_string("smmc " SMM_VERSION));
    json_object_set_new(index, "emit", json_string(ext + 1));
    json_object_set_new(index, "smm_ir", json_integer(SMM_IR_VERSION)); /* the revision of every IR file */
    rc = 0;
    for (size_t i = 0; i < files.n; i++) {
        const char *path = files.v[i];
        const char *rel = path + dlen + (path[dlen] == '/');
        Buf ir = {0}, dep = {0};
        buf_printf(&ir, "%s/%.*s%s", o.output, (int)(strlen(rel) - 4), rel, ext);
        buf_printf(&dep, "%s/%.*s.d", o.output, (int)(strlen(rel) - 4), rel);
        char *slash = strrchr(ir.s, '/');
        *slash = 0;
        bool dir_ok = mkdirs(ir.s);
        *slash = '/';
        smm_session *s = cli_session(&o);
        smm_add_file(s, path);
        smm_flush_diagnostics(s);
        const Unit *u = s->units.n ? s->units.v[0] : NULL;
        json_t *e = json_object();
        json_object_set_new(e, "source", json_string(rel));
        bool ok = false;
        if (s->io_failed || !dir_ok) {
            rc = SMM_EXIT_USAGE;
        } else if (smm_analyze(s) == 0 && u) {
            IrSelection sel = {.unit = u};
            Output out;
            if (output_open(&out, ir.s)) {
                int w = o.emit == SMM_EMIT_JSON ? ir_emit_json(s, out.f, o.prov, &sel)
                                                : ir_emit_xml(s, out.f, o.prov, &sel);
                ok = output_close(&out, w == 0);
            }
            if (ok && o.deps)
                ok = write_deps(s, dep.s, ir.s);
            if (!ok)
                rc = SMM_EXIT_USAGE;
        } else if (rc == 0) {
            rc = SMM_EXIT_ERRORS;
        }
        smm_flush_diagnostics(s);
        json_object_set_new(e, "ir", ok ? json_string(ir.s + strlen(o.output) + 1) : json_null());
        json_object_set_new(e, "status", json_string(ok ? "ok" : "error"));
        if (u) {
            json_object_set_new(e, "models", names_of(s, u, DECL_MODEL));
            json_object_set_new(e, "profiles", names_of(s, u, DECL_PROFILE));
            json_object_set_new(e, "assessments", names_of(s, u, DECL_ASSESSMENT));
        }
        json_t *deps = json_array();
        for (size_t k = 1; k < s->units.n; k++)
            json_array_append_new(deps, json_string(((Unit *)s->units.v[k])->src->path));
        json_object_set_new(e, "imports", deps);
        json_array_append_new(entries, e);
        smm_free(s);
        buf_free(&ir);
        buf_free(&dep);
        free(files.v[i]);
    }
    json_object_set_new(index, "files", entries);
    Buf ipath = {0};
    buf_printf(&ipath, "%s/index.json", o.output);
    Output out;
    if (!output_open(&out, ipath.s) ||
        !output_close(&out, json_dumpf(index, out.f, JSON_INDENT(2)) == 0 && fputc('\n', out.f) != EOF))
        rc = SMM_EXIT_USAGE;
    buf_free(&ipath);
    json_decref(index);
    if (rc == 0)
        fprintf(stderr, "smmc build: %zu file%s compiled into %s\n", files.n, files.n == 1 ? "" : "s", o.output);
    vec_free(&files);
    cli_free(&o);
    return rc;
}
