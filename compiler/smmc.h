/*
 * smmc.h — the compiler's internal header.
 *
 * One header for the whole library, split into sections named after the .c
 * file that implements them (see compiler/README.md for the file → phase
 * table).  The public, stable API is compiler/smm.h; everything here may change.
 *
 * Invariants shared by every phase:
 *   - Every AST node and every diagnostic carries a Loc (file id + byte span);
 *     line and column are computed only when printing.
 *   - All AST, interned names and strings live in the session arena and are
 *     freed at once by smm_free().
 *   - Names are interned: two names are equal iff their pointers are equal.
 */
#ifndef SMMC_H
#define SMMC_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "smm.h"

#if defined(__GNUC__)
#define SMM_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define SMM_NORETURN __attribute__((noreturn))
#else
#define SMM_PRINTF(f, a)
#define SMM_NORETURN
#endif

typedef struct Session Session;

/* ---------------------------------------------------------------- arena.c */
/* One allocation funnel that never returns NULL, and a bump arena per
 * compilation.  smm_alloc_fail_after >= 0 makes the funnel fail after that
 * many further allocations (tests only).
 *
 * An internal failure (out of memory, the scanner's fatal error, libxml2
 * missing) calls smm_fatal, which unwinds to the innermost guard_run of
 * the thread: guard_run(fn, ctx) calls fn(ctx) and returns NULL, or the
 * failure's message (a static string) when fn did not return.  The public
 * entry points (driver.c) run under a guard, so the library never ends the
 * process; with no guard (a worker thread) smm_fatal prints and aborts. */

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
SMM_NORETURN void smm_fatal(const char *msg);
SMM_NORETURN void smm_fatal_oom(void);
extern long smm_alloc_fail_after;
typedef void (*GuardFn)(void *ctx);
const char *guard_run(GuardFn fn, void *ctx);
/* Builds an object that owns heap parts: fn(ctx) makes them; if it fails
 * half-way, undo(ctx) frees what was made (fields still zero are not) and
 * the failure goes on to the caller's guard. */
void guard_build(GuardFn fn, GuardFn undo, void *ctx);
/* Heap scratch a function holds in its locals across calls that may fail:
 * guard_hold(&h, release, obj) registers it (h on the caller's stack),
 * guard_drop(&h) unregisters it (the innermost hold: LIFO).  A failure
 * calls release(obj) for every hold made under the guard it unwinds to,
 * innermost first.  hold_free releases the object pointer at obj (a
 * variable still NULL, or set to NULL when handed over, frees nothing);
 * hold_vec and hold_buf release a Vec or a Buf. */
typedef struct Hold {
    struct Hold *next;
    void (*release)(void *obj);
    void *obj;
} Hold;
void guard_hold(Hold *h, void (*release)(void *obj), void *obj);
void guard_drop(Hold *h);
void hold_free(void *pp);
void hold_vec(void *v);
void hold_buf(void *b);

typedef struct Arena Arena;
Arena *arena_new(void);
void arena_free(Arena *a);
void *arena_alloc(Arena *a, size_t n);  /* zeroed, 8-byte aligned */
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);
char *arena_printf(Arena *a, const char *fmt, ...) SMM_PRINTF(2, 3);
char *arena_vprintf(Arena *a, const char *fmt, va_list ap) SMM_PRINTF(2, 0);
size_t arena_bytes(const Arena *a);
/* Free everything allocated from a, keeping one chunk for reuse. */
void arena_reset(Arena *a);
/* Move every chunk of from into into, and free from. */
void arena_merge(Arena *into, Arena *from);

/* Growable array of pointers (heap, not arena: freed by vec_free). */
typedef struct {
    void **v;
    size_t n, cap;
} Vec;
void vec_push(Vec *v, void *p);
/* A new zeroed block of n bytes pushed on v, which owns it from the start
 * (whoever frees v's items frees it, even after a failure). */
void *vec_push_new(Vec *v, size_t n);
void vec_free(Vec *v);

