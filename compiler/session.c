/*
 * session.c — a compilation session and the loading phase: root files,
 * imports and the search path.
 *
 * `import a.b.c` finds a/b/c.smm in, in order: the directory of the root file
 * the import was reached from, each -I directory, then the stdlib directory.
 * A file is loaded once (keyed by its real path) however often it is
 * imported, so import cycles are harmless.  The driver (smm_analyze) runs
 * the phases in order and stops after a phase that reported errors.
 */
#include "smmc.h"
#include "parse.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#ifndef SMM_STDLIB_DEFAULT
#define SMM_STDLIB_DEFAULT "/usr/local/share/smmc/stdlib"
#endif

smm_session *smm_new(const smm_options *opt)
{
    Session *s = xcalloc(1, sizeof *s);
    s->arena = arena_new();
    s->names = intern_new(s->arena);
    if (opt)
        s->opt = *opt;
    s->policy.max_errors = s->opt.max_errors;
    s->diags_tail = &s->diags;
    s->diag_out = s->opt.diag_stream ? s->opt.diag_stream : stderr;
    s->stream_text = !s->opt.buffer_diagnostics;
    switch (s->opt.color) {
    case SMM_COLOR_ALWAYS: s->color = true; break;
    case SMM_COLOR_NEVER: s->color = false; break;
    default: {
        const char *nc = getenv("NO_COLOR");
        s->color = (!nc || !*nc) && isatty(fileno(s->diag_out));
    }
    }
    if (!s->opt.stdlib_dir) {
        const char *env = getenv("SMM_STDLIB");
        s->opt.stdlib_dir = env && *env ? env : SMM_STDLIB_DEFAULT;
    }
    s->opt.stdlib_dir = arena_strdup(s->arena, s->opt.stdlib_dir);
    s->prog = arena_alloc(s->arena, sizeof *s->prog);
    return s;
}

void smm_free(smm_session *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->sources.n; i++) {
        SourceFile *f = s->sources.v[i];
        free(f->text);
        free(f->lines);
    }
    vec_free(&s->sources);
    vec_free(&s->units);
    program_free(s);
    ptrmap_free(&s->loaded);
    intern_free(s->names);
    arena_free(s->arena);
    free(s);
}

bool smm_warning_option(smm_session *s, const char *spec)
{
    DiagPolicy *p = &s->policy;
    if (strcmp(spec, "error") == 0) {
        p->werror = true;
        return true;
    }
    if (strcmp(spec, "no-error") == 0) {
        p->werror = false;
        return true;
    }
    enum { ENABLE, DISABLE, AS_ERROR, NOT_AS_ERROR } what = ENABLE;
    const char *name = spec;
    if (strncmp(spec, "error=", 6) == 0)
        what = AS_ERROR, name = spec + 6;
    else if (strncmp(spec, "no-error=", 9) == 0)
        what = NOT_AS_ERROR, name = spec + 9;
    else if (strncmp(spec, "no-", 3) == 0)
        what = DISABLE, name = spec + 3;
    int id = diag_lookup(name);
    if (id < 0 || (diag_info[id].flags & DF_HARD))
        return false;
    Severity def = diag_info[id].severity;
    p->overridden[id] = true;
    switch (what) {
    case ENABLE: /* a diagnostic off by default is shown as a remark */
        p->override[id] = def == SEV_IGNORED ? SEV_REMARK : def;
        break;
    case DISABLE: p->override[id] = SEV_IGNORED; break;
    case AS_ERROR: p->override[id] = SEV_ERROR; break;
    case NOT_AS_ERROR:
        p->no_werror[id] = true;
        p->override[id] = def == SEV_ERROR ? SEV_WARNING : def == SEV_IGNORED ? SEV_REMARK : def;
        break;
    }
    return true;
}

int smm_error_count(const smm_session *s)
{
    int n = 0;
    for (const Diag *d = s->diags; d; d = d->next)
        n += d->sev == SEV_ERROR && !d->baselined;
    return n;
}

int smm_exit_status(const smm_session *s)
{
    if (s->io_failed)
        return SMM_EXIT_USAGE;
    return smm_error_count(s) ? SMM_EXIT_ERRORS : SMM_EXIT_OK;
}

/* ---------------------------------------------------------------- loading */

static char *dir_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return xstrdup(".");
    if (slash == path)
        return xstrdup("/");
    size_t n = (size_t)(slash - path);
    char *d = xmalloc(n + 1);
    memcpy(d, path, n);
    d[n] = 0;
    return d;
}

static void load_imports(Session *s, Unit *u, const char *root_dir);

/* Load one file unless already loaded (its imports are the caller's
 * business).  Returns the unit, NULL on I/O error (errno set). */
static Unit *load_file(Session *s, const char *path, const char *display, bool *already)
{
    *already = false;
    char real[PATH_MAX];
    const char *key = realpath(path, real) ? intern_cstr(s->names, real) : NULL;
    if (key) {
        Unit *u = ptrmap_get(&s->loaded, key);
        if (u) {
            *already = true;
            return u;
        }
    }
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        errno = EISDIR;
        return NULL;
    }
    size_t len;
    char *text = read_file(path, &len);
    if (!text)
        return NULL;
    SourceFile *src = source_add(s, display, text, len);
    Unit *u = parse_unit(s, src);
    if (key)
        ptrmap_put(&s->loaded, key, u);
    return u;
}

