"""The benchmark zone generator, the paging of a large read, and the apply cost (exact numbers;
the timed figures live in tests/benchmarks/bench_*.py, never in tests)."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import dns.rdata
import pytest

from migration import apply_cost, report
from migration.model import CloudflareRecord
from migration.plan import CF_RECORD, CF_ZONE, R53_ZONE, PlannedResource, build
from migration.settings import Settings, load_stack
from migration.sources import route53_api
from migration.sources import snapshot as snapshot_file
from migration.stack import plan_for
from tests.benchmarks import zonegen
from tests.conftest import ROOT

SETTINGS = Settings(stack="bench", zone=zonegen.ZONE, snapshot=Path("unused"), cloudflare_account_id="acct",
                    cloudflare_record_limit=20_000)


def _plan(n: int):
    return build(SETTINGS, snapshot_file.from_document(zonegen.snapshot_document(n), "generated"))


def test_generator_gives_exactly_n_record_sets_the_same_every_time():
    for n in (2, 3, 17, 18, 1000):
        assert len(zonegen.record_sets(n)) == n
    assert zonegen.record_sets(1000) == zonegen.record_sets(1000)
    keys = [(r["Name"], r["Type"]) for r in zonegen.record_sets(10_000)]
    assert len(set(keys)) == 10_000
    with pytest.raises(ValueError, match="at least 2 record sets"):
        zonegen.record_sets(1)


def test_generator_mixes_every_translated_kind():
    raws = zonegen.record_sets(2 + zonegen.GROUP_SIZE)
    assert Counter(r["Type"] for r in raws) == Counter(
        {"A": 7, "AAAA": 2, "NS": 2, "TXT": 2, "SOA": 1, "CNAME": 1, "MX": 1, "SRV": 1, "CAA": 1})
    aliases = Counter(r["AliasTarget"]["HostedZoneId"] for r in raws if "AliasTarget" in r)
    assert aliases == {"Z2FDTNDATAQYW2": 2, "Z14GRHDCWA56QT": 1, "Z2M4EHUR26P7ZW": 1, zonegen.HOSTED_ZONE_ID: 2}
    assert raws[-1]["Name"] == "\\052.wild0.bench.example."
    long_txt = next(r for r in raws if r["Name"] == "k0._domainkey.bench.example.")
    strings = dns.rdata.from_text("IN", "TXT", long_txt["ResourceRecords"][0]["Value"]).strings
    assert [len(s) for s in strings] == [255, 45]


def test_generated_zone_translates_with_zero_refusals():
    """The benchmarks measure real work: nothing of the generated zone is refused."""
    plan = _plan(1000)
    assert plan.counts() == {"recordSets": 1000, "translated": 998, "skipped": 2, "refused": 0,
                             "cloudflareRecords": 1310, "create": 1311, "adopt": 1, "keep": 0, "update": 0,
                             "delete": 0, "errors": 0, "warnings": 63}
    by_name = {(r.name, r.type): r for r in plan.translation.records}
    # The alias chain chain61 -> alias61 -> host61 is followed to host61's values.
    assert [r for r in plan.translation.records if r.name == "chain61.bench.example"] == [
        CloudflareRecord(name="chain61.bench.example", type="A", ttl=300, content=f"10.0.61.{i}",
                         source="chain61.bench.example. A") for i in (1, 2)]
    assert by_name[("*.wild61.bench.example", "A")].content == "10.0.61.3"
    assert by_name[("k61._domainkey.bench.example", "TXT")].content == (
        f'"{zonegen.LONG_TXT.split(chr(34))[1]}" "{zonegen.LONG_TXT.split(chr(34))[3]}"')
    # The NS delegations' 172800 s TTL, and the zone has no _dmarc record.
    assert Counter(f.code for f in plan.findings) == {"ttl-clamped": 62, "dmarc-missing": 1}


def test_change_batches_leave_out_the_apex_soa_and_ns():
    raws = zonegen.record_sets(1000)
    batches = list(zonegen.change_batches(raws, 500))
    assert [len(b["Changes"]) for b in batches] == [500, 498]
    assert [c["ResourceRecordSet"] for b in batches for c in b["Changes"]] == raws[2:]


def test_a_large_read_pages_by_300_with_three_fixed_look_ups(moto, monkeypatch):
    """ceil(N/300) ListResourceRecordSets calls (Route53 API reference) plus the fixed look-ups:
    no per-record-set request."""
    route53 = moto.client("route53")
    hz = route53.create_hosted_zone(Name=zonegen.ZONE, CallerReference="scale")
    zone_id = hz["HostedZone"]["Id"].rsplit("/", 1)[-1]
    for batch in zonegen.change_batches(zonegen.record_sets(601, hosted_zone_id=zone_id), 500):
        route53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch=batch)
    sent: Counter = Counter()
    original = route53_api.client

    def counting(**kwargs):
        made = original(**kwargs)
        made.meta.events.register("before-send.route53", lambda event_name, **_: sent.update([event_name.split(".")[-1]]))
        return made

    monkeypatch.setattr(route53_api, "client", counting)
    document = route53_api.read_snapshot_document(zone=zonegen.ZONE, endpoint_url=moto.endpoint)
    assert len(document["ResourceRecordSets"]) == 601
    assert sent == {"ListResourceRecordSets": math.ceil(601 / 300), "ListHostedZonesByName": 1,
                    "GetHostedZone": 1, "ListTagsForResource": 1}


def _resources(cloudflare: int, aws: int = 0) -> list[PlannedResource]:
    made = [PlannedResource(CF_ZONE, "cloudflare-zone", "create", {}, "zone")]
    made += [PlannedResource(CF_RECORD, f"r{i}", "create", {}, "record") for i in range(cloudflare - 1)]
    made += [PlannedResource(R53_ZONE, f"z{i}", "adopt", {}, "route53") for i in range(aws)]
    return made


@pytest.mark.parametrize(("count", "windows", "seconds", "chunks"), [
    (1, 1, 0, (1,)),
    (1200, 1, 0, (1200,)),
    (1201, 2, 300, (1200, 1)),
    (11874, 10, 2700, (1200,) * 9 + (1074,)),
])
def test_apply_cost_counts_cloudflare_requests_and_windows(count, windows, seconds, chunks):
    cost = apply_cost.estimate(_resources(count, aws=3))  # Route53 resources are not Cloudflare calls
    assert cost == apply_cost.ApplyCost(requests=count, windows=windows, minimum_seconds=seconds, chunks=chunks)


def test_apply_cost_of_no_cloudflare_resource_is_nothing():
    assert apply_cost.estimate([]) == apply_cost.ApplyCost(0, 0, 0, ())


def test_apply_cost_counts_nothing_for_resources_kept_unchanged():
    kept = [PlannedResource(CF_RECORD, f"k{i}", "keep", {}, "record") for i in range(5000)]
    changed = [PlannedResource(CF_RECORD, f"u{i}", action, {}, "record")
               for i, action in enumerate(("create", "adopt", "update", "delete"))]
    assert apply_cost.estimate(kept + changed) == apply_cost.ApplyCost(4, 1, 0, (4,))


def test_apply_cost_summary_says_how_to_apply_in_chunks():
    assert apply_cost.estimate(_resources(26)).summary() == (
        "Apply cost: at least 26 Cloudflare API requests; at 1,200 requests per 5 minutes "
        "that fits in one rate-limit window: one 'pulumi up'.")
    assert apply_cost.estimate(_resources(2500)).summary() == (
        "Apply cost: at least 2,500 Cloudflare API requests; at 1,200 requests per 5 minutes that takes "
        "at least 10 min (3 windows). Apply in 3 runs of at most 1,200 resources in plan order "
        "(1200, 1200, 100), 5 minutes apart: 'python -m migration apply-steps --stack NAME' writes each run's "
        "'pulumi up --target' script (the Cloudflare zone in the first); a run stopped by the rate limit "
        "(HTTP 429) resumes where it stopped when run again.")


@pytest.mark.parametrize(("seconds", "text"), [(0, "0 s"), (90, "1 min 30 s"), (2400, "40 min"),
                                               (3900, "1 h 5 min"), (7201, "2 h 1 s")])
def test_duration(seconds, text):
    assert apply_cost.duration(seconds) == text


def test_every_report_format_states_the_apply_cost(monkeypatch):
    monkeypatch.chdir(ROOT)
    plan = plan_for(load_stack("example"))
    line = ("Apply cost: at least 24 Cloudflare API requests; at 1,200 requests per 5 minutes "
            "that fits in one rate-limit window: one 'pulumi up'.")
    assert line in report.to_text(plan).splitlines()
    assert line in report.FORMATS["markdown"](plan).splitlines()
    assert report.to_dict(plan)["applyCost"] == {
        "cloudflareRequests": 24, "requestsPerWindow": 1200, "windowSeconds": 300, "windows": 1,
        "minimumSeconds": 0, "chunks": [24]}
    big = report.to_dict(_plan(1000))["applyCost"]
    assert (big["cloudflareRequests"], big["windows"], big["minimumSeconds"], big["chunks"]) == (1311, 2, 300, [1200, 111])
