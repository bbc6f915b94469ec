// SPDX-License-Identifier: GPL-2.0
/*
 * Per-cgroup slab caches: the per-cache accounting policy.
 *
 * Every root cache is accounted (its allocations are charged to the
 * allocating task's memory cgroup), unaccounted (only __GFP_ACCOUNT
 * allocations are) or refused (never accounted). The first source that
 * has a say decides, in this order:
 *
 *   refused  caches created with SLAB_NEVER_ACCOUNT: the slab allocators'
 *            and the debugging facilities' own metadata, shared by every
 *            cgroup, whose accounting would be wrong or recurse
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
 *
 * Next to it, each root cache has a granularity: when a cgroup's accounted
 * allocations from it get a child cache (usage.c). "auto" once the cgroup's
 * use of the cache pays for a child, "always" on its first allocation,
 * "never" (charged per object, as in 6.1). The first source that has a
 * say decides: runtime (memory.kmem.cache_policy), boot
 * (memcg_kmem.granularity_auto=, _always=, _never=), default (Kconfig, or
 * memcg_kmem.granularity= at boot).
 */

#include <linux/cgroup.h>
#include <linux/ctype.h>
#include <linux/init.h>
#include <linux/kernfs.h>
#include <linux/moduleparam.h>
#include <linux/seq_file.h>
#include <linux/string.h>
#include <linux/sysfs.h>

#include "memcg_kmem.h"

#undef MODULE_PARAM_PREFIX
#define MODULE_PARAM_PREFIX "memcg_kmem."

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
};

static const char *const memcg_kmem_granularity_names[] = {
	[MEMCG_KMEM_GRANULARITY_AUTO]	= "auto",
	[MEMCG_KMEM_GRANULARITY_ALWAYS]	= "always",
	[MEMCG_KMEM_GRANULARITY_NEVER]	= "never",
};

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
	/* Set by the creators of caches that must never be accounted. */
	if (flags & SLAB_NEVER_ACCOUNT) {
		*source = MEMCG_KMEM_SRC_FLAG;
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
memcg_kmem_granularity_resolve(const struct memcg_kmem_policy_config *cfg,
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
		if (memcg_kmem_list_has(cfg->boot_granularity[mode], name))
			return mode;
	}
	*source = MEMCG_KMEM_SRC_DEFAULT;
	return cfg->granularity_default;
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
			  memcg_kmem_granularity_names[memcg_kmem_granularity_default]);
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

/*
 * The configuration in force. The Kconfig lists are checked once, when the
 * first cache is created; invalid ones are ignored as a whole.
 */
static const struct memcg_kmem_policy_config *memcg_kmem_policy_config(void)
{
	static struct memcg_kmem_policy_config cfg;
	static bool checked;
	int mode;

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
	cfg.granularity_default = memcg_kmem_granularity_default;
	for (mode = 0; mode < MEMCG_KMEM_GRANULARITY_UNSET; mode++)
		cfg.boot_granularity[mode] = memcg_kmem_boot_granularity[mode];
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
	enum memcg_kmem_granularity granularity;

	policy = memcg_kmem_policy_resolve(memcg_kmem_policy_config(), s->name,
					   s->flags,
					   s->memcg_kmem.policy_override,
					   &source);
	s->memcg_kmem.policy_source = source;
	/* Read locklessly by memcg_kmem_cache_accounted(). */
	WRITE_ONCE(s->memcg_kmem.policy, policy);

	granularity = memcg_kmem_granularity_resolve(memcg_kmem_policy_config(),
						     s->name,
						     s->memcg_kmem.granularity_override,
						     &source);
	s->memcg_kmem.granularity_source = source;
	/* Read locklessly by the allocation path (core.c, usage.c). */
	WRITE_ONCE(s->memcg_kmem.granularity, granularity);
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
	s->memcg_kmem.granularity_override = MEMCG_KMEM_GRANULARITY_UNSET;
	memcg_kmem_policy_apply(s);
	memcg_kmem_granularity_init(s);
}

/**
 * memcg_kmem_policy_parse - parse a write to memory.kmem.cache_policy
 * @buf: "NAME VERB"; modified
 * @name: set to the name, inside @buf
 * @set: set to what the verb sets
 *
 * The verbs: "on" and "off" set the accounting policy, "auto", "always"
 * and "never" the granularity; "default" takes both settings back.
 *
 * Return: 0, or -EINVAL if @buf is not two words, the name is not valid
 * (memcg_kmem_name_valid()) or the verb is none of the six.
 */
