// SPDX-License-Identifier: GPL-2.0
/*
 * Per-cgroup slab caches (CONFIG_MEMCG_KMEM_CACHES), cgroup v2 interface:
 *  - the memory.kmem.* files of a new cgroup and of the root;
 *  - memory.kmem.slabinfo lists tmpfs inodes in the right cgroup only;
 *  - the format and the errors of memory.kmem.cache_policy;
 *  - what memory.kmem.max takes, what it refuses and with which errno;
 *  - memory.kmem.current follows tmpfs inodes and dentries, and falls back
 *    when they are freed;
 *  - memory.kmem.max stops a cgroup whose kernel objects cannot be
 *    reclaimed: creat() fails, nothing is OOM-killed, the limit holds and
 *    memory.kmem.events counts it.
 * On a kernel without the feature every test is skipped.
 */
#define _GNU_SOURCE

#include <linux/limits.h>
#include <linux/magic.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <mntent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/vfs.h>
#include <unistd.h>

#include "../kselftest.h"
#include "cgroup_util.h"

#define KB(x) ((x) << 10)

/* Files the slabinfo and current tests create. */
#define NR_FILES 2000

/* At most this many files in test_memcg_kmem_limit. */
#define MAX_LIMIT_FILES 100000

#define SLABINFO_HEADER "slabinfo - version: 2.1\n"

/* Whether a new cgroup has memory.kmem.slabinfo: the feature is there. */
static bool has_kmem;

/* Writes @value and a newline in one write(): 0 or -errno. */
static int write_errno(const char *cgroup, const char *control,
		       const char *value)
{
	char path[PATH_MAX], buf[128];
	ssize_t len, ret;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", cgroup, control);
	len = snprintf(buf, sizeof(buf), "%s\n", value);
	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	ret = write(fd, buf, len);
	ret = ret < 0 ? -errno : ret == len ? 0 : -EIO;
	close(fd);
	return ret;
}

/*
 * The whole of a cgroup file, to free(); NULL if it cannot be read or is
 * too big. One read() returns all of a cgroup file that fits the buffer.
 */
static char *cg_read_all(const char *cgroup, const char *control)
{
	size_t size = 64 * PAGE_SIZE;
	char *buf = malloc(size);

	if (buf && (cg_read(cgroup, control, buf, size) ||
		    strlen(buf) >= size - 1)) {
		free(buf);
		return NULL;
	}
	return buf;
}

struct bad_write {
	const char *value;
	int err;
};

/*
 * Each value, written with a newline in one write(), must fail with its
 * errno and leave the file as it was. Returns 0 if they all do.
 */
static int check_bad_writes(const char *cgroup, const char *control,
			    const struct bad_write *bad, int nr)
{
	int i, err, changed, ret = -1;
	char *before, *after;

	before = cg_read_all(cgroup, control);
	for (i = 0; before && i < nr; i++) {
		err = write_errno(cgroup, control, bad[i].value);
		if (err != -bad[i].err) {
			ksft_print_msg("\"%s\": got %s, want %s\n", bad[i].value,
				       err ? strerror(-err) : "success",
				       strerror(bad[i].err));
			break;
		}
		after = cg_read_all(cgroup, control);
		changed = !after || strcmp(before, after);
		free(after);
		if (changed) {
			ksft_print_msg("\"%s\" changed %s\n", bad[i].value,
				       control);
			break;
		}
	}
	if (before && i == nr)
		ret = 0;
	free(before);
	return ret;
}

static bool has_file(const char *cgroup, const char *control)
{
	char path[PATH_MAX];

	snprintf(path, sizeof(path), "%s/%s", cgroup, control);
	return !access(path, F_OK);
}

/*
 * Makes a tmpfs directory for the test's files: a private tmpfs mounted at
 * a new directory in /tmp, or, if mounting fails, that directory if /tmp
 * is tmpfs. Returns -1 if no tmpfs can be had.
 */
