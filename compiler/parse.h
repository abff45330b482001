/*
 * parse.h — what the scanner (grammar/lexer.l), the parser (grammar/parser.y),
 * the token filter (parse.c) and the node builders (ast.c) share.
 *
 * Pipeline of one file:  bytes → sc_lex (flex) → filter (parse.c: keyword
 * blocks, brace tracking, recovery) → pp_parse (bison) → Item lists →
 * ast_new_model/profile/assessment (ast.c) → Unit.
 */
#ifndef SMMC_PARSE_H
#define SMMC_PARSE_H

#include "smmc.h"

/* Items: what the grammar's list rules collect; the builders in ast.c sort
 * them into the AST once a whole block has been read, so grammar actions
 * only construct and append. */
typedef enum {
    IT_VERSION, IT_DOC, IT_TAGS, IT_ROLLUP, IT_EVIDENCE_MODE, IT_ALIAS,
    IT_MNODE, IT_LEVEL, IT_CONSIDER_DEF,
    IT_SETTING, IT_REQUIRE, IT_CONSIDER, IT_BLOCK,
    IT_TARGET, IT_DATE, IT_ASSESSOR, IT_ENTRY,
    IT_SUBJECT, IT_EXPECT, /* tests: `assessment NAME`, `expect ...` */
} ItemKind;

typedef struct Item {
    ItemKind kind;
    Loc loc;
    void *node;         /* AstMNode, AstLevel, AstConsider, Setting, Require,
                           ProfConsider, Block, AEntry, AstAlias, Expect */
    const char *str;    /* VERSION, DOC, ASSESSOR */
    Name name;          /* ROLLUP, EVIDENCE_MODE; TARGET profile; SUBJECT assessment */
    Name name2, name3;  /* TARGET sector, system */
    StrList *strs;      /* TAGS */
    DateLit date;       /* DATE */
    struct Item *next;
} Item;

typedef struct {
    Item *head, *tail;
} ItemList;

typedef struct {
    Name model;
    NameList *parents, **tail;
    Loc model_loc;
} ProfileHead;

typedef struct {
    Name sector, system;
} TargetSel;

/* Semantic values of tokens and nonterminals. */
typedef union {
    Name name;
    const char *str;
    long num;
    LevelLit level;
    ScopeLit scope;
    DateLit date;
    int op;
    ItemList items;
    Item *item;
    NameList *names;
    StrList *strs;
    ProfileHead head;
    TargetSel sel;
    struct {
        const char *text;
        Loc loc;
    } because;
} ParseValue;

typedef struct Token {
    int kind;
    ParseValue val;
    Loc loc;
} Token;

enum { MAX_NESTING = 32, LOOK_MAX = 4 };

struct ParseCtx {
    Session *s;
    SourceFile *src;
    Unit *unit;
    Arena *items;        /* the grammar's Items: emptied after each declaration */
    void *scanner;       /* yyscan_t */
    uint32_t offset;     /* scanner position, bytes */
    /* token filter */
    Token look[LOOK_MAX]; /* a ring: nlook tokens from look_head */
    int look_head, nlook;
    int depth, excess;   /* brace depth; '{' dropped beyond MAX_NESTING */
    Loc braces[MAX_NESTING];
    uint32_t brace_indent[MAX_NESTING]; /* indentation of each open brace's line */
    Loc suspect_open, suspect_close; /* a '{' closed by a '}' indented as an outer one's */
    int head_kind;       /* a block head waiting for its '{' (see missing_open) */
    Loc head_loc, prev_loc;
    uint32_t inject_open_at; /* after the token ending here, feed a '{' (+1; 0: none) */
    bool inject_open;        /* feed that '{' now */
    bool eof;
    uint32_t last_error_line;
    int syntax_errors;
    /* scanner scratch */
    Buf str;             /* string literal being read */
    Loc str_start;
    bool str_bad;
    bool str_triple;
    /* tests: the block open at depth 1 is a test's (`assessment NAME` is its
     * subject there, not a new declaration); set by the '{' after `test` */
    bool test_header, in_test;
};

