/*
 * cli.h — the command line's shared pieces: option parsing, atomic output
 * files, small heap helpers, and the subcommands (cli_*.c).  Not part of
 * libsmm: the CLI is a thin layer over smm.h and includes nothing else of
 * the library.
 */
#ifndef SMMC_CLI_H
#define SMMC_CLI_H

#include "smm.h"

#include <stdarg.h>

#if defined(__GNUC__)
#define CLI_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define CLI_PRINTF(f, a)
#endif

/* Heap helpers of the command line: they exit 70 when out of memory (the
 * CLI may end its process; the library never does). */
void *cli_alloc(size_t n);
char *cli_strdup(const char *s);
char *cli_printf(const char *fmt, ...) CLI_PRINTF(1, 2);

/* A growable list of strings (not owned unless the caller says so). */
typedef struct CliList {
    char **v;
    size_t n, cap;
} CliList;
void cli_list_push(CliList *l, const char *s);
void cli_list_free(CliList *l);

/* Which options a subcommand accepts (for --help and for rejecting the rest). */
enum {
    O_INCLUDE = 1 << 0,   /* -I, --stdlib */
    O_OUTPUT = 1 << 1,    /* -o */
    O_EMIT = 1 << 2,      /* --emit, --provenance */
    O_SELECT = 1 << 3,    /* --profile, --sector, --system */
    O_FORMAT = 1 << 4,    /* --format */
    O_WARN = 1 << 5,      /* -W..., -fmax-errors */
    O_GATE = 1 << 6,      /* --evidence, --today, --assessment */
    O_CHECKFMT = 1 << 7,  /* fmt --check */
    O_DEPS = 1 << 8,      /* build -MD */
    O_BASELINE = 1 << 9,  /* --baseline */
    O_RUN = 1 << 10,      /* test --run */
    O_VERIFY = 1 << 11,   /* compile/check --verify */
    O_DATES = 1 << 12,    /* --evidence, --today without --assessment (test) */
};

typedef struct CliOpts {
    const char *cmd;
    smm_options opt;
    CliList includes;
    CliList warnings;      /* -W specs in order */
    const char *output;    /* -o; NULL = default for the command */
    smm_emit emit;
    smm_provenance prov;
    smm_format format;
    const char *format_name;
    smm_selection sel;
    const char *baseline;
    const char *assessment;
    const char *run;       /* test --run GLOB */
    bool verify;           /* compile/check --verify */
    bool check_only;       /* fmt --check */
    bool deps;             /* build -MD */
    bool explicit_format;
    char **files;
    int nfiles;
} CliOpts;

/* Parse argv (argv[0] is the command name).  Returns -1 to continue, or an
 * exit status (help printed, usage error). */
int cli_parse(int argc, char **argv, CliOpts *o, unsigned allowed, const char *synopsis,
              const char *description);
void cli_free(CliOpts *o);
/* The stdlib directory when none is given: $SMM_STDLIB, the installed
 * one, else ../stdlib beside the executable (a build tree). */
const char *cli_default_stdlib(void);
/* Create the session with the common options applied. */
smm_session *cli_session(CliOpts *o);
/* Leave s to the process exit instead of freeing it (compile, check). */
void cli_session_exit(smm_session *s);
/* Load all input files; false on I/O error (reported). */
bool cli_load(smm_session *s, CliOpts *o);

/* What `check`, `report` and `diff` share: the session (diagnostics
 * buffered), the inputs loaded, analyzed and, when clean, evaluated
 * (assessment NULL = all). */
typedef struct CliRun {
    smm_session *s;
    smm_check_run *run; /* NULL unless compiled */
    bool loaded;        /* every input could be read */
    bool compiled;      /* and analyzed without errors */
} CliRun;
void cli_check_inputs(CliOpts *o, const char *assessment, CliRun *r);

/* Print the buffered diagnostics to stderr (text), leaving out baselined
 * findings and, unless gate, the gap-analysis ones. */
void cli_print_diagnostics(smm_session *s, bool gate);
/* The exit status rc, or 70 after an internal error in s. */
int cli_status(const smm_session *s, int rc);

/* Atomic output: write to a temporary file beside the target, rename on
 * success; "-" or NULL is stdout. */
typedef struct Output {
    FILE *f;
    char *tmp;
    const char *path;
} Output;
bool output_open(Output *out, const char *path);
/* Commit (ok) or discard; returns false if the file could not be written. */
bool output_close(Output *out, bool ok);
/* Remove the temporary files of outputs still open (at exit, on a crash). */
void cli_remove_temp_files(void);

/* Every *.smm file below dir, sorted, appended to out (heap strings, caller
 * frees); symbolic links followed, each directory and file taken once.
 * False when a directory could not be read (said on stderr). */
bool cli_find_smm(const char *dir, CliList *out);

const char *cli_suggest(const char *word, const char *const *cands, size_t n);

int cli_compile(int argc, char **argv);
int cli_check(int argc, char **argv);
int cli_report(int argc, char **argv);
int cli_explain(int argc, char **argv);
int cli_diff(int argc, char **argv);
int cli_fmt(int argc, char **argv);
int cli_build(int argc, char **argv);
int cli_lsp(int argc, char **argv);
int cli_test(int argc, char **argv);
/* compile --verify, check --verify (cli_test.c): takes o over. */
int cli_verify(CliOpts *o, bool check);

#endif
