// SPDX-License-Identifier: GPL-2.0
/*
 * memcg_kmem_bench - time slab allocations for the memcg-kmem benchmarks.
 *
 * Only mainline API, so that the same module builds against vanilla 6.1
 * and the patched tree. On load it creates six caches, a memcg-aware
 * list_lru with a shrinker that reclaims nothing, and the file
 * /proc/memcg_kmem_bench. The caches have a usercopy region, which keeps
 * SLUB and SLAB from merging them with other caches (it costs nothing
 * without CONFIG_HARDENED_USERCOPY), so each has its own line in
 * /proc/slabinfo and in memory.kmem.cache_policy:
 *
 *   mkb_plain_64   64-byte objects, no flag
 *   mkb_acct_64    64-byte objects, SLAB_ACCOUNT
 *   mkb_plain_4k   4096-byte objects, no flag
 *   mkb_acct_4k    4096-byte objects, SLAB_ACCOUNT
 *   mkb_plain_lru  64-byte objects, no flag, on the list_lru
 *   mkb_acct_lru   64-byte objects, SLAB_ACCOUNT, on the list_lru
 *
 * A TARGET is one of these caches (plain_64, acct_64, plain_4k, acct_4k,
 * plain_lru, acct_lru) or a kmalloc() of a constant size: kmalloc_64,
 * kmalloc_192, kmalloc_1k and kmalloc_4k (GFP_KERNEL), kmalloc_acct_64,
 * kmalloc_acct_192, kmalloc_acct_1k and kmalloc_acct_4k
 * (GFP_KERNEL_ACCOUNT). The lru targets allocate as dentries and inodes
 * do: kmem_cache_alloc_lru() on the list_lru (which, for an accounted
 * object, makes sure the cgroup's list exists), then list_lru_add(); the
 * free is list_lru_del(), then kmem_cache_free(). The list_lru work is
 * part of their figures: plain_lru is the unaccounted twin, and acct_lru
 * less acct_64 is what the lru path adds to an accounted allocation. In
 * the pair pattern the cgroup's list goes from empty to one object every
 * time, so each list_lru_add() also sets the cgroup's shrinker bit.
 *
 * Commands written to the file run in the writer's task, so allocations
 * are charged to the writer's memory cgroup, if to any:
 *
 *   run PATTERN TARGET ITERS
 *              time at least ITERS (1 to 1000000000) allocations and frees
 *              of TARGET: PATTERN pair (alloc, free, repeated), batch
 *              (alloc 32 objects, free them, repeated) or fill (alloc
 *              10000 objects, free them, repeated: slab pages are
 *              allocated and given back every round). Before the timed
 *              loop: a warm-up of a tenth of the operations (at least one
 *              round) and the same loop with the allocation and the free
 *              left out (the empty-loop baseline), which is subtracted.
 *   first TARGET
 *              time one allocation and its free (e.g. the first one of a
 *              new cgroup): no warm-up, no baseline.
 *   hold TARGET N
 *              allocate N (1 to 10000000) objects of TARGET and keep them.
 *   release    free every object kept by hold.
 *
 * Anything else fails with EINVAL; a failed allocation with ENOMEM (run
 * and first free what they got; hold keeps it).
 *
 * Reading the file prints the result of the last command as one line of
 * KEY=VALUE words:
 *
 *   pattern=P target=T ops=N cycles=C ns=T [alloc_cycles=A free_cycles=F]
 *   [base_cycles=B base_ns=BN] failed=K
 *
 * cycles (get_cycles()) and ns (ktime_get_ns()) are per operation, an
 * operation being one allocation and one free, with two decimals;
 * alloc_cycles and free_cycles split them for batch, fill and first;
 * base_* are the baseline's figures per operation (already subtracted).
 * For hold and release an operation is one allocation or one free; release
 * reports target=all. Before any command the line is "none".
 */

#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/compiler.h>
#include <linux/kernel.h>
#include <linux/ktime.h>
#include <linux/list_lru.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/proc_fs.h>
#include <linux/seq_file.h>
#include <linux/shrinker.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/timex.h>
#include <linux/uaccess.h>
#include <linux/version.h>

#define MKB_NAME	"memcg_kmem_bench"
#define MKB_BATCH	32
#define MKB_FILL	10000
#define MKB_MAX_ITERS	1000000000UL
#define MKB_MAX_HOLD	10000000UL
#define MKB_CMD_MAX	64
#define MKB_RESULT_MAX	320

