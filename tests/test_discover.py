"""Many zones: ``discover`` against a moto server holding an account of 50 public hosted zones
(and private ones it must leave out), paged; scaffolded stacks plan; one summary across zones."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from migration import plan as plan_mod
from migration import report, report_summary
from migration.settings import load_stack
from migration.sources import account, route53_api
from migration.sources import snapshot as snapshot_file
from tests.support import fault_proxy
from tests.support.cli import run

ZONES = 50


def populate(route53, zones: int = ZONES) -> list[str]:
    """``zones`` public hosted zones ``zone-NN.example`` with an A and a TXT record set each, plus
    two private zones (one sharing a public zone's name). Returns the public zones' ids by name order."""
    ids = []
    for n in range(zones):
        name = f"zone-{n:02d}.example."
        zone_id = route53.create_hosted_zone(
            Name=name, CallerReference=f"ref-{n}", HostedZoneConfig={"Comment": f"team {n % 5}", "PrivateZone": False}
        )["HostedZone"]["Id"].rsplit("/", 1)[-1]
        route53.change_resource_record_sets(
            HostedZoneId=zone_id,
            ChangeBatch={
                "Changes": [
                    {
                        "Action": "CREATE",
                        "ResourceRecordSet": {
                            "Name": f"www.{name}",
                            "Type": "A",
                            "TTL": 300,
                            "ResourceRecords": [{"Value": f"192.0.2.{n + 1}"}],
                        },
                    },
                    {
                        "Action": "CREATE",
                        "ResourceRecordSet": {
                            "Name": name,
                            "Type": "TXT",
                            "TTL": 300,
                            "ResourceRecords": [{"Value": f'"zone {n}"'}],
                        },
                    },
                ]
            },
        )
        ids.append(zone_id)
    for n, name in enumerate(("internal.example.", "zone-00.example.")):
        route53.create_hosted_zone(
            Name=name,
            CallerReference=f"private-{n}",
            VPC={"VPCRegion": "us-east-1", "VPCId": "vpc-12345678"},
            HostedZoneConfig={"Comment": "", "PrivateZone": True},
        )
    return ids


def test_every_public_zone_is_listed_across_pages(moto):
    route53 = moto.client("route53")
    ids = populate(route53)
    found = account.public_zones(route53_api.client(endpoint_url=moto.endpoint), page_size=7)
    assert [z.name for z in found.zones] == [f"zone-{n:02d}.example." for n in range(ZONES)]
    assert [z.id for z in found.zones] == ids
    assert (found.private, found.pages) == (2, 8)  # 52 zones, 7 a page
    assert found.zones[3] == account.HostedZone("zone-03.example.", ids[3], 4, "team 3")  # SOA, NS, A, TXT


def test_throttled_pages_are_retried(moto):
    """Every second request answered with Route53's Throttling error (a proxy in front of moto):
    botocore's adaptive retries ask again, and every zone is listed once."""
    ids = populate(moto.client("route53"))
    with contextlib.contextmanager(fault_proxy.serve)(moto.endpoint) as proxy:
        proxy.fault, proxy.every = "throttle", 2
        found = account.public_zones(route53_api.client(endpoint_url=proxy.endpoint), page_size=10)
        throttled = proxy.requests
    assert [z.id for z in found.zones] == ids and found.pages == 6
    assert throttled >= 11  # 6 pages, each asked again after a Throttling answer (at least 5 of them)


def test_discover_lists_and_scaffolds_the_chosen_zones(moto, project, monkeypatch, capsys):
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto.endpoint)
    ids = populate(moto.client("route53"))
    status, out, err = run(["discover", "--page-size", "9"], capsys)
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["zone", "hosted", "zone", "id", "record", "sets", "comment"]
    assert lines[1].split() == ["zone-00.example.", ids[0], "4", "team", "0"]
    assert lines[-1] == "50 public hosted zone(s); 2 private zone(s) left out (never migrated); 6 page(s) read"
    assert not (project / "snapshots").exists()  # listing alone writes nothing

    status, _, err = run(["discover", "--scaffold", "zone-07.example", "--scaffold", ids[8]], capsys)
    assert status == 2 and err == (
        "error: --cloudflare-account-id is required to scaffold stacks (the account that "
        "creates the Cloudflare zones)\n"
    )
    status, _, err = run(
        [
            "discover",
            "--scaffold",
            "zone-07.example",
            "--scaffold",
            ids[8],
            "--scaffold",
            "nope.example",
            "--cloudflare-account-id",
            "023e105f4ecef8ad9ca31a8372d0c354",
        ],
        capsys,
    )
    assert status == 2 and err == "error: nope.example is not a public hosted zone of this account\n"
    status, _, err = run(
        [
            "discover",
            "--scaffold",
            "zone-07.example",
            "--scaffold",
            ids[8],
            "--cloudflare-account-id",
            "023e105f4ecef8ad9ca31a8372d0c354",
            "--region",
            "eu-west-1",
        ],
        capsys,
    )
    assert status == 0, err
    assert err == (
        "zone-07.example: wrote snapshots/zone-07.example.json (4 record sets) and "
        "stacks/Pulumi.zone-07.example.yaml\n"
        "zone-08.example: wrote snapshots/zone-08.example.json (4 record sets) and "
        "stacks/Pulumi.zone-08.example.yaml\n"
    )
    assert (project / "stacks" / "Pulumi.zone-07.example.yaml").read_text() == (
        f"# zone-07.example. (hosted zone {ids[7]}), scaffolded by 'python -m migration discover'.\n"
        "# Review before the mirror: proxied names, SES identities, routing choices (README).\n"
        'config:\n  aws:region: "eu-west-1"\n  migration:zone: "zone-07.example"\n'
        '  migration:snapshot: "snapshots/zone-07.example.json"\n'
        f'  migration:hostedZoneId: "{ids[7]}"\n  migration:cloudflareAccountId: "023e105f4ecef8ad9ca31a8372d0c354"\n  migration:proxied: []\n'
    )
    # The scaffolded stack plans offline: its A and TXT become Cloudflare records.
    status, out, err = run(["plan", "--stack", "zone-07.example", "--format", "json", "--phase", "mirror"], capsys)
    plan = json.loads(out)
    assert (plan["zone"], plan["hostedZoneId"], plan["summary"]["cloudflareRecords"]) == ("zone-07.example", ids[7], 2)
    # An existing file is kept.
    (project / "stacks" / "Pulumi.zone-07.example.yaml").write_text("config: {}\n")
    status, _, err = run(
        ["discover", "--scaffold", "zone-07.example", "--cloudflare-account-id", "023e105f4ecef8ad9ca31a8372d0c354"],
        capsys,
    )
    assert status == 0 and err == "zone-07.example: kept: snapshots/zone-07.example.json exists (--force overwrites)\n"
    assert (project / "stacks" / "Pulumi.zone-07.example.yaml").read_text() == "config: {}\n"


