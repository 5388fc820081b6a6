"""Record values: each Route53 type becomes the exact Cloudflare record (API shape), or a refusal."""

from __future__ import annotations

import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.TXT
import pytest
from hypothesis import given
from hypothesis import strategies as st

from migration.translate.values import txt_content
from tests.support.zones import outcome, rrset, run, values

N = "x.example.com"

CASES = [
    # (type, Route53 value, Cloudflare type, content, data, priority)
    ("A", "192.0.2.1", "A", "192.0.2.1", None, None),
    ("AAAA", "2001:DB8::1", "AAAA", "2001:db8::1", None, None),
    ("CNAME", "target.example.net", "CNAME", "target.example.net", None, None),
    ("MX", "10 mx.example.net.", "MX", "mx.example.net", None, 10),
    ("MX", "20  mx2.example.net.", "MX", "mx2.example.net", None, 20),  # double space (octoDNS fixture)
    ("MX", "0 .", "MX", ".", None, 0),  # null MX, RFC 7505
    ("TXT", '"v=spf1 -all"', "TXT", '"v=spf1 -all"', None, None),
    ("SPF", '"v=spf1 include:x -all"', "TXT", '"v=spf1 include:x -all"', None, None),
    (
        "SRV",
        "10 20 5060 sip.example.net.",
        "SRV",
        None,
        {"priority": 10, "weight": 20, "port": 5060, "target": "sip.example.net"},
        None,
    ),
    (
        "SRV",
        "0 0 0 .",
        "SRV",
        None,
        {"priority": 0, "weight": 0, "port": 0, "target": "."},
        None,
    ),  # RFC 2782 "no service"
    ("CAA", '0 issue "letsencrypt.org"', "CAA", None, {"flags": 0, "tag": "issue", "value": "letsencrypt.org"}, None),
    ("CAA", '128 issuewild ";"', "CAA", None, {"flags": 128, "tag": "issuewild", "value": ";"}, None),
    (
        "CAA",
        '0 iodef "mailto:sec@example.com"',
        "CAA",
        None,
        {"flags": 0, "tag": "iodef", "value": "mailto:sec@example.com"},
        None,
    ),
    (
        "CAA",
        '0 issue "ca.example; account=12 3"',
        "CAA",
        None,
        {"flags": 0, "tag": "issue", "value": "ca.example; account=12 3"},
        None,
    ),
    ("PTR", "host.example.com.", "PTR", "host.example.com", None, None),
    (
        "NAPTR",
        '10 20 "U" "SIP+D2U" "!^.*$!sip:info@bar.example.com!" .',
        "NAPTR",
        None,
        {
            "order": 10,
            "preference": 20,
            "flags": "U",
            "service": "SIP+D2U",
            "regex": "!^.*$!sip:info@bar.example.com!",
            "replacement": ".",
        },
        None,
    ),
    (
        "NAPTR",
        '100 50 "a" "z3950+N2L+N2C" "" cidserver.example.com.',
        "NAPTR",
        None,
        {
            "order": 100,
            "preference": 50,
            "flags": "a",
            "service": "z3950+N2L+N2C",
            "regex": "",
            "replacement": "cidserver.example.com",
        },
        None,
    ),
    (
        "HTTPS",
        '1 . alpn="h3,h2" ipv4hint=192.0.2.1',
        "HTTPS",
        None,
        {"priority": 1, "target": ".", "value": 'alpn="h3,h2" ipv4hint="192.0.2.1"'},
        None,
    ),
    ("HTTPS", "0 cdn.example.net.", "HTTPS", None, {"priority": 0, "target": "cdn.example.net", "value": ""}, None),
    (
        "SVCB",
        "1 svc.example.net. port=8443",
        "SVCB",
        None,
        {"priority": 1, "target": "svc.example.net", "value": 'port="8443"'},
        None,
    ),
    (
        "TLSA",
        "3 1 1 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6",
        "TLSA",
        None,
        {
            "usage": 3,
            "selector": 1,
            "matching_type": 1,
            "certificate": "0c72ac70b745ac19998811b131d662c9ac69dbdbe7cb23e5b514b56664c5d3d6",
        },
        None,
    ),
    (
        "SSHFP",
        "4 2 123456789ABCDEF67890123456789ABCDEF67890123456789ABCDEF123456789",
        "SSHFP",
        None,
        {"algorithm": 4, "type": 2, "fingerprint": "123456789abcdef67890123456789abcdef67890123456789abcdef123456789"},
        None,
    ),
]


