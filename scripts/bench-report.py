#!/usr/bin/env python3
"""bench-report.py: the tables of `make bench`.

    bench-report.py RESULTS_DIR
        Read RESULTS_DIR/logs/VARIANT-BOOT.log (the guests' BENCH lines;
        BOOT is icount, icount-nokmem, icount-optout, wall or mem) and
        RESULTS_DIR/meta.txt (KEY=VALUE
        lines written by scripts/bench.sh), write RESULTS_DIR/results.md,
        results.tsv (every figure, one per line: variant, boot, what, id,
        metric, value) and footprint.dat, and plot footprint.png with
        gnuplot if it is installed.

    bench-report.py --compare OLD_DIR NEW_DIR
        Print the figures that two runs share, side by side with NEW/OLD,
        from their results.tsv: instructions per operation (icount),
        hackbench, footprint and churn.

Variants vanilla-ALLOC are the baseline of the patched variant ALLOC
(ALLOC being slub, slab, distro-slub, distro-slab, ...); distro-ALLOC is
also set beside ALLOC (the same allocator built as Debian builds).
"""
import os
import re
import shutil
import subprocess
import sys

SITUATIONS = [
    ("nocg", "framework built in, no cgroup since boot (static key off)"),
    ("root", "task in the root cgroup, cgroups exist"),
    ("cg", "task in a non-root cgroup, steady state (child caches exist)"),
    ("rootsplit", "task in the root cgroup again, its caches' children exist (patched): root-cache objects of caches with children"),
    ("optout", "non-root cgroup, the accounted caches opted out at run time (patched only)"),
    ("perobj", "non-root cgroup, the accounted caches at granularity never: the per-object path with its counts (patched only)"),
    ("first", "first allocation of a new cgroup (mean over fresh cgroups)"),
]
PATTERNS = ["pair", "batch", "fill", "first"]
# Each unaccounted target before its accounted twin.
TARGETS = ["plain_64", "acct_64", "plain_4k", "acct_4k", "plain_lru", "acct_lru",
           "kmalloc_64", "kmalloc_acct_64", "kmalloc_192", "kmalloc_acct_192",
           "kmalloc_1k", "kmalloc_acct_1k", "kmalloc_4k", "kmalloc_acct_4k"]
BOOTS = {
    "icount": "QEMU -icount shift=0, 1 vCPU: guest time counts guest instructions",
    "icount-nokmem": "the same with cgroup.memory=nokmem (vanilla only): hackbench",
    "icount-optout": "the same with memcg_kmem.default=optout (patched only): hackbench",
    "wall": "no icount, 2 vCPUs: guest wall time (noisy)",
    "mem": "no icount, 2 vCPUs: footprint and churn",
}
BOOT_RE = r"(.+)-(icount-nokmem|icount-optout|icount|wall|mem)\.log$"
HB_IPC = [("socket", "AF_UNIX sockets"), ("pipe", "pipes (-p)")]
# hackbench targets (issue 16): the series, opt-in and opt-out, against
# vanilla with cgroup.memory=nokmem in a cgroup and vanilla in the root.
HB_LIMIT = {"cg": 1.03, "root": 1.01}


def plain_of(target):
    """The unaccounted twin of a target (itself if unaccounted)."""
    if target.startswith("acct_"):
        return "plain_" + target[len("acct_"):]
    return target.replace("kmalloc_acct_", "kmalloc_", 1)


def acct_of(target):
    """The accounted twin of a target (itself if accounted)."""
    if target.startswith("plain_"):
        return "acct_" + target[len("plain_"):]
    if target.startswith("kmalloc_") and not target.startswith("kmalloc_acct_"):
        return "kmalloc_acct_" + target[len("kmalloc_"):]
    return target


def parse_kv(words):
    d = {}
    for w in words:
        if "=" in w:
            k, v = w.split("=", 1)
            d[k] = v
    return d


