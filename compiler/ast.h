/*
 * ast.h — the syntax tree built by grammar/parser.y (ast.c holds the
 * constructors) and the semantic objects the later phases hang off it.
 *
 * The grammar only builds these nodes and records locations; every lookup,
 * check and computation happens in resolve.c and later phases.
 * Lists are singly linked through `next` in source order.
 */
#ifndef SMMC_AST_H
#define SMMC_AST_H

/* A (possibly qualified) name as written: `threat_modeling`,
 * `governance.threat_risk`, `healthcare.medical_device`. */
typedef struct Name {
    const char *text; /* interned; NULL when absent */
    Loc loc;
} Name;

typedef struct NameList {
    Name name;
    struct NameList *next;
} NameList;

typedef struct StrList {
    const char *text;
    Loc loc;
    struct StrList *next;
} StrList;

/* Comprehensiveness 0..4 and scope as written. */
typedef enum { SCOPE_UNSET = -1, SCOPE_GENERAL = 0, SCOPE_INDUSTRY = 1, SCOPE_SYSTEM = 2 } ScopeVal;

typedef struct LevelLit {
    int value;        /* 0..4; -1 = unset; -2 = invalid (already reported) */
    const char *word; /* the word used (`formalized`), NULL for digits */
    Loc loc;
} LevelLit;

typedef struct ScopeLit {
    int value; /* ScopeVal */
    Loc loc;
} ScopeLit;

/* A date written YYYY-MM-DD, validated by the parser actions' helper. */
typedef struct DateLit {
    int y, m, d; /* 0 when unset or invalid */
    Loc loc;
} DateLit;
static inline long date_key(DateLit d) { return (long)d.y * 10000 + d.m * 100 + d.d; }

/* ---------------------------------------------------------------- models */

typedef enum { MN_DIMENSION = 0, MN_DOMAIN = 1, MN_PRACTICE = 2 } MNodeKind;

typedef struct AstConsider {
    Name id;
    const char *text;
    Loc loc;
    struct AstConsider *next;
} AstConsider;

typedef struct AstLevel {
    LevelLit level;
    const char *objective; /* may be NULL */
    AstConsider *considers;
    Loc loc;
    struct AstLevel *next;
} AstLevel;

typedef struct AstMNode {
    MNodeKind kind;
    Name id;
    const char *title; /* may be NULL */
    const char *doc;
    Loc loc;                   /* the keyword through the id */
    struct AstMNode *children; /* domains of a dimension, practices of a domain */
    AstLevel *levels;          /* practices only */
    struct AstMNode *next;
} AstMNode;

typedef struct AstAlias {
    Name target; /* existing node */
    Name alias;  /* new name */
    Loc loc;
    struct AstAlias *next;
} AstAlias;

typedef struct AstModel {
    Name name;
    const char *title;
    Name base; /* extends; text NULL if none */
    const char *version;
    const char *doc;
    AstMNode *dims;
    AstAlias *aliases;
    Loc loc;
} AstModel;

/* ---------------------------------------------------------------- profiles */

typedef enum { LAYER_BODY = 0, LAYER_SECTOR = 1, LAYER_SYSTEM = 2, LAYER_SECTOR_SYSTEM = 3, LAYER_DEFAULT = 4 } LayerKind;

struct Profile;
struct Block;

/* `PATH = C [SCOPE] [because "…"]`, `PATH scope S`, `PATH.* = C [SCOPE]` */
typedef struct Setting {
    Name path;
    bool forced;     /* PATH.* */
    LevelLit comp;   /* value -1 when only the scope is set */
    ScopeLit scope;  /* SCOPE_UNSET when not given */
    const char *because;
    Loc loc;         /* the whole setting */
    /* filled by resolve.c */
    int node;        /* model node index, -1 if unresolved */
    struct Profile *owner;
    struct Block *block;
    int ord;         /* index in Program.settings (source order) */
    struct Setting *next;
} Setting;

typedef enum { REQ_GE = 0, REQ_LE = 1 } ReqOp;

