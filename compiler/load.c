/*
 * load.c — the loading phase: root files, imports, the search path, and
 * parsing files on several threads.
 *
 * `import a.b.c` finds a/b/c.smm in, in order (language.md §3, revision 2):
 * the directory of the file that holds the import, the directory of the
 * root file it was reached from, each -I directory, then the stdlib
 * directory — a directory that is one of those already listed (same path,
 * or same device and inode) is searched once.  A file is loaded once (keyed
 * by its device and inode) however often it is imported, so import cycles
 * are harmless.
 *
 * The files are taken in depth-first order of the imports (a file, then
 * each import's file and its imports, in source order), and that order is
 * what the rest of the compiler sees: the units, their declarations, the
 * diagnostics.  Parsing does not have to happen in that order, though.  As
 * soon as a file is parsed, the files its imports name are *submitted*: a
 * job per file, queued for the worker threads.  The walk then waits for the
 * job it needs next and *adopts* its result — the unit, and the
 * diagnostics, which each parse collects in a session of its own
 * (session_sink) — while the workers parse the files after it.  A thread
 * that waits runs queued jobs meanwhile.  With no worker threads (-j1) the
 * walk runs every job itself, in the same order, through the same code.
 *
 * Shared between threads while parsing: the interner (which locks), the
 * job queue (pool.c's) and nothing else; each job writes only its own
 * SourceFile, sink and unit.  This file holds no lock and no thread code.
 */
#include "smmc.h"
#include "parse.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>

/* An editor's unsaved text for a file (smm_set_overlay): parsed instead
 * of the disk's. */
typedef struct Overlay {
    char *text;
    size_t len;
} Overlay;

typedef struct LoadJob {
    PoolJob job;     /* first: the queue hands this back */
    SourceFile *src; /* registered when submitted, read by the job */
    Session *sink;   /* the parse's diagnostics and arena */
    Unit *unit;      /* the result, NULL when the file could not be read */
    int err;         /* errno when it could not */
    bool adopted;    /* reached by the walk: its unit is in s->units */
    /* for smm_reset: what the parse was made from, and its diagnostics */
    unsigned gen;    /* the analysis (s->load_gen) that last used it */
    bool overlay;    /* parsed from an overlay, not the disk */
    struct timespec mtime; /* the disk file's, when read */
    off_t size;
    Diag **pdiags;   /* the parse's diagnostics, adopted again when reused */
    size_t npdiags;
} LoadJob;

typedef struct Loader {
    Session *s;
    /* Each thread parses into an arena of its own (index 0: the main
     * thread's), which grows big enough for huge pages; they join the
     * session's when the threads stop. */
    Arena *arenas[SMM_MAX_JOBS + 1];
    PoolQueue *queue;    /* parse jobs */
    bool started;        /* the session pool's threads take jobs */
    PtrMap resolved;     /* "DIR\nNAME" → Resolved*: each name searched once per importing directory */
    PtrMap searched;     /* importing directory → SearchPath* */
    const char *root_dir;
    Vec fresh;           /* jobs made but not yet queued (submit_flush) */
    Hold hold;           /* stop_workers when a failure unwinds the load */
} Loader;

/* Where an import name led from one importing directory (the root
 * directory is the same for a whole walk, so the answer is too). */
typedef struct {
    char *rel;    /* a/b/c.smm */
    char *path;   /* the file found, NULL when none */
    char *loop;   /* a candidate that is a symbolic link loop, if met first */
    LoadJob *job; /* its job */
    const struct SearchPath *dirs;
} Resolved;

/* The directories an import from one directory searches, in order. */
typedef struct SearchPath {
    const char **v;
    size_t n;
} SearchPath;

/* A parse job, on worker `thread` (0 = the main thread). */
static void run_job(void *ctx, PoolJob *pj, int thread)
{
    Loader *ld = ctx;
    LoadJob *j = (LoadJob *)(void *)pj; /* its first member */
    if (!j->src->text) { /* else given by smm_add_buffer / smm_add_stream / an overlay */
        size_t len;
        char *text = read_file(j->src->path, &len); /* a directory: EISDIR */
        if (!text) {
            j->err = errno ? errno : EIO;
            return;
        }
        source_set_text(j->src, text, len);
        struct stat st;
        if (stat(j->src->path, &st) == 0) {
            j->mtime = st.st_mtim;
            j->size = st.st_size;
        }
    }
    j->sink = session_sink(ld->s, ld->arenas[thread]);
    j->unit = parse_source(j->sink, j->src);
}

