"""Cloudflare's limits (migration/translate/limits.py): TXT content per record and per name, and the
zone's record limit, checked before applying with the numbers."""

from __future__ import annotations

import pytest

from migration import plan as plan_mod
from migration.settings import Settings
from tests.support.zones import outcome, rrset, run, snapshot


@pytest.mark.parametrize("limit,blocked", [(3, False), (2, True)])
def test_record_limit_is_checked_before_applying(tmp_path, limit, blocked):
    settings = Settings(
        stack="t",
        zone="example.com",
        snapshot=tmp_path / "s.json",
        cloudflare_account_id="a",
        cloudflare_record_limit=limit,
    )
    p = plan_mod.build(settings, snapshot(rrset("a.example.com", "A", "192.0.2.1", "192.0.2.2", "192.0.2.3")))
    errors = [(f.code, f.message) for f in p.findings if f.severity == "error"]
    assert errors == (
        [
            (
                "record-limit",
                "the plan creates 3 records but the zone allows 2 "
                "(migration:cloudflareRecordLimit); upgrade the plan, or set migration:cloudflareRecordLimit "
                "if your zone's limit differs",
            )
        ]
        if blocked
        else []
    )


def test_free_plan_limit_is_the_default(tmp_path):
    settings = Settings(stack="t", zone="example.com", snapshot=tmp_path / "s.json", cloudflare_account_id="a")
    many = [rrset(f"h{i}.example.com", "A", "192.0.2.1") for i in range(201)]
    p = plan_mod.build(settings, snapshot(*many))
    assert [f.message for f in p.findings if f.code == "record-limit"] == [
        "the plan creates 201 records but the zone allows 200 (migration:cloudflarePlan free); upgrade the plan, "
        "or set migration:cloudflareRecordLimit if your zone's limit differs"
    ]


N = "t.example.com"


def test_txt_record_over_2048_characters_is_refused_with_the_numbers():
    value = " ".join(['"' + "x" * 255 + '"'] * 8 + ['"xx"'])  # 8*257 + 7 spaces + 5 = 2068 characters
    t = run(rrset(N, "TXT", value))
    o = outcome(t, f"{N}. TXT")
    assert (o.status, t.records) == ("refused", ())
    assert o.reason == (
        "a TXT value is 2068 characters as Cloudflare stores it (quoted strings); Cloudflare allows "
        "at most 2,048 a record: shorten it or split it over several names"
    )


def test_txt_of_one_name_over_8192_characters_is_refused_with_the_numbers():
    value = " ".join(['"' + "y" * 255 + '"'] * 7)  # 7*257 + 6 = 1805 characters each
    t = run(rrset(N, "TXT", *[value.replace("y", c, 1) for c in "abcde"]))
    o = outcome(t, f"{N}. TXT")
    assert o.status == "refused"
    assert o.reason == f"the TXT records of {N}. total 9025 characters; Cloudflare allows at most 8,192 for one name"