@pytest.mark.parametrize("rtype,value,cf_type,content,data,priority", CASES, ids=[f"{c[0]}:{c[1]}" for c in CASES])
def test_value_becomes_exact_cloudflare_record(rtype, value, cf_type, content, data, priority):
    t = run(rrset(N, rtype, value))
    o = outcome(t, f"{N}. {rtype}")
    assert o.status == "translated"
    assert values(o.records) == [(N, cf_type, 300, content, data, priority)]


def test_ds_is_kept_with_its_ns():
    t = run(
        rrset("sub.example.com", "NS", "ns1.dns.example.net."),
        rrset("sub.example.com", "DS", "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118"),
    )
    assert values(t.records) == [
        ("sub.example.com", "NS", 300, "ns1.dns.example.net", None, None),
        (
            "sub.example.com",
            "DS",
            300,
            None,
            {"key_tag": 60485, "algorithm": 5, "digest_type": 1, "digest": "2bb183af5f22588179a53b0a98631fad1a292118"},
            None,
        ),
    ]


def test_ds_without_its_ns_is_refused():
    t = run(rrset("dskey.example.com", "DS", "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118"))
    o = outcome(t, "dskey.example.com. DS")
    assert (o.status, t.records) == ("refused", ())
    assert o.reason.startswith("a DS record belongs at a delegation, but dskey.example.com. has no NS record set")


def test_ds_without_ns_refuses_only_the_ds_not_its_neighbours():
    t = run(
        rrset("svc.example.com", "DS", "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118"),
        rrset("svc.example.com", "HTTPS", '1 . alpn="h2"'),
    )
    assert outcome(t, "svc.example.com. DS").status == "refused"
    https = outcome(t, "svc.example.com. HTTPS")
    assert (https.status, https.reason) == ("translated", "")
    assert [r.type for r in t.records] == ["HTTPS"]


def test_spf_identical_to_txt_is_dropped_with_a_note():
    t = run(rrset("example.com", "TXT", '"v=spf1 mx -all"'), rrset("example.com", "SPF", '"v=spf1 mx -all"'))
    o = outcome(t, "example.com. SPF")
    assert (o.status, o.reason) == ("skipped", "SPF is obsolete (RFC 7208) and an identical TXT record set exists")
    assert values(t.records) == [("example.com", "TXT", 300, '"v=spf1 mx -all"', None, None)]


def test_spf_differing_from_txt_is_published_as_txt():
    t = run(rrset("example.com", "TXT", '"hello"'), rrset("example.com", "SPF", '"v=spf1 mx -all"'))
    o = outcome(t, "example.com. SPF")
    assert o.reason == "SPF is obsolete (RFC 7208) and Cloudflare refuses it: published as TXT"
    assert values(t.records) == [
        ("example.com", "TXT", 300, '"hello"', None, None),
        ("example.com", "TXT", 300, '"v=spf1 mx -all"', None, None),
    ]


def test_soa_away_from_apex_is_refused():
    t = run(rrset("soa.example.com", "SOA", "ns1.example.com. h.example.com. 1 7200 900 1209600 86400"))
    assert outcome(t, "soa.example.com. SOA").reason == (
        "an SOA record set belongs only at a zone's apex; Cloudflare serves its own"
    )


def test_ptr_in_rfc2317_reverse_zone_keeps_the_slash():
    # Route53 spells "/" as \057 (Route53 developer guide, "DNS domain name format").
    t = run(rrset("1.0\\05726.2.0.192.in-addr.arpa.", "PTR", "host.example.com."), zone="2.0.192.in-addr.arpa.")
    assert values(t.records) == [("1.0/26.2.0.192.in-addr.arpa", "PTR", 300, "host.example.com", None, None)]


@given(
    st.lists(
        st.binary(max_size=255)
        | st.sampled_from(
            [b"v=spf1 include:amazonses.com ~all", b'say "hi"', b"back\\slash", b"caf\xc3\xa9", b"tab\there"]
        ),
        min_size=1,
        max_size=4,
    ).map(tuple)
)
def test_txt_content_is_dnspythons_presentation_text(strings):
    expected = dns.rdtypes.ANY.TXT.TXT(dns.rdataclass.IN, dns.rdatatype.TXT, strings).to_text()
    assert txt_content(strings) == expected


def test_txt_content_quotes_plain_strings_and_escapes_the_rest():
    assert txt_content((b"v=spf1 -all", b"x y")) == '"v=spf1 -all" "x y"'
    assert txt_content((b'a"b\\c\xc3\xa9',)) == '"a\\"b\\\\c\\195\\169"'
    with pytest.raises(ValueError, match="must not be empty"):
        txt_content(())