static void start_workers(Loader *ld)
{
    Session *s = ld->s;
    if (ld->started || s->threads == 0)
        return;
    Pool *pool = session_pool(s);
    for (int i = 1; i < pool_size(pool); i++)
        ld->arenas[i] = arena_new();
    intern_share(s->names, true);
    ld->started = true;
    pool_queue_start(ld->queue);
}

static void stop_workers(Loader *ld)
{
    guard_drop(&ld->hold);
    pool_queue_free(ld->queue);
    if (ld->started)
        intern_share(ld->s->names, false);
    for (size_t i = 0; i < ld->resolved.cap; i++)
        if (ld->resolved.keys[i]) {
            Resolved *r = ld->resolved.vals[i];
            free(r->rel);
            free(r->path);
            free(r->loop);
            free(r);
        }
    ptrmap_free(&ld->resolved);
    for (size_t i = 0; i < ld->searched.cap; i++)
        if (ld->searched.keys[i]) {
            SearchPath *sp = ld->searched.vals[i];
            free(sp->v);
            free(sp);
        }
    ptrmap_free(&ld->searched);
    vec_free(&ld->fresh);
    for (int i = 0; i <= SMM_MAX_JOBS; i++)
        if (ld->arenas[i])
            arena_merge(ld->s->arena, ld->arenas[i]);
}

/* The job of the file at path: the known one for the same file (device and
 * inode, from st when the caller has them), or a new one, queued.  New
 * jobs wait in ld->fresh until submit_flush hands them to the threads, a
 * unit's imports at once. */
/* The identity of the file at path: its device and inode (from known, or
 * stat), or, for a file that does not exist, "@" and the path as given;
 * *exists says which. */
static const char *file_key(Session *s, const char *path, const struct stat *known, bool *exists,
                            struct stat *seen)
{
    struct stat st;
    char id[64];
    if (!s->file_ids)
        s->file_ids = intern_new(s->arena);
    *exists = known || stat(path, &st) == 0;
    if (!*exists)
        return intern_cstr(s->file_ids, arena_printf(s->arena, "@%s", path));
    if (!known)
        known = &st;
    if (seen)
        *seen = *known;
    int n = snprintf(id, sizeof id, "%jx:%jx", (uintmax_t)known->st_dev, (uintmax_t)known->st_ino);
    return intern(s->file_ids, id, (size_t)n);
}

/* Whether j, parsed for an earlier analysis of the session (smm_reset),
 * still stands for the file: the same overlay text, or, with no overlay,
 * the disk file of the same size and modification time. */
static bool still_valid(const LoadJob *j, const Overlay *o, const struct stat *st)
{
    const SourceFile *f = j->src;
    if (!j->unit || !f->text)
        return false;
    if (o)
        return j->overlay && o->len == f->len + f->bom && !memcmp(o->text + f->bom, f->text, f->len);
    return !j->overlay && st->st_size == j->size && st->st_mtim.tv_sec == j->mtime.tv_sec &&
           st->st_mtim.tv_nsec == j->mtime.tv_nsec;
}

static LoadJob *submit(Loader *ld, const char *path, const struct stat *known)
{
    Session *s = ld->s;
    bool exists;
    struct stat st = {0};
    const char *fkey = file_key(s, path, known, &exists, &st);
    const Overlay *o = s->overlays.n ? ptrmap_get(&s->overlays, fkey) : NULL;
    const char *key = exists || o ? fkey : NULL; /* an editor's new file is one too */
    LoadJob *j = key ? ptrmap_get(&s->loaded, key) : NULL;
    if (j && (j->gen == s->load_gen || still_valid(j, o, &st))) {
        if (j->gen != s->load_gen) {
            s->reused_parses++;
            ast_unit_reset(j->unit, !s->reuse.on);
        }
        j->gen = s->load_gen;
        return j;
    }
    j = vec_push_new(&s->jobs, sizeof *j); /* loader_free frees it */
    j->gen = s->load_gen;
    j->src = source_add(s, path, NULL, 0);
    if (o) { /* the job parses it as it would a file's text */
        j->overlay = true;
        char *text = xmalloc(o->len + 2);
        memcpy(text, o->text, o->len);
        text[o->len] = text[o->len + 1] = 0;
        source_set_text(j->src, text, o->len);
    }
    if (key)
        ptrmap_put(&s->loaded, key, j);
    vec_push(&ld->fresh, j);
    return j;
}

