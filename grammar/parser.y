/*
 * parser.y — the .smm grammar (bison, pure, LALR(1), %expect 0).
 *
 * Actions only build nodes and record locations (ast.c); no lookups, no
 * semantic checks.  Block bodies are collected as Item lists and sorted into
 * the AST by the builder when the block closes.
 *
 * Recovery: every item list has an `error` alternative, so one bad statement
 * costs one diagnostic and parsing resumes at the next statement.  The token
 * filter in compiler/parse.c closes blocks left open before a top-level
 * keyword or the end of file, and turns `sector NAME {` / `system NAME {`
 * into block tokens (two tokens of lookahead; see language.md §5.1).
 */
%define api.pure full
%define api.prefix {pp_}
%define api.value.type {ParseValue}
%define api.location.type {Loc}
%define parse.error custom
%locations
%param {ParseCtx *ctx}
%expect 0

%code requires {
#include "parse.h"
}

%code provides {
int pp_lex(PP_STYPE *val, Loc *loc, ParseCtx *ctx);
const char *pp_token_name(int token);
}

%code {
#include "lexicon.h"
/* A keyword used as a name: its spelling from keywords.def. */
#define KEYWORD_NAME(k, at) ast_name(ctx, smm_keywords[k].text, smm_keywords[k].len, (at))
#define YYLLOC_DEFAULT(Cur, Rhs, N)                                      \
    do {                                                                 \
        if (N) {                                                         \
            (Cur).file = YYRHSLOC(Rhs, 1).file;                          \
            (Cur).start = YYRHSLOC(Rhs, 1).start;                        \
            (Cur).end = YYRHSLOC(Rhs, N).end;                            \
        } else {                                                         \
            (Cur).file = YYRHSLOC(Rhs, 0).file;                          \
            (Cur).start = (Cur).end = YYRHSLOC(Rhs, 0).end;              \
        }                                                                \
    } while (0)
#define YYMAXDEPTH 10000
static const Name NO_NAME;
/* Only called by bison for "memory exhausted": the parser stack is full. */
static void pp_error(Loc *loc, ParseCtx *ctx, const char *msg)
{
    diag_at(ctx->s, D_TOO_DEEP, *loc, "input too complex for the parser (%s)", msg);
}
/* A complete item after an error means the parser is back in step: report
 * the next error at once instead of waiting for three tokens, so an
 * independent mistake two lines further down is not hidden. */
#define RESYNC(item) do { if (item) yyerrok; } while (0)
/* A '{' where a statement should start is parsed as a block and reported,
 * so the parser's braces stay in step with the source's and the closing
 * '}' does not end the enclosing block early.  (Model bodies cannot do
 * this: there a '{' may open the body of a node declared without one.) */
#define STRAY_BLOCK(at) parse_syntax_error(ctx, (at), "unexpected '{': a block starts with a keyword, " \
                                           "as in 'sector NAME {' or 'system NAME {'")
static const LevelLit NO_LEVEL = {-1, NULL, {0, 0, 0}};
static const ScopeLit NO_SCOPE = {SCOPE_UNSET, {0, 0, 0}};
}

%token <name> NAME "name"
%token <str> STRING "string"
%token <num> INT "number"
%token <date> DATE "date"
%token DOTSTAR "'.*'" GE "'>='" LE "'<='"
%token KW_ALIAS "'alias'" KW_ASSESSMENT "'assessment'" KW_ASSESSOR "'assessor'"
%token KW_BECAUSE "'because'" KW_CONSIDER "'consider'" KW_DATE "'date'"
%token KW_DIMENSION "'dimension'" KW_DOC "'doc'" KW_DOMAIN "'domain'"
%token KW_EVIDENCE "'evidence'" KW_EXTENDS "'extends'" KW_GENERAL "'general'"
%token KW_IMPORT "'import'" KW_INDUSTRY "'industry'" KW_LEVEL "'level'"
%token KW_MET "'met'" KW_MODEL "'model'" KW_NOT_APPLICABLE "'not_applicable'"
%token KW_OWNER "'owner'" KW_PRACTICE "'practice'" KW_PROFILE "'profile'"
%token KW_REQUIRE "'require'" KW_ROLLUP "'rollup'" KW_SCOPE "'scope'"
%token KW_SECTOR "'sector'" KW_SYSTEM "'system'" KW_TAGS "'tags'"
%token KW_TARGET "'target'" KW_UNTIL "'until'" KW_VERSION "'version'" KW_WAIVE "'waive'"
%token SECTOR_BLOCK "'sector' block" SYSTEM_BLOCK "'system' block"
/* tests (language.md §8): `test` and `expect` are keywords; the words of an
 * expectation are keywords only where the token filter (parse.c) sees them
 * after `expect`, so a practice may still be called `status` or `gaps`. */