typedef struct Require {
    Name path;
    ReqOp op;
    LevelLit comp; /* -1 when only a scope is constrained (not in the spec, tolerated) */
    ScopeLit scope;
    const char *because;
    Loc loc;
    int node;
    struct Profile *owner;
    struct Block *block;
    int ord;         /* the program's requirements in source order, 0.. (resolve.c) */
    struct Require *next;
} Require;

/* `consider PATH level N ID "text"` */
typedef struct ProfConsider {
    Name path;
    LevelLit level;
    Name id;
    const char *text;
    Loc loc;
    int node; /* practice index in model nodes */
    struct Profile *owner;
    struct Block *block;
    int ord;  /* the program's profile considerations in source order, 0.. (resolve.c) */
    struct ProfConsider *next;
} ProfConsider;

/* A layer as written: the profile body, a `sector S {}` block, a `system Y {}`
 * block, or a `system Y {}` nested in a sector block. */
typedef struct Block {
    LayerKind kind;
    Name name;           /* sector or system name; none for the body */
    struct Block *outer; /* the sector block of a nested system block */
    Setting *settings;
    Require *requires;
    ProfConsider *considers;
    struct Block *systems; /* nested system blocks (sector blocks only) */
    Loc loc;
    struct Block *next;
} Block;

typedef struct AstProfile {
    Name name;
    const char *title;
    Name model;        /* `model M`; text NULL if none */
    NameList *parents; /* `extends A, B` */
    const char *doc;
    StrList *tags;
    Name rollup;       /* `rollup min|mean`; text NULL if none */
    bool evidence_strict;
    Loc evidence_loc;
    Block body;        /* kind LAYER_BODY */
    Block *sectors;    /* kind LAYER_SECTOR, with nested systems */
    Block *systems;    /* kind LAYER_SYSTEM */
    Loc loc;
} AstProfile;

/* ---------------------------------------------------------------- assessments */

typedef enum { AE_LEVEL, AE_NOT_APPLICABLE, AE_MET, AE_WAIVE } AEntryKind;

typedef struct AEntry {
    AEntryKind kind;
    Name path;       /* practice (LEVEL, NOT_APPLICABLE, WAIVE) or consideration id (MET) */
    LevelLit comp;   /* LEVEL */
    ScopeLit scope;  /* LEVEL (SCOPE_UNSET → general) */
    StrList *evidence;
    const char *because;
    DateLit until;   /* WAIVE */
    const char *owner;
    Loc loc;
    int node;        /* resolved practice index, -1 */
    struct AEntry *next;
} AEntry;

typedef struct AstAssessment {
    Name name;
    const char *title;
    Name target;     /* profile */
    Name sector;     /* may be absent */
    Name system;
    Loc target_loc;
    DateLit date;
    const char *assessor;
    const char *doc;
    AEntry *entries;
    Loc loc;
} AstAssessment;

/* ---------------------------------------------------------------- tests
 * language.md §8: a subject (a target, or an assessment) and expectations. */

typedef enum { EX_VALUE, EX_SET_BY, EX_CONSIDERS, EX_STATUS, EX_GAPS, EX_ERRORS } ExpectKind;
enum { EXPECT_EQ = 2 }; /* an expectation's op: REQ_GE, REQ_LE or EXPECT_EQ */

typedef struct Expect {
    ExpectKind kind;
    Name path;        /* VALUE, SET_BY, CONSIDERS, STATUS: a dimension, domain or practice */
    int op;           /* VALUE, GAPS, ERRORS */
    LevelLit comp;    /* VALUE */
    ScopeLit scope;   /* VALUE; SCOPE_UNSET when not given */
    long count;       /* GAPS, ERRORS */
    Name profile;     /* SET_BY */
    Name layer;       /* SET_BY: body, sector, system, default; text NULL = any */
    Name id;          /* CONSIDERS: a consideration; STATUS: the status word */
    Loc loc;
    /* filled by resolve.c */
    int node;         /* model node, -1 */
    struct Profile *set_by;
    int layer_kind;   /* SET_BY: LayerKind, -1 = any */
    int status;       /* STATUS: PracticeStatus */
    struct Expect *next;
} Expect;

typedef struct AstTest {
    Name name;
    const char *title;
    Name target, sector, system; /* a target subject */
    Name assessment;             /* an assessment subject */
    Loc subject_loc;             /* the subject line; file 0 when there is none */
    Expect *expects;
    Loc loc;
} AstTest;

