"""Benchmark: the Pulumi program under ``pulumi.runtime.set_mocks`` against a bare baseline.

For a zone of N record sets, times (wall seconds, until every registration has been answered
by the mock monitor; best of ``--repeat`` runs each, taking turns, default 1):

* ``baseline``: one ``cloudflare.Zone`` and as many bare ``cloudflare.DnsRecord`` resources as
  the plan has other resources, each with constant inputs and the zone's id (an output, as in
  any real program), and no logic of ours;
* ``program``: what ``migration.program.run`` does - read the snapshot file, build the plan,
  declare it (with the plan frozen out of the garbage collector's reach, as ``run`` does).

Target: ``program`` at most 1.25 times ``baseline``. CPU seconds are printed beside wall seconds.
The Pulumi CLI cannot run here, so this is the SDK's own cost (serialising inputs, registering) with
a monitor that echoes inputs.

    python tests/benchmarks/bench_program.py [--repeat R] [N ...]
"""

from __future__ import annotations

import gc
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import pulumi
import pulumi_cloudflare as cloudflare
from common import settings, sizes, zonegen  # noqa: I001

from migration import program
from migration.stack import plan_for


class EchoMocks(pulumi.runtime.Mocks):
    """Answers every registration with its inputs and an id derived from the name."""

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        return f"{args.name}-id", args.inputs

    def call(self, args: pulumi.runtime.MockCallArgs):
        return {}


def timed_program(body: Callable[[], object]) -> tuple[float, float]:
    """Wall and CPU seconds (this process, all threads) to run ``body`` as a Pulumi program under
    fresh mocks, until every resource registration it started has completed. Under mocks all the
    work is in this process, so CPU time is the cost without the waits a busy host adds."""
    pulumi.runtime.set_mocks(EchoMocks(), project="bench", stack="bench", preview=False)
    start, cpu = time.perf_counter(), time.process_time()
    pulumi.runtime.test(body)()
    return time.perf_counter() - start, time.process_time() - cpu


def baseline(count: int) -> Callable[[], None]:
    """A program registering a zone and ``count - 1`` bare DnsRecords in it."""

    def body() -> None:
        zone = cloudflare.Zone("bare-zone", name="bench.example", type="full", account={"id": "account"})
        for i in range(count - 1):
            cloudflare.DnsRecord(
                f"bare-{i}",
                zone_id=zone.id,
                name=f"h{i}.bench.example",
                type="A",
                content="192.0.2.1",
                ttl=300,
                proxied=False,
            )

    return body


def ours_once(cfg) -> tuple[float, float]:
    """:func:`timed_program` of what ``program.run`` does after reading the config (plan, then
    declare with the plan frozen out of the garbage collector's reach), then thaw what it froze,
    so the next turn starts as a fresh process would."""
    try:
        return timed_program(lambda: program.declare(plan_for(cfg), freeze=True))
    finally:
        gc.unfreeze()


def main(argv: list[str]) -> None:
    repeat = 1
    if argv[:1] == ["--repeat"]:
        repeat, argv = int(argv[1]), argv[2:]
    print(
        f"{'record sets':>11} {'resources':>9} {'baseline s':>10} {'program s':>9} "
        f"{'program/baseline':>16} {'baseline CPU s':>14} {'program CPU s':>13} {'CPU ratio':>9}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes(argv):
            path = Path(tmp) / f"zone-{n}.json"
            zonegen.write_snapshot(n, path)
            cfg = settings(path)
            plan = plan_for(cfg)
            count = len(plan.resources)
            # Taking turns, so a spell of a busy host slows both, not one of them.
            runs = [(timed_program(baseline(count)), ours_once(cfg)) for _ in range(repeat)]
            base, ours = (min(r[i][0] for r in runs) for i in (0, 1))
            base_cpu, ours_cpu = (min(r[i][1] for r in runs) for i in (0, 1))
            print(
                f"{n:>11,} {count:>9,} {base:>10.2f} {ours:>9.2f} {ours / base:>16.2f} "
                f"{base_cpu:>14.2f} {ours_cpu:>13.2f} {ours_cpu / base_cpu:>9.2f}"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