/* Growable byte buffer (heap). */
typedef struct {
    char *s;
    size_t n, cap;
} Buf;
void buf_putn(Buf *b, const char *s, size_t n);
void buf_puts(Buf *b, const char *s);
void buf_putc(Buf *b, int c);
void buf_printf(Buf *b, const char *fmt, ...) SMM_PRINTF(2, 3);
void buf_free(Buf *b);
const char *buf_cstr(Buf *b); /* NUL-terminated view, valid until next put */

/* --------------------------------------------------------------- intern.c */
/* String interning: equal strings give the same pointer (arena-owned). */
typedef struct Interner Interner;
Interner *intern_new(Arena *a);
void intern_free(Interner *in);
const char *intern(Interner *in, const char *s, size_t n);
const char *intern_cstr(Interner *in, const char *s);
/* Share the interner between threads (every call locks) or stop sharing. */
void intern_share(Interner *in, bool shared);

/* A hash map from interned name (pointer) to a value. */
typedef struct {
    const void **keys;
    void **vals;
    size_t n, cap;
} PtrMap;
void *ptrmap_get(const PtrMap *m, const void *key);
/* Returns the previous value (NULL if none) and stores val. */
void *ptrmap_put(PtrMap *m, const void *key, void *val);
void ptrmap_free(PtrMap *m);
void hold_map(void *m); /* guard_hold's release of a PtrMap */
/* A new zeroed block of n bytes put at key (a new key): m owns it from
 * the start (whoever frees m's values frees it, even after a failure). */
void *ptrmap_put_new(PtrMap *m, const void *key, size_t n);

/* --------------------------------------------------------------- source.c */
/* Source files and locations.  A Loc is a file id plus a byte span
 * [start, end); line/column are derived through a line table built lazily. */

typedef struct {
    uint32_t file;  /* index into the session's source table; 0 = none */
    uint32_t start; /* byte offset of the first byte */
    uint32_t end;   /* byte offset one past the last byte */
} Loc;

#define LOC_NONE ((Loc){0, 0, 0})

typedef struct SourceFile {
    uint32_t id;
    const char *path;    /* path as opened */
    const char *display; /* path as printed (relative to cwd when possible) */
    char *text;          /* contents, NUL-terminated, BOM removed */
    size_t len;
    uint32_t bom;        /* bytes of BOM removed (0 or 3) */
    uint32_t order;      /* position in the load order (s->units), from 0 */
    uint32_t *lines;     /* byte offset of each line start, built lazily */
    size_t nlines;
    uint32_t memo_line, memo_off, memo_col; /* source_linecol's last answer (line 0: none) */
} SourceFile;

typedef struct {
    uint32_t line;   /* 1-based */
    uint32_t column; /* 1-based, in UTF-8 code points */
} LineCol;

SourceFile *source_add(Session *s, const char *path, char *text, size_t len);
void source_set_path(Session *s, SourceFile *f, const char *path);
/* Takes ownership of text, which must be followed by two NUL bytes. */
void source_set_text(SourceFile *f, char *text, size_t len);
SourceFile *source_get(const Session *s, uint32_t id);
LineCol source_linecol(SourceFile *f, uint32_t offset);
/* loc as the public API gives it: file (as printed when display, else as
 * opened), byte span, 1-based lines and columns. */
smm_span source_span(Session *s, Loc loc, bool display);
/* The text of line `line` (without its newline). */
const char *source_line(SourceFile *f, uint32_t line, size_t *len);
Loc loc_join(Loc a, Loc b);
/* Read a whole file (or stream), followed by two NUL bytes (the scanner
 * needs both); returns NULL and sets errno on failure. */
char *read_file(const char *path, size_t *len);
char *read_stream(FILE *f, size_t *len);

/* ------------------------------------------------------------ diag.c */
/* The diagnostics engine.  Every diagnostic has a stable code and name (see
 * diagnostics.def), a severity after -W policy, a primary location and notes.
 * Diagnostics are collected in the session; text output goes to stderr as
 * they arrive unless the session buffers them for another --format. */

typedef enum {
#define DIAG(id, code, name, sev, flags, summary) id,
#include "diagnostics.def"
#undef DIAG
    DIAG_COUNT
} DiagId;

typedef enum {
    SEV_IGNORED = 0,
    SEV_NOTE,
    SEV_REMARK,
    SEV_WARNING,
    SEV_ERROR,
} Severity;

