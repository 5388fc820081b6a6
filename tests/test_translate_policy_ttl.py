"""The one TTL rule (migration.translate.policy.cloudflare_ttl) over its whole domain, and the
places that use it (translation, the email policy, routing unions) giving exactly its answer.

Cloudflare's bounds are from its DNS docs, "Time to Live (TTL)"
(https://developers.cloudflare.com/dns/manage-dns-records/reference/ttl/): proxied records have
TTL Auto (1 in the API) and it cannot be edited; DNS-only records take 60 s (non-Enterprise) to
1 day. Route53 accepts TTLs of 0..2147483647 s (Route53 API reference, ResourceRecordSet TTL).
"""

from __future__ import annotations

from pathlib import Path

import dns.name
import pytest
from hypothesis import given
from hypothesis import strategies as st

from migration import handover
from migration.model import Decision, Finding, SesData, SesIdentity
from migration.plan import build
from migration.settings import Settings
from migration.sources import bind
from migration.translate import translate
from migration.translate.policy import (
    TTL_AUTOMATIC,
    TTL_AUTOMATIC_SECONDS,
    TTL_MAX,
    TTL_MIN,
    cloudflare_ttl,
    served_ttl,
)
from tests.support.zones import APEX_SOA, rrset, snapshot

ROUTE53_TTLS = st.integers(min_value=0, max_value=2**31 - 1)


def test_bounds_are_cloudflares_documented_ones():
    assert (TTL_AUTOMATIC, TTL_MIN, TTL_MAX) == (1, 60, 86400)


@pytest.mark.parametrize(
    "route53_ttl, proxied, expected",
    [
        (300, False, (300, "")),
        (60, False, (60, "")),
        (86400, False, (86400, "")),
        (59, False, (60, "TTL 59 s is below Cloudflare's minimum; raised to 60 s")),
        (0, False, (60, "TTL 0 s is below Cloudflare's minimum; raised to 60 s")),
        (86401, False, (86400, "TTL 86401 s is above Cloudflare's maximum; lowered to 86400 s")),
        (2**31 - 1, False, (86400, "TTL 2147483647 s is above Cloudflare's maximum; lowered to 86400 s")),
        (None, False, (1, "")),  # a record the plan adds: Cloudflare's automatic TTL
        (300, True, (1, "")),  # proxied: always Auto, nothing clamped
        (30, True, (1, "")),
        (172800, True, (1, "")),
        (None, True, (1, "")),
    ],
)
def test_cloudflare_ttl_at_every_edge(route53_ttl, proxied, expected):
    assert cloudflare_ttl(route53_ttl, proxied) == expected


@given(ROUTE53_TTLS, st.booleans())
def test_cloudflare_ttl_is_in_range_and_warns_exactly_when_it_changes_the_ttl(route53_ttl, proxied):
    ttl, warning = cloudflare_ttl(route53_ttl, proxied)
    if proxied:
        assert (ttl, warning) == (TTL_AUTOMATIC, "")
        return
    assert ttl == min(max(route53_ttl, TTL_MIN), TTL_MAX)
    assert bool(warning) == (ttl != route53_ttl)
    # What Cloudflare holds needs no second clamp: the rule is idempotent.
    assert cloudflare_ttl(ttl) == (ttl, "")


@given(ROUTE53_TTLS, st.booleans())
def test_translation_gives_every_record_the_rules_ttl_and_its_warning(route53_ttl, proxied):
    snap = snapshot(rrset("www.example.com.", "A", "192.0.2.1", "192.0.2.2", ttl=route53_ttl))
    t = translate(snap, [dns.name.from_text("www.example.com.")] if proxied else [])
    ttl, warning = cloudflare_ttl(route53_ttl, proxied)
    assert [(r.ttl, r.proxied) for r in t.records] == [(ttl, proxied)] * 2
    expected = (Finding("warning", "ttl-clamped", "www.example.com. A", warning),) if warning else ()
    assert t.findings == expected


