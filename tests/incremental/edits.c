/*
 * edits.c — the editor side of the incremental-analysis test (incr.c):
 * the files of the library and their current texts, and the random edits
 * a user makes to them.  Edits work on text, line by line (text.c); an
 * edit that finds nothing to work on gives way to another.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incr.h"

/* ---------------------------------------------------------------- random */

static uint64_t rnd64(World *w)
{
    w->rng ^= w->rng << 13;
    w->rng ^= w->rng >> 7;
    w->rng ^= w->rng << 17;
    return w->rng;
}

static size_t rnd(World *w, size_t n)
{
    return n ? (size_t)(rnd64(w) % n) : 0;
}

static bool chance(World *w, int percent)
{
    return (int)rnd(w, 100) < percent;
}

/* A random profile of f (NULL when it has none). */
static const Prof *pick_profile(World *w, const File *f, Prof *buf, size_t *np)
{
    *np = tx_profiles(f, buf, MAXPROF);
    return *np ? &buf[rnd(w, *np)] : NULL;
}

/* A random profile name of the whole library. */
static void any_profile_name(World *w, char *out, size_t cap)
{
    static Prof buf[MAXPROF];
    snprintf(out, cap, "syn.p000000");
    for (int tries = 0; tries < 8; tries++) {
        const File *f = &w->files[rnd(w, w->nfiles)];
        size_t n = tx_profiles(f, buf, MAXPROF);
        if (n) {
            snprintf(out, cap, "%s", buf[rnd(w, n)].name);
            return;
        }
    }
}

static const char *practice(World *w)
{
    return w->practices[rnd(w, w->npractices)];
}

static const char *const levels[] = {"0", "1", "2", "3", "4", "none", "minimum", "ad_hoc", "consistent", "formalized"};
static const char *const scopes[] = {"", " general", " industry", " system", " sector"};
static const char *const sectors[] = {"healthcare", "energy", "automotive", "retail", "newsector"};
static const char *const systems[] = {"handheld", "sensor", "gateway", "base_station", "newsystem"};
#define PICK(w, a) ((a)[rnd((w), sizeof(a) / sizeof *(a))])

/* ---------------------------------------------------------------- profile edits */

static size_t lines_buf[MAXLINES];
static Prof prof_buf[MAXPROF];

static void what(World *w, const File *f, const char *kind)
{
    tx_hist(w, "step %d: %s: %s\n", w->step, f->path, kind);
}

/* A setting's value: a level, a scope, or both. */
static bool ed_value(World *w, File *f)
{
    size_t n = tx_lines(f, 0, f->len, tx_is_setting, lines_buf);
    if (!n)
        return false;
    size_t i = lines_buf[rnd(w, n)], e = tx_eol(f, i);
    const char *eq = tx_find(f->text + i, e - i, " = ", 3);
    const char *sc = tx_find(f->text + i, e - i, " scope ", 7);
    char val[64];
    if (eq) {
        size_t at = (size_t)(eq - f->text) + 3;
        snprintf(val, sizeof val, "%s%s", PICK(w, levels), PICK(w, scopes));
        what(w, f, "change a level and scope");
        tx_splice(w, f, at, e - at, val);
    } else {
        size_t at = (size_t)(sc - f->text) + 7;
        const char *scope = PICK(w, scopes);
        what(w, f, "change a scope");
        tx_splice(w, f, at, e - at, *scope ? scope + 1 : "general");
    }
    return true;
}

/* A new setting in a profile's body, or in one of its blocks. */
static bool ed_add_setting(World *w, File *f, bool in_block)
{
    size_t np, at;
    const Prof *p = pick_profile(w, f, prof_buf, &np);
    if (!p)
        return false;
    char line[160];
    if (in_block) {
        size_t n = tx_lines(f, p->start, p->end, tx_is_block, lines_buf);
        if (!n)
            return false;
        at = lines_buf[rnd(w, n)];
        snprintf(line, sizeof line, "\n%*s%s%s = %s%s", (int)tx_indent(f, at) + 2, "", practice(w),
                 chance(w, 20) ? ".*" : "", PICK(w, levels), PICK(w, scopes));
        at = tx_eol(f, at);
    } else {
        snprintf(line, sizeof line, "\n  %s = %s%s", practice(w), PICK(w, levels), PICK(w, scopes));
        at = p->hdr_end;
    }
    what(w, f, in_block ? "add a setting in a block" : "add a setting");
    tx_splice(w, f, at, 0, line);
    return true;
}

