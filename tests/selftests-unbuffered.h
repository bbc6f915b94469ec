/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Forced into mainline's cgroup selftests when the guest initramfs is built
 * (gcc -include): their output goes to a file there, fully buffered, and
 * every child they fork would print the parent's unflushed results again.
 */
/* As the selftests' own files define it, before any libc header. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <stdio.h>

static void __attribute__((constructor)) mk_selftest_unbuffered(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
}
