/*
 * diff.h — `smmc diff` (diff.c).
 */
#ifndef SMMC_DIFF_H
#define SMMC_DIFF_H

#include "smmc.h"

/* Print what changed from old to new; returns the number of regressions. */
int diff_assessments(const AssessResult *old, const AssessResult *new, FILE *out);
/* Print the values that moved and the settings behind them; returns the
 * number of attributes that moved. */
int diff_targets(Session *so, const Variant *old, Session *sn, const Variant *new, FILE *out);

#endif