static bool ed_remove_member(World *w, File *f)
{
    size_t n = tx_lines(f, 0, f->len, tx_is_member, lines_buf);
    if (!n)
        return false;
    size_t i = lines_buf[rnd(w, n)];
    what(w, f, "remove a setting, requirement or consideration");
    tx_splice(w, f, i, tx_eol(f, i) + (tx_eol(f, i) < f->len) - i, "");
    return true;
}

/* A new sector or system block (or a system nested in a sector). */
static bool ed_add_block(World *w, File *f)
{
    size_t np;
    const Prof *p = pick_profile(w, f, prof_buf, &np);
    if (!p || p->end <= p->hdr_end + 1 || f->text[p->end - 1] != '\n')
        return false;
    char text[400];
    int kind = (int)rnd(w, 3);
    if (kind == 0)
        snprintf(text, sizeof text, "  sector %s {\n    %s = %s%s\n  }\n", PICK(w, sectors), practice(w),
                 PICK(w, levels), PICK(w, scopes));
    else if (kind == 1)
        snprintf(text, sizeof text, "  system %s {\n    %s = %s%s\n  }\n", PICK(w, systems), practice(w),
                 PICK(w, levels), PICK(w, scopes));
    else
        snprintf(text, sizeof text, "  sector %s {\n    system %s {\n      %s = %s\n    }\n  }\n", PICK(w, sectors),
                 PICK(w, systems), practice(w), PICK(w, levels));
    what(w, f, "add a block");
    /* before the closing "}\n" */
    tx_splice(w, f, p->end - 2, 0, text);
    return true;
}

/* A requirement the values likely violate (a floor of 4 system, a
 * ceiling of 0) or one they satisfy (>= 0 general, <= 4 system). */
static bool ed_require(World *w, File *f, bool violated)
{
    size_t np;
    const Prof *p = pick_profile(w, f, prof_buf, &np);
    if (!p)
        return false;
    char line[160];
    const char *op = violated ? (chance(w, 50) ? ">= 4 system" : "<= 0") : (chance(w, 50) ? ">= 0 general" : "<= 4 system");
    snprintf(line, sizeof line, "\n  require %s %s%s", practice(w), op,
             chance(w, 30) ? " because \"a regulator says so\"" : "");
    what(w, f, violated ? "add a requirement that fails" : "add a requirement that holds");
    tx_splice(w, f, p->hdr_end, 0, line);
    return true;
}

/* A consideration: a new id, or one that exists (in the model or here). */
static bool ed_consider(World *w, File *f)
{
    size_t np;
    const Prof *p = pick_profile(w, f, prof_buf, &np);
    if (!p)
        return false;
    char id[64], line[256];
    if (chance(w, 40))
        snprintf(id, sizeof id, "%s", chance(w, 50) ? "spm.roles" : "syn.c2_0");
    else
        snprintf(id, sizeof id, "incr.c%d_%zu", w->step, rnd(w, 3));
    snprintf(line, sizeof line, "\n  consider %s level %zu %s \"Checked at step %d\"", practice(w), 1 + rnd(w, 4), id,
             w->step);
    what(w, f, "add a consideration");
    tx_splice(w, f, p->hdr_end, 0, line);
    return true;
}

/* ---------------------------------------------------------------- inheritance edits */

/* p or a profile after it in prof_buf (a descendant, often: a cycle). */
static const char *later_profile(World *w, const Prof *p, size_t np)
{
    size_t me = (size_t)(p - prof_buf);
    return prof_buf[me + rnd(w, np - me)].name;
}

/* A parent renamed: to another profile (a later one of the file, which
 * may close a cycle, or any), or misspelt. */
static bool ed_rename_parent(World *w, File *f)
{
    size_t np, at[8], len[8];
    const Prof *p = pick_profile(w, f, prof_buf, &np);
    size_t n = p ? tx_parents(f, p, at, len, 8) : 0;
    if (!n)
        return false;
    size_t k = rnd(w, n);
    char name[128];
    int how = (int)rnd(w, 3);
    if (how == 0) {
        snprintf(name, sizeof name, "%.*sx", (int)len[k], f->text + at[k]);
    } else if (how == 1) {
        snprintf(name, sizeof name, "%s", later_profile(w, p, np));
    } else {
        any_profile_name(w, name, sizeof name);
    }
    what(w, f, how == 0 ? "misspell a parent" : "rename a parent");
    tx_splice(w, f, at[k], len[k], name);
    return true;
}