/* scanner (lexer.l) */
int smm_scan_init(ParseCtx *ctx, char *text, size_t len); /* text[len], text[len + 1]: NUL */
void smm_scan_destroy(ParseCtx *ctx);
int smm_scan(ParseValue *val, Loc *loc, ParseCtx *ctx); /* one raw token */
/* Line and column of an offset while scanning (flex holds a byte of the
 * text in place; this looks at the text as it is). */
LineCol smm_scan_linecol(ParseCtx *ctx, uint32_t offset);

/* parse.c */
Unit *parse_source(Session *s, SourceFile *src);
/* Report a syntax error (one per line); the diagnostic, for a fix-it, or
 * NULL when it was left out. */
Diag *parse_syntax_error(ParseCtx *ctx, Loc loc, const char *fmt, ...) SMM_PRINTF(3, 4);
/* " until YYYY-MM-DD", days after --today (else the system date): the
 * expiry a fix-it proposes for a waiver written without one (ast.c). */
const char *ast_date_from_today(ParseCtx *ctx, int days);
/* A fix-it for the syntax error d: insert text at the end of loc. */
void parse_fix_insert(ParseCtx *ctx, Diag *d, Loc loc, const char *text);

/* ast.c — builders called by grammar actions and the scanner */
Name ast_name(ParseCtx *ctx, const char *text, size_t len, Loc loc);
const char *ast_string(ParseCtx *ctx, const char *text, size_t len);
const char *ast_concat(ParseCtx *ctx, const char *a, const char *b);
LevelLit ast_level_int(ParseCtx *ctx, long v, Loc loc);
LevelLit ast_level_word(ParseCtx *ctx, Name word);
DateLit ast_date(ParseCtx *ctx, const char *text, Loc loc);
Item *ast_item(ParseCtx *ctx, ItemKind kind, Loc loc, void *node);
ItemList ast_items_append(ItemList l, Item *it);
StrList *ast_strlist(ParseCtx *ctx, const char *text, Loc loc, StrList *next);
NameList *ast_namelist(ParseCtx *ctx, Name n);

AstMNode *ast_new_mnode(ParseCtx *ctx, MNodeKind kind, Name id, const char *title, ItemList body, Loc loc);
AstLevel *ast_new_level(ParseCtx *ctx, LevelLit level, const char *objective, ItemList body, Loc loc);
AstConsider *ast_new_consider_def(ParseCtx *ctx, Name id, const char *text, Loc loc);
AstAlias *ast_new_alias(ParseCtx *ctx, Name target, Name alias, Loc loc);
void ast_add_model(ParseCtx *ctx, Name name, const char *title, Name base, ItemList body, Loc loc);

Setting *ast_new_setting(ParseCtx *ctx, Name path, bool forced, LevelLit comp, ScopeLit scope,
                         const char *because, Loc loc);
Require *ast_new_require(ParseCtx *ctx, Name path, int op, LevelLit comp, ScopeLit scope,
                         const char *because, Loc loc);
ProfConsider *ast_new_prof_consider(ParseCtx *ctx, Name path, LevelLit level, Name id,
                                    const char *text, Loc loc);
Block *ast_new_block(ParseCtx *ctx, LayerKind kind, Name name, ItemList body, Loc loc);
void ast_add_profile(ParseCtx *ctx, Name name, const char *title, ProfileHead head,
                     ItemList body, Loc loc);

AEntry *ast_new_entry(ParseCtx *ctx, AEntryKind kind, Name path, Loc loc);
void ast_add_assessment(ParseCtx *ctx, Name name, const char *title, ItemList body, Loc loc);
void ast_add_import(ParseCtx *ctx, Name name, Loc loc);

Item *ast_expect(ParseCtx *ctx, ExpectKind kind, Name path, Loc loc);
void ast_expect_value(ParseCtx *ctx, Item *it, int op, LevelLit comp, ScopeLit scope);
void ast_expect_names(ParseCtx *ctx, Item *it, Name a, Name b);
void ast_expect_count(ParseCtx *ctx, Item *it, int op, long n, Loc loc);
void ast_stray_expect(ParseCtx *ctx, Item *it);
void ast_add_test(ParseCtx *ctx, Name name, const char *title, ItemList body, Loc loc);

#endif
