/*
 * bench/gen.c — deterministic generator of a synthetic `.smm` profile
 * library for the scaling benchmark (bench/run.sh, bench/README.md).
 *
 *   bench-gen -n N [-d MAXDEPTH] [-s SEED] [-b] -o DIR
 *
 * writes
 *   DIR/lib/pNNNN.smm    100 profiles per file; each file imports iic.smm and
 *                        the earlier files that hold its profiles' parents
 *   DIR/assess/aNNNN.smm N/10 assessments, 100 per file, each targeting a
 *                        generated profile (import paths are relative to DIR:
 *                        compile them through DIR/check.smm or with -I DIR)
 *   DIR/all.smm          imports every lib file: one root compiles the library
 *   DIR/check.smm        imports every assessment file
 *   DIR/report.txt       what was generated (key=value lines; also on stdout)
 *
 * Shape of the library (all of it from a fixed-seed PRNG, so the same
 * arguments always give byte-identical files):
 *   - profiles grow in trees: a root names `model iic.smm` and sets the three
 *     dimensions; each later profile extends the previous one (80%) or an
 *     earlier member of its tree, until a chain reaches MAXDEPTH, then a new
 *     tree starts — so chains of every length up to MAXDEPTH exist;
 *   - 10% of the non-root profiles have a second parent from another recent
 *     tree whose linearization shares no profile with the first parent's
 *     (C3 then always succeeds: the two lists are disjoint).  Such a
 *     profile sets, in every layer, each node that both parents' ancestries
 *     set, so no `ambiguous-target` can arise;
 *   - each tree uses a small pool of sector and system names (and
 *     sector/system pairs); its root declares a block for each, so every
 *     profile of a tree has the same default variants (base + sectors +
 *     systems + nested pairs), whatever its depth;
 *   - settings (plain, `X.*` forced, scope-only), `because` reasons,
 *     `require` floors and ceilings that always hold (every comprehensiveness
 *     set is 2..4 and roots set every dimension), and `consider` items with
 *     globally unique ids.
 * With -b the profiles grow in *bushy families* instead (the shape of an
 * independent library that cost smmc 5x the memory and time of this one):
 *   - each file is one family of 100: a root, then members on levels
 *     1..MAXDEPTH-1, each one level below a random member of the level
 *     above, so many profiles share each ancestor;
 *   - ~10% of the members have a second parent from another family whose
 *     linearization shares no profile with the first parent's, and restate
 *     the settings their two parents disagree on (ambiguous-target
 *     otherwise) — the values are tracked per layer, node and attribute.
 * The default variant count is computed exactly (visible names are the
 * union over the ancestry, as language.md §5.3 says) and reported as
 * `variants=`.
 */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

/* ---------------------------------------------------------------- model */

enum { NDIM = 3, NDOM = 9, NPRAC = 18, NNODE = NDIM + NDOM + NPRAC };
/* node index: 0..2 dimensions, 3..11 domains, 12..29 practices */
static const char *const node_id[NNODE] = {
    "governance", "enablement", "hardening",
    "strategy", "threat_risk", "supply_chain",
    "access_management", "asset_management", "data_protection",
    "vulnerability_patch", "situational_awareness", "incident_response",
    "program_management", "compliance_management", "threat_modeling", "risk_attitude",
    "supply_chain_risk", "third_party_dependencies", "identities", "access_control",
    "asset_change_config", "physical_protection", "data_security_policy",
    "data_protection_controls", "vulnerability_assessment", "patch_management",
    "security_audit", "information_sharing", "event_detection_response",
    "remediation_recovery",
};
static int node_dim(int n) { return n < 3 ? n : n < 12 ? (n - 3) / 3 : (n - 12) / 6; }
static int node_dom(int n) { return n < 12 ? n : 3 + (n - 12) / 2; } /* domain node of a practice */
static int is_practice(int n) { return n >= 12; }

/* practice bits (nodes 12..29) under a dimension or domain node */
static uint32_t practices_under(int n)
{
    uint32_t m = 0;
    for (int p = 12; p < NNODE; p++)
        if ((n < 3 && node_dim(p) == n) || (n >= 3 && n < 12 && node_dom(p) == n))
            m |= 1u << p;
    return m;
}

/* a few consideration ids of the stdlib model, for `met` lines */
static const char *const model_considers[] = {
    "spm.roles", "spm.owner", "cm.register", "tm.method", "ra.register", "scr.sbom",
    "tpd.sca", "id.individual_accounts",
};

/* ---------------------------------------------------------------- names */

enum { NSEC = 4, NSYS = 6, NLAYER = 1 + NSEC + NSYS + NSEC * NSYS };
static const char *const sector_name[NSEC] = {"healthcare", "energy", "transport", "manufacturing"};
static const char *const system_name[NSYS] = {"gateway", "sensor", "controller", "handheld",
                                              "base_station", "cloud"};
static int lk_sector(int s) { return 1 + s; }
static int lk_system(int y) { return 1 + NSEC + y; }
static int lk_nested(int s, int y) { return 1 + NSEC + NSYS + s * NSYS + y; }

/* ---------------------------------------------------------------- PRNG */

static uint64_t rng_state;
static uint64_t rnd64(void) /* splitmix64 */
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}
static int rnd(int n) { return (int)(rnd64() % (uint64_t)n); }
static int chance(int percent) { return rnd(100) < percent; }
static int popcount32(uint32_t x)
{
    int n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

/* ---------------------------------------------------------------- output */

typedef struct {
    char *s;
    size_t n, cap;
} Buf;

static void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n);
    if (!q) {
        fputs("bench-gen: out of memory\n", stderr);
        exit(1);
    }
    return q;
}