static void submit_flush(Loader *ld)
{
    if (!ld->fresh.n)
        return;
    pool_queue_submit(ld->queue, (PoolJob *const *)ld->fresh.v, ld->fresh.n);
    ld->fresh.n = 0;
}

/* Take j's result into the session: its unit joins s->units (load order)
 * and its diagnostics are shown.  Returns the unit, NULL (errno set) when
 * the file could not be read. */
static Unit *adopt(Loader *ld, LoadJob *j, const char *path)
{
    Session *s = ld->s;
    pool_queue_wait(ld->queue, &j->job);
    j->adopted = true;
    source_set_path(s, j->src, path); /* as this import found it */
    if (j->sink) {
        s->parses++;
        for (Diag *d = j->sink->diags; d; d = d->next)
            j->npdiags++;
        j->pdiags = xmalloc((j->npdiags ? j->npdiags : 1) * sizeof *j->pdiags);
        size_t k = 0;
        for (Diag *d = j->sink->diags; d; d = d->next)
            j->pdiags[k++] = d;
        diag_adopt(s, j->sink);
        session_sink_free(j->sink); /* its arena is its thread's */
        j->sink = NULL;
    } else if (j->npdiags) { /* a parse kept by smm_reset: its diagnostics again */
        Session *sink = session_sink(s, s->arena);
        Hold h;
        guard_hold(&h, hold_sink, sink);
        for (size_t k = 0; k < j->npdiags; k++) {
            j->pdiags[k]->next = NULL;
            *sink->diags_tail = j->pdiags[k];
            sink->diags_tail = &j->pdiags[k]->next;
        }
        diag_adopt(s, sink);
        guard_drop(&h);
        session_sink_free(sink);
    }
    if (!j->unit) {
        errno = j->err;
        return NULL;
    }
    j->src->order = (uint32_t)s->units.n;
    vec_push(&s->units, j->unit);
    return j->unit;
}

/* ---------------------------------------------------------------- imports */

/* The imports of one unit on the walk's stack: their resolutions, made
 * when the unit is adopted, acted on (loaded or reported as missing) when
 * the walk reaches each import. */
typedef struct {
    Unit *u;
    Import **im;
    Resolved **res;
    size_t n, i;
} Frame;

