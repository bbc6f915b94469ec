// SPDX-License-Identifier: GPL-2.0
/*
 * dentry_stress - a dentry-heavy workload for the guest tests.
 *
 *   dentry_stress STATDIR NSTAT CREATEDIR NCREATE [WATCHFILE]
 *
 * stat()s NSTAT missing names in STATDIR (each leaves a negative dentry on
 * a disk file system), then creates NCREATE empty files in CREATEDIR. Every
 * 1000 operations it reads WATCHFILE (e.g. memory.kmem.current) and keeps
 * the largest value. Prints
 *   stat N enoent N create N errors N watch_max N
 * and exits 1 if any stat() failed with another errno than ENOENT or any
 * create failed (the first such errno is printed on stderr).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static unsigned long long watch_max;
static const char *watch_file;

static void watch(void)
{
	unsigned long long v;
	FILE *f;

	if (!watch_file)
		return;
	f = fopen(watch_file, "r");
	if (!f)
		return;
	if (fscanf(f, "%llu", &v) == 1 && v > watch_max)
		watch_max = v;
	fclose(f);
}

int main(int argc, char **argv)
{
	unsigned long nstat, ncreate, i, enoent = 0, created = 0, errors = 0;
	char path[4096];
	struct stat st;
	int first_errno = 0;

	if (argc < 5 || argc > 6) {
		fprintf(stderr, "usage: %s STATDIR NSTAT CREATEDIR NCREATE [WATCHFILE]\n",
			argv[0]);
		return 2;
	}
	nstat = strtoul(argv[2], NULL, 10);
	ncreate = strtoul(argv[4], NULL, 10);
	watch_file = argc == 6 ? argv[5] : NULL;
	watch();

	for (i = 0; i < nstat; i++) {
		snprintf(path, sizeof(path), "%s/missing-%lu", argv[1], i);
		if (stat(path, &st) == 0 || errno != ENOENT) {
			errors++;
			if (!first_errno)
				first_errno = errno ? errno : EEXIST;
		} else {
			enoent++;
		}
		if (i % 1000 == 999)
			watch();
	}
	for (i = 0; i < ncreate; i++) {
		int fd;

		snprintf(path, sizeof(path), "%s/file-%lu", argv[3], i);
		fd = open(path, O_CREAT | O_WRONLY, 0644);
		if (fd < 0) {
			errors++;
			if (!first_errno)
				first_errno = errno;
			continue;
		}
		close(fd);
		created++;
		if (i % 1000 == 999)
			watch();
	}
	watch();
	printf("stat %lu enoent %lu create %lu errors %lu watch_max %llu\n",
	       nstat, enoent, created, errors, watch_max);
	if (errors)
		fprintf(stderr, "dentry_stress: first error: %s\n",
			strerror(first_errno));
	return errors ? 1 : 0;
}