static void bprintf(Buf *b, const char *fmt, ...)
{
    for (;;) {
        va_list ap;
        va_start(ap, fmt);
        int k = vsnprintf(b->s ? b->s + b->n : NULL, b->s ? b->cap - b->n : 0, fmt, ap);
        va_end(ap);
        if (b->s && (size_t)k < b->cap - b->n) {
            b->n += (size_t)k;
            return;
        }
        b->cap = (b->cap + (size_t)k + 1) * 2;
        b->s = xrealloc(b->s, b->cap);
    }
}

static void mkdir_p(const char *path)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s", path);
    for (char *p = tmp + 1; *p; p++)
        if (*p == '/') {
            *p = 0;
            mkdir(tmp, 0777);
            *p = '/';
        }
    if (mkdir(tmp, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "bench-gen: cannot create '%s': %s\n", path, strerror(errno));
        exit(1);
    }
}

static void write_file(const char *path, const Buf *head, const Buf *body, size_t *total)
{
    FILE *f = fopen(path, "w");
    if (!f || (head && fwrite(head->s, 1, head->n, f) != head->n) ||
        (body && fwrite(body->s, 1, body->n, f) != body->n) || fclose(f) != 0) {
        fprintf(stderr, "bench-gen: cannot write '%s': %s\n", path, strerror(errno));
        exit(1);
    }
    *total += (head ? head->n : 0) + (body ? body->n : 0);
}

/* ---------------------------------------------------------------- profiles */

typedef struct {
    int tree, depth, mrolen, parents[2], nparents;
    uint8_t sec, sys;      /* visible sector / system names (bits) */
    uint32_t nest;         /* visible nested pairs, bit s*NSYS+y */
    uint32_t own[NLAYER];  /* nodes the profile itself sets, per layer */
} Prof;

typedef struct {
    int root;
    uint8_t sec, sys; /* the tree's name pool */
    uint32_t nest;
    int *members, n, cap;
} Tree;

static Prof *P;
static Tree *T;

/* -b: every profile's merged value per layer, node and attribute (-1 =
 * unset); cur_vals is the profile being written (NULL: not tracked). */
typedef signed char Vals[NLAYER][NNODE][2];
static Vals *V, *cur_vals;
static int house; /* -b roots: settings take the house values, so families agree */
static int ntrees, treecap;

static const char *level_text(int c)
{
    static const char *const words[] = {"none", "minimum", "ad_hoc", "consistent", "formalized"};
    static const char *const digits[] = {"0", "1", "2", "3", "4"};
    return chance(15) ? words[c] : digits[c];
}
static const char *const scope_word[] = {"general", "industry", "system"};

static const char *const reasons[] = {
    "field devices cannot be taken offline at will",
    "regulator expects documented evidence",
    "customer contract clause 7.2",
    "lessons from the last incident review",
    "shared infrastructure with the plant network",
    "handles personal data",
    "safety function depends on it",
    "supplier cannot patch faster than quarterly",
};

/* Node path as written: usually the bare id, sometimes the dotted path. */
static void put_path(Buf *b, int n)
{
    if (n >= 3 && chance(10)) {
        if (is_practice(n))
            bprintf(b, "%s.%s.%s", node_id[node_dim(n)], node_id[node_dom(n)], node_id[n]);
        else
            bprintf(b, "%s.%s", node_id[node_dim(n)], node_id[n]);
    } else {
        bprintf(b, "%s", node_id[n]);
    }
}

typedef struct {
    uint32_t used_plain, used_forced; /* per block: avoid shadowed-setting warnings */
    uint32_t forced_cover;            /* practices an earlier `X.*` of the block sets */
} BlockUse;

/* One setting in layer `lk`; records what it sets in own[lk]. */
static void setting(Buf *b, const char *ind, uint32_t *own, int lk, BlockUse *u, int node, int forced,
                    int full)
{
    uint32_t *used = forced ? &u->used_forced : &u->used_plain;
    if ((*used & (1u << node)) || (!forced && (u->forced_cover & (1u << node))))
        return;
    *used |= 1u << node;
    if (forced)
        u->forced_cover |= practices_under(node);
    bprintf(b, "%s", ind);
    put_path(b, node);
    if (forced)
        bprintf(b, ".*");
    int comp = -1, scope = -1;
    if (!full && chance(8)) {
        scope = house ? (lk + node) % 3 : rnd(3);
        bprintf(b, " scope %s", scope_word[scope]);
    } else {
        comp = house ? 2 + (lk * 7 + node) % 3 : 2 + rnd(3);
        bprintf(b, " = %s", level_text(comp));
        if (full || chance(75)) {
            scope = house ? (lk + node) % 3 : rnd(3);
            bprintf(b, " %s", scope_word[scope]);
        }
    }
    if (cur_vals)
        for (int x = 0; x < NNODE; x++)
            if (forced ? (practices_under(node) >> x & 1) : x == node) {
                if (comp >= 0)
                    (*cur_vals)[lk][x][0] = (signed char)comp;
                if (scope >= 0)
                    (*cur_vals)[lk][x][1] = (signed char)scope;
            }
    if (!full && chance(25))
        bprintf(b, " because \"%s\"", reasons[rnd(8)]);
    bprintf(b, "\n");
    own[lk] |= forced ? practices_under(node) : 1u << node;
}

/* A block's settings: the `X.*` (if any) first, then plain ones that do not
 * touch what it set, so no setting is shadowed (resolve.c warns). */