/* A second (third…) parent, or `extends` for a root: diamonds, cycles,
 * parents with another model. */
static bool ed_add_parent(World *w, File *f)
{
    size_t np, at[8], len[8];
    const Prof *p = pick_profile(w, f, prof_buf, &np);
    if (!p)
        return false;
    char name[128], text[160];
    if (chance(w, 30))
        snprintf(name, sizeof name, "%s", later_profile(w, p, np));
    else
        any_profile_name(w, name, sizeof name);
    size_t n = tx_parents(f, p, at, len, 8);
    if (n) {
        snprintf(text, sizeof text, ", %s", name);
        what(w, f, "add a parent");
        tx_splice(w, f, at[n - 1] + len[n - 1], 0, text);
        return true;
    }
    const char *m = tx_find(f->text + p->start, p->hdr_end - p->start, " model ", 7);
    if (!m)
        return false;
    snprintf(text, sizeof text, " extends %s", name);
    what(w, f, "give a root profile a parent");
    tx_splice(w, f, (size_t)(m - f->text), 0, text);
    return true;
}

static bool ed_remove_parent(World *w, File *f)
{
    size_t np, at[8], len[8];
    const Prof *p = pick_profile(w, f, prof_buf, &np);
    size_t n = p ? tx_parents(f, p, at, len, 8) : 0;
    if (!n)
        return false;
    if (n == 1) { /* the profile becomes a root of its own */
        size_t from = at[0] - 9;
        what(w, f, "replace the only parent by a model");
        tx_splice(w, f, from, at[0] + len[0] - from, " model iic.smm");
        return true;
    }
    size_t k = rnd(w, n);
    what(w, f, "remove a parent");
    if (k == 0)
        tx_splice(w, f, at[0], at[1] - at[0], "");
    else
        tx_splice(w, f, at[k - 1] + len[k - 1], at[k] + len[k] - at[k - 1] - len[k - 1], "");
    return true;
}

/* The `model` clause: misspelt, restored, dropped or added. */
static bool ed_model(World *w, File *f)
{
    size_t np;
    const Prof *p = pick_profile(w, f, prof_buf, &np);
    if (!p)
        return false;
    const char *h = f->text + p->start;
    size_t hn = p->hdr_end - p->start;
    const char *bad = tx_find(h, hn, " model iic.smx", 14), *m = tx_find(h, hn, " model iic.smm", 14);
    what(w, f, "change the model clause");
    if (bad)
        tx_splice(w, f, (size_t)(bad - f->text), 14, " model iic.smm");
    else if (m && chance(w, 50))
        tx_splice(w, f, (size_t)(m - f->text), 14, " model iic.smx");
    else if (m)
        tx_splice(w, f, (size_t)(m - f->text), 14, "");
    else
        tx_splice(w, f, p->hdr_end - 2, 0, " model iic.smm");
    return true;
}

static bool ed_delete_profile(World *w, File *f)
{
    size_t np;
    const Prof *p = pick_profile(w, f, prof_buf, &np);
    if (!p)
        return false;
    what(w, f, "delete a profile");
    tx_splice(w, f, p->start, p->end - p->start, "");
    return true;
}

/* Two profiles of one name: a copy of one appended, or one renamed to
 * another's name. */
static bool ed_duplicate_profile(World *w, File *f)
{
    size_t np;
    const Prof *p = pick_profile(w, f, prof_buf, &np);
    if (!p)
        return false;
    if (chance(w, 50)) {
        char *copy = incr_strndup(f->text + p->start, p->end - p->start);
        what(w, f, "append a copy of a profile");
        tx_splice(w, f, f->len, 0, copy);
        free(copy);
        return true;
    }
    char name[128];
    any_profile_name(w, name, sizeof name);
    what(w, f, "rename a profile to an existing name");
    tx_splice(w, f, p->start + 8, strlen(p->name), name);
    return true;
}

/* ---------------------------------------------------------------- file edits */

/* An import removed, or one added: another library file (cycles are
 * allowed), the model again, or a file that does not exist. */
