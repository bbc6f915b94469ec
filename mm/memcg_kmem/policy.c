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
 * memory.kmem.cache_policy also sets each root cache's granularity at run
 * time (granularity.c).
 */

#include <linux/cgroup.h>
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

/*
 * The boot parameters. Set while the command line is parsed, before the
 * first cache exists, and read-only afterwards (0444): caches created later,
 * by modules, are decided with the same values.
 */
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
		if (set.policy) {
			s->memcg_kmem.policy_override = set.override;
			memcg_kmem_policy_apply(s);
		}
		if (set.granularity) {
			s->memcg_kmem.granularity_override = set.granularity_override;
			memcg_kmem_granularity_apply(s);
		}
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
			   memcg_kmem_granularity_name(s->memcg_kmem.granularity),
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