static void random_settings(Buf *b, const char *ind, uint32_t *own, int lk, int count, int forced_pct)
{
    BlockUse u = {0, 0, 0};
    if (chance(forced_pct)) {
        int n = chance(60) ? rnd(NDIM) : 3 + rnd(NDOM);
        setting(b, ind, own, lk, &u, n, 1, 0);
    }
    for (int i = 0; i < count; i++)
        setting(b, ind, own, lk, &u, rnd(NNODE), 0, 0);
}

/* A root profile's blocks: one for every sector and system name of its
 * tree's or family's pool, a system block nested in a sector where the pool
 * pairs them, each with one random setting. */
static void root_blocks(Buf *b, uint32_t *own, const Tree *t)
{
    for (int s = 0; s < NSEC; s++) {
        if (!(t->sec & (1u << s)))
            continue;
        bprintf(b, "  sector %s {\n", sector_name[s]);
        random_settings(b, "    ", own, lk_sector(s), 1, 0);
        for (int y = 0; y < NSYS; y++)
            if (t->nest & (1u << (s * NSYS + y))) {
                bprintf(b, "    system %s {\n", system_name[y]);
                random_settings(b, "      ", own, lk_nested(s, y), 1, 0);
                bprintf(b, "    }\n");
            }
        bprintf(b, "  }\n");
    }
    for (int y = 0; y < NSYS; y++)
        if (t->sys & (1u << y)) {
            bprintf(b, "  system %s {\n", system_name[y]);
            random_settings(b, "    ", own, lk_system(y), 1, 0);
            bprintf(b, "  }\n");
        }
}


static long ncons, nreq;

static void requirement(Buf *b, const char *ind)
{
    int n = rnd(NNODE);
    nreq++;
    bprintf(b, "%srequire ", ind);
    put_path(b, n);
    switch (rnd(4)) {
    case 0: bprintf(b, " >= %s general", level_text(1 + rnd(2))); break;
    case 1: bprintf(b, " <= 4 system"); break;
    default: bprintf(b, " >= %s", level_text(1 + rnd(2))); break;
    }
    if (chance(50))
        bprintf(b, " because \"%s\"", reasons[rnd(8)]);
    bprintf(b, "\n");
}

static void consideration(Buf *b, const char *ind, int pi)
{
    static const char *const texts[] = {
        "Threat model covers Bluetooth LE, USB and physical access",
        "Firmware images are signed and verified at boot",
        "Remote access goes through the site jump host only",
        "Spare parts are tracked from purchase to disposal",
        "Alarms from the gateway reach the operations desk within five minutes",
    };
    int n = 12 + rnd(NPRAC);
    bprintf(b, "%sconsider %s level %d syn.c%d_%ld \"%s\"\n", ind, node_id[n], 1 + rnd(4), pi, ncons++,
            texts[rnd(5)]);
}

/* Settings covering every node of `mask` in one block (the diamond case):
 * `dim = …` and `domain = …` for those slots, `dim.* = …` for practices. */
static void cover(Buf *b, const char *ind, uint32_t *own, int lk, uint32_t mask)
{
    BlockUse u = {0, 0, 0};
    for (int d = 0; d < NDIM; d++) {
        if (mask & (1u << d))
            setting(b, ind, own, lk, &u, d, 0, 1);
        for (int k = 3; k < 12; k++)
            if (node_dim(k) == d && (mask & (1u << k)))
                setting(b, ind, own, lk, &u, k, 0, 1);
        if (mask & practices_under(d))
            setting(b, ind, own, lk, &u, d, 1, 1);
    }
}

static int pick_bit(uint32_t mask)
{
    int k = rnd(popcount32(mask));
    for (int i = 0; i < 32; i++)
        if ((mask & (1u << i)) && k-- == 0)
            return i;
    return -1;
}

/* Families of trees share a pool of sector and system names; a two-parent
 * profile takes its second parent from a tree of the same family, so every
 * profile of a family has exactly the family's default variants (1 + sectors
 * + systems + nested pairs), whatever its depth.  Mean over the 8 families:
 * 90 / 8 = 11.25 variants per profile. */
enum { NFAM = 8 };
static const char *const family_pool[NFAM][3] = {
    /* sectors, systems, nested sector/system pairs                      variants */
    {"healthcare", "handheld base_station sensor", "healthcare/handheld healthcare/sensor"}, /* 7 */
    {"energy manufacturing", "gateway controller sensor",
     "energy/gateway energy/controller manufacturing/controller manufacturing/sensor"}, /* 10 */
    {"transport energy", "gateway cloud", "transport/gateway transport/cloud energy/gateway"}, /* 8 */
    {"healthcare energy transport", "gateway sensor handheld cloud",
     "healthcare/handheld healthcare/cloud energy/gateway energy/sensor transport/gateway "
     "transport/sensor"}, /* 14 */
    {"manufacturing", "controller sensor gateway cloud",
     "manufacturing/controller manufacturing/sensor manufacturing/gateway"}, /* 9 */
    {"energy healthcare", "base_station gateway sensor",
     "energy/base_station energy/sensor healthcare/base_station healthcare/gateway "
     "healthcare/sensor"}, /* 11 */
    {"transport manufacturing energy healthcare", "gateway controller cloud handheld sensor",
     "transport/gateway transport/cloud manufacturing/controller manufacturing/sensor "
     "energy/gateway energy/controller healthcare/handheld healthcare/cloud"}, /* 18 */
    {"healthcare transport", "handheld base_station cloud gateway",
     "healthcare/handheld healthcare/base_station transport/cloud transport/gateway "
     "healthcare/cloud transport/handheld"}, /* 13 */
};

