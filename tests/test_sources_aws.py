"""Route53 read through a fault-injecting proxy in front of the moto server (both on loopback,
tests/support/fault_proxy.py): faults botocore retries leave the snapshot whole; a listing that
cannot be read whole, and failures beyond the retries, are one line naming the operation, exit
status 2, no traceback and no snapshot file (issue 14; cases r-snapshot-truncated-page,
r-aws-errors-traceback)."""

from __future__ import annotations

import json
import subprocess
import sys

import botocore.config
import pytest

from migration import gate_checks
from migration.sources import aws, route53_api
from migration.sources import snapshot as snapshot_file
from tests.conftest import ROOT
from tests.support import fault_proxy, plans
from tests.support.cli import run
from tests.support.moto_server import free_port

RECORD_SETS = 650  # three pages of at most 300; with the SOA and NS, 652 record sets


@pytest.fixture
def zone(moto):
    """A public hosted zone of 652 record sets in moto: its id."""
    route53 = moto.client("route53")
    zone_id = route53.create_hosted_zone(Name="example.com.", CallerReference="faults")["HostedZone"]["Id"]
    route53.change_resource_record_sets(
        HostedZoneId=zone_id,
        ChangeBatch={
            "Changes": [
                {
                    "Action": "CREATE",
                    "ResourceRecordSet": {
                        "Name": f"h{i:04d}.example.com.",
                        "Type": "A",
                        "TTL": 300,
                        "ResourceRecords": [{"Value": f"10.0.{i // 256}.{i % 256}"}],
                    },
                }
                for i in range(RECORD_SETS)
            ]
        },
    )
    return zone_id.rsplit("/", 1)[-1]


@pytest.fixture
def proxy(moto):
    yield from fault_proxy.serve(moto.endpoint)


@pytest.fixture
def few_retries(monkeypatch):
    """Two retries (three attempts) instead of ten: failures beyond the retries come in a second,
    not a minute of back-off."""
    monkeypatch.setattr(aws, "RETRIES", botocore.config.Config(retries={"mode": "standard", "max_attempts": 2}))


def snapshot(tmp_path, endpoint, capsys):
    out = tmp_path / "zone.json"
    status, stdout, stderr = run(
        ["snapshot", "--zone", "example.com", "--endpoint-url", endpoint, "-o", str(out)], capsys
    )
    return status, stderr, out


@pytest.mark.parametrize("fault", ["throttle", "error500", "half"])
def test_faults_botocore_retries_leave_the_snapshot_whole(zone, proxy, moto, tmp_path, capsys, fault):
    proxy.fault, proxy.every = fault, 3
    status, stderr, out = snapshot(tmp_path, proxy.endpoint, capsys)
    assert (status, stderr.splitlines()[-1]) == (
        0,
        f"wrote {out}: 652 record sets of example.com. (hosted zone {zone})",
    )
    direct = route53_api.read_snapshot_document(zone="example.com", endpoint_url=moto.endpoint)
    assert json.loads(out.read_text())["ResourceRecordSets"] == direct["ResourceRecordSets"]
    assert proxy.requests >= 3  # the fault was met


def test_a_truncated_page_without_next_record_name_is_refused(zone, proxy, tmp_path, capsys):
    proxy.fault, proxy.only = "truncate", "/rrset"
    status, stderr, out = snapshot(tmp_path, proxy.endpoint, capsys)
    assert (status, stderr) == (
        2,
        "error: Route53 ListResourceRecordSets page 1 is truncated (IsTruncated) but gives "
        "no NextRecordName: the rest of the listing cannot be asked for, and part of it "
        "would be missing; try again\n",
    )
    assert list(tmp_path.iterdir()) == []


def test_a_repeated_page_token_is_refused(zone, proxy, moto, tmp_path, capsys):
    first = moto.client("route53").list_resource_record_sets(HostedZoneId=zone)
    proxy.fault, proxy.only = "repeat", "/rrset"
    status, stderr, out = snapshot(tmp_path, proxy.endpoint, capsys)
    assert (status, stderr) == (
        2,
        (
            "error: Route53 ListResourceRecordSets page 2 gives the same next token as an earlier page (StartRecordName "
            f"{first['NextRecordName']}, StartRecordType {first['NextRecordType']}): the listing does not advance; try again\n"
        ),
    )
    assert list(tmp_path.iterdir()) == []


