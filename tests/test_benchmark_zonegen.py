"""The benchmarks' zone generator (tests/benchmarks/zonegen.py): exactly N record sets, the same every
time, every kind the planner translates, and change batches as Route53 takes them."""

from __future__ import annotations

from collections import Counter

import dns.rdata
import pytest

from migration.model import CloudflareRecord
from tests.benchmarks import zonegen
from tests.support.plans import plan_of_generated_zone


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
        {"A": 7, "AAAA": 2, "NS": 2, "TXT": 2, "SOA": 1, "CNAME": 1, "MX": 1, "SRV": 1, "CAA": 1}
    )
    aliases = Counter(r["AliasTarget"]["HostedZoneId"] for r in raws if "AliasTarget" in r)
    assert aliases == {"Z2FDTNDATAQYW2": 2, "Z14GRHDCWA56QT": 1, "Z2M4EHUR26P7ZW": 1, zonegen.HOSTED_ZONE_ID: 2}
    assert raws[-1]["Name"] == "\\052.wild0.bench.example."
    long_txt = next(r for r in raws if r["Name"] == "k0._domainkey.bench.example.")
    strings = dns.rdata.from_text("IN", "TXT", long_txt["ResourceRecords"][0]["Value"]).strings
    assert [len(s) for s in strings] == [255, 45]


def test_generator_without_aliases_keeps_every_other_kind_and_still_gives_exactly_n():
    raws = zonegen.record_sets(2 + 2 * zonegen.PLAIN_GROUP_SIZE, aliases=False)
    assert len(raws) == 2 + 2 * zonegen.PLAIN_GROUP_SIZE and not any("AliasTarget" in r for r in raws)
    with_aliases = [r for r in zonegen.record_sets(2 + 2 * zonegen.GROUP_SIZE) if "AliasTarget" not in r]
    assert raws == with_aliases
    assert len(zonegen.record_sets(1001, aliases=False)) == 1001
    assert zonegen.snapshot_document(30, aliases=False)["ResourceRecordSets"] == zonegen.record_sets(30, aliases=False)


def test_generated_zone_translates_with_zero_refusals():
    """The benchmarks measure real work: nothing of the generated zone is refused."""
    plan = plan_of_generated_zone(1000)
    assert plan.counts() == {
        "recordSets": 1000,
        "translated": 998,
        "skipped": 2,
        "refused": 0,
        "cloudflareRecords": 1310,
        "create": 1311,
        "adopt": 1,
        "keep": 0,
        "update": 0,
        "delete": 0,
        "errors": 0,
        "warnings": 63,
    }
    by_name = {(r.name, r.type): r for r in plan.translation.records}
    # The alias chain chain61 -> alias61 -> host61 is followed to host61's values.
    assert [r for r in plan.translation.records if r.name == "chain61.bench.example"] == [
        CloudflareRecord(
            name="chain61.bench.example", type="A", ttl=300, content=f"10.0.61.{i}", source="chain61.bench.example. A"
        )
        for i in (1, 2)
    ]
    assert by_name[("*.wild61.bench.example", "A")].content == "10.0.61.3"
    assert by_name[("k61._domainkey.bench.example", "TXT")].content == (
        f'"{zonegen.LONG_TXT.split(chr(34))[1]}" "{zonegen.LONG_TXT.split(chr(34))[3]}"'
    )
    # The NS delegations' 172800 s TTL, and the zone has no _dmarc record.
    assert Counter(f.code for f in plan.findings) == {"ttl-clamped": 62, "dmarc-missing": 1}


def test_change_batches_leave_out_the_apex_soa_and_ns():
    raws = zonegen.record_sets(1000)
    batches = list(zonegen.change_batches(raws, 500))
    assert [len(b["Changes"]) for b in batches] == [500, 498]
    assert [c["ResourceRecordSet"] for b in batches for c in b["Changes"]] == raws[2:]