static int name_index(const char *const *names, int n, const char *w, size_t len)
{
    for (int i = 0; i < n; i++)
        if (strlen(names[i]) == len && !strncmp(names[i], w, len))
            return i;
    fprintf(stderr, "bench-gen: internal error: unknown name '%.*s'\n", (int)len, w);
    exit(1);
}

static void family(int f, uint8_t *sec, uint8_t *sys, uint32_t *nest)
{
    *sec = *sys = 0;
    *nest = 0;
    for (int part = 0; part < 3; part++) {
        const char *w = family_pool[f][part];
        while (*w) {
            size_t len = strcspn(w, " ");
            if (part == 0)
                *sec |= (uint8_t)(1u << name_index(sector_name, NSEC, w, len));
            else if (part == 1)
                *sys |= (uint8_t)(1u << name_index(system_name, NSYS, w, len));
            else {
                size_t slash = strcspn(w, "/");
                int si = name_index(sector_name, NSEC, w, slash);
                int yi = name_index(system_name, NSYS, w + slash + 1, len - slash - 1);
                *nest |= 1u << (si * NSYS + yi);
            }
            w += len;
            while (*w == ' ')
                w++;
        }
    }
}

static void new_tree(int root)
{
    if (ntrees == treecap) {
        treecap = treecap ? treecap * 2 : 64;
        T = xrealloc(T, sizeof *T * (size_t)treecap);
    }
    Tree *t = &T[ntrees++];
    memset(t, 0, sizeof *t);
    t->root = root;
    family((ntrees - 1) % NFAM, &t->sec, &t->sys, &t->nest);
}

static void tree_add(Tree *t, int p)
{
    if (t->n == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 32;
        t->members = xrealloc(t->members, sizeof(int) * (size_t)t->cap);
    }
    t->members[t->n++] = p;
}

/* The linearization of x as a set: list[] and mark[y] == stamp. */
static int *mark_a, *mark_b, *list_a, *list_b, stamp_a, stamp_b;

static int ancestry(int x, int *mark, int stamp, int *list)
{
    int n = 0, top = 0;
    list[n++] = x;
    mark[x] = stamp;
    while (top < n) {
        const Prof *q = &P[list[top++]];
        for (int k = 0; k < q->nparents; k++)
            if (mark[q->parents[k]] != stamp) {
                mark[q->parents[k]] = stamp;
                list[n++] = q->parents[k];
            }
    }
    return n;
}

static void profile_name(Buf *b, int i) { bprintf(b, "syn.p%06d", i); }