enum mkb_target {
	MKB_PLAIN_64,
	MKB_ACCT_64,
	MKB_PLAIN_4K,
	MKB_ACCT_4K,
	MKB_PLAIN_LRU,
	MKB_ACCT_LRU,
	MKB_NR_CACHES,
	MKB_KMALLOC_64 = MKB_NR_CACHES,
	MKB_KMALLOC_ACCT_64,
	MKB_KMALLOC_192,
	MKB_KMALLOC_ACCT_192,
	MKB_KMALLOC_1K,
	MKB_KMALLOC_ACCT_1K,
	MKB_KMALLOC_4K,
	MKB_KMALLOC_ACCT_4K,
	MKB_NR_TARGETS,
};

static const char * const mkb_target_names[MKB_NR_TARGETS] = {
	[MKB_PLAIN_64]		= "plain_64",
	[MKB_ACCT_64]		= "acct_64",
	[MKB_PLAIN_4K]		= "plain_4k",
	[MKB_ACCT_4K]		= "acct_4k",
	[MKB_PLAIN_LRU]		= "plain_lru",
	[MKB_ACCT_LRU]		= "acct_lru",
	[MKB_KMALLOC_64]	= "kmalloc_64",
	[MKB_KMALLOC_ACCT_64]	= "kmalloc_acct_64",
	[MKB_KMALLOC_192]	= "kmalloc_192",
	[MKB_KMALLOC_ACCT_192]	= "kmalloc_acct_192",
	[MKB_KMALLOC_1K]	= "kmalloc_1k",
	[MKB_KMALLOC_ACCT_1K]	= "kmalloc_acct_1k",
	[MKB_KMALLOC_4K]	= "kmalloc_4k",
	[MKB_KMALLOC_ACCT_4K]	= "kmalloc_acct_4k",
};

static const struct {
	const char *name;
	unsigned int size;
	slab_flags_t flags;
} mkb_cache_defs[MKB_NR_CACHES] = {
	[MKB_PLAIN_64]	= { "mkb_plain_64", 64, 0 },
	[MKB_ACCT_64]	= { "mkb_acct_64", 64, SLAB_ACCOUNT },
	[MKB_PLAIN_4K]	= { "mkb_plain_4k", 4096, 0 },
	[MKB_ACCT_4K]	= { "mkb_acct_4k", 4096, SLAB_ACCOUNT },
	[MKB_PLAIN_LRU]	= { "mkb_plain_lru", 64, 0 },
	[MKB_ACCT_LRU]	= { "mkb_acct_lru", 64, SLAB_ACCOUNT },
};

/*
 * An object of the lru targets: the first word stays free for the chain
 * of "hold", the list_head follows (as d_lru and i_lru sit in dentries
 * and inodes).
 */
struct mkb_lru_obj {
	void *held_next;
	struct list_head lru;
};

enum mkb_pattern {
	MKB_PAIR,
	MKB_BATCH_PATTERN,
	MKB_FILL_PATTERN,
	MKB_NR_PATTERNS,
};

static const char * const mkb_pattern_names[MKB_NR_PATTERNS] = {
	[MKB_PAIR]		= "pair",
	[MKB_BATCH_PATTERN]	= "batch",
	[MKB_FILL_PATTERN]	= "fill",
};

/* What one timed loop took, in total. */
struct mkb_times {
	u64 cycles;
	u64 ns;
	u64 alloc_cycles;	/* batch and fill: in the allocation phases */
	u64 free_cycles;	/* batch and fill: in the free phases */
	unsigned long failed;
};

/* Objects kept by "hold", chained through their first word. */
struct mkb_held {
	void *head;
	unsigned long nr;
};

/* mkb_mutex serialises the commands and guards everything below. */
static DEFINE_MUTEX(mkb_mutex);
static struct kmem_cache *mkb_caches[MKB_NR_CACHES];
/* The lru targets' list_lru, memcg-aware like the dentry and inode lrus. */
static struct list_lru mkb_lru;
static bool mkb_lru_ready;
static bool mkb_shrinker_registered;
static void **mkb_objs;			/* MKB_FILL slots for batch and fill */
static struct mkb_held mkb_held[MKB_NR_TARGETS];
static char mkb_result[MKB_RESULT_MAX] = "none";
static struct proc_dir_entry *mkb_proc;
static char mkb_dummy;			/* what the empty loop "allocates" */

