"""The tests' one plan builder (tests/support/plans.py) builds what its docstrings say: the
reference zone with its inventory, and small zones from record sets or files, with overrides."""

from __future__ import annotations

from migration.phases import Facts
from tests.conftest import CASES, ROOT
from tests.support import plans
from tests.support.zones import rrset


def test_zone_settings_defaults_and_overrides():
    s = plans.zone_settings()
    assert (s.stack, s.zone, s.snapshot, s.hosted_zone_id, s.cloudflare_account_id, s.phase) == (
        "t",
        "example.com",
        ROOT,
        "Z0EXAMPLE",
        "0123456789abcdef0123456789abcdef",
        "mirror",
    )
    s = plans.zone_settings(CASES / "b10" / "zone.json", hosted_zone_id=None, phase="cut-over")
    assert (s.snapshot, s.hosted_zone_id, s.phase) == (CASES / "b10" / "zone.json", None, "cut-over")


def test_a_zone_of_record_sets_plans_each_record_set():
    plan = plans.plan_of_record_sets(rrset("www.example.com", "A", "192.0.2.1"))
    assert [(o.record_set.label, o.status) for o in plan.translation.outcomes] == [("www.example.com. A", "translated")]
    assert [(r.action, r.subject) for r in plan.resources] == [
        ("create", "Cloudflare zone example.com"),
        ("create", "A www.example.com (from www.example.com. A)"),
        ("adopt", "Route53 hosted zone ZOWNZONE0000001 (example.com), unchanged"),
    ]


def test_a_zone_file_with_the_records_cloudflare_holds_adopts_them():
    plan = plans.plan_of_file(
        CASES / "b31" / "zone-eb.json",
        existing=CASES / "b31" / "cloudflare-records.json",
        cloudflare_zone_id="023e105f4ecef8ad9ca31a8372d0c353",
        cloudflare_account_id=None,
    )
    assert plan.settings.snapshot == CASES / "b31" / "zone-eb.json"
    assert [(r.action, r.import_id) for r in plan.resources if "eb.example.com" in r.subject] == [
        ("adopt", "023e105f4ecef8ad9ca31a8372d0c353/bbb1")
    ]


def test_the_reference_plan_reads_the_inventory_unless_given_facts():
    with_inventory, without = plans.plan("decommission"), plans.plan("decommission", Facts())
    assert (
        with_inventory.settings.phase,
        with_inventory.snapshot.hosted_zone_id,
        len(with_inventory.snapshot.record_sets),
    ) == ("decommission", "Z0EXAMPLE1234567890AB", 24)
    only_with = {r.subject for r in with_inventory.resources} - {r.subject for r in without.resources}
    assert "query logging qlc-1 of hosted zone Z0EXAMPLE1234567890AB, deleted" in only_with
    codes, codes_without = {f.code for f in with_inventory.findings}, {f.code for f in without.findings}
    assert (codes - codes_without, codes_without - codes) == (
        {"health-check-kept", "orphan-zone"},
        {"orphan-zone-refused"},
    )
