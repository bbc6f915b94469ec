// SPDX-License-Identifier: GPL-2.0
/*
 * memcg_kmem_top - kernel memory per memory cgroup and per slab cache, for
 * a whole cgroup v2 hierarchy, sorted (what slabtop shows system-wide).
 *
 *   memcg_kmem_top [-cbh] [-s KEY] [-n N] [-C N] [-d SECONDS [-i COUNT]]
 *                  [-r ROOT | ROOT]
 *
 * It reads only cgroupfs files, those of CONFIG_MEMCG_KMEM_CACHES
 * (Documentation/admin-guide/mm/memcg_kmem.rst):
 *
 *   memory.kmem.current   kernel memory charged to the cgroup and its
 *                         descendants, in bytes
 *   memory.kmem.max       its limit: "max" or bytes
 *   memory.kmem.events    "max", "reclaim", "over" and "fail" counts
 *   memory.kmem.slabinfo  the cgroup's caches, in the format of
 *                         /proc/slabinfo; lines ending in ": per-object"
 *                         are objects charged one by one in a shared cache
 *
 * ROOT (default /sys/fs/cgroup) and every directory below it is a cgroup;
 * symbolic links are not followed. One line per cgroup:
 *
 *   CURRENT  memory.kmem.current
 *   LIMIT    memory.kmem.max: "max" or a size
 *   EV_MAX, EV_RECL, EV_OVER, EV_FAIL
 *            the max, reclaim, over and fail counts of memory.kmem.events
 *            (charges that met the limit, reclaim rounds, charges let past
 *            it, charges refused)
 *   CACHES   the caches listed in memory.kmem.slabinfo (a cache with both
 *            a child cache line and a per-object line counts once)
 *   SLAB     the cgroup's slab bytes, computed as memory.stat's "slab" is:
 *            num_slabs * pagesperslab * page size for each child cache
 *            line, active_objs * objsize for each per-object line
 *   CGROUP   the path relative to ROOT ("." for ROOT itself), the last
 *            field: it may hold spaces; control characters and '\' are
 *            printed as \ooo
 *
 * CURRENT, LIMIT, SLAB and BYTES are sizes in powers of 1024 with a K, M,
 * G, T, P or E suffix (bytes below 1K have none); -b prints bytes. A file
 * a cgroup does not have (the root cgroup, a kernel without the series, a
 * cgroup without the memory controller) or cannot be parsed shows as "-";
 * an event key missing from memory.kmem.events too. A malformed line of
 * memory.kmem.slabinfo or memory.kmem.events is skipped, with a warning
 * on stderr; so is a cgroup that cannot be read (one removed during the
 * walk is skipped silently).
 *
 * -c adds, under each cgroup, one line per memory.kmem.slabinfo line:
 *
 *   ACTIVE   active_objs
 *   OBJS     num_objs
 *   OBJSIZE  objsize, in bytes
 *   BYTES    as for SLAB: the child cache's slabs, or the per-object bytes
 *   TYPE     "child" (the cgroup's child cache) or "per-object"
 *   CACHE    the name of the shared cache
 *
 * sorted by BYTES, largest first. A second header line names these.
 *
 * Sort keys (-s): current (the default), slab, caches and events, largest
 * first; events compares EV_FAIL, then EV_OVER, then EV_MAX; name sorts
 * by path, parents before their children. Cgroups with "-" for the key
 * come last; ties go by path. CURRENT and the events count a cgroup's
 * descendants too, so a parent sorts before its children by them; SLAB
 * and CACHES are the cgroup's own (its tasks' caches and what its deleted
 * descendants left charged per object). -n N shows the first N cgroups of
 * the sorted list, -C N the first N caches of each.
 *
 * Without -d the tool prints once. -d SECONDS prints again every SECONDS
 * (fractions allowed), a blank line between, until interrupted or until
 * -i COUNT outputs are printed.
 *
 * Exit status: 0; 1 if ROOT cannot be read (it does not exist, is not a
 * directory) or memory runs out; 2 for a usage error.
 *
 * Build: gcc -O2 -Wall -Wextra -o memcg_kmem_top memcg_kmem_top.c
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_ROOT	"/sys/fs/cgroup"
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static const char *prog = "memcg_kmem_top";

static const char usage_text[] =
"Usage: memcg_kmem_top [OPTION]... [ROOT]\n"
"Show kernel memory (memory.kmem.*) per cgroup of a cgroup v2 hierarchy,\n"
"sorted, with -c per slab cache.\n"
"\n"
"  -r, --root ROOT     the hierarchy to show (default " DEFAULT_ROOT ");\n"
"                      ROOT may also be given as the operand\n"
"  -s, --sort KEY      current (default), slab, caches, events: largest\n"
"                      first (events: fail, then over, then max); name:\n"
"                      by path, parents first\n"
"  -n, --top N         show the first N cgroups only (0: all, the default)\n"
"  -c, --caches        one line per cache under each cgroup\n"
"  -C, --top-caches N  at most N caches per cgroup, 0: all (implies -c)\n"
"  -b, --bytes         sizes in bytes, not K/M/G\n"
"  -d, --delay SECONDS print again every SECONDS until interrupted\n"
"  -i, --iterations COUNT\n"
"                      with -d, stop after COUNT outputs\n"
"  -h, --help          show this help\n"
"\n"
"Columns: CURRENT memory.kmem.current, LIMIT memory.kmem.max, EV_MAX\n"
"EV_RECL EV_OVER EV_FAIL the max, reclaim, over and fail counts of\n"
"memory.kmem.events, CACHES the caches in memory.kmem.slabinfo, SLAB their\n"
"bytes (num_slabs * pagesperslab * page size for child caches,\n"
"active_objs * objsize for per-object lines, as memory.stat's slab), CGROUP\n"
"the path relative to ROOT (\".\" is ROOT), the last field.\n"
"With -c: ACTIVE active_objs, OBJS num_objs, OBJSIZE objsize, BYTES as for\n"
"SLAB, TYPE child or per-object, CACHE the cache's name.\n"
"A missing or unreadable value shows as \"-\".\n"
"\n"
"Exit status: 0 on success, 1 if ROOT cannot be read, 2 on a usage error.\n";

enum sort_key { SORT_CURRENT, SORT_SLAB, SORT_CACHES, SORT_EVENTS, SORT_NAME };

static const char * const sort_names[] = {
	[SORT_CURRENT]	= "current",
	[SORT_SLAB]	= "slab",
	[SORT_CACHES]	= "caches",
	[SORT_EVENTS]	= "events",
	[SORT_NAME]	= "name",
};

/* The keys of memory.kmem.events, in the order of the columns. */
enum { EV_MAX, EV_RECLAIM, EV_OVER, EV_FAIL, NR_EVENTS };

