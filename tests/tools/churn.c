// SPDX-License-Identifier: GPL-2.0
/*
 * churn - create, use and delete memory cgroups, fast.
 *
 *   churn [-n N] [-r ROOTCG] [-w CMDFILE] [-a CMD]... [-x FREECMD]
 *         [-e EVERY] [-d DIR] [-p PREFIX] [-k] [-j] PARENT
 *
 * Cycle I (1..N): mkdir PARENT/cI; a task joins it, writes each CMD to
 * CMDFILE (e.g. a test module's proc file: "alloc 8"), stat()s three
 * missing names DIR/mI-{a,b,c} (negative dentries) and creates DIR/fI
 * (a dentry and an inode); the task leaves; rmdir PARENT/cI, retried while
 * it fails with EBUSY. Nine cycles in ten the task is churn itself, which
 * joins the cgroup and goes back to ROOTCG (default /sys/fs/cgroup); every
 * tenth is a forked child that exits in the cgroup, so that objects
 * outlive the task that charged them in both ways. Every EVERY cycles
 * (default 50) churn writes FREECMD to CMDFILE, unlinks the files it made
 * and counts the child caches in /proc/slabinfo (lines "name(id:cgroup)"),
 * noting the highest kmem id among them.
 * -p names the cgroups PREFIX<I> instead of c<I>; -k keeps them (no
 * rmdir); -j uses existing ones (no mkdir, no rmdir), e.g. to allocate
 * again in the cgroups a -k run made.
 *
 * Without a fork and an exec per cycle, a cycle costs a few system calls,
 * so 10,000 cycles fit in minutes in a TCG guest. Prints
 *   churn cycles N failed N max_child_caches N max_kmem_id N seconds S
 * and exits 1 if any cycle failed (the first failure is on stderr).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CMDS 8

static const char *cmdfile, *freecmd, *dir, *rootcg = "/sys/fs/cgroup";
static const char *prefix = "c";
static const char *cmds[MAX_CMDS];
static int nr_cmds;
static unsigned long failed;

static void fail(const char *fmt, ...)
{
	va_list ap;

	if (!failed++) {
		va_start(ap, fmt);
		fputs("churn: ", stderr);
		vfprintf(stderr, fmt, ap);
		fputc('\n', stderr);
		va_end(ap);
	}
}

/* write_str: write S to PATH in one write(); 0 or an errno. */
static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	int err = 0;

	if (fd < 0)
		return errno;
	if (write(fd, s, strlen(s)) != (ssize_t)strlen(s))
		err = errno ? errno : EIO;
	close(fd);
	return err;
}

static int join(const char *cg)
{
	char path[600], pid[32];

	snprintf(path, sizeof(path), "%s/cgroup.procs", cg);
	snprintf(pid, sizeof(pid), "%d\n", getpid());
	return write_str(path, pid);
}

/* work: what a task does inside cycle I's cgroup; 0 or an errno. */
static int work(unsigned long i)
{
	char path[512];
	struct stat st;
	int k, err, fd;

	for (k = 0; k < nr_cmds; k++) {
		err = write_str(cmdfile, cmds[k]);
		if (err)
			return err;
	}
	if (!dir)
		return 0;
	for (k = 0; k < 3; k++) {
		snprintf(path, sizeof(path), "%s/m%lu-%c", dir, i, 'a' + k);
		if (stat(path, &st) == 0 || errno != ENOENT)
			return errno ? errno : EEXIST;
	}
	snprintf(path, sizeof(path), "%s/f%lu", dir, i);
	fd = open(path, O_WRONLY | O_CREAT, 0644);
	if (fd < 0)
		return errno;
	close(fd);
	return 0;
}

static int cycle_in_child(const char *cg, unsigned long i)
{
	int status, err;
	pid_t pid = fork();

	if (pid < 0)
		return errno;
	if (pid == 0) {
		err = join(cg);
		if (!err)
			err = work(i);
		_exit(err);
	}
	if (waitpid(pid, &status, 0) < 0)
		return errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : EINTR;
}