%token KW_TEST "'test'" KW_EXPECT "'expect'"
%token KW_SET_BY "'set_by'" KW_CONSIDERS "'considers'" KW_STATUS "'status'"
%token KW_GAPS "'gaps'" KW_ERRORS "'errors'" KW_BODY "'body'" KW_DEFAULT "'default'"

%type <name> ident opt_layer status_word
%type <str> strings opt_title
%type <level> level
%type <scope> scope opt_scope
%type <op> req_op cmp_op
%type <because> opt_because
%type <names> ident_list
%type <strs> str_list evidence_list
%type <head> profile_head
%type <sel> target_sel
%type <date> date
%type <items> model_items level_items prof_items assess_items test_items
%type <items> opt_node_body opt_level_body
%type <item> model_item level_item prof_item layer_item assess_item test_item expect_item

%%

file
    : %empty
    | file top
    ;

top
    : KW_IMPORT ident                { ast_add_import(ctx, $2, @$); yyerrok; }
    | model                          { yyerrok; }
    | profile                        { yyerrok; }
    | assessment                     { yyerrok; }
    | test                           { yyerrok; }
    | expect_item                    { ast_stray_expect(ctx, $1); yyerrok; }
    | ';'
    | '{' { STRAY_BLOCK(@1); } prof_items '}'
    | error
    ;

/* Keywords that are unambiguous as names after a keyword, so a sector may
 * be called `target` and a consideration `industry`: exactly the KN_IDENT
 * words of compiler/keywords.def (tests/unit/test_lexicon.c holds this
 * list to the table). */
ident
    : NAME
    | KW_TARGET     { $$ = KEYWORD_NAME(KWI_TARGET, @1); }
    | KW_DATE       { $$ = KEYWORD_NAME(KWI_DATE, @1); }
    | KW_OWNER      { $$ = KEYWORD_NAME(KWI_OWNER, @1); }
    | KW_UNTIL      { $$ = KEYWORD_NAME(KWI_UNTIL, @1); }
    | KW_VERSION    { $$ = KEYWORD_NAME(KWI_VERSION, @1); }
    | KW_ASSESSOR   { $$ = KEYWORD_NAME(KWI_ASSESSOR, @1); }
    | KW_GENERAL    { $$ = KEYWORD_NAME(KWI_GENERAL, @1); }
    | KW_INDUSTRY   { $$ = KEYWORD_NAME(KWI_INDUSTRY, @1); }
    | KW_TEST       { $$ = KEYWORD_NAME(KWI_TEST, @1); }
    | KW_EXPECT     { $$ = KEYWORD_NAME(KWI_EXPECT, @1); }
    ;

strings
    : STRING
    | strings STRING                 { $$ = ast_concat(ctx, $1, $2); }
    ;

opt_title
    : %empty                         { $$ = NULL; }
    | strings
    ;

level
    : INT                            { $$ = ast_level_int(ctx, $1, @1); }
    | NAME                           { $$ = ast_level_word(ctx, $1); }
    ;

scope
    : KW_GENERAL                     { $$ = (ScopeLit){SCOPE_GENERAL, @1}; }
    | KW_INDUSTRY                    { $$ = (ScopeLit){SCOPE_INDUSTRY, @1}; }
    | KW_SECTOR                      { $$ = (ScopeLit){SCOPE_INDUSTRY, @1}; }
    | KW_SYSTEM                      { $$ = (ScopeLit){SCOPE_SYSTEM, @1}; }
    ;

