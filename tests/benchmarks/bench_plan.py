"""Benchmark: build the plan from a snapshot file of N record sets.

Prints, per size: wall time of reading the snapshot (JSON + decoding every value with dnspython)
and of building the plan (translation + resources), best of ``--repeat`` runs (default 5: wall
times on a shared machine vary by a third between runs, and the least is the least disturbed);
the Python heap's peak during both (``tracemalloc``, a separate run since tracing slows the code);
the Cloudflare apply cost. Target for 10,000 record sets: under 1 s and 200 MiB.

    python tests/benchmarks/bench_plan.py [--repeat R] [N ...]
"""

from __future__ import annotations

import resource
import sys
import tempfile
import tracemalloc
from functools import partial
from pathlib import Path

from common import best_of, settings, sizes, zonegen  # noqa: I001

from migration import apply_cost
from migration import plan as plan_mod
from migration.sources import snapshot as snapshot_file

MIB = 1024 * 1024


def measure(n: int, folder: Path, repeat: int) -> dict[str, float]:
    """Figures for a zone of ``n`` record sets (seconds, MiB)."""
    path = folder / f"zone-{n}.json"
    zonegen.write_snapshot(n, path)
    cfg = settings(path)
    snap = snapshot_file.read(path, zone=cfg.zone)
    plan = plan_mod.build(cfg, snap)
    refused = plan.counts()["refused"]
    if refused:
        raise SystemExit(f"the generated zone has {refused} refused record sets: the benchmark must measure real work")
    read_s = best_of(repeat, lambda: snapshot_file.read(path, zone=cfg.zone))
    # Each build gets a snapshot fresh from the file: record sets compute their labels and keys
    # once and keep them, so a second build of the same snapshot would measure less work.
    build_s = min(
        best_of(1, partial(plan_mod.build, cfg, fresh))
        for fresh in (snapshot_file.read(path, zone=cfg.zone) for _ in range(repeat))
    )
    tracemalloc.start()
    plan_mod.build(cfg, snapshot_file.read(path, zone=cfg.zone))
    peak = tracemalloc.get_traced_memory()[1] / MIB
    tracemalloc.stop()
    return {
        "read": read_s,
        "build": build_s,
        "peak": peak,
        "records": len(plan.translation.records),
        "cost": apply_cost.estimate(plan.resources),
    }


def main(argv: list[str]) -> None:
    repeat = 5
    if argv[:1] == ["--repeat"]:
        repeat, argv = int(argv[1]), argv[2:]
    with tempfile.TemporaryDirectory() as tmp:
        print(
            f"{'record sets':>11} {'CF records':>10} {'read s':>7} {'build s':>7} {'total s':>7} "
            f"{'us/set':>6} {'peak MiB':>8}  apply cost"
        )
        for n in sizes(argv):
            f = measure(n, Path(tmp), repeat)
            total = f["read"] + f["build"]
            cost = f["cost"]
            print(
                f"{n:>11,} {f['records']:>10,} {f['read']:>7.3f} {f['build']:>7.3f} {total:>7.3f} "
                f"{total / n * 1e6:>6.0f} {f['peak']:>8.1f}  {cost.requests:,} requests, "
                f"{cost.windows} window(s), at least {apply_cost.duration(cost.minimum_seconds)}"
            )
    print(f"max RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main(sys.argv[1:])