static bool ed_import(World *w, File *f)
{
    size_t n = tx_lines(f, 0, f->len, tx_is_import, lines_buf);
    if (n && chance(w, 50)) {
        size_t i = lines_buf[rnd(w, n)];
        what(w, f, "remove an import");
        tx_splice(w, f, i, tx_eol(f, i) + (tx_eol(f, i) < f->len) - i, "");
        return true;
    }
    char line[256];
    const File *g = &w->files[rnd(w, w->nfiles)];
    const char *lib = strstr(g->path, "/lib/");
    if (g->kind == F_LIB && lib && chance(w, 70))
        snprintf(line, sizeof line, "import lib.%.*s\n", (int)strcspn(lib + 5, "."), lib + 5);
    else
        snprintf(line, sizeof line, "%s\n", chance(w, 50) ? "import iic.smm" : "import lib.nothere");
    what(w, f, "add an import");
    tx_splice(w, f, n ? lines_buf[0] : 0, 0, line);
    return true;
}

/* A syntax error: a byte deleted or inserted, or a few bytes cut; fixed
 * on a later step (ed_fix). */
static bool ed_break(World *w, File *f)
{
    if (!f->len)
        return false;
    if (!f->prebreak)
        f->prebreak = incr_strndup(f->text, f->len);
    size_t at = rnd(w, f->len);
    static const char junk[] = "{}\"=,.@#*/ x\n;";
    char ins[2] = {junk[rnd(w, sizeof junk - 1)], 0};
    what(w, f, "insert a syntax error");
    if (chance(w, 40))
        tx_splice(w, f, at, 1, "");
    else if (chance(w, 50))
        tx_splice(w, f, at, 0, ins);
    else
        tx_splice(w, f, at, 1 + rnd(w, f->len - at < 5 ? f->len - at : 5), "");
    return true;
}

static bool ed_fix(World *w, File *f)
{
    if (!f->prebreak)
        return false;
    char *t = f->prebreak;
    f->prebreak = NULL;
    what(w, f, "fix the syntax error (the text before it, later edits undone)");
    tx_splice(w, f, 0, f->len, t);
    free(t);
    return true;
}

static void close_doc(World *w, File *f)
{
    for (size_t i = 0; i < w->nopen; i++)
        if (&w->files[w->open[i]] == f) {
            w->open[i] = w->open[--w->nopen]; /* as didClose does */
            break;
        }
    f->open = false;
}

/* Back to the disk text: the buffer is closed (an open root stays open). */
bool incr_revert(World *w, File *f)
{
    if (!f->open && f->len == f->disklen && !memcmp(f->text, f->disk, f->len))
        return false;
    tx_hist(w, "step %d: %s: revert to the disk text%s\n", w->step, f->path, f->kind == F_ROOT ? "" : " (close)");
    free(f->text);
    f->text = incr_strndup(f->disk, f->disklen);
    f->len = f->disklen;
    free(f->prebreak);
    f->prebreak = NULL;
    if (f->kind != F_ROOT && f->kind != F_OTHER)
        close_doc(w, f);
    return true;
}

/* ---------------------------------------------------------------- model edits */

static bool is_level(const File *f, size_t i)
{
    return tx_at_word(f, i + tx_indent(f, i), "level ") && memchr(f->text + i, '"', tx_eol(f, i) - i);
}

static bool is_consider(const File *f, size_t i)
{
    return tx_at_word(f, i + tx_indent(f, i), "consider ");
}

static bool is_domain(const File *f, size_t i)
{
    return tx_at_word(f, i + tx_indent(f, i), "domain ") && tx_eol(f, i) > i && f->text[tx_eol(f, i) - 1] == '{';
}

static bool is_practice(const File *f, size_t i)
{
    return tx_at_word(f, i + tx_indent(f, i), "practice ");
}

/* An objective reworded, a consideration dropped, a practice added or
 * renamed (every setting of it then fails). */
