"""Values in the form Cloudflare stores them (migration/translate/values.py, ``stored_form``): every
type the planner writes is declared in Cloudflare's normal form, so a second preview shows no change."""

from __future__ import annotations

import pytest

from migration.model import HOST_FIELDS, stored_form
from migration.translate import translate
from migration.translate.values import CONVERTERS, PUBLISHED_TYPE
from tests.support.zones import rrset, snapshot

MIXED_CASE = {
    "A": "192.0.2.1",
    "AAAA": "2001:DB8::A",
    "CNAME": "MyApp-Env.eba-Abc123.us-east-1.ElasticBeanstalk.com.",
    "MX": "1 ASPMX.L.GOOGLE.COM.",
    "TXT": '"Hello World" "v=DKIM1; p=ABC"',
    "SPF": '"v=spf1 Include:Mail.Example.COM ~all"',
    "SRV": "10 5 5060 SIP.Example.NET.",
    "CAA": '0 issue "LetsEncrypt.org"',
    "NS": "NS1.Example.NET.",
    "PTR": "Host.Example.NET.",
    "NAPTR": '100 10 "S" "SIP+D2U" "!^.*$!sip:Info@Example.COM!" _sip._udp.Example.COM.',
    "HTTPS": '1 Svc.Example.NET. alpn="h2,h3"',
    "SVCB": '1 Svc.Example.NET. port="8443"',
    "TLSA": "3 1 1 " + "AB" * 32,
    "SSHFP": "1 1 " + "AB" * 20,
    "DS": "12345 13 2 " + "AB" * 32,
}


DECLARED = {
    "A": ("192.0.2.1", None),
    "AAAA": ("2001:db8::a", None),
    "CNAME": ("myapp-env.eba-abc123.us-east-1.elasticbeanstalk.com", None),
    "MX": ("aspmx.l.google.com", None),
    "TXT": ('"Hello World" "v=DKIM1; p=ABC"', None),
    "SPF": ('"v=spf1 Include:Mail.Example.COM ~all"', None),
    "SRV": (None, {"port": 5060, "priority": 10, "target": "sip.example.net", "weight": 5}),
    "CAA": (None, {"flags": 0, "tag": "issue", "value": "LetsEncrypt.org"}),
    "NS": ("ns1.example.net", None),
    "PTR": ("host.example.net", None),
    "NAPTR": (
        None,
        {
            "flags": "S",
            "order": 100,
            "preference": 10,
            "regex": "!^.*$!sip:Info@Example.COM!",
            "replacement": "_sip._udp.example.com",
            "service": "SIP+D2U",
        },
    ),
    "HTTPS": (None, {"priority": 1, "target": "svc.example.net", "value": 'alpn="h2,h3"'}),
    "SVCB": (None, {"priority": 1, "target": "svc.example.net", "value": 'port="8443"'}),
    "TLSA": (None, {"certificate": "ab" * 32, "matching_type": 1, "selector": 1, "usage": 3}),
    "SSHFP": (None, {"algorithm": 1, "fingerprint": "ab" * 20, "type": 1}),
    "DS": (None, {"algorithm": 13, "digest": "ab" * 32, "digest_type": 2, "key_tag": 12345}),
}


def test_every_type_the_planner_writes_is_covered():
    assert set(MIXED_CASE) == set(DECLARED) == set(CONVERTERS)


@pytest.mark.parametrize("rtype", sorted(CONVERTERS))
def test_each_type_is_declared_in_cloudflares_normal_form(rtype):
    name = "_sip._tcp.example.com." if rtype in ("SRV", "NAPTR") else "x.example.com."
    raws = [rrset(name, rtype, MIXED_CASE[rtype])]
    if rtype == "DS":
        raws.append(rrset(name, "NS", "ns1.example.net."))
    t = translate(snapshot(*raws))
    (record,) = [r for r in t.records if r.type == PUBLISHED_TYPE.get(rtype, rtype)]
    assert (record.content, dict(record.data) if record.data else None) == DECLARED[rtype]
    # The normal form is a fixed point: what is declared is what Cloudflare gives back.
    assert stored_form(record.type, record.content, record.data) == (record.content, record.data)


def test_stored_form_lowers_only_the_host_name_field():
    assert stored_form("MX", "MX1.Example.COM", None) == ("mx1.example.com", None)
    assert stored_form("TXT", '"ABC"', None) == ('"ABC"', None)
    assert stored_form("CAA", None, (("flags", 0), ("tag", "issue"), ("value", "LetsEncrypt.org"))) == (
        None,
        (("flags", 0), ("tag", "issue"), ("value", "LetsEncrypt.org")),
    )
    assert stored_form("NAPTR", None, (("regex", "!A!B!"), ("replacement", "X.Example."))) == (
        None,
        (("regex", "!A!B!"), ("replacement", "x.example.")),
    )
    # DNS folds ASCII letters only (RFC 4343): a non-ASCII letter is not a case variant.
    assert stored_form("CNAME", "CAFÉ.example", None) == ("cafÉ.example", None)
    assert set(HOST_FIELDS) == {"CNAME", "MX", "NS", "PTR", "SRV", "HTTPS", "SVCB", "NAPTR"}