def test_all_fifty_zones_scaffold_plan_and_summarise(moto, project, monkeypatch, capsys):
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto.endpoint)
    populate(moto.client("route53"))
    status, _, err = run(["discover", "--all", "--cloudflare-account-id", "023e105f4ecef8ad9ca31a8372d0c354"], capsys)
    assert status == 0, err
    assert len(list((project / "stacks").glob("Pulumi.zone-*.example.yaml"))) == ZONES
    # Each stack's plan, as 'plan --format json' writes it; SES is left out here (its live reads,
    # timed in tests/benchmarks/bench_discover.py, add nothing to what this test checks), and the
    # first stack is planned through the command itself, SES included.
    status, out, err = run(["plan", "--stack", "zone-00.example", "--format", "json", "--phase", "mirror"], capsys)
    assert status == 0, err
    plans = [project / "plan-00.json"]
    plans[0].write_text(out)
    for n in range(1, ZONES):
        settings = replace(load_stack(f"zone-{n:02d}.example", project), ses_regions=())
        snap = snapshot_file.read(settings.snapshot, zone=settings.zone, hosted_zone_id=settings.hosted_zone_id)
        plans.append(project / f"plan-{n:02d}.json")
        plans[-1].write_text(report.to_json(plan_mod.build(settings, snap)))
    plans = [str(p) for p in plans]
    (project / "plan-broken.json").write_text(
        json.dumps({"stack": "zone-99.example", "error": "stack zone-99: no settings file"})
    )
    status, out, err = run(["summary", *plans, str(project / "plan-broken.json")], capsys)
    assert status == 1, err
    lines = out.splitlines()
    assert lines[:5] == [
        report_summary.MARKER,
        "## DNS migration: 51 zone(s), 1 blocked",
        "",
        "| zone | stack | phase | creates | deletes | refusals | errors | verdict |",
        "|---|---|---|---|---|---|---|---|",
    ]
    assert lines[5] == "| - | zone-99.example | - | - | - | - | 1 | ❌ stack zone-99: no settings file |"
    # Each zone: the Cloudflare zone, its two records and the adopted Route53 zone... created or adopted.
    assert lines[6] == "| zone-00.example | zone-00.example | mirror | 3 | 0 | 0 | 0 | ✅ ready |"
    assert lines[-1] == f"| **total** | | | {3 * ZONES} | 0 | 0 | 1 | |"