static bool ed_model_file(World *w, File *f)
{
    int how = (int)rnd(w, 4);
    bool (*which[4])(const File *, size_t) = {is_level, is_consider, is_domain, is_practice};
    size_t n = tx_lines(f, 0, f->len, which[how], lines_buf);
    if (!n)
        return false;
    size_t i = lines_buf[rnd(w, n)], e = tx_eol(f, i);
    char text[128];
    if (how == 0) {
        const char *q = memchr(f->text + i, '"', e - i);
        snprintf(text, sizeof text, "\"Objective reworded at step %d\"", w->step);
        what(w, f, "reword an objective");
        tx_splice(w, f, (size_t)(q - f->text), e - (size_t)(q - f->text) - (f->text[e - 1] == '{' ? 2 : 0), text);
    } else if (how == 1) {
        what(w, f, "remove a consideration from the model");
        tx_splice(w, f, i, e + (e < f->len) - i, "");
    } else if (how == 2) {
        snprintf(text, sizeof text, "\n%*spractice extra_%d \"Extra practice\"", (int)tx_indent(f, i) + 2, "", w->step);
        what(w, f, "add a practice to the model");
        tx_splice(w, f, e, 0, text);
    } else {
        size_t at = i + tx_indent(f, i) + 9;
        char id[128];
        size_t k = tx_ident(f, at, id, sizeof id);
        what(w, f, "rename a practice of the model");
        tx_splice(w, f, at + k, 0, "_renamed");
    }
    return true;
}

/* ---------------------------------------------------------------- one step */

static File *pick_file(World *w)
{
    size_t first = w->nfiles, last = w->nfiles, model = w->nfiles, root = w->nfiles;
    for (size_t i = 0; i < w->nfiles; i++) {
        const File *f = &w->files[i];
        if (f->kind == F_LIB && (first == w->nfiles || strcmp(f->path, w->files[first].path) < 0))
            first = i;
        if (f->kind == F_LIB && (last == w->nfiles || strcmp(f->path, w->files[last].path) > 0))
            last = i;
        model = f->kind == F_MODEL ? i : model;
        root = f->kind == F_ROOT ? i : root;
    }
    size_t r = rnd(w, 100), pick;
    if (r < 25 && w->last_file >= 0)
        pick = (size_t)w->last_file; /* the same file again */
    else if (r < 42)
        pick = first; /* the roots of the hierarchy */
    else if (r < 58)
        pick = last; /* the leaves */
    else if (r < 62)
        pick = model;
    else if (r < 66)
        pick = root;
    else
        pick = rnd(w, w->nfiles);
    if (pick >= w->nfiles || w->files[pick].kind == F_OTHER)
        pick = first < w->nfiles ? first : 0;
    return &w->files[pick];
}

typedef bool (*Edit)(World *, File *);

static bool ed_setting_in_block(World *w, File *f) { return ed_add_setting(w, f, true); }
static bool ed_setting_in_body(World *w, File *f) { return ed_add_setting(w, f, false); }
static bool ed_require_fails(World *w, File *f) { return ed_require(w, f, true); }
static bool ed_require_holds(World *w, File *f) { return ed_require(w, f, false); }

/* The edits of a library file, each as often as it is listed. */
static const Edit lib_edits[] = {
    ed_value, ed_value, ed_value, ed_value, ed_setting_in_body, ed_setting_in_body, ed_setting_in_block,
    ed_setting_in_block, ed_remove_member, ed_remove_member, ed_add_block, ed_require_fails, ed_require_holds,
    ed_consider, ed_rename_parent, ed_rename_parent, ed_add_parent, ed_add_parent, ed_remove_parent,
    ed_delete_profile, ed_duplicate_profile, ed_model, ed_import, ed_break, incr_revert,
};
static const Edit root_edits[] = {ed_import, ed_import, ed_import, ed_break, incr_revert};
static const Edit model_edits[] = {ed_model_file, ed_model_file, ed_model_file, ed_model_file, ed_break, incr_revert};

void incr_open(World *w, File *f)
{
    if (f->open || w->nopen == sizeof w->open / sizeof *w->open)
        return;
    f->open = true;
    w->open[w->nopen++] = (size_t)(f - w->files);
}

/* A step now and then puts the model file, every file with a syntax
 * error and about half the other edited files back as on disk, as a user
 * fixes mistakes: else errors that stop the pipeline early (a duplicate
 * name, a broken model) stay for long stretches, which keep nothing, and
 * the walk would rarely put the reuse of kept profiles to the test. */
static bool heal(World *w)
{
    bool any = false;
    for (size_t i = 0; i < w->nfiles; i++) {
        File *f = &w->files[i];
        if (f->open && (f->kind == F_MODEL || f->prebreak || (f->kind == F_LIB && chance(w, 50))))
            any |= incr_revert(w, f);
    }
    return any;
}