opt_scope
    : %empty                         { $$ = NO_SCOPE; }
    | scope
    ;

opt_because
    : %empty                         { $$.text = NULL; $$.loc = LOC_NONE; }
    | KW_BECAUSE strings             { $$.text = $2; $$.loc = @$; }
    ;

date
    : DATE
    | INT                            { $$ = (DateLit){0, 0, 0, @1};
                                       if ($1 >= 0) /* else malformed, already reported */
                                           parse_syntax_error(ctx, @1, "expected a date YYYY-MM-DD"); }
    ;

ident_list
    : ident                          { $$ = ast_namelist(ctx, $1); }
    | ident_list ',' ident           { NameList *n = ast_namelist(ctx, $3); NameList **t = &$1;
                                       while (*t) t = &(*t)->next; *t = n; $$ = $1; }
    ;

str_list
    : strings                        { $$ = ast_strlist(ctx, $1, @1, NULL); }
    | ident                          { $$ = ast_strlist(ctx, $1.text, @1, NULL); }
    | str_list ',' strings           { StrList **t = &$1; while (*t) t = &(*t)->next;
                                       *t = ast_strlist(ctx, $3, @3, NULL); $$ = $1; }
    | str_list ',' ident             { StrList **t = &$1; while (*t) t = &(*t)->next;
                                       *t = ast_strlist(ctx, $3.text, @3, NULL); $$ = $1; }
    ;

/* ---------------------------------------------------------------- models */

model
    : KW_MODEL ident opt_title '{' model_items '}'
                                     { ast_add_model(ctx, $2, $3, NO_NAME, $5, @1); arena_reset(ctx->items); }
    | KW_MODEL ident opt_title KW_EXTENDS ident '{' model_items '}'
                                     { ast_add_model(ctx, $2, $3, $5, $7, @1); arena_reset(ctx->items); }
    ;

model_items
    : %empty                         { $$ = (ItemList){0}; }
    | model_items model_item         { $$ = ast_items_append($1, $2); RESYNC($2); }
    ;

/* One item list for the model and every node in it: a domain written
 * straight inside the model, or a practice inside a dimension, parses and
 * is reported by the builder (ast.c) with the rule it breaks, so a
 * misplaced node costs one diagnostic instead of a cascade of braces. */
model_item
    : KW_VERSION strings             { $$ = ast_item(ctx, IT_VERSION, @$, NULL); $$->str = $2; }
    | KW_DOC strings                 { $$ = ast_item(ctx, IT_DOC, @$, NULL); $$->str = $2; }
    | KW_ALIAS ident ident           { $$ = ast_item(ctx, IT_ALIAS, @$, ast_new_alias(ctx, $2, $3, @$)); }
    | KW_DIMENSION ident opt_title opt_node_body
                                     { $$ = ast_item(ctx, IT_MNODE, @$,
                                            ast_new_mnode(ctx, MN_DIMENSION, $2, $3, $4, loc_join(@1, @2))); }
    | KW_DOMAIN ident opt_title opt_node_body
                                     { $$ = ast_item(ctx, IT_MNODE, @$,
                                            ast_new_mnode(ctx, MN_DOMAIN, $2, $3, $4, loc_join(@1, @2))); }
    | KW_PRACTICE ident opt_title opt_node_body
                                     { $$ = ast_item(ctx, IT_MNODE, @$,
                                            ast_new_mnode(ctx, MN_PRACTICE, $2, $3, $4, loc_join(@1, @2))); }
    | KW_LEVEL level opt_title opt_level_body
                                     { $$ = ast_item(ctx, IT_LEVEL, @$,
                                            ast_new_level(ctx, $2, $3, $4, loc_join(@1, @2))); }
    | ';'                            { $$ = NULL; }
    | error                          { $$ = NULL; }
    ;

