"""The decommission's gates against a stand-in world, end to end: Route53 and SES in the moto
server, the parent zone (net.), Route53's and Cloudflare's answers as knotd servers on loopback.
The world is that of the shared cases r-decom-private-zone, r-decom-cloudflare-drift,
r-decom-ses-dkim-not-success and r-healthcheck-kept-deleted: example.net with a failover pair
whose PRIMARY has a health check (``migration:routing`` keeps it), SES DKIM, a cut-over long ago."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import replace

import dns.name
import pytest

from migration import gate_checks, zonefile
from migration import plan as plan_mod
from migration.model import Decision, Inventory
from migration.phases import Facts
from migration.servers import Address
from migration.settings import Settings
from migration.sources import inventory, route53_api
from migration.sources import ses as ses_source
from migration.sources import snapshot as snapshot_file
from migration.verify import Options
from tests.support.knot import KnotServer
from tests.support.moto_server import query_logging_by_zone

NOW = dt.datetime(2026, 1, 20, 12, 0, tzinfo=dt.timezone.utc)
ZONE = "example.net."
CF_NS = ("ada.ns.cloudflare.com.", "bob.ns.cloudflare.com.")
FAST = Options(timeout=0.3, retries=1, concurrency=16)
TOKENS = ["tok1aaaaaaaaaaaaaaaaaaaaaaaaaaaa", "tok2bbbbbbbbbbbbbbbbbbbbbbbbbbbb", "tok3cccccccccccccccccccccccccccc"]
SETS = [
    {"Name": "www." + ZONE, "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.1"}]},
    {"Name": ZONE, "Type": "MX", "TTL": 300, "ResourceRecords": [{"Value": "10 mail.example.org."}]},
    {"Name": "_dmarc." + ZONE, "Type": "TXT", "TTL": 300, "ResourceRecords": [{"Value": '"v=DMARC1; p=none"'}]},
]
SETS += [
    {
        "Name": f"{t}._domainkey.{ZONE}",
        "Type": "CNAME",
        "TTL": 1800,
        "ResourceRecords": [{"Value": f"{t}.dkim.amazonses.com"}],
    }
    for t in TOKENS
]
KEEP_PRIMARY = ((dns.name.from_text("app.example.net."), Decision(keep="primary")),)


async def no_lookup(host: str) -> list[str]:
    return []


def _zone(route53, private: bool = False, tag: str = "public") -> str:
    extra = (
        {"HostedZoneConfig": {"PrivateZone": True}, "VPC": {"VPCRegion": "us-east-1", "VPCId": "vpc-12345678"}}
        if private
        else {}
    )
    zone_id = route53.create_hosted_zone(Name=ZONE, CallerReference=tag, **extra)["HostedZone"]["Id"].split("/")[-1]
    route53.change_resource_record_sets(
        HostedZoneId=zone_id, ChangeBatch={"Changes": [{"Action": "CREATE", "ResourceRecordSet": s} for s in SETS]}
    )
    return zone_id


def _failover(route53, zone_id: str, health_check: str, name: str = "app." + ZONE) -> None:
    pair = [
        {
            "Name": name,
            "Type": "A",
            "TTL": 60,
            "SetIdentifier": "primary",
            "Failover": "PRIMARY",
            "HealthCheckId": health_check,
            "ResourceRecords": [{"Value": "192.0.2.10"}],
        },
        {
            "Name": name,
            "Type": "A",
            "TTL": 60,
            "SetIdentifier": "secondary",
            "Failover": "SECONDARY",
            "ResourceRecords": [{"Value": "192.0.2.11"}],
        },
    ]
    route53.change_resource_record_sets(
        HostedZoneId=zone_id, ChangeBatch={"Changes": [{"Action": "CREATE", "ResourceRecordSet": s} for s in pair]}
    )


def _ses(tmp_path, status: str):
    path = tmp_path / f"ses-{status}.json"
    path.write_text(
        json.dumps(
            {
                "region": "us-east-1",
                "EmailIdentity": "example.net",
                "GetEmailIdentity": {
                    "IdentityType": "DOMAIN",
                    "DkimAttributes": {
                        "SigningEnabled": True,
                        "Status": status,
                        "Tokens": TOKENS,
                        "SigningAttributesOrigin": "AWS_SES",
                    },
                },
            }
        )
    )
    return ses_source.read_files([path])


def _parent(name_servers) -> str:
    return (
        "$ORIGIN net.\n@ 3600 IN SOA a.gtld-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400\n"
        "@ 3600 IN NS a.gtld-servers.net.\n" + "".join(f"example 172800 IN NS {n}\n" for n in name_servers)
    )


class World:
    """The moto zones, the reviewed snapshot, the inventory taken at mirror, and the servers."""

    def __init__(self, moto, tmp_path):
        self.moto, self.tmp_path = moto, tmp_path
        self.route53 = moto.client("route53")
        self.public = _zone(self.route53)
        self.private = _zone(self.route53, private=True, tag="private")
        self.health_check = self.route53.create_health_check(
            CallerReference="hc",
            HealthCheckConfig={"Type": "HTTP", "FullyQualifiedDomainName": "origin.example.org", "Port": 80},
        )["HealthCheck"]["Id"]
        _failover(self.route53, self.public, self.health_check)
        document = route53_api.read_snapshot_document(zone_id=self.public, endpoint_url=moto.endpoint)
        (tmp_path / "snapshot.json").write_text(json.dumps(document))
        self.snapshot = snapshot_file.read(tmp_path / "snapshot.json")
        self.inventory = inventory.from_document(
            inventory.read_live(self.snapshot, endpoint_url=moto.endpoint), "inventory.json"
        )
        records = plan_mod.build(
            Settings(
                stack="decom",
                zone="example.net",
                snapshot=self.tmp_path / "snapshot.json",
                cloudflare_account_id="a",
                routing=KEEP_PRIMARY,
            ),
            self.snapshot,
        ).translation.records
        self.cloudflare_text = zonefile.cloudflare_to_bind(self.snapshot.zone, records, CF_NS, {})
        self.servers = [
            KnotServer({"net.": _parent(CF_NS)}).start(),
            KnotServer({"example.net": zonefile.snapshot_to_bind(self.snapshot, {})}).start(),
            KnotServer({"example.net": self.cloudflare_text}).start(),
        ]
        self.parent, self.route53_server, self.cloudflare = self.servers

    def settings(self, **changes) -> Settings:
        base = Settings(
            stack="decom",
            zone="example.net",
            snapshot=self.tmp_path / "snapshot.json",
            cloudflare_account_id="a",
            phase="decommission",
            routing=KEEP_PRIMARY,
            cloudflare_name_servers=CF_NS,
            cut_over_at="2026-01-01T00:00:00Z",
            route53_servers=(Address(self.route53_server.host, self.route53_server.port),),
            cloudflare_servers=tuple(Address(self.cloudflare.host, self.cloudflare.port, n) for n in CF_NS),
            parent_servers=(Address(self.parent.host, self.parent.port),),
        )
        return replace(base, **changes)

    def plan(self, snapshot=None, facts=None, ses_status: str | None = "SUCCESS", **changes) -> plan_mod.Plan:
        ses = _ses(self.tmp_path, ses_status) if ses_status else None
        facts = facts if facts is not None else Facts(inventory=getattr(self, "inventory", Inventory()))
        return plan_mod.build(self.settings(**changes), snapshot or self.snapshot, facts, ses)

    def gates(self, plan) -> dict[str, tuple[bool, str, tuple[str, ...]]]:
        verdicts = gate_checks.run(plan, now=NOW, endpoint_url=self.moto.endpoint, options=FAST, lookup=no_lookup)
        return {g.name: (g.passed, g.detail, g.differences) for g in verdicts}

    def stop(self) -> None:
        for server in self.servers:
            server.stop()


@pytest.fixture
def world(moto, tmp_path, monkeypatch):
    query_logging_by_zone(monkeypatch)
    built = World(moto, tmp_path)
    yield built
    built.stop()


def test_every_gate_passes_in_a_healthy_world_in_order(world):
    gates = world.gates(world.plan())
    assert list(gates) == ["hosted-zone", "delegation", "wait", "snapshot", "answers", "orphans", "ses-dkim"]
    assert {name: passed for name, (passed, _, _) in gates.items() if not passed} == {}
    assert gates["hosted-zone"][1] == (
        f"hostedZoneId {world.public} of the snapshot {world.tmp_path / 'snapshot.json'} "
        "is the public hosted zone example.net."
    )
    assert gates["orphans"][1] == (
        "the plan deletes or keeps every health check (1) and query-logging configuration "
        "(0) Route53 holds for the zone"
    )


def test_drift_at_cloudflare_blocks_the_decommission_listing_it(world):
    """Case r-decom-cloudflare-drift: www changed at Cloudflare after the cut-over."""
    drifted = world.cloudflare_text.replace("IN A 192.0.2.1\n", "IN A 203.0.113.66\n")
    assert drifted != world.cloudflare_text
    with KnotServer({"example.net": drifted}) as other:
        plan = world.plan(cloudflare_servers=tuple(Address(other.host, other.port, n) for n in CF_NS))
        passed, detail, differences = world.gates(plan)["answers"]
    # The 3 notes: record sets the plan skips on purpose (verify accounts for every one).
    assert (passed, detail) == (
        False,
        "Cloudflare's servers do not answer as Route53's do (11 equal, 1 equivalent, 3 note, 2 different)",
    )
    assert differences == tuple(
        f"www.example.net. A: different (changed) at {n} ({other.host}:{other.port}): Route53: 192.0.2.1; "
        "here: 203.0.113.66"
        for n in CF_NS
    )


def test_a_private_zone_is_never_the_zone_decommissioned_in_any_phase(world, tmp_path):
    """Case r-decom-private-zone: the aws-CLI export of the private zone's record sets (no
    hostedZoneId) plus migration:hostedZoneId of the private zone."""
    raw = world.route53.list_resource_record_sets(HostedZoneId=world.private)["ResourceRecordSets"]
    (tmp_path / "export.json").write_text(json.dumps({"ResourceRecordSets": raw}))
    export = snapshot_file.read(tmp_path / "export.json", zone="example.net", hosted_zone_id=world.private)
    for phase in ("cut-over", "decommission"):
        plan = world.plan(snapshot=export, facts=Facts(), phase=phase, hosted_zone_id=world.private)
        passed, detail, differences = world.gates(plan)["hosted-zone"]
        assert (passed, detail, differences) == (
            False,
            f"migration:hostedZoneId {world.private} is not the public hosted zone of example.net.",
            (f"migration:hostedZoneId {world.private}: it is a private hosted zone: private zones are never touched",),
        )
        assert plan_mod.with_gates(
            plan, gate_checks.run(plan, now=NOW, endpoint_url=world.moto.endpoint, options=FAST, lookup=no_lookup)
        ).blocked
    other = world.route53.create_hosted_zone(Name="example.org.", CallerReference="org")["HostedZone"]["Id"]
    plan = world.plan(
        snapshot=replace(export, hosted_zone_id=other.split("/")[-1]),
        facts=Facts(),
        hosted_zone_id=other.split("/")[-1],
    )
    assert world.gates(plan)["hosted-zone"][2] == (
        f"migration:hostedZoneId {other.split('/')[-1]}: it is a hosted zone of example.org., not of example.net.",
    )
    gone = world.plan(
        snapshot=replace(export, hosted_zone_id="Z0NOSUCHZONE"), facts=Facts(), hosted_zone_id="Z0NOSUCHZONE"
    )
    assert world.gates(gone)["hosted-zone"][:2] == (
        False,
        "migration:hostedZoneId Z0NOSUCHZONE: Route53 has no such hosted zone (NoSuchHostedZone)",
    )


def test_a_health_check_another_zone_started_using_blocks_its_deletion(world):
    """Case r-healthcheck-kept-deleted: the inventory was taken at mirror; since then example.org's
    failover record set uses the health check the plan deletes."""
    org = world.route53.create_hosted_zone(Name="example.org.", CallerReference="org")["HostedZone"]["Id"].split("/")[
        -1
    ]
    _failover(world.route53, org, world.health_check, name="api.example.org.")
    plan = world.plan()
    assert [r.action for r in plan.resources if r.name == f"route53-health-check-{world.health_check}"] == ["delete"]
    assert world.gates(plan)["orphans"] == (
        False,
        "Route53 holds health checks or query logging the plan does not account for",
        (
            f"health check {world.health_check}: the plan deletes it, but hosted zone(s) {org} use it now: take the "
            "inventory again (python -m migration inventory --stack NAME --force)",
        ),
    )
    # With the inventory taken again the plan keeps it, and the gate passes.
    refreshed = inventory.from_document(inventory.read_live(world.snapshot, endpoint_url=world.moto.endpoint), "inv")
    kept = world.plan(facts=Facts(inventory=refreshed))
    assert [
        (r.action, r.protect, r.retain_on_delete)
        for r in kept.resources
        if r.name == f"route53-health-check-{world.health_check}"
    ] == [("keep", True, True)]
    assert world.gates(kept)["orphans"][0] is True


def test_without_an_inventory_the_health_check_and_query_logging_are_found_live(world):
    """Case n-no-inventory-healthcheck: no migration:inventory; the snapshot's health check and the
    zone's query logging would be left behind, so the gate fails naming them."""
    logs = world.moto.client("logs")
    logs.create_log_group(logGroupName="/aws/route53/example.net")
    arn = logs.describe_log_groups()["logGroups"][0]["arn"]  # ends ':*', the form Route53 takes
    config = world.route53.create_query_logging_config(HostedZoneId=world.public, CloudWatchLogsLogGroupArn=arn)
    log_id = config["QueryLoggingConfig"]["Id"]
    passed, _, differences = world.gates(world.plan(facts=Facts()))["orphans"]
    assert (passed, differences) == (
        False,
        (
            f"health check {world.health_check}, used by record sets of this zone, is not in the inventory "
            "(migration:inventory): it would be left behind; take the inventory (python -m migration inventory "
            "--stack NAME)",
            f"query logging {log_id} of the zone is not in the inventory (migration:inventory): it would be left behind; "
            "take the inventory (python -m migration inventory --stack NAME)",
        ),
    )
    # The inventory taken now accounts for both.
    found = inventory.from_document(inventory.read_live(world.snapshot, endpoint_url=world.moto.endpoint), "inv")
    assert [q.id for q in found.query_logging] == [log_id]
    assert world.gates(world.plan(facts=Facts(inventory=found)))["orphans"][0] is True


def test_ses_dkim_blocks_unless_ses_reports_success(world):
    """Case r-decom-ses-dkim-not-success (None: neither migration:sesRegions nor sesIdentities)."""
    verdicts = {
        status: world.gates(world.plan(ses_status=status))["ses-dkim"][:2]
        for status in ("SUCCESS", "PENDING", "NOT_STARTED", "FAILED", None)
    }
    assert verdicts == {
        "SUCCESS": (True, "SES DKIM status of example.net (us-east-1) is SUCCESS"),
        **{
            status: (
                False,
                f"SES reports DKIM {status} for example.net (us-east-1): SES must report SUCCESS (it has "
                "verified the DKIM CNAMEs Cloudflare serves) before the old zone is deleted",
            )
            for status in ("PENDING", "NOT_STARTED", "FAILED")
        },
        None: (
            False,
            "SES was not consulted for example.net (migration:sesRegions and migration:sesIdentities unset), "
            "so its DKIM status is unknown: set one, or migration:sesNotUsed: true for a zone that sends no "
            "mail through SES",
        ),
    }
    assert world.gates(world.plan(ses_status=None, ses_not_used=True))["ses-dkim"][0] is True