/* Write profile i into body; marks files it needs in need[]. */
static void gen_profile(Buf *b, int i, int maxdepth, int per_file, unsigned char *need, long *ndiamond)
{
    Prof *p = &P[i];
    memset(p, 0, sizeof *p);
    uint32_t own[NLAYER] = {0};
    int cur = ntrees - 1;
    uint32_t risky[NLAYER];
    /* choose the parent(s) */
    bool root = ntrees == 0 || P[T[cur].members[T[cur].n - 1]].depth >= maxdepth;
    if (root) {
        new_tree(i);
        cur = ntrees - 1;
    }
    Tree *t = &T[cur];
    if (!root) {
        int last = t->members[t->n - 1];
        int par = last;
        if (!chance(80)) {
            int lo = t->n > 32 ? t->n - 32 : 0;
            for (int tries = 0; tries < 8; tries++) {
                int c = t->members[lo + rnd(t->n - lo)];
                if (P[c].depth < maxdepth) {
                    par = c;
                    break;
                }
            }
        }
        p->parents[0] = par;
        p->nparents = 1;
        if (chance(12)) {
            /* a single-inheritance member of the same tree (sharing the
             * root) that neither derives from the first parent nor is one
             * of its ancestors: C3 then always succeeds, as the second
             * parent's linearization is a chain */
            int na = ancestry(par, mark_a, ++stamp_a, list_a);
            for (int tries = 0; tries < 40; tries++) {
                int c = t->members[rnd(t->n)];
                if (P[c].mrolen != P[c].depth || mark_a[c] == stamp_a)
                    continue;
                int nb = ancestry(c, mark_b, ++stamp_b, list_b);
                if (mark_b[par] == stamp_b)
                    continue;
                /* nodes both exclusive parts set, per layer: the diamond
                 * sets them itself (see the two-parent case below) */
                memset(risky, 0, sizeof risky);
                uint32_t ex_a[NLAYER] = {0}, ex_b[NLAYER] = {0};
                for (int k = 0; k < na; k++)
                    if (mark_b[list_a[k]] != stamp_b)
                        for (int l = 0; l < NLAYER; l++)
                            ex_a[l] |= P[list_a[k]].own[l];
                int extra = 0;
                for (int k = 0; k < nb; k++)
                    if (mark_a[list_b[k]] != stamp_a) {
                        extra++;
                        for (int l = 0; l < NLAYER; l++)
                            ex_b[l] |= P[list_b[k]].own[l];
                    }
                for (int l = 0; l < NLAYER; l++)
                    risky[l] = ex_a[l] & ex_b[l];
                p->parents[1] = c;
                p->nparents = 2;
                p->mrolen = na + extra + 1;
                break;
            }
        }
    }
    p->tree = cur;

    tree_add(t, i);

    /* inherited state */
    if (p->nparents == 0) {
        p->depth = 1;
        p->mrolen = 1;
    } else {
        const Prof *a = &P[p->parents[0]];
        p->depth = a->depth + 1;
        if (p->nparents == 1)
            p->mrolen = a->mrolen + 1;
        p->sec = a->sec, p->sys = a->sys, p->nest = a->nest;
        if (p->nparents == 2) {
            const Prof *c = &P[p->parents[1]];
            p->sec |= c->sec, p->sys |= c->sys, p->nest |= c->nest;
        }
        for (int k = 0; k < p->nparents; k++)
            need[p->parents[k] / per_file] = 1;
    }

    /* header */
    if (chance(30))
        bprintf(b, "// %s profile %d: reviewed by the synthetic security board\n",
                p->nparents == 0 ? "root" : p->nparents == 2 ? "two-parent" : "derived", i);
    bprintf(b, "profile ");
    profile_name(b, i);
    bprintf(b, " \"Synthetic profile %d\"", i);
    if (p->nparents == 0) {
        bprintf(b, " model iic.smm");
    } else {
        bprintf(b, " extends ");
        profile_name(b, p->parents[0]);
        if (p->nparents == 2) {
            bprintf(b, ", ");
            profile_name(b, p->parents[1]);
        }
    }
    bprintf(b, " {\n");
    bprintf(b, "  doc \"Synthetic security maturity target %d (tree %d, depth %d), generated for "
               "the smmc scaling benchmark; its settings, blocks, requirements and considerations "
               "are random but always consistent, so the library compiles without errors.\"\n", i, cur, p->depth);
    if (chance(50))
        bprintf(b, "  tags synthetic, \"bench tree %d\", depth%d\n", cur, p->depth);

    if (p->nparents == 0) {
        /* root: every dimension, and a block for every name of the pool */
        BlockUse u = {0, 0, 0};
        for (int d = 0; d < NDIM; d++)
            setting(b, "  ", own, 0, &u, d, 0, 1);
        if (chance(50))
            requirement(b, "  ");
        root_blocks(b, own, t);
        p->sec |= t->sec, p->sys |= t->sys, p->nest |= t->nest;
    } else if (p->nparents == 2) {
        /* diamond: set every node both ancestries set, layer by layer */
        const uint32_t *inter = risky;
        (*ndiamond)++;
        cover(b, "  ", own, 0, inter[0]);
        if (chance(30))
            requirement(b, "  ");
        for (int s = 0; s < NSEC; s++) {
            int any = inter[lk_sector(s)] != 0;
            for (int y = 0; y < NSYS; y++)
                any |= inter[lk_nested(s, y)] != 0;
            if (!any)
                continue;
            bprintf(b, "  sector %s {\n", sector_name[s]);
            cover(b, "    ", own, lk_sector(s), inter[lk_sector(s)]);
            for (int y = 0; y < NSYS; y++)
                if (inter[lk_nested(s, y)]) {
                    bprintf(b, "    system %s {\n", system_name[y]);
                    cover(b, "      ", own, lk_nested(s, y), inter[lk_nested(s, y)]);
                    bprintf(b, "    }\n");
                }
            bprintf(b, "  }\n");
        }
        for (int y = 0; y < NSYS; y++)
            if (inter[lk_system(y)]) {
                bprintf(b, "  system %s {\n", system_name[y]);
                cover(b, "    ", own, lk_system(y), inter[lk_system(y)]);
                bprintf(b, "  }\n");
            }
    } else {
        /* an ordinary derived profile: a few settings, blocks with names
         * from the tree's pool (the names stay the same: same variants) */
        random_settings(b, "  ", own, 0, 1 + rnd(2), 15);
        if (chance(40))
            requirement(b, "  ");
        if (chance(40))
            consideration(b, "  ", i);
        if (chance(35)) {
            int s = pick_bit(t->sec);
            bprintf(b, "  sector %s {\n", sector_name[s]);
            random_settings(b, "    ", own, lk_sector(s), 1, 5);
            uint32_t pairs = (t->nest >> (s * NSYS)) & ((1u << NSYS) - 1);
            if (pairs && chance(40)) {
                int y = pick_bit(pairs);
                bprintf(b, "    system %s {\n", system_name[y]);
                random_settings(b, "      ", own, lk_nested(s, y), 1, 0);
                if (chance(20))
                    consideration(b, "      ", i);
                bprintf(b, "    }\n");
            }
            bprintf(b, "  }\n");
        }
        if (chance(35)) {
            int y = pick_bit(t->sys);
            bprintf(b, "  system %s {\n", system_name[y]);
            random_settings(b, "    ", own, lk_system(y), 1, 5);
            if (chance(20))
                requirement(b, "    ");
            if (chance(25))
                consideration(b, "    ", i);
            bprintf(b, "  }\n");
        }
    }
    bprintf(b, "}\n\n");
    memcpy(p->own, own, sizeof own);
}

/* ---------------------------------------------------------------- bushy families (-b) */

static long nrestated;

/* Restate node's attributes `attrs` (bit 0 comprehensiveness, bit 1 scope)
 * with the values in *cur_vals, which the merge of the parents chose. */
static void restate(Buf *b, const char *ind, uint32_t *own, int lk, BlockUse *u, int node, int attrs)
{
    if (u->used_plain & (1u << node))
        return;
    u->used_plain |= 1u << node;
    own[lk] |= 1u << node;
    nrestated++;
    int comp = (*cur_vals)[lk][node][0], scope = (*cur_vals)[lk][node][1];
    bprintf(b, "%s%s", ind, node_id[node]);
    if (attrs & 1)
        bprintf(b, " = %s", level_text(comp));
    if (attrs & 2)
        bprintf(b, "%s%s", attrs & 1 ? " " : " scope ", scope_word[scope]);
    bprintf(b, "\n");
}