static bool same_dir(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return true;
    struct stat sa, sb;
    return stat(a, &sa) == 0 && stat(b, &sb) == 0 && sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* The search path of an import in a file of directory `from` (interned):
 * from, the root's directory, -I..., the stdlib, each directory once. */
static const SearchPath *search_path(Loader *ld, const char *from)
{
    SearchPath *sp = ptrmap_get(&ld->searched, from);
    if (sp)
        return sp;
    Session *s = ld->s;
    sp = xcalloc(1, sizeof *sp);
    sp->v = xmalloc((s->opt.ninclude + 3) * sizeof *sp->v);
    const char *cand[3] = {from, ld->root_dir, s->opt.stdlib_dir};
    for (size_t k = 0; k < s->opt.ninclude + 3; k++) {
        const char *d = k < 2 ? cand[k] : k < s->opt.ninclude + 2 ? s->opt.include_dirs[k - 2] : cand[2];
        bool dup = !d || !*d;
        for (size_t i = 0; i < sp->n && !dup; i++)
            dup = same_dir(sp->v[i], d);
        if (!dup)
            sp->v[sp->n++] = d;
    }
    ptrmap_put(&ld->searched, from, sp);
    return sp;
}

static char *join_path(const char *dir, const char *rel)
{
    Buf full = {0};
    if (strcmp(dir, ".") == 0)
        buf_puts(&full, rel);
    else
        buf_printf(&full, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", rel);
    char *p = xstrdup(buf_cstr(&full));
    buf_free(&full);
    return p;
}

/* The first regular file rel names on the search path; a symbolic link
 * loop met before it is kept in r->loop (and ends the search: it is an
 * error, not a file that is absent). */
static void find_import(Resolved *r, struct stat *st)
{
    for (size_t i = 0; i < r->dirs->n && !r->path && !r->loop; i++) {
        char *full = join_path(r->dirs->v[i], r->rel);
        errno = 0;
        if (stat(full, st) == 0 && S_ISREG(st->st_mode))
            r->path = full;
        else if (errno == ELOOP)
            r->loop = full;
        else
            free(full);
    }
}

/* -Wimport-shadow: the file found hides one of the same name further down
 * the search path. */
static void check_shadow(Session *s, Import *im, const Resolved *r, const struct stat *found)
{
    if (diag_effective_severity(&s->policy, D_IMPORT_SHADOW) == SEV_IGNORED)
        return;
    bool past = false;
    for (size_t i = 0; i < r->dirs->n; i++) {
        char *full = join_path(r->dirs->v[i], r->rel);
        struct stat st;
        if (!past) {
            past = strcmp(full, r->path) == 0;
        } else if (stat(full, &st) == 0 && S_ISREG(st.st_mode) &&
                   !(st.st_dev == found->st_dev && st.st_ino == found->st_ino)) {
            Diag *d = diag_at(s, D_IMPORT_SHADOW, im->name.loc, "import '%s' finds %s, which hides %s",
                              im->name.text, r->path, full);
            diag_note(s, d, LOC_NONE, "the search order decides: the importing file's directory, the root "
                      "file's, -I directories in order, the standard library");
            free(full);
            return;
        }
        free(full);
    }
}

/* The import names of the .smm files under dir (a/b/c.smm → a.b.c), at
 * most a few levels deep and a few thousand files: the candidates of a
 * near miss. */
static void list_imports(const char *dir, const char *prefix, int depth, Vec *out)
{
    DIR *dp = opendir(dir);
    if (!dp)
        return;
    for (struct dirent *e; (e = readdir(dp)) && out->n < 4096;) {
        if (e->d_name[0] == '.')
            continue;
        char *full = join_path(dir, e->d_name);
        Buf name = {0};
        buf_printf(&name, "%s%s%s", prefix, *prefix ? "." : "", e->d_name);
        struct stat st;
        size_t n = strlen(e->d_name);
        if (stat(full, &st) == 0) {
            if (S_ISDIR(st.st_mode) && depth < 4)
                list_imports(full, buf_cstr(&name), depth + 1, out);
            else if (S_ISREG(st.st_mode) && n > 4 && strcmp(e->d_name + n - 4, ".smm") == 0 &&
                     !memchr(e->d_name, '.', n - 4)) {
                size_t len = strlen(buf_cstr(&name)) - 4;
                char *imp = xmalloc(len + 1);
                memcpy(imp, name.s, len);
                imp[len] = 0;
                vec_push(out, imp);
            }
        }
        buf_free(&name);
        free(full);
    }
    closedir(dp);
}

static void import_not_found(Session *s, Import *im, const Resolved *r)
{
    if (r->loop) {
        diag_at(s, D_IMPORT_NOT_FOUND, im->name.loc, "cannot load import '%s': %s is a symbolic link loop",
                im->name.text, r->loop);
        return;
    }
    Vec cands = {0};
    for (size_t i = 0; i < r->dirs->n; i++)
        list_imports(r->dirs->v[i], "", 0, &cands);
    const char *hint = diag_suggest(im->name.text, (const char *const *)cands.v, cands.n);
    Diag *d = hint ? diag_at(s, D_IMPORT_NOT_FOUND, im->name.loc, "cannot find import '%s' (%s); did you mean '%s'?",
                             im->name.text, r->rel, hint)
                   : diag_at(s, D_IMPORT_NOT_FOUND, im->name.loc, "cannot find import '%s' (%s)",
                             im->name.text, r->rel);
    for (size_t i = 0; i < cands.n; i++)
        free(cands.v[i]);
    vec_free(&cands);
    Buf b = {0};
    for (size_t i = 0; i < r->dirs->n; i++)
        buf_printf(&b, "%s%s", i ? ", " : "", r->dirs->v[i]);
    diag_note(s, d, LOC_NONE, "searched: %s", b.n ? buf_cstr(&b) : "(nothing)");
    buf_free(&b);
}

/* Find (once per name and importing directory) and submit the file an
 * import names. */
static Resolved *resolve_import(Loader *ld, Import *im, const char *from)
{
    Buf key = {0};
    buf_printf(&key, "%s\n%s", from, im->name.text);
    const char *k = intern_cstr(ld->s->names, buf_cstr(&key));
    buf_free(&key);
    Resolved *r = ptrmap_get(&ld->resolved, k);
    if (r)
        return r;
    r = xcalloc(1, sizeof *r);
    Buf rel = {0};
    for (const char *p = im->name.text; *p; p++)
        buf_putc(&rel, *p == '.' ? '/' : *p);
    buf_puts(&rel, ".smm");
    r->rel = xstrdup(buf_cstr(&rel));
    buf_free(&rel);
    r->dirs = search_path(ld, from);
    struct stat st;
    find_import(r, &st);
    if (r->path) {
        check_shadow(ld->s, im, r, &st);
        r->job = submit(ld, r->path, &st);
    }
    ptrmap_put(&ld->resolved, k, r);
    return r;
}

/* A frame for a freshly adopted unit: find its imports' files and submit
 * them, so they parse while the walk goes on. */
static const char *dir_of(Session *s, const char *path);

/* Fill f, the walk's top frame (which owns its arrays from the start). */
static void frame_for(Loader *ld, Frame *f, Unit *u)
{
    *f = (Frame){u, NULL, NULL, 0, 0};
    for (Import *im = u->imports; im; im = im->next)
        f->n++;
    if (!f->n)
        return;
    f->im = xcalloc(f->n, sizeof *f->im);
    f->res = xcalloc(f->n, sizeof *f->res);
    size_t k = 0;
    const char *from = dir_of(ld->s, u->src->path);
    for (Import *im = u->imports; im; im = im->next, k++) {
        f->im[k] = im;
        f->res[k] = resolve_import(ld, im, from);
    }
    if (ld->fresh.n) {
        start_workers(ld);
        submit_flush(ld);
    }
}

/* The walk's stack of frames. */
typedef struct {
    Frame *v;
    size_t n, cap;
} Walk;

static Frame *walk_push(Walk *w)
{
    if (w->n == w->cap)
        w->v = xrealloc(w->v, (w->cap = w->cap ? 2 * w->cap : 8) * sizeof *w->v);
    w->v[w->n] = (Frame){0};
    return &w->v[w->n++];
}

static void walk_pop(Walk *w)
{
    Frame *f = &w->v[--w->n];
    free(f->im);
    free(f->res);
}

/* Also guard_hold's release: when a failure unwinds the walk. */
static void walk_free(void *ctx)
{
    Walk *w = ctx;
    while (w->n)
        walk_pop(w);
    free(w->v);
}

/* Load u's imports, and theirs, depth first in source order.  An explicit
 * stack, not recursion: a chain of thousands of imports must not exhaust
 * the C stack. */
static void walk_imports(Loader *ld, Unit *root, const char *root_dir)
{
    Session *s = ld->s;
    Walk w = {0};
    Hold h;
    guard_hold(&h, walk_free, &w);
    ld->root_dir = root_dir;
    frame_for(ld, walk_push(&w), root);
    while (w.n) {
        Frame *f = &w.v[w.n - 1];
        if (f->i == f->n || s->too_many_errors) {
            vec_push(&s->finished, f->u);
            walk_pop(&w);
            continue;
        }
        Import *im = f->im[f->i];
        Resolved *x = f->res[f->i++];
        if (!x->path) {
            import_not_found(s, im, x);
            continue;
        }
        if (x->job->adopted)
            continue;
        Unit *u = adopt(ld, x->job, x->path);
        if (!u) {
            diag_at(s, D_IO, im->name.loc, "cannot read '%s': %s", x->path, strerror(errno));
            s->io_failed = true; /* an input that cannot be read: exit 2 */
            continue;
        }
        frame_for(ld, walk_push(&w), u);
    }
    guard_drop(&h);
    walk_free(&w);
}

static void loader_unwind(void *ld)
{
    stop_workers(ld);
}

static void loader_init(Loader *ld, Session *s)
{
    memset(ld, 0, sizeof *ld);
    ld->s = s;
    guard_hold(&ld->hold, loader_unwind, ld);
    ld->arenas[0] = arena_new();
    ld->queue = pool_queue_new(s->threads ? session_pool(s) : NULL, run_job, ld);
}


/* The directory of path, interned. */
static const char *dir_of(Session *s, const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return intern_cstr(s->names, ".");
    return intern(s->names, path, slash == path ? 1 : (size_t)(slash - path));
}

/* Loading allocates in s->keep, which smm_reset keeps (the parses are
 * reused), instead of the arena of the analysis, which it empties. */
static void enter_keep(Session *s)
{
    s->parked = s->arena;
    s->arena = s->keep;
}

static void leave_keep(Session *s)
{
    s->arena = s->parked;
    s->parked = NULL;
}

static int load_file_kept(Session *s, const char *path);

int load_file(Session *s, const char *path)
{
    enter_keep(s);
    int rc = load_file_kept(s, path);
    leave_keep(s);
    return rc;
}

static int load_file_kept(Session *s, const char *path)
{
    bool io_failed = s->io_failed;
    Loader ld;
    loader_init(&ld, s);
    LoadJob *j = submit(&ld, path, NULL);
    submit_flush(&ld);
    bool already = j->adopted;
    Unit *u = already ? j->unit : adopt(&ld, j, path);
    if (!u) {
        int err = already ? j->err : errno;
        stop_workers(&ld);
        if (err == ELOOP)
            diag_at(s, D_IO, LOC_NONE, "cannot read '%s': it is a symbolic link loop", path);
        else
            diag_at(s, D_IO, LOC_NONE, "cannot read '%s': %s", path, strerror(err));
        s->io_failed = true;
        return -1;
    }
    if (!already)
        walk_imports(&ld, u, dir_of(s, path));
    stop_workers(&ld);
    u->is_root = true;
    /* an import that exists but cannot be read is an I/O error too */
    return s->io_failed && !io_failed ? -1 : 0;
}

/* A root unit from text the session takes over (len bytes and two NULs). */
static void add_text(Session *s, const char *name, char *text, size_t len)
{
    Hold h;
    guard_hold(&h, hold_free, &text); /* until its source file owns it */
    enter_keep(s);
    Loader ld;
    loader_init(&ld, s);
    LoadJob *j = vec_push_new(&s->jobs, sizeof *j);
    j->src = source_add(s, name, text, len);
    text = NULL;
    Unit *u = adopt(&ld, j, name); /* parses it, on this thread; the text is there */
    if (u) {
        u->is_root = true;
        walk_imports(&ld, u, ".");
    }
    stop_workers(&ld);
    leave_keep(s);
    guard_drop(&h);
}

int load_buffer(Session *s, const char *name, const char *data, size_t len)
{
    char *text = xmalloc(len + 2);
    memcpy(text, data, len);
    text[len] = text[len + 1] = 0;
    add_text(s, name, text, len);
    return 0;
}

int load_stream(Session *s, const char *name, FILE *f)
{
    size_t len;
    char *text = read_stream(f, &len); /* a directory: EISDIR */
    if (!text) {
        diag_at(s, D_IO, LOC_NONE, "cannot read '%s': %s", name, strerror(errno));
        s->io_failed = true;
        return -1;
    }
    add_text(s, name, text, len);
    return 0;
}

void load_overlay(Session *s, const char *path, const char *text, size_t len)
{
    bool exists;
    enter_keep(s);
    const char *key = file_key(s, path, NULL, &exists, NULL);
    leave_keep(s);
    Overlay *o = ptrmap_get(&s->overlays, key);
    if (!o)
        o = ptrmap_put_new(&s->overlays, key, sizeof *o);
    char *copy = xmalloc(len + 1);
    memcpy(copy, text, len);
    free(o->text);
    o->text = copy;
    o->len = len;
}

/* The editor's unsaved texts (smm_set_overlay), all of them. */
static void overlays_free(Session *s)
{
    for (size_t i = 0; i < s->overlays.cap; i++)
        if (s->overlays.keys && s->overlays.keys[i]) {
            Overlay *o = s->overlays.vals[i];
            free(o->text);
            free(o);
        }
    ptrmap_free(&s->overlays);
}

void load_reset(Session *s)
{
    overlays_free(s);
    memset(&s->overlays, 0, sizeof s->overlays);
    for (size_t i = 0; i < s->jobs.n; i++) {
        LoadJob *j = s->jobs.v[i];
        j->adopted = false;
        if (j->unit)
            j->unit->is_root = false;
    }
    s->load_gen++;
    s->parses = s->reused_parses = 0;
}

void loader_free(Session *s)
{
    overlays_free(s);
    for (size_t i = 0; i < s->jobs.n; i++) {
        LoadJob *j = s->jobs.v[i];
        session_sink_free(j->sink); /* a job the walk never reached */
        free(j->pdiags);
        free(j);
    }
    vec_free(&s->jobs);
    ptrmap_free(&s->loaded);
    intern_free(s->file_ids);
}
