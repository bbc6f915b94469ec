// SPDX-License-Identifier: GPL-2.0-only
///
/// memcg_kmem opt-in candidates: find slab caches whose objects are
/// allocated on behalf of user space but that are not accounted to the
/// allocating task's memory cgroup, and (patch mode) add SLAB_ACCOUNT to
/// their creation flags.
///
/// A cache is a candidate when, in the same file:
///  - it is created with kmem_cache_create(), kmem_cache_create_usercopy(),
///    KMEM_CACHE() or KMEM_CACHE_USERCOPY() into a global variable or a
///    structure field, without SLAB_ACCOUNT in the flags argument;
///  - it is allocated from (kmem_cache_alloc/zalloc/alloc_node/alloc_lru/
///    alloc_bulk, without __GFP_ACCOUNT or GFP_KERNEL_ACCOUNT) in a
///    function that is a syscall (SYSCALL_DEFINEn, COMPAT_SYSCALL_DEFINEn),
///    or a handler in a user-facing operations structure initialised in
///    the file (file_operations, proc_ops, inode_operations, ...), or a
///    function such a handler or syscall calls directly.
///
/// What it is for: under the opt-in policy only SLAB_ACCOUNT caches (and
/// __GFP_ACCOUNT call sites) are split into per-cgroup child caches; a
/// cache that user space can grow but that is not accounted lets a cgroup
/// escape its limit. Each finding needs a human decision: objects that
/// are shared between cgroups or outlive the allocating task are better
/// left unaccounted (see coccinelle/README.md for false positives).
/// Caches are matched by variable or field name; reachability is one call
/// deep and does not cross files or function pointers.
///
// Confidence: Moderate
// Copyright: (C) 2026 memcg-kmem project
// Options: --no-includes --include-headers
// Keywords: memcg_kmem, SLAB_ACCOUNT, opt-in
//

virtual patch
virtual context
virtual org
virtual report

@initialize:python@
@@
import re

SYSCALL_RE = re.compile(r"\b(COMPAT_)?SYSCALL_DEFINE[0-6]\s*\(")
ACCOUNT_GFP_RE = re.compile(r"\b(__GFP_ACCOUNT|GFP_KERNEL_ACCOUNT)\b")

_lines = {}
entry = {}	# (file, function) -> "fn (kind)": syscalls and handlers
callee = {}	# (file, function) -> "g, called from fn (kind)"
reach = {}	# (file, cache) -> why the cache is reachable from user space

def line_of(pos):
	name = pos[0].file
	if name not in _lines:
		try:
			with open(name, errors="replace") as fh:
				_lines[name] = fh.read().split("\n")
		except OSError:
			_lines[name] = []
	lines = _lines[name]
	n = int(pos[0].line) - 1
	return lines[n] if 0 <= n < len(lines) else ""

def is_syscall(pos):
	return SYSCALL_RE.search(line_of(pos)) is not None

// Gate: only files that create a cache and allocate from one are parsed
// (spatch skips a file without these tokens before parsing it).
@has_create@
@@

\(kmem_cache_create\|kmem_cache_create_usercopy\|KMEM_CACHE\|KMEM_CACHE_USERCOPY\)(...)

@has_alloc depends on has_create@
@@

\(kmem_cache_alloc\|kmem_cache_zalloc\|kmem_cache_alloc_node\|kmem_cache_alloc_bulk\|kmem_cache_alloc_lru\)(...)

// Handlers of user-facing operations tables initialised in this file.
@handler depends on has_alloc@
identifier fn, I, fld;
identifier T =~ "^(file_operations|proc_ops|inode_operations|super_operations|address_space_operations|vm_operations_struct|seq_operations|proto_ops|proto|net_proto_family|xattr_handler|fs_context_operations|kernfs_ops)$";
position p;
@@

struct T I@p = { .fld = fn, };

@script:python@
fn << handler.fn;
T << handler.T;
p << handler.p;
@@
entry.setdefault((p[0].file, fn), "%s (%s handler)" % (fn, T))

