"""Record sets Cloudflare cannot hold at one name (migration/translate/conflicts.py): refused per
record set, with the options."""

from __future__ import annotations

from tests.support.zones import alias, outcome, rrset, run


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
