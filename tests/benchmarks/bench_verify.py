"""Benchmark: verify a zone of 10,000 record sets served by two local knotd servers.

Run: ``python tests/benchmarks/bench_verify.py [RECORD_SETS ...] [--delay MS] [--serial-sample N]
[--concurrency N] [--workers N]`` (default 10,000 record sets, 64 queries in flight per process,
as many processes as CPUs). Verifies the records (every record set asked of the "old" and the
"new" server, ``migration.verify.verify``) once with queries concurrent, shared between the
processes as ``python -m migration verify`` does, and once with one query at a time (same
engine, one process, ``concurrency=1``), and prints for each the wall time, the queries per
second and the client's CPU time (worker processes included), then whether the targets hold:
concurrent at least 5 times faster than one at a time, and under 10 s.

``--dnsperf`` also sends the same questions to each server with ``dnsperf`` (Debian package
``dnsperf``; 2 threads, 100 queries in flight), the servers' capacity on this machine, and
prints the ratio of the concurrent verify's wall time to dnsperf's run times added up
(issue 17's target: within 5 times).

``--delay MS`` puts each knotd behind a relay that holds every answer MS milliseconds
(tests/benchmarks/udp_delay.py; real name servers are 5-30 ms away, and this kernel has no
``tc netem``). One query at a time then takes MS per query, so ``--serial-sample`` (default
500 record sets with a delay, the whole zone without) measures it on the first N record sets
and projects the whole zone from that rate; the output says so. Figures and how to read them:
docs/performance.md, "Verify". The zone comes from the small deterministic generator below
(plain A, AAAA, TXT, MX and CNAME sets: zonegen.py's aliases would need their targets' addresses
served as well).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from migration import plan as plan_mod  # noqa: E402
from migration import zonefile  # noqa: E402
from migration.settings import Settings  # noqa: E402
from migration.sources.snapshot import from_document  # noqa: E402
from migration.verify import Options, Servers, probes_from_plan, verify  # noqa: E402
from migration.verify.query import Server  # noqa: E402
from tests.support.knot import KnotServer, free_address  # noqa: E402

CF_NAMES = ("ada.ns.cloudflare.com.", "bob.ns.cloudflare.com.")
RELAY = Path(__file__).with_name("udp_delay.py")
RELAY_LIFETIME = 900  # seconds; the relays stop by themselves even if this script is killed.


def generate(count: int) -> dict:
    """An aws-CLI style document of ``count`` record sets (plus apex SOA and NS) of
    ``bench.example``: A, AAAA, TXT, MX and CNAME in turn, deterministic."""
    sets = [
        {
            "Name": "bench.example.",
            "Type": "SOA",
            "TTL": 900,
            "ResourceRecords": [
                {"Value": "ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"}
            ],
        },
        {
            "Name": "bench.example.",
            "Type": "NS",
            "TTL": 172800,
            "ResourceRecords": [{"Value": "ns-1.awsdns-01.org."}, {"Value": "ns-2.awsdns-02.net."}],
        },
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


def build_plan(count: int) -> plan_mod.Plan:
    """The migration plan of the generated zone of ``count`` record sets."""
    snapshot = from_document(generate(count), "generated", zone="bench.example")
    settings = Settings(
        stack="bench",
        zone="bench.example",
        snapshot=Path("generated"),
        hosted_zone_id="ZBENCH",
        cloudflare_account_id="bench",
    )
    return plan_mod.build(settings, snapshot)


def delayed(stack: ExitStack, role: str, knot: KnotServer, delay_ms: float) -> Server:
    """The ``role`` server: a relay in front of ``knot`` holding each answer ``delay_ms``
    milliseconds; stopped when ``stack`` closes."""
    host, port = free_address()
    relay = subprocess.Popen(
        [
            sys.executable,
            str(RELAY),
            host,
            str(port),
            knot.host,
            str(knot.port),
            str(delay_ms / 1000),
            str(RELAY_LIFETIME),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def stop() -> None:
        relay.stdin.close()
        try:
            relay.wait(timeout=5)
        except subprocess.TimeoutExpired:
            relay.kill()
            relay.wait()

    stack.callback(stop)
    if relay.stdout.readline().strip() != "ready":
        raise RuntimeError(f"the delay relay for {knot.address} did not start")
    return Server(role, host, port)


def _cpu() -> float:
    """CPU seconds of this process and of its ended children (the verify workers)."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