static void import_not_found(Session *s, Import *im, const char *rel, const char **dirs, size_t n)
{
    Diag *d = diag_at(s, D_IMPORT_NOT_FOUND, im->name.loc, "cannot find import '%s' (%s)",
                      im->name.text, rel);
    Buf b = {0};
    for (size_t i = 0; i < n; i++)
        buf_printf(&b, "%s%s", i ? ", " : "", dirs[i]);
    diag_note(s, d, LOC_NONE, "searched: %s", b.n ? buf_cstr(&b) : "(nothing)");
    buf_free(&b);
}

/* Find and load the file of one import; returns the unit when it is newly
 * loaded (its own imports still to do), else NULL. */
static Unit *load_import(Session *s, Import *im, const char *root_dir)
{
    Buf rel = {0};
    for (const char *p = im->name.text; *p; p++)
        buf_putc(&rel, *p == '.' ? '/' : *p);
    buf_puts(&rel, ".smm");
    const char **dirs = xmalloc((s->opt.ninclude + 2) * sizeof *dirs);
    size_t nd = 0;
    dirs[nd++] = root_dir;
    for (size_t i = 0; i < s->opt.ninclude; i++)
        dirs[nd++] = s->opt.include_dirs[i];
    dirs[nd++] = s->opt.stdlib_dir;
    bool found = false;
    Unit *fresh = NULL;
    for (size_t i = 0; i < nd && !found; i++) {
        Buf full = {0};
        if (strcmp(dirs[i], ".") == 0)
            buf_puts(&full, buf_cstr(&rel));
        else
            buf_printf(&full, "%s%s%s", dirs[i], dirs[i][strlen(dirs[i]) - 1] == '/' ? "" : "/",
                       buf_cstr(&rel));
        const char *path = buf_cstr(&full);
        struct stat st;
        if (stat(path, &st) == 0 && S_ISREG(st.st_mode)) {
            found = true;
            bool already;
            Unit *u = load_file(s, path, path, &already);
            if (!u) {
                diag_at(s, D_IO, im->name.loc, "cannot read '%s': %s", path, strerror(errno));
                s->io_failed = true; /* an input that cannot be read: exit 2 */
            } else if (!already) {
                fresh = u;
            }
        }
        buf_free(&full);
    }
    if (!found)
        import_not_found(s, im, buf_cstr(&rel), dirs, nd);
    free(dirs);
    buf_free(&rel);
    return fresh;
}

/* Load u's imports, and theirs, depth first in source order.  An explicit
 * stack of (unit, next import) pairs, not recursion: a chain of thousands
 * of imports must not exhaust the C stack. */
static void load_imports(Session *s, Unit *u, const char *root_dir)
{
    Vec stack = {0};
    vec_push(&stack, u);
    vec_push(&stack, u->imports);
    while (stack.n && !s->too_many_errors) {
        Import *im = stack.v[stack.n - 1];
        if (!im) {
            stack.n -= 2;
            continue;
        }
        stack.v[stack.n - 1] = im->next;
        Unit *fresh = load_import(s, im, root_dir);
        if (fresh) {
            vec_push(&stack, fresh);
            vec_push(&stack, fresh->imports);
        }
    }
    vec_free(&stack);
}

int smm_add_file(smm_session *s, const char *path)
{
    char *root_dir = dir_of(path);
    bool already, io_failed = s->io_failed;
    Unit *u = load_file(s, path, path, &already);
    if (!u) {
        free(root_dir);
        diag_at(s, D_IO, LOC_NONE, "cannot read '%s': %s", path, strerror(errno));
        s->io_failed = true;
        return -1;
    }
    if (!already)
        load_imports(s, u, intern_cstr(s->names, root_dir));
    free(root_dir);
    u->is_root = true;
    /* an import that exists but cannot be read is an I/O error too */
    return s->io_failed && !io_failed ? -1 : 0;
}

int smm_add_buffer(smm_session *s, const char *name, const char *data, size_t len)
{
    char *text = xmalloc(len + 1);
    memcpy(text, data, len);
    text[len] = 0;
    SourceFile *src = source_add(s, name, text, len);
    Unit *u = parse_unit(s, src);
    u->is_root = true;
    load_imports(s, u, ".");
    return 0;
}

/* ---------------------------------------------------------------- driver */

int smm_analyze(smm_session *s)
{
    /* parse → (imports, done while loading) → declare → models → profiles
     * (linearize, resolve settings) → validate (cascade + requirements) →
     * assessments.  Each phase runs only when the ones before it were clean,
     * so one mistake does not echo through later phases. */
    if (s->errors == 0)
        declare_globals(s);
    if (s->errors == 0)
        resolve_models(s);
    if (s->errors == 0)
        resolve_profiles(s);
    if (s->errors == 0)
        validate_profiles(s);
    if (s->errors == 0)
        resolve_assessments(s);
    smm_flush_diagnostics(s);
    return s->errors;
}