/* flags in diagnostics.def */
enum {
    DF_HARD = 1,   /* cannot be disabled or downgraded (syntax, I/O, ...) */
    DF_GATE = 2,   /* produced by `check` (gap analysis) */
};

typedef struct DiagInfo {
    const char *code;    /* "E0101" */
    const char *name;    /* "syntax-error" */
    Severity severity;   /* default severity */
    unsigned flags;
    const char *summary; /* one line */
} DiagInfo;

extern const DiagInfo diag_info[DIAG_COUNT];
/* Look up by code ("E0101") or name ("gap"); -1 if unknown. */
int diag_lookup(const char *code_or_name);

typedef struct DiagNote {
    Loc loc; /* LOC_NONE for a note without location */
    char *msg;
    struct DiagNote *next;
} DiagNote;

typedef struct DiagFix {
    Loc loc;    /* the text replaced (empty: an insertion at loc.start) */
    char *text; /* the replacement */
    struct DiagFix *next;
} DiagFix;

typedef struct Diag {
    DiagId id;
    Severity sev; /* after policy */
    Loc loc;
    char *msg;
    DiagNote *notes;
    DiagFix *fixes; /* in order attached */
    /* Check context, for baselines and per-practice output (may be NULL). */
    const char *assessment;
    const char *practice;
    const char *key; /* what tells apart findings of one kind on one practice
                      * (unmet-consideration: the consideration id), or NULL */
    bool baselined;  /* matched by --baseline: does not count */
    struct Diag *next;
} Diag;

typedef struct DiagPolicy {
    Severity override[DIAG_COUNT];
    bool overridden[DIAG_COUNT];
    bool no_werror[DIAG_COUNT]; /* -Wno-error=NAME */
    bool werror;
    int max_errors; /* 0 = unlimited */
} DiagPolicy;

/* Emit a diagnostic; returns it (or NULL if ignored by policy) so notes can
 * be attached with diag_note(). */
Diag *diag_at(Session *s, DiagId id, Loc loc, const char *fmt, ...) SMM_PRINTF(4, 5);
Diag *diag_vat(Session *s, DiagId id, Loc loc, const char *fmt, va_list ap) SMM_PRINTF(4, 0);
void diag_note(Session *s, Diag *d, Loc loc, const char *fmt, ...) SMM_PRINTF(4, 5);
Severity diag_effective_severity(const DiagPolicy *p, DiagId id);
const char *severity_name(Severity sev); /* "error", "warning", … */
/* smm_print_diagnostics (driver.c runs it under a guard). */
void diag_print_all(Session *s, FILE *out, unsigned flags);
/* Render one diagnostic GCC-style (with source line and caret) into b. */
void diag_render_text(Session *s, const Diag *d, Buf *b, bool color);
/* Edit distance suggestions: the closest candidate or NULL. */
const char *diag_suggest(const char *word, const char *const *cands, size_t n);
size_t edit_distance(const char *a, const char *b, size_t limit);

/* Move from's diagnostics into s (applying -fmax-errors in the order they
 * were found), sorted by position, and print them when s streams. */
void diag_adopt(Session *s, Session *from);
/* Take one diagnostic made in another session as if diag_at had made it
 * in s (counted, -fmax-errors, printed once complete). */
void diag_take(Session *s, Diag *d);
/* Attach a fix to d: replace the text at loc with text (an insertion when
 * loc is empty).  Editors offer it as a code action. */
void diag_fix(Session *s, Diag *d, Loc loc, const char *text);

/* ---------------------------------------------------------------- ast.h */
#include "ast.h"
bool date_valid(int y, int m, int d); /* ast.c */

/* ----------------------------------------------------------- reuse.c */
/* Incremental analysis: what an analysis keeps of the one before it. */
typedef struct Reuse {
    bool on;           /* this analysis may keep what the one before built */
    bool models_kept;  /* declare_globals kept the models (reuse_models) */
    Vec models;        /* Model*: the models that may be kept */
    Vec model_diags;   /* Diag*: what building them reported */
    PtrMap profiles;   /* AstProfile* → Profile* resolved and validated */
    Vec built;         /* Model* built since the arena last started afresh */
    size_t full_bytes; /* the arena's size after the last full analysis */
    bool arena_kept;   /* the last reset kept the arena (else it emptied it) */
    DiagPolicy policy; /* the -W policy the kept diagnostics were made under */
} Reuse;
/* smm_reset's part, around freeing the program: reuse_keep decides whether
 * the next analysis may keep what the one just finished built (and
 * notes what); reuse_start starts the arena afresh when it may not, and
 * gives the session a new program. */
