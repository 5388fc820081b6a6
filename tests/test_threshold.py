"""The safety threshold: a plan that deletes or changes more than a share of the Cloudflare zone's
existing records is blocked, with the counts, until a setting or flag accepts it."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from migration import threshold
from migration.errors import SettingsError
from migration.phases import Facts
from migration.settings import from_lookup, load_stack
from migration.sources import cloudflare_existing
from migration.stack import plan_for
from tests.conftest import BASE, ROOT
from tests.support import plans
from tests.support.cli import run
from tests.test_sources_cloudflare_existing import CF_ZONE, EXAMPLE_COM, LISTING

BLOCKED = (
    "this plan deletes 1 and changes 1 of the Cloudflare zone's 4 existing records (50%), more than the "
    "safety threshold of 30% (migration:safetyThreshold)"
)


def _plan(phase="cut-over", **changes):
    existing = cloudflare_existing.from_document(LISTING, "listing", EXAMPLE_COM)
    return plans.plan(
        phase,
        Facts(cloudflare_existing=existing),
        cloudflare_zone_id=CF_ZONE,
        orphan_zones=(),
        delete_differing_records=True,
        **changes,
    )


def _verdicts(plan):
    return [(f.severity, f.code, f.message) for f in plan.findings if f.code.startswith("safety-threshold")]


def test_the_share_is_counted_against_the_existing_records():
    assert threshold.finding(10, 3, 0) is None  # 30% is within 30%
    assert threshold.finding(0, 5, 5) is None  # nothing existed: nothing to lose
    over = threshold.finding(10, 3, 1)
    assert (over.severity, over.code) == ("error", "safety-threshold")
    assert over.message == (
        "this plan deletes 3 and changes 1 of the Cloudflare zone's 10 existing records (40%), more than the safety "
        "threshold of 30% (migration:safetyThreshold): review the deletions and changes, then accept them with "
        "--accept-changes 4 (plan) or migration:acceptChanges: 4 (stack settings, for pulumi preview and up)"
    )
    assert threshold.finding(10, 3, 1, percent=40) is None
    assert threshold.finding(10, 0, 1, percent=0).code == "safety-threshold"


def test_a_plan_over_the_threshold_is_blocked_with_the_counts():
    plan = _plan()
    assert plan.blocked
    assert _verdicts(plan) == [
        (
            "error",
            "safety-threshold",
            BLOCKED + ": review the deletions and changes, then "
            "accept them with --accept-changes 2 (plan) or migration:acceptChanges: 2 (stack "
            "settings, for pulumi preview and up)",
        )
    ]
    # The mirror adopts them as they are: nothing deleted or changed yet.
    assert _verdicts(_plan("mirror")) == []


def test_acceptance_covers_exactly_the_counted_changes():
    accepted = _plan(accept_changes=2)
    assert not accepted.blocked
    assert _verdicts(accepted) == [
        ("info", "safety-threshold-accepted", BLOCKED + "; accepted (migration:acceptChanges / --accept-changes 2)")
    ]
    fewer = _plan(accept_changes=1)
    assert fewer.blocked and _verdicts(fewer)[0][2].startswith(BLOCKED + "; 1 accepted is fewer: review")
    assert not _plan(safety_threshold=50).blocked


def test_ignored_records_are_not_counted():
    from migration.ignore import IgnorePattern

    # rec-stray left alone: 1 change (rec-dmarc's TTL) of 3 existing records, 33%.
    plan = _plan(ignore=(IgnorePattern("stray.example.com", ("A",)),))
    assert _verdicts(plan)[0][2].startswith(
        "this plan deletes 0 and changes 1 of the Cloudflare zone's 3 existing records (33%)"
    )


def test_settings_and_flag(project, capsys):
    (project / "listing.json").write_text(json.dumps(LISTING))
    stack = (
        BASE.replace(
            "migration:cloudflareAccountId: 023e105f4ecef8ad9ca31a8372d0c354", f"migration:cloudflareZoneId: {CF_ZONE}"
        )
        + "  migration:cloudflareExisting: listing.json\n  migration:deleteDifferingRecords: true\n"
        "  migration:hostedZoneId: Z1\n"
    )
    (project / "stacks" / "Pulumi.s.yaml").write_text(stack)
    # The whole journey (no live gates): the cut-over deletes and changes two of the four records.
    status, out, _ = run(["plan", "--stack", "s"], capsys)
    # The text plan names the later phase's error in Needs attention, once, and in its verdict.
    assert status == 1 and f"  ERROR          Cloudflare zone (phase cut-over): {BLOCKED}: review" in out
    assert out.count(f"{BLOCKED}: review") == 1
    # The decommission does not count them again: they were deleted and corrected at the cut-over.
    assert "BLOCKED later: phase cut-over (1 error(s))" in out.splitlines()[1]
    assert "phase decommission" not in out.splitlines()[1]
    status, out, _ = run(["plan", "--stack", "s", "--accept-changes", "2"], capsys)
    assert status == 0 and f"  Cloudflare zone (phase cut-over): {BLOCKED}; accepted" in out
    (project / "stacks" / "Pulumi.s.yaml").write_text(stack + "  migration:acceptChanges: 2\n")
    status, out, _ = run(["plan", "--stack", "s"], capsys)
    assert status == 0 and f"  Cloudflare zone (phase cut-over): {BLOCKED}; accepted" in out
    cut_over = plan_for(replace(load_stack("s", project), phase="cut-over"), run_gates=False)
    assert [f.message for f in cut_over.findings if f.code.startswith("safety-threshold")] == [
        BLOCKED + "; accepted (migration:acceptChanges / --accept-changes 2)"
    ]
    status, _, err = run(["plan", "--stack", "s", "--accept-changes", "two"], capsys)
    assert status == 2 and "argument --accept-changes: 'two' is not a whole number of records" in err


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("safetyThreshold", 101, "migration:safetyThreshold must be a whole percent from 0 to 100, not 101"),
        ("safetyThreshold", -1, "migration:safetyThreshold must be a whole percent from 0 to 100, not -1"),
        ("acceptChanges", "all", "migration:acceptChanges must be a whole number of records, not 'all'"),
    ],
)
def test_bad_settings_are_named(key, value, message):
    config = {
        "zone": "example.com",
        "snapshot": "s.json",
        "cloudflareAccountId": "023e105f4ecef8ad9ca31a8372d0c354",
        key: value,
    }
    with pytest.raises(SettingsError) as raised:
        from_lookup("t", config.get, ROOT)
    assert str(raised.value) == f"stack t: {message}"
    assert (
        from_lookup("t", {**config, key: "20"}.get, ROOT).__getattribute__(
            {"safetyThreshold": "safety_threshold", "acceptChanges": "accept_changes"}[key]
        )
        == 20
    )