/* One random edit of one file (opened first, as an editor does). */
void incr_edit(World *w)
{
    if (chance(w, 15) && heal(w))
        return;
    File *f = pick_file(w);
    w->last_file = (int)(f - w->files);
    w->recent[2] = w->recent[1], w->recent[1] = w->recent[0], w->recent[0] = w->last_file;
    incr_open(w, f);
    if (f->prebreak && chance(w, 50) && ed_fix(w, f))
        return;
    const Edit *edits = f->kind == F_MODEL ? model_edits : f->kind == F_ROOT ? root_edits : lib_edits;
    size_t n = f->kind == F_MODEL   ? sizeof model_edits / sizeof *model_edits
               : f->kind == F_ROOT ? sizeof root_edits / sizeof *root_edits
                                   : sizeof lib_edits / sizeof *lib_edits;
    for (int tries = 0; tries < 20; tries++) {
        size_t mark = w->histlen;
        if (edits[rnd(w, n)](w, f))
            return;
        w->histlen = mark; /* nothing to do: another edit */
        if (w->history)
            w->history[mark] = 0;
    }
    tx_hist(w, "step %d: %s: no edit applied\n", w->step, f->path);
}

/* ---------------------------------------------------------------- the files */

static void note_model(void *ctx, smm_decl_kind kind, const char *name)
{
    (void)name;
    *(bool *)ctx |= kind == SMM_DECL_MODEL;
}

static void add_file(World *w, smm_session *s, size_t u, const char *check)
{
    const char *path = smm_unit_path(s, u);
    File *f = &w->files[w->nfiles++];
    f->path = incr_strndup(path, strlen(path));
    f->disk = smm_read_file(path, &f->disklen);
    if (!f->disk) {
        fprintf(stderr, "incr: cannot read %s\n", path);
        exit(2);
    }
    f->text = incr_strndup(f->disk, f->disklen);
    f->len = f->disklen;
    bool model = false;
    smm_unit_declarations(s, u, note_model, &model);
    size_t nl = strlen(w->libdir);
    f->kind = u == 0 ? F_ROOT
              : model ? F_MODEL
              : !strncmp(path, w->libdir, nl) && !strncmp(path + nl, "/lib/", 5) ? F_LIB
                                                                                : F_OTHER;
    if (u == 0 || !strcmp(path, check)) {
        f->open = true;
        w->open[w->nopen++] = w->nfiles - 1;
    }
}

/* The files all.smm (and check.smm) reach, their kinds, the practices. */
void incr_load(World *w)
{
    char root[4096], check[4096];
    snprintf(root, sizeof root, "%s/all.smm", w->libdir);
    snprintf(check, sizeof check, "%s/check.smm", w->libdir);
    smm_session *s = incr_session(w);
    if (smm_add_file(s, root) != 0) {
        fprintf(stderr, "incr: cannot load %s\n", root);
        exit(2);
    }
    FILE *c = fopen(check, "r");
    if (c) {
        fclose(c);
        smm_add_file(s, check);
    }
    smm_analyze(s);
    w->files = incr_alloc(smm_unit_count(s) * sizeof *w->files);
    for (size_t u = 0; u < smm_unit_count(s); u++)
        add_file(w, s, u, check);
    smm_free(s);
    w->last_file = w->recent[0] = w->recent[1] = w->recent[2] = -1;
    w->practices = incr_alloc(64 * sizeof *w->practices);
    for (size_t i = 0; i < w->nfiles; i++)
        for (size_t l = 0; w->files[i].kind == F_MODEL && l < w->files[i].len && w->npractices < 64;
             l = tx_eol(&w->files[i], l) + 1)
            if (is_practice(&w->files[i], l)) {
                char id[128];
                tx_ident(&w->files[i], l + tx_indent(&w->files[i], l) + 9, id, sizeof id);
                w->practices[w->npractices++] = incr_strndup(id, strlen(id));
            }
    if (!w->npractices) {
        fputs("incr: no model with practices among the files loaded\n", stderr);
        exit(2);
    }
}

void incr_free(World *w)
{
    incr_free_queries(w);
    free(w->queries);
    free(w->pos);
    for (size_t i = 0; i < w->nfiles; i++) {
        free(w->files[i].path);
        free(w->files[i].disk);
        free(w->files[i].text);
        free(w->files[i].prebreak);
    }
    free(w->files);
    for (size_t i = 0; i < w->npractices; i++)
        free(w->practices[i]);
    free(w->practices);
    free(w->history);
}
