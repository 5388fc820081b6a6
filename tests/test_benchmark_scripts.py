"""The benchmark scripts run and print the figures of the zone they generate (the timings
themselves are never asserted: the machine's load decides them)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from migration import apply_cost
from migration import plan as plan_mod
from migration.sources.snapshot import read
from tests.benchmarks import zonegen
from tests.benchmarks.common import settings

BENCHMARKS = Path(__file__).parent / "benchmarks"


def test_bench_plan_prints_the_generated_zones_counts(tmp_path):
    path = tmp_path / "zone.json"
    zonegen.write_snapshot(48, path)
    plan = plan_mod.build(settings(path), read(path, zone=zonegen.ZONE))
    cost = apply_cost.estimate(plan.resources)
    run = subprocess.run([sys.executable, "bench_plan.py", "--repeat", "1", "48"], cwd=BENCHMARKS,
                         capture_output=True, text=True, check=True, timeout=120)
    header, row = run.stdout.splitlines()[:2]
    assert header.split()[:4] == ["record", "sets", "CF", "records"]
    fields = row.split()
    assert (fields[0], fields[1]) == ("48", str(len(plan.translation.records)))
    assert row.endswith(f"{cost.requests} requests, 1 window(s), at least 0 s")
    assert all(float(f) >= 0 for f in fields[2:7])
