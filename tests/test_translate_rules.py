"""One case per translation rule of issue 2: the exact Cloudflare records, or the exact refusal."""

from __future__ import annotations

import json

import dns.name
import pytest
from hypothesis import given
from hypothesis import strategies as st

from migration.model import CloudflareRecord, Finding
from migration.translate import translate
from tests.support.zones import ZONE_ID, alias, rrset, snapshot

N = dns.name.from_text


def records(*raws, proxied=()):
    t = translate(snapshot(*raws), [N(p) for p in proxied])
    return [
        (r.name, r.type, r.ttl, r.proxied, r.content, dict(r.data) if r.data else None, r.priority) for r in t.records
    ]


RULES = [
    (
        "A, one record per value",
        [rrset("www.example.com.", "A", "192.0.2.1", "192.0.2.2")],
        [
            ("www.example.com", "A", 300, False, "192.0.2.1", None, None),
            ("www.example.com", "A", 300, False, "192.0.2.2", None, None),
        ],
    ),
    (
        "AAAA",
        [rrset("v6.example.com.", "AAAA", "2001:DB8::1")],
        [("v6.example.com", "AAAA", 300, False, "2001:db8::1", None, None)],
    ),
    (
        "CNAME without the final dot",
        [rrset("www.example.com.", "CNAME", "example.com.")],
        [("www.example.com", "CNAME", 300, False, "example.com", None, None)],
    ),
    (
        "MX: preference becomes priority, odd spacing",
        [rrset("example.com.", "MX", "10  mx1.example.net.", "20 mx2.example.net")],
        [
            ("example.com", "MX", 300, False, "mx1.example.net", None, 10),
            ("example.com", "MX", 300, False, "mx2.example.net", None, 20),
        ],
    ),
    (
        "TXT: quoted strings as the API returns them",
        [rrset("example.com.", "TXT", '"v=spf1 -all"', '"a" "b"', '"say \\"hi\\""')],
        [
            ("example.com", "TXT", 300, False, '"v=spf1 -all"', None, None),
            ("example.com", "TXT", 300, False, '"a" "b"', None, None),
            ("example.com", "TXT", 300, False, '"say \\"hi\\""', None, None),
        ],
    ),
    (
        "TXT: adjacent strings without a space are separate strings",
        [rrset("t.example.com.", "TXT", '"abc""def"')],
        [("t.example.com", "TXT", 300, False, '"abc" "def"', None, None)],
    ),
    (
        "SRV as structured data",
        [rrset("_sip._tcp.example.com.", "SRV", "10 5 5060 sip.example.com.")],
        [
            (
                "_sip._tcp.example.com",
                "SRV",
                300,
                False,
                None,
                {"port": 5060, "priority": 10, "target": "sip.example.com", "weight": 5},
                None,
            )
        ],
    ),
    (
        "CAA as structured data, value with ; and spaces",
        [rrset("example.com.", "CAA", '128 issue "ca.example.net; account=1 2"')],
        [
            (
                "example.com",
                "CAA",
                300,
                False,
                None,
                {"flags": 128, "tag": "issue", "value": "ca.example.net; account=1 2"},
                None,
            )
        ],
    ),
    (
        "NS of a delegated subdomain is copied",
        [rrset("dev.example.com.", "NS", "ns1.dev.example.net.", ttl=86400)],
        [("dev.example.com", "NS", 86400, False, "ns1.dev.example.net", None, None)],
    ),
    (
        "alias to CloudFront at the apex: one CNAME for the A+AAAA pair",
        [
            alias("example.com.", "A", "d111.cloudfront.net.", "Z2FDTNDATAQYW2"),
            alias("example.com.", "AAAA", "d111.cloudfront.net.", "Z2FDTNDATAQYW2"),
        ],
        [("example.com", "CNAME", 60, False, "d111.cloudfront.net", None, None)],
    ),
    (
        "alias to an A-only dual-stack ALB: the ALB's own DNS name",
        [alias("api.example.com.", "A", "dualstack.my-alb-1.ap-northeast-1.elb.amazonaws.com.", "Z14GRHDCWA56QT")],
        [("api.example.com", "CNAME", 60, False, "my-alb-1.ap-northeast-1.elb.amazonaws.com", None, None)],
    ),
    (
        "alias A+AAAA to a dual-stack ALB keeps dualstack.",
        [
            alias("api.example.com.", "A", "dualstack.my-alb-1.ap-northeast-1.elb.amazonaws.com.", "Z14GRHDCWA56QT"),
            alias("api.example.com.", "AAAA", "dualstack.my-alb-1.ap-northeast-1.elb.amazonaws.com.", "Z14GRHDCWA56QT"),
        ],
        [("api.example.com", "CNAME", 60, False, "dualstack.my-alb-1.ap-northeast-1.elb.amazonaws.com", None, None)],
    ),
    (
        "alias to another name of the same zone answers that name's records, with its TTL",
        [
            rrset("origin.example.com.", "A", "192.0.2.7", ttl=120),
            alias("www.example.com.", "A", "origin.example.com.", ZONE_ID),
        ],
        [
            ("origin.example.com", "A", 120, False, "192.0.2.7", None, None),
            ("www.example.com", "A", 120, False, "192.0.2.7", None, None),
        ],
    ),
    (
        "alias to an S3 website endpoint names the bucket's endpoint",
        [alias("static.example.com.", "A", "s3-website-us-east-1.amazonaws.com.", "Z3AQBSTGFYJSTF")],
        [
            (
                "static.example.com",
                "CNAME",
                60,
                False,
                "static.example.com.s3-website-us-east-1.amazonaws.com",
                None,
                None,
            )
        ],
    ),
    (
        "wildcard from the octal escape \\052",
        [rrset("\\052.preview.example.com.", "A", "192.0.2.10")],
        [("*.preview.example.com", "A", 300, False, "192.0.2.10", None, None)],
    ),
    (
        "TTL below 60 raised to 60",
        [rrset("fast.example.com.", "A", "192.0.2.1", ttl=30)],
        [("fast.example.com", "A", 60, False, "192.0.2.1", None, None)],
    ),
    (
        "TTL above 86400 lowered to 86400",
        [rrset("slow.example.com.", "A", "192.0.2.1", ttl=604800)],
        [("slow.example.com", "A", 86400, False, "192.0.2.1", None, None)],
    ),
]


