/*
 * xml.c — loading libxml2 on first use (see xml.h).
 */
#define SMM_XML_LOADER
#include "smmc.h"
#include "xml.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#ifndef SMM_LIBXML2
#define SMM_LIBXML2 "libxml2.so.2"
#endif

static SmmXml api;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
    void *lib = dlopen(SMM_LIBXML2, RTLD_NOW | RTLD_LOCAL);
    const char *missing = NULL;
    if (lib) {
        /* dlsym returns void *; a function pointer is copied bit for bit */
#define SMM_XML_LOAD(name)                                            \
    {                                                                 \
        void *f = dlsym(lib, #name);                                  \
        if (!f && !missing)                                           \
            missing = #name;                                          \
        memcpy(&api.name, &f, sizeof f);                              \
    }
        SMM_XML_FUNCTIONS(SMM_XML_LOAD)
#undef SMM_XML_LOAD
        api.free_hook = dlsym(lib, "xmlFree");
        if (!api.free_hook && !missing)
            missing = "xmlFree";
    }
    if (!lib || missing) {
        fprintf(stderr, "smmc: fatal: cannot use %s: %s\n", SMM_LIBXML2,
                lib ? "it lacks a function smmc needs" : dlerror());
        if (missing)
            fprintf(stderr, "smmc: note: the missing function is %s\n", missing);
        exit(SMM_EXIT_INTERNAL);
    }
}

const SmmXml *smm_xml(void)
{
    pthread_once(&once, load);
    return &api;
}