/*
 * The shrinker a memcg-aware list_lru needs (its id selects the cgroups'
 * shrinker bits). Objects on mkb_lru belong to a running command or to
 * "hold", so reclaim finds nothing to free.
 */
static unsigned long mkb_shrink_count(struct shrinker *shrink,
				      struct shrink_control *sc)
{
	return 0;
}

static unsigned long mkb_shrink_scan(struct shrinker *shrink,
				     struct shrink_control *sc)
{
	return SHRINK_STOP;
}

/*
 * The module builds against Linux 6.1 and 6.12: shrinkers are allocated
 * since 6.7 (shrinker_alloc()), and list_lru_add() takes the node and the
 * cgroup since 6.8 (list_lru_add_obj() finds them).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 8, 0)
static struct shrinker *mkb_shrinker;

static int mkb_shrinker_register(void)
{
	mkb_shrinker = shrinker_alloc(SHRINKER_MEMCG_AWARE, MKB_NAME);
	if (!mkb_shrinker)
		return -ENOMEM;
	mkb_shrinker->count_objects = mkb_shrink_count;
	mkb_shrinker->scan_objects = mkb_shrink_scan;
	shrinker_register(mkb_shrinker);
	return 0;
}

static void mkb_shrinker_unregister(void)
{
	shrinker_free(mkb_shrinker);
}

#define mkb_lru_add(lru, item)	list_lru_add_obj(lru, item)
#define mkb_lru_del(lru, item)	list_lru_del_obj(lru, item)
#else
static struct shrinker mkb_shrinker_6_1 = {
	.count_objects	= mkb_shrink_count,
	.scan_objects	= mkb_shrink_scan,
	.seeks		= DEFAULT_SEEKS,
	.flags		= SHRINKER_MEMCG_AWARE,
};
#define mkb_shrinker	(&mkb_shrinker_6_1)

static int mkb_shrinker_register(void)
{
	return register_shrinker(mkb_shrinker, MKB_NAME);
}

static void mkb_shrinker_unregister(void)
{
	unregister_shrinker(mkb_shrinker);
}

#define mkb_lru_add(lru, item)	list_lru_add(lru, item)
#define mkb_lru_del(lru, item)	list_lru_del(lru, item)
#endif

static __always_inline bool mkb_is_lru(enum mkb_target t)
{
	return t == MKB_PLAIN_LRU || t == MKB_ACCT_LRU;
}

/*
 * The allocation and the free of each target. @t is a constant wherever
 * these are inlined, so each loop is compiled for one target, with the
 * kmalloc() size known at compile time as at real call sites. With
 * @empty, the loop keeps its shape but neither allocates nor frees.
 */
static __always_inline void *mkb_alloc(enum mkb_target t, bool empty)
{
	void *p;

	if (empty) {
		p = &mkb_dummy;
		OPTIMIZER_HIDE_VAR(p);
		return p;
	}
	switch (t) {
	case MKB_PLAIN_64:
	case MKB_ACCT_64:
	case MKB_PLAIN_4K:
	case MKB_ACCT_4K:
		return kmem_cache_alloc(mkb_caches[t], GFP_KERNEL);
	case MKB_PLAIN_LRU:
	case MKB_ACCT_LRU: {
		struct mkb_lru_obj *o;

		o = kmem_cache_alloc_lru(mkb_caches[t], &mkb_lru, GFP_KERNEL);
		if (o) {
			INIT_LIST_HEAD(&o->lru);
			mkb_lru_add(&mkb_lru, &o->lru);
		}
		return o;
	}
	case MKB_KMALLOC_64:
		return kmalloc(64, GFP_KERNEL);
	case MKB_KMALLOC_ACCT_64:
		return kmalloc(64, GFP_KERNEL_ACCOUNT);
	case MKB_KMALLOC_192:
		return kmalloc(192, GFP_KERNEL);
	case MKB_KMALLOC_ACCT_192:
		return kmalloc(192, GFP_KERNEL_ACCOUNT);
	case MKB_KMALLOC_1K:
		return kmalloc(1024, GFP_KERNEL);
	case MKB_KMALLOC_ACCT_1K:
		return kmalloc(1024, GFP_KERNEL_ACCOUNT);
	case MKB_KMALLOC_4K:
		return kmalloc(4096, GFP_KERNEL);
	case MKB_KMALLOC_ACCT_4K:
		return kmalloc(4096, GFP_KERNEL_ACCOUNT);
	default:
		return NULL;
	}
}

