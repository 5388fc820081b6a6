"""Route53 routing policies (weighted, failover, ...) under migration:routing
(migration/translate/routing.py): refused by default listing the sets and health checks, one set
kept, or the union of the sets."""

from __future__ import annotations

import dns.name

from migration.model import Decision
from tests.support.zones import outcome, rrset, run, values

www = dns.name.from_text("www.example.com.")


WEIGHTED = [
    rrset("www.example.com", "A", "192.0.2.1", ttl=60, SetIdentifier="one", Weight=1, HealthCheckId="hc-1"),
    rrset("www.example.com", "A", "192.0.2.2", "192.0.2.1", ttl=120, SetIdentifier="two", Weight=2),
    rrset("www.example.com", "A", "192.0.2.9", SetIdentifier="zero", Weight=0),
]


def test_routing_is_refused_by_default_listing_sets_and_health_checks():
    t = run(*WEIGHTED)
    assert [o.status for o in t.outcomes] == ["refused"] * 3 and t.records == ()
    assert outcome(t, "www.example.com. A [two]").reason == (
        "weighted routing policy: www.example.com. A is 3 record set(s): 'one' (Weight 1, health check hc-1), "
        "'two' (Weight 2), 'zero' (Weight 0). Plain Cloudflare DNS cannot route, and keeping one would silently drop "
        'the others; choose in the stack settings: migration:routing: {"www.example.com": {"keep": '
        '"<set identifier>"}} to publish one set, or {"www.example.com": {"union": true}} to publish all values '
        "as one record set (weighted and multivalue only)"
    )


def test_routing_keep_one_set():
    t = run(*WEIGHTED, routing_decisions={www: Decision(keep="two")})
    assert [o.status for o in t.outcomes] == ["skipped", "translated", "skipped"]
    assert outcome(t, "www.example.com. A [one]").reason == "migration:routing keeps set 'two' for this name"
    assert values(t.records) == [
        ("www.example.com", "A", 120, "192.0.2.2", None, None),
        ("www.example.com", "A", 120, "192.0.2.1", None, None),
    ]


def test_routing_union_leaves_out_weight_zero():
    t = run(*WEIGHTED, routing_decisions={www: Decision(union=True)})
    assert [o.status for o in t.outcomes] == ["translated", "translated", "skipped"]
    assert outcome(t, "www.example.com. A [one]").reason == (
        "migration:routing: union of sets 'one', 'two' (2 values, TTL 60 s)"
    )
    assert values(t.records) == [
        ("www.example.com", "A", 60, "192.0.2.1", None, None),
        ("www.example.com", "A", 60, "192.0.2.2", None, None),
    ]


def test_routing_union_refused_for_failover():
    t = run(
        rrset("www.example.com", "A", "192.0.2.1", SetIdentifier="p", Failover="PRIMARY"),
        rrset("www.example.com", "A", "192.0.2.2", SetIdentifier="s", Failover="SECONDARY"),
        routing_decisions={www: Decision(union=True)},
    )
    assert outcome(t, "www.example.com. A [p]").reason.startswith(
        "migration:routing asks for the union, but failover routing answers different clients differently by design"
    )


def test_routing_keep_unknown_identifier_is_refused():
    t = run(*WEIGHTED, routing_decisions={www: Decision(keep="nope")})
    assert outcome(t, "www.example.com. A [one]").reason.startswith(
        "migration:routing keeps set 'nope', but this name and type has no such set (sets: 'one' (Weight 1"
    )
