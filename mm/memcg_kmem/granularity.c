// SPDX-License-Identifier: GPL-2.0
/*
 * Per-cgroup slab caches: when a cgroup gets a child cache.
 *
 * Each root cache has a granularity: when a cgroup's accounted allocations
 * from it get a child cache (usage.c). "auto" once the cgroup's use of the
 * cache pays for a child, "always" on its first allocation, "never"
 * (charged per object only). The first source that has a say decides:
 *
 *   runtime  memory.kmem.cache_policy in the root memory cgroup (policy.c)
 *   boot     memcg_kmem.granularity_auto=, _always= and _never=
 *   default  Kconfig, or memcg_kmem.granularity= at boot
 *
 * The granularity is decided when a root cache is created and again when
 * the run-time setting changes; the allocation path only reads the result.
 * Also here: the cache names and name lists the boot parameters take, and
 * whether the root cgroup's tasks get child caches (memcg_kmem.track_root).
 */

#include <linux/ctype.h>
#include <linux/init.h>
#include <linux/moduleparam.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "memcg_kmem.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "memcg_kmem."

static const char *const memcg_kmem_granularity_names[] = {
	[MEMCG_KMEM_GRANULARITY_AUTO]	= "auto",
	[MEMCG_KMEM_GRANULARITY_ALWAYS]	= "always",
	[MEMCG_KMEM_GRANULARITY_NEVER]	= "never",
};

/**
 * memcg_kmem_granularity_name - the word for a granularity
 * @granularity: a granularity other than %MEMCG_KMEM_GRANULARITY_UNSET
 *
 * Return: "auto", "always" or "never".
 */
const char *memcg_kmem_granularity_name(enum memcg_kmem_granularity granularity)
{
	return memcg_kmem_granularity_names[granularity];
}

/**
 * memcg_kmem_granularity_named - the granularity a word names
 * @word: "auto", "always" or "never"
 *
 * Return: the granularity, or %MEMCG_KMEM_GRANULARITY_UNSET for any other word.
 */
enum memcg_kmem_granularity memcg_kmem_granularity_named(const char *word)
{
	int i = match_string(memcg_kmem_granularity_names,
			     ARRAY_SIZE(memcg_kmem_granularity_names), word);

	return i < 0 ? MEMCG_KMEM_GRANULARITY_UNSET : i;
}

static bool memcg_kmem_name_char(char c)
{
	return c && isascii(c) && (isalnum(c) || strchr("_.:()-", c));
}

/**
 * memcg_kmem_name_valid - check a cache name given by the administrator
 * @name: the name
 * @len: its length
 *
 * Return: true for 1 to MEMCG_KMEM_NAME_MAX characters of [A-Za-z0-9_.:()-],
 * the characters of the kernel's cache names.
 */
bool memcg_kmem_name_valid(const char *name, size_t len)
{
	size_t i;

	if (!len || len > MEMCG_KMEM_NAME_MAX)
		return false;
	for (i = 0; i < len; i++) {
		if (!memcg_kmem_name_char(name[i]))
			return false;
	}
	return true;
}

/**
 * memcg_kmem_list_has - tell whether a list of cache names has a name
 * @list: comma-separated names, or NULL
 * @name: the name to look for, matched exactly
 */
bool memcg_kmem_list_has(const char *list, const char *name)
{
	size_t len = strlen(name);

	while (list && *list) {
		const char *end = strchrnul(list, ',');

		if (end - list == len && !strncmp(list, name, len))
			return true;
		list = *end ? end + 1 : end;
	}
	return false;
}

/**
 * memcg_kmem_list_check - validate a list of cache names
 * @list: comma-separated names; empty for none
 * @other: a list no name of @list may be in, or NULL
 *
 * Return: 0, or -EINVAL if an element is empty or not a valid name
 * (memcg_kmem_name_valid()), if there are more than MEMCG_KMEM_LIST_NAMES
 * names, or if a name is also in @other.
 */
