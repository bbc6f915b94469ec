// SPDX-License-Identifier: GPL-2.0
/* Objects stored in file-scope variables outlive the task's cgroup. */
#include <linux/slab.h>

struct foo_table {
	void *slots;
};

static struct foo_table foo_table;
static void *foo_shared;

int foo_setup(void)
{
	foo_shared = kzalloc(128, GFP_KERNEL);
	foo_table.slots = kcalloc(16, sizeof(void *), GFP_KERNEL);
	return foo_shared && foo_table.slots ? 0 : -ENOMEM;
}

int foo_local(void)
{
	void *foo_shared;

	foo_shared = kzalloc(128, GFP_KERNEL);
	kfree(foo_shared);
	return 0;
}
