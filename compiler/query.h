/*
 * query.h — the query module's own header (query.c, query_hover.c,
 * query_complete.c): what is under a position (a Hit), the semantic
 * lookups the queries share, and the calls of hover and completion.
 * Internal: only those three files include it.
 */
#ifndef SMM_QUERY_H
#define SMM_QUERY_H

#include "smmc.h"

typedef enum {
    HIT_NONE,
    HIT_IMPORT,        /* im */
    HIT_PROFILE_DECL,  /* prof */
    HIT_PROFILE_REF,   /* name (extends, target) */
    HIT_MODEL_REF,     /* name */
    HIT_MODEL_DECL,    /* model */
    HIT_MNODE,         /* model, mnode */
    HIT_PATH,          /* name: a node path in the context of prof / assess, setting when a setting */
    HIT_LEVEL,         /* level literal of a setting, requirement or assessment line */
    HIT_BLOCK,         /* block of prof */
    HIT_CONSID,        /* name: a consideration id (met, consider) */
    HIT_ASSESS_DECL,   /* assess */
    HIT_VARIANT_REF,   /* name: sector/system named by an assessment (sector = is_sector) */
    HIT_TEST_DECL,     /* test */
} HitKind;

typedef struct Hit {
    HitKind kind;
    Loc loc;                 /* the span under the offset */
    Name name;
    const Import *im;
    AstProfile *prof;        /* enclosing profile */
    AstModel *model;
    const AstMNode *mnode;
    const Block *block;
    const Setting *setting;
    const AEntry *entry;
    AstAssessment *assess;   /* enclosing assessment */
    AstTest *test;
    LevelLit level;
    bool is_sector;
} Hit;

typedef struct {
    Session *s;
    const char *file;
    uint32_t offset;
    smm_span range;
    char *text;
} HoverCall;

typedef struct {
    Session *s;
    const char *file;
    uint32_t offset;
    int (*fn)(void *ctx, const smm_completion *c);
    void *ctx;
    size_t n;
    bool stop;
    PtrMap seen;
    const char *prefix; /* interned-free: the word typed so far */
} CompleteCall;

/* How far the analysis went cleanly (Session.clean_phases): the objects of
 * a phase that reported errors may be half resolved, so a query only uses
 * what the clean phases made. */
enum { PH_DECLARE = 1, PH_MODELS, PH_PROFILES, PH_VALIDATE, PH_ASSESSMENTS };

/* query.c: the shared lookups */
SourceFile *query_source(const Session *s, const char *path);
Unit *query_unit(const Session *s, const SourceFile *f);
Hit query_hit(Unit *u, uint32_t off);
bool query_ready(const Session *s, int phase);
Profile *query_profile(Session *s, const AstProfile *ap);
Assessment *query_assessment(Session *s, const AstAssessment *aa);
AstProfile *query_ast_profile(Session *s, const char *name);
AstModel *query_ast_model(Session *s, const char *name);
Model *query_model(Session *s, const AstModel *am);
Model *query_context_model(Session *s, const Hit *h);
int query_node(const Model *m, const char *path);
/* Run a query (smm_hover, smm_completions, ...) under a guard: false when
 * the session was stopped, before or by it. */
bool query_guarded(Session *s, GuardFn fn, void *call);
/* A variant's values for a query: variant_compute in a sink whose
 * diagnostics are dropped, so a query never adds to the session's (an
 * ambiguity met while building a layer that no phase built is the
 * validation's to report, and the same whichever queries came before). */
void query_variant(Session *s, Variant *v, Profile *p, const char *sector, const char *system);

#endif