def test_a_proxied_record_is_not_said_to_be_clamped():
    """A proxied record's TTL is Auto whatever Route53 had: a "raised to 60 s" warning would be
    false (it was given before the proxy rule, on the TTL the record does not get)."""
    t = translate(
        snapshot(rrset("www.example.com.", "A", "192.0.2.1", ttl=30)), [dns.name.from_text("www.example.com.")]
    )
    assert [(r.ttl, r.proxied) for r in t.records] == [(1, True)]
    assert t.findings == ()


def test_a_record_set_only_partly_proxied_warns_once_for_its_dns_only_records():
    # 10.0.0.1 cannot be proxied (private), 192.0.2.1 can: the first stays DNS-only with a clamped TTL.
    t = translate(
        snapshot(rrset("www.example.com.", "A", "10.0.0.1", "192.0.2.1", ttl=30)),
        [dns.name.from_text("www.example.com.")],
    )
    assert [(r.content, r.ttl, r.proxied) for r in t.records] == [("10.0.0.1", 60, False), ("192.0.2.1", 1, True)]
    assert [(f.code, f.message) for f in t.findings] == [
        ("ttl-clamped", "TTL 30 s is below Cloudflare's minimum; raised to 60 s"),
        (
            "proxy-refused",
            "proxying refused: 10.0.0.1 is not a global unicast address (private, RFC 1918): "
            "Cloudflare's proxy cannot reach it as an origin",
        ),
    ]


@given(st.lists(ROUTE53_TTLS, min_size=2, max_size=4))
def test_a_routing_union_gets_the_rules_ttl_of_its_shortest_set(ttls):
    sets = [
        rrset("www.example.com.", "A", f"192.0.2.{i + 1}", ttl=ttl, SetIdentifier=f"s{i}", Weight=1)
        for i, ttl in enumerate(ttls)
    ]
    t = translate(snapshot(*sets), routing_decisions={dns.name.from_text("www.example.com."): Decision(union=True)})
    expected = cloudflare_ttl(min(ttls))[0]
    assert [r.ttl for r in t.records] == [expected] * len(ttls)


# -- the way back: what Cloudflare serves for a TTL setting (zone files, the handover)


@pytest.mark.parametrize("setting, served", [(1, 300), (60, 60), (300, 300), (86400, 86400)])
def test_served_ttl_answers_auto_as_300_seconds_and_any_other_as_it_is(setting, served):
    assert served_ttl(setting) == served


@given(ROUTE53_TTLS, st.booleans())
def test_what_cloudflare_serves_is_the_rules_ttl_or_300_for_auto(route53_ttl, proxied):
    served = served_ttl(cloudflare_ttl(route53_ttl, proxied)[0])
    assert served == (TTL_AUTOMATIC_SECONDS if proxied else min(max(route53_ttl, TTL_MIN), TTL_MAX))


def test_a_record_the_plan_adds_is_handed_over_with_the_ttl_cloudflare_serves():
    """Records the email policy adds have TTL 1 (automatic) without being proxied. The handover
    zone file wrote that 1 as it was, so the decommission read it back as below Cloudflare's
    minimum: raised to 60 s, with a warning, and answered 60 s instead of 300 s."""
    mail = dns.name.from_text("mail.example.com.")
    ident = SesIdentity(
        domain=dns.name.from_text("example.com."),
        region="ap-northeast-1",
        mail_from=mail,
        mail_from_status="SUCCESS",
        source="test",
    )
    ses = SesData(identities=(ident,), checked=frozenset({ident.domain}), regions=("ap-northeast-1",))
    snap = snapshot(APEX_SOA, rrset("www.example.com.", "A", "192.0.2.1"))
    settings = Settings(
        stack="t", zone="example.com", snapshot=Path("unused"), cloudflare_account_id="a", phase="decommission"
    )
    before = build(settings, snap, ses=ses)
    text = handover.zone_file_text(before)
    assert "mail.example.com. 300 IN MX 10 feedback-smtp.ap-northeast-1.amazonses.com." in text.splitlines()
    after = build(settings, snap, ses=ses, records_source=bind.read_text(text, "zone"))
    mx = [r for r in after.translation.records if r.type == "MX"]
    assert [(r.content, r.ttl) for r in mx] == [("feedback-smtp.ap-northeast-1.amazonses.com", 300)]
    assert [f for f in after.findings if f.code == "ttl-clamped"] == []