opt_node_body
    : %empty                         { $$ = (ItemList){0}; }
    | '{' model_items '}'            { $$ = $2; }
    ;

opt_level_body
    : %empty                         { $$ = (ItemList){0}; }
    | '{' level_items '}'            { $$ = $2; }
    ;

level_items
    : %empty                         { $$ = (ItemList){0}; }
    | level_items level_item         { $$ = ast_items_append($1, $2); RESYNC($2); }
    ;

level_item
    : KW_CONSIDER ident strings      { $$ = ast_item(ctx, IT_CONSIDER_DEF, @$,
                                            ast_new_consider_def(ctx, $2, $3, @$)); }
    | '{' { STRAY_BLOCK(@1); } level_items '}'
                                     { $$ = NULL; }
    | ';'                            { $$ = NULL; }
    | error                          { $$ = NULL; }
    ;

/* ---------------------------------------------------------------- profiles */

profile
    : KW_PROFILE ident opt_title profile_head '{' prof_items '}'
                                     { ast_add_profile(ctx, $2, $3, $4, $6, @1); arena_reset(ctx->items); }
    ;

profile_head
    : %empty                         { $$ = (ProfileHead){0}; }
    | profile_head KW_MODEL ident    { $$ = $1;
                                       if ($$.model.text)
                                           parse_syntax_error(ctx, @2, "profile names its model twice");
                                       $$.model = $3; $$.model_loc = @3; }
    | profile_head KW_EXTENDS ident_list
                                     { $$ = $1;
                                       if ($$.parents)
                                           parse_syntax_error(ctx, @2, "profile has two 'extends' clauses; list all parents in one, separated by ','");
                                       else
                                           $$.parents = $3; }
    ;

prof_items
    : %empty                         { $$ = (ItemList){0}; }
    | prof_items prof_item           { $$ = ast_items_append($1, $2); RESYNC($2); }
    ;

/* One item list for the profile body and its sector and system blocks;
 * the builder (ast.c) reports what a block may not hold (metadata in a
 * block, a sector inside a system) with the rule it breaks. */
prof_item
    : layer_item
    | KW_DOC strings                 { $$ = ast_item(ctx, IT_DOC, @$, NULL); $$->str = $2; }
    | KW_TAGS str_list               { $$ = ast_item(ctx, IT_TAGS, @$, NULL); $$->strs = $2; }
    | KW_ROLLUP ident                { $$ = ast_item(ctx, IT_ROLLUP, @$, NULL); $$->name = $2; }
    | KW_EVIDENCE ident              { $$ = ast_item(ctx, IT_EVIDENCE_MODE, @$, NULL); $$->name = $2; }
    | expect_item                    /* reported by the builder: not in a test */
    | SECTOR_BLOCK ident '{' prof_items '}'
                                     { $$ = ast_item(ctx, IT_BLOCK, @$,
                                            ast_new_block(ctx, LAYER_SECTOR, $2, $4, loc_join(@1, @2))); }
    | SYSTEM_BLOCK ident '{' prof_items '}'
                                     { $$ = ast_item(ctx, IT_BLOCK, @$,
                                            ast_new_block(ctx, LAYER_SYSTEM, $2, $4, loc_join(@1, @2))); }
    | '{' { STRAY_BLOCK(@1); } prof_items '}'
                                     { $$ = NULL; }
    | ';'                            { $$ = NULL; }
    | error                          { $$ = NULL; }
    ;

