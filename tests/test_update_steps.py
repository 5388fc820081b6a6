"""The plan against the snapshot last applied (``--baseline``, issue 13 item 1): every format says
which records are replaced delete-first (the name has no answer for a moment), which changes one
``pulumi up`` cannot apply (case b09 both ways; inputs copied into tests/data/cases/b09), and an
update whose peak record count passes the zone's limit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from migration import plan as plan_mod
from migration.model import CloudflareRecord, ExistingRecord
from migration.phases import Facts
from migration.settings import Settings
from tests.support.cli import run
from tests.support.zones import rrset, snapshot

from .conftest import ROOT

B09 = ROOT / "tests" / "data" / "cases" / "b09"

REPLACED = (
    "replaces CNAME foo.example.com -> bar.example.net (cname-foo.example.com, in the stack since the snapshot "
    "last applied): during 'pulumi up' Pulumi deletes the CNAME first, then creates this record "
    "(deleteBeforeReplace), so foo.example.com has no A/CNAME answer between the delete and the create (the "
    "time of one Cloudflare request); the name's other records are created after it (dependsOn)"
)
TWO_UPDATES = (
    "the stack holds A foo.example.com -> 192.0.2.5 (since the snapshot last applied), which Cloudflare "
    "refuses beside a CNAME (errors 81053/81054), and Pulumi deletes records no longer declared only at the "
    "end of an update, after it creates this CNAME: 'pulumi up' would stop half-way. Apply it in two "
    "updates, one pull request each: first a snapshot without the old records of foo.example.com (remove "
    "them in Route53, snapshot again), merged and applied; then the snapshot with the CNAME, planned "
    "against it"
)


def _plan(fmt: str, source: str, baseline: str, capsys) -> tuple[int, str]:
    status, out, err = run(
        [
            "plan",
            "--source",
            str(B09 / source),
            "--zone",
            "example.com",
            "--phase",
            "mirror",
            "--accept-changes",
            "1",
            "--format",
            fmt,
            "--baseline",
            str(B09 / baseline),
        ],
        capsys,
    )
    assert status in (0, 1), err
    return status, out


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_b09_every_format_says_the_cname_is_replaced_delete_first(fmt, capsys):
    status, out = _plan(fmt, "after-a.json", "before.json", capsys)
    assert status == 0 and REPLACED in out
    if fmt == "json":
        doc = json.loads(out)
        assert [
            (f["severity"], f["subject"], f["message"]) for f in doc["findings"] if f["code"] == "replaced-delete-first"
        ] == [("warning", "A foo.example.com", REPLACED)]
        records = [
            (r["action"], r["name"], r["deleteBeforeReplace"], r["aliases"])
            for r in doc["resources"]
            if r["type"] == plan_mod.CF_RECORD
        ]
        assert records == [
            ("create", "a-foo.example.com-579d9fd31e", True, ["cname-foo.example.com"]),
            ("delete", "cname-foo.example.com", True, ["cname-foo.example.com-f5a45b2cf9"]),
        ]


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_b09_back_to_a_cname_is_refused_in_every_format_naming_what_to_do(fmt, capsys):
    status, out = _plan(fmt, "before.json", "after-a.json", capsys)
    assert status == 1 and TWO_UPDATES in out
    if fmt == "json":
        assert [
            (f["severity"], f["subject"]) for f in json.loads(out)["findings"] if f["code"] == "needs-two-updates"
        ] == [("error", "CNAME foo.example.com")]


def test_b09_a_new_target_is_an_update_in_place(capsys):
    status, out = _plan("json", "after-cname.json", "before.json", capsys)
    doc = json.loads(out)
    assert status == 0 and [
        (r["action"], r["name"], r["inputs"]["content"]) for r in doc["resources"] if r["type"] == plan_mod.CF_RECORD
    ] == [("update", "cname-foo.example.com", "baz.example.net")]
    assert {f["code"] for f in doc["findings"]} & {"replaced-delete-first", "needs-two-updates"} == set()


def _settings(limit: int | None = None, **more) -> Settings:
    return Settings(
        stack="t",
        zone="example.com",
        snapshot=Path("."),
        hosted_zone_id="Z0EXAMPLE",
        cloudflare_account_id="acct",
        cloudflare_record_limit=limit,
        **more,
    )


def _hosts(count: int, last_octet: int) -> list[dict]:
    return [rrset(f"h{i}.example.com.", "A", f"192.0.2.{last_octet}") for i in range(count)]


def test_an_update_whose_peak_passes_the_record_limit_is_refused_with_the_numbers():
    # 150 addresses change: Pulumi creates the 150 new records before it deletes the 150 old ones.
    last = plan_mod.build(_settings(), snapshot(*_hosts(150, 1)))
    plan = plan_mod.build(_settings(accept_changes=150), snapshot(*_hosts(150, 2)), baseline=last)
    found = [(f.severity, f.subject, f.message) for f in plan.findings if f.code.startswith("record-limit")]
    assert found == [
        (
            "error",
            "Cloudflare zone",
            "the zone holds 150 records when 'pulumi up' starts; Pulumi creates 150 before it deletes 150 at "
            "the end of the update, so the zone would hold 300 records at the peak (150 after the update), "
            "over the 200 it allows (migration:cloudflarePlan free): Cloudflare refuses the create that "
            "passes the limit and the update stops half-way. Apply the deletions first (a snapshot without "
            "the records removed, 'pulumi up'), then the additions; or raise the limit "
            "(migration:cloudflarePlan, migration:cloudflareRecordLimit)",
        )
    ]
    assert plan.blocked
    # At the limit exactly: applied in one update.
    plan = plan_mod.build(_settings(limit=300, accept_changes=150), snapshot(*_hosts(150, 2)), baseline=last)
    assert [f.code for f in plan.findings if f.code.startswith("record-limit")] == []


def test_a_zone_holding_records_the_plan_does_not_manage_counts_them():
    # A pre-populated zone (migration:cloudflareExisting): 150 records of its own, left as they are,
    # and the mirror creates 60; the plan's own records (60) are under the limit, the zone is not.
    existing = tuple(
        ExistingRecord(f"id{i}", CloudflareRecord(f"old{i}.example.com", "TXT", 300, content=f'"{i}"'))
        for i in range(150)
    )
    plan = plan_mod.build(
        _settings(cloudflare_zone_id="zone1"), snapshot(*_hosts(60, 1)), Facts(cloudflare_existing=existing)
    )
    found = [f.message for f in plan.findings if f.code.startswith("record-limit")]
    assert found == [
        "the zone holds 150 records when 'pulumi up' starts; Pulumi creates 60 before it deletes 0 at the "
        "end of the update, so the zone would hold 210 records at the peak (210 after the update), over "
        "the 200 it allows (migration:cloudflarePlan free): Cloudflare refuses the create that passes the "
        "limit and the update stops half-way. Delete records the zone no longer needs; or raise the limit "
        "(migration:cloudflarePlan, migration:cloudflareRecordLimit)"
    ]


def test_a_delete_first_replacement_adds_nothing_to_the_peak():
    # 10 CNAMEs become A records (each replaced delete-first) beside 190 records kept: 200 throughout.
    kept = _hosts(190, 1)
    cnames = [rrset(f"c{i}.example.com.", "CNAME", "t.example.net.") for i in range(10)]
    addresses = [rrset(f"c{i}.example.com.", "A", "192.0.2.9") for i in range(10)]
    last = plan_mod.build(_settings(), snapshot(*kept, *cnames))
    plan = plan_mod.build(_settings(accept_changes=10), snapshot(*kept, *addresses), baseline=last)
    assert [f.code for f in plan.findings if f.code.startswith("record-limit")] == []
    assert len([f for f in plan.findings if f.code == "replaced-delete-first"]) == 10
