"""Benchmark: verify a zone of 10,000 record sets served by two local knotd servers.

Run: ``python tests/benchmarks/bench_verify.py [record sets]``. Prints the wall time and the
queries per second of a concurrent run and of a run with one query at a time (same engine,
``concurrency=1``), and whether the targets hold: concurrent at least 5 times faster, and under
10 s. The zone comes from a small deterministic generator below (the shared generator of
tests/benchmarks/zonegen.py was not on main when this was written).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from migration import plan as plan_mod  # noqa: E402
from migration import zonefile  # noqa: E402
from migration.settings import Settings  # noqa: E402
from migration.sources.snapshot import from_document  # noqa: E402
from migration.verify import Options, Servers, verify  # noqa: E402
from migration.verify.query import Server  # noqa: E402
from tests.support.knot import KnotServer  # noqa: E402

CF_NAMES = ("ada.ns.cloudflare.com.", "bob.ns.cloudflare.com.")


def generate(count: int) -> dict:
    """An aws-CLI style document of ``count`` record sets (plus apex SOA and NS) of
    ``bench.example``: A, AAAA, TXT, MX and CNAME in turn, deterministic."""
    sets = [
        {"Name": "bench.example.", "Type": "SOA", "TTL": 900,
         "ResourceRecords": [{"Value": "ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"}]},
        {"Name": "bench.example.", "Type": "NS", "TTL": 172800,
         "ResourceRecords": [{"Value": "ns-1.awsdns-01.org."}, {"Value": "ns-2.awsdns-02.net."}]},
    ]
    for i in range(count):
        name = f"host-{i}.bench.example."
        kind = i % 5
        if kind == 0:
            values = [f"192.0.{(i >> 8) % 256}.{i % 256}"]
            rtype = "A"
        elif kind == 1:
            values = [f"2001:db8::{i:x}", f"2001:db8::1:{i:x}"]
            rtype = "AAAA"
        elif kind == 2:
            values = [f'"v=spf1 ip4:192.0.2.{i % 256} -all"', f'"token-{i:08d}"']
            rtype = "TXT"
        elif kind == 3:
            values = [f"10 mx-{i % 7}.mail.example.net.", f"20 mx-{i % 11}.mail.example.net."]
            rtype = "MX"
        else:
            values = [f"target-{i % 97}.cdn.example.net."]
            rtype = "CNAME"
        sets.append({"Name": name, "Type": rtype, "TTL": 300, "ResourceRecords": [{"Value": v} for v in values]})
    return {"ResourceRecordSets": sets}


def main(count: int = 10_000) -> int:
    snapshot = from_document(generate(count), "generated", zone="bench.example")
    settings = Settings(stack="bench", zone="bench.example", snapshot=Path("generated"), hosted_zone_id="ZBENCH",
                        cloudflare_account_id="bench")
    plan = plan_mod.build(settings, snapshot)
    old_text = zonefile.snapshot_to_bind(snapshot)
    new_text = zonefile.cloudflare_to_bind(snapshot.zone, plan.translation.records, CF_NAMES)
    with KnotServer({"bench.example": old_text}) as old, KnotServer({"bench.example": new_text}) as new:
        servers = Servers(old=(Server("old", old.host, old.port),), new=(Server("new", new.host, new.port),))
        runs = {}
        for label, concurrency in (("concurrent", 64), ("one at a time", 1)):
            started = time.perf_counter()
            result = verify(plan, servers, Options(timeout=2.0, retries=2, concurrency=concurrency), areas=("records",))
            wall = time.perf_counter() - started
            runs[label] = wall
            print(f"{label:>14}: {count} record sets, {result.queries} queries in {wall:.2f} s "
                  f"({result.queries / wall:,.0f} queries/s); {result.counts()}")
            if result.exit_status != 0:
                print("unexpected differences:", [c for c in result.checks if c.status != "equal"][:5])
                return 1
    speedup = runs["one at a time"] / runs["concurrent"]
    print(f"speed-up {speedup:.1f}x (target >= 5x): {'met' if speedup >= 5 else 'NOT met'}; "
          f"concurrent wall time {runs['concurrent']:.2f} s (target < 10 s): "
          f"{'met' if runs['concurrent'] < 10 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000))
