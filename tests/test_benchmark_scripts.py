"""The benchmark scripts run and print the figures of the zone they generate (the timings
themselves are never asserted: the machine's load decides them)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from migration import apply_cost
from migration import plan as plan_mod
from migration.sources.snapshot import read
from tests.benchmarks import zonegen
from tests.benchmarks.common import settings
from tests.conftest import ROOT

BENCHMARKS = Path(__file__).parent / "benchmarks"


def test_bench_plan_prints_the_generated_zones_counts(tmp_path):
    path = tmp_path / "zone.json"
    zonegen.write_snapshot(48, path)
    plan = plan_mod.build(settings(path), read(path, zone=zonegen.ZONE))
    cost = apply_cost.estimate(plan.resources)
    run = subprocess.run(
        [sys.executable, "bench_plan.py", "--repeat", "1", "48"],
        cwd=BENCHMARKS,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    header, row = run.stdout.splitlines()[:2]
    assert header.split()[:4] == ["record", "sets", "CF", "records"]
    fields = row.split()
    assert (fields[0], fields[1]) == ("48", str(len(plan.translation.records)))
    assert row.endswith(f"{cost.requests} requests, 1 window(s), at least 0 s")
    assert all(float(f) >= 0 for f in fields[2:7])


def test_bench_vs_octodns_runs_both_sides_on_a_tiny_zone_and_prints_every_ratio(tmp_path):
    # The first run installs octoDNS (pinned) into .bench-venv/ from PyPI, as the script does for a user.
    run = subprocess.run(
        [sys.executable, "bench_vs_octodns.py", "40", "--runs", "1"],
        cwd=BENCHMARKS,
        capture_output=True,
        text=True,
        check=True,
        timeout=900,
    )
    rows = {
        line[:22].strip(): line[22:].split()
        for line in run.stdout.splitlines()
        if line[:1].isalpha() and not line.startswith(("load", "what"))
    }
    assert list(rows) == [
        "start-up",
        "start-up cpu",
        "start-up peak",
        "plan text",
        "plan text cpu",
        "plan text peak",
        "plan markdown",
        "plan markdown cpu",
        "plan markdown peak",
        "plan json",
        "plan json cpu",
        "plan json peak",
        "read + build",
    ]
    for label, fields in rows.items():
        assert fields[0] in ("s", "MiB") and all(float(f.rstrip("x")) > 0 for f in fields[1:]), label
    # octoDNS really planned the zone: one change per record set Cloudflare supports (of the 40:
    # not the apex SOA and NS, nor the 12 Route53 aliases among the 38 others).
    zone = tmp_path / "zone.json"
    zonegen.write_snapshot(40, zone)
    peer = subprocess.run(
        [str(ROOT / ".bench-venv" / "bin" / "python"), "octodns_plan.py", str(zone), "json"],
        cwd=BENCHMARKS,
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    changes = json.loads(peer.stdout)["cloudflare"]["bench.example."]["changes"]
    assert len(changes) == 26 and {c["type"] for c in changes} == {"create"}
