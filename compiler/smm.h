/*
 * smm.h — the public API of libsmm, the smmc compiler as a library.
 *
 * The CLI (compiler/main.c), the tests, the fuzz targets and any later front
 * end (a language server) use only this header.  A session owns everything it
 * allocates; smm_free() releases it all at once.  No globals: several sessions
 * may live in one process.
 *
 * Typical use — the pipeline in a dozen lines:
 *
 *     smm_session *s = smm_new(&opt);
 *     for each file: smm_add_file(s, path);          // parse + imports
 *     if (smm_analyze(s) == 0)                       // resolve, cascade, validate
 *         smm_emit_ir(s, out, SMM_EMIT_JSON, &sel);  // or smm_check(...)
 *     int rc = smm_exit_status(s);
 *     smm_free(s);
 */
#ifndef SMM_H
#define SMM_H

#include <stdbool.h>
#include <stddef.h>
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
    bool buffer_diagnostics;   /* collect only (for --format json/sarif/…) */
    int jobs;                  /* threads for parsing and validation; 0 = one per
                                  CPU (at most SMM_MAX_JOBS), 1 = no threads.
                                  The output does not depend on it. */
} smm_options;

#define SMM_MAX_JOBS 8

/* A selection of variants: NULL fields mean "all" (default variant set). */
typedef struct smm_selection {
    const char *profile;
    const char *sector;
    const char *system;
} smm_selection;

typedef struct Session smm_session;

smm_session *smm_new(const smm_options *opt);
void smm_free(smm_session *s);

/* Apply a -W option spelled as on the command line ("gap", "no-gap",
 * "error", "error=gap").  Returns false for an unknown name. */
bool smm_warning_option(smm_session *s, const char *spec);

/* Parse a root file and, transitively, its imports.  Returns 0, or -1 when
 * the file itself cannot be read (an I/O error: exit 2). */
int smm_add_file(smm_session *s, const char *path);
/* Parse a root unit from memory (fuzzing, tests). */
int smm_add_buffer(smm_session *s, const char *name, const char *data, size_t len);
/* Parse a root unit read from f to its end (standard input), shown as
 * name.  Returns 0, or -1 when f cannot be read (an I/O error: exit 2). */
int smm_add_stream(smm_session *s, const char *name, FILE *f);

/* Resolve names, linearize, cascade, validate.  Returns the error count. */
int smm_analyze(smm_session *s);

/* Write the IR of the selected variants.  Returns 0, 1 on a selection error
 * (reported as a diagnostic), -1 on a write error.  The OSCAL emits write
 * one document (the catalog of the selected profile's model, else of the
 * only model; the profile of the selected variant) and return 2 when the
 * selection does not name one (the message says what to give). */
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
void smm_flush_diagnostics(smm_session *s);

/* Number of error-severity diagnostics so far (after policy, baselined ones
 * excluded). */
int smm_error_count(const smm_session *s);
int smm_exit_status(const smm_session *s);

#ifdef __cplusplus
}
#endif
#endif
