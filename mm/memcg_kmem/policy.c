// SPDX-License-Identifier: GPL-2.0
/*
 * Per-cgroup slab caches: the per-cache accounting policy.
 *
 * Every root cache is accounted (its allocations are charged to the
 * allocating task's memory cgroup), unaccounted (only __GFP_ACCOUNT
 * allocations are) or refused (never accounted). The first source that
 * has a say decides, in this order:
 *
 *   refused  caches whose accounting would be wrong or recurse
 *   runtime  memory.kmem.cache_policy in the root memory cgroup
 *   boot     memcg_kmem.noaccount= and memcg_kmem.account=
 *   kconfig  CONFIG_MEMCG_KMEM_NOACCOUNT_CACHES and _ACCOUNT_CACHES
 *   flag     SLAB_NOACCOUNT or SLAB_ACCOUNT given to kmem_cache_create()
 *   default  opt-in (unaccounted) or opt-out (accounted): Kconfig, or
 *            memcg_kmem.default= at boot
 *
 * The policy is decided when a cache is created and again when the run-time
 * knob changes; the allocation path only reads the result (see
 * memcg_kmem_cache_accounted()). __GFP_NOACCOUNT keeps one allocation
 * unaccounted whatever the cache's policy.
 */

#include <linux/ctype.h>
#include <linux/kernfs.h>
#include <linux/moduleparam.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "memcg_kmem.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "memcg_kmem."

/*
 * Caches that are never accounted, and why:
 *  - the slab allocators' own metadata: a child cache is itself a struct
 *    kmem_cache, and both are shared by every cgroup;
 *  - the debugging facilities' metadata, allocated in any context on
 *    behalf of other objects, whose allocation hooks would recurse.
 * The memcg structures come from kmalloc caches; their call sites, and the
 * framework's own, use __GFP_NOACCOUNT instead.
 */
static const struct {
	const char *name;
	const char *reason;
} memcg_kmem_refused[] = {
	{ "kmem_cache",		 "slab-metadata" },
	{ "kmem_cache_node",	 "slab-metadata" },
	{ "kmemleak_object",	 "kmemleak-metadata" },
	{ "kmemleak_scan_area",	 "kmemleak-metadata" },
	{ "debug_objects_cache", "debugobjects-metadata" },
};

static const char *const memcg_kmem_policy_names[] = {
	[MEMCG_KMEM_POLICY_UNACCOUNTED]	= "unaccounted",
	[MEMCG_KMEM_POLICY_ACCOUNTED]		= "accounted",
	[MEMCG_KMEM_POLICY_REFUSED]		= "refused",
};

static const char *const memcg_kmem_source_names[] = {
	[MEMCG_KMEM_SRC_DEFAULT]	= "default",
	[MEMCG_KMEM_SRC_FLAG]		= "flag",
	[MEMCG_KMEM_SRC_KCONFIG]	= "kconfig",
	[MEMCG_KMEM_SRC_BOOT]		= "boot",
	[MEMCG_KMEM_SRC_RUNTIME]	= "runtime",
	[MEMCG_KMEM_SRC_REFUSED]	= "refused",
};

/**
 * memcg_kmem_policy_refusal - why a cache may never be accounted
 * @name: the cache's name
 *
 * Return: a one-word reason, or NULL if the cache may be accounted.
 */