void reuse_keep(Session *s);
void reuse_start(Session *s);
void reuse_free(Session *s);
/* At the start of an analysis: keep nothing when the -W policy changed
 * since what is kept was made (its diagnostics' severities would differ). */
void reuse_check_policy(Session *s);
/* Every model built goes through here (its maps are freed with the arena's
 * contents, not with the program that first held it). */
void reuse_built_model(Session *s, Model *m);
/* Whether the kept models stand for decls (AstModel*, declaration order). */
bool reuse_models(Session *s, const Vec *decls);
/* The kept profile declared by a, when it and its ancestors are unchanged;
 * else NULL (declare_globals makes a new one). */
Profile *reuse_profile(Session *s, const AstProfile *a);
/* a's tree is reset for a new resolution (or none): a kept profile of it
 * would no longer match its settings, so it is kept no more. */
void reuse_forget(Session *s, const AstProfile *a);
/* Report kept diagnostics again, as diag_take does. */
void reuse_take(Session *s, Diag *const *d, size_t n);
/* The diagnostics linked from *from on (a diags_tail saved before a step),
 * as an array in the arena: what the step reported. */
Diag **reuse_capture(Session *s, Diag *const *from, int *n);

/* ----------------------------------------------------------- session.c */
struct Session {
    Arena *arena;
    Interner *names;
    Arena *name_arena; /* the interner's own (it may be shared by threads) */
    smm_options opt;
    DiagPolicy policy;
    Vec sources;   /* SourceFile*, index = id - 1 */
    Vec units;     /* Unit* in load order */
    Vec finished;  /* Unit* as their import walks finish: a file after its imports (load.c) */
    Diag *diags, **diags_tail;
    size_t ndiags;
    int errors, warnings;
    bool too_many_errors, told_too_many;
    Diag *pending; /* last diagnostic, still open for notes */
    bool stream_text; /* print text diagnostics as they are emitted */
    FILE *diag_out;
    bool color;
    bool io_failed;   /* an input could not be read: exit 2 */
    PtrMap loaded;    /* file id ("dev:ino" in file_ids) → LoadJob* (load.c) */
    Interner *file_ids;
    Vec jobs;         /* LoadJob*, every file ever submitted */
    int threads;      /* worker threads allowed besides this one (opt.jobs - 1) */
    /* semantic state (resolve.c and later) */
    Program *prog;
    bool borrowed_arena; /* a sink working in its thread's arena */
    struct Pool *pool;   /* worker threads, for the session's life (pool.c) */
    const char *internal; /* the internal failure that stopped it (driver.c) */
    int clean_phases;    /* phases of smm_analyze done without errors, in order
                            (declare, models, profiles, validate, assessments, tests):
                            what an editor query may rely on (query.c) */
    PtrMap overlays;     /* file key (load.c) → Overlay*: editors' unsaved text */
    unsigned load_gen;   /* analyses since smm_new (smm_reset): a parse kept is of an older one */
    int parses, reused_parses; /* files parsed, parses kept, by the last loading */
    int reused_profiles, reused_models; /* kept whole by the last analysis (driver.c) */
    Arena *keep;         /* what outlives smm_reset: the sources, the parses and their
                            diagnostics (load.c allocates there); arena the rest */
    Arena *parked;       /* the arena while loading works in keep */
    Reuse reuse;         /* what the next analysis may keep of this one (reuse.c) */
};

/* A session for one parse or one slice of work done on another thread: it
 * shares the interner and the options, and has its own diagnostics and
 * arena (a new one, or the thread's own arena when given), which the owner
 * takes over with diag_adopt/arena_merge. */
Session *session_sink(Session *s, Arena *arena);
/* The session's pool of worker threads (s->threads of them, pool.c),
 * started on first use. */