/* ---------------------------------------------------------------- units */

typedef enum { DECL_MODEL, DECL_PROFILE, DECL_ASSESSMENT, DECL_TEST } DeclKind;

typedef struct Decl {
    DeclKind kind;
    union {
        AstModel *model;
        AstProfile *profile;
        AstAssessment *assessment;
        AstTest *test;
    } u;
    struct Decl *next;
} Decl;

typedef struct Import {
    Name name;
    Loc loc;
    struct Import *next;
} Import;

/* One parsed file. */
typedef struct Unit {
    SourceFile *src;
    Import *imports, **imports_tail;
    Decl *decls, **decls_tail;
    bool is_root; /* named on the command line */
} Unit;

/* Constructors used by the parser (ast.c). */
typedef struct ParseCtx ParseCtx;
Decl *ast_new_decl(Session *s, DeclKind kind, void *node);
/* Give a kept parse back as the parser left it: clear what the semantic
 * phases wrote into its tree (ast.c; smm_reset reuses parses). */
void ast_unit_reset(Unit *u, bool profiles);
/* The profile part of it: every setting, requirement and consideration
 * unresolved (model.c, for a profile not kept by reuse.c). */
void ast_profile_reset(AstProfile *p);

/* ---------------------------------------------------------------- program
 * The semantic objects (resolve.c, model.c, linearize.c, cascade.c). */

typedef struct MNode {
    MNodeKind kind;
    const char *id;    /* interned */
    const char *path;  /* interned: governance.threat_risk.threat_modeling */
    const char *title;
    int parent;        /* node index, -1 for dimensions */
    int index;         /* own index in Model.nodes */
    int practice;      /* index in Model.practices (practices only), else -1 */
    int first_practice, npractices; /* practices under this node (contiguous) */
    const AstMNode *ast;
    const char *objective[5]; /* practices: objective per level 1..4 */
    struct Consideration *considers[5]; /* practices: model considerations per level */
    Loc loc;
} MNode;

typedef struct Consideration {
    const char *id;
    const char *text;
    int practice; /* node index */
    int level;
    Loc loc;
    const char *origin; /* model name, or profile name for `consider` */
    LayerKind layer;
    const char *layer_name;
    struct Consideration *next; /* within one practice level list */
} Consideration;

/* Where a model or profile is in its resolution (model.c, linearize.c). */
typedef enum {
    RES_NEW = 0,     /* not looked at yet (zeroed) */
    RES_ACTIVE = 1,  /* being resolved: meeting it again is a cycle */
    RES_DONE = 2,
    RES_FAILED = 3,  /* reported */
} ResState;

typedef struct Model {
    const char *name;
    const char *title;
    const char *version;
    AstModel *ast;
    struct Model *base;
    MNode *nodes;  /* dimensions, domains, practices in model order (DFS) */
    int nnodes;
    int *practices; /* node indices of practices in model order */
    int npractices;
    PtrMap by_id;    /* id/alias/path → node index + 1 (as intptr) */
    PtrMap considers;/* consideration id → Consideration* */
    ResState state;
} Model;

/* Memoized merged layer of a profile: one slot per (node, attribute). */
typedef struct Prov {
    const Setting *s;
    const struct Prov *next;
} Prov;

/* Final overriders of a slot when more than one survive a diamond (they
 * agree, or the profile was reported ambiguous). */
typedef struct FoExtra {
    int slot;
    const Setting **fo;
    int nfo;
    struct FoExtra *next;
} FoExtra;