/* The parents' merged values into cur_vals; the slots they disagree on
 * (conflict[lk][node]: attribute bits) must be restated. */
static void merge_parents(const Prof *p, unsigned char (*conflict)[NNODE])
{
    memcpy(*cur_vals, V[p->parents[0]], sizeof(Vals));
    if (p->nparents < 2)
        return;
    const Vals *o = &V[p->parents[1]];
    for (int l = 0; l < NLAYER; l++)
        for (int x = 0; x < NNODE; x++)
            for (int a = 0; a < 2; a++) {
                signed char mine = (*cur_vals)[l][x][a], theirs = (*o)[l][x][a];
                if (mine < 0)
                    (*cur_vals)[l][x][a] = theirs;
                else if (theirs >= 0 && theirs != mine)
                    conflict[l][x] |= (unsigned char)(1u << a);
            }
}

/* Restatements, block by block: the layers with conflicts. */
static void settle(Buf *b, uint32_t *own, unsigned char (*conflict)[NNODE])
{
    BlockUse u = {0, 0, 0};
    for (int x = 0; x < NNODE; x++)
        if (conflict[0][x])
            restate(b, "  ", own, 0, &u, x, conflict[0][x]);
    for (int sct = 0; sct < NSEC; sct++) {
        int any = 0;
        for (int x = 0; x < NNODE; x++) {
            any |= conflict[lk_sector(sct)][x];
            for (int y = 0; y < NSYS; y++)
                any |= conflict[lk_nested(sct, y)][x];
        }
        if (!any)
            continue;
        bprintf(b, "  sector %s {\n", sector_name[sct]);
        u = (BlockUse){0, 0, 0};
        for (int x = 0; x < NNODE; x++)
            if (conflict[lk_sector(sct)][x])
                restate(b, "    ", own, lk_sector(sct), &u, x, conflict[lk_sector(sct)][x]);
        for (int y = 0; y < NSYS; y++) {
            int l = lk_nested(sct, y), here = 0;
            for (int x = 0; x < NNODE; x++)
                here |= conflict[l][x];
            if (!here)
                continue;
            bprintf(b, "    system %s {\n", system_name[y]);
            u = (BlockUse){0, 0, 0};
            for (int x = 0; x < NNODE; x++)
                if (conflict[l][x])
                    restate(b, "      ", own, l, &u, x, conflict[l][x]);
            bprintf(b, "    }\n");
        }
        bprintf(b, "  }\n");
    }
    for (int y = 0; y < NSYS; y++) {
        int l = lk_system(y), here = 0;
        for (int x = 0; x < NNODE; x++)
            here |= conflict[l][x];
        if (!here)
            continue;
        bprintf(b, "  system %s {\n", system_name[y]);
        u = (BlockUse){0, 0, 0};
        for (int x = 0; x < NNODE; x++)
            if (conflict[l][x])
                restate(b, "    ", own, l, &u, x, conflict[l][x]);
        bprintf(b, "  }\n");
    }
}

static int bushy_level(int k, int maxdepth)
{
    return k == 0 ? 0 : 1 + (k - 1) * (maxdepth - 1) / 99;
}

/* A random member of family f on level `level` (members are in level order). */
static int member_on_level(int f, int level, int maxdepth)
{
    int lo = 0;
    while (bushy_level(lo, maxdepth) < level)
        lo++;
    int hi = lo;
    while (hi + 1 < 100 && bushy_level(hi + 1, maxdepth) == level)
        hi++;
    return f * 100 + lo + rnd(hi - lo + 1);
}

