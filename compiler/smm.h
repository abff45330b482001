/*
 * smm.h — the public API of libsmm, the smmc compiler as a library.
 *
 * The one header the CLI (compiler/main.c, cli*.c), the fuzz targets, the
 * language server (lsp*.c) and any other front end include.  A session
 * owns everything it allocates; smm_free() releases it all at once.  No
 * globals: several sessions may live in one process, one thread each.
 *
 * The library never ends the process.  An internal failure (out of memory,
 * a scanner failure, libxml2 missing) inside a call on a session makes
 * that call return an error, marks the session (smm_internal_error) and
 * makes every later call on it a no-op; the session can still be freed.
 * (Worker threads, opt.jobs != 1, cannot unwind to the caller: an
 * out-of-memory there aborts.  A long-lived host uses jobs = 1.)
 *
 * Typical use — the pipeline in a dozen lines:
 *
 *     smm_options opt = {.buffer_diagnostics = true};
 *     smm_session *s = smm_new(&opt);
 *     smm_add_file(s, "profiles/medical.smm");           // parse + imports
 *     if (smm_analyze(s) == 0) {                         // resolve, cascade, validate
 *         smm_emit_ir(s, stdout, SMM_EMIT_JSON, SMM_PROV_FULL, NULL);
 *         smm_check_run *run = smm_check(s, NULL);       // gap analysis
 *         smm_check_write(s, run, SMM_FORMAT_TEXT, stdout);
 *         smm_check_free(run);
 *     }
 *     smm_each_diagnostic(s, print_one, NULL);          // diagnostics as data
 *     int rc = smm_exit_status(s);
 *     smm_free(s);
 */
#ifndef SMM_H
#define SMM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SMM_VERSION "0.1.0"
#define SMM_IR_VERSION 2

/* Exit statuses (tool.md §2). */
enum { SMM_EXIT_OK = 0, SMM_EXIT_ERRORS = 1, SMM_EXIT_USAGE = 2, SMM_EXIT_INTERNAL = 70 };

typedef enum { SMM_COLOR_AUTO, SMM_COLOR_ALWAYS, SMM_COLOR_NEVER } smm_color;
/* OSCAL_CATALOG: the model as an OSCAL 1.2.1 catalog; OSCAL_PROFILE: the
 * selected target as an OSCAL profile (needs a profile); docs/oscal.md. */
typedef enum {
    SMM_EMIT_XML,
    SMM_EMIT_JSON,
    SMM_EMIT_NONE,
    SMM_EMIT_OSCAL_CATALOG,
    SMM_EMIT_OSCAL_PROFILE
} smm_emit;
typedef enum { SMM_PROV_FULL, SMM_PROV_WINNER } smm_provenance;
typedef enum {
    SMM_FORMAT_TEXT,
    SMM_FORMAT_JSON,
    SMM_FORMAT_SARIF,
    SMM_FORMAT_JUNIT,
    SMM_FORMAT_GITHUB,
    SMM_FORMAT_CSV,
    SMM_FORMAT_OSCAL /* assessment results, OSCAL 1.2.1 (docs/oscal.md) */
} smm_format;

typedef struct smm_options {
    const char **include_dirs; /* -I, in order */
    size_t ninclude;
    const char *stdlib_dir;    /* --stdlib; NULL = $SMM_STDLIB, else compiled-in */
    int max_errors;            /* -fmax-errors; 0 = unlimited (CLI default 50) */
    smm_color color;
    const char *today;         /* --today YYYY-MM-DD; NULL = system date */
    bool evidence;             /* --evidence */
    bool quiet;                /* -q */
    FILE *diag_stream;         /* text diagnostics; NULL = stderr */
    bool buffer_diagnostics;   /* collect only (for --format json/sarif/…, editors) */
    int jobs;                  /* threads for parsing and validation; 0 = one per
                                  CPU (at most SMM_MAX_JOBS), 1 = no threads.
                                  The output does not depend on it. */
    bool keep_going;           /* editors: analyze what parsed despite syntax
                                  errors, and resolve the profiles whose
                                  ancestry resolved despite others' errors
                                  (queries then answer on those) */
} smm_options;

