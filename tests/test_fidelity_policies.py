"""Conflicts Cloudflare forbids, routing policies and the record limit: exact refusals and choices."""

from __future__ import annotations

import dns.name
import pytest

from migration import plan as plan_mod
from migration.errors import SettingsError
from migration.settings import Settings, from_lookup
from migration.translate.routing import Decision
from tests.support.zones import alias, outcome, rrset, run, snapshot, values

www = dns.name.from_text("www.example.com.")


def test_alias_cname_plus_txt_away_from_apex_is_refused_with_options():
    t = run(alias("www.example.com", "A", "d1.cloudfront.net.", "Z2FDTNDATAQYW2"), rrset("www.example.com", "TXT", '"x"'))
    assert [o.status for o in t.outcomes] == ["refused", "refused"] and t.records == ()
    assert outcome(t, "www.example.com. TXT").reason == (
        "Cloudflare does not allow a CNAME to share its name with other records away from the apex (www.example.com. "
        "would have CNAME from www.example.com. A; TXT from www.example.com. TXT). Options: remove or move the other "
        "record sets at this name; or replace the CNAME (or the alias that became one) by the target's A/AAAA values")


def test_cname_plus_other_types_at_the_apex_is_allowed():
    t = run(alias("example.com", "A", "d1.cloudfront.net.", "Z2FDTNDATAQYW2"), rrset("example.com", "TXT", '"x"'))
    assert [o.status for o in t.outcomes] == ["translated", "translated"]


def test_delegation_with_other_types_is_refused():
    t = run(rrset("dev.example.com", "NS", "ns1.example.net."), rrset("dev.example.com", "A", "192.0.2.1"))
    assert outcome(t, "dev.example.com. A").reason.startswith(
        "dev.example.com. is delegated (NS), and Cloudflare allows only DS beside a delegation's NS "
        "(NS from dev.example.com. NS; A from dev.example.com. A). Options:")


WEIGHTED = [rrset("www.example.com", "A", "192.0.2.1", ttl=60, SetIdentifier="one", Weight=1, HealthCheckId="hc-1"),
            rrset("www.example.com", "A", "192.0.2.2", "192.0.2.1", ttl=120, SetIdentifier="two", Weight=2),
            rrset("www.example.com", "A", "192.0.2.9", SetIdentifier="zero", Weight=0)]


def test_routing_is_refused_by_default_listing_sets_and_health_checks():
    t = run(*WEIGHTED)
    assert [o.status for o in t.outcomes] == ["refused"] * 3 and t.records == ()
    assert outcome(t, "www.example.com. A [two]").reason == (
        "weighted routing policy: www.example.com. A is 3 record set(s): 'one' (Weight 1, health check hc-1), "
        "'two' (Weight 2), 'zero' (Weight 0). Plain Cloudflare DNS cannot route, and keeping one would silently drop "
        "the others; choose in the stack settings: migration:routing: {\"www.example.com\": {\"keep\": "
        "\"<set identifier>\"}} to publish one set, or {\"www.example.com\": {\"union\": true}} to publish all values "
        "as one record set (weighted and multivalue only)")


def test_routing_keep_one_set():
    t = run(*WEIGHTED, routing_decisions={www: Decision(keep="two")})
    assert [o.status for o in t.outcomes] == ["skipped", "translated", "skipped"]
    assert outcome(t, "www.example.com. A [one]").reason == "migration:routing keeps set 'two' for this name"
    assert values(t.records) == [("www.example.com", "A", 120, "192.0.2.2", None, None),
                                 ("www.example.com", "A", 120, "192.0.2.1", None, None)]


def test_routing_union_leaves_out_weight_zero():
    t = run(*WEIGHTED, routing_decisions={www: Decision(union=True)})
    assert [o.status for o in t.outcomes] == ["translated", "translated", "skipped"]
    assert outcome(t, "www.example.com. A [one]").reason == (
        "migration:routing: union of sets 'one', 'two' (2 values, TTL 60 s)")
    assert values(t.records) == [("www.example.com", "A", 60, "192.0.2.1", None, None),
                                 ("www.example.com", "A", 60, "192.0.2.2", None, None)]


def test_routing_union_refused_for_failover():
    t = run(rrset("www.example.com", "A", "192.0.2.1", SetIdentifier="p", Failover="PRIMARY"),
            rrset("www.example.com", "A", "192.0.2.2", SetIdentifier="s", Failover="SECONDARY"),
            routing_decisions={www: Decision(union=True)})
    assert outcome(t, "www.example.com. A [p]").reason.startswith(
        "migration:routing asks for the union, but failover routing answers different clients differently by design")


def test_routing_keep_unknown_identifier_is_refused():
    t = run(*WEIGHTED, routing_decisions={www: Decision(keep="nope")})
    assert outcome(t, "www.example.com. A [one]").reason.startswith(
        "migration:routing keeps set 'nope', but this name and type has no such set (sets: 'one' (Weight 1")


def test_routing_settings_are_read_from_the_stack(tmp_path):
    config = {"zone": "example.com", "snapshot": "s.json", "cloudflareAccountId": "a",
              "routing": {"WWW.example.com": {"keep": "two"}, "api.example.com": {"union": True}},
              "cloudflarePlan": "pro"}
    s = from_lookup("dev", config.get, tmp_path)
    assert s.routing == ((www, Decision(keep="two")), (dns.name.from_text("api.example.com."), Decision(union=True)))
    assert s.record_limit == (3500, "migration:cloudflarePlan pro")
    with pytest.raises(SettingsError) as err:
        from_lookup("dev", {**config, "routing": {"x.example.com": {"keep": 3}}, "cloudflareRecordLimit": 0}.get, tmp_path)
    assert str(err.value) == ("stack dev: migration:routing: x.example.com: expected {keep: <set identifier>} or "
                              "{union: true}, got {'keep': 3}; migration:cloudflareRecordLimit must be a positive whole "
                              "number, not 0")


@pytest.mark.parametrize("limit,blocked", [(3, False), (2, True)])
def test_record_limit_is_checked_before_applying(tmp_path, limit, blocked):
    settings = Settings(stack="t", zone="example.com", snapshot=tmp_path / "s.json", cloudflare_account_id="a",
                        cloudflare_record_limit=limit)
    p = plan_mod.build(settings, snapshot(rrset("a.example.com", "A", "192.0.2.1", "192.0.2.2", "192.0.2.3")))
    errors = [(f.code, f.message) for f in p.findings if f.severity == "error"]
    assert errors == ([("record-limit", "the plan creates 3 records but the zone allows 2 "
                        "(migration:cloudflareRecordLimit); upgrade the plan, or set migration:cloudflareRecordLimit "
                        "if your zone's limit differs")] if blocked else [])


def test_free_plan_limit_is_the_default(tmp_path):
    settings = Settings(stack="t", zone="example.com", snapshot=tmp_path / "s.json", cloudflare_account_id="a")
    many = [rrset(f"h{i}.example.com", "A", "192.0.2.1") for i in range(201)]
    p = plan_mod.build(settings, snapshot(*many))
    assert [f.message for f in p.findings if f.code == "record-limit"] == [
        "the plan creates 201 records but the zone allows 200 (migration:cloudflarePlan free); upgrade the plan, "
        "or set migration:cloudflareRecordLimit if your zone's limit differs"]