layer_item
    : NAME '=' level opt_scope opt_because
                                     { $$ = ast_item(ctx, IT_SETTING, @$,
                                            ast_new_setting(ctx, $1, false, $3, $4, $5.text, @$)); }
    | NAME KW_SCOPE scope opt_because
                                     { $$ = ast_item(ctx, IT_SETTING, @$,
                                            ast_new_setting(ctx, $1, false, NO_LEVEL, $3, $4.text, @$)); }
    | NAME DOTSTAR '=' level opt_scope opt_because
                                     { $$ = ast_item(ctx, IT_SETTING, @$,
                                            ast_new_setting(ctx, $1, true, $4, $5, $6.text, @$)); }
    | NAME DOTSTAR KW_SCOPE scope opt_because
                                     { $$ = ast_item(ctx, IT_SETTING, @$,
                                            ast_new_setting(ctx, $1, true, NO_LEVEL, $4, $5.text, @$)); }
    | KW_REQUIRE NAME req_op level opt_scope opt_because
                                     { $$ = ast_item(ctx, IT_REQUIRE, @$,
                                            ast_new_require(ctx, $2, $3, $4, $5, $6.text, @$)); }
    | KW_REQUIRE NAME req_op scope opt_because
                                     { $$ = ast_item(ctx, IT_REQUIRE, @$,
                                            ast_new_require(ctx, $2, $3, NO_LEVEL, $4, $5.text, @$)); }
    | KW_CONSIDER NAME KW_LEVEL level ident strings
                                     { $$ = ast_item(ctx, IT_CONSIDER, @$,
                                            ast_new_prof_consider(ctx, $2, $4, $5, $6, @$)); }
    ;

req_op
    : GE                             { $$ = REQ_GE; }
    | LE                             { $$ = REQ_LE; }
    ;

/* ---------------------------------------------------------------- assessments */

assessment
    : KW_ASSESSMENT ident opt_title '{' assess_items '}'
                                     { ast_add_assessment(ctx, $2, $3, $5, @1); arena_reset(ctx->items); }
    ;

assess_items
    : %empty                         { $$ = (ItemList){0}; }
    | assess_items assess_item       { $$ = ast_items_append($1, $2); RESYNC($2); }
    ;

assess_item
    : KW_TARGET ident target_sel     { $$ = ast_item(ctx, IT_TARGET, @$, NULL);
                                       $$->name = $2; $$->name2 = $3.sector; $$->name3 = $3.system; }
    | KW_DATE date                   { $$ = ast_item(ctx, IT_DATE, @$, NULL); $$->date = $2; }
    | KW_ASSESSOR strings            { $$ = ast_item(ctx, IT_ASSESSOR, @$, NULL); $$->str = $2; }
    | KW_DOC strings                 { $$ = ast_item(ctx, IT_DOC, @$, NULL); $$->str = $2; }
    | NAME '=' level opt_scope evidence_list
                                     { AEntry *e = ast_new_entry(ctx, AE_LEVEL, $1, @$);
                                       e->comp = $3; e->scope = $4; e->evidence = $5;
                                       $$ = ast_item(ctx, IT_ENTRY, @$, e); }
    | NAME KW_NOT_APPLICABLE KW_BECAUSE strings
                                     { AEntry *e = ast_new_entry(ctx, AE_NOT_APPLICABLE, $1, @$);
                                       e->because = $4;
                                       $$ = ast_item(ctx, IT_ENTRY, @$, e); }
    | NAME KW_NOT_APPLICABLE         { parse_fix_insert(ctx, parse_syntax_error(ctx, @2, "'not_applicable' needs a reason: "
                                                          "%s not_applicable because \"...\"", $1.text),
                                                        @2, " because \"...\"");
                                       $$ = NULL; }
    | KW_MET ident evidence_list     { AEntry *e = ast_new_entry(ctx, AE_MET, $2, @$);
                                       e->evidence = $3;
                                       $$ = ast_item(ctx, IT_ENTRY, @$, e); }
    | KW_WAIVE NAME KW_BECAUSE strings KW_UNTIL date
                                     { AEntry *e = ast_new_entry(ctx, AE_WAIVE, $2, @$);
                                       e->because = $4; e->until = $6;
                                       $$ = ast_item(ctx, IT_ENTRY, @$, e); }
    | KW_WAIVE NAME KW_BECAUSE strings
                                     { parse_fix_insert(ctx, parse_syntax_error(ctx, @4, "a waiver needs an expiry: "
                                                          "waive %s because \"...\" until YYYY-MM-DD", $2.text),
                                                        @4, ast_date_from_today(ctx, 90));
                                       $$ = NULL; }
    | KW_WAIVE NAME KW_BECAUSE strings KW_UNTIL date KW_OWNER strings
                                     { AEntry *e = ast_new_entry(ctx, AE_WAIVE, $2, @$);
                                       e->because = $4; e->until = $6; e->owner = $8;
                                       $$ = ast_item(ctx, IT_ENTRY, @$, e); }
    | expect_item                    /* reported by the builder: not in a test */
    | '{' { STRAY_BLOCK(@1); } assess_items '}'
                                     { $$ = NULL; }
    | ';'                            { $$ = NULL; }
    | error                          { $$ = NULL; }
    ;