#define SMM_MAX_JOBS 8

/* A selection of variants: NULL fields mean "all" (default variant set). */
typedef struct smm_selection {
    const char *profile;
    const char *sector;
    const char *system;
} smm_selection;

typedef struct Session smm_session;

/* ================================================================ sessions */

/* A new session; NULL only when out of memory. */
smm_session *smm_new(const smm_options *opt);
void smm_free(smm_session *s);

/* Apply a -W option spelled as on the command line ("gap", "no-gap",
 * "error", "error=gap").  Returns false for an unknown name. */
bool smm_warning_option(smm_session *s, const char *spec);

/* The stdlib directory in force (the option, $SMM_STDLIB or compiled-in). */
const char *smm_stdlib_dir(const smm_session *s);

/* The message of the internal error that stopped the session, or NULL. */
const char *smm_internal_error(const smm_session *s);

/* ================================================================ inputs */

/* Parse a root file and, transitively, its imports.  Returns 0, or -1 when
 * the file itself cannot be read (an I/O error: exit 2) or on an internal
 * error. */
int smm_add_file(smm_session *s, const char *path);
/* Parse a root unit from memory, shown as name (fuzzing, tests, editors). */
int smm_add_buffer(smm_session *s, const char *name, const char *data, size_t len);
/* Parse a root unit read from f to its end (standard input), shown as
 * name.  Returns 0, or -1 when f cannot be read (an I/O error: exit 2). */
int smm_add_stream(smm_session *s, const char *name, FILE *f);
/* An editor's unsaved text for the file at path: whenever the session
 * loads that file (as a root or through an import), it reads text instead
 * of the disk.  Call before the smm_add_* that reach it.  The text is
 * copied.  The file need not exist on disk. */
int smm_set_overlay(smm_session *s, const char *path, const char *text, size_t len);

/* Make the session ready for another analysis of changed inputs (an
 * editor's): forget the roots, the overlays and the diagnostics, but keep
 * the parse of every file reached through smm_add_file (a root or an
 * import) and what smm_analyze built that may still stand.  The caller
 * then sets the overlays and adds the roots again and calls smm_analyze:
 * a file whose text is unchanged (the same overlay text, or the same size
 * and modification time on disk) is not parsed again (its syntax tree and
 * its parse diagnostics are reused); the models are kept when no model
 * declaration changed, and so is every profile that was resolved and
 * validated, when neither its own syntax nor any ancestor's changed —
 * only the edited files' profiles and their descendants are resolved and
 * validated again.  The diagnostics and every result are those a new
 * session would give (smm_get_stats says what was kept).  Returns 0, -1
 * when the session was stopped by an internal error (make a new one).
 * What is built again stays in memory until the session's memory has
 * doubled, when an analysis starts afresh; the old parses of files parsed
 * again stay until smm_free: an editor starts a new session from time to
 * time (smm_get_stats). */
int smm_reset(smm_session *s);
/* Of the files the last loading reached: how many were parsed and how
 * many parses were kept from an earlier analysis (smm_reset). */
void smm_load_stats(const smm_session *s, int *parsed, int *reused);
/* What the last analysis did and what it kept from the analysis before it
 * (smm_reset): the files parsed and the parses kept; the profiles in the
 * program and those kept whole (resolved and validated before, with
 * nothing they depend on changed); the models and those kept. */
typedef struct smm_stats {
    int parsed, reused_parses;
    int profiles, reused_profiles;
    int models, reused_models;
} smm_stats;
void smm_get_stats(const smm_session *s, smm_stats *out);

/* ================================================================ analysis */

/* Resolve names, linearize, cascade, validate.  Returns the error count
 * (at least 1 after an internal error). */