def test_summary_refuses_what_is_not_a_plan(tmp_path, capsys):
    (tmp_path / "x.json").write_text('{"zone": "a"}')
    status, _, err = run(["summary", str(tmp_path / "x.json")], capsys)
    assert status == 2 and err == (
        f"error: {tmp_path / 'x.json'}: not a plan document ('python -m migration plan "
        '--format json\') nor {"stack": ..., "error": ...}\n'
    )


def test_bench_discover_prints_each_figure():
    """tests/benchmarks/bench_discover.py on a small account: it runs every step and prints them."""
    run_ = subprocess.run(
        [sys.executable, "bench_discover.py", "3", "2"],
        cwd=Path(__file__).parent / "benchmarks",
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    lines = run_.stdout.splitlines()
    assert lines[0].startswith("3 zones of 2 record sets, moto server on 127.0.0.1")
    assert [line.split()[0] for line in lines[1:]] == ["discover", "discover", "3", "summary"]
    assert all(float(line.split(" s")[0].split()[-1]) >= 0 for line in lines[1:])


def test_summary_refuses_a_plan_given_twice(tmp_path, capsys, monkeypatch):
    plan = {"stack": "s1", "error": "stack s1: no settings file"}
    (tmp_path / "a.json").write_text(json.dumps(plan))
    (tmp_path / "b.json").write_text(json.dumps(plan))
    monkeypatch.chdir(tmp_path)
    status, out, err = run(["summary", "a.json", "./a.json"], capsys)
    assert (status, out, err) == (2, "", "error: ./a.json: given twice (also as a.json); each plan counts once\n")
    status, out, err = run(["summary", "a.json", "b.json"], capsys)
    assert (status, out, err) == (
        2,
        "",
        "error: b.json: another plan of zone -, stack s1 (also in a.json): the summary has one row per stack; give "
        "one of them\n",
    )


@pytest.mark.parametrize(("given", "why"), [("0", "0 is out of range"), ("x", "'x' is not a number")])
def test_a_page_size_out_of_range_says_the_range(given, why, capsys):
    """Before, argparse's choices listed all 100 allowed numbers."""
    status, out, err = run(["discover", "--page-size", given], capsys)
    assert (status, out, err.splitlines()[-1]) == (
        2,
        "",
        f"python -m migration discover: error: argument --page-size: {why}; expected a whole number from 1 to 100",
    )