const char *memcg_kmem_policy_refusal(const char *name)
{
	int i;

	for (i = 0; i < ARRAY_SIZE(memcg_kmem_refused); i++) {
		if (!strcmp(name, memcg_kmem_refused[i].name))
			return memcg_kmem_refused[i].reason;
	}
	return NULL;
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
 * @other: the opposite list (account vs noaccount), or NULL
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
 * memcg_kmem_policy_resolve - decide a root cache's policy
 * @cfg: the default and the name lists in force
 * @name: the cache's name
 * @flags: the cache's flags
 * @override: the run-time setting
 * @source: set to where the result comes from
 *
 * Return: the policy, from the first source that has a say (see the top of
 * this file).
 */
enum memcg_kmem_policy
memcg_kmem_policy_resolve(const struct memcg_kmem_policy_config *cfg,
			  const char *name, slab_flags_t flags,
			  enum memcg_kmem_override override,
			  enum memcg_kmem_policy_source *source)
{
	if (memcg_kmem_policy_refusal(name)) {
		*source = MEMCG_KMEM_SRC_REFUSED;
		return MEMCG_KMEM_POLICY_REFUSED;
	}
	if (override != MEMCG_KMEM_OVERRIDE_NONE) {
		*source = MEMCG_KMEM_SRC_RUNTIME;
		goto out;
	}
	*source = MEMCG_KMEM_SRC_BOOT;
	if (memcg_kmem_list_has(cfg->boot_noaccount, name))
		return MEMCG_KMEM_POLICY_UNACCOUNTED;
	if (memcg_kmem_list_has(cfg->boot_account, name))
		return MEMCG_KMEM_POLICY_ACCOUNTED;
	*source = MEMCG_KMEM_SRC_KCONFIG;
	if (memcg_kmem_list_has(cfg->kconfig_noaccount, name))
		return MEMCG_KMEM_POLICY_UNACCOUNTED;
	if (memcg_kmem_list_has(cfg->kconfig_account, name))
		return MEMCG_KMEM_POLICY_ACCOUNTED;
	*source = MEMCG_KMEM_SRC_FLAG;
	if (flags & SLAB_NOACCOUNT)
		return MEMCG_KMEM_POLICY_UNACCOUNTED;
	if (flags & SLAB_ACCOUNT)
		return MEMCG_KMEM_POLICY_ACCOUNTED;
	*source = MEMCG_KMEM_SRC_DEFAULT;
	return cfg->opt_out ? MEMCG_KMEM_POLICY_ACCOUNTED : MEMCG_KMEM_POLICY_UNACCOUNTED;
out:
	return override == MEMCG_KMEM_OVERRIDE_ON ? MEMCG_KMEM_POLICY_ACCOUNTED :
						    MEMCG_KMEM_POLICY_UNACCOUNTED;
}

/*
 * The boot parameters. Set while the command line is parsed, before the
 * first cache exists, and read-only afterwards (0444): caches created later,
 * by modules, are decided with the same values.
 */
#define MEMCG_KMEM_LIST_LEN \
	(MEMCG_KMEM_LIST_NAMES * (MEMCG_KMEM_NAME_MAX + 1))

static bool memcg_kmem_opt_out = IS_ENABLED(CONFIG_MEMCG_KMEM_POLICY_OPT_OUT);
static char memcg_kmem_boot_account[MEMCG_KMEM_LIST_LEN];
static char memcg_kmem_boot_noaccount[MEMCG_KMEM_LIST_LEN];

static int memcg_kmem_default_set(const char *val,
				  const struct kernel_param *kp)
{
	if (val && sysfs_streq(val, "optin")) {
		memcg_kmem_opt_out = false;
		return 0;
	}
	if (val && sysfs_streq(val, "optout")) {
		memcg_kmem_opt_out = true;
		return 0;
	}
	pr_err("memcg_kmem: invalid default '%s': optin or optout\n",
	       val ?: "");
	return -EINVAL;
}

static int memcg_kmem_default_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n",
			  memcg_kmem_opt_out ? "optout" : "optin");
}

static const struct kernel_param_ops memcg_kmem_default_ops = {
	.set = memcg_kmem_default_set,
	.get = memcg_kmem_default_get,
};
module_param_cb(default, &memcg_kmem_default_ops, NULL, 0444);
MODULE_PARM_DESC(default, "Accounting policy of unmarked slab caches: optin or optout");

static int memcg_kmem_list_set(const char *val, const struct kernel_param *kp)
{
	char *list = kp->arg;
	const char *other = list == memcg_kmem_boot_account ?
			    memcg_kmem_boot_noaccount : memcg_kmem_boot_account;

	if (!val || strlen(val) >= MEMCG_KMEM_LIST_LEN ||
	    memcg_kmem_list_check(val, other)) {
		pr_err("memcg_kmem: invalid %s list '%s': up to %d comma-separated cache names, in one list only\n",
		       kp->name, val ?: "", MEMCG_KMEM_LIST_NAMES);
		return -EINVAL;
	}
	strscpy(list, val, MEMCG_KMEM_LIST_LEN);
	return 0;
}