static __always_inline void mkb_free(enum mkb_target t, bool empty, void *p)
{
	if (empty) {
		barrier_data(p);
	} else if (mkb_is_lru(t)) {
		struct mkb_lru_obj *o = p;

		mkb_lru_del(&mkb_lru, &o->lru);
		kmem_cache_free(mkb_caches[t], o);
	} else if (t < MKB_NR_CACHES) {
		kmem_cache_free(mkb_caches[t], p);
	} else {
		kfree(p);
	}
}

/* pair: @ops times an allocation and its free. */
static __always_inline void mkb_pairs(enum mkb_target t, bool empty,
				      unsigned long ops, struct mkb_times *tm)
{
	unsigned long i;
	u64 c0, n0;

	n0 = ktime_get_ns();
	c0 = get_cycles();
	for (i = 0; i < ops; i++) {
		void *p = mkb_alloc(t, empty);

		if (unlikely(!p)) {
			tm->failed++;
			continue;
		}
		mkb_free(t, empty, p);
	}
	tm->cycles = get_cycles() - c0;
	tm->ns = ktime_get_ns() - n0;
}

/* batch and fill: @rounds times @n allocations, then their @n frees. */
static __always_inline void mkb_rounds(enum mkb_target t, bool empty,
				       unsigned long rounds, unsigned int n,
				       struct mkb_times *tm)
{
	unsigned long r;
	unsigned int j;
	u64 c0, c1, c2, n0;

	n0 = ktime_get_ns();
	c0 = get_cycles();
	c2 = c0;
	for (r = 0; r < rounds; r++) {
		c0 = c2;
		for (j = 0; j < n; j++) {
			mkb_objs[j] = mkb_alloc(t, empty);
			if (unlikely(!mkb_objs[j]))
				tm->failed++;
		}
		c1 = get_cycles();
		for (j = 0; j < n; j++) {
			if (likely(mkb_objs[j]))
				mkb_free(t, empty, mkb_objs[j]);
		}
		c2 = get_cycles();
		tm->alloc_cycles += c1 - c0;
		tm->free_cycles += c2 - c1;
	}
	tm->cycles = tm->alloc_cycles + tm->free_cycles;
	tm->ns = ktime_get_ns() - n0;
}

static __always_inline void mkb_loop(enum mkb_target t, bool empty,
				     enum mkb_pattern pat, unsigned long ops,
				     struct mkb_times *tm)
{
	memset(tm, 0, sizeof(*tm));
	switch (pat) {
	case MKB_PAIR:
		mkb_pairs(t, empty, ops, tm);
		break;
	case MKB_BATCH_PATTERN:
		mkb_rounds(t, empty, DIV_ROUND_UP(ops, MKB_BATCH), MKB_BATCH, tm);
		break;
	default:
		mkb_rounds(t, empty, DIV_ROUND_UP(ops, MKB_FILL), MKB_FILL, tm);
		break;
	}
}

typedef void (*mkb_loop_fn)(enum mkb_pattern pat, unsigned long ops,
			    struct mkb_times *tm);

/* One function per target (and one for the baseline), each specialised. */
#define MKB_DEFINE_LOOP(fn, target, empty)				\
static noinline void fn(enum mkb_pattern pat, unsigned long ops,	\
			struct mkb_times *tm)				\
{									\
	mkb_loop(target, empty, pat, ops, tm);				\
}