/* Profile i = member k of family f (one file each). */
static void gen_bushy_profile(Buf *b, int i, int maxdepth, unsigned char *need, long *ndiamond)
{
    Prof *p = &P[i];
    memset(p, 0, sizeof *p);
    int f = i / 100, k = i % 100;
    uint32_t own[NLAYER] = {0};
    static unsigned char conflict[NLAYER][NNODE];
    memset(conflict, 0, sizeof conflict);
    cur_vals = &V[i];
    memset(*cur_vals, -1, sizeof(Vals));
    if (k == 0)
        new_tree(i);
    Tree *t = &T[f];
    p->tree = f;
    tree_add(t, i);
    if (k > 0) {
        int level = bushy_level(k, maxdepth);
        int par = member_on_level(f, level - 1, maxdepth);
        p->parents[0] = par;
        p->nparents = 1;
        p->depth = level + 1;
        p->mrolen = P[par].mrolen + 1;
        if (f >= NFAM && chance(10)) {
            /* from another family with the same names (so the variants
             * stay the family's) whose linearization is a chain (so chains
             * stay short), sharing no ancestor: C3 always succeeds */
            int na = ancestry(par, mark_a, ++stamp_a, list_a);
            for (int tries = 0; tries < 40; tries++) {
                int c = (f % NFAM + NFAM * rnd(f / NFAM)) * 100 + rnd(100);
                if (P[c].mrolen != P[c].depth)
                    continue;
                int nb = ancestry(c, mark_b, ++stamp_b, list_b), shared = 0;
                for (int x = 0; x < nb && !shared; x++)
                    shared = mark_a[list_b[x]] == stamp_a;
                if (shared)
                    continue;
                p->parents[1] = c;
                p->nparents = 2;
                p->mrolen = na + nb + 1;
                break;
            }
        }
        const Prof *a = &P[par];
        p->sec = a->sec, p->sys = a->sys, p->nest = a->nest;
        if (p->nparents == 2) {
            const Prof *c = &P[p->parents[1]];
            p->sec |= c->sec, p->sys |= c->sys, p->nest |= c->nest;
            need[c->tree] = 1;
            (*ndiamond)++;
        }
        merge_parents(p, conflict);
    } else {
        p->depth = 1;
        p->mrolen = 1;
    }

    bprintf(b, "profile ");
    profile_name(b, i);
    bprintf(b, " \"Synthetic profile %d\"", i);
    if (k == 0) {
        bprintf(b, " model iic.smm");
    } else {
        bprintf(b, " extends ");
        profile_name(b, p->parents[0]);
        if (p->nparents == 2) {
            bprintf(b, ", ");
            profile_name(b, p->parents[1]);
        }
    }
    bprintf(b, " {\n  doc \"Synthetic security maturity target %d (family %d, level %d), generated for the "
               "smmc scaling benchmark.\"\n", i, f, p->depth - 1);
    if (chance(50))
        bprintf(b, "  tags synthetic, \"bench family %d\"\n", f);
    if (k == 0) {
        house = 1;
        BlockUse u = {0, 0, 0};
        for (int d = 0; d < NDIM; d++)
            setting(b, "  ", own, 0, &u, d, 0, 1);
        root_blocks(b, own, t);
        house = 0;
        p->sec = t->sec, p->sys = t->sys, p->nest = t->nest;
    } else if (p->nparents == 2) {
        settle(b, own, conflict);
        if (chance(30))
            requirement(b, "  ");
    } else {
        random_settings(b, "  ", own, 0, 1 + rnd(2), 15);
        if (chance(40))
            requirement(b, "  ");
        if (chance(40))
            consideration(b, "  ", i);
        if (chance(35)) {
            int sct = pick_bit(t->sec);
            bprintf(b, "  sector %s {\n", sector_name[sct]);
            random_settings(b, "    ", own, lk_sector(sct), 1, 5);
            uint32_t pairs = (t->nest >> (sct * NSYS)) & ((1u << NSYS) - 1);
            if (pairs && chance(40)) {
                int y = pick_bit(pairs);
                bprintf(b, "    system %s {\n", system_name[y]);
                random_settings(b, "      ", own, lk_nested(sct, y), 1, 0);
                bprintf(b, "    }\n");
            }
            bprintf(b, "  }\n");
        }
        if (chance(35)) {
            int y = pick_bit(t->sys);
            bprintf(b, "  system %s {\n", system_name[y]);
            random_settings(b, "    ", own, lk_system(y), 1, 5);
            if (chance(25))
                consideration(b, "    ", i);
            bprintf(b, "  }\n");
        }
    }
    bprintf(b, "}\n\n");
    memcpy(p->own, own, sizeof own);
    cur_vals = NULL;
}

/* ---------------------------------------------------------------- assessments */

static void gen_assessment(Buf *b, int k, int target, int per_file, unsigned char *need)
{
    const Prof *p = &P[target];
    need[target / per_file] = 1;
    bprintf(b, "assessment syn.a%06d \"Synthetic assessment %d\" {\n  target ", k, k);
    profile_name(b, target);
    if (p->sec && chance(50))
        bprintf(b, " sector %s", sector_name[pick_bit(p->sec)]);
    if (p->sys && chance(50))
        bprintf(b, " system %s", system_name[pick_bit(p->sys)]);
    bprintf(b, "\n  date 2026-%02d-%02d\n  assessor \"Synthetic assessor %d\"\n", 1 + rnd(12), 1 + rnd(28),
            rnd(50));
    uint32_t done = 0;
    int lines = 6 + rnd(7);
    for (int j = 0; j < lines; j++) {
        int n = 12 + rnd(NPRAC);
        if (done & (1u << n))
            continue;
        done |= 1u << n;
        if (chance(8)) {
            bprintf(b, "  %s not_applicable because \"not in scope for this system\"\n", node_id[n]);
            continue;
        }
        bprintf(b, "  %s = %d %s", node_id[n], rnd(5), scope_word[rnd(3)]);
        if (chance(60))
            bprintf(b, " evidence \"document %d-%d\"", k, j);
        bprintf(b, "\n");
    }
    if (chance(30)) {
        int n = 12 + rnd(NPRAC);
        bprintf(b, "  waive %s because \"remediation scheduled\" until 2027-%02d-15 owner \"team %d\"\n",
                node_id[n], 1 + rnd(12), rnd(9));
    }
    int mets = rnd(3);
    for (int j = 0; j < mets; j++)
        bprintf(b, "  met %s evidence \"record %d\"\n", model_considers[rnd(8)], j);
    bprintf(b, "}\n\n");
}

/* ---------------------------------------------------------------- main */

static void usage(void)
{
    fputs("usage: bench-gen -n N [-d MAXDEPTH] [-s SEED] [-b] -o DIR\n"
          "  -b  bushy families of 100 (each member one level below a random member of the\n"
          "      level above; second parents from other families, restating what they disagree on)\n",
          stderr);
    exit(2);
}

