"""Each gate failing and passing as a pure verdict on data (migration/gates.py); the live checks
that feed them are in tests/test_gate_checks.py. Zone data: the reference scenario,
examples/seed-scenario."""

from __future__ import annotations

import datetime as dt

import dns.name
import pytest

from migration import email, gates
from migration import plan as plan_mod
from migration.model import SesIdentity
from tests.support import plans

NOW = dt.datetime(2026, 1, 20, 12, 0, tzinfo=dt.timezone.utc)
ZONE = dns.name.from_text("example.com.")


def test_wait_gate():
    cut = NOW - dt.timedelta(days=1)
    assert gates.wait(cut, NOW, 172800).message() == (
        "gate wait FAILED: 172800 s required (migration:decommissionWait); 86400 s have passed since the cut-over at "
        "2026-01-19T12:00:00Z; the wait ends at 2026-01-21T12:00:00Z (86400 s from now)"
    )
    assert gates.wait(cut - dt.timedelta(days=1), NOW, 172800).passed
    assert not gates.wait(None, NOW, 172800).passed


def test_the_default_wait_covers_the_zones_own_ttls_and_ses():
    """Case n-decommission-wait-org: a .org parent's NS TTL is 3600 s, the zone's apex NS TTL
    172800 s; the wait is the longest of those, the longest record TTL and SES's 72 hours."""
    snap = plans.snapshot()
    wait, because = gates.default_wait(3600, snap.record_sets, snap.zone)
    assert (wait, because) == (
        259200,
        (
            "the parent's NS TTL 3600 s",
            "the zone's apex NS TTL 172800 s",
            "the longest record TTL 172800 s",
            "SES's 72 h DKIM re-check 259200 s",
        ),
    )
    two_hours = gates.wait(NOW - dt.timedelta(hours=2), NOW, wait, because)
    assert (two_hours.passed, two_hours.detail) == (
        False,
        (
            "259200 s required (the longest of the parent's NS TTL 3600 s, the zone's apex NS TTL 172800 s, the longest "
            "record TTL 172800 s, SES's 72 h DKIM re-check 259200 s); 7200 s have passed since the cut-over at "
            "2026-01-20T10:00:00Z; the wait ends at 2026-01-23T10:00:00Z (252000 s from now)"
        ),
    )
    assert gates.wait(NOW - dt.timedelta(hours=72), NOW, wait, because).passed
    # A parent with a longer NS TTL than all of these sets the wait.
    assert gates.default_wait(400000, snap.record_sets, snap.zone)[0] == 400000
    assert gates.default_wait(None, snap.record_sets, snap.zone) == (None, ())


def _email(*statuses: tuple[str, str], problems: tuple[str, ...] = ()) -> email.EmailPlan:
    identities = tuple(
        SesIdentity(domain=dns.name.from_text(d), region="ap-northeast-1", dkim_status=s) for d, s in statuses
    )
    return email.EmailPlan(checked=not problems, identities=identities, problems=problems)


def test_ses_dkim_gate_reads_the_plans_email_section():
    failed = gates.ses_dkim(_email(("example.com.", "FAILED"), ("news.example.com.", "SUCCESS")), ZONE)
    assert (failed.passed, failed.detail) == (
        False,
        "SES reports DKIM FAILED for example.com (ap-northeast-1): SES "
        "must report SUCCESS (it has verified the DKIM CNAMEs Cloudflare "
        "serves) before the old zone is deleted",
    )
    ok = gates.ses_dkim(_email(("example.com.", "SUCCESS"), ("news.example.com.", "SUCCESS")), ZONE)
    assert (ok.passed, ok.detail) == (
        True,
        "SES DKIM status of example.com (ap-northeast-1) is SUCCESS, news.example.com (ap-northeast-1) is SUCCESS",
    )
    # An identity of another zone says nothing about this one.
    assert gates.ses_dkim(_email(("example.org.", "FAILED")), ZONE).detail == "no SES identity in example.com"
    unread = gates.ses_dkim(_email(problems=("SES in ap-northeast-1 refused example.com: AccessDenied",)), ZONE)
    assert (unread.passed, unread.differences) == (False, ("SES in ap-northeast-1 refused example.com: AccessDenied",))


@pytest.mark.parametrize("status", ["PENDING", "NOT_STARTED", "FAILED", "TEMPORARY_FAILURE", None])
def test_ses_dkim_passes_only_when_every_identity_reports_success(status):
    """Case r-decom-ses-dkim-not-success: anything but SUCCESS for any identity of the zone blocks."""
    verdict = gates.ses_dkim(_email(("example.com.", "SUCCESS"), ("news.example.com.", status)), ZONE)
    assert (verdict.passed, verdict.detail) == (
        False,
        (
            f"SES reports DKIM {status or 'status unknown'} for news.example.com (ap-northeast-1): SES must report "
            "SUCCESS (it has verified the DKIM CNAMEs Cloudflare serves) before the old zone is deleted"
        ),
    )


def test_ses_not_consulted_blocks_unless_the_zone_opts_out():
    not_asked = gates.ses_dkim(email.EmailPlan(checked=False), ZONE)
    assert (not_asked.passed, not_asked.detail) == (
        False,
        (
            "SES was not consulted for example.com (migration:sesRegions and migration:sesIdentities unset), so its DKIM "
            "status is unknown: set one, or migration:sesNotUsed: true for a zone that sends no mail through SES"
        ),
    )
    opted_out = gates.ses_dkim(email.EmailPlan(checked=False), ZONE, ses_not_used=True)
    assert (opted_out.passed, opted_out.detail) == (
        True,
        (
            "skipped: migration:sesNotUsed is true (no mail of example.com is sent through SES), so no DKIM status was "
            "asked"
        ),
    )
    # The opt-out does not hide an identity SES reports as failing.
    assert not gates.ses_dkim(_email(("example.com.", "PENDING")), ZONE, ses_not_used=True).passed
    # The decommission plan says the opt-out was used.
    plan = plans.plan_without_facts("decommission", ses_not_used=True)
    assert [(f.severity, f.message) for f in plan.findings if f.code == "ses-not-used"] == [
        (
            "warning",
            "migration:sesNotUsed is true: the ses-dkim gate does not ask SES whether DKIM verifies; unset it "
            "if any mail of the zone is sent through SES",
        )
    ]


def test_failed_gate_blocks_the_plan_with_an_error_naming_it():
    failed = gates.wait(NOW, NOW, 60)
    built = plan_mod.build(plans.settings(phase="decommission", orphan_zones=()), plans.snapshot())
    assert not built.blocked and built.gates == ()
    plan = plan_mod.with_gates(built, (failed, gates.Gate("snapshot", True, "same")))
    assert plan.blocked and [g.name for g in plan.gates] == ["wait", "snapshot"]
    assert [(f.code, f.message.split(":")[0]) for f in plan.findings if f.severity == "error"] == [
        ("gate-wait", "gate wait FAILED")
    ]
    assert plan.findings[: len(built.findings)] == built.findings