static int memcg_kmem_list_get(char *buf, const struct kernel_param *kp)
{
	return sysfs_emit(buf, "%s\n", (char *)kp->arg);
}

static const struct kernel_param_ops memcg_kmem_list_ops = {
	.set = memcg_kmem_list_set,
	.get = memcg_kmem_list_get,
};
module_param_cb(account, &memcg_kmem_list_ops, memcg_kmem_boot_account,
		0444);
MODULE_PARM_DESC(account, "Slab caches always accounted, comma-separated");
module_param_cb(noaccount, &memcg_kmem_list_ops, memcg_kmem_boot_noaccount,
		0444);
MODULE_PARM_DESC(noaccount, "Slab caches never accounted, comma-separated");

/*
 * Whether root-cgroup tasks get child caches. Read when the root memory
 * cgroup comes online, at boot, and on the allocation path (directly, by
 * core.c: no call there); never changes after boot.
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

/*
 * The configuration in force. The Kconfig lists are checked once, when the
 * first cache is created; invalid ones are ignored as a whole.
 */
static const struct memcg_kmem_policy_config *memcg_kmem_policy_config(void)
{
	static struct memcg_kmem_policy_config cfg;
	static bool checked;

	if (!checked) {
		const char *acc = CONFIG_MEMCG_KMEM_ACCOUNT_CACHES;
		const char *noacc = CONFIG_MEMCG_KMEM_NOACCOUNT_CACHES;

		checked = true;
		if (!memcg_kmem_list_check(acc, noacc) &&
		    !memcg_kmem_list_check(noacc, acc)) {
			cfg.kconfig_account = acc;
			cfg.kconfig_noaccount = noacc;
		} else {
			pr_err("memcg_kmem: invalid CONFIG_MEMCG_KMEM_ACCOUNT_CACHES or CONFIG_MEMCG_KMEM_NOACCOUNT_CACHES, ignored\n");
		}
	}
	cfg.opt_out = memcg_kmem_opt_out;
	cfg.boot_account = memcg_kmem_boot_account;
	cfg.boot_noaccount = memcg_kmem_boot_noaccount;
	return &cfg;
}

/**
 * memcg_kmem_policy_named - tell whether a cache is named in a policy list
 * @name: the name of a cache being created
 *
 * A cache named in the Kconfig or boot lists is not merged with another:
 * its policy is its own.
 *
 * Context: slab_mutex held, or early boot.
 */
bool memcg_kmem_policy_named(const char *name)
{
	const struct memcg_kmem_policy_config *cfg = memcg_kmem_policy_config();

	return memcg_kmem_list_has(cfg->boot_account, name) ||
	       memcg_kmem_list_has(cfg->boot_noaccount, name) ||
	       memcg_kmem_list_has(cfg->kconfig_account, name) ||
	       memcg_kmem_list_has(cfg->kconfig_noaccount, name);
}

/* slab_mutex held, or early boot. */
static void memcg_kmem_policy_apply(struct kmem_cache *s)
{
	enum memcg_kmem_policy_source source;
	enum memcg_kmem_policy policy;

	policy = memcg_kmem_policy_resolve(memcg_kmem_policy_config(), s->name,
					   s->flags,
					   s->memcg_kmem.policy_override,
					   &source);
	s->memcg_kmem.policy_source = source;
	/* Read locklessly by memcg_kmem_cache_accounted(). */
	WRITE_ONCE(s->memcg_kmem.policy, policy);
}

/**
 * memcg_kmem_policy_init - decide the policy of a new root cache
 * @s: the cache, created (its flags are final) but not yet in use
 *
 * Context: slab_mutex held, or early boot.
 */
void memcg_kmem_policy_init(struct kmem_cache *s)
{
	s->memcg_kmem.policy_override = MEMCG_KMEM_OVERRIDE_NONE;
	memcg_kmem_policy_apply(s);
}