// Syscalls: the function name comes from a SYSCALL_DEFINEn line.
@sysc depends on has_alloc@
identifier fn;
type T;
position p : script:python() { is_syscall(p) };
@@

T fn@p(...) { ... }

@script:python@
fn << sysc.fn;
p << sysc.p;
@@
entry.setdefault((p[0].file, fn), "%s (syscall)" % fn)

// Functions that handlers and syscalls call directly.
@hcall depends on has_alloc@
identifier handler.fn;
identifier g;
position p;
@@

fn(...) { <+... g(...)@p ...+> }

@script:python@
fn << handler.fn;
g << hcall.g;
p << hcall.p;
@@
callee.setdefault((p[0].file, g), "%s, called from %s" % (g, entry.get((p[0].file, fn), fn)))

@scall depends on has_alloc@
identifier sysc.fn;
identifier g;
position p;
@@

fn(...) { <+... g(...)@p ...+> }

@script:python@
fn << sysc.fn;
g << scall.g;
p << scall.p;
@@
callee.setdefault((p[0].file, g), "%s, called from %s" % (g, entry.get((p[0].file, fn), fn)))

// Allocations from a cache named by a global variable or a field.
@alloc depends on has_alloc@
identifier c;
identifier a2 = {kmem_cache_alloc, kmem_cache_zalloc, kmem_cache_alloc_node,
		 kmem_cache_alloc_bulk};
expression E, G, X;
position pa;
@@

(
 a2(\(c\|E->c\|E.c\), G, ...)@pa
|
 kmem_cache_alloc_lru(\(c\|E->c\|E.c\), X, G)@pa
)

@script:python@
c << alloc.c;
G << alloc.G;
pa << alloc.pa;
@@
key = (pa[0].file, pa[0].current_element)
why = entry.get(key) or callee.get(key)
if why and not ACCOUNT_GFP_RE.search(G):
	reach.setdefault((pa[0].file, c), why)

// Cache creation sites; F is the flags argument.
@create depends on has_alloc@
identifier c;
expression E, N, S, A, F, C, U1, U2;
position p;
@@

(
 \(c\|E->c\|E.c\) = kmem_cache_create(N, S, A, F@p, C)
|
 \(c\|E->c\|E.c\) = kmem_cache_create_usercopy(N, S, A, F@p, U1, U2, C)
|
 \(c\|E->c\|E.c\) = KMEM_CACHE(N, F@p)
|
 \(c\|E->c\|E.c\) = KMEM_CACHE_USERCOPY(N, F@p, U1)
)

@script:python cand@
c << create.c;
F << create.F;
p << create.p;
out;
@@
if (p[0].file, c) not in reach or re.search(r"\bSLAB_ACCOUNT\b", F):
	cocci.include_match(False)
else:
	coccinelle.out = c

@depends on patch@
identifier cand.out;
position create.p;
expression E, F;
@@

\(out\|E->out\|E.out\) = \(kmem_cache_create\|kmem_cache_create_usercopy\|KMEM_CACHE\|KMEM_CACHE_USERCOPY\)(...,
(
- 0@p
+ SLAB_ACCOUNT
|
- F@p
+ F | SLAB_ACCOUNT
)
 ,...)

@depends on context@
identifier cand.out;
position create.p;
expression E, F;
@@

\(out\|E->out\|E.out\) = \(kmem_cache_create\|kmem_cache_create_usercopy\|KMEM_CACHE\|KMEM_CACHE_USERCOPY\)(...,
* F@p
 ,...)

@script:python depends on report@
c << cand.out;
p << create.p;
@@
coccilib.report.print_report(p[0],
	"opt-in candidate: cache %s is allocated from %s but not created with SLAB_ACCOUNT" %
	(c, reach[(p[0].file, c)]))

@script:python depends on org@
c << cand.out;
p << create.p;
@@
coccilib.org.print_todo(p[0],
	"opt-in candidate: cache %s is allocated from %s but not created with SLAB_ACCOUNT" %
	(c, reach[(p[0].file, c)]))
