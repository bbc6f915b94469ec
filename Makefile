# memcg-kmem: per-cgroup slab caches for Linux 6.1 (SLAB and SLUB) and
# Linux 6.12 (SLUB).
#
#   make demo     boot the patched SLUB kernel in QEMU and show per-cgroup
#                 kernel memory at work
#   make test     build the kernels (6.1 SLUB and SLAB, 6.12 SLUB), run
#                 KUnit, the QEMU integration tests and the static checks
#
# Both install their dependencies first (make deps, apt-get). See README.md.

SHELL := /bin/bash
VARIANTS := slub slab slub-6.12
# Every kernel scripts/build-kernel.sh knows, for kernel-*, module-* and
# initramfs-*.
ALL_VARIANTS := $(VARIANTS) slub-debug slab-debug slab-kasan \
	slub-debug-nokasan slub-numa slab-numa slub-debug-6.12 \
	slub-numa-6.12
# KERNEL=6.12 makes series and series-build-check work on the 6.12 tree.
KERNEL ?= 6.1
export KERNEL

.PHONY: help deps tree export kernels series series-build-check check demo test \
	test-debug test-numa test-churn test-mainline bench clean \
	distclean coccicheck cocci-test \
	$(addprefix kernel-,$(ALL_VARIANTS)) $(addprefix module-,$(ALL_VARIANTS)) \
	$(addprefix initramfs-,$(ALL_VARIANTS))

help:
	@sed -n '4,9s/^# \{0,1\}//p' Makefile
	@echo "Other targets: deps tree export kernel-{slub,slab,slub-6.12} series (KERNEL=6.12) series-build-check check test-debug test-numa test-churn test-mainline bench clean distclean"

# Debian packages: kernel source and build tools, QEMU, busybox, sparse,
# coccinelle, ccache.
deps:
	@scripts/deps.sh

# build/linux: Debian's 6.1 source as a git tree, branch memcg-kmem = the
# series (patches/ and the new files of this repository); build/linux-6.12
# the same for 6.12 (patches/6.12/).
tree: deps
	@KERNEL=6.1 scripts/tree.sh build
	@KERNEL=6.12 scripts/tree.sh build

# Bring commits made in build/linux back into patches/ and the new files
# (KERNEL=6.12: build/linux-6.12 into patches/6.12/).
export:
	@scripts/tree.sh export

# Static pattern rules: make never applies an implicit rule to a phony target.
$(addprefix kernel-,$(ALL_VARIANTS)): kernel-%: tree
	@scripts/build-kernel.sh $*

kernels: $(addprefix kernel-,$(VARIANTS))

$(addprefix module-,$(ALL_VARIANTS)): module-%: kernel-%
	@scripts/build-module.sh $*

$(addprefix initramfs-,$(ALL_VARIANTS)): initramfs-%: module-%
	@scripts/mkinitramfs.sh $* build/initramfs-$*.cpio

# The postings of patches/postings, each with its cover letter, in
# build/series/<posting>/, checked with git am in order on the pristine tree.
series: tree
	@scripts/series.sh

# Bisectability: every commit of build/linux's branch, as it is, builds with
# SLUB and SLAB (in build/bisect/, never in build/linux or build/out/).
# Not "tree": that would move build/linux. SERIES_BUILD_CHECK="--from REV
# --to REV --alloc slub|slab --stop" narrows it.
series-build-check:
	@scripts/series-build-check.sh $(SERIES_BUILD_CHECK)

# checkpatch, sparse and W=1 (needs the SLUB kernel).
check: series kernel-slub
	@scripts/static-checks.sh slub | tee build/static.log
	@scripts/summarize.sh build/static.log

demo: initramfs-slub
	@scripts/demo.sh slub

test: tree
	@scripts/test.sh $(VARIANTS)

# The same tests on kernels with lockdep, KASAN, kmemleak, slab debugging
# (SLAB twice: 6.1's KASAN excludes DEBUG_SLAB).
test-debug: tree
	@GUEST_TIMEOUT=3600 scripts/test.sh slub-debug slab-debug slab-kasan

# Mainline's memcg selftests on vanilla 6.1 and on the series, same config,
# MK_RUNS boots each: which pass reliably on vanilla and not patched. Not in
# make test: two more kernel builds.
test-mainline: tree
	@scripts/test-mainline.sh $(VARIANTS)

# The same tests on NUMA kernels (two emulated nodes): SLAB's NUMA paths.
# Not in make test: two more kernel builds.
test-numa: tree
	@scripts/test.sh slab-numa slub-numa

# The lifecycle acceptance run: 10,000 churn cycles per allocator (only the
# churn test; MK_CHURN=N to change). With debug kernels:
# make test-churn VARIANTS="slub-debug-nokasan slab-debug" (lockdep,
# kmemleak, slab debugging), and with KASAN, 50 times slower:
# make test-churn VARIANTS="slub-debug slab-kasan" MK_CHURN=2000.
test-churn: tree
	@scripts/test-churn.sh $(VARIANTS)

# Speed, footprint and churn against vanilla 6.1 (SLUB and SLAB), results in
# bench/results/<date>-<commit>/ (see scripts/bench.sh for its variables).
bench: tree
	@scripts/bench.sh

# The Coccinelle scripts in coccinelle/ over the patched tree (report mode;
# writes build/coccicheck/report.txt), and their own tests.
coccicheck:
	@scripts/cocci-check.sh

cocci-test:
	@scripts/cocci-test.sh

clean:
	rm -rf build/out build/modules build/initramfs* build/logs build/series

distclean:
	rm -rf build
