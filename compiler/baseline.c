/*
 * baseline.c — `--baseline FILE`: a previous `check --format json` result.
 *
 * A finding is identified by (assessment, practice, name, key): not by its
 * line, so lines may move and files be reformatted while known debt still
 * does not fail the gate.  The key tells apart findings of one kind on one
 * practice (unmet-consideration: the consideration id); kinds that occur
 * at most once per practice have none.  An entry without "key" (written
 * before keys existed) has none either: it matches as it always did, except
 * an old unmet-consideration entry, which stood for all of a practice's
 * unmet considerations at once and so matches no keyed finding.  Matching
 * is a multiset match: each entry baselines at most one finding, in the
 * order the findings were produced.  Only gate diagnostics (those tied to
 * an assessment) can be baselined; compile errors always count.
 */
#include "check_format.h"

#include <errno.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

static const char *key_of(Session *s, const char *assessment, const char *practice, const char *name,
                          const char *key)
{
    return intern_cstr(s->names, arena_printf(s->arena, "%s\x1f%s\x1f%s\x1f%s", assessment,
                                              practice ? practice : "", name, key ? key : ""));
}

int baseline_apply(Session *s, CheckRun *run, const char *path)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        diag_at(s, D_IO, LOC_NONE, "cannot read baseline '%s': %s", path, strerror(EISDIR));
        s->io_failed = true;
        return -1;
    }
    json_error_t err;
    errno = 0;
    json_t *root = json_load_file(path, 0, &err);
    if (!root) {
        if (err.line < 0 || errno == ENOENT)
            diag_at(s, D_IO, LOC_NONE, "cannot read baseline '%s': %s", path, err.text);
        else
            diag_at(s, D_IO, LOC_NONE, "baseline '%s' is not valid JSON (line %d: %s)", path, err.line,
                    err.text);
        s->io_failed = true;
        return -1;
    }
    json_t *diags = json_object_get(root, "diagnostics");
    if (!json_is_array(diags)) {
        diag_at(s, D_IO, LOC_NONE,
                "baseline '%s' is not a 'smmc check --format json' result (no \"diagnostics\" array)", path);
        json_decref(root);
        s->io_failed = true;
        return -1;
    }
    /* identity -> how many entries hold it, not yet matched */
    PtrMap known = {0};
    size_t i;
    json_t *d;
    json_array_foreach(diags, i, d) {
        const char *a = json_string_value(json_object_get(d, "assessment"));
        const char *p = json_string_value(json_object_get(d, "practice"));
        const char *n = json_string_value(json_object_get(d, "name"));
        const char *k = json_string_value(json_object_get(d, "key"));
        if (!a || !n)
            continue;
        const char *id = key_of(s, a, p, n, k);
        ptrmap_put(&known, id, (void *)((uintptr_t)ptrmap_get(&known, id) + 1));
    }
    int count = 0;
    for (Diag *x = s->diags; x; x = x->next) {
        /* only gap-analysis findings: a typo in a `met` id or a duplicate
         * entry is an error in the file, never known debt.  Every kind of
         * finding matches, whatever its severity: a waived gap (a note) or
         * an over-target remark recorded in the baseline is as known as a
         * gap, and SARIF and JSON say so (baselineState, "baselined"). */
        if (!x->assessment || x->sev == SEV_IGNORED || !(diag_info[x->id].flags & DF_GATE))
            continue;
        const char *id = key_of(s, x->assessment, x->practice, diag_info[x->id].name, x->key);
        uintptr_t left = (uintptr_t)ptrmap_get(&known, id);
        if (left) {
            ptrmap_put(&known, id, (void *)(left - 1));
            x->baselined = true;
            count++;
        }
    }
    ptrmap_free(&known);
    json_decref(root);
    run->baselined = count;
    return count;
}