int main(int argc, char **argv)
{
    long n = -1;
    int maxdepth = 32;
    uint64_t seed = 20260101;
    const char *dir = NULL;
    bool bushy = false;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-b"))
            bushy = true;
        else if (!strcmp(argv[i], "-n") && i + 1 < argc)
            n = strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "-d") && i + 1 < argc)
            maxdepth = (int)strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "-s") && i + 1 < argc)
            seed = strtoull(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "-o") && i + 1 < argc)
            dir = argv[++i];
        else
            usage();
    }
    if (n < 1 || n > 999999 || maxdepth < 1 || (bushy && maxdepth < 2) || !dir)
        usage();
    rng_state = seed;
    const int per_file = 100;
    int nfiles = (int)((n + per_file - 1) / per_file);
    int width = nfiles > 9999 ? 6 : 4;
    char path[4096];
    snprintf(path, sizeof path, "%s/lib", dir);
    mkdir_p(path);
    snprintf(path, sizeof path, "%s/assess", dir);
    mkdir_p(path);

    P = xrealloc(NULL, sizeof *P * (size_t)n);
    mark_a = calloc((size_t)n, sizeof(int));
    mark_b = calloc((size_t)n, sizeof(int));
    list_a = xrealloc(NULL, sizeof(int) * (size_t)n);
    list_b = xrealloc(NULL, sizeof(int) * (size_t)n);
    if (!mark_a || !mark_b)
        return 1;
    if (bushy)
        V = xrealloc(NULL, sizeof *V * (size_t)n);
    unsigned char *need = xrealloc(NULL, (size_t)nfiles);
    size_t lib_bytes = 0, assess_bytes = 0, other_bytes = 0;
    long ndiamond = 0;
    Buf all = {0}, head = {0}, body = {0};
    bprintf(&all, "// generated by bench-gen -n %ld -d %d -s %llu%s: every library file\n", n, maxdepth,
            (unsigned long long)seed, bushy ? " -b" : "");
    for (int f = 0; f < nfiles; f++) {
        memset(need, 0, (size_t)nfiles);
        body.n = 0;
        for (long i = (long)f * per_file; i < n && i < (long)(f + 1) * per_file; i++)
            if (bushy)
                gen_bushy_profile(&body, (int)i, maxdepth, need, &ndiamond);
            else
                gen_profile(&body, (int)i, maxdepth, per_file, need, &ndiamond);
        head.n = 0;
        bprintf(&head, "// generated by bench-gen: profiles %d..%ld\nimport iic.smm\n", f * per_file,
                ((long)(f + 1) * per_file < n ? (long)(f + 1) * per_file : n) - 1);
        for (int g = 0; g < f; g++)
            if (need[g])
                bprintf(&head, "import lib.p%0*d\n", width, g);
        bprintf(&head, "\n");
        snprintf(path, sizeof path, "%s/lib/p%0*d.smm", dir, width, f);
        write_file(path, &head, &body, &lib_bytes);
        bprintf(&all, "import lib.p%0*d\n", width, f);
    }
    snprintf(path, sizeof path, "%s/all.smm", dir);
    write_file(path, NULL, &all, &other_bytes);

    long nassess = n / 10 > 0 ? n / 10 : 1;
    int nafiles = (int)((nassess + per_file - 1) / per_file);
    all.n = 0;
    bprintf(&all, "// generated by bench-gen: every assessment file\n");
    for (int f = 0; f < nafiles; f++) {
        memset(need, 0, (size_t)nfiles);
        body.n = 0;
        for (long k = (long)f * per_file; k < nassess && k < (long)(f + 1) * per_file; k++)
            gen_assessment(&body, (int)k, rnd((int)n), per_file, need);
        head.n = 0;
        bprintf(&head, "// generated by bench-gen: assessments\n");
        for (int g = 0; g < nfiles; g++)
            if (need[g])
                bprintf(&head, "import lib.p%0*d\n", width, g);
        bprintf(&head, "\n");
        snprintf(path, sizeof path, "%s/assess/a%0*d.smm", dir, width, f);
        write_file(path, &head, &body, &assess_bytes);
        bprintf(&all, "import assess.a%0*d\n", width, f);
    }
    snprintf(path, sizeof path, "%s/check.smm", dir);
    write_file(path, NULL, &all, &other_bytes);

    /* report */
    long variants = 0, maxd = 0, roots = 0, summro = 0, maxmro = 0;
    for (long i = 0; i < n; i++) {
        const Prof *p = &P[i];
        variants += 1 + popcount32(p->sec) + popcount32(p->sys) + popcount32(p->nest);
        if (p->depth > maxd)
            maxd = p->depth;
        roots += p->nparents == 0;
        summro += p->mrolen;
        if (p->mrolen > maxmro)
            maxmro = p->mrolen;
    }
    Buf rep = {0};
    bprintf(&rep,
            "profiles=%ld\nmaxdepth=%d\nseed=%llu\nlib_files=%d\nlib_bytes=%zu\nassessments=%ld\n"
            "assess_bytes=%zu\nvariants=%ld\nvariants_per_profile=%.2f\ntrees=%ld\ndiamonds=%ld\n"
            "deepest_chain=%ld\nmean_linearization=%.1f\nlongest_linearization=%ld\nconsiderations=%ld\nrequirements=%ld\nbytes_per_profile=%.0f\n"
            "shape=%s\nrestated_per_diamond=%.2f\n",
            n, maxdepth, (unsigned long long)seed, nfiles, lib_bytes, nassess, assess_bytes, variants,
            (double)variants / (double)n, roots, ndiamond, maxd, (double)summro / (double)n, maxmro, ncons, nreq,
            (double)lib_bytes / (double)n, bushy ? "bushy" : "trees",
            ndiamond ? (double)nrestated / (double)ndiamond : 0.0);
    snprintf(path, sizeof path, "%s/report.txt", dir);
    write_file(path, NULL, &rep, &other_bytes);
    fwrite(rep.s, 1, rep.n, stdout);
    return 0;
}