MKB_DEFINE_LOOP(mkb_loop_empty, MKB_PLAIN_64, true)
MKB_DEFINE_LOOP(mkb_loop_plain_64, MKB_PLAIN_64, false)
MKB_DEFINE_LOOP(mkb_loop_acct_64, MKB_ACCT_64, false)
MKB_DEFINE_LOOP(mkb_loop_plain_4k, MKB_PLAIN_4K, false)
MKB_DEFINE_LOOP(mkb_loop_acct_4k, MKB_ACCT_4K, false)
MKB_DEFINE_LOOP(mkb_loop_plain_lru, MKB_PLAIN_LRU, false)
MKB_DEFINE_LOOP(mkb_loop_acct_lru, MKB_ACCT_LRU, false)
MKB_DEFINE_LOOP(mkb_loop_kmalloc_64, MKB_KMALLOC_64, false)
MKB_DEFINE_LOOP(mkb_loop_kmalloc_acct_64, MKB_KMALLOC_ACCT_64, false)
MKB_DEFINE_LOOP(mkb_loop_kmalloc_192, MKB_KMALLOC_192, false)
MKB_DEFINE_LOOP(mkb_loop_kmalloc_acct_192, MKB_KMALLOC_ACCT_192, false)
MKB_DEFINE_LOOP(mkb_loop_kmalloc_1k, MKB_KMALLOC_1K, false)
MKB_DEFINE_LOOP(mkb_loop_kmalloc_acct_1k, MKB_KMALLOC_ACCT_1K, false)
MKB_DEFINE_LOOP(mkb_loop_kmalloc_4k, MKB_KMALLOC_4K, false)
MKB_DEFINE_LOOP(mkb_loop_kmalloc_acct_4k, MKB_KMALLOC_ACCT_4K, false)

static const mkb_loop_fn mkb_loops[MKB_NR_TARGETS] = {
	[MKB_PLAIN_64]		= mkb_loop_plain_64,
	[MKB_ACCT_64]		= mkb_loop_acct_64,
	[MKB_PLAIN_4K]		= mkb_loop_plain_4k,
	[MKB_ACCT_4K]		= mkb_loop_acct_4k,
	[MKB_PLAIN_LRU]		= mkb_loop_plain_lru,
	[MKB_ACCT_LRU]		= mkb_loop_acct_lru,
	[MKB_KMALLOC_64]	= mkb_loop_kmalloc_64,
	[MKB_KMALLOC_ACCT_64]	= mkb_loop_kmalloc_acct_64,
	[MKB_KMALLOC_192]	= mkb_loop_kmalloc_192,
	[MKB_KMALLOC_ACCT_192]	= mkb_loop_kmalloc_acct_192,
	[MKB_KMALLOC_1K]	= mkb_loop_kmalloc_1k,
	[MKB_KMALLOC_ACCT_1K]	= mkb_loop_kmalloc_acct_1k,
	[MKB_KMALLOC_4K]	= mkb_loop_kmalloc_4k,
	[MKB_KMALLOC_ACCT_4K]	= mkb_loop_kmalloc_acct_4k,
};

/* Append " KEY=VALUE", VALUE being @total / @ops with two decimals. */
static size_t mkb_put_per_op(char *buf, size_t len, size_t pos,
			     const char *key, s64 total, u64 ops)
{
	s64 v = div64_s64(total * 100, ops);
	u64 a = v < 0 ? -v : v;

	return pos + scnprintf(buf + pos, len - pos, " %s=%s%llu.%02llu", key,
			       v < 0 ? "-" : "", a / 100, a % 100);
}

static unsigned long mkb_pattern_ops(enum mkb_pattern pat, unsigned long iters)
{
	switch (pat) {
	case MKB_PAIR:
		return iters;
	case MKB_BATCH_PATTERN:
		return DIV_ROUND_UP(iters, MKB_BATCH) * MKB_BATCH;
	default:
		return DIV_ROUND_UP(iters, MKB_FILL) * MKB_FILL;
	}
}

/* run PATTERN TARGET ITERS */
static int mkb_run(enum mkb_pattern pat, enum mkb_target t,
		   unsigned long iters)
{
	unsigned long ops = mkb_pattern_ops(pat, iters);
	struct mkb_times warm, base, tm;
	size_t len = sizeof(mkb_result), pos;

	mkb_loops[t](pat, max(ops / 10, 1UL), &warm);
	mkb_loop_empty(pat, ops, &base);
	mkb_loops[t](pat, ops, &tm);

	pos = scnprintf(mkb_result, len, "pattern=%s target=%s ops=%lu",
			mkb_pattern_names[pat], mkb_target_names[t], ops);
	pos = mkb_put_per_op(mkb_result, len, pos, "cycles",
			     tm.cycles - base.cycles, ops);
	pos = mkb_put_per_op(mkb_result, len, pos, "ns", tm.ns - base.ns, ops);
	if (pat != MKB_PAIR) {
		pos = mkb_put_per_op(mkb_result, len, pos, "alloc_cycles",
				     tm.alloc_cycles - base.alloc_cycles, ops);
		pos = mkb_put_per_op(mkb_result, len, pos, "free_cycles",
				     tm.free_cycles - base.free_cycles, ops);
	}
	pos = mkb_put_per_op(mkb_result, len, pos, "base_cycles",
			     base.cycles, ops);
	pos = mkb_put_per_op(mkb_result, len, pos, "base_ns", base.ns, ops);
	scnprintf(mkb_result + pos, len - pos, " failed=%lu",
		  warm.failed + tm.failed);
	return warm.failed + tm.failed ? -ENOMEM : 0;
}