static const char * const event_keys[NR_EVENTS] = {
	[EV_MAX]	= "max",
	[EV_RECLAIM]	= "reclaim",
	[EV_OVER]	= "over",
	[EV_FAIL]	= "fail",
};

struct cache_row {
	char *name;
	uint64_t active;
	uint64_t num;
	uint64_t objsize;
	uint64_t bytes;
	bool per_object;
};

struct cgroup {
	char *path;		/* relative to ROOT, "" for ROOT */
	bool has_current;
	uint64_t current;
	enum { LIMIT_NONE, LIMIT_MAX, LIMIT_BYTES } limit;
	uint64_t max;
	bool has_event[NR_EVENTS];
	uint64_t event[NR_EVENTS];
	bool has_slabinfo;
	uint64_t slab;
	size_t ncaches;		/* distinct cache names */
	struct cache_row *rows;	/* only with -c */
	size_t nrows;
};

static struct {
	const char *root;
	enum sort_key sort;
	size_t top;		/* 0: all */
	bool caches;
	size_t top_caches;	/* 0: all */
	bool bytes;
	double delay;		/* 0: once */
	unsigned long iterations; /* 0: forever */
} opt = { .root = DEFAULT_ROOT, .sort = SORT_CURRENT };

static uint64_t page_size;
static bool found_kmem;		/* some cgroup has a memory.kmem.* file */

/* "memcg_kmem_top: " and the message, on stderr. */
static void vmessage(const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", prog);
	vfprintf(stderr, fmt, ap);
}

static void warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

static void usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s --help' for more information.\n", prog);
	exit(2);
}