int smm_analyze(smm_session *s);

/* Write the IR of the selected variants.  Returns 0, 1 on a selection error
 * (reported as a diagnostic), -1 on a write or internal error.  The OSCAL
 * emits write one document (the catalog of the selected profile's model,
 * else of the only model; the profile of the selected variant) and return
 * 2 when the selection does not name one (the message says what to give). */
int smm_emit_ir(smm_session *s, FILE *out, smm_emit fmt, smm_provenance prov,
                const smm_selection *sel);

/* OSCAL 1.2.1 JSON (docs/oscal.md); the catalog and the profile are
 * smm_emit_ir's SMM_EMIT_OSCAL_CATALOG and SMM_EMIT_OSCAL_PROFILE.
 * smm_check_oscal evaluates every assessment (or the one named `only`) as
 * `smmc check` does, reporting the findings as diagnostics, and writes the
 * assessment results; smm_report_oscal_poam writes the roadmap of the
 * assessment `name` (NULL: the latest of the only history) as a plan of
 * action and milestones.  Both after smm_analyze() returned 0; they return
 * 0, 1 when there is no such assessment (nothing written), -1 on a write
 * error. */
int smm_check_oscal(smm_session *s, FILE *out, const char *only);
int smm_report_oscal_poam(smm_session *s, FILE *out, const char *name);

/* Print the diagnostic still open for notes (text mode). */
/* The files loaded, in load order (0 = the first root). */
size_t smm_unit_count(const smm_session *s);
const char *smm_unit_path(const smm_session *s, size_t unit);
/* The IR of the default variants of the profiles declared in one unit. */
int smm_emit_ir_unit(smm_session *s, FILE *out, smm_emit fmt, smm_provenance prov, size_t unit);

typedef enum { SMM_DECL_MODEL, SMM_DECL_PROFILE, SMM_DECL_ASSESSMENT, SMM_DECL_TEST } smm_decl_kind;
/* Call fn for each top-level declaration of a unit, in source order. */
void smm_unit_declarations(const smm_session *s, size_t unit,
                           void (*fn)(void *ctx, smm_decl_kind kind, const char *name), void *ctx);

/* ================================================================ diagnostics */

typedef enum { SMM_SEV_IGNORED, SMM_SEV_NOTE, SMM_SEV_REMARK, SMM_SEV_WARNING, SMM_SEV_ERROR } smm_severity;

/* A source span: byte offsets [start, end) into the file's text (after a
 * removed byte-order mark), and the same as 1-based line and column (in
 * code points).  file is NULL for a diagnostic without a location. */
typedef struct smm_span {
    const char *file;
    uint32_t start, end;
    unsigned line, column, end_line, end_column;
} smm_span;

typedef struct smm_note {
    smm_span span;
    const char *message;
} smm_note;

/* A fix: replace the text of span with replacement. */
typedef struct smm_fixit {
    smm_span span;
    const char *replacement;
} smm_fixit;

typedef struct smm_diagnostic {
    const char *code;       /* "E0101" */
    const char *name;       /* "syntax-error" */
    smm_severity severity;  /* after -W policy */
    smm_span span;
    const char *message;
    const smm_note *notes;
    size_t nnotes;
    const smm_fixit *fixits;
    size_t nfixits;
    bool gate;              /* a gap-analysis finding (smm_check) */
    bool baselined;         /* matched by a baseline: does not count */
    const char *assessment; /* check context, or NULL */
    const char *practice;
    const char *key;        /* tells apart findings of one kind on one practice
                             * (unmet-consideration: the consideration id), or NULL */
} smm_diagnostic;

/* Call fn for every diagnostic of the session so far, in order; fn returns
 * nonzero to stop.  The pointers live until fn returns.  Returns the number
 * of diagnostics visited. */
size_t smm_each_diagnostic(smm_session *s, int (*fn)(void *ctx, const smm_diagnostic *d), void *ctx);