typedef struct MergedLayer {
    /* The chain of each slot (node*2 + attr): a full array of nnodes * 2, or
     * a *delta*: the slots of `under` (NULL: none) with `delta` changed.
     * Both NULL (and tables NULL): the layer sets nothing.  Read through
     * layer_slot() (cascade.c). */
    const Prov **slots;
    const struct MergedLayer *under;
    const struct SlotDelta *delta;
    uint64_t delta_mask;          /* bit slot % 64 of every slot in delta */
    uint64_t chain_mask;          /* delta_mask of this delta and every one under it */
    const struct Prov *const *base_slots; /* the full array under the deltas (NULL: none) */
    int ndelta;
    int hops;                     /* deltas above the nearest full array */
    const unsigned char *tables;  /* depth [npractices*2], then values; NULL: sets nothing */
    FoExtra *extra;
    const struct Link *requires;  /* ReqLink */
    const struct Link *considers; /* ConsLink */
    /* What the requirements allow, per practice and attribute k (practice
     * k/2, attribute k%2): the highest floor at [k], the lowest ceiling at
     * [npractices*2 + k] (REQ_NO_FLOOR / REQ_NO_CEILING when none); NULL
     * when there are no requirements.  A value within both breaks none. */
    const signed char *bounds;
    bool done;
} MergedLayer;

enum { REQ_NO_FLOOR = -128, REQ_NO_CEILING = 127 };

/* One changed slot of a delta layer: its whole new chain. */
typedef struct SlotDelta {
    int slot;
    const Prov *pv;
} SlotDelta;

/* A link of a layer's requirement chain (r) or consideration chain (c);
 * chains are shared between layers, so the code that builds them is one
 * for both (item). */
typedef struct Link {
    union {
        const Require *r;
        const ProfConsider *c;
        const void *item;
    };
    const struct Link *next;
} Link;
typedef Link ReqLink;
typedef Link ConsLink;

typedef struct Profile {
    const char *name;
    AstProfile *ast;
    Model *model;
    struct Profile **parents;
    int nparents;
    struct Profile **mro; /* C3 linearization, self first (shared storage) */
    int nmro;
    struct MroBuf *mro_buf;
    ResState state;
    int order;            /* index in Program.profiles */
    /* visible block names (own + ancestors'), interned, sorted by first appearance */
    const char **sectors; int nsectors;
    const char **systems; int nsystems;
    const char **nested;  int nnested; /* pairs: nested[2i] sector, nested[2i+1] system */
    MergedLayer body;
    /* merged layers of the blocks named sectors[i], systems[i], nested[i]
     * (cascade.c; NULL until first used) */
    const MergedLayer **memo_sectors, **memo_systems, **memo_nested;
    bool evidence_strict;
    const char *rollup;   /* "min" or "mean" (inherited) */
    bool rollup_set;      /* rollup written by this profile or an ancestor */
    bool settled;         /* it and its ancestors resolved without errors (queries) */
    /* Incremental analysis (reuse.c): a profile validated once is kept by
     * the next analysis of the session when neither its syntax nor any
     * ancestor's nor the models changed; what it reported is kept with it. */
    bool validated;       /* validate.c went through it: findings complete */
    bool reused;          /* kept whole from the analysis before */
    unsigned reuse_mark;  /* reuse.c's walk: the analysis (load_gen) that decided */
    bool reuse_ok;        /*   and what it decided */
    struct Diag **rdiags; /* what resolving its blocks reported (resolve.c) */
    int nrdiags;
    struct Finding *findings; /* what validating its variants found (validate.c) */
} Profile;

typedef struct Assessment {
    const char *name;
    AstAssessment *ast;
    Profile *profile;
    const char *sector, *system;
} Assessment;

/* A test declaration, resolved (resolve.c): its subject's variant. */
typedef struct Test {
    const char *name;
    AstTest *ast;
    Profile *profile;           /* the target's, or the assessment's */
    const char *sector, *system;
    Assessment *assessment;     /* assessment subject, else NULL */
    bool ok;                    /* resolved without errors: can run */
} Test;

typedef struct Program {
    PtrMap globals;  /* qualified name → Decl* */
    PtrMap profile_by_ast; /* AstProfile* → Profile* */
    Vec models;      /* Model* */
    Vec profiles;    /* Profile* in source order */
    Vec assessments; /* Assessment* in source order */
    Vec tests;       /* Test* in source order */
    Vec topo;        /* Profile*, every parent before its children */
    Vec settings;    /* Setting* of every profile, in source order (Setting.ord) */
    Vec model_diags; /* Diag*: what resolve_models reported (reuse.c keeps them) */
    int nrequires, nconsiders; /* Require.ord, ProfConsider.ord run below these */
} Program;

#endif