struct Pool *session_pool(Session *s);
void session_sink_free(Session *sink);
void hold_sink(void *sink); /* guard_hold's release of a sink */
/* Set up a new session (smm_new in driver.c runs it under a guard;
 * smm_free there frees it). */
Session *session_new(const smm_options *opt);
/* Stop the session after an internal failure: remember msg (static) and
 * print it when the session streams its diagnostics. */
void session_fail(Session *s, const char *msg);

/* ---------------------------------------------------------------- pool.c */
/* The one concurrency module: worker threads (the caller is worker 0 and
 * works too), a job queue, a dependency-ordered run and a lock. */
typedef struct Pool Pool;
Pool *pool_new(int nthreads); /* threads besides the caller's */
int pool_size(const Pool *p); /* workers, the caller included */
void pool_free(Pool *p);

/* Jobs run by the pool's threads in submission order: embed a PoolJob
 * (zeroed) in each job's struct; fn gets it back with the worker index. */
typedef struct PoolJob { int state; /* pool.c's */ } PoolJob;
typedef struct PoolQueue PoolQueue;
typedef void (*PoolJobFn)(void *ctx, PoolJob *job, int worker);
PoolQueue *pool_queue_new(Pool *p, PoolJobFn fn, void *ctx);
void pool_queue_start(PoolQueue *q); /* the threads start taking jobs */
void pool_queue_submit(PoolQueue *q, PoolJob *const *jobs, size_t n);
/* Return once job is done, running it or other queued jobs meanwhile. */
void pool_queue_wait(PoolQueue *q, PoolJob *job);
void pool_queue_free(PoolQueue *q); /* stops the threads; unrun jobs stay queued */

/* fn(ctx, worker, i) for every item i < n, each after all its
 * predecessors returned; of the ready items the smallest goes first. */
typedef void (*PoolFn)(void *ctx, int worker, size_t i);
typedef struct PoolGraph {
    size_t n;
    const int *npred;        /* per item: how many predecessors */
    const size_t *succ_start; /* successors of i: succ[succ_start[i] .. succ_start[i + 1]) */
    const size_t *succ;
} PoolGraph;
void pool_run_ordered(Pool *p, const PoolGraph *g, PoolFn fn, void *ctx);

typedef struct PoolLock PoolLock;
PoolLock *pool_lock_new(void);
void pool_lock(PoolLock *l);
void pool_unlock(PoolLock *l);
void pool_lock_free(PoolLock *l);
uint64_t pool_unique_id(void); /* never the same twice in a process, from any thread */

/* ---------------------------------------------------------------- load.c */
/* The loading behind smm_add_file, smm_add_buffer, smm_add_stream and
 * smm_set_overlay (same contracts). */
int load_file(Session *s, const char *path);
int load_buffer(Session *s, const char *name, const char *data, size_t len);
int load_stream(Session *s, const char *name, FILE *f);
void load_overlay(Session *s, const char *path, const char *text, size_t len);
/* smm_reset's part: forget the overlays and which files were reached,
 * keeping every parse for submit to reuse when its file is unchanged. */
void load_reset(Session *s);
void loader_free(Session *s);

/* ---------------------------------------------------------------- model.c */
void declare_globals(Session *s);
void resolve_models(Session *s);
/* Resolve a node path (id, alias or dotted path) in m; reports and returns
 * -1 when unknown. */
int model_resolve_path(Session *s, Model *m, Name path);
int model_find(const Model *m, const char *interned);
Decl *global_lookup(Session *s, const char *interned);
/* Report an unknown global name with a suggestion; kind names what was wanted. */
void report_unknown_global(Session *s, Name n, const char *kind, DeclKind want);

/* ---------------------------------------------------------------- resolve.c */
void resolve_profiles(Session *s);
void resolve_assessments(Session *s);
void resolve_tests(Session *s); /* after resolve_assessments */
void program_free(Session *s);
/* Check that a sector/system name is visible in p; reports and returns NULL if not. */
const char *profile_check_variant(Session *s, Profile *p, Name n, bool sector);
bool profile_check_pair(Session *s, Profile *p, const char *sector, Name system);

/* ---------------------------------------------------------------- linearize.c */
/* C3 linearization of p (memoized in p->mro); false on cycle/inconsistency
 * (already reported). */