def test_a_page_that_lost_record_sets_fails_the_count(zone, proxy, tmp_path, capsys):
    proxy.fault, proxy.only = "drop", "/rrset"
    status, stderr, out = snapshot(tmp_path, proxy.endpoint, capsys)
    assert (status, stderr) == (
        2,
        (
            f"error: Route53 ListResourceRecordSets gave 649 record sets of hosted zone {zone}, but GetHostedZone counts "
            "652: a page was lost or the zone changed while it was read; read it again\n"
        ),
    )
    assert list(tmp_path.iterdir()) == []


def test_connection_resets_beyond_the_retries_are_one_line(zone, proxy, tmp_path, capsys, few_retries):
    proxy.fault, proxy.only = "reset", "/rrset"
    status, stderr, out = snapshot(tmp_path, proxy.endpoint, capsys)
    assert (status, stderr) == (
        2,
        "error: cannot read Route53 ListResourceRecordSets: the connection was closed "
        "before a complete answer (after 3 attempts)\n",
    )
    assert proxy.requests == 3
    assert list(tmp_path.iterdir()) == []


def test_access_denied_is_one_line(zone, proxy, tmp_path, capsys):
    """Route53's refusal, as a real one reads (code and message), with the operation."""
    status, stderr, out = snapshot(tmp_path, proxy.endpoint + "/nothing-here", capsys)
    assert status == 2
    assert stderr.startswith("error: Route53 refused ListHostedZonesByName: ") and stderr.count("\n") == 1


def test_nothing_listening_is_one_line_in_every_aws_command(project, tmp_path, capsys, few_retries):
    port = free_port()
    endpoint = f"http://127.0.0.1:{port}"
    status, stderr, out = snapshot(tmp_path, endpoint, capsys)
    assert (status, stderr) == (
        2,
        f"error: cannot read Route53 ListHostedZonesByName: cannot connect to "
        f"{endpoint}/2013-04-01/hostedzonesbyname?dnsname=example.com. (after 3 attempts)\n",
    )
    (project / "stacks" / "Pulumi.inv.yaml").write_text(
        "config:\n  migration:zone: example.com\n  migration:snapshot: export.json\n  migration:cloudflareAccountId: 023e105f4ecef8ad9ca31a8372d0c354\n"
        "  migration:hostedZoneId: Z1D633PJN98FT9\n"
    )
    status, stdout, stderr = run(["inventory", "--stack", "inv", "--endpoint-url", endpoint, "-o", "inv.json"], capsys)
    assert (status, stderr) == (
        2,
        f"error: cannot read Route53 ListHostedZonesByName: cannot connect to "
        f"{endpoint}/2013-04-01/hostedzonesbyname?dnsname=example.com. (after 3 attempts)\n",
    )
    assert not (project / "inv.json").exists()


def test_the_snapshot_gate_fails_and_says_why_on_a_partial_listing(zone, proxy, moto):
    document = route53_api.read_snapshot_document(zone_id=zone, endpoint_url=moto.endpoint)
    plan = plans.plan_without_facts(
        "decommission", snap=snapshot_file.from_document(document, "reviewed"), hosted_zone_id=zone
    )
    proxy.fault, proxy.only = "truncate", "/rrset"
    verdict = gate_checks.snapshot_gate(plan, proxy.endpoint)
    assert (verdict.passed, verdict.detail) == (
        False,
        (
            "Route53 could not be read: Route53 ListResourceRecordSets page 1 is truncated (IsTruncated) but gives no "
            "NextRecordName: the rest of the listing cannot be asked for, and part of it would be missing; try again"
        ),
    )


def test_no_traceback_reaches_the_terminal(zone, proxy, tmp_path):
    """The whole command in a process of its own: exit status 2 and one line on stderr."""
    proxy.fault, proxy.only = "truncate", "/rrset"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "migration",
            "snapshot",
            "--zone",
            "example.com",
            "--endpoint-url",
            proxy.endpoint,
            "-o",
            str(tmp_path / "z.json"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stderr.count("\n"), "Traceback" in done.stderr) == (2, 1, False)


def test_the_hosted_zone_gate_says_no_credentials_in_the_readers_words(zone, moto, monkeypatch, tmp_path):
    """Before, the gate showed botocore's exception class and text ("NoCredentialsError: Unable to
    locate credentials") where every reader says what to set."""
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    plan = plans.plan_without_facts("decommission", hosted_zone_id=zone)
    verdict = gate_checks._checked("hosted-zone", lambda: gate_checks.hosted_zone_gate(plan, moto.endpoint))
    assert (verdict.passed, verdict.detail) == (
        False,
        (
            "could not be checked: cannot call Route53 GetHostedZone: no AWS credentials: set AWS_PROFILE or "
            "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
        ),
    )