int memcg_kmem_list_check(const char *list, const char *other)
{
	char name[MEMCG_KMEM_NAME_MAX + 1];
	unsigned int nr = 0;

	if (!*list)
		return 0;
	for (;;) {
		const char *end = strchrnul(list, ',');
		size_t len = end - list;

		if (!memcg_kmem_name_valid(list, len) ||
		    ++nr > MEMCG_KMEM_LIST_NAMES)
			return -EINVAL;
		memcpy(name, list, len);
		name[len] = '\0';
		if (memcg_kmem_list_has(other, name))
			return -EINVAL;
		if (!*end)
			return 0;
		list = end + 1;
	}
}

/**
 * memcg_kmem_granularity_resolve - decide a root cache's granularity
 * @cfg: the default and the name lists in force
 * @name: the cache's name
 * @override: the run-time setting, or %MEMCG_KMEM_GRANULARITY_UNSET
 * @source: set to where the result comes from
 *
 * Return: the granularity, from the first source that has a say (see the
 * top of this file).
 */
enum memcg_kmem_granularity
memcg_kmem_granularity_resolve(const struct memcg_kmem_granularity_config *cfg,
			       const char *name, enum memcg_kmem_granularity override,
			       enum memcg_kmem_policy_source *source)
{
	int mode;

	if (override < MEMCG_KMEM_GRANULARITY_UNSET) {
		*source = MEMCG_KMEM_SRC_RUNTIME;
		return override;
	}
	*source = MEMCG_KMEM_SRC_BOOT;
	for (mode = 0; mode < MEMCG_KMEM_GRANULARITY_UNSET; mode++) {
		if (memcg_kmem_list_has(cfg->boot[mode], name))
			return mode;
	}
	*source = MEMCG_KMEM_SRC_DEFAULT;
	return cfg->fallback;
}

/*
 * The boot parameters. Set while the command line is parsed, before the
 * first cache exists, and read-only afterwards (0444): caches created later,
 * by modules, are decided with the same values.
 */
static enum memcg_kmem_granularity memcg_kmem_granularity_default =
	IS_ENABLED(CONFIG_MEMCG_KMEM_GRANULARITY_ALWAYS) ? MEMCG_KMEM_GRANULARITY_ALWAYS :
	IS_ENABLED(CONFIG_MEMCG_KMEM_GRANULARITY_NEVER) ? MEMCG_KMEM_GRANULARITY_NEVER :
	MEMCG_KMEM_GRANULARITY_AUTO;
static char memcg_kmem_boot_granularity[MEMCG_KMEM_GRANULARITY_UNSET][MEMCG_KMEM_LIST_LEN];

static int memcg_kmem_granularity_set(const char *val, const struct kernel_param *kp)
{
	enum memcg_kmem_granularity mode = memcg_kmem_granularity_named(val ?: "");

	if (mode == MEMCG_KMEM_GRANULARITY_UNSET) {
		pr_err("memcg_kmem: invalid granularity '%s': auto, always or never\n",
		       val ?: "");
		return -EINVAL;
	}
	memcg_kmem_granularity_default = mode;
	return 0;
}

static int memcg_kmem_granularity_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n",
			  memcg_kmem_granularity_name(memcg_kmem_granularity_default));
}

static const struct kernel_param_ops memcg_kmem_granularity_ops = {
	.set = memcg_kmem_granularity_set,
	.get = memcg_kmem_granularity_get,
};
module_param_cb(granularity, &memcg_kmem_granularity_ops, NULL, 0444);
MODULE_PARM_DESC(granularity, "Granularity of caches not listed: auto, always or never");

/* memcg_kmem.granularity_MODE=: a name may be in one of the three lists only. */
static int memcg_kmem_granularity_list_set(const char *val,
					   const struct kernel_param *kp)
{
	char *list = kp->arg;
	int mode;

	if (!val || strlen(val) >= MEMCG_KMEM_LIST_LEN)
		goto invalid;
	for (mode = 0; mode < MEMCG_KMEM_GRANULARITY_UNSET; mode++) {
		const char *other = memcg_kmem_boot_granularity[mode];

		if (memcg_kmem_list_check(val, other == list ? NULL : other))
			goto invalid;
	}
	strscpy(list, val, MEMCG_KMEM_LIST_LEN);
	return 0;
invalid:
	pr_err("memcg_kmem: invalid %s list '%s': up to %d comma-separated cache names, in one granularity list only\n",
	       kp->name, val ?: "", MEMCG_KMEM_LIST_NAMES);
	return -EINVAL;
}