bool linearize(Session *s, Profile *p);
void linearize_all(Session *s, Profile *const *roots, size_t n, Vec *order);
bool profile_derives_from(const Profile *p, const Profile *ancestor);
int mro_index(const Profile *p, const Profile *ancestor);

/* ---------------------------------------------------------------- cascade.c */
/* What a requirement asks of attribute attr (0 comprehensiveness, 1 scope):
 * a level or a scope rank; negative when it asks nothing of it. */
static inline int require_want(const Require *r, int attr)
{
    return attr == 0 ? r->comp.value : r->scope.value;
}

/* The depth tables' "no slot on the way up" (cascade.c). */
enum { DEPTH_NONE = 255 };

static inline int setting_value(const Setting *st, int attr)
{
    return attr == 0 ? st->comp.value : st->scope.value;
}

/* The node d steps up from practice pi (0: the practice itself). */
static inline int node_above(const Model *m, int pi, unsigned d)
{
    int node = m->practices[pi];
    while (d-- > 0)
        node = m->nodes[node].parent;
    return node;
}

/* The chain of one slot of a layer: its delta, else the layer under it,
 * down to a full array (at most MAX_HOPS deltas). */
static inline const Prov *layer_slot(const MergedLayer *l, int slot)
{
    uint64_t bit = 1ull << (slot & 63);
    if (l && !l->slots && !(l->chain_mask & bit)) /* no delta down the chain has it */
        return l->base_slots ? l->base_slots[slot] : NULL;
    for (; l; l = l->under) {
        if (l->slots)
            return l->slots[slot];
        if (l->delta_mask & bit)
            for (int i = 0; i < l->ndelta; i++)
                if (l->delta[i].slot == slot)
                    return l->delta[i].pv;
    }
    return NULL;
}

const MergedLayer *cascade_layer(Session *s, Profile *p, LayerKind kind, const char *sector,
                                 const char *system);
const char *layer_name(LayerKind k);
const char *scope_name(int scope); /* "general", "industry", "system" */

/* ---------------------------------------------------------------- layer_chains.c */
/* A layer's requirement and consideration chains and the bounds of its
 * requirements, from its own blocks and its parents' layers. */
const ReqLink *layer_req_chain(Session *s, const Block *const *blocks, size_t n, const MergedLayer **pl, int np);
const ConsLink *layer_cons_chain(Session *s, const Block *const *blocks, size_t n, const MergedLayer **pl, int np);
const signed char *layer_bounds(Session *s, const Model *m, const ReqLink *chain, const MergedLayer **pl, int np);

/* ---------------------------------------------------------------- variant.c */
/* One practice's effective attribute: where it came from, layer by layer. */
typedef struct EffAttr {
    int value;            /* comprehensiveness 0..4 or ScopeVal */
    int node;             /* node that set it, -1 = default */
    const Prov *seg[4];   /* chains per layer: nested, system, sector, body */
} EffAttr;

typedef struct Variant {
    Profile *profile;
    const char *sector, *system; /* interned or NULL */
    EffAttr *eff;         /* model->npractices * 2: [i*2] comp, [i*2+1] scope */
    signed char *val;     /* [k] = eff[k].value, packed (same allocation as eff) */
    unsigned char *scratch; /* 3 bytes per attribute for the variant functions (same allocation) */
    const MergedLayer *layers[4]; /* nested, system, sector, body (NULL = none) */
    /* In for_each_default_variant with VARIANT_FULL, base is the base
     * variant's eff and val for every other variant (NULL for the base one
     * itself), valid inside the callback.  With VARIANT_VALUES every variant
     * comes with eff stale and base NULL: variant_complete computes eff. */
    bool eff_stale;
    const EffAttr *base;
} Variant;

void variant_compute(Session *s, Variant *v, Profile *p, const char *sector, const char *system);
void variant_free(Variant *v);
void hold_variant(void *v); /* guard_hold's release of a Variant */
const Setting *eff_winner(const EffAttr *e);
/* Iterate all default variants of p: calls fn for base, sectors, systems,
 * nested pairs. */