@pytest.mark.parametrize("raws, expected", [(r, e) for _, r, e in RULES], ids=[n for n, _, _ in RULES])
def test_rule(raws, expected):
    assert records(*raws) == expected


def outcome(raws, label):
    t = translate(snapshot(*raws))
    return next((o.status, o.reason) for o in t.outcomes if o.record_set.label == label)


def test_apex_soa_and_ns_skipped_with_reason():
    raws = [
        rrset("example.com.", "SOA", "ns-1.awsdns-1.org. h.amazon.com. 1 7200 900 1209600 86400"),
        rrset("example.com.", "NS", "ns-1.awsdns-1.org."),
    ]
    assert outcome(raws, "example.com. SOA") == ("skipped", "apex SOA: Cloudflare serves its own")
    assert outcome(raws, "example.com. NS") == ("skipped", "apex NS: Cloudflare serves its own")


def test_soa_away_from_the_apex_refused_naming_it():
    raws = [rrset("soa.example.com.", "SOA", "ns-1.awsdns-1.org. h.amazon.com. 1 7200 900 1209600 86400")]
    assert outcome(raws, "soa.example.com. SOA") == (
        "refused",
        "an SOA record set belongs only at a zone's apex; Cloudflare serves its own",
    )


def test_routing_policy_refused_with_set_identifier_and_health_check():
    raws = [rrset("www.example.com.", "A", "192.0.2.1", SetIdentifier="blue", Weight=70, HealthCheckId="hc-1")]
    assert outcome(raws, "www.example.com. A [blue]") == (
        "refused",
        "weighted routing policy: www.example.com. A is 1 record set(s): 'blue' (Weight 70, health check hc-1). "
        "Plain Cloudflare DNS cannot route, and keeping one would silently drop the others; choose in the stack "
        'settings: migration:routing: {"www.example.com": {"keep": "<set identifier>"}} to publish one set, '
        'or {"www.example.com": {"union": true}} to publish all values as one record set (weighted and '
        "multivalue only)",
    )


def test_unknown_alias_target_refused():
    raws = [alias("x.example.com.", "A", "vpce-1.vpce-svc-1.us-east-1.vpce.amazonaws.com.", "ZUNKNOWN")]
    assert outcome(raws, "x.example.com. A") == (
        "refused",
        "the alias target vpce-1.vpce-svc-1.us-east-1.vpce.amazonaws.com. is a VPC interface endpoint: it "
        "answers only inside its VPC and has no public meaning; publish a public endpoint or keep this name in a "
        "private hosted zone",
    )


def test_dns_only_by_default():
    assert {
        r[3]
        for r in records(rrset("www.example.com.", "A", "192.0.2.1"), rrset("example.com.", "MX", "10 mx.example.com."))
    } == {False}


def test_proxy_opt_in_sets_ttl_automatic():
    assert records(rrset("www.example.com.", "A", "192.0.2.1"), proxied=["www.example.com"]) == [
        ("www.example.com", "A", 1, True, "192.0.2.1", None, None)
    ]