/* first TARGET: one allocation and its free, no warm-up, no baseline. */
static int mkb_first(enum mkb_target t)
{
	u64 n0, c0, c1, c2, ns;
	void *p;

	n0 = ktime_get_ns();
	c0 = get_cycles();
	p = mkb_alloc(t, false);
	c1 = get_cycles();
	if (p)
		mkb_free(t, false, p);
	c2 = get_cycles();
	ns = ktime_get_ns() - n0;

	scnprintf(mkb_result, sizeof(mkb_result),
		  "pattern=first target=%s ops=1 cycles=%llu.00 ns=%llu.00 alloc_cycles=%llu.00 free_cycles=%llu.00 failed=%d",
		  mkb_target_names[t], c2 - c0, ns, c1 - c0, c2 - c1, !p);
	return p ? 0 : -ENOMEM;
}

/* hold TARGET N */
static int mkb_hold(enum mkb_target t, unsigned long n)
{
	struct mkb_held *h = &mkb_held[t];
	unsigned long i, failed = 0;
	u64 n0, c0, c, ns;
	size_t pos;

	n0 = ktime_get_ns();
	c0 = get_cycles();
	for (i = 0; i < n; i++) {
		void **p = mkb_alloc(t, false);

		if (!p) {
			failed = n - i;
			break;
		}
		*p = h->head;
		h->head = p;
		h->nr++;
	}
	c = get_cycles() - c0;
	ns = ktime_get_ns() - n0;

	pos = scnprintf(mkb_result, sizeof(mkb_result),
			"pattern=hold target=%s ops=%lu", mkb_target_names[t], n);
	pos = mkb_put_per_op(mkb_result, sizeof(mkb_result), pos, "cycles", c, n);
	pos = mkb_put_per_op(mkb_result, sizeof(mkb_result), pos, "ns", ns, n);
	scnprintf(mkb_result + pos, sizeof(mkb_result) - pos,
		  " held=%lu failed=%lu", h->nr, failed);
	return failed ? -ENOMEM : 0;
}

static unsigned long mkb_release_all(void)
{
	unsigned long n = 0;
	int t;

	for (t = 0; t < MKB_NR_TARGETS; t++) {
		struct mkb_held *h = &mkb_held[t];

		while (h->head) {
			void **p = h->head;

			h->head = *p;
			mkb_free(t, false, p);
			n++;
		}
		h->nr = 0;
	}
	return n;
}

/* release */
static void mkb_release(void)
{
	u64 n0, c0, c, ns;
	unsigned long n;
	size_t pos;

	n0 = ktime_get_ns();
	c0 = get_cycles();
	n = mkb_release_all();
	c = get_cycles() - c0;
	ns = ktime_get_ns() - n0;

	pos = scnprintf(mkb_result, sizeof(mkb_result),
			"pattern=release target=all ops=%lu", n);
	pos = mkb_put_per_op(mkb_result, sizeof(mkb_result), pos, "cycles", c,
			     max(n, 1UL));
	pos = mkb_put_per_op(mkb_result, sizeof(mkb_result), pos, "ns", ns,
			     max(n, 1UL));
	scnprintf(mkb_result + pos, sizeof(mkb_result) - pos, " failed=0");
}

/* The next word of *@s (NULL if none), moving *@s past it. */
static char *mkb_next_word(char **s)
{
	if (!*s)
		return NULL;
	*s = skip_spaces(*s);
	if (!**s)
		return NULL;
	return strsep(s, " \t\n");
}

static int mkb_lookup(const char *word, const char * const *names, int nr)
{
	int i;

	for (i = 0; word && i < nr; i++) {
		if (!strcmp(word, names[i]))
			return i;
	}
	return -EINVAL;
}

