"""A record set ``migration:ignore`` leaves alone gets no finding of its own from translation or
from the reader (TTL raised, proxy not applicable, SPF twice, routing health lost...): the plan
neither copies nor changes it, so the one thing said about it is its outcome, "left alone (ignored
by setting ...)". Record sets that are not ignored keep theirs."""

from __future__ import annotations

import dns.name

from migration import ignore
from migration.model import Decision
from tests.support import plans
from tests.support.zones import rrset

LEFT_ALONE = "left alone (ignored by setting migration:ignore: {})"
ZONE = (
    rrset("example.com.", "A", "192.0.2.1"),
    rrset("short.example.com.", "A", "192.0.2.2", ttl=30),  # TTL raised to 60
    rrset("kept.example.com.", "A", "192.0.2.3", ttl=30),  # TTL raised to 60, not ignored
    rrset("spf.example.com.", "TXT", '"v=spf1 -all"', '"v=spf1 ~all"'),  # two SPF records
    rrset("mixed.example.com.", "A", "192.0.2.4"),
    rrset("mixed.example.com.", "TXT", '"hello"'),  # proxied name: its TXT stays DNS-only (info)
    rrset("api.example.com.", "A", "192.0.2.5", SetIdentifier="one", Weight=1, HealthCheckId="hc-1"),
    rrset("api.example.com.", "A", "192.0.2.6", SetIdentifier="two", Weight=1, HealthCheckId="hc-2"),
)
PATTERNS = (
    ignore.IgnorePattern("short.example.com"),
    ignore.IgnorePattern("spf.example.com", ("TXT",)),
    ignore.IgnorePattern("mixed.example.com", ("TXT",)),
    ignore.IgnorePattern("api.example.com"),
)
CHANGES = {
    "proxied": (dns.name.from_text("mixed.example.com."),),
    "routing": {dns.name.from_text("api.example.com."): Decision(union=True)},
}


def _findings(plan, subjects):
    return sorted((f.subject, f.code) for f in plan.findings if f.subject in subjects)


def test_an_ignored_record_set_gets_no_finding_only_its_ignore_note():
    subjects = {
        "short.example.com. A",
        "kept.example.com. A",
        "spf.example.com. TXT",
        "mixed.example.com. TXT",
        "api.example.com. A",
    }
    plain = plans.plan_of_record_sets(*ZONE, **CHANGES)
    # Without the patterns each record set has its finding (the test's premise).
    assert _findings(plain, subjects) == [
        ("api.example.com. A", "routing-health-lost"),
        ("kept.example.com. A", "ttl-clamped"),
        ("mixed.example.com. TXT", "proxy-not-applicable"),
        ("short.example.com. A", "ttl-clamped"),
        ("spf.example.com. TXT", "spf-records-twice"),
    ]
    plan = plans.plan_of_record_sets(*ZONE, ignore=PATTERNS, **CHANGES)
    assert _findings(plan, subjects) == [("kept.example.com. A", "ttl-clamped")]
    assert {o.record_set.label: o.reason for o in plan.translation.outcomes if ignore.is_ignored(o)} == {
        "short.example.com. A": LEFT_ALONE.format("short.example.com"),
        "spf.example.com. TXT": LEFT_ALONE.format("spf.example.com TXT"),
        "mixed.example.com. TXT": LEFT_ALONE.format("mixed.example.com TXT"),
        "api.example.com. A [one]": LEFT_ALONE.format("api.example.com"),
        "api.example.com. A [two]": LEFT_ALONE.format("api.example.com"),
    }
