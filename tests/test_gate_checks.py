"""The live checks behind the gates (migration/gate_checks.py): the verify engine for DNS, boto3 for
Route53, the plan's SES data, with AWS through the moto server and the parent zone and both
providers as knotd servers on loopback, and the checks where their input is missing. Zone data: the
reference scenario, examples/seed-scenario (the SES identity: examples/seed-scenario/sesv2-example.com.json).
The decommission's gates in a whole stand-in world: tests/test_gate_checks_decommission.py; the
pure verdicts: tests/test_gates.py."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import replace

import botocore.stub
import dns.name
import pytest

from migration import email, gate_checks, gates, stack, zonefile
from migration import plan as plan_mod
from migration.errors import MigrationError
from migration.phases import Facts
from migration.servers import Address
from migration.settings import Settings
from migration.sources import cloudflare_existing, route53_api
from migration.sources import ses as ses_source
from migration.sources import snapshot as snapshot_file
from migration.stack import plan_for
from migration.verify import Options
from tests.conftest import EXAMPLE, EXPORT
from tests.support import plans
from tests.support.knot import KnotServer


def test_gates_without_a_hosted_zone_id_fail_and_say_why():
    plan = plan_for(Settings("s", "example.com", EXPORT, None, "a", phase="cut-over"), run_gates=False)
    with pytest.raises(MigrationError) as err:
        gate_checks.signing(plan)
    assert str(err.value) == (
        "the snapshot has no hosted-zone id to ask Route53 about: set migration:hostedZoneId "
        "or take the snapshot with 'python -m migration snapshot'"
    )
    gate = gate_checks._checked("snapshot", lambda: gate_checks.snapshot_gate(plan))
    assert (gate.passed, gate.message()) == (
        False,
        "gate snapshot FAILED: could not be checked: the snapshot has no hosted-zone id to ask Route53 about: "
        "set migration:hostedZoneId or take the snapshot with 'python -m migration snapshot'",
    )


NOW = dt.datetime(2026, 1, 20, 12, 0, tzinfo=dt.timezone.utc)


ZONE = dns.name.from_text("example.com.")


SOA = "@ 3600 IN SOA a.gtld-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400\n@ 3600 IN NS a.gtld-servers.net.\n"


DS = "2371 13 2 C9D2F0E1A6B8C4D3E2F1A0B9C8D7E6F5A4B3C2D1E0F9A8B7C6D5E4F3A2B1C0D9"


CF_NS = plans.CF_NS


R53_NS = ("ns-1204.awsdns-22.org.", "ns-1875.awsdns-42.co.uk.", "ns-421.awsdns-52.com.", "ns-727.awsdns-26.net.")


SES_FILE = EXAMPLE / "sesv2-example.com.json"


FAST = Options(timeout=0.3, retries=1, concurrency=16)


# What the alias targets resolve to (documentation addresses, RFC 5737 / RFC 3849).
ADDRESSES = {
    dns.name.from_text("d3k8p2x0example.cloudfront.net."): ("192.0.2.80", "2001:db8::80"),
    dns.name.from_text("dualstack.app-prod-1234567890.ap-northeast-1.elb.amazonaws.com."): ("192.0.2.81",),
    dns.name.from_text("s3-website-ap-northeast-1.amazonaws.com."): ("192.0.2.82",),
}


async def no_lookup(host: str) -> list[str]:
    """Tests give every address: a host name the test did not place has none."""
    return []


def parent_zone(ns: tuple[str, ...], ds: bool = False) -> str:
    """The com. zone as a parent server serves it: the delegation of example.com (TTL 2 days)."""
    text = "$ORIGIN com.\n" + SOA + "".join(f"example 172800 IN NS {n}\n" for n in ns)
    return text + (f"example 86400 IN DS {DS}\n" if ds else "")


def address(server: KnotServer, name: str | None = None) -> Address:
    return Address(server.host, server.port, name)


@pytest.fixture(scope="module")
def cloudflare():
    """Cloudflare's servers as knotd: the plan's records, as Cloudflare answers them."""
    plan = plans.plan_without_facts("cut-over")
    with KnotServer(
        {"example.com": zonefile.cloudflare_to_bind(ZONE, plan.translation.records, CF_NS, ADDRESSES)}
    ) as server:
        yield server


@pytest.fixture(scope="module")
def route53():
    """Route53's servers as knotd: the snapshot, aliases answered with their targets' data."""
    with KnotServer({"example.com": zonefile.snapshot_to_bind(plans.snapshot(), ADDRESSES)}) as server:
        yield server


@pytest.fixture(scope="module")
def parent_cloudflare():
    with KnotServer({"com.": parent_zone(CF_NS)}) as server:
        yield server


def _named(server: KnotServer, names) -> tuple[Address, ...]:
    return tuple(address(server, n) for n in names)


def test_delegation_and_wait_read_from_the_parent_server(parent_cloudflare, cloudflare):
    plan = plans.plan_without_facts(
        "decommission", parent_servers=(address(parent_cloudflare),), cloudflare_servers=_named(cloudflare, CF_NS)
    )
    gate, ttl = gate_checks.delegation_gate(plan, FAST, no_lookup)
    assert ttl == 172800
    assert (gate.passed, gate.detail) == (
        True,
        "the parent zone's servers delegate to Cloudflare's name servers "
        "alone, each answering authoritatively (3 equal)",
    )
    assert not gates.wait(NOW - dt.timedelta(hours=47), NOW, ttl).passed
    assert gates.wait(NOW - dt.timedelta(hours=48), NOW, ttl).passed


def test_delegation_fails_while_the_parent_still_names_route53(route53, cloudflare):
    with KnotServer({"com.": parent_zone((R53_NS[0], CF_NS[0]))}) as parent:
        plan = plans.plan_without_facts(
            "decommission",
            parent_servers=(address(parent),),
            route53_servers=_named(route53, R53_NS[:1]),
            cloudflare_servers=_named(cloudflare, CF_NS),
        )
        gate, _ = gate_checks.delegation_gate(plan, FAST, no_lookup)
    assert not gate.passed
    assert gate.detail == "the parent zone does not delegate to Cloudflare's name servers alone (2 equal, 1 different)"
    assert gate.differences == (
        "example.com. delegation: different (delegation-mixed): delegated to a mix of Route53 (ns-1204.awsdns-22.org.) "
        "and Cloudflare (ada.ns.cloudflare.com.) servers: resolvers get different answers depending on the server "
        "they pick",
    )


def test_delegation_to_a_lame_server_fails(parent_cloudflare, cloudflare):
    with KnotServer({"example.org": "example.org. 300 IN SOA a. b. 1 2 3 4 5\nexample.org. 300 IN NS a.\n"}) as other:
        plan = plans.plan_without_facts(
            "decommission",
            parent_servers=(address(parent_cloudflare),),
            cloudflare_servers=(address(cloudflare, CF_NS[0]), address(other, CF_NS[1])),
        )
        gate, _ = gate_checks.delegation_gate(plan, FAST, no_lookup)
    assert gate.differences == (
        f"example.com. NS bob.ns.cloudflare.com.: different (lame-server) at bob.ns.cloudflare.com. ({other.address}): "
        f"not authoritative for the zone: bob.ns.cloudflare.com. ({other.address}): answered REFUSED",
    )


def test_delegation_gate_needs_cloudflares_name_servers(parent_cloudflare):
    gate, ttl = gate_checks.delegation_gate(
        plans.plan_without_facts(
            "decommission", cloudflare_name_servers=(), parent_servers=(address(parent_cloudflare),)
        ),
        FAST,
        no_lookup,
    )
    assert (gate.passed, ttl) == (False, None)
    assert gate.detail.startswith("migration:cloudflareNameServers is not set")


def _moto_zone(moto, records):
    route53 = moto.client("route53")
    zone_id = route53.create_hosted_zone(Name="example.com.", CallerReference="gate-test")["HostedZone"]["Id"]
    route53.change_resource_record_sets(
        HostedZoneId=zone_id, ChangeBatch={"Changes": [{"Action": "UPSERT", "ResourceRecordSet": r} for r in records]}
    )
    return route53, zone_id.rsplit("/", 1)[-1]


RECORDS = [
    {
        "Name": "mail.example.com.",
        "Type": "MX",
        "TTL": 300,
        "ResourceRecords": [{"Value": "10 feedback-smtp.ap-northeast-1.amazonses.com"}],
    },
    {
        "Name": "mail.example.com.",
        "Type": "TXT",
        "TTL": 300,
        "ResourceRecords": [{"Value": '"v=spf1 include:amazonses.com ~all"'}],
    },
    {"Name": "*.preview.example.com.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.10"}]},
]


def _reviewed(moto, zone_id):
    document = route53_api.read_snapshot_document(zone_id=zone_id, endpoint_url=moto.endpoint)
    return snapshot_file.from_document(document, "reviewed")


def test_snapshot_gate_passes_then_shows_a_change_made_since(moto):
    route53, zone_id = _moto_zone(moto, RECORDS)
    plan = plans.plan_without_facts("decommission", snap=_reviewed(moto, zone_id), hosted_zone_id=zone_id)
    assert gate_checks.snapshot_gate(plan, moto.endpoint).passed
    route53.change_resource_record_sets(
        HostedZoneId=zone_id,
        ChangeBatch={
            "Changes": [
                {
                    "Action": "UPSERT",
                    "ResourceRecordSet": {
                        "Name": "mail.example.com.",
                        "Type": "TXT",
                        "TTL": 300,
                        "ResourceRecords": [{"Value": '"v=spf1 -all"'}],
                    },
                },
                {
                    "Action": "CREATE",
                    "ResourceRecordSet": {
                        "Name": "new.example.com.",
                        "Type": "A",
                        "TTL": 300,
                        "ResourceRecords": [{"Value": "192.0.2.99"}],
                    },
                },
            ]
        },
    )
    verdict = gate_checks.snapshot_gate(plan, moto.endpoint)
    assert not verdict.passed
    assert verdict.differences == (
        'changed since the snapshot: mail.example.com. TXT: ttl 300 "v=spf1 include:amazonses.com ~all" '
        '-> ttl 300 "v=spf1 -all"',
        "added since the snapshot: new.example.com. A ttl 300 192.0.2.99",
    )


def test_ses_dkim_status_read_from_ses_through_the_plan(moto):
    moto.client("ses", region="ap-northeast-1").verify_domain_dkim(Domain="example.com")
    snap = plans.snapshot()
    ses = ses_source.read_live(email.identity_domains(snap), ["ap-northeast-1"], endpoint_url=moto.endpoint)
    verdict = gates.ses_dkim(plans.plan_without_facts("decommission", ses).email, ZONE)
    assert (verdict.passed, verdict.detail) == (True, "SES DKIM status of example.com (ap-northeast-1) is SUCCESS")


def test_ses_dkim_failed_in_the_real_v1_response_format(monkeypatch):
    # moto never fails DKIM; SES v2 refused (IAM allows only v1) and GetIdentityDkimAttributes'
    # real shape with SES v1's spelling "Failed" (SES API reference).
    import boto3

    v2, v1 = boto3.client("sesv2", region_name="ap-northeast-1"), boto3.client("ses", region_name="ap-northeast-1")
    s2, s1 = botocore.stub.Stubber(v2), botocore.stub.Stubber(v1)
    s2.add_client_error("get_email_identity", "AccessDeniedException", "not allowed", http_status_code=403)
    s1.add_response(
        "get_identity_dkim_attributes",
        {
            "DkimAttributes": {
                "example.com": {"DkimEnabled": True, "DkimVerificationStatus": "Failed", "DkimTokens": ["a", "b", "c"]}
            }
        },
        {"Identities": ["example.com"]},
    )
    s1.add_response(
        "get_identity_mail_from_domain_attributes", {"MailFromDomainAttributes": {}}, {"Identities": ["example.com"]}
    )
    monkeypatch.setattr(ses_source, "clients", lambda *a, **k: (v2, v1))
    with s2, s1:
        ses = ses_source.read_live([ZONE], ["ap-northeast-1"])
    verdict = gates.ses_dkim(plans.plan_without_facts("decommission", ses).email, ZONE)
    assert (verdict.passed, verdict.detail.split(":")[0]) == (
        False,
        "SES reports DKIM FAILED for example.com (ap-northeast-1)",
    )


def test_dnssec_gate_blocks_on_a_ds_at_the_parent(moto):
    _, zone_id = _moto_zone(moto, RECORDS[:1])
    with KnotServer({"com.": parent_zone(CF_NS, ds=True)}) as parent:
        plan = plans.plan_without_facts("cut-over", hosted_zone_id=zone_id, parent_servers=(address(parent),))
        plan = replace(plan, snapshot=replace(plan.snapshot, hosted_zone_id=zone_id))
        verdict = gate_checks.dnssec_gate(plan, moto.endpoint, FAST, no_lookup)
    assert gate_checks.signing(plan, moto.endpoint) is False
    assert not verdict.passed
    assert verdict.differences == (
        f"the parent publishes DS {DS[:10]}{DS[10:].lower()}: remove it at the registrar and wait its TTL",
    )
    # The parent is gone now: the DS cannot be read, which blocks too.
    unknown = gate_checks.dnssec_gate(plan, moto.endpoint, FAST, no_lookup)
    assert (unknown.passed, unknown.detail) == (False, "DNSSEC of the old zone is unknown")
    assert unknown.differences[0].startswith(f"the parent's DS could not be read: {parent.address}: ")
    assert gates.dnssec(False, ()).passed and not gates.dnssec(True, ()).passed


def test_answers_gate_compares_both_providers(route53, cloudflare):
    plan = plans.plan_without_facts("cut-over")
    text = zonefile.cloudflare_to_bind(ZONE, plan.translation.records, CF_NS, ADDRESSES)
    changed = text.replace('"v=spf1 include:amazonses.com ~all"', '"v=spf1 ~all"')
    with KnotServer({"example.com": changed}) as other:
        ok = gate_checks.answers_gate(
            replace(
                plan,
                settings=replace(
                    plan.settings, route53_servers=(address(route53),), cloudflare_servers=(address(cloudflare),)
                ),
            ),
            FAST,
        )
        bad = gate_checks.answers_gate(
            replace(
                plan,
                settings=replace(
                    plan.settings, route53_servers=(address(route53),), cloudflare_servers=(address(other),)
                ),
            ),
            FAST,
        )
    assert ok.passed, ok.message()
    # Aliases are compared too: by flattening at the apex, by the planned CNAME elsewhere.
    assert ok.detail == (
        "Cloudflare's servers answer every planned record set as Route53's do (24 equal, 5 equivalent, 2 note)"
    )
    assert bad.differences == (
        f'mail.example.com. TXT: different (changed) at {other.address}: Route53: "v=spf1 include:amazonses.com ~all"; '
        'here: "v=spf1 ~all"',
        f"mail.example.com. MAIL FROM: different (spf-missing) at {other.address}: no SPF TXT including "
        "amazonses.com; found ['v=spf1 ~all']",
    )


def test_answers_gate_with_ses_stale_selectors_left_at_route53_only(route53):
    # With SES's data the plan drops the 2 stale selectors: Route53 keeps serving them until the
    # decommission, which must not block the cut-over; Cloudflare serving one does.
    plan = plans.plan_without_facts("cut-over", ses_source.read_files([SES_FILE]))
    stale = [s.name for s in plan.email.selectors if s.state == email.STALE]
    assert len(stale) == 2
    served = zonefile.cloudflare_to_bind(ZONE, plan.translation.records, CF_NS, ADDRESSES)
    leaked = served + f"{stale[0]}. 300 IN CNAME {stale[0].split('.')[0]}.dkim.amazonses.com.\n"
    with KnotServer({"example.com": served}) as good, KnotServer({"example.com": leaked}) as bad:

        def gate(server):
            settings = replace(
                plan.settings, route53_servers=(address(route53),), cloudflare_servers=(address(server),)
            )
            return gate_checks.answers_gate(replace(plan, settings=settings), FAST)

        passed, failed = gate(good), gate(bad)
    assert passed.passed, passed.message()
    assert failed.differences == (
        f"{stale[0]}. stale DKIM selector: different (stale-selector-served) at {bad.address}: Cloudflare still "
        f"serves CNAME {stale[0].split('.')[0]}.dkim.amazonses.com.; SES no longer uses this selector: it must be "
        "deleted",
    )


def test_answers_gate_discounts_what_the_cut_over_deletes_from_cloudflare(route53):
    # Cloudflare's scan of the old DNS left a value Route53 does not have; the cut-over deletes it.
    listing = {
        "result": [
            {
                "id": "rec-stray",
                "name": "_dmarc.example.com",
                "type": "TXT",
                "content": '"v=DMARC1; p=reject;"',
                "ttl": 300,
                "proxied": False,
            }
        ]
    }
    facts = Facts(cloudflare_existing=cloudflare_existing.from_document(listing, "listing", ZONE))
    plan = plans.plan_without_facts(
        "cut-over", facts=facts, cloudflare_zone_id="023e105f4ecef8ad9ca31a8372d0c353", delete_differing_records=True
    )
    served = zonefile.cloudflare_to_bind(ZONE, plan.translation.records, CF_NS, ADDRESSES)
    served += '_dmarc.example.com. 300 IN TXT "v=DMARC1; p=reject;"\n'
    with KnotServer({"example.com": served}) as server:
        settings = replace(plan.settings, route53_servers=(address(route53),), cloudflare_servers=(address(server),))
        deleting = gate_checks.answers_gate(replace(plan, settings=settings), FAST)
        kept = gate_checks.answers_gate(
            replace(plans.plan_without_facts("cut-over", facts=facts, cloudflare_zone_id="z"), settings=settings), FAST
        )
    assert deleting.passed, deleting.message()
    assert kept.differences == (
        f'_dmarc.example.com. TXT: different (changed) at {server.address}: Route53: "v=DMARC1; p=none;"; '
        'here: "v=DMARC1; p=none;" | "v=DMARC1; p=reject;"',
    )


def test_decommission_gates_all_pass_then_the_delegation_fails(moto, parent_cloudflare, cloudflare):
    _, zone_id = _moto_zone(moto, RECORDS)
    snap = _reviewed(moto, zone_id)
    moto.client("ses", region="ap-northeast-1").verify_domain_dkim(Domain="example.com")
    ses = ses_source.read_live(email.identity_domains(snap), ["ap-northeast-1"], endpoint_url=moto.endpoint)
    plan = plans.plan_without_facts(
        "decommission",
        ses,
        snap=snap,
        hosted_zone_id=zone_id,
        parent_servers=(address(parent_cloudflare),),
        cloudflare_servers=_named(cloudflare, CF_NS),
        cut_over_at="2026-01-17T00:00:00Z",
    )
    verdicts = {
        g.name: g for g in gate_checks.run(plan, now=NOW, endpoint_url=moto.endpoint, options=FAST, lookup=no_lookup)
    }
    # answers and orphans: tests/test_gate_checks_decommission.py, in a world that serves this zone.
    assert [(n, g.passed) for n, g in verdicts.items() if n not in ("answers", "orphans")] == [
        ("hosted-zone", True),
        ("delegation", True),
        ("wait", True),
        ("snapshot", True),
        ("ses-dkim", True),
    ]
    # The default wait: the longest of the parent's NS TTL (2 days), the zone's TTLs and SES's 72 h;
    # 3.5 days have passed.
    assert verdicts["wait"].detail == (
        "259200 s required (the longest of the parent's NS TTL 172800 s, the zone's apex NS TTL 172800 s, the longest "
        "record TTL 172800 s, SES's 72 h DKIM re-check 259200 s); 302400 s have passed since the cut-over at "
        "2026-01-17T00:00:00Z"
    )
    moved = replace(
        plan,
        settings=replace(plan.settings, cloudflare_name_servers=("carl.ns.cloudflare.com.", "dana.ns.cloudflare.com.")),
    )
    verdicts = gate_checks.run(moved, now=NOW, endpoint_url=moto.endpoint, options=FAST, lookup=no_lookup)
    assert [(g.name, g.passed) for g in verdicts][1] == ("delegation", False)


def test_an_unreachable_server_fails_the_gate_with_the_reason(moto):
    with KnotServer({"com.": parent_zone(CF_NS)}) as parent:
        gone = address(parent)
    # The server is stopped: the delegation gate fails, naming why, instead of raising.
    plan = plans.plan_without_facts(
        "decommission", parent_servers=(gone,), decommission_wait=0, cut_over_at="2026-01-17T00:00:00Z"
    )
    verdict = gate_checks.run(plan, now=NOW, endpoint_url=moto.endpoint, options=FAST, lookup=no_lookup)[1]
    assert (verdict.name, verdict.passed) == ("delegation", False)
    assert verdict.differences[0].startswith("example.com. delegation: unchecked (")
    assert f" at {gone.host}:{gone.port}: " in verdict.differences[0]


def test_plan_for_translates_once_and_attaches_the_gates(moto, monkeypatch, route53, cloudflare):
    _, zone_id = _moto_zone(moto, RECORDS[:1])
    with KnotServer({"com.": parent_zone(CF_NS)}) as parent:
        settings = plans.settings(
            phase="cut-over",
            hosted_zone_id=zone_id,
            route53_servers=(address(route53),),
            cloudflare_servers=(address(cloudflare),),
            parent_servers=(address(parent),),
        )
        calls = []
        translate = plan_mod.translate
        monkeypatch.setattr(plan_mod, "translate", lambda *a: calls.append(a) or translate(*a))
        monkeypatch.setenv("AWS_ENDPOINT_URL", moto.endpoint)
        plan = stack.plan_for(settings)

        async def in_pulumis_event_loop():
            # The Pulumi program runs inside an event loop: the gates still run (in a worker thread).
            return stack.plan_for(settings)

        in_loop = asyncio.run(in_pulumis_event_loop())
    assert len(calls) == 2
    assert [(g.name, g.passed) for g in plan.gates] == [("hosted-zone", True), ("answers", True), ("dnssec", True)]
    assert in_loop.gates == plan.gates
    assert not any(f.code.startswith("gate-") for f in plan.findings)
    unchecked = stack.plan_for(replace(settings, parent_servers=(Address("127.0.0.1", 9),)), run_gates=False)
    assert unchecked.gates == () and len(calls) == 3
