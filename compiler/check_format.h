/*
 * check_format.h — writers of check results (check_format.c, sarif.c) and
 * the baseline (baseline.c).
 */
#ifndef SMMC_CHECK_FORMAT_H
#define SMMC_CHECK_FORMAT_H

#include "smmc.h"
#include <jansson.h>

typedef struct DiagPos {
    const char *file; /* NULL when the diagnostic has no location */
    unsigned line, column, end_line, end_column;
} DiagPos;

DiagPos diag_pos(Session *s, Loc loc);
json_t *diag_to_json(Session *s, const Diag *d);

int check_write_text(Session *s, const CheckRun *run, FILE *out);
int check_write_json(Session *s, const CheckRun *run, FILE *out);
int check_write_sarif(Session *s, const CheckRun *run, FILE *out);
int check_write_junit(Session *s, const CheckRun *run, FILE *out);
int check_write_github(Session *s, const CheckRun *run, FILE *out);
int check_write_csv(Session *s, const CheckRun *run, FILE *out);
/* OSCAL assessment results (oscal_results.c); needs run->n > 0. */
int check_write_oscal(Session *s, const CheckRun *run, FILE *out);

/* Mark diagnostics present in a previous `check --format json` result as
 * baselined (matched by assessment, practice, diagnostic name and key, each
 * entry at most once: see baseline.c).
 * Returns -1 when the file cannot be read or is not such a result
 * (reported), else the number of diagnostics baselined. */
int baseline_apply(Session *s, CheckRun *run, const char *path);

#endif