static int mkb_command(char *args)
{
	char *cmd = mkb_next_word(&args);
	char *w1 = mkb_next_word(&args);
	char *w2 = mkb_next_word(&args);
	char *w3 = mkb_next_word(&args);
	unsigned long n;
	int pat, t;

	if (!cmd || mkb_next_word(&args))
		return -EINVAL;

	if (!strcmp(cmd, "release")) {
		if (w1)
			return -EINVAL;
		mkb_release();
		return 0;
	}

	if (!strcmp(cmd, "run")) {
		pat = mkb_lookup(w1, mkb_pattern_names, MKB_NR_PATTERNS);
		t = mkb_lookup(w2, mkb_target_names, MKB_NR_TARGETS);
		if (pat < 0 || t < 0 || !w3 || kstrtoul(w3, 10, &n) ||
		    !n || n > MKB_MAX_ITERS)
			return -EINVAL;
		return mkb_run(pat, t, n);
	}

	t = mkb_lookup(w1, mkb_target_names, MKB_NR_TARGETS);
	if (t < 0 || w3)
		return -EINVAL;

	if (!strcmp(cmd, "first") && !w2)
		return mkb_first(t);

	if (!strcmp(cmd, "hold") && w2) {
		if (kstrtoul(w2, 10, &n) || !n || n > MKB_MAX_HOLD)
			return -EINVAL;
		return mkb_hold(t, n);
	}
	return -EINVAL;
}

static ssize_t mkb_write(struct file *file, const char __user *ubuf,
			 size_t count, loff_t *ppos)
{
	char buf[MKB_CMD_MAX];
	int ret;

	if (count >= sizeof(buf))
		return -EINVAL;
	if (copy_from_user(buf, ubuf, count))
		return -EFAULT;
	buf[count] = '\0';

	mutex_lock(&mkb_mutex);
	ret = mkb_command(strim(buf));
	mutex_unlock(&mkb_mutex);
	return ret ? ret : count;
}

static int mkb_show(struct seq_file *m, void *v)
{
	mutex_lock(&mkb_mutex);
	seq_printf(m, "%s\n", mkb_result);
	mutex_unlock(&mkb_mutex);
	return 0;
}

static int mkb_open(struct inode *inode, struct file *file)
{
	return single_open(file, mkb_show, NULL);
}

static const struct proc_ops mkb_proc_ops = {
	.proc_open	= mkb_open,
	.proc_read	= seq_read,
	.proc_write	= mkb_write,
	.proc_lseek	= seq_lseek,
	.proc_release	= single_release,
};

static void mkb_destroy(void)
{
	int i;

	for (i = 0; i < MKB_NR_CACHES; i++) {
		kmem_cache_destroy(mkb_caches[i]);
		mkb_caches[i] = NULL;
	}
	if (mkb_lru_ready)
		list_lru_destroy(&mkb_lru);
	mkb_lru_ready = false;
	if (mkb_shrinker_registered)
		mkb_shrinker_unregister();
	mkb_shrinker_registered = false;
}

static int __init mkb_init(void)
{
	int i;

	/* The shrinker first: list_lru_init_memcg() takes its id. */
	if (mkb_shrinker_register())
		return -ENOMEM;
	mkb_shrinker_registered = true;
	if (list_lru_init_memcg(&mkb_lru, mkb_shrinker))
		goto fail;
	mkb_lru_ready = true;

	for (i = 0; i < MKB_NR_CACHES; i++) {
		unsigned int size = mkb_cache_defs[i].size;

		mkb_caches[i] = kmem_cache_create_usercopy(mkb_cache_defs[i].name,
							   size, 0,
							   mkb_cache_defs[i].flags,
							   0, size, NULL);
		if (!mkb_caches[i])
			goto fail;
	}
	mkb_objs = kvcalloc(MKB_FILL, sizeof(*mkb_objs), GFP_KERNEL);
	if (!mkb_objs)
		goto fail;
	mkb_proc = proc_create(MKB_NAME, 0600, NULL, &mkb_proc_ops);
	if (!mkb_proc)
		goto fail;
	return 0;

fail:
	kvfree(mkb_objs);
	mkb_destroy();
	return -ENOMEM;
}

static void __exit mkb_exit(void)
{
	proc_remove(mkb_proc);
	mkb_release_all();
	kvfree(mkb_objs);
	mkb_destroy();
}

module_init(mkb_init);
module_exit(mkb_exit);

MODULE_DESCRIPTION("memcg-kmem benchmark: slab allocation and free costs");
MODULE_LICENSE("GPL");