/**
 * memcg_kmem_policy_parse - parse a write to memory.kmem.cache_policy
 * @buf: "NAME on", "NAME off" or "NAME default"; modified
 * @name: set to the name, inside @buf
 * @override: set to the run-time setting asked for
 *
 * Return: 0, or -EINVAL if @buf is not two words, the name is not valid
 * (memcg_kmem_name_valid()) or the verb is none of the three.
 */
int memcg_kmem_policy_parse(char *buf, char **name,
			    enum memcg_kmem_override *override)
{
	char *verb;

	buf = strim(buf);
	verb = buf;
	*name = strsep(&verb, " \t\n");
	if (!verb)
		return -EINVAL;
	verb = skip_spaces(verb);
	if (!memcg_kmem_name_valid(*name, strlen(*name)))
		return -EINVAL;
	if (!strcmp(verb, "on"))
		*override = MEMCG_KMEM_OVERRIDE_ON;
	else if (!strcmp(verb, "off"))
		*override = MEMCG_KMEM_OVERRIDE_OFF;
	else if (!strcmp(verb, "default"))
		*override = MEMCG_KMEM_OVERRIDE_NONE;
	else
		return -EINVAL;
	return 0;
}

/**
 * memcg_kmem_policy_write - set a root cache's policy at run time
 * @of: memory.kmem.cache_policy of the root memory cgroup
 * @buf: "NAME on", "NAME off" or "NAME default"
 * @nbytes: length of @buf
 * @off: ignored
 *
 * Applies to every root cache called NAME (merged aliases are not caches
 * of their own). New allocations follow the new policy at once; objects
 * already charged keep their charge until they are freed, and child caches
 * already created stay until their cgroup or root cache goes.
 *
 * Context: process context.
 * Return: @nbytes, -EINVAL for malformed input, -ENOENT if no root cache
 * has the name, -EPERM if the cache is refused.
 */
ssize_t memcg_kmem_policy_write(struct kernfs_open_file *of, char *buf,
				size_t nbytes, loff_t off)
{
	enum memcg_kmem_override override;
	struct kmem_cache *s;
	int ret = -ENOENT;
	char *name;

	if (memcg_kmem_policy_parse(buf, &name, &override))
		return -EINVAL;
	if (memcg_kmem_policy_refusal(name))
		return -EPERM;

	mutex_lock(&slab_mutex);
	list_for_each_entry(s, &slab_caches, list) {
		if (memcg_kmem_is_child(s) || strcmp(s->name, name))
			continue;
		s->memcg_kmem.policy_override = override;
		memcg_kmem_policy_apply(s);
		ret = 0;
	}
	mutex_unlock(&slab_mutex);
	return ret ? ret : nbytes;
}

/**
 * memcg_kmem_policy_show - list every root cache's policy
 * @m: memory.kmem.cache_policy of the root memory cgroup
 * @v: unused
 *
 * One line per root cache: its name, its policy (accounted, unaccounted,
 * refused) and where the policy comes from (default, flag, kconfig, boot,
 * runtime), or for a refused cache why.
 *
 * Return: 0.
 */
int memcg_kmem_policy_show(struct seq_file *m, void *v)
{
	struct kmem_cache *s;

	mutex_lock(&slab_mutex);
	list_for_each_entry(s, &slab_caches, list) {
		unsigned int policy = s->memcg_kmem.policy;
		const char *why;

		if (memcg_kmem_is_child(s))
			continue;
		if (policy == MEMCG_KMEM_POLICY_REFUSED)
			why = memcg_kmem_policy_refusal(s->name);
		else
			why = memcg_kmem_source_names[s->memcg_kmem.policy_source];
		seq_printf(m, "%s %s %s\n", s->name,
			   memcg_kmem_policy_names[policy], why);
	}
	mutex_unlock(&slab_mutex);
	return 0;
}

#ifdef CONFIG_MEMCG_KMEM_CACHES_KUNIT_TEST
#include "policy-test.h"
#endif
