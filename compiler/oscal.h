/*
 * oscal.h — NIST OSCAL 1.2.1 JSON outputs (tool.md §8, docs/oscal.md),
 * split like smmc.h into sections named after the file implementing them:
 *
 *   oscal.c          what every OSCAL document shares (UUIDs, metadata,
 *                    text made safe for OSCAL's string and markup types, props in
 *                    smmc's namespace); the catalog (the model) and the
 *                    profile (one resolved target)
 *   oscal_results.c  assessment results (check) and the plan of action and
 *                    milestones (report)
 *
 * Every writer is deterministic: UUIDs are version 5 UUIDs of names,
 * timestamps come from the assessment dates (or SOURCE_DATE_EPOCH), order
 * is source and model order.  JSON is built with jansson, so it is escaped
 * by construction; text is cleaned for the schemas' string patterns first,
 * and escaped for Markdown in the markup fields (title, description,
 * remarks, prose, statement, label, usage), never in plain strings (ids,
 * prop names and values, versions).
 */
#ifndef SMMC_OSCAL_H
#define SMMC_OSCAL_H

#include "smmc.h"
#include "ir.h"

#include <jansson.h>

/* smmc's namespace for props and parts OSCAL has no name for. */
#define OSCAL_NS "urn:smmc:oscal"
#define OSCAL_VERSION "1.2.1"

/* ---------------------------------------------------------------- oscal.c */

/* "none", "minimum", "ad hoc", "consistent", "formalized" */
extern const char *const oscal_level_words[5];

/* The version 5 UUID of a name in smmc's namespace (the version 5 UUID of
 * OSCAL_NS in the RFC 4122 URL namespace), as text in the session arena. */
const char *oscal_uuid(Session *s, const char *fmt, ...) SMM_PRINTF(2, 3);
/* A StringDatatype value (prop values, versions): valid UTF-8, line breaks
 * turned into spaces, no leading or trailing white space.  NULL when
 * nothing is left. */
json_t *oscal_line(const char *text);
/* Plain text as CommonMark that renders as the text (OSCAL's markup types
 * are Markdown): a backslash before each ASCII punctuation character that
 * would start markup where it stands, nowhere else; multiline: line by
 * line, white space at either end of a line dropped (four spaces would
 * start a code block), line breaks kept (soft breaks: renderers join the
 * lines, as in wrapped prose), one blank line between paragraphs.  Without
 * multiline the text is one line (already cleaned).  Heap string. */
char *oscal_markdown(const char *text, bool multiline);
/* A MarkupLine value: cleaned as oscal_line, then oscal_markdown; NULL
 * when nothing is left. */
json_t *oscal_markup_line(const char *text);
/* A MarkupMultiline value: valid UTF-8, then oscal_markdown; NULL for NULL. */
json_t *oscal_markup(const char *text);
/* Set key to oscal_markup_line(text) / oscal_markup(text) unless that is
 * NULL; oscal_set_markup_line falls back to `fallback`. */
void oscal_set_markup_line(json_t *obj, const char *key, const char *text, const char *fallback);
void oscal_set_markup(json_t *obj, const char *key, const char *text);
/* Set key to the array arr, or drop arr when it is empty: OSCAL arrays
 * hold at least one item. */
void oscal_set_array(json_t *obj, const char *key, json_t *arr);
/* Append {"name", "ns": OSCAL_NS, "value"} to the array obj[key] (created
 * when missing) unless value cleans to nothing. */
void oscal_prop(json_t *obj, const char *name, const char *value);
void oscal_propf(json_t *obj, const char *name, const char *fmt, ...) SMM_PRINTF(3, 4);
/* "YYYY-MM-DDT00:00:00Z" for a date, else the fallback time (see
 * oscal_default_time); in the arena. */
const char *oscal_time(Session *s, DateLit d);
/* SOURCE_DATE_EPOCH when set, else the latest assessment date of the
 * inputs, else 1970-01-01T00:00:00Z. */
const char *oscal_default_time(Session *s);
/* A metadata object: title, last-modified, version, oscal-version. */
json_t *oscal_metadata(const char *title, const char *last_modified, const char *version);
/* "file:line:column" of a location, in the arena. */
const char *oscal_where(Session *s, Loc loc);
/* The document {"<model>": body} written with a final newline: 0, or -1 on
 * a write error.  Takes the reference to body. */
int oscal_write(const char *model, json_t *body, FILE *out);

int oscal_emit_catalog(Session *s, FILE *out, const IrSelection *sel);
/* prov = SMM_PROV_WINNER leaves out the settings each value overrode. */
int oscal_emit_profile(Session *s, FILE *out, smm_provenance prov, const IrSelection *sel);

/* -------------------------------------------------------- oscal_results.c */

/* Written by check_write_oscal (check_format.h) and report_write_oscal_poam
 * (report.h). */

#endif
