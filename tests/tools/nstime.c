// SPDX-License-Identifier: GPL-2.0
/*
 * nstime - time cgroup operations from inside the guest, without a fork or
 * an exec in the timed interval (the benchmarks' delete cost).
 *
 *   nstime ACTION [ACTION...]
 *
 * Actions run in order; each names a LABEL for its results:
 *
 *   rmdir LABEL DIR         rmdir(2) DIR; on EBUSY (a cgroup whose last task
 *                           has just exited) retry every millisecond, for
 *                           up to 5 s. Prints LABEL_ns (the successful
 *                           call) and LABEL_busy (EBUSY retries).
 *   write LABEL FILE TEXT   write TEXT to FILE in one write(2).
 *                           Prints LABEL_ns.
 *   dying LABEL CGDIR MS    poll CGDIR/cgroup.stat every millisecond until
 *                           nr_dying_descendants is 0, for up to MS ms.
 *                           Prints LABEL_start (the count at the start),
 *                           LABEL_ns (how long until 0, or until the
 *                           deadline) and LABEL_left (the count at the end).
 *   sleep LABEL MS          sleep MS ms (nothing printed).
 *
 * Times are CLOCK_MONOTONIC, which counts guest instructions under QEMU's
 * -icount shift=0 while a vCPU runs (and real time while all are idle).
 * Prints the results as KEY=VALUE words on one line; exits 1 if an action
 * failed (its LABEL_error=ERRNO is printed), 2 on bad usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static unsigned long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

static void sleep_ms(unsigned long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

/* nr_dying_descendants of CGDIR, or -1 if it cannot be read. */
static long dying(const char *cgdir)
{
	char path[4096], key[64];
	long v, n = -1;
	FILE *f;

	snprintf(path, sizeof(path), "%s/cgroup.stat", cgdir);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fscanf(f, "%63s %ld", key, &v) == 2) {
		if (!strcmp(key, "nr_dying_descendants"))
			n = v;
	}
	fclose(f);
	return n;
}

static int do_rmdir(const char *label, const char *dir)
{
	unsigned long long t0, t1, deadline = now_ns() + 5000000000ULL;
	unsigned long busy = 0;
	int err;

	for (;;) {
		t0 = now_ns();
		err = rmdir(dir) ? errno : 0;
		t1 = now_ns();
		if (err != EBUSY || t1 > deadline)
			break;
		busy++;
		sleep_ms(1);
	}
	printf(" %s_ns=%llu %s_busy=%lu", label, t1 - t0, label, busy);
	if (err)
		printf(" %s_error=%d", label, err);
	return err;
}

static int do_write(const char *label, const char *file, const char *text)
{
	unsigned long long t0, t1;
	size_t len = strlen(text);
	int fd, err = 0;

	fd = open(file, O_WRONLY);
	if (fd < 0) {
		printf(" %s_error=%d", label, errno);
		return errno;
	}
	t0 = now_ns();
	if (write(fd, text, len) != (ssize_t)len)
		err = errno ? errno : EIO;
	t1 = now_ns();
	close(fd);
	printf(" %s_ns=%llu", label, t1 - t0);
	if (err)
		printf(" %s_error=%d", label, err);
	return err;
}

static int do_dying(const char *label, const char *cgdir, unsigned long ms)
{
	unsigned long long t0 = now_ns(), t1;
	long start = dying(cgdir), n = start;

	while (n > 0) {
		t1 = now_ns();
		if (t1 - t0 >= ms * 1000000ULL)
			break;
		sleep_ms(1);
		n = dying(cgdir);
	}
	t1 = now_ns();
	printf(" %s_start=%ld %s_ns=%llu %s_left=%ld", label, start, label,
	       t1 - t0, label, n);
	if (n < 0) {
		printf(" %s_error=%d", label, ENOENT);
		return ENOENT;
	}
	return 0;
}

static int usage(void)
{
	fprintf(stderr, "usage: nstime {rmdir LABEL DIR | write LABEL FILE TEXT | dying LABEL CGDIR MS | sleep LABEL MS}...\n");
	return 2;
}

int main(int argc, char **argv)
{
	int i = 1, failed = 0;

	if (argc < 2)
		return usage();
	/* Check the whole command line before running anything. */
	while (i < argc) {
		const char *a = argv[i];
		int n = !strcmp(a, "rmdir") ? 2 : !strcmp(a, "write") ? 3 :
			!strcmp(a, "dying") ? 3 : !strcmp(a, "sleep") ? 2 : -1;

		if (n < 0 || i + n >= argc)
			return usage();
		i += n + 1;
	}
	printf("nstime");
	for (i = 1; i < argc; ) {
		const char *a = argv[i], *label = argv[i + 1];

		if (!strcmp(a, "rmdir")) {
			failed |= do_rmdir(label, argv[i + 2]) != 0;
			i += 3;
		} else if (!strcmp(a, "write")) {
			failed |= do_write(label, argv[i + 2], argv[i + 3]) != 0;
			i += 4;
		} else if (!strcmp(a, "dying")) {
			failed |= do_dying(label, argv[i + 2],
					   strtoul(argv[i + 3], NULL, 10)) != 0;
			i += 4;
		} else {
			sleep_ms(strtoul(argv[i + 2], NULL, 10));
			i += 3;
		}
		fflush(stdout);
	}
	printf("\n");
	return failed;
}