PROXY_REFUSALS = [
    (
        "s1._domainkey.example.com",
        [rrset("s1._domainkey.example.com.", "CNAME", "s1.dkim.amazonses.com")],
        "proxying refused: a DKIM selector must be DNS-only: a proxied CNAME answers Cloudflare's addresses, not the key",
    ),
    (
        "_svc.example.com",
        [rrset("_svc.example.com.", "CNAME", "svc.example.net.")],
        "proxying refused: names with an _underscore label are service or policy names and must be DNS-only",
    ),
    (
        "mx.example.com",
        [rrset("mx.example.com.", "A", "192.0.2.25"), rrset("example.com.", "MX", "10 mx.example.com.")],
        "proxying refused: the name is an MX target: mail servers must get its real addresses",
    ),
    (
        "cert.example.com",
        [rrset("cert.example.com.", "CNAME", "_x.abc.acm-validations.aws.")],
        "proxying refused: an ACM validation CNAME must be DNS-only or the certificate cannot renew",
    ),
    (
        "example.com",
        [rrset("example.com.", "TXT", '"hello"')],
        "proxying refused: migration:proxied names example.com., which has no A, AAAA, CNAME record to proxy",
    ),
]


@pytest.mark.parametrize("name, raws, message", PROXY_REFUSALS, ids=[p[0] for p in PROXY_REFUSALS])
def test_proxy_refused(name, raws, message):
    t = translate(snapshot(*raws), [N(name)])
    assert [f.message for f in t.findings if f.code == "proxy-refused"] == [message]
    assert all(not r.proxied for r in t.records)


def test_proxying_a_name_proxies_its_web_records_and_leaves_the_rest_dns_only():
    t = translate(
        snapshot(
            rrset("example.com.", "A", "192.0.2.1"),
            rrset("example.com.", "MX", "10 mx.example.net."),
            rrset("example.com.", "TXT", '"v=spf1 -all"'),
        ),
        [N("example.com")],
    )
    assert [(r.type, r.proxied, r.ttl) for r in t.records] == [("A", True, 1), ("MX", False, 300), ("TXT", False, 300)]
    assert [(f.severity, f.code, f.subject, f.message) for f in t.findings] == [
        (
            "info",
            "proxy-not-applicable",
            "example.com. MX",
            "stays DNS-only: MX records cannot be proxied (only A, AAAA, CNAME)",
        ),
        (
            "info",
            "proxy-not-applicable",
            "example.com. TXT",
            "stays DNS-only: TXT records cannot be proxied (only A, AAAA, CNAME)",
        ),
    ]


def test_ttl_clamp_warns_naming_the_record_set():
    t = translate(snapshot(rrset("\\052.preview.example.com.", "A", "192.0.2.10", ttl=30)))
    assert t.findings == (
        Finding(
            "warning",
            "ttl-clamped",
            "*.preview.example.com. A",
            "TTL 30 s is below Cloudflare's minimum; raised to 60 s",
        ),
    )


def test_record_logical_name_is_stable_and_value_derived():
    a = CloudflareRecord(name="www.example.com", type="A", ttl=300, content="192.0.2.1")
    b = CloudflareRecord(name="www.example.com", type="A", ttl=600, content="192.0.2.1")
    c = CloudflareRecord(name="www.example.com", type="A", ttl=300, content="192.0.2.2")
    assert a.logical_name == b.logical_name != c.logical_name
    assert a.logical_name.startswith("a-www.example.com-")


def test_logical_names_are_the_same_in_every_version():
    # Pulumi replaces a resource whose logical name changes: these names, computed once from the
    # documented formula (sha256 of name, type and the sorted JSON of the value), must never move.
    records = [
        CloudflareRecord(name="www.example.com", type="A", ttl=300, content="192.0.2.1"),
        CloudflareRecord(name="example.com", type="MX", ttl=300, content="mail.example.com", priority=10),
        CloudflareRecord(
            name="_sip._tcp.example.com",
            type="SRV",
            ttl=300,
            data=(("port", 5060), ("priority", 10), ("target", "sip.example.com"), ("weight", 5)),
        ),
        CloudflareRecord(
            name="example.com", type="TXT", ttl=300, content='"v=spf1 include:amazonses.com ~all" "caf\\195\\169"'
        ),
    ]
    assert [r.logical_name for r in records] == [
        "a-www.example.com-f494ed41b9",
        "mx-example.com-856fe509e5",
        "srv-_sip._tcp.example.com-5a30292591",
        "txt-example.com-573b9e10b7",
    ]


@given(
    st.one_of(st.none(), st.text()),
    st.one_of(st.none(), st.integers(0, 65535), st.booleans(), st.floats(0, 10), st.text(max_size=3)),
)
def test_value_key_is_the_sorted_json_of_the_value(content, priority):
    record = CloudflareRecord(name="example.com", type="MX", ttl=300, content=content, priority=priority)
    assert record.value_key == json.dumps(
        {"content": content, "data": None, "priority": priority}, sort_keys=True, separators=(",", ":")
    )


def test_proxying_a_name_the_zone_does_not_have_is_an_error():
    t = translate(snapshot(rrset("www.example.com.", "A", "192.0.2.1")), [N("ww.example.com")])
    assert [(f.severity, f.code, f.subject, f.message) for f in t.findings] == [
        (
            "error",
            "proxied-unknown-name",
            "ww.example.com.",
            "migration:proxied names a name that has no record set in the zone",
        )
    ]