static int tmpfs_setup(char *dir, size_t len, bool *mounted)
{
	struct statfs sfs;

	snprintf(dir, len, "/tmp/memcg_kmem_XXXXXX");
	*mounted = false;
	if (!mkdtemp(dir))
		goto fail;
	*mounted = !mount("memcg_kmem", dir, "tmpfs", 0, "mode=0700");
	if (!statfs(dir, &sfs) && sfs.f_type == TMPFS_MAGIC)
		return 0;
	if (*mounted)
		umount(dir);
	rmdir(dir);
fail:
	ksft_print_msg("no tmpfs to create files in\n");
	return -1;
}

/* Unlinks every file of @dir. */
static void remove_files(const char *dir)
{
	struct dirent *de;
	DIR *d;

	d = opendir(dir);
	if (!d)
		return;
	while ((de = readdir(d)))
		if (de->d_type == DT_REG)
			unlinkat(dirfd(d), de->d_name, 0);
	closedir(d);
}

static void tmpfs_cleanup(const char *dir, bool mounted)
{
	remove_files(dir);
	if (mounted)
		umount(dir);
	rmdir(dir);
}

struct files_arg {
	const char *dir;
	long first, nr;
	bool lookup;
};

/*
 * In the cgroup: create the empty files f<first> to f<first + nr - 1> of
 * dir (an inode and a dentry each), or only look them up (which allocates
 * nothing: their dentries are cached).
 */
static int make_files(const char *cgroup, void *arg)
{
	struct files_arg *fa = arg;
	char path[PATH_MAX];
	struct stat st;
	long i;
	int fd;

	for (i = fa->first; i < fa->first + fa->nr; i++) {
		snprintf(path, sizeof(path), "%s/f%ld", fa->dir, i);
		if (fa->lookup) {
			if (stat(path, &st))
				return EXIT_FAILURE;
			continue;
		}
		fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0600);
		if (fd < 0)
			return EXIT_FAILURE;
		close(fd);
	}
	return 0;
}

/*
 * The new cgroup's memory.kmem.* files and their initial content; the
 * root's memory.kmem.cache_policy, and no limit files on the root.
 */
static int test_memcg_kmem_files(const char *root)
{
	const char *why = NULL;
	int ret = KSFT_FAIL;
	char buf[PAGE_SIZE];
	char *cg;

	if (!has_kmem)
		return KSFT_SKIP;
	cg = cg_name(root, "memcg_kmem_files_test");
	if (!cg || cg_create(cg))
		goto cleanup;

	if (cg_read(cg, "memory.kmem.slabinfo", buf, sizeof(buf)) ||
	    strncmp(buf, SLABINFO_HEADER, strlen(SLABINFO_HEADER)))
		why = "no memory.kmem.slabinfo, or not its header";
	else if (has_file(cg, "memory.kmem.cache_policy") ||
		 !has_file(root, "memory.kmem.cache_policy"))
		why = "memory.kmem.cache_policy is not on the root only";
	else if (cg_read(cg, "memory.kmem.current", buf, sizeof(buf)) ||
		 buf[strspn(buf, "0123456789")] != '\n')
		why = "memory.kmem.current is not a number";
	else if (cg_read_strcmp(cg, "memory.kmem.max", "max\n"))
		why = "memory.kmem.max is not \"max\"";
	/* Exactly these keys, in this order. */
	else if (cg_read(cg, "memory.kmem.events", buf, sizeof(buf)) ||
		 strcmp(buf, "max 0\nreclaim 0\nover 0\nfail 0\n"))
		why = "memory.kmem.events is not max, reclaim, over, fail at 0";
	else if (has_file(root, "memory.kmem.max") ||
		 has_file(root, "memory.kmem.current") ||
		 has_file(root, "memory.kmem.events"))
		why = "the root has limit files";
	if (why)
		ksft_print_msg("%s\n", why);
	else
		ret = KSFT_PASS;
cleanup:
	cg_destroy(cg);
	free(cg);
	return ret;
}

