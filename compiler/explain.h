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
/* The diagnostic code or name WORD is probably a misspelling of, or NULL. */
const char *explain_suggest(const char *word);
/* After `smmc explain WORD` found no profile WORD: notes on the error
 * saying where explain looked (`where`: the files given, or the standard
 * library) and, when WORD is close to a diagnostic's code or name, that
 * diagnostic (`explain gapp`: did you mean 'gap'?). */
void explain_not_found(Session *s, const char *word, const char *where);
/* The cascade behind practice pi of a computed variant. */
void explain_practice(Session *s, const Variant *v, int pi, FILE *out);

#endif