/* Print the diagnostic still open for notes (streamed text mode). */
void smm_flush_diagnostics(smm_session *s);
/* Print the buffered diagnostics GCC-style to out, leaving out baselined
 * findings and, unless SMM_PRINT_GATE, the gap-analysis ones; then the
 * -fmax-errors notice and an internal error, if any. */
enum { SMM_PRINT_GATE = 1 };
void smm_print_diagnostics(smm_session *s, FILE *out, unsigned flags);

/* Number of error-severity diagnostics so far (after policy, baselined ones
 * excluded), and of those that are not gap-analysis findings. */
int smm_error_count(const smm_session *s);
int smm_input_error_count(const smm_session *s);
/* Whether an input could not be read (exit 2). */
bool smm_io_failed(const smm_session *s);
/* 70 after an internal error, 2 after an I/O error, 1 with errors, else 0. */
int smm_exit_status(const smm_session *s);

/* The diagnostics table: count, and code/name/summary of entry i. */
int smm_diagnostic_count(void);
/* Index by code ("E0101") or name ("gap"); -1 if unknown. */
int smm_diagnostic_lookup(const char *code_or_name);
const char *smm_diagnostic_code(int i);
const char *smm_diagnostic_name(int i);
const char *smm_diagnostic_summary(int i);
/* Whether entry i cannot be disabled or downgraded by -W. */
bool smm_diagnostic_hard(int i);
/* The diagnostic code or name closest to word, or NULL. */
const char *smm_diagnostic_suggest(const char *word);

/* ================================================================ check */

typedef struct CheckRun smm_check_run;

/* Evaluate every assessment (or only the one named assessment) after a
 * clean smm_analyze.  -fmax-errors is left to smm_limit_errors, after a
 * baseline has taken the known findings out.  NULL on an internal error. */
smm_check_run *smm_check(smm_session *s, const char *assessment);
void smm_check_free(smm_check_run *run);
/* Mark the findings found in a previous `check --format json` result as
 * baselined.  run may be NULL.  -1 when the file cannot be used (reported). */
int smm_baseline(smm_session *s, smm_check_run *run, const char *path);
/* Apply -fmax-errors to what is left to report. */
void smm_limit_errors(smm_session *s);
/* Write the results (run NULL = none) as text, JSON, SARIF, JUnit, GitHub
 * annotations or CSV.  0, or -1 on a write or internal error. */
int smm_check_write(smm_session *s, const smm_check_run *run, smm_format fmt, FILE *out);

/* Check results as data. */
typedef struct smm_assessment_result {
    const char *name;
    const char *target;     /* the target profile */
    const char *sector, *system; /* the variant (NULL = none) */
    int met, gaps, over_target, not_assessed, not_applicable, waived;
} smm_assessment_result;
size_t smm_check_count(const smm_check_run *run);
bool smm_check_result(const smm_check_run *run, size_t i, smm_assessment_result *out);

typedef struct smm_practice_result {
    const char *practice;   /* dotted path */
    const char *status;     /* "met", "gap", "over-target", ... */
    int target_level, target_scope;  /* scope: 0 general, 1 industry, 2 system */
    int current_level, current_scope;
    int gap_level, gap_scope;        /* target - current */
    bool assessed;
} smm_practice_result;
size_t smm_check_practice_count(const smm_check_run *run, size_t i);
bool smm_check_practice(const smm_check_run *run, size_t i, size_t k, smm_practice_result *out);

/* ================================================================ report */

/* OSCAL_POAM: the roadmap as an OSCAL plan of action and milestones. */
typedef enum { SMM_REPORT_HTML, SMM_REPORT_SVG, SMM_REPORT_MARKDOWN, SMM_REPORT_OSCAL_POAM } smm_report_format;

/* The assessment a report is about: index of the one named name, else of the
 * latest of the only history; -1 when none or ambiguous.  heads (room for
 * smm_check_count entries, may be NULL) receives the names of the candidates
 * then, *nheads their number. */