/*
 * memory.kmem.max: each refused value fails with its errno and leaves the
 * limit at 8M; accepted values read back as the limit in bytes, rounded
 * down to pages, and anything from 8E up (PAGE_COUNTER_MAX) is "max".
 */
static int test_memcg_kmem_max_input(const char *root)
{
	static const struct bad_write bad[] = {
		{ "", EINVAL }, { "garbage", EINVAL }, { "-1", EINVAL },
		{ "+4096", EINVAL }, { "1.5M", EINVAL }, { "4MB", EINVAL },
		{ "M", EINVAL }, { "0x", EINVAL }, { "1 2", EINVAL },
		{ "16E", ERANGE }, { "18446744073709551616", ERANGE },
		{ "0x10000000000000000", ERANGE },
	};
	static const struct {
		const char *value;
		const char *expect;
	} good[] = {
		{ "8M", "8388608\n" }, { "0x2000", "8192\n" },
		{ "020000", "8192\n" }, { "4095", "0\n" }, { "8E", "max\n" },
		{ "18446744073709551615", "max\n" }, { "max", "max\n" },
	};
	int ret = KSFT_FAIL, i, err;
	char *cg;

	if (!has_kmem)
		return KSFT_SKIP;
	cg = cg_name(root, "memcg_kmem_max_input_test");
	if (!cg || cg_create(cg))
		goto cleanup;

	/* Refused values leave the limit at 8M. */
	if (write_errno(cg, "memory.kmem.max", "8M") ||
	    cg_read_strcmp(cg, "memory.kmem.max", "8388608\n") ||
	    check_bad_writes(cg, "memory.kmem.max", bad, ARRAY_SIZE(bad)))
		goto cleanup;
	for (i = 0; i < ARRAY_SIZE(good); i++) {
		err = write_errno(cg, "memory.kmem.max", good[i].value);
		if (err || cg_read_strcmp(cg, "memory.kmem.max",
					  good[i].expect)) {
			ksft_print_msg("\"%s\" refused (%s) or not read as %s",
				       good[i].value, strerror(-err),
				       good[i].expect);
			goto cleanup;
		}
	}
	ret = KSFT_PASS;
cleanup:
	cg_destroy(cg);
	free(cg);
	return ret;
}

/*
 * NR_FILES tmpfs files (a shmem inode and a dentry each, SLAB_ACCOUNT
 * caches) raise memory.kmem.current; unlinking them brings it back.
 */