static void *xrealloc(void *p, size_t n, size_t size)
{
	size_t bytes;

	if (__builtin_mul_overflow(n, size, &bytes))
		die("out of memory");
	p = realloc(p, bytes ? bytes : 1);
	if (!p)
		die("out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		die("out of memory");
	return d;
}

/* Grow *array of *cap elements of size so that it holds n + 1. */
static void *grow(void *array, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return array;
	*cap = *cap ? *cap * 2 : 16;
	if (*cap <= n)
		die("out of memory");
	return xrealloc(array, *cap, size);
}

static uint64_t add_sat(uint64_t a, uint64_t b)
{
	uint64_t r;

	return __builtin_add_overflow(a, b, &r) ? UINT64_MAX : r;
}

static uint64_t mul_sat(uint64_t a, uint64_t b)
{
	uint64_t r;

	return __builtin_mul_overflow(a, b, &r) ? UINT64_MAX : r;
}

/* A decimal number of digits only (no sign, no space), in 64 bits. */
static bool parse_u64(const char *s, uint64_t *val)
{
	uint64_t v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return false;
		if (__builtin_mul_overflow(v, 10, &v) ||
		    __builtin_add_overflow(v, (uint64_t)(*s - '0'), &v))
			return false;
	}
	*val = v;
	return true;
}

/*
 * Read the file name of directory dfd whole, NUL-terminated (cgroupfs files
 * have no meaningful size: read to EOF). NULL with errno set on failure.
 */
