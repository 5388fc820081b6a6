"""Record sets Cloudflare cannot hold at one name (migration/translate/conflicts.py): refused per
record set, with the options."""

from __future__ import annotations

from tests.support.plans import plan_of_record_sets, records
from tests.support.zones import alias, outcome, rrset, run


def test_alias_cname_plus_txt_away_from_apex_is_refused_with_options():
    t = run(
        alias("www.example.com", "A", "d1.cloudfront.net.", "Z2FDTNDATAQYW2"), rrset("www.example.com", "TXT", '"x"')
    )
    assert [o.status for o in t.outcomes] == ["refused", "refused"] and t.records == ()
    assert outcome(t, "www.example.com. TXT").reason == (
        "Cloudflare does not allow a CNAME to share its name with other records away from the apex (www.example.com. "
        "would have CNAME from www.example.com. A; TXT from www.example.com. TXT). Options: remove or move the other "
        "record sets at this name; or replace the CNAME (or the alias that became one) by the target's A/AAAA values"
    )


def test_cname_plus_other_types_at_the_apex_is_allowed():
    t = run(alias("example.com", "A", "d1.cloudfront.net.", "Z2FDTNDATAQYW2"), rrset("example.com", "TXT", '"x"'))
    assert [o.status for o in t.outcomes] == ["translated", "translated"]


def test_delegation_with_other_types_is_refused():
    t = run(rrset("dev.example.com", "NS", "ns1.example.net."), rrset("dev.example.com", "A", "192.0.2.1"))
    assert outcome(t, "dev.example.com. A").reason.startswith(
        "dev.example.com. is delegated (NS), and Cloudflare allows only DS beside a delegation's NS "
        "(NS from dev.example.com. NS; A from dev.example.com. A). Options:"
    )


def test_an_apex_cname_beside_a_or_aaaa_is_refused_but_beside_mx_is_published():
    from tests.support.zones import alias

    cdn = alias("example.com.", "A", "d111111abcdef8.cloudfront.net.", "Z2FDTNDATAQYW2")
    refused = plan_of_record_sets(cdn, rrset("example.com.", "AAAA", "2001:db8::1"))
    assert [
        (o.record_set.label, o.status, o.reason) for o in refused.translation.outcomes if o.status == "refused"
    ] == [
        (
            label,
            "refused",
            "Cloudflare does not allow a CNAME beside A or AAAA records, even at the apex (example.com. "
            "would have CNAME from example.com. A; AAAA from example.com. AAAA). Options: remove the A/AAAA record "
            "sets, or replace the alias that became the CNAME by the target's A/AAAA values",
        )
        for label in ("example.com. A", "example.com. AAAA")
    ]
    published = plan_of_record_sets(cdn, rrset("example.com.", "MX", "10 mx1.example.net."))
    assert sorted(r.record.type for r in records(published).values()) == ["CNAME", "MX"]