target_sel
    : %empty                         { $$ = (TargetSel){NO_NAME, NO_NAME}; }
    | KW_SECTOR ident                { $$ = (TargetSel){$2, NO_NAME}; }
    | KW_SYSTEM ident                { $$ = (TargetSel){NO_NAME, $2}; }
    | KW_SECTOR ident KW_SYSTEM ident
                                     { $$ = (TargetSel){$2, $4}; }
    ;

evidence_list
    : %empty                         { $$ = NULL; }
    | evidence_list KW_EVIDENCE strings
                                     { StrList **t = &$1; while (*t) t = &(*t)->next;
                                       *t = ast_strlist(ctx, $3, @3, NULL); $$ = $1; }
    ;

/* ---------------------------------------------------------------- tests */

test
    : KW_TEST ident opt_title '{' test_items '}'
                                     { ast_add_test(ctx, $2, $3, $5, @1); arena_reset(ctx->items); }
    ;

test_items
    : %empty                         { $$ = (ItemList){0}; }
    | test_items test_item           { $$ = ast_items_append($1, $2); RESYNC($2); }
    ;

/* The subject (`target ...` or `assessment NAME`) and the expectations, in
 * any order; the builder (ast.c) checks there is exactly one subject. */
test_item
    : KW_TARGET ident target_sel     { $$ = ast_item(ctx, IT_TARGET, @$, NULL);
                                       $$->name = $2; $$->name2 = $3.sector; $$->name3 = $3.system; }
    | KW_ASSESSMENT ident            { $$ = ast_item(ctx, IT_SUBJECT, @$, NULL); $$->name = $2; }
    | expect_item
    | '{' { STRAY_BLOCK(@1); } test_items '}'
                                     { $$ = NULL; }
    | ';'                            { $$ = NULL; }
    | error                          { $$ = NULL; }
    ;

expect_item
    : KW_EXPECT NAME cmp_op level opt_scope
                                     { $$ = ast_expect(ctx, EX_VALUE, $2, @$);
                                       ast_expect_value(ctx, $$, $3, $4, $5); }
    | KW_EXPECT NAME KW_SET_BY ident opt_layer
                                     { $$ = ast_expect(ctx, EX_SET_BY, $2, @$);
                                       ast_expect_names(ctx, $$, $4, $5); }
    | KW_EXPECT NAME KW_CONSIDERS ident
                                     { $$ = ast_expect(ctx, EX_CONSIDERS, $2, @$);
                                       ast_expect_names(ctx, $$, $4, NO_NAME); }
    | KW_EXPECT NAME KW_STATUS status_word
                                     { $$ = ast_expect(ctx, EX_STATUS, $2, @$);
                                       ast_expect_names(ctx, $$, $4, NO_NAME); }
    | KW_EXPECT KW_GAPS cmp_op INT   { $$ = ast_expect(ctx, EX_GAPS, NO_NAME, @$);
                                       ast_expect_count(ctx, $$, $3, $4, @4); }
    | KW_EXPECT KW_ERRORS cmp_op INT { $$ = ast_expect(ctx, EX_ERRORS, NO_NAME, @$);
                                       ast_expect_count(ctx, $$, $3, $4, @4); }
    ;

cmp_op
    : '='                            { $$ = EXPECT_EQ; }
    | GE                             { $$ = REQ_GE; }
    | LE                             { $$ = REQ_LE; }
    ;

