/*
 * explain.h — `smmc explain` (explain.c).
 */
#ifndef SMMC_EXPLAIN_H
#define SMMC_EXPLAIN_H

#include "smmc.h"

/* The long description of a code or name; -1 if unknown. */
int explain_code(const char *code_or_name, FILE *out);
bool explain_code_text(int id, const char **start, size_t *len);
void explain_list_codes(FILE *out);
/* The cascade behind practice pi of a computed variant. */
void explain_practice(Session *s, const Variant *v, int pi, FILE *out);

#endif