static int test_memcg_kmem_current(const char *root)
{
	long before, current, mem, after = -1;
	int ret = KSFT_FAIL, i;
	struct files_arg fa;
	char dir[PATH_MAX];
	bool mounted;
	char *cg;

	if (!has_kmem || tmpfs_setup(dir, sizeof(dir), &mounted))
		return KSFT_SKIP;
	fa = (struct files_arg){ .dir = dir, .nr = NR_FILES };
	cg = cg_name(root, "memcg_kmem_current_test");
	if (!cg || cg_create(cg))
		goto cleanup;

	before = cg_read_long(cg, "memory.kmem.current");
	if (before < 0 || cg_run(cg, make_files, &fa))
		goto cleanup;

	/*
	 * memory.current charges every kmem charge too (and more: per-CPU
	 * stocks, user pages); read first, as only frees (RCU callbacks)
	 * can follow the child's exit.
	 */
	mem = cg_read_long(cg, "memory.current");
	current = cg_read_long(cg, "memory.kmem.current");
	/*
	 * A shmem inode is about 750 bytes, a dentry 192: ~900 bytes a file,
	 * charged per object (plus an obj_cgroup pointer) or as the whole
	 * slabs of the cgroup's child caches, which hold at least as much.
	 * 500 leaves room for smaller configs and still fails if the inodes
	 * (the larger part) are not charged.
	 */
	if (current - before < NR_FILES * 500L || current > mem) {
		ksft_print_msg("kmem.current %ld -> %ld, memory.current %ld\n",
			       before, current, mem);
		goto cleanup;
	}

	/*
	 * Unlinking frees the dentries and inodes (tmpfs keeps no negative
	 * dentries), through RCU: wait up to 5 s. What may stay charged: the
	 * slabs the cgroup's child caches keep partly empty or empty for
	 * reuse (a per-CPU slab and one empty slab per node on SLUB, the
	 * slabs behind 16 objects per CPU on SLAB: 16 KiB slabs of shmem
	 * inodes, 4 KiB of dentries) and the bytes under a page left in the
	 * per-CPU object stocks. On 2 to 4 CPUs that is 50 to 200 KiB.
	 */
	remove_files(dir);
	for (i = 0; i < 50; i++) {
		after = cg_read_long(cg, "memory.kmem.current");
		if (after >= 0 && after - before <= KB(256))
			break;
		usleep(100000);
	}
	if (after < 0 || after - before > KB(256)) {
		ksft_print_msg("kmem.current %ld -> %ld -> %ld after unlink\n",
			       before, current, after);
		goto cleanup;
	}
	ret = KSFT_PASS;
cleanup:
	tmpfs_cleanup(dir, mounted);
	cg_destroy(cg);
	free(cg);
	return ret;
}

/*
 * The sum of active_objs over @cache's lines (a child cache line, a
 * per-object line) of @cgroup's memory.kmem.slabinfo, in the format of
 * /proc/slabinfo: name active_objs num_objs objsize ...; -1 if it cannot
 * be read or a line does not parse.
 */
static long slabinfo_active(const char *cgroup, const char *cache)
{
	long active, num, size, sum = 0;
	char *buf, *line, *save;
	char name[128];

	buf = cg_read_all(cgroup, "memory.kmem.slabinfo");
	if (!buf)
		return -1;
	if (strncmp(buf, SLABINFO_HEADER, strlen(SLABINFO_HEADER)))
		sum = -1;
	line = strtok_r(buf + strlen(SLABINFO_HEADER), "\n", &save);
	for (; line && sum >= 0; line = strtok_r(NULL, "\n", &save)) {
		if (line[0] == '#')
			continue;
		if (sscanf(line, "%127s %ld %ld %ld", name, &active, &num,
			   &size) != 4 || active < 0 || active > num ||
		    size <= 0) {
			ksft_print_msg("bad slabinfo line: %s\n", line);
			sum = -1;
		} else if (!strcmp(name, cache)) {
			sum += active;
		}
	}
	free(buf);
	return sum;
}

/*
 * After NR_FILES tmpfs files are created in a cgroup, its slabinfo counts
 * their NR_FILES shmem inodes; a sibling that only looks them up has none.
 */
static int test_memcg_kmem_slabinfo(const char *root)
{
	char *cg = NULL, *sibling = NULL;
	long objs, sibling_objs;
	int ret = KSFT_FAIL;
	struct files_arg fa;
	char dir[PATH_MAX];
	bool mounted;

	if (!has_kmem || tmpfs_setup(dir, sizeof(dir), &mounted))
		return KSFT_SKIP;
	fa = (struct files_arg){ .dir = dir, .nr = NR_FILES };
	cg = cg_name(root, "memcg_kmem_slabinfo_test");
	sibling = cg_name(root, "memcg_kmem_slabinfo_sibling");
	if (!cg || !sibling || cg_create(cg) || cg_create(sibling))
		goto cleanup;

	if (cg_run(cg, make_files, &fa))
		goto cleanup;
	fa.lookup = true;
	if (cg_run(sibling, make_files, &fa))
		goto cleanup;

	objs = slabinfo_active(cg, "shmem_inode_cache");
	sibling_objs = slabinfo_active(sibling, "shmem_inode_cache");
	/* The files exist: each of their inodes is an active object. */
	if (objs < NR_FILES || sibling_objs != 0) {
		ksft_print_msg("shmem_inode_cache objects: %ld, sibling %ld\n",
			       objs, sibling_objs);
		goto cleanup;
	}
	ret = KSFT_PASS;
cleanup:
	tmpfs_cleanup(dir, mounted);
	cg_destroy(sibling);
	cg_destroy(cg);
	free(sibling);
	free(cg);
	return ret;
}