/**
 * memcg_kmem_list_get - show a boot parameter's list of cache names
 * @buf: the page to write to
 * @kp: the parameter; its arg is the list
 *
 * Return: the length written.
 */
int memcg_kmem_list_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", (char *)kp->arg);
}

static const struct kernel_param_ops memcg_kmem_granularity_list_ops = {
	.set = memcg_kmem_granularity_list_set,
	.get = memcg_kmem_list_get,
};
module_param_cb(granularity_auto, &memcg_kmem_granularity_list_ops,
		memcg_kmem_boot_granularity[MEMCG_KMEM_GRANULARITY_AUTO], 0444);
MODULE_PARM_DESC(granularity_auto, "Slab caches that get a child once a cgroup's use pays, comma-separated");
module_param_cb(granularity_always, &memcg_kmem_granularity_list_ops,
		memcg_kmem_boot_granularity[MEMCG_KMEM_GRANULARITY_ALWAYS], 0444);
MODULE_PARM_DESC(granularity_always, "Slab caches that get a child on a cgroup's first allocation, comma-separated");
module_param_cb(granularity_never, &memcg_kmem_granularity_list_ops,
		memcg_kmem_boot_granularity[MEMCG_KMEM_GRANULARITY_NEVER], 0444);
MODULE_PARM_DESC(granularity_never, "Slab caches charged per object only, comma-separated");

/*
 * Whether root-cgroup tasks get child caches. Read when the root memory
 * cgroup comes online, at boot, and on the allocation path (directly, by
 * memcg_kmem_pick_cache(): no call there); never changes after boot.
 */
bool memcg_kmem_track_root __read_mostly =
	IS_ENABLED(CONFIG_MEMCG_KMEM_TRACK_ROOT);
module_param_named(track_root, memcg_kmem_track_root, bool, 0444);
MODULE_PARM_DESC(track_root, "Track the slab memory of root-cgroup tasks too");

/**
 * memcg_kmem_tracks_root - tell whether the root cgroup's slab is tracked
 *
 * Return: true if accounted allocations of tasks in the root memory cgroup
 * are served from child caches of the root cgroup (memcg_kmem.track_root).
 */
bool memcg_kmem_tracks_root(void)
{
	return memcg_kmem_track_root;
}

/**
 * memcg_kmem_granularity_apply - decide a root cache's granularity again
 * @s: the root cache; its run-time setting may have changed
 *
 * Context: slab_mutex held, or early boot.
 */
void memcg_kmem_granularity_apply(struct kmem_cache *s)
{
	struct memcg_kmem_granularity_config cfg = {
		.fallback = memcg_kmem_granularity_default,
	};
	enum memcg_kmem_policy_source source;
	enum memcg_kmem_granularity granularity;
	int mode;

	for (mode = 0; mode < MEMCG_KMEM_GRANULARITY_UNSET; mode++)
		cfg.boot[mode] = memcg_kmem_boot_granularity[mode];
	granularity = memcg_kmem_granularity_resolve(&cfg, s->name,
						     s->memcg_kmem.granularity_override,
						     &source);
	s->memcg_kmem.granularity_source = source;
	/* Read locklessly by the allocation path (core.c, usage.c). */
	WRITE_ONCE(s->memcg_kmem.granularity, granularity);
}

/**
 * memcg_kmem_granularity_init - decide a new root cache's granularity
 * @s: the cache, created (its geometry is final) but not yet in use
 *
 * Also decides how many objects a cgroup holds per object before "auto"
 * gives it a child: when a child's cost is MEMCG_KMEM_CHILD_OVERHEAD_PCT
 * percent of what they take.
 *
 * Context: slab_mutex held, or early boot.
 */
void memcg_kmem_granularity_init(struct kmem_cache *s)
{
	s->memcg_kmem.granularity_override = MEMCG_KMEM_GRANULARITY_UNSET;
	memcg_kmem_granularity_apply(s);
	s->memcg_kmem.child_objects =
		memcg_kmem_child_threshold(s->size, __kmem_cache_child_bytes(s),
					   MEMCG_KMEM_CHILD_OVERHEAD_PCT);
}

#ifdef CONFIG_MEMCG_KMEM_CACHES_KUNIT_TEST
#include "granularity-test.h"
#endif