int memcg_kmem_policy_parse(char *buf, char **name,
			    struct memcg_kmem_setting *set)
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
	set->policy = false;
	set->granularity = false;
	set->override = MEMCG_KMEM_OVERRIDE_NONE;
	set->granularity_override = memcg_kmem_granularity_named(verb);
	if (set->granularity_override != MEMCG_KMEM_GRANULARITY_UNSET) {
		set->granularity = true;
		return 0;
	}
	set->policy = true;
	if (!strcmp(verb, "on"))
		set->override = MEMCG_KMEM_OVERRIDE_ON;
	else if (!strcmp(verb, "off"))
		set->override = MEMCG_KMEM_OVERRIDE_OFF;
	else if (!strcmp(verb, "default"))
		set->granularity = true;
	else
		return -EINVAL;
	return 0;
}

/**
 * memcg_kmem_policy_write - set a root cache's policy or granularity
 * @of: memory.kmem.cache_policy of the root memory cgroup
 * @buf: "NAME VERB", see memcg_kmem_policy_parse()
 * @nbytes: length of @buf
 * @off: ignored
 *
 * Applies to every root cache called NAME (merged aliases are not caches
 * of their own). New allocations follow the new setting at once; objects
 * already charged keep their charge until they are freed, and child caches
 * already created stay until their cgroup or root cache goes.
 *
 * Context: process context.
 * Return: @nbytes, -EINVAL for malformed input, -ENOENT if no root cache
 * has the name, -EPERM if the cache is refused.
 */
static ssize_t memcg_kmem_policy_write(struct kernfs_open_file *of,
				       char *buf, size_t nbytes, loff_t off)
{
	struct memcg_kmem_setting set;
	struct kmem_cache *s;
	int ret = -ENOENT;
	char *name;

	if (memcg_kmem_policy_parse(buf, &name, &set))
		return -EINVAL;

	mutex_lock(&slab_mutex);
	/* All or nothing: a cache that is never accounted takes no setting. */
	list_for_each_entry(s, &slab_caches, list) {
		if (memcg_kmem_is_child(s) || strcmp(s->name, name))
			continue;
		if (s->memcg_kmem.policy == MEMCG_KMEM_POLICY_REFUSED) {
			ret = -EPERM;
			goto unlock;
		}
		ret = 0;
	}
	list_for_each_entry(s, &slab_caches, list) {
		if (ret || memcg_kmem_is_child(s) || strcmp(s->name, name))
			continue;
		if (set.policy)
			s->memcg_kmem.policy_override = set.override;
		if (set.granularity)
			s->memcg_kmem.granularity_override = set.granularity_override;
		memcg_kmem_policy_apply(s);
	}
unlock:
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
 * runtime; a refused cache's is its flag); then its granularity (auto,
 * always, never), where that comes from (default, boot, runtime), and the
 * objects a cgroup holds per object when "auto" gives it a child.
 *
 * Return: 0.
 */
static int memcg_kmem_policy_show(struct seq_file *m, void *v)
{
	struct kmem_cache *s;

	mutex_lock(&slab_mutex);
	list_for_each_entry(s, &slab_caches, list) {
		unsigned int policy = s->memcg_kmem.policy;

		if (memcg_kmem_is_child(s))
			continue;
		seq_printf(m, "%s %s %s %s %s %u\n", s->name,
			   memcg_kmem_policy_names[policy],
			   memcg_kmem_source_names[s->memcg_kmem.policy_source],
			   memcg_kmem_granularity_names[s->memcg_kmem.granularity],
			   memcg_kmem_source_names[s->memcg_kmem.granularity_source],
			   s->memcg_kmem.child_objects);
	}
	mutex_unlock(&slab_mutex);
	return 0;
}

/*
 * memory.kmem.cache_policy of the root cgroup, on either cgroup version:
 * the policy is global, so is its file.
 */
static struct cftype memcg_kmem_policy_dfl_files[] = {
	{
		.name = "kmem.cache_policy",
		.flags = CFTYPE_ONLY_ON_ROOT,
		.seq_show = memcg_kmem_policy_show,
		.write = memcg_kmem_policy_write,
	},
	{ }	/* terminate */
};

static struct cftype memcg_kmem_policy_legacy_files[] = {
	{
		.name = "kmem.cache_policy",
		.flags = CFTYPE_ONLY_ON_ROOT,
		.seq_show = memcg_kmem_policy_show,
		.write = memcg_kmem_policy_write,
	},
	{ }	/* terminate */
};

static int __init memcg_kmem_policy_files_init(void)
{
	WARN_ON(cgroup_add_dfl_cftypes(&memory_cgrp_subsys,
				       memcg_kmem_policy_dfl_files));
	WARN_ON(cgroup_add_legacy_cftypes(&memory_cgrp_subsys,
					  memcg_kmem_policy_legacy_files));
	return 0;
}
subsys_initcall(memcg_kmem_policy_files_init);

#ifdef CONFIG_MEMCG_KMEM_CACHES_KUNIT_TEST
#include "policy-test.h"
#endif