/* fill_tmpfs()'s argument, shared with the parent: what it did. */
struct fill {
	const char *dir;
	int current_fd;		/* memory.kmem.current, opened and read */
	long files;
	long max_seen;
	int err;
};

/* How fill_tmpfs() exits; EXIT_FAILURE is cg_run()'s failure to enter. */
#define FILL_STOPPED	0	/* stopped by ENOMEM or ENOSPC */
#define FILL_ALL	10	/* created every file */
#define FILL_OTHER	11	/* stopped by another error */

/*
 * Reading an open cgroup file again from offset 0 allocates nothing: the
 * seq_file buffer came with the first read, in the parent's cgroup.
 */
static long pread_long(int fd)
{
	char buf[32];
	ssize_t len;

	len = pread(fd, buf, sizeof(buf) - 1, 0);
	if (len <= 0)
		return -1;
	buf[len] = '\0';
	return atol(buf);
}

/*
 * In the cgroup: create files (and write a byte to each) until that fails,
 * recording the highest memory.kmem.current seen after each file.
 */
static int fill_tmpfs(const char *cgroup, void *arg)
{
	struct fill *res = arg;
	char path[PATH_MAX];
	long cur;
	int fd;

	for (res->files = 0; res->files < MAX_LIMIT_FILES; res->files++) {
		snprintf(path, sizeof(path), "%s/f%ld", res->dir, res->files);
		fd = open(path, O_CREAT | O_EXCL | O_WRONLY, 0600);
		if (fd < 0) {
			res->err = errno;
			break;
		}
		if (write(fd, "x", 1) != 1) {
			res->err = errno;
			close(fd);
			break;
		}
		close(fd);
		cur = pread_long(res->current_fd);
		if (cur > res->max_seen)
			res->max_seen = cur;
	}
	if (res->files == MAX_LIMIT_FILES)
		return FILL_ALL;
	if (res->err == ENOMEM || res->err == ENOSPC)
		return FILL_STOPPED;
	return FILL_OTHER;
}

/*
 * A limit of 1 MiB above the usage stops a cgroup creating tmpfs files,
 * whose inodes and dentries cannot be reclaimed while the files exist:
 * creat() fails with ENOMEM (or ENOSPC from shmem_get_inode()), nothing is
 * OOM-killed, the limit holds and memory.kmem.events counts it. Creating
 * a file works again once the limit is "max".
 */
