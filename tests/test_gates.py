"""Each gate failing and passing: pure verdicts on data, then the live checks with AWS through the
moto server and the parent zone and both providers as knotd servers on loopback."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import botocore.stub
import pytest

from migration import backup, gate_checks, gates
from migration import plan as plan_mod
from migration.phases import Facts
from migration.sources import route53_api
from migration.sources import snapshot as snapshot_file
from migration.translate import translate
from tests import phase_support
from tests.support.knot import KnotServer

NOW = dt.datetime(2026, 1, 20, 12, 0, tzinfo=dt.timezone.utc)
SOA = "@ 3600 IN SOA a.gtld-servers.net. nstld.verisign-grs.com. 1 1800 900 604800 86400\n@ 3600 IN NS a.gtld-servers.net.\n"
DS = "2371 13 2 C9D2F0E1A6B8C4D3E2F1A0B9C8D7E6F5A4B3C2D1E0F9A8B7C6D5E4F3A2B1C0D9"


def parent_zone(ns: tuple[str, ...], ds: bool = False) -> str:
    """The com. zone as a parent server serves it: the delegation of example.com (TTL 2 days)."""
    text = "$ORIGIN com.\n" + SOA + "".join(f"example 172800 IN NS {n}\n" for n in ns)
    return text + (f"example 86400 IN DS {DS}\n" if ds else "")


# --- pure verdicts -------------------------------------------------------------------------

def test_delegation_gate_names_the_servers_that_differ():
    cf = phase_support.CF_NS
    assert gates.delegation({"p1": cf, "p2": tuple(reversed(cf))}, cf).passed
    failed = gates.delegation({"p1": cf, "p2": cf + ("ns-1.awsdns-01.org.",)}, cf)
    assert not failed.passed
    assert failed.differences == ("p2 delegates to ada.ns.cloudflare.com., bob.ns.cloudflare.com., "
                                  "ns-1.awsdns-01.org.; not Cloudflare's: ns-1.awsdns-01.org.",)
    assert gates.delegation({"p1": "no answer: timeout"}, cf).differences == ("p1: no answer: timeout",)


def test_wait_gate():
    cut = NOW - dt.timedelta(days=1)
    assert gates.wait(cut, NOW, 172800).message() == (
        "gate wait FAILED: cut-over was at 2026-01-19T12:00:00Z; the wait of 172800 s ends at "
        "2026-01-21T12:00:00Z (86400 s from now)")
    assert gates.wait(cut - dt.timedelta(days=1), NOW, 172800).passed
    assert not gates.wait(None, NOW, 172800).passed


def test_ses_dkim_gate_accepts_both_spellings():
    assert not gates.ses_dkim("TemporaryFailure", "example.com").passed
    assert not gates.ses_dkim("FAILED", "example.com").passed
    assert gates.ses_dkim("Success", "example.com").detail == "SES DKIM status of example.com is SUCCESS"


def test_failed_gate_blocks_the_plan_with_an_error_naming_it():
    failed = gates.wait(NOW, NOW, 60)
    plan = plan_mod.build(phase_support.settings(phase="decommission", orphan_zones=()),
                          phase_support.snapshot(), Facts(gates=(failed,)))
    assert plan.blocked
    assert [(f.code, f.message.split(":")[0]) for f in plan.findings if f.severity == "error"] == [
        ("gate-wait", "gate wait FAILED")]


# --- live checks ----------------------------------------------------------------------------

@pytest.fixture
def parent_cloudflare():
    with KnotServer({"com.": parent_zone(phase_support.CF_NS)}) as server:
        yield server


def test_delegation_and_wait_read_from_the_parent_server(parent_cloudflare):
    settings = phase_support.settings(phase="decommission", parent_servers=(parent_cloudflare.address,))
    answers, ttl = gate_checks.delegation(settings, phase_support.snapshot().zone)
    assert ttl == 172800
    assert gates.delegation(answers, settings.cloudflare_name_servers).passed
    assert not gates.wait(NOW - dt.timedelta(hours=47), NOW, ttl).passed
    assert gates.wait(NOW - dt.timedelta(hours=48), NOW, ttl).passed


def test_delegation_fails_while_the_parent_still_names_route53():
    with KnotServer({"com.": parent_zone(("ns-1.awsdns-01.org.", "ada.ns.cloudflare.com."))}) as parent:
        settings = phase_support.settings(parent_servers=(parent.address,))
        answers, _ = gate_checks.delegation(settings, phase_support.snapshot().zone)
    verdict = gates.delegation(answers, settings.cloudflare_name_servers)
    assert not verdict.passed
    assert verdict.differences == (f"{parent.address} delegates to ada.ns.cloudflare.com., ns-1.awsdns-01.org.; "
                                   "not Cloudflare's: ns-1.awsdns-01.org.; missing: bob.ns.cloudflare.com.",)


def _moto_zone(moto, records):
    route53 = moto.client("route53")
    zone_id = route53.create_hosted_zone(Name="example.com.", CallerReference="gate-test")["HostedZone"]["Id"]
    route53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [
        {"Action": "UPSERT", "ResourceRecordSet": r} for r in records]})
    return route53, zone_id.rsplit("/", 1)[-1]


RECORDS = [
    {"Name": "mail.example.com.", "Type": "MX", "TTL": 300,
     "ResourceRecords": [{"Value": "10 feedback-smtp.ap-northeast-1.amazonses.com"}]},
    {"Name": "mail.example.com.", "Type": "TXT", "TTL": 300, "ResourceRecords": [{"Value": '"v=spf1 include:amazonses.com ~all"'}]},
    {"Name": "*.preview.example.com.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.10"}]},
]


def test_snapshot_gate_passes_then_shows_a_change_made_since(moto):
    route53, zone_id = _moto_zone(moto, RECORDS)
    document = route53_api.read_snapshot_document(zone_id=zone_id, endpoint_url=moto.endpoint)
    reviewed = snapshot_file.from_document(document, "reviewed")
    assert gate_checks.snapshot_gate(reviewed, moto.endpoint).passed
    route53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": [
        {"Action": "UPSERT", "ResourceRecordSet": {"Name": "mail.example.com.", "Type": "TXT", "TTL": 300,
                                                   "ResourceRecords": [{"Value": '"v=spf1 -all"'}]}},
        {"Action": "CREATE", "ResourceRecordSet": {"Name": "new.example.com.", "Type": "A", "TTL": 300,
                                                   "ResourceRecords": [{"Value": "192.0.2.99"}]}}]})
    verdict = gate_checks.snapshot_gate(reviewed, moto.endpoint)
    assert not verdict.passed
    assert verdict.differences == (
        'changed since the snapshot: mail.example.com. TXT: ttl 300 "v=spf1 include:amazonses.com ~all" '
        '-> ttl 300 "v=spf1 -all"',
        "added since the snapshot: new.example.com. A ttl 300 192.0.2.99",
    )


def test_ses_dkim_status_read_from_ses(moto):
    ses = moto.client("ses", region="ap-northeast-1")
    ses.verify_domain_dkim(Domain="example.com")
    status = gate_checks.ses_dkim_status("example.com", "ap-northeast-1", moto.endpoint)
    assert status == "Success" and gates.ses_dkim(status, "example.com").passed


def test_ses_dkim_failed_in_the_real_response_format(monkeypatch):
    # moto never fails DKIM; this is GetIdentityDkimAttributes' real shape (SES API reference).
    import boto3
    client = boto3.client("ses", region_name="ap-northeast-1")
    stub = botocore.stub.Stubber(client)
    stub.add_response("get_identity_dkim_attributes", {"DkimAttributes": {"example.com": {
        "DkimEnabled": True, "DkimVerificationStatus": "Failed", "DkimTokens": ["a", "b", "c"]}}},
        {"Identities": ["example.com"]})
    monkeypatch.setattr(gate_checks.boto3, "client", lambda *a, **k: client)
    with stub:
        status = gate_checks.ses_dkim_status("example.com", "ap-northeast-1")
    verdict = gates.ses_dkim(status, "example.com")
    assert (verdict.passed, verdict.detail.split(":")[0]) == (False, "SES reports DKIM FAILED for example.com")


def test_dnssec_gate_blocks_on_a_ds_at_the_parent(moto):
    _, zone_id = _moto_zone(moto, RECORDS[:1])
    snap = replace(phase_support.snapshot(), hosted_zone_id=zone_id)
    with KnotServer({"com.": parent_zone(phase_support.CF_NS, ds=True)}) as parent:
        settings = phase_support.settings(parent_servers=(parent.address,))
        ds = gate_checks.ds_at_parent(settings, snap.zone)
    assert gate_checks.signing(snap, moto.endpoint) is False
    verdict = gates.dnssec(False, ds)
    assert not verdict.passed
    assert verdict.differences == (f"the parent publishes DS {DS[:10]}{DS[10:].lower()}: remove it at the "
                                   "registrar and wait its TTL",)
    assert gates.dnssec(False, ()).passed and not gates.dnssec(True, ()).passed


def test_answers_gate_compares_both_providers():
    snap = phase_support.snapshot()
    text = backup.zone_text(snap)
    changed = text.replace('"v=spf1 include:amazonses.com ~all"', '"v=spf1 ~all"')
    with KnotServer({"example.com.": text}) as route53, KnotServer({"example.com.": text}) as same, \
            KnotServer({"example.com.": changed}) as other:
        translation = translate(snap)
        ok = gate_checks.answers_gate(phase_support.settings(route53_servers=(route53.address,),
                                                            cloudflare_servers=(same.address,)), snap, translation, {})
        bad = gate_checks.answers_gate(phase_support.settings(route53_servers=(route53.address,),
                                                             cloudflare_servers=(other.address,)), snap, translation, {})
    assert ok.passed, ok.message()
    assert "not compared: example.com. A, api.example.com. A, static.example.com. A" in ok.detail
    assert bad.differences == ('mail.example.com. TXT: Route53 answers "v=spf1 include:amazonses.com ~all"; '
                               'Cloudflare answers "v=spf1 ~all"',)


def test_decommission_gates_all_pass_then_the_delegation_fails(moto, parent_cloudflare):
    route53, zone_id = _moto_zone(moto, RECORDS)
    document = route53_api.read_snapshot_document(zone_id=zone_id, endpoint_url=moto.endpoint)
    snap = snapshot_file.from_document(document, "reviewed")
    moto.client("ses", region="ap-northeast-1").verify_domain_dkim(Domain="example.com")
    settings = phase_support.settings(phase="decommission", parent_servers=(parent_cloudflare.address,),
                                      cut_over_at="2026-01-17T00:00:00Z", ses_region="ap-northeast-1")
    verdicts = gate_checks.run(settings, snap, translate(snap), {}, now=NOW, endpoint_url=moto.endpoint)
    assert [(g.name, g.passed) for g in verdicts] == [("delegation", True), ("wait", True), ("snapshot", True),
                                                      ("ses-dkim", True)]
    settings = replace(settings, cloudflare_name_servers=("carl.ns.cloudflare.com.", "dana.ns.cloudflare.com."))
    verdicts = gate_checks.run(settings, snap, translate(snap), {}, now=NOW, endpoint_url=moto.endpoint)
    assert [(g.name, g.passed) for g in verdicts][0] == ("delegation", False)


def test_an_unreachable_server_fails_the_gate_with_the_reason(moto):
    with KnotServer({"com.": parent_zone(phase_support.CF_NS)}) as parent:
        address = parent.address
    # The server is stopped: the delegation gate fails, naming why, instead of raising.
    settings = phase_support.settings(phase="decommission", parent_servers=(address,), decommission_wait=0,
                                      cut_over_at="2026-01-17T00:00:00Z")
    snap = phase_support.snapshot()
    verdict = gate_checks.run(settings, snap, translate(snap), {}, now=NOW, endpoint_url=moto.endpoint)[0]
    assert (verdict.name, verdict.passed) == ("delegation", False)
    assert verdict.differences[0].startswith(f"{address}: no answer: ")
