/*
 * xml.h — libxml2, loaded on first use.
 *
 * Linking libxml2 brings ICU and the C++ runtime into every process: about
 * 1.5 ms of start-up, most of a small run's budget, paid even by commands
 * that never write XML (compile --emit none/json, check to text, JSON or
 * SARIF, fmt, explain).  So smmc does not link libxml2; the first call of
 * any function below opens libxml2.so.2 (smm_xml(), once, thread-safe) and
 * every call goes through its table.  Files that use libxml2 include this
 * header instead of the libxml2 headers, and call the functions by their
 * usual names: the macros at the end route them through the table.
 *
 * Adding a libxml2 function: add it to SMM_XML_FUNCTIONS and give it a
 * routing #define below.  A function used without them is a link error
 * (smmc does not link libxml2), never a crash.
 */
#ifndef SMMC_XML_H
#define SMMC_XML_H

#include <libxml/entities.h>
#include <libxml/tree.h>
#include <libxml/xmlsave.h>
#include <libxml/xmlwriter.h>

#define SMM_XML_FUNCTIONS(X)                                                                     \
    X(xmlAddChild) X(xmlAddNextSibling) X(xmlAddPrevSibling) X(xmlAttrSerializeTxtContent)        \
    X(xmlBufferContent) X(xmlBufferCreate) X(xmlBufferEmpty) X(xmlBufferFree) X(xmlBufferLength)  \
    X(xmlDocGetRootElement) X(xmlDocSetRootElement) X(xmlEncodeSpecialChars) X(xmlFreeDoc)        \
    X(xmlFreeNode) X(xmlFreeTextWriter) X(xmlNewChild) X(xmlNewDoc) X(xmlNewDocNode)              \
    X(xmlNewDocText) X(xmlNewNs) X(xmlNewTextWriter) X(xmlOutputBufferCreateFile) X(xmlSaveClose) \
    X(xmlSaveDoc) X(xmlSaveToIO) X(xmlSaveTree) X(xmlSetNs) X(xmlSetProp) X(xmlStrdup)            \
    X(xmlTextWriterEndDocument) X(xmlTextWriterEndElement) X(xmlTextWriterSetIndent)              \
    X(xmlTextWriterSetIndentString) X(xmlTextWriterStartDocument) X(xmlTextWriterStartElement)    \
    X(xmlTextWriterWriteAttribute) X(xmlTextWriterWriteFormatAttribute)                          \
    X(xmlTextWriterWriteString) X(xmlUnlinkNode)

typedef struct SmmXml {
#define SMM_XML_MEMBER(name) __typeof__(name) *name;
    SMM_XML_FUNCTIONS(SMM_XML_MEMBER)
#undef SMM_XML_MEMBER
    xmlFreeFunc *free_hook; /* the variable xmlFree (the library's free()) */
} SmmXml;

/* The loaded library's functions.  If libxml2.so.2 cannot be loaded, says
 * so and exits with the internal-error status (an installation problem). */
const SmmXml *smm_xml(void);

#ifndef SMM_XML_LOADER /* xml.c fills the table under the real names */
#undef xmlFree
#define xmlFree (*smm_xml()->free_hook)
#define xmlAddChild (smm_xml()->xmlAddChild)
#define xmlAddNextSibling (smm_xml()->xmlAddNextSibling)
#define xmlAddPrevSibling (smm_xml()->xmlAddPrevSibling)
#define xmlAttrSerializeTxtContent (smm_xml()->xmlAttrSerializeTxtContent)
#define xmlBufferContent (smm_xml()->xmlBufferContent)
#define xmlBufferCreate (smm_xml()->xmlBufferCreate)
#define xmlBufferEmpty (smm_xml()->xmlBufferEmpty)
#define xmlBufferFree (smm_xml()->xmlBufferFree)
#define xmlBufferLength (smm_xml()->xmlBufferLength)
#define xmlDocGetRootElement (smm_xml()->xmlDocGetRootElement)
#define xmlDocSetRootElement (smm_xml()->xmlDocSetRootElement)
#define xmlEncodeSpecialChars (smm_xml()->xmlEncodeSpecialChars)
#define xmlFreeDoc (smm_xml()->xmlFreeDoc)
#define xmlFreeNode (smm_xml()->xmlFreeNode)
#define xmlFreeTextWriter (smm_xml()->xmlFreeTextWriter)
#define xmlNewChild (smm_xml()->xmlNewChild)
#define xmlNewDoc (smm_xml()->xmlNewDoc)
#define xmlNewDocNode (smm_xml()->xmlNewDocNode)
#define xmlNewDocText (smm_xml()->xmlNewDocText)
#define xmlNewNs (smm_xml()->xmlNewNs)
#define xmlNewTextWriter (smm_xml()->xmlNewTextWriter)
#define xmlOutputBufferCreateFile (smm_xml()->xmlOutputBufferCreateFile)
#define xmlSaveClose (smm_xml()->xmlSaveClose)
#define xmlSaveDoc (smm_xml()->xmlSaveDoc)
#define xmlSaveToIO (smm_xml()->xmlSaveToIO)
#define xmlSaveTree (smm_xml()->xmlSaveTree)
#define xmlSetNs (smm_xml()->xmlSetNs)
#define xmlSetProp (smm_xml()->xmlSetProp)
#define xmlStrdup (smm_xml()->xmlStrdup)
#define xmlTextWriterEndDocument (smm_xml()->xmlTextWriterEndDocument)
#define xmlTextWriterEndElement (smm_xml()->xmlTextWriterEndElement)
#define xmlTextWriterSetIndent (smm_xml()->xmlTextWriterSetIndent)
#define xmlTextWriterSetIndentString (smm_xml()->xmlTextWriterSetIndentString)
#define xmlTextWriterStartDocument (smm_xml()->xmlTextWriterStartDocument)
#define xmlTextWriterStartElement (smm_xml()->xmlTextWriterStartElement)
#define xmlTextWriterWriteAttribute (smm_xml()->xmlTextWriterWriteAttribute)
#define xmlTextWriterWriteFormatAttribute (smm_xml()->xmlTextWriterWriteFormatAttribute)
#define xmlTextWriterWriteString (smm_xml()->xmlTextWriterWriteString)
#define xmlUnlinkNode (smm_xml()->xmlUnlinkNode)
#endif

#endif