static int test_memcg_kmem_limit(const char *root)
{
	struct fill *res = MAP_FAILED;
	long limit, current, ev_max, ev_fail, oom;
	int ret = KSFT_FAIL, fd = -1, rc = -1;
	char dir[PATH_MAX], path[PATH_MAX];
	struct files_arg after;
	bool mounted;
	char *cg;

	if (!has_kmem || tmpfs_setup(dir, sizeof(dir), &mounted))
		return KSFT_SKIP;
	cg = cg_name(root, "memcg_kmem_limit_test");
	if (!cg || cg_create(cg))
		goto cleanup;

	/* Faulted in here, so that the child charges no page for it. */
	res = mmap(NULL, sizeof(*res), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED)
		goto cleanup;
	memset(res, 0, sizeof(*res));
	snprintf(path, sizeof(path), "%s/memory.kmem.current", cg);
	fd = open(path, O_RDONLY);
	current = pread_long(fd);
	if (current < 0 || cg_write_numeric(cg, "memory.kmem.max",
					    current + MB(1)))
		goto cleanup;
	limit = cg_read_long(cg, "memory.kmem.max");

	res->dir = dir;
	res->current_fd = fd;
	rc = cg_run(cg, fill_tmpfs, res);
	current = cg_read_long(cg, "memory.kmem.current");
	ev_max = cg_read_key_long(cg, "memory.kmem.events", "max ");
	ev_fail = cg_read_key_long(cg, "memory.kmem.events", "fail ");
	oom = cg_read_key_long(cg, "memory.events", "oom_kill ");
	ksft_print_msg("limit %ld: %ld files, then \"%s\" (exit %d)\n",
		       limit, res->files, strerror(res->err), rc);
	ksft_print_msg("kmem.current: max seen %ld, now %ld\n",
		       res->max_seen, current);
	ksft_print_msg("kmem.events max %ld fail %ld, oom_kill %ld\n",
		       ev_max, ev_fail, oom);
	/*
	 * 1 MiB holds about 1000 files at ~1 KiB each; fewer than 100 means
	 * the limit refused what it had room for.
	 */
	if (rc != FILL_STOPPED || res->files < 100 || oom != 0)
		goto cleanup;
	/*
	 * The limit is exact (memory.kmem.current is not batched per CPU):
	 * only charges that must not fail go past it (__GFP_NOFAIL, atomic
	 * reserves, reclaim's own allocations, the child's page tables), each
	 * one allocation of at most a slab (32 KiB) or a few pages. 512 KiB
	 * is a dozen or more of them.
	 */
	if (res->max_seen > limit + KB(512) || current > limit + KB(512))
		goto cleanup;
	if (ev_max <= 0 || ev_fail <= 0)
		goto cleanup;

	/* fill_tmpfs() stopped before f<MAX_LIMIT_FILES>. */
	after = (struct files_arg){ .dir = dir, .first = MAX_LIMIT_FILES,
				    .nr = 1 };
	if (cg_write(cg, "memory.kmem.max", "max") ||
	    cg_run(cg, make_files, &after)) {
		ksft_print_msg("no file created after raising the limit\n");
		goto cleanup;
	}
	ret = KSFT_PASS;
cleanup:
	if (fd >= 0)
		close(fd);
	if (res != MAP_FAILED)
		munmap(res, sizeof(*res));
	tmpfs_cleanup(dir, mounted);
	cg_destroy(cg);
	free(cg);
	return ret;
}

static bool word_in(const char *word, const char * const *set)
{
	for (; *set; set++)
		if (!strcmp(word, *set))
			return true;
	return false;
}

/*
 * Each line of memory.kmem.cache_policy: name, state, its source,
 * granularity, its source, child threshold. Returns the number of lines,
 * -1 if one is malformed; sets *kmem_cache if "kmem_cache refused flag".
 */
static int check_policy_lines(char *buf, bool *kmem_cache)
{
	static const char * const states[] = {
		"accounted", "unaccounted", "refused", NULL,
	};
	static const char * const sources[] = {
		"default", "flag", "kconfig", "boot", "runtime", NULL,
	};
	static const char * const grans[] = { "auto", "always", "never", NULL };
	char *line, *save, *word, *wsave, *f[7];
	int n, lines = 0;

	*kmem_cache = false;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save), lines++) {
		n = 0;
		for (word = strtok_r(line, " ", &wsave); word && n < 7;
		     word = strtok_r(NULL, " ", &wsave))
			f[n++] = word;
		if (n != 6 || !word_in(f[1], states) ||
		    !word_in(f[2], sources) || !word_in(f[3], grans) ||
		    !word_in(f[4], sources) || f[5][strspn(f[5], "0123456789")]) {
			ksft_print_msg("bad cache_policy line: %s ...\n",
				       n ? f[0] : "");
			return -1;
		}
		if (!strcmp(f[0], "kmem_cache"))
			*kmem_cache = !strcmp(f[1], "refused") &&
				      !strcmp(f[2], "flag");
	}
	return lines;
}