def num(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


class Results:
    def __init__(self, rdir):
        self.dir = rdir
        self.meta = {}
        self.speed = {}      # (variant, boot, situation, pattern, target) -> dict
        self.delete = {}     # (variant, boot, objects) -> dict
        self.footprint = {}  # (variant, cgroups) -> dict
        self.cases = {}      # (variant, case name) -> dict
        self.cleanup = {}    # variant -> dict
        self.churn = {}      # variant -> dict
        self.info = {}       # (variant, boot) -> dict
        self.hackbench = {}  # (variant, boot, where, ipc) -> dict
        self.notes = []      # (variant, boot, text)
        self.boots = set()   # (variant, boot) with a log
        self.done = set()    # (variant, boot) whose guest finished
        self._read()

    def _read(self):
        meta = os.path.join(self.dir, "meta.txt")
        if os.path.exists(meta):
            with open(meta) as f:
                for line in f:
                    if "=" in line:
                        k, v = line.rstrip("\n").split("=", 1)
                        self.meta[k] = v
        logs = os.path.join(self.dir, "logs")
        for name in sorted(os.listdir(logs)) if os.path.isdir(logs) else []:
            m = re.match(BOOT_RE, name)
            if not m:
                continue
            variant, boot = m.groups()
            self.boots.add((variant, boot))
            with open(os.path.join(logs, name), errors="replace") as f:
                for line in f:
                    line = line.replace("\r", "").rstrip("\n")
                    i = line.find("BENCH ")
                    if i < 0:
                        continue
                    self._line(variant, boot, line[i + 6:])

    def _line(self, variant, boot, line):
        words = line.split()
        if not words:
            return
        what, kv = words[0], parse_kv(words[1:])
        if what == "speed":
            key = (variant, boot, kv.get("situation"), kv.get("pattern"), kv.get("target"))
            self.speed[key] = kv
        elif what == "delete":
            self.delete[(variant, boot, int(kv.get("objects", 0)))] = kv
        elif what == "footprint":
            self.footprint[(variant, int(kv.get("cgroups", 0)))] = kv
        elif what == "case":
            self.cases[(variant, kv.get("name"))] = kv
        elif what == "footprint_cleanup":
            self.cleanup[variant] = kv
        elif what == "churn":
            self.churn[variant] = kv
        elif what == "hackbench":
            self.hackbench[(variant, boot, kv.get("where"), kv.get("ipc"))] = kv
        elif what == "info":
            self.info[(variant, boot)] = kv
        elif what == "note":
            self.notes.append((variant, boot, " ".join(words[1:])))
        elif what == "done":
            self.done.add((variant, boot))

    def allocs(self):
        """Patched variants (slub, slab, distro-slub, distro-slab, then
        others) that have a figure of their own or of their vanilla
        baseline."""
        first = ("slub", "slab", "distro-slub", "distro-slab")
        names = {v[len("vanilla-"):] if v.startswith("vanilla-") else v
                 for v, _ in self.boots}
        return [a for a in first if a in names] + sorted(names - set(first))

    def hb(self, variant, boot, where, ipc, metric="mean"):
        d = self.hackbench.get((variant, boot, where, ipc))
        return num(d.get(metric)) if d else None

    def val(self, variant, boot, situation, pattern, target, metric="cycles"):
        d = self.speed.get((variant, boot, situation, pattern, target))
        return num(d.get(metric)) if d else None

    def vanilla_ref(self, alloc, boot, situation, pattern, target, accounted):
        """vanilla's unaccounted (plain) or accounted figure for a row."""
        sit = situation if situation not in ("optout", "perobj") else "cg"
        t = acct_of(target) if accounted else plain_of(target)
        return self.val("vanilla-" + alloc, boot, sit, pattern, t)

    # --- output ------------------------------------------------------------
    def tsv_rows(self):
        for (v, b, s, p, t), d in sorted(self.speed.items(), key=lambda x: str(x[0])):
            for metric in ("cycles", "ns", "alloc_cycles", "free_cycles", "cycles_median"):
                if metric in d:
                    yield (v, b, "speed", "%s/%s/%s" % (s, p, t), metric, d[metric])
        for (v, b, w, i), d in sorted(self.hackbench.items(), key=lambda x: str(x[0])):
            for metric in ("mean", "min", "max", "runs"):
                if metric in d:
                    yield (v, b, "hackbench", "%s/%s" % (w, i), metric, d[metric])
        for (v, b, n), d in sorted(self.delete.items()):
            for metric, value in d.items():
                if metric not in ("objects", "target"):
                    yield (v, b, "delete", str(n), metric, value)
        for (v, n), d in sorted(self.footprint.items()):
            for metric, value in d.items():
                if metric != "cgroups":
                    yield (v, "mem", "footprint", str(n), metric, value)
        for (v, n), d in sorted(self.cases.items()):
            for metric, value in d.items():
                if metric != "name":
                    yield (v, "mem", "case", n, metric, value)
        for v, d in sorted(self.cleanup.items()):
            for metric, value in d.items():
                yield (v, "mem", "footprint_cleanup", "-", metric, value)
        for v, d in sorted(self.churn.items()):
            for metric, value in d.items():
                yield (v, "mem", "churn", "-", metric, value)


def fmt(v, digits=1):
    if v is None:
        return "-"
    return "%.*f" % (digits, v)


def ratio(a, b):
    if a is None or b is None or b == 0:
        return None
    return a / b


def fmt_mib(kib):
    """KiB from /proc/meminfo as MiB, one decimal."""
    return fmt(kib / 1024 if kib is not None else None, 1)


def fmt_ratio(r):
    return "-" if r is None else "%.3f" % r


def pct(r):
    return "-" if r is None else "%+.1f%%" % ((r - 1) * 100)


def table(rows, header, align=None):
    out = ["| " + " | ".join(header) + " |",
           "|" + "|".join(align or ["---"] * len(header)) + "|"]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return out


def speed_tables(res, alloc):
    out = []
    p, v = alloc, "vanilla-" + alloc
    for sit, desc in SITUATIONS:
        rows = []
        for pat in PATTERNS:
            for t in TARGETS:
                pv = res.val(p, "icount", sit, pat, t)
                vv = res.val(v, "icount", sit, pat, t)
                if pv is None and vv is None:
                    continue
                vu = res.vanilla_ref(alloc, "icount", sit, pat, t, False)
                va = res.vanilla_ref(alloc, "icount", sit, pat, t, True)
                # The patched kernel's own unaccounted twin (optout and
                # perobj: its non-root cgroup's).
                own = None
                if plain_of(t) != t:
                    own = res.val(p, "icount", sit if sit not in ("optout", "perobj") else "cg",
                                  pat, plain_of(t))
                rows.append([pat, t, fmt(pv), fmt(vv), fmt(vu), fmt(va),
                             fmt_ratio(ratio(pv, vu)), fmt_ratio(ratio(pv, va)),
                             fmt_ratio(ratio(pv, own)),
                             fmt(res.val(p, "wall", sit, pat, t, "ns"), 0),
                             fmt(res.val(v, "wall", sit, pat, t, "ns"), 0)])
        if not rows:
            continue
        out += ["", "### %s: %s" % (sit, desc), ""]
        out += table(rows, ["pattern", "target", "patched", "vanilla",
                            "vanilla unacct", "vanilla acct",
                            "patched / vanilla unacct", "patched / vanilla acct",
                            "patched / patched unacct",
                            "patched ns (wall, noisy)", "vanilla ns (wall, noisy)"],
                     ["---", "---"] + ["---:"] * 9)
    return out


def worst(res, alloc, sit, targets, patterns=("pair", "batch", "fill")):
    """(worst ratio patched / vanilla unaccounted, its row) over targets."""
    best = None
    for pat in patterns:
        for t in targets:
            r = ratio(res.val(alloc, "icount", sit, pat, t),
                      res.vanilla_ref(alloc, "icount", sit, pat, t, False))
            if r is not None and (best is None or r > best[0]):
                best = (r, "%s %s" % (pat, t))
    return best


def verdict(ok):
    return "met" if ok else "**missed**"


def target_rows(res, alloc):
    rows = []
    acct = [t for t in TARGETS if "acct" in t]

    def speed_row(name, sit, targets, limit):
        w = worst(res, alloc, sit, targets)
        pair = ratio(res.val(alloc, "icount", sit, "pair", "acct_64"),
                     res.vanilla_ref(alloc, "icount", sit, "pair", "acct_64", False))
        if w is None:
            rows.append([name, "-", "-", "not measured"])
            return
        rows.append([name, pct(pair), "%s (%s)" % (pct(w[0]), w[1]),
                     verdict(w[0] <= limit)])

    speed_row("framework built in, unused: within 1% of vanilla unaccounted",
              "nocg", TARGETS, 1.01)
    speed_row("root cgroup: within 2% of vanilla unaccounted", "root", TARGETS, 1.02)
    speed_row("accounted steady state: within 15% of vanilla unaccounted",
              "cg", acct, 1.15)
    # Ahead of vanilla's per-object path: patched / vanilla accounted.
    best = None
    for pat in ("pair", "batch", "fill"):
        for t in acct:
            r = ratio(res.val(alloc, "icount", "cg", pat, t),
                      res.vanilla_ref(alloc, "icount", "cg", pat, t, True))
            if r is not None and (best is None or r > best[0]):
                best = (r, "%s %s" % (pat, t))
    pair = ratio(res.val(alloc, "icount", "cg", "pair", "acct_64"),
                 res.vanilla_ref(alloc, "icount", "cg", "pair", "acct_64", True))
    if best:
        rows.append(["accounted steady state: ahead of vanilla's per-object path "
                     "(patched / vanilla accounted)", fmt_ratio(pair),
                     "%s (%s)" % (fmt_ratio(best[0]), best[1]), verdict(best[0] < 1)])
    # Small cgroups pay the per-object path with its counts, and a new
    # cgroup's first allocation: reported beside vanilla, no target.
    for name, sit in (("per-object path with the counts (perobj): patched / vanilla accounted", "perobj"),
                      ("first allocation of a new cgroup: patched / vanilla", "first")):
        pat = "first" if sit == "first" else "pair"
        w = None
        for t in acct:
            pv = res.val(alloc, "icount", sit, pat, t)
            vv = res.vanilla_ref(alloc, "icount", sit, pat, t, True)
            r = ratio(pv, vv)
            if r is not None and (w is None or r > w[0]):
                w = (r, "%s %s: %s vs %s" % (pat, t, fmt(pv), fmt(vv)))
        r = ratio(res.val(alloc, "icount", sit, pat, "acct_64"),
                  res.vanilla_ref(alloc, "icount", sit, pat, "acct_64", True))
        rows.append([name, fmt_ratio(r), "%s (%s)" % (fmt_ratio(w[0]), w[1]) if w else "-",
                     "reported" if w else "not measured"])
    # Footprint at the largest checkpoint both have.
    cps = sorted({n for (v, n) in res.footprint if v == alloc} &
                 {n for (v, n) in res.footprint if v == "vanilla-" + alloc})
    if cps:
        n = cps[-1]
        r = ratio(num(res.footprint[(alloc, n)].get("slab_kb")),
                  num(res.footprint[("vanilla-" + alloc, n)].get("slab_kb")))
        rows.append(["footprint at %d cgroups: Slab within 10%% of vanilla" % n,
                     pct(r), "-", verdict(r is not None and r <= 1.10)])
    else:
        rows.append(["footprint: Slab within 10% of vanilla", "-", "-", "not measured"])
    for name in ("heavy", "past"):
        r = ratio(case_growth(res.cases.get((alloc, name))),
                  case_growth(res.cases.get(("vanilla-" + alloc, name))))
        rows.append(["footprint, %s case: Slab growth within 10%% of vanilla" % name,
                     pct(r), "-", "not measured" if r is None else verdict(r <= 1.10)])
    # Deleting the footprint cgroups: within 1.5x of vanilla's time.
    f, vf = res.cleanup.get(alloc), res.cleanup.get("vanilla-" + alloc)
    r = ratio(num(f.get("seconds")) if f else None, num(vf.get("seconds")) if vf else None)
    rows.append(["deleting the footprint cgroups: within 1.5x of vanilla's time",
                 fmt_ratio(r), "-", "not measured" if r is None else verdict(r <= 1.5)])
    c, vc = res.churn.get(alloc), res.churn.get("vanilla-" + alloc)
    if c:
        left = c.get("dying_after_free")
        rows.append(["churn: no dying cgroup once objects are freed",
                     "%s dying (vanilla: %s)" % (left, vc.get("dying_after_free") if vc else "-"),
                     "-", verdict(left == "0")])
    else:
        rows.append(["churn: no dying cgroup once objects are freed", "-", "-", "not measured"])
    return rows


def hackbench_table(res, alloc):
    """hackbench: vanilla nokmem, vanilla, the series opt-in and opt-out."""
    v = "vanilla-" + alloc
    cols = [(v, "icount-nokmem"), (v, "icount"), (alloc, "icount"), (alloc, "icount-optout")]
    rows = []
    for ipc, _ in HB_IPC:
        for where in ("cg", "root"):
            vals = [res.hb(var, b, where, ipc) for var, b in cols]
            if all(x is None for x in vals):
                continue
            # The reference: no kmem accounting at all in a cgroup, vanilla
            # in the root cgroup (which vanilla does not charge).
            ref = vals[0] if where == "cg" else vals[1]
            ratios = [ratio(x, ref) for x in vals[1:]]
            series = [r for r in ratios[1:] if r is not None]
            verdict_s = ("not measured" if not series
                         else verdict(max(series) <= HB_LIMIT[where]))
            cells = []
            for (var, b), x in zip(cols, vals):
                lo = res.hb(var, b, where, ipc, "min")
                cells.append("-" if x is None else "%.3f (%.3f)" % (x, lo))
            rows.append([ipc, where] + cells + [fmt_ratio(r) for r in ratios] +
                        ["%s (within %d%%)" % (verdict_s, round((HB_LIMIT[where] - 1) * 100))])
    if not rows:
        return []
    d = next((x for x in res.hackbench.values()), {})
    return ["", "### hackbench (rt-tests): guest seconds under icount", "",
            "`hackbench [-p] -g %s -l %s` (processes; sockets, or pipes with `-p`), "
            "mean (min) of %s runs after a warm-up, in a non-root cgroup (cg) and in the "
            "root cgroup with a cgroup existing (root). Guest time counts instructions. "
            "ref = vanilla with `cgroup.memory=nokmem` for cg, vanilla for root; the "
            "ratios are of the means." % (d.get("groups", "-"), d.get("loops", "-"),
                                           d.get("runs", "-")), ""] + table(
        rows, ["ipc", "where", "vanilla nokmem", "vanilla", "patched opt-in",
               "patched opt-out", "vanilla / ref", "opt-in / ref", "opt-out / ref",
               "target"], ["---", "---"] + ["---:"] * 7 + ["---"])


def issue16_rows(res, alloc):
    """Issue 16's targets: the accounted path at the cost of an unaccounted
    one, the patched kernel's own unaccounted twin as the reference."""
    rows = []
    pats = ("pair", "batch", "fill")

    def worst_of(sit, targets, num_of, den_of, limit, name):
        w = None
        for pat in pats:
            for tg in targets:
                r = ratio(num_of(sit, pat, tg), den_of(sit, pat, tg))
                if r is not None and (w is None or r > w[0]):
                    w = (r, "%s %s" % (pat, tg))
        if w is None:
            rows.append([name, "-", "-", "not measured"])
            return
        tg = "acct_64" if "acct_64" in targets else targets[0]
        pair = ratio(num_of(sit, "pair", tg), den_of(sit, "pair", tg))
        rows.append([name, "%s (%s)" % (fmt_ratio(pair), tg),
                     "%s (%s)" % (fmt_ratio(w[0]), w[1]), verdict(w[0] <= limit)])

    def own(sit, pat, tg):
        return res.val(alloc, "icount", sit, pat, tg)

    def own_plain(sit, pat, tg):
        return res.val(alloc, "icount", sit, pat, plain_of(tg))

    def vanilla_same(sit, pat, tg):
        return res.val("vanilla-" + alloc, "icount", sit, pat, tg)

    acct = [tg for tg in TARGETS if "acct" in tg and tg != "acct_lru"]
    plain = [tg for tg in TARGETS if "acct" not in tg]
    worst_of("cg", acct, own, own_plain, 1.15,
             "accounted steady state (cg): within 15% of the same kernel's unaccounted twin")
    worst_of("cg", ["acct_lru"], own, own_plain, 1.15,
             "the same, kmem_cache_alloc_lru() with list_lru_add/del")
    worst_of("root", acct + ["acct_lru"], own, own_plain, 1.02,
             "root cgroup, accounted: within 2% of the same kernel's unaccounted twin")
    worst_of("nocg", TARGETS, own, vanilla_same, 1.01,
             "built in, no cgroup yet: within 1% of vanilla")
    worst_of("cg", plain, own, vanilla_same, 1.01,
             "unaccounted cache in a cgroup: within 1% of vanilla")

    # What the caches' children cost a root cgroup's use of them: rootsplit
    # less root on the patched kernel, against the same difference on
    # vanilla (whose root caches' slabs have obj_cgroup vectors by then too,
    # from the cgroup's per-object charges, which the free hook walks).
    w = None
    for pat in pats:
        for tg in acct:
            d = [None, None]
            for i, v in enumerate((alloc, "vanilla-" + alloc)):
                a = res.val(v, "icount", "rootsplit", pat, tg)
                b = res.val(v, "icount", "root", pat, tg)
                if a is not None and b is not None:
                    d[i] = a - b
            if None in d:
                continue
            extra = d[0] - d[1]
            if w is None or extra > w[0]:
                w = (extra, "%s %s: %+.0f vs vanilla's %+.0f" % (pat, tg, d[0], d[1]))
    name = ("root-cache objects of caches with children (rootsplit - root, "
            "patched less vanilla): no extra cost")
    if w is None:
        rows.append([name, "-", "-", "not measured"])
    else:
        rows.append([name, "-", "%+.0f instructions (%s)" % w, verdict(w[0] <= 1)])
    return rows


def distro_table(res, alloc):
    """distro-ALLOC: pair figures beside those of the base config's ALLOC."""
    if not alloc.startswith("distro-"):
        return []
    base = alloc[len("distro-"):]
    rows = []
    for sit in ("nocg", "root", "cg", "perobj"):
        for t in TARGETS:
            cells = []
            for a in (base, alloc):
                pv = res.val(a, "icount", sit, "pair", t)
                vv = res.val("vanilla-" + a, "icount", sit, "pair", t)
                vu = res.vanilla_ref(a, "icount", sit, "pair", t, False)
                cells += [fmt(pv), fmt(vv), fmt_ratio(ratio(pv, vu))]
            if all(c == "-" for c in cells):
                continue
            rows.append([sit, t] + cells)
    if not rows:
        return []
    return ["", "### %s and %s side by side (pair)" % (base, alloc), "",
            "Instructions per alloc+free pair with the base configs and with Debian's "
            "options (configs/distro.config); each ratio is to the same config's "
            "vanilla unaccounted twin.", ""] + table(
        rows, ["situation", "target", "%s patched" % base, "%s vanilla" % base,
               "%s patched / vanilla unacct" % base, "%s patched" % alloc,
               "%s vanilla" % alloc, "%s patched / vanilla unacct" % alloc],
        ["---", "---"] + ["---:"] * 6)


def delete_table(res, alloc):
    rows = []
    ns = sorted({n for (v, b, n) in res.delete if v in (alloc, "vanilla-" + alloc)})
    for n in ns:
        for v in (alloc, "vanilla-" + alloc):
            for boot in ("icount", "wall"):
                d = res.delete.get((v, boot, n))
                if not d:
                    continue
                rel = num(d.get("release_ns"))
                rows.append([n, v, boot, d.get("rmdir_ns", "-"),
                             "%s -> %s" % (d.get("offline_start", "-"), d.get("offline_left", "-")),
                             fmt(num(d.get("offline_ns")) / 1e6 if d.get("offline_ns") else None, 2),
                             fmt(rel / n if rel is not None else None, 1),
                             "%s -> %s" % (d.get("freed_start", "-"), d.get("freed_left", "-")),
                             caches_left(d)])
    if not rows:
        return []
    return ["", "### Deleting a cgroup that holds N objects (mkb_acct_64)", "",
            "rmdir: the rmdir(2) call (instructions with icount). dying: the parent's "
            "nr_dying_descendants right after rmdir -> after waiting (at most 2 s, "
            "ms = how long; includes offline work, RCU grace periods and idle time, "
            "which icount counts at real-time speed). release: freeing the N objects "
            "afterwards, per object. Then dying again, and the deleted cgroup's child "
            "caches left once it settled.", ""] + table(
        rows, ["N", "kernel", "boot", "rmdir ns", "dying", "until none dying, ms",
               "release ns/object", "dying after release", "child caches left"])


def footprint_table(res, alloc):
    rows = []
    cps = sorted({n for (v, n) in res.footprint if v in (alloc, "vanilla-" + alloc)})
    base = {}
    for v in (alloc, "vanilla-" + alloc):
        d = res.footprint.get((v, 0))
        base[v] = num(d.get("slab_kb")) if d else None
    for n in cps:
        p = res.footprint.get((alloc, n), {})
        q = res.footprint.get(("vanilla-" + alloc, n), {})

        def mib(d, k):
            return fmt_mib(num(d.get(k)))

        def growth(v, d):
            x = num(d.get("slab_kb"))
            if x is None or base.get(v) is None or n == 0:
                return "-"
            return fmt((x - base[v]) / n, 1)
        rows.append([n, mib(p, "slab_kb"), mib(q, "slab_kb"),
                     fmt_ratio(ratio(num(p.get("slab_kb")), num(q.get("slab_kb")))),
                     growth(alloc, p), growth("vanilla-" + alloc, q),
                     mib(p, "sunreclaim_kb"), mib(q, "sunreclaim_kb"),
                     mib(p, "percpu_kb"), mib(q, "percpu_kb"),
                     "%s (%s child)" % (p.get("caches", "-"), p.get("child_caches", "-")),
                     q.get("caches", "-"), p.get("util_pct", "-"), q.get("util_pct", "-")])
    if not rows:
        return []
    out = ["", "### Footprint: cgroups each running a small dentry and inode workload", "",
           "MiB from /proc/meminfo; KiB/cgroup = Slab growth since 0 cgroups per cgroup; "
           "caches = lines of /proc/slabinfo; utilisation = object bytes / slab bytes "
           "from /proc/slabinfo, which counts the free objects cached per CPU as in use "
           "(it reads high, the more so with many small child caches).", ""]
    out += table(rows, ["cgroups", "Slab patched", "Slab vanilla", "patched / vanilla",
                        "KiB/cgroup patched", "KiB/cgroup vanilla",
                        "SUnreclaim patched", "SUnreclaim vanilla",
                        "Percpu patched", "Percpu vanilla", "caches patched",
                        "caches vanilla", "util % patched", "util % vanilla"],
                 ["---:"] * 14)
    return out


def case_growth(d, key="slab_kb"):
    """What a footprint case added to a /proc/meminfo figure, in KiB."""
    if not d:
        return None
    a, b = num(d.get(key)), num(d.get("before_" + key))
    return None if a is None or b is None else a - b


def cases_table(res, alloc):
    rows = []
    for name, desc in (("heavy", "cgroups each holding tens of MiB of dentries and inodes"),
                       ("past", "cgroups each holding just more dentries than the split threshold")):
        p = res.cases.get((alloc, name))
        q = res.cases.get(("vanilla-" + alloc, name))
        if not p and not q:
            continue
        d = p or q
        mib = fmt_mib
        rows.append([name, "%s x (%s stats, %s files)" % (d.get("cgroups"), d.get("stats"), d.get("files")),
                     mib(case_growth(p)), mib(case_growth(q)),
                     fmt_ratio(ratio(case_growth(p), case_growth(q))),
                     mib(case_growth(p, "percpu_kb")), mib(case_growth(q, "percpu_kb")),
                     str(int(case_growth(p, "child_caches"))) if case_growth(p, "child_caches") is not None else "-",
                     desc])
    if not rows:
        return []
    return ["", "### Footprint cases", "",
            "MiB added to /proc/meminfo's Slab and Percpu by the case's cgroups (measured "
            "before the first and after the last, all kept alive), and the child caches "
            "they made.", ""] + table(
        rows, ["case", "cgroups x workload", "Slab patched", "Slab vanilla",
               "patched / vanilla", "Percpu patched", "Percpu vanilla",
               "child caches patched", "what"],
        ["---", "---"] + ["---:"] * 6 + ["---"])


def caches_left(d):
    """Child caches left, and after how long they were gone or counted."""
    if "child_caches_wait_s" not in d:
        return d.get("child_caches_left", "-")
    return "%s (after %s s)" % (d.get("child_caches_left"), d.get("child_caches_wait_s"))


def churn_table(res, alloc):
    rows = []
    for v in (alloc, "vanilla-" + alloc):
        c, f = res.churn.get(v), res.cleanup.get(v)
        if c:
            rows.append([v, "churn %s cycles" % c.get("cycles"), c.get("failed"),
                         c.get("max_child_caches"), c.get("dying_after"),
                         c.get("dying_after_free"), c.get("dying_wait_s"),
                         caches_left(c), c.get("seconds")])
        if f:
            rows.append([v, "delete the %s footprint cgroups" % f.get("cgroups"), "-", "-",
                         "-", f.get("dying_left"), f.get("dying_wait_s"),
                         caches_left(f), f.get("seconds")])
    if not rows:
        return []
    return ["", "### Churn", "",
            "dying: nr_dying_descendants of the parent right after the last cycle, and once "
            "everything is freed (module objects, files, dentries and inodes dropped, the "
            "ext2 file system unmounted), after waiting up to the seconds shown.", ""] + table(
        rows, ["kernel", "run", "failed", "max child caches", "dying right after",
               "dying after freeing", "waited s", "child caches left", "seconds"])


def write_report(res):
    m = res.meta
    out = ["# memcg-kmem benchmarks against the vanilla kernel", ""]
    out += ["- date (UTC): %s" % m.get("date", "-"),
            "- commit measured: %s" % m.get("commit", "-"),
            "- kernel: %s" % m.get("kernel", "-"),
            "- configs (merged .config of each variant in configs/): %s" % m.get("configs", "-"),
            "- QEMU: %s, TCG, 1 GiB" % m.get("qemu", "-"),
            "- host: %s" % m.get("host", "-"),
            "- timed operations per run: %s (wall-time boot: %s); first allocation: mean over %s fresh cgroups"
            % (m.get("iters", "-"), m.get("wall_iters", "-"), m.get("first", "-")),
            "- boots: " + "; ".join("%s = %s" % kv for kv in BOOTS.items()),
            "- method: bench/README.rst", ""]
    missing = sorted("%s-%s" % vb for vb in res.boots - res.done)
    if missing:
        out += ["**Incomplete boots (no `BENCH done`): %s**" % ", ".join(missing), ""]
    out += ["Speed figures are guest instructions per operation (one allocation and its free) "
            "under `-icount shift=0`, the empty-loop baseline subtracted; they repeat run to run. "
            "*vanilla unacct* is the vanilla kernel's figure for the unaccounted counterpart of the "
            "target (plain cache, kmalloc without `__GFP_ACCOUNT`) in the same situation, "
            "*vanilla acct* its accounted counterpart (the vanilla kernel's per-object accounting); optout "
            "rows compare with vanilla's non-root cgroup; *patched unacct* is the patched "
            "kernel's own unaccounted twin. The wall-time columns come from a "
            "boot without icount and are noisy: TCG runs at the host's whim. "
            "distro-* are the same kernels built with Debian 12's fast-path, preemption "
            "and hardening options (configs/distro.config).", ""]
    for alloc in res.allocs():
        out += ["## %s" % alloc.upper(), "", "### Targets (issues 7 and 15)", ""]
        out += table(target_rows(res, alloc),
                     ["target", "pair acct_64 / measured", "worst (pattern target)", "verdict"])
        out += ["", "### Targets (issue 16: the accounted fast path)", ""]
        out += table(issue16_rows(res, alloc),
                     ["target", "pair ratio (target)", "worst (pattern target)", "verdict"])
        out += distro_table(res, alloc)
        out += hackbench_table(res, alloc)
        out += speed_tables(res, alloc)
        out += delete_table(res, alloc)
        out += footprint_table(res, alloc)
        out += cases_table(res, alloc)
        out += churn_table(res, alloc)
        out.append("")
    if res.notes:
        out += ["## Notes from the guests", ""]
        out += ["- %s %s: %s" % n for n in res.notes]
        out.append("")
    if os.path.exists(os.path.join(res.dir, "footprint.png")):
        out += ["## Slab memory against the number of cgroups", "",
                "![Slab memory against cgroups](footprint.png)", ""]
    with open(os.path.join(res.dir, "results.md"), "w") as f:
        f.write("\n".join(out))


def write_tsv(res):
    with open(os.path.join(res.dir, "results.tsv"), "w") as f:
        f.write("variant\tboot\twhat\tid\tmetric\tvalue\n")
        for row in res.tsv_rows():
            f.write("\t".join(str(c) for c in row) + "\n")


def pngcairo():
    """Whether gnuplot has the pngcairo terminal (dash types)."""
    r = subprocess.run(["gnuplot", "-e", "set terminal"], capture_output=True, text=True,
                       check=False)
    return "pngcairo" in r.stdout + r.stderr


def plot(res):
    variants = [v for a in ("slub", "slab") for v in ("vanilla-" + a, a)
                if any(k[0] == v for k in res.footprint)]
    if not variants:
        return
    cps = sorted({n for (_, n) in res.footprint})
    dat = os.path.join(res.dir, "footprint.dat")
    with open(dat, "w") as f:
        f.write("# cgroups " + " ".join(variants) + " (Slab, MiB)\n")
        for n in cps:
            vals = []
            for v in variants:
                x = num(res.footprint.get((v, n), {}).get("slab_kb"))
                vals.append("?" if x is None else "%.2f" % (x / 1024))
            f.write("%d %s\n" % (n, " ".join(vals)))
    if not shutil.which("gnuplot"):
        print("bench-report: no gnuplot, footprint.png not drawn", file=sys.stderr)
        return
    # One colour per allocator; vanilla dashed, patched solid.
    colour = {"slub": "#0060ad", "slab": "#dd181f"}
    plots = ", ".join(
        "'footprint.dat' using 1:%d with linespoints lw 2 lc rgb '%s' dt %d title '%s'"
        % (i + 2, colour[v.replace("vanilla-", "")], 2 if v.startswith("vanilla-") else 1,
           v if v.startswith("vanilla-") else v + " (patched)")
        for i, v in enumerate(variants))
    script = "\n".join([
        "set terminal pngcairo size 900,600" if pngcairo() else "set terminal png size 900,600",
        "set output 'footprint.png'",
        "set datafile missing '?'",
        "set title 'Slab memory (/proc/meminfo) against cgroups with a dentry and inode workload'",
        "set xlabel 'cgroups'",
        "set ylabel 'Slab (MiB)'",
        "set key left top",
        "set grid",
        "plot " + plots, ""])
    subprocess.run(["gnuplot"], input=script, text=True, cwd=res.dir, check=False)


def compare(old_dir, new_dir):
    def load(d):
        vals = {}
        with open(os.path.join(d, "results.tsv")) as f:
            next(f, None)
            for line in f:
                v, b, what, i, metric, value = line.rstrip("\n").split("\t")
                vals[(v, b, what, i, metric)] = value
        return vals
    old, new = load(old_dir), load(new_dir)
    keep = {("speed", "cycles"), ("footprint", "slab_kb"), ("footprint", "percpu_kb"),
            ("churn", "dying_after_free"), ("delete", "rmdir_ns"), ("hackbench", "mean")}
    print("%-19s %-13s %-10s %-32s %-16s %12s %12s %8s" %
          ("variant", "boot", "what", "id", "metric", "old", "new", "new/old"))
    for k in sorted(set(old) & set(new)):
        v, b, what, i, metric = k
        if (what, metric) not in keep or (what == "speed" and b != "icount"):
            continue
        o, n = num(old[k]), num(new[k])
        print("%-19s %-13s %-10s %-32s %-16s %12s %12s %8s" %
              (v, b, what, i, metric, old[k], new[k], fmt_ratio(ratio(n, o))))


def main():
    if len(sys.argv) == 4 and sys.argv[1] == "--compare":
        compare(sys.argv[2], sys.argv[3])
        return 0
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    res = Results(sys.argv[1])
    write_tsv(res)
    plot(res)
    write_report(res)
    print(os.path.join(sys.argv[1], "results.md"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
