/*
 * util.h — helpers the unit tests that compile programs from memory share:
 * a session from source text, and lookups of profiles and diagnostics that
 * fail the test when the thing is missing.  Include after <cmocka.h> and
 * "smmc.h".
 */
#ifndef SMM_TEST_UTIL_H
#define SMM_TEST_UTIL_H

#include <string.h>

/* text compiled as t.smm (no stdlib), diagnostics kept in the session */
static inline smm_session *compile(const char *text)
{
    smm_options opt = {0};
    opt.buffer_diagnostics = true;
    opt.stdlib_dir = "/nonexistent";
    smm_session *s = smm_new(&opt);
    smm_add_buffer(s, "t.smm", text, strlen(text));
    smm_analyze(s);
    return s;
}

static inline Profile *profile(smm_session *s, const char *name)
{
    for (size_t i = 0; s->prog && i < s->prog->profiles.n; i++) {
        Profile *p = s->prog->profiles.v[i];
        if (strcmp(p->name, name) == 0)
            return p;
    }
    fail_msg("no profile '%s'", name);
    static Profile none;
    return &none;
}

static inline int count_diags(smm_session *s, DiagId id)
{
    int n = 0;
    for (const Diag *d = s->diags; d; d = d->next)
        n += d->id == id;
    return n;
}

/* The first diagnostic with this id; the test fails without one. */
static inline const Diag *find_diag(smm_session *s, DiagId id)
{
    for (const Diag *d = s->diags; d; d = d->next)
        if (d->id == id)
            return d;
    fail_msg("no diagnostic %s", diag_info[id].code);
    static const Diag none;
    return &none;
}

#endif