/*
 * The root's memory.kmem.cache_policy: its format, kmem_cache refused, and
 * writes that must fail with their errno and change nothing.
 */
static int test_memcg_kmem_cache_policy(const char *root)
{
	static const struct bad_write bad[] = {
		{ "garbage", EINVAL },
		{ "no_such_cache_xyz on", ENOENT },
		{ "kmem_cache on", EPERM },
	};
	int ret = KSFT_FAIL;
	bool kmem_cache;
	char *buf;

	if (!has_kmem)
		return KSFT_SKIP;
	buf = cg_read_all(root, "memory.kmem.cache_policy");
	if (!buf || check_policy_lines(buf, &kmem_cache) <= 0)
		goto cleanup;
	if (!kmem_cache) {
		ksft_print_msg("kmem_cache is not \"refused flag\"\n");
		goto cleanup;
	}
	if (check_bad_writes(root, "memory.kmem.cache_policy", bad,
			     ARRAY_SIZE(bad)))
		goto cleanup;
	ret = KSFT_PASS;
cleanup:
	free(buf);
	return ret;
}

#define T(x) { x, #x }
struct kmem_test {
	int (*fn)(const char *root);
	const char *name;
} tests[] = {
	T(test_memcg_kmem_files),
	T(test_memcg_kmem_slabinfo),
	T(test_memcg_kmem_cache_policy),
	T(test_memcg_kmem_max_input),
	T(test_memcg_kmem_current),
	T(test_memcg_kmem_limit),
};

#undef T

/*
 * Where cgroup v2 is mounted. Not cg_find_unified_root(), which takes a
 * third argument in newer cgroup_util.h: the test builds with either.
 */
static int find_cgroup2_root(char *root, size_t len)
{
	struct mntent *mnt;
	FILE *mounts;
	int ret = -1;

	mounts = setmntent("/proc/self/mounts", "r");
	if (!mounts)
		return -1;
	while ((mnt = getmntent(mounts))) {
		if (!strcmp(mnt->mnt_type, "cgroup2") &&
		    snprintf(root, len, "%s", mnt->mnt_dir) < (int)len) {
			ret = 0;
			break;
		}
	}
	endmntent(mounts);
	return ret;
}

int main(int argc, char **argv)
{
	char root[PATH_MAX];
	int i, ret = EXIT_SUCCESS;
	char *probe;

	/* cg_run()'s children exit(): they must not flush our output again. */
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (find_cgroup2_root(root, sizeof(root)))
		ksft_exit_skip("cgroup v2 isn't mounted\n");

	/*
	 * Check that memory controller is available:
	 * memory is listed in cgroup.controllers
	 */
	if (cg_read_strstr(root, "cgroup.controllers", "memory"))
		ksft_exit_skip("memory controller isn't available\n");

	if (cg_read_strstr(root, "cgroup.subtree_control", "memory"))
		if (cg_write(root, "cgroup.subtree_control", "+memory"))
			ksft_exit_skip("Failed to set memory controller\n");

	probe = cg_name(root, "memcg_kmem_probe");
	if (!probe || cg_create(probe))
		ksft_exit_fail_msg("cannot create a cgroup\n");
	has_kmem = has_file(probe, "memory.kmem.slabinfo");
	cg_destroy(probe);
	free(probe);

	for (i = 0; i < ARRAY_SIZE(tests); i++) {
		switch (tests[i].fn(root)) {
		case KSFT_PASS:
			ksft_test_result_pass("%s\n", tests[i].name);
			break;
		case KSFT_SKIP:
			ksft_test_result_skip("%s\n", tests[i].name);
			break;
		default:
			ret = EXIT_FAILURE;
			ksft_test_result_fail("%s\n", tests[i].name);
			break;
		}
	}

	return ret;
}