static char *read_file_at(int dfd, const char *name, size_t *lenp)
{
	size_t len = 0, cap = 4096;
	char *buf;
	int fd, err;

	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	buf = xrealloc(NULL, cap, 1);
	for (;;) {
		ssize_t n;

		if (cap - len < 2) {
			cap *= 2;
			buf = xrealloc(buf, cap, 1);
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err = errno;
			free(buf);
			close(fd);
			errno = err;
			return NULL;
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	*lenp = len;
	return buf;
}

/*
 * Split line (modified) into whitespace-separated words; *words and *cap
 * are reused between calls. Returns the number of words.
 */
static size_t split_words(char *line, char ***words, size_t *cap)
{
	size_t n = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p)
			break;
		*words = grow(*words, cap, n, sizeof(**words));
		(*words)[n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		if (*p)
			*p++ = '\0';
	}
	return n;
}

/*
 * Call fn for each line of buf (len bytes, NUL-terminated), modified in
 * place. A line holding a NUL byte is passed as NULL (malformed).
 */
static void parse_lines(char *buf, size_t len,
			void (*fn)(char *line, void *arg), void *arg)
{
	char *p = buf, *end = buf + len;

	while (p < end) {
		char *nl = memchr(p, '\n', end - p);
		char *eol = nl ? nl : end;

		*eol = '\0';
		fn(strlen(p) == (size_t)(eol - p) ? p : NULL, arg);
		p = eol + 1;
	}
}

/* The whole content of a one-value file, without trailing whitespace. */
static char *trim(char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strlen(s);
	while (n && strchr(" \t\r\n", s[n - 1]))
		s[--n] = '\0';
	return s;
}

struct parse_ctx {
	struct cgroup *cg;
	char **words;
	size_t words_cap;
	size_t bad;
	size_t rows_cap;
	struct cache_row *rows;	/* all rows, also without -c (for ncaches) */
	size_t nrows;
};

static void parse_event_line(char *line, void *arg)
{
	struct parse_ctx *ctx = arg;
	uint64_t v;
	size_t n;
	int i;

	if (!line) {
		ctx->bad++;
		return;
	}
	n = split_words(line, &ctx->words, &ctx->words_cap);
	if (!n)
		return;
	if (n != 2 || !parse_u64(ctx->words[1], &v)) {
		ctx->bad++;
		return;
	}
	for (i = 0; i < NR_EVENTS; i++) {
		if (!strcmp(ctx->words[0], event_keys[i])) {
			ctx->cg->event[i] = v;
			ctx->cg->has_event[i] = true;
		}
	}
}

/*
 * A line of memory.kmem.slabinfo, as /proc/slabinfo's:
 *   name active_objs num_objs objsize objperslab pagesperslab
 *   : tunables limit batchcount sharedfactor
 *   : slabdata active_slabs num_slabs sharedavail [: per-object]
 * Words after sharedavail are allowed (SLAB's statistics in /proc/slabinfo
 * add some); the line is a per-object one if its last word is per-object.
 */
static void parse_slabinfo_line(char *line, void *arg)
{
	struct parse_ctx *ctx = arg;
	uint64_t v[16];
	struct cache_row *row;
	size_t n, i;
	char **w;

	if (!line) {
		ctx->bad++;
		return;
	}
	n = split_words(line, &ctx->words, &ctx->words_cap);
	w = ctx->words;
	if (!n || w[0][0] == '#' || (n >= 2 && !strcmp(w[0], "slabinfo") &&
				     !strcmp(w[1], "-")))
		return;
	if (n < 16 || strcmp(w[6], ":") || strcmp(w[7], "tunables") ||
	    strcmp(w[11], ":") || strcmp(w[12], "slabdata")) {
		ctx->bad++;
		return;
	}
	for (i = 1; i < 16; i++) {
		if (i == 6 || i == 7 || i == 11 || i == 12)
			continue;
		if (!parse_u64(w[i], &v[i])) {
			ctx->bad++;
			return;
		}
	}
	ctx->rows = grow(ctx->rows, &ctx->rows_cap, ctx->nrows,
			 sizeof(*ctx->rows));
	row = &ctx->rows[ctx->nrows++];
	row->name = xstrdup(w[0]);
	row->active = v[1];
	row->num = v[2];
	row->objsize = v[3];
	row->per_object = n > 16 && !strcmp(w[n - 1], "per-object");
	if (row->per_object)
		row->bytes = mul_sat(v[1], v[3]);
	else
		row->bytes = mul_sat(mul_sat(v[14], v[5]), page_size);
}

static int cmp_row_name(const void *a, const void *b)
{
	const struct cache_row *x = a, *y = b;

	return strcmp(x->name, y->name);
}

static int cmp_row_bytes(const void *a, const void *b)
{
	const struct cache_row *x = a, *y = b;
	int c;

	if (x->bytes != y->bytes)
		return x->bytes > y->bytes ? -1 : 1;
	c = strcmp(x->name, y->name);
	if (c)
		return c;
	return (int)x->per_object - (int)y->per_object;
}

static void free_rows(struct cache_row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(rows[i].name);
	free(rows);
}

/* Warn about a file that exists but could not be read. */
static void warn_read(const char *rel, const char *file)
{
	if (errno != ENOENT && errno != ENODEV)
		warnx("%s%s%s: %s", rel, *rel ? "/" : "", file,
		      strerror(errno));
}

static void read_slabinfo(int dfd, struct cgroup *cg, struct parse_ctx *ctx)
{
	size_t len, i;
	char *buf;

	buf = read_file_at(dfd, "memory.kmem.slabinfo", &len);
	if (!buf) {
		warn_read(cg->path, "memory.kmem.slabinfo");
		return;
	}
	found_kmem = true;
	cg->has_slabinfo = true;
	ctx->bad = 0;
	parse_lines(buf, len, parse_slabinfo_line, ctx);
	free(buf);
	if (ctx->bad)
		warnx("%s%smemory.kmem.slabinfo: %zu malformed line%s skipped",
		      cg->path, *cg->path ? "/" : "", ctx->bad,
		      ctx->bad == 1 ? "" : "s");

	if (ctx->nrows)
		qsort(ctx->rows, ctx->nrows, sizeof(*ctx->rows),
		      cmp_row_name);
	for (i = 0; i < ctx->nrows; i++) {
		cg->slab = add_sat(cg->slab, ctx->rows[i].bytes);
		if (!i || strcmp(ctx->rows[i].name, ctx->rows[i - 1].name))
			cg->ncaches++;
	}
	if (opt.caches) {
		if (ctx->nrows)
			qsort(ctx->rows, ctx->nrows, sizeof(*ctx->rows),
			      cmp_row_bytes);
		cg->rows = ctx->rows;
		cg->nrows = ctx->nrows;
	} else {
		free_rows(ctx->rows, ctx->nrows);
	}
	ctx->rows = NULL;
	ctx->nrows = 0;
	ctx->rows_cap = 0;
}

static void read_events(int dfd, struct cgroup *cg, struct parse_ctx *ctx)
{
	size_t len;
	char *buf;

	buf = read_file_at(dfd, "memory.kmem.events", &len);
	if (!buf) {
		warn_read(cg->path, "memory.kmem.events");
		return;
	}
	found_kmem = true;
	ctx->bad = 0;
	parse_lines(buf, len, parse_event_line, ctx);
	free(buf);
	if (ctx->bad)
		warnx("%s%smemory.kmem.events: %zu malformed line%s skipped",
		      cg->path, *cg->path ? "/" : "", ctx->bad,
		      ctx->bad == 1 ? "" : "s");
}

/*
 * A one-value file: 1 for "max" (if max_ok), 0 for a number (in *val), -1
 * if the file is missing or malformed.
 */
static int read_value(int dfd, struct cgroup *cg, const char *file,
		      bool max_ok, uint64_t *val)
{
	size_t len;
	char *buf, *s;
	int ret = -1;

	buf = read_file_at(dfd, file, &len);
	if (!buf) {
		warn_read(cg->path, file);
		return -1;
	}
	found_kmem = true;
	/* No NUL byte inside: trim() and parse_u64() see all of it. */
	s = memchr(buf, '\0', len) ? NULL : trim(buf);
	if (s && max_ok && !strcmp(s, "max"))
		ret = 1;
	else if (s && parse_u64(s, val))
		ret = 0;
	else
		warnx("%s%s%s: malformed", cg->path, *cg->path ? "/" : "",
		      file);
	free(buf);
	return ret;
}

static void read_cgroup(int dfd, struct cgroup *cg, struct parse_ctx *ctx)
{
	uint64_t v;
	int r;

	ctx->cg = cg;
	if (read_value(dfd, cg, "memory.kmem.current", false, &v) == 0) {
		cg->has_current = true;
		cg->current = v;
	}
	r = read_value(dfd, cg, "memory.kmem.max", true, &v);
	if (r == 1) {
		cg->limit = LIMIT_MAX;
	} else if (r == 0) {
		cg->limit = LIMIT_BYTES;
		cg->max = v;
	}
	read_events(dfd, cg, ctx);
	read_slabinfo(dfd, cg, ctx);
}

/*
 * open() a directory; a path longer than PATH_MAX (a deep hierarchy) is
 * opened one component at a time.
 */
static int open_dir(const char *path)
{
	const int flags = O_RDONLY | O_DIRECTORY | O_CLOEXEC;
	char *copy, *comp, *save;
	int fd, nfd, err;

	fd = open(path, flags);
	if (fd >= 0 || errno != ENAMETOOLONG)
		return fd;
	fd = open(*path == '/' ? "/" : ".", flags);
	if (fd < 0)
		return fd;
	copy = xstrdup(path);
	for (comp = strtok_r(copy, "/", &save); comp;
	     comp = strtok_r(NULL, "/", &save)) {
		nfd = openat(fd, comp, flags);
		err = errno;
		close(fd);
		if (nfd < 0) {
			free(copy);
			errno = err;
			return -1;
		}
		fd = nfd;
	}
	free(copy);
	return fd;
}

struct tree {
	struct cgroup *cgs;
	size_t n, cap;
};

/*
 * Walk ROOT without recursion: a stack of directories still to read, each
 * read and closed before its subdirectories are, so that the depth of the
 * hierarchy costs no file descriptors.
 */
static void walk(struct tree *t)
{
	size_t rootlen = strlen(opt.root), nstack = 0, stack_cap = 0;
	char **stack = NULL;
	struct parse_ctx ctx = { 0 };

	stack = grow(stack, &stack_cap, 0, sizeof(*stack));
	stack[nstack++] = xstrdup(opt.root);
	while (nstack) {
		char *path = stack[--nstack];
		const char *rel = path + rootlen;
		struct cgroup *cg;
		struct dirent *de;
		DIR *dir;
		int dfd;

		while (*rel == '/')
			rel++;
		dfd = open_dir(path);
		if (dfd < 0) {
			if (!*rel)
				die("cannot open %s: %s", path,
				    strerror(errno));
			if (errno != ENOENT)
				warnx("%s: %s: skipped", path,
				      strerror(errno));
			free(path);
			continue;
		}
		t->cgs = grow(t->cgs, &t->cap, t->n, sizeof(*t->cgs));
		cg = &t->cgs[t->n++];
		memset(cg, 0, sizeof(*cg));
		cg->path = xstrdup(rel);
		read_cgroup(dfd, cg, &ctx);

		dir = fdopendir(dfd);
		if (!dir) {
			warnx("%s: %s: subdirectories skipped", path,
			      strerror(errno));
			close(dfd);
			free(path);
			continue;
		}
		errno = 0;
		while ((de = readdir(dir))) {
			bool is_dir = de->d_type == DT_DIR;
			struct stat st;
			size_t plen, nlen;
			char *sub;

			if (!strcmp(de->d_name, ".") ||
			    !strcmp(de->d_name, ".."))
				continue;
			if (de->d_type == DT_UNKNOWN)
				is_dir = !fstatat(dfd, de->d_name, &st,
						  AT_SYMLINK_NOFOLLOW) &&
					 S_ISDIR(st.st_mode);
			if (!is_dir)
				continue;
			plen = strlen(path);
			nlen = strlen(de->d_name);
			sub = xrealloc(NULL, plen + nlen + 2, 1);
			memcpy(sub, path, plen);
			if (plen && path[plen - 1] != '/')
				sub[plen++] = '/';
			memcpy(sub + plen, de->d_name, nlen + 1);
			stack = grow(stack, &stack_cap, nstack,
				     sizeof(*stack));
			stack[nstack++] = sub;
		}
		if (errno && errno != ENOENT)
			warnx("%s: %s: some subdirectories skipped", path,
			      strerror(errno));
		closedir(dir);
		free(path);
	}
	free(stack);
	free(ctx.words);
}

/*
 * Paths in tree order: '/' sorts before every other byte, so a cgroup comes
 * right before its descendants, and "a/b" before "a-b".
 */
static int cmp_path(const char *a, const char *b)
{
	const unsigned char *x = (const void *)a, *y = (const void *)b;

	while (*x && *x == *y) {
		x++;
		y++;
	}
	if (*x == *y)
		return 0;
	if (!*x || *x == '/')
		return *y ? -1 : 1;
	if (!*y || *y == '/')
		return 1;
	return *x < *y ? -1 : 1;
}

/* Compare a present/absent value, largest first and absent last. */
static int cmp_val(bool hx, uint64_t x, bool hy, uint64_t y)
{
	if (hx != hy)
		return hx ? -1 : 1;
	if (!hx || x == y)
		return 0;
	return x > y ? -1 : 1;
}

static int cmp_cgroup(const void *a, const void *b)
{
	const struct cgroup *x = a, *y = b;
	int c = 0;

	switch (opt.sort) {
	case SORT_CURRENT:
		c = cmp_val(x->has_current, x->current,
			    y->has_current, y->current);
		break;
	case SORT_SLAB:
		c = cmp_val(x->has_slabinfo, x->slab,
			    y->has_slabinfo, y->slab);
		break;
	case SORT_CACHES:
		c = cmp_val(x->has_slabinfo, x->ncaches,
			    y->has_slabinfo, y->ncaches);
		break;
	case SORT_EVENTS:
		c = cmp_val(x->has_event[EV_FAIL], x->event[EV_FAIL],
			    y->has_event[EV_FAIL], y->event[EV_FAIL]);
		if (!c)
			c = cmp_val(x->has_event[EV_OVER], x->event[EV_OVER],
				    y->has_event[EV_OVER], y->event[EV_OVER]);
		if (!c)
			c = cmp_val(x->has_event[EV_MAX], x->event[EV_MAX],
				    y->has_event[EV_MAX], y->event[EV_MAX]);
		break;
	case SORT_NAME:
		break;
	}
	return c ? c : cmp_path(x->path, y->path);
}

/* --- output --------------------------------------------------------- */

#define CELL	32	/* a 20-digit number or a size, with room to spare */

static void fmt_size(char *buf, uint64_t v)
{
	static const char units[] = "KMGTPE";
	double d = v;
	int u = -1;

	if (opt.bytes || v < 1024) {
		snprintf(buf, CELL, "%llu", (unsigned long long)v);
		return;
	}
	while (d >= 1024 && u < 5) {
		d /= 1024;
		u++;
	}
	/* 1023.6K would print as 1024K: say 1.0M. */
	if (d >= 1023.5 && u < 5) {
		d /= 1024;
		u++;
	}
	snprintf(buf, CELL, d < 99.95 ? "%.1f%c" : "%.0f%c", d, units[u]);
}

static void fmt_num(char *buf, bool has, uint64_t v)
{
	if (has)
		snprintf(buf, CELL, "%llu", (unsigned long long)v);
	else
		snprintf(buf, CELL, "-");
}

/* Print s with control characters, DEL and '\' as \ooo. */
static void put_escaped(const char *s)
{
	const unsigned char *p = (const void *)s;

	for (; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			printf("\\%03o", *p);
		else
			putchar(*p);
	}
}

enum {
	C_CUR, C_LIM, C_EMAX, C_ERECL, C_EOVER, C_EFAIL, C_CACHES, C_SLAB,
	NR_CG_COLS
};

static const char * const cg_heads[NR_CG_COLS] = {
	"CURRENT", "LIMIT", "EV_MAX", "EV_RECL", "EV_OVER", "EV_FAIL",
	"CACHES", "SLAB",
};

enum { R_ACTIVE, R_OBJS, R_OBJSIZE, R_BYTES, NR_ROW_COLS };

static const char * const row_heads[NR_ROW_COLS] = {
	"ACTIVE", "OBJS", "OBJSIZE", "BYTES",
};

#define ROW_INDENT	4
#define TYPE_WIDTH	10	/* "per-object" */

static void fmt_cgroup(const struct cgroup *cg, char cells[][CELL])
{
	int i;

	if (cg->has_current)
		fmt_size(cells[C_CUR], cg->current);
	else
		fmt_num(cells[C_CUR], false, 0);
	if (cg->limit == LIMIT_MAX)
		snprintf(cells[C_LIM], CELL, "max");
	else if (cg->limit == LIMIT_BYTES)
		fmt_size(cells[C_LIM], cg->max);
	else
		fmt_num(cells[C_LIM], false, 0);
	for (i = 0; i < NR_EVENTS; i++)
		fmt_num(cells[C_EMAX + i], cg->has_event[i], cg->event[i]);
	fmt_num(cells[C_CACHES], cg->has_slabinfo, cg->ncaches);
	if (cg->has_slabinfo)
		fmt_size(cells[C_SLAB], cg->slab);
	else
		fmt_num(cells[C_SLAB], false, 0);
}

static void fmt_row(const struct cache_row *r, char cells[][CELL])
{
	fmt_num(cells[R_ACTIVE], true, r->active);
	fmt_num(cells[R_OBJS], true, r->num);
	fmt_num(cells[R_OBJSIZE], true, r->objsize);
	fmt_size(cells[R_BYTES], r->bytes);
}

static size_t rows_shown(const struct cgroup *cg)
{
	if (opt.top_caches && cg->nrows > opt.top_caches)
		return opt.top_caches;
	return cg->nrows;
}

static void print_tree(struct tree *t)
{
	size_t n = t->n, i, j;
	int cgw[NR_CG_COLS], roww[NR_ROW_COLS], c;
	char cells[NR_CG_COLS][CELL];

	if (t->n)
		qsort(t->cgs, t->n, sizeof(*t->cgs), cmp_cgroup);
	if (opt.top && opt.top < n)
		n = opt.top;

	/* Column widths: the widest cell or header. */
	for (c = 0; c < NR_CG_COLS; c++)
		cgw[c] = strlen(cg_heads[c]);
	for (c = 0; c < NR_ROW_COLS; c++)
		roww[c] = strlen(row_heads[c]);
	for (i = 0; i < n; i++) {
		const struct cgroup *cg = &t->cgs[i];

		fmt_cgroup(cg, cells);
		for (c = 0; c < NR_CG_COLS; c++)
			if ((int)strlen(cells[c]) > cgw[c])
				cgw[c] = strlen(cells[c]);
		for (j = 0; j < rows_shown(cg); j++) {
			fmt_row(&cg->rows[j], cells);
			for (c = 0; c < NR_ROW_COLS; c++)
				if ((int)strlen(cells[c]) > roww[c])
					roww[c] = strlen(cells[c]);
		}
	}

	for (c = 0; c < NR_CG_COLS; c++)
		printf("%*s ", cgw[c], cg_heads[c]);
	printf("CGROUP\n");
	if (opt.caches) {
		printf("%*s", ROW_INDENT, "");
		for (c = 0; c < NR_ROW_COLS; c++)
			printf("%*s ", roww[c], row_heads[c]);
		printf("%-*s CACHE\n", TYPE_WIDTH, "TYPE");
	}
	for (i = 0; i < n; i++) {
		const struct cgroup *cg = &t->cgs[i];

		fmt_cgroup(cg, cells);
		for (c = 0; c < NR_CG_COLS; c++)
			printf("%*s ", cgw[c], cells[c]);
		if (*cg->path)
			put_escaped(cg->path);
		else
			putchar('.');
		putchar('\n');
		for (j = 0; j < rows_shown(cg); j++) {
			const struct cache_row *r = &cg->rows[j];

			fmt_row(r, cells);
			printf("%*s", ROW_INDENT, "");
			for (c = 0; c < NR_ROW_COLS; c++)
				printf("%*s ", roww[c], cells[c]);
			printf("%-*s ", TYPE_WIDTH,
			       r->per_object ? "per-object" : "child");
			put_escaped(r->name);
			putchar('\n');
		}
	}
}

static void free_tree(struct tree *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		free(t->cgs[i].path);
		free_rows(t->cgs[i].rows, t->cgs[i].nrows);
	}
	free(t->cgs);
	memset(t, 0, sizeof(*t));
}