long smm_report_focus(const smm_check_run *run, const char *name, const char **heads, size_t *nheads);
int smm_report_chart_count(void);
const char *smm_report_chart_name(int chart); /* "heatmap", "bars", ... */
bool smm_report_chart_applies(const smm_check_run *run, size_t focus, int chart);
/* Write the report of result focus (chart: which SVG, else ignored).
 * 0, or -1 on a write or internal error. */
int smm_report_write(smm_session *s, const smm_check_run *run, size_t focus, smm_report_format fmt,
                     int chart, FILE *out);

/* ================================================================ explain, diff */

void smm_explain_list_codes(FILE *out);
/* The long description of a code or name; -1 if unknown. */
int smm_explain_code(const char *code_or_name, FILE *out);
/* How each effective value of a target (or one practice) was derived.
 * 0, or 1 on a selection error (reported as a diagnostic; `where` says
 * where the target was looked for, e.g. "the standard library (DIR)"). */
int smm_explain_target(smm_session *s, const smm_selection *sel, const char *practice, const char *where,
                       FILE *out);

/* What changed between assessment ia of run a and ib of run b. */
int smm_diff_assessments(const smm_check_run *a, size_t ia, const smm_check_run *b, size_t ib, FILE *out);
/* The values that moved between two targets, and why; the number that
 * moved, or -1 on a selection error (reported in its session). */
int smm_diff_targets(smm_session *sa, const smm_selection *a, smm_session *sb, const smm_selection *b,
                     FILE *out);

/* ================================================================ editor queries */
/* Positions are a file (its path as loaded) and a byte offset into its
 * text.  The queries work on what the session has: resolved objects after
 * a clean smm_analyze, the syntax tree alone otherwise (symbols,
 * completion and profile hovers still answer on a file whose parse
 * recovered).  Callbacks return nonzero to stop; counts are returned. */

/* The text of a loaded file (an overlay's, if any); NULL if not loaded. */
const char *smm_source_text(smm_session *s, const char *path, size_t *len);

/* Markdown about what is at the position — a profile (title, doc, parents,
 * linearization), a practice path in a profile (its resolved value in the
 * block's variant, where it was set, what it overrode), a level (the
 * model's objective), an assessment line (target, current, gap, status) —
 * or NULL.  *range is the span described.  The caller frees the text. */
char *smm_hover(smm_session *s, const char *file, uint32_t offset, smm_span *range);

/* Where the name at the position is defined: profile, model, import (the
 * file), practice path (the model's node), consideration, sector/system
 * block (every block of that name in the linearization). */
size_t smm_definitions(smm_session *s, const char *file, uint32_t offset, int (*fn)(void *ctx, const smm_span *sp),
                       void *ctx);
/* Where the profile or practice at the position is used: extends, targets
 * and tests of a profile; the settings of a practice. */
size_t smm_references(smm_session *s, const char *file, uint32_t offset, bool with_declaration,
                      int (*fn)(void *ctx, const smm_span *sp), void *ctx);
/* A profile name at the position (declaration or use) that can be renamed:
 * its span and the name. */
bool smm_rename_target(smm_session *s, const char *file, uint32_t offset, smm_span *name_span, const char **name);

typedef enum {
    SMM_COMPLETE_KEYWORD,
    SMM_COMPLETE_PRACTICE,
    SMM_COMPLETE_DOMAIN,
    SMM_COMPLETE_DIMENSION,
    SMM_COMPLETE_LEVEL,
    SMM_COMPLETE_SCOPE,
    SMM_COMPLETE_PROFILE,
    SMM_COMPLETE_MODEL,
    SMM_COMPLETE_VARIANT,
    SMM_COMPLETE_CONSIDERATION
} smm_completion_kind;
typedef struct smm_completion {
    const char *label;
    smm_completion_kind kind;
    const char *detail; /* a title or a note, or NULL */
} smm_completion;
/* What may be typed at the position (filtered by the word before it, by
 * prefix or by the last segment of a dotted path). */