static int cycle_in_self(const char *cg, unsigned long i)
{
	int err = join(cg);

	if (err)
		return err;
	err = work(i);
	if (join(rootcg) && !err)
		err = errno ? errno : EIO;
	return err;
}

/* A just emptied cgroup can be busy for a moment: retry up to 5 s. */
static int remove_cgroup(const char *cg)
{
	struct timespec ms = { 0, 1000000 };
	int tries;

	for (tries = 0; tries < 5000; tries++) {
		if (rmdir(cg) == 0)
			return 0;
		if (errno != EBUSY)
			return errno;
		nanosleep(&ms, NULL);
	}
	return EBUSY;
}

/* Count the child caches; raise *max_id to the highest kmem id seen. */
static unsigned long count_child_caches(unsigned long *max_id)
{
	FILE *f = fopen("/proc/slabinfo", "r");
	char line[1024], name[256], *open;
	unsigned long n = 0, id;
	size_t len;

	if (!f)
		return 0;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "%255s", name) != 1)
			continue;
		len = strlen(name);
		open = strrchr(name, '(');
		if (len > 2 && name[len - 1] == ')' && open &&
		    strchr(open, ':')) {
			n++;
			id = strtoul(open + 1, NULL, 10);
			if (id > *max_id)
				*max_id = id;
		}
	}
	fclose(f);
	return n;
}

static void free_batch(unsigned long from, unsigned long to)
{
	char path[512];
	unsigned long i;
	int err;

	if (cmdfile && freecmd) {
		err = write_str(cmdfile, freecmd);
		if (err)
			fail("write '%s' to %s: %s", freecmd, cmdfile, strerror(err));
	}
	for (i = from; dir && i <= to; i++) {
		snprintf(path, sizeof(path), "%s/f%lu", dir, i);
		unlink(path);
	}
}

static void usage(void)
{
	fputs("usage: churn [-n N] [-r ROOTCG] [-w CMDFILE] [-a CMD]... [-x FREECMD] [-e EVERY] [-d DIR] [-p PREFIX] [-k] [-j] PARENT\n",
	      stderr);
	exit(2);
}

int main(int argc, char **argv)
{
	unsigned long n = 1000, every = 50, i, last = 0, caches, max = 0;
	unsigned long max_id = 0;
	struct timespec t0, t1;
	char cg[512];
	int opt, err, keep = 0, existing = 0;

	while ((opt = getopt(argc, argv, "n:r:w:a:x:e:d:p:kj")) != -1) {
		switch (opt) {
		case 'n': n = strtoul(optarg, NULL, 0); break;
		case 'r': rootcg = optarg; break;
		case 'w': cmdfile = optarg; break;
		case 'a':
			if (nr_cmds == MAX_CMDS)
				usage();
			cmds[nr_cmds++] = optarg;
			break;
		case 'x': freecmd = optarg; break;
		case 'e': every = strtoul(optarg, NULL, 0); break;
		case 'd': dir = optarg; break;
		case 'p': prefix = optarg; break;
		case 'k': keep = 1; break;
		case 'j': existing = keep = 1; break;
		default: usage();
		}
	}
	if (optind != argc - 1 || !every || (nr_cmds && !cmdfile))
		usage();

	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 1; i <= n; i++) {
		snprintf(cg, sizeof(cg), "%s/%s%lu", argv[optind], prefix, i);
		if (!existing && mkdir(cg, 0755)) {
			fail("mkdir %s: %s", cg, strerror(errno));
			continue;
		}
		err = i % 10 ? cycle_in_self(cg, i) : cycle_in_child(cg, i);
		if (err)
			fail("cycle %lu: %s", i, strerror(err));
		err = keep ? 0 : remove_cgroup(cg);
		if (err)
			fail("rmdir %s: %s", cg, strerror(err));
		if (i % every == 0) {
			free_batch(last + 1, i);
			last = i;
			caches = count_child_caches(&max_id);
			if (caches > max)
				max = caches;
		}
	}
	free_batch(last + 1, n);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("churn cycles %lu failed %lu max_child_caches %lu max_kmem_id %lu seconds %ld\n",
	       n, failed, max, max_id, (long)(t1.tv_sec - t0.tv_sec));
	return failed ? 1 : 0;
}