typedef void (*VariantFn)(Session *s, Variant *v, void *arg);
typedef enum {
    VARIANT_FULL,   /* every variant's eff and val */
    VARIANT_VALUES, /* val only (see Variant.eff_stale) */
} VariantDetail;
void for_each_default_variant(Session *s, Profile *p, Variant *scratch, VariantDetail detail, VariantFn fn,
                              void *arg);
void variant_complete(Session *s, Variant *v);
/* Does some setting reach attribute k (practice k/2) in v?  (eff[k].node
 * >= 0, without needing eff.) */
bool variant_reaches(const Variant *v, int k);

/* ---------------------------------------------------------------- validate.c */
void validate_profiles(Session *s);


/* ---------------------------------------------------------------- uuid.c */
/* SHA-1 and name-based UUIDs (RFC 4122 version 5), for deterministic OSCAL. */
void sha1(const void *data, size_t len, unsigned char out[20]);
void uuid_v5(const unsigned char ns[16], const char *name, size_t len, unsigned char out[16]);
/* Lower-case 8-4-4-4-12 text; out holds 37 bytes. */
void uuid_format(const unsigned char u[16], char out[37]);
bool uuid_parse(const char *s, unsigned char out[16]);

/* -------------------------------------------------------------- testrun.c */
/* smmc test (smm_run_tests and friends in driver.c run these guarded). */
typedef struct TestRun TestRun;
TestRun *testrun_run(Session *s, const char *glob);
void testrun_counts(const TestRun *r, int *tests, int *passed, int *failed);
int testrun_write(Session *s, const TestRun *r, smm_format fmt, FILE *out);
void testrun_free(TestRun *r);

/* --------------------------------------------------------------- verify.c */
/* Verify mode: the diagnostics replaced by their mismatches with the
 * annotations; returns the number of mismatches (smm_verify, driver.c). */
int verify_diagnostics(Session *s);

/* ---------------------------------------------------------------- check.c */
typedef enum {
    ST_MET, ST_GAP, ST_OVER_TARGET, ST_NOT_ASSESSED, ST_NOT_APPLICABLE, ST_WAIVED
} PracticeStatus;
enum { ST_COUNT = 6 };
const char *status_name(PracticeStatus st); /* "met", "gap", "over-target", ... */

typedef struct Unmet {
    const Consideration *c; /* model or profile consideration not met */
    struct Unmet *next;
} Unmet;

typedef struct PracticeResult {
    int node;                 /* practice node index in the model */
    PracticeStatus status;
    int target_c, target_s;   /* effective target */
    bool assessed;            /* has a level line */
    int claimed_c;            /* as written (-1 when not assessed) */
    int current_c, current_s; /* after evidence mode; 0/general when not assessed */
    int gap_c, gap_s;         /* target - current, may be negative */
    const AEntry *entry;      /* the level or not_applicable line */
    const AEntry *waiver;     /* the waiver that applied, if any */
    const EffAttr *target_eff;/* [0] comp, [1] scope: provenance of the target */
    Unmet *unmet;             /* considerations not met for the next level(s) */
    bool regression;          /* current level below the previous assessment's */
    int previous_c, previous_s; /* -1 when no previous */
} PracticeResult;

typedef struct RollUp {
    int node;               /* domain or dimension */
    double target, current; /* min or mean of the practices (n/a excluded) */
    int counted;            /* practices counted */
} RollUp;

typedef struct AssessResult {
    Assessment *a;
    Variant variant;
    Model *model;
    PracticeResult *practices; /* model->npractices, model order */
    RollUp *rollups;           /* one per dimension and domain, model order */
    int nrollups;
    bool mean;                 /* roll-up method */
    bool evidence;             /* evidence mode in force */
    struct AssessResult *previous; /* same target, next earlier date */
    int counts[ST_COUNT];      /* by PracticeStatus */
} AssessResult;

typedef struct CheckRun {
    AssessResult **results;    /* in source order */
    size_t n;
    long today;                /* yyyymmdd */
    int baselined;             /* findings matched by --baseline */
} CheckRun;

/* Evaluate every assessment (or only the one named `only`). */
CheckRun *check_run(Session *s, const char *only);
void check_free(CheckRun *r);
/* Severity class for pictures: 0 green, 1 yellow, 2 red, -1 n/a or not required. */
int gap_class(const PracticeResult *pr);

#endif