size_t smm_completions(smm_session *s, const char *file, uint32_t offset,
                       int (*fn)(void *ctx, const smm_completion *c), void *ctx);

typedef enum { SMM_SYM_MODEL, SMM_SYM_PROFILE, SMM_SYM_ASSESSMENT, SMM_SYM_TEST, SMM_SYM_SECTOR, SMM_SYM_SYSTEM } smm_symbol_kind;
typedef struct smm_symbol {
    smm_symbol_kind kind;
    const char *name;
    const char *detail; /* title, or NULL */
    smm_span span;      /* the declaration */
    smm_span name_span;
    int parent;         /* index (in this walk) of the enclosing symbol, -1 */
} smm_symbol;
/* The declarations of one file (file NULL: of every loaded file), whose
 * name contains query (NULL or "": all); blocks come after their profile. */
size_t smm_symbols(smm_session *s, const char *file, const char *query, int (*fn)(void *ctx, const smm_symbol *sym),
                   void *ctx);

/* The resolved value of a practice in a variant, with its provenance. */
typedef struct smm_value {
    int level;          /* comprehensiveness 0..4 */
    const char *scope;  /* "general", "industry", "system" */
    const char *set_by; /* the profile whose setting won, NULL = default */
    const char *layer;  /* "body", "sector", "system", ... */
    smm_span where;     /* the winning setting (file NULL = default) */
} smm_value;
/* false when the selection or practice is unknown (reported); computing
 * the value reports nothing (a query never adds diagnostics). */
bool smm_resolve_value(smm_session *s, const smm_selection *sel, const char *practice, smm_value *out);
/* ================================================================ tests */

/* Tests (language.md §8, tool.md §6), after smm_analyze() returned 0: run
 * the test declarations of the root files (those whose name matches glob,
 * fnmatch(3), when glob is not NULL).  Each failed expectation is an
 * `expectation-failed` error; no test at all is a `no-tests` error.  NULL
 * on an internal error. */
typedef struct TestRun smm_test_run;
smm_test_run *smm_run_tests(smm_session *s, const char *glob);
void smm_test_counts(const smm_test_run *r, int *tests, int *passed, int *failed);
/* The results as text (a line per test and the summary line), json,
 * junit, sarif or github; 0, or -1 on a write or internal error. */
int smm_test_write(smm_session *s, const smm_test_run *r, smm_format fmt, FILE *out);
void smm_test_free(smm_test_run *r);

/* Verify mode (language.md §8): compare the diagnostics produced so far
 * (after smm_analyze, and smm_check for `check --verify`) with the
 * expect-error:/expect-warning:/expect-note: comments of the loaded files
 * and replace them by the mismatches (expected-not-produced,
 * unexpected-diagnostic, malformed-annotation).  Returns their number, or
 * -1 on an internal error. */
int smm_verify(smm_session *s);

/* ================================================================ formatter, utilities */

/* Canonical layout of one file's text (docs/fmt.md): 0 and a malloc'd
 * result (*out, *outlen; the caller frees it), or -1 when the text does not
 * tokenize, with "LINE:COL: what" in err. */
int smm_format_source(const char *text, size_t len, char **out, size_t *outlen, char *err, size_t errlen);

/* Read a whole file or stream (malloc'd, NUL-terminated; the caller frees
 * it); NULL with errno set on failure (a directory: EISDIR). */
char *smm_read_file(const char *path, size_t *len);
char *smm_read_stream(FILE *f, size_t *len);

/* Whether s is a valid calendar date YYYY-MM-DD. */
bool smm_date_valid(const char *s);
/* The candidate closest to word by edit distance, or NULL. */
const char *smm_suggest(const char *word, const char *const *cands, size_t n);

#ifdef __cplusplus
}
#endif
#endif
