#!/usr/bin/env python3
"""Turn criterion's estimates into the BENCHMARKS.md tables.

Usage: python3 benches/report.py [CRITERION_DIR]

CRITERION_DIR defaults to $CARGO_TARGET_DIR/criterion, else target/criterion.
Reads every <group>/<bench>/new/{benchmark,estimates}.json written by
`cargo bench -p benches`, and prints markdown: each median, its ratio to the
floor (`floor/atomic_fetch_add`, a bare AtomicU64::fetch_add) of the same run,
the two-thread groups against their own two-thread floor, the encoding time
per sample against prometheus-client's, and the issue's targets, each with
PASS or MISS. Nothing is typed by hand.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

# Must match benches::CATALOGUE_SAMPLES.
CATALOGUE_SAMPLES = 205

TARGETS = [
    # (what, group, bench, reference kind, target ratio)
    ("enum-labelled counter increment", "counter_2_enum_labels", "ours", "floor", 1.1),
    ("enum-labelled histogram observe", "histogram_2_enum_labels_20_buckets", "ours", "floor", 2.0),
    ("free-form label lookup", "counter_string_label", "ours_lookup", "floor", 3.0),
    ("free-form label, cached handle", "counter_string_label", "ours_cached_handle", "floor", 1.2),
    ("two threads on distinct series", "two_threads_distinct_series", "ours", "floor", 1.3),
    ("encoding, time per series (text)", "encode_catalogue", "ours_text", "pc_text", 0.8),
    ("encoding, time per series (OpenMetrics)", "encode_catalogue", "ours_openmetrics", "pc_openmetrics", 0.8),
]


def load(root):
    medians = {}
    for est in root.glob("**/new/estimates.json"):
        bench_file = est.parent / "benchmark.json"
        if not bench_file.exists():
            continue
        meta = json.loads(bench_file.read_text())
        group = meta["group_id"]
        name = meta["function_id"] or ""
        if meta.get("value_str"):
            name = f"{name}/{meta['value_str']}" if name else meta["value_str"]
        medians[(group, name)] = json.loads(est.read_text())["median"]["point_estimate"]
    return medians


def fmt_ns(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.2f} ns"


def machine():
    """The machine, as `nproc`, `lscpu` and `rustc -V` describe it."""
    def run(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return "unknown"
    lscpu = run(["lscpu"])
    keep = ("Architecture", "CPU(s):", "Vendor ID", "Model name", "CPU family", "Model:",
            "Thread(s) per core", "Hypervisor vendor", "L1d", "L2", "L3")
    lines = [l for l in lscpu.splitlines() if l.startswith(keep)]
    return "\n".join([f"nproc: {run(['nproc'])}", *lines, run(["rustc", "--version"])])


def main():
    if len(sys.argv) > 1:
        root = Path(sys.argv[1])
    else:
        root = Path(os.environ.get("CARGO_TARGET_DIR", "target")) / "criterion"
    medians = load(root)
    if not medians:
        sys.exit(f"no criterion estimates under {root}; run `cargo bench -p benches` first")
    floors = [medians[k] for k in (("floor", "atomic_fetch_add"), ("floor", "atomic_fetch_add_again")) if k in medians]
    if not floors:
        sys.exit("the floor (floor/atomic_fetch_add) is missing: run the `record` bench")
    # Measured first and last in the run; the lower makes every ratio the
    # less flattering one.
    floor = min(floors)

    groups = {}
    for (group, name), ns in medians.items():
        groups.setdefault(group, []).append((name, ns))

    order = [
        "floor",
        "counter_no_label",
        "counter_2_enum_labels",
        "counter_string_label",
        "histogram_no_label_20_buckets",
        "histogram_2_enum_labels_20_buckets",
        "two_threads_distinct_series",
        "two_threads_same_series",
        "counter_with_exemplar",
        "histogram_with_exemplars_20_buckets",
    ]
    print("Machine:\n\n```\n" + machine() + "\n```\n")
    print(f"Floor: `AtomicU64::fetch_add` (Relaxed), median {fmt_ns(floor)} "
          f"(the lower of {', '.join(fmt_ns(f) for f in floors)}, measured first and last).\n")
    print("| group | implementation | median | × floor |")
    print("|---|---|---:|---:|")
    for group in order:
        for name, ns in sorted(groups.get(group, []), key=lambda x: x[1]):
            print(f"| {group} | {name} | {fmt_ns(ns)} | {ns / floor:.2f} |")

    for group in ("two_threads_distinct_series", "two_threads_same_series"):
        rows = dict(groups.get(group, []))
        if "floor" not in rows:
            continue
        print(f"\n{group}: time per recording while another thread records too, "
              "against two threads on their own (distinct) or one shared (same) bare atomic.\n")
        print("| implementation | median | × two-thread floor | × single-thread floor |")
        print("|---|---:|---:|---:|")
        for name, ns in sorted(rows.items(), key=lambda x: x[1]):
            print(f"| {name} | {fmt_ns(ns)} | {ns / rows['floor']:.2f} | {ns / floor:.2f} |")

    enc = dict(groups.get("encode_catalogue", []))
    if enc:
        print(f"\nEncoding the {CATALOGUE_SAMPLES}-sample sync catalogue (one scrape):\n")
        print("| encoder | per scrape | per sample | × prometheus-client |")
        print("|---|---:|---:|---:|")
        for fmt in ("text", "openmetrics"):
            pc = enc.get(f"prometheus_client_{fmt}")
            for who in ("ours", "prometheus_client"):
                ns = enc.get(f"{who}_{fmt}")
                if ns is None or pc is None:
                    continue
                print(f"| {who}, {fmt} | {fmt_ns(ns)} | {fmt_ns(ns / CATALOGUE_SAMPLES)} | {ns / pc:.2f} |")

    search = groups.get("bucket_search", [])
    if search:
        print("\nBucket search alone (no atomics):\n")
        print("| search/bounds | median |")
        print("|---|---:|")
        for name, ns in sorted(search):
            print(f"| {name} | {fmt_ns(ns)} |")

    paired = root / "paired_ratios.json"
    if paired.exists():
        print("\nTargets, paired (`ratios` bench: alternating short batches, median of per-round "
              "ratios; tight loops, so no per-iteration harness overhead on either side):\n")
        print("| what | against | ours | reference | ratio | target | |")
        print("|---|---|---:|---:|---:|---:|---|")
        for row in json.loads(paired.read_text()):
            ratio, target = row["ratio"], row["target"]
            if target is None:
                # A peer's row: its time against prometheus-client's, no target of ours.
                print(f"| {row['what']} | {row['reference']} | {fmt_ns(row['ours_ns'])} | "
                      f"{fmt_ns(row['reference_ns'])} | {ratio:.2f}× | (peer) | |")
                continue
            verdict = "PASS" if ratio <= target else f"MISS by {ratio / target:.2f}×"
            print(f"| {row['what']} | {row['reference']} | {fmt_ns(row['ours_ns'])} | "
                  f"{fmt_ns(row['reference_ns'])} | {ratio:.2f}× | ≤ {target}× | {verdict} |")

    print("\nTargets, from the criterion medians above (each median taken at a different "
          "moment; per-iteration harness overhead on both sides):\n")
    print("| what | measured | target | |")
    print("|---|---:|---:|---|")
    for what, group, bench, ref, target in TARGETS:
        ns = medians.get((group, bench))
        if ref == "floor":
            rows = dict(groups.get(group, []))
            base = rows.get("floor", floor) if group.startswith("two_threads") else floor
        else:
            base = medians.get((group, ref.replace("pc_", "prometheus_client_")))
        if ns is None or base is None:
            print(f"| {what} | not measured | ≤ {target}× | |")
            continue
        ratio = ns / base
        verdict = "PASS" if ratio <= target else f"MISS by {ratio / target:.2f}×"
        print(f"| {what} | {ratio:.2f}× | ≤ {target}× | {verdict} |")


if __name__ == "__main__":
    main()