/* --- options -------------------------------------------------------- */

static size_t parse_count(const char *arg, const char *what)
{
	uint64_t v;

	if (!parse_u64(arg, &v) || v > SIZE_MAX)
		usage_error("invalid %s '%s': a number is expected", what,
			    arg);
	return v;
}

static void parse_options(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "root",	required_argument, NULL, 'r' },
		{ "sort",	required_argument, NULL, 's' },
		{ "top",	required_argument, NULL, 'n' },
		{ "caches",	no_argument,	   NULL, 'c' },
		{ "top-caches",	required_argument, NULL, 'C' },
		{ "bytes",	no_argument,	   NULL, 'b' },
		{ "delay",	required_argument, NULL, 'd' },
		{ "iterations",	required_argument, NULL, 'i' },
		{ "help",	no_argument,	   NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	bool root_set = false, iter_set = false;
	char *end;
	size_t k;
	int ch;

	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":r:s:n:cC:bd:i:h", longopts,
				 NULL)) != -1) {
		switch (ch) {
		case 'r':
			if (root_set)
				usage_error("more than one ROOT");
			opt.root = optarg;
			root_set = true;
			break;
		case 's':
			for (k = 0; k < ARRAY_SIZE(sort_names); k++)
				if (!strcmp(optarg, sort_names[k]))
					break;
			if (k == ARRAY_SIZE(sort_names))
				usage_error("invalid sort key '%s': %s", optarg,
					    "current, slab, caches, events or name");
			opt.sort = k;
			break;
		case 'n':
			opt.top = parse_count(optarg, "number of cgroups");
			break;
		case 'c':
			opt.caches = true;
			break;
		case 'C':
			opt.top_caches = parse_count(optarg,
						     "number of caches");
			opt.caches = true;
			break;
		case 'b':
			opt.bytes = true;
			break;
		case 'd':
			errno = 0;
			opt.delay = strtod(optarg, &end);
			if (errno || end == optarg || *end ||
			    !(opt.delay > 0 && opt.delay < 1e9))
				usage_error("invalid delay '%s': seconds above 0 are expected",
					    optarg);
			break;
		case 'i':
			opt.iterations = parse_count(optarg,
						     "number of iterations");
			if (!opt.iterations)
				usage_error("invalid number of iterations '0'");
			iter_set = true;
			break;
		case 'h':
			fputs(usage_text, stdout);
			exit(0);
		case ':':
			if (optopt)
				usage_error("option '-%c' requires an argument",
					    optopt);
			usage_error("option '%s' requires an argument",
				    argv[optind - 1]);
			break;
		default:
			if (optopt)
				usage_error("invalid option '-%c'", optopt);
			usage_error("invalid option '%s'", argv[optind - 1]);
		}
	}
	if (optind < argc) {
		if (root_set || argc - optind > 1)
			usage_error("more than one ROOT");
		opt.root = argv[optind];
	}
	if (!*opt.root)
		usage_error("empty ROOT");
	if (iter_set && !opt.delay)
		usage_error("-i needs -d");
	if (!opt.delay)
		opt.iterations = 1;
}

static void sleep_delay(void)
{
	struct timespec ts;

	ts.tv_sec = (time_t)opt.delay;
	ts.tv_nsec = (long)((opt.delay - ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

int main(int argc, char **argv)
{
	unsigned long done = 0;
	struct tree t = { 0 };
	struct stat st;
	long ps;

	parse_options(argc, argv);
	ps = sysconf(_SC_PAGESIZE);
	page_size = ps > 0 ? ps : 4096;

	for (;;) {
		if (stat(opt.root, &st))
			die("%s: %s", opt.root, strerror(errno));
		if (!S_ISDIR(st.st_mode))
			die("%s: not a directory", opt.root);
		found_kmem = false;
		walk(&t);
		if (done)
			putchar('\n');
		print_tree(&t);
		free_tree(&t);
		if (fflush(stdout) || ferror(stdout))
			die("write error: %s", strerror(errno));
		if (!done && !found_kmem)
			warnx("no memory.kmem.* file under %s: %s", opt.root,
			      "no cgroup v2 memory controller, or a kernel without per-cgroup slab caches");
		done++;
		if (opt.iterations && done >= opt.iterations)
			break;
		sleep_delay();
	}
	return 0;
}