/* `body` and `default` are keywords only after `set_by PROFILE` (parse.c). */
opt_layer
    : %empty                         { $$ = NO_NAME; }
    | KW_BODY                        { $$ = KEYWORD_NAME(KWI_BODY, @1); }
    | KW_DEFAULT                     { $$ = KEYWORD_NAME(KWI_DEFAULT, @1); }
    | KW_SECTOR                      { $$ = KEYWORD_NAME(KWI_SECTOR, @1); }
    | KW_SYSTEM                      { $$ = KEYWORD_NAME(KWI_SYSTEM, @1); }
    ;

/* A status as `check --format json` spells it; `met` is a keyword. */
status_word
    : ident
    | KW_MET                         { $$ = KEYWORD_NAME(KWI_MET, @1); }
    ;

%%

/* "unexpected X, expected A, B or C" through the diagnostics engine.  A
 * name or number is quoted; where only a level can follow, say so. */
static int yyreport_syntax_error(const yypcontext_t *pc, ParseCtx *ctx)
{
    enum { MAX_EXPECTED = 8, MAX_LISTED = 5 };
    yysymbol_kind_t expected[MAX_EXPECTED];
    int n = yypcontext_expected_tokens(pc, expected, MAX_EXPECTED);
    yysymbol_kind_t got = yypcontext_token(pc);
    const Loc *at = yypcontext_location(pc);
    Buf b = {0};
    if (got == YYSYMBOL_YYEOF)
        buf_puts(&b, "unexpected end of file");
    else
        buf_printf(&b, "unexpected %s", yysymbol_name(got));
    if ((got == YYSYMBOL_NAME || got == YYSYMBOL_INT) && at->end > at->start) {
        uint32_t len = at->end - at->start;
        buf_printf(&b, " '%.*s%s'", (int)(len > 40 ? 40 : len), ctx->src->text + at->start,
                   len > 40 ? "..." : "");
    }
    bool after_name = false; /* the statement so far is one name */
    for (int i = 0; i < n; i++)
        after_name |= expected[i] == YYSYMBOL_DOTSTAR || expected[i] == YYSYMBOL_KW_NOT_APPLICABLE;
    int levels = 0, scopes = 0;
    for (int i = 0; i < n; i++) {
        levels += expected[i] == YYSYMBOL_NAME || expected[i] == YYSYMBOL_INT;
        scopes += expected[i] == YYSYMBOL_KW_GENERAL || expected[i] == YYSYMBOL_KW_INDUSTRY ||
                  expected[i] == YYSYMBOL_KW_SECTOR || expected[i] == YYSYMBOL_KW_SYSTEM;
    }
    bool expectation = false; /* after `expect PATH` */
    for (int i = 0; i < n; i++)
        expectation |= expected[i] == YYSYMBOL_KW_SET_BY;
    if (expectation) {
        buf_puts(&b, ", expected an expectation: '=', '>=' or '<=' a level, 'set_by' PROFILE, "
                     "'considers' ID or 'status' STATUS");
    } else if (levels == 2 && n == 2) {
        buf_puts(&b, ", expected a level: 0..4 or none, minimum, ad_hoc, consistent, formalized");
    } else if (levels == 2 && scopes == 4 && n == 6) {
        buf_puts(&b, ", expected a level (0..4 or a level word) or a scope (general, industry, system)");
    } else if (after_name && got == YYTRANSLATE('{')) {
        buf_puts(&b, " after a name: a block is written 'sector NAME {' or 'system NAME {'");
    } else if (n > 0 && n <= MAX_LISTED) {
        buf_puts(&b, ", expected ");
        for (int i = 0; i < n; i++) {
            if (i)
                buf_puts(&b, i == n - 1 ? " or " : ", ");
            buf_puts(&b, yysymbol_name(expected[i]));
        }
    }
    parse_syntax_error(ctx, *at, "%s", buf_cstr(&b));
    buf_free(&b);
    return 0;
}

const char *pp_token_name(int token)
{
    return yysymbol_name(YYTRANSLATE(token));
}
