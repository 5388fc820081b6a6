"""How long ``discover`` and the plans of every zone of an account take (docs/performance.md).

A moto server on 127.0.0.1 stands in for Route53 and SES; it is filled with ZONES public hosted
zones (default 50) of RECORD_SETS record sets each (default 20). Timed, in this order, in a
throw-away project folder:

1. ``python -m migration discover`` listing the account (pages of 100);
2. ``discover --all``: listing, then a snapshot and a stack file for every zone;
3. ``plan --stack <zone> --format json --phase mirror`` for every stack, one after the other in
   one process (SES read live from moto, as a scaffolded stack does), as the CI's matrix job of
   one zone runs it;
4. ``summary`` of the plans.

Run: ``.venv/bin/python tests/benchmarks/bench_discover.py [ZONES] [RECORD_SETS]``.
"""

from __future__ import annotations

import contextlib
import io
import os
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT  # noqa: F401 - puts the project on sys.path

from migration import cli  # noqa: E402
from tests.support.moto_server import MotoServer  # noqa: E402


def populate(route53, zones: int, record_sets: int) -> None:
    """``zones`` zones ``zone-NNN.example`` of ``record_sets`` A record sets each (plus SOA, NS)."""
    for n in range(zones):
        name = f"zone-{n:03d}.example."
        zone_id = route53.create_hosted_zone(Name=name, CallerReference=f"bench-{n}")["HostedZone"]["Id"]
        changes = [
            {
                "Action": "CREATE",
                "ResourceRecordSet": {
                    "Name": f"host-{i}.{name}",
                    "Type": "A",
                    "TTL": 300,
                    "ResourceRecords": [{"Value": f"192.0.2.{i % 250 + 1}"}],
                },
            }
            for i in range(record_sets)
        ]
        route53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": changes})


def timed(argv: list[str]) -> tuple[float, int, str]:
    """Wall seconds, exit status and output of ``python -m migration ARGV`` in this process."""
    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(argv)
    return time.perf_counter() - start, status, out.getvalue() + err.getvalue()


def main(argv: list[str]) -> None:
    zones = int(argv[0]) if argv else 50
    record_sets = int(argv[1]) if len(argv) > 1 else 20
    server = MotoServer().start()
    os.environ.update(
        AWS_ENDPOINT_URL=server.endpoint,
        AWS_ACCESS_KEY_ID="bench",
        AWS_SECRET_ACCESS_KEY="bench",
        AWS_DEFAULT_REGION="us-east-1",
    )
    try:
        populate(server.client("route53"), zones, record_sets)
        with tempfile.TemporaryDirectory() as folder:
            project = Path(folder)
            (project / "Pulumi.yaml").write_text((Path(ROOT) / "Pulumi.yaml").read_text())
            (project / "stacks").mkdir()
            os.chdir(project)
            listing, status, _ = timed(["discover"])
            assert status == 0
            scaffold, status, text = timed(
                ["discover", "--all", "--cloudflare-account-id", "023e105f4ecef8ad9ca31a8372d0c354"]
            )
            assert status == 0, text
            plans, files = [], []
            for n in range(zones):
                seconds, status, text = timed(
                    ["plan", "--stack", f"zone-{n:03d}.example", "--format", "json", "--phase", "mirror"]
                )
                assert status == 0, text
                files.append(project / f"plan-{n:03d}.json")
                files[-1].write_text(text)
                plans.append(seconds)
            summary, status, _ = timed(["summary", *map(str, files)])
            assert status == 0
    finally:
        server.stop()
    print(f"{zones} zones of {record_sets} record sets, moto server on 127.0.0.1, {os.cpu_count()} CPUs")
    print(f"discover (listing)          {listing:8.2f} s")
    print(f"discover --all (scaffold)   {scaffold:8.2f} s  ({scaffold / zones:.3f} s a zone)")
    print(
        f"{zones} plans, one by one       {sum(plans):8.2f} s  (first {plans[0]:.2f} s, median "
        f"{sorted(plans)[len(plans) // 2]:.2f} s, slowest {max(plans):.2f} s)"
    )
    print(f"summary of {zones} plans        {summary:8.2f} s")


if __name__ == "__main__":
    main(sys.argv[1:])