def run(label: str, plan: plan_mod.Plan, servers: Servers, concurrency: int, workers: int) -> tuple[float, int]:
    """Verify ``plan``'s records; print and return (wall seconds, queries)."""
    count = len(probes_from_plan(plan))
    started, cpu = time.perf_counter(), _cpu()
    result = verify(
        plan, servers, Options(timeout=2.0, retries=2, concurrency=concurrency, workers=workers), areas=("records",)
    )
    wall, cpu = time.perf_counter() - started, _cpu() - cpu
    print(
        f"{label:>14}: {count} record sets, {result.queries} queries in {wall:.2f} s "
        f"({result.queries / wall:,.0f} queries/s, {result.processes} process{'es' if result.processes > 1 else ''}, "
        f"client CPU {cpu:.2f} s); {result.counts()}"
    )
    if result.exit_status != 0:
        raise SystemExit(f"unexpected differences: {[c for c in result.checks if c.status != 'equal'][:5]}")
    return wall, result.queries


def dnsperf(plan: plan_mod.Plan, servers: Servers) -> float:
    """Seconds ``dnsperf`` takes to send every record probe of ``plan`` to each server once
    (its ``Run time (s)`` lines added up); prints each run's queries per second."""
    questions = "".join(f"{p.name.to_text()} {p.rtype}\n" for p in probes_from_plan(plan))
    total = 0.0
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as data:
        data.write(questions)
        data.flush()
        for server in servers.old + servers.new:
            run = subprocess.run(
                [
                    "dnsperf",
                    "-s",
                    server.host,
                    "-p",
                    str(server.port),
                    "-d",
                    data.name,
                    "-n",
                    "1",
                    "-T",
                    "2",
                    "-c",
                    "2",
                    "-q",
                    "100",
                    "-t",
                    "2",
                ],
                capture_output=True,
                text=True,
                check=True,
            )
            figures = dict(
                line.strip().split(":", 1)
                for line in run.stdout.splitlines()
                if line.strip().startswith(("Run time (s)", "Queries per second", "Queries completed"))
            )
            seconds = float(figures["Run time (s)"])
            total += seconds
            print(
                f"{'dnsperf ' + server.role:>14}: {figures['Queries completed'].strip()} in {seconds:.3f} s "
                f"({float(figures['Queries per second']):,.0f} queries/s)"
            )
    return total


def bench(
    count: int, delay: float, serial_sample: int | None, concurrency: int, workers: int, with_dnsperf: bool = False
) -> None:
    """Both runs for a zone of ``count`` record sets; prints the figures and the verdicts."""
    sample = serial_sample or (500 if delay else count)
    plan = build_plan(count)
    old_text = zonefile.snapshot_to_bind(plan.snapshot)
    new_text = zonefile.cloudflare_to_bind(plan.snapshot.zone, plan.translation.records, CF_NAMES)
    print(
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; "
        f"{'answers delayed ' + format(delay, 'g') + ' ms' if delay else 'loopback, no delay'}"
    )
    with ExitStack() as stack:
        old = stack.enter_context(KnotServer({"bench.example": old_text}))
        new = stack.enter_context(KnotServer({"bench.example": new_text}))
        if delay:
            servers = Servers(old=(delayed(stack, "old", old, delay),), new=(delayed(stack, "new", new, delay),))
        else:
            servers = Servers(old=(Server("old", old.host, old.port),), new=(Server("new", new.host, new.port),))
        wall, queries = run("concurrent", plan, servers, concurrency, workers)
        if with_dnsperf:
            capacity = dnsperf(plan, servers)
            print(f"verify / dnsperf: {wall / capacity:.1f}x (target within 5x)")
        serial_plan = plan if sample >= count else build_plan(sample)
        serial_wall, serial_queries = run("one at a time", serial_plan, servers, 1, 1)
    serial_rate = serial_queries / serial_wall
    speedup = (queries / wall) / serial_rate
    if serial_plan is not plan:
        print(
            f"one at a time measured on {sample} record sets; the whole zone at that rate: "
            f"{queries / serial_rate:.1f} s (projected)"
        )
    print(
        f"speed-up {speedup:.1f}x (target >= 5x): {'met' if speedup >= 5 else 'NOT met'}; "
        f"concurrent wall time {wall:.2f} s (target < 10 s): {'met' if wall < 10 else 'NOT met'}; "
        f"load average now {os.getloadavg()[0]:.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "record_sets",
        nargs="*",
        type=int,
        default=[10_000],
        help="zone sizes (tests/benchmarks/run_all.py passes 1000 10000)",
    )
    parser.add_argument("--delay", type=float, default=0.0, help="milliseconds added to every answer")
    parser.add_argument("--serial-sample", type=int, help="record sets asked one query at a time")
    parser.add_argument(
        "--concurrency", type=int, default=64, help="queries in flight per process in the concurrent run"
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="processes sharing the concurrent run (default: the CPUs; 1: one process)",
    )
    parser.add_argument("--dnsperf", action="store_true", help="also measure the servers with dnsperf")
    args = parser.parse_args(argv)
    for count in args.record_sets:
        bench(count, args.delay, args.serial_sample, args.concurrency, args.workers, args.dnsperf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
