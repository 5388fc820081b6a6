"""The cheap name keys and owner texts the planner's indexes use stand exactly for dnspython's
own name equality and presentation text, and a value parsed once is shared, not changed."""

from __future__ import annotations

import dns.name
import pytest
from hypothesis import given
from hypothesis import strategies as st

from migration.model import RecordSet
from migration.names import cloudflare_text, is_under, key, text, to_cloudflare
from migration.sources.route53_json import record_sets_from_raw

# Labels mixing case, digits, hyphens, underscores, and bytes that need escapes.
LABEL = st.binary(min_size=1, max_size=8).filter(lambda b: b"\x00" not in b) | st.sampled_from(
    [b"www", b"WWW", b"Www", b"_dmarc", b"*", b"a-b", b"x.y"])
NAME = st.lists(LABEL, min_size=0, max_size=4).map(lambda labels: dns.name.Name([*labels, b""]))
RELATIVE = st.lists(LABEL, min_size=0, max_size=4).map(dns.name.Name)


@given(NAME | RELATIVE, st.booleans())
def test_text_is_dnspythons_presentation_text(name, omit_final_dot):
    assert text(name, omit_final_dot) == name.to_text(omit_final_dot=omit_final_dot)


def test_text_of_plain_and_special_names():
    assert text(dns.name.from_text("*.Mail-1._tcp.example.com.")) == "*.Mail-1._tcp.example.com."
    assert text(dns.name.from_text("www.example.com."), omit_final_dot=True) == "www.example.com"
    assert text(dns.name.Name([b"a.b", b"com", b""])) == "a\\.b.com."
    assert text(dns.name.Name([b"caf\xc3\xa9", b""])) == "caf\\195\\169."
    assert (text(dns.name.root), text(dns.name.root, True), text(dns.name.empty)) == (".", ".", "@")


@given(NAME, NAME, st.booleans())
def test_is_under_is_dnspythons_is_subdomain(name, zone, related):
    if related:  # also names truly under the zone, which random pairs rarely are
        name = dns.name.Name(name.labels[:-1] + tuple(label.upper() for label in zone.labels))
    assert is_under(name, zone) == name.is_subdomain(zone)


@given(NAME, NAME)
def test_keys_are_equal_exactly_when_names_are(a, b):
    assert (key(a) == key(b)) == (a == b)


@given(NAME)
def test_a_name_and_its_upper_case_spelling_share_a_key(name):
    upper = dns.name.Name([label.upper() for label in name.labels])
    assert key(upper) == key(name)
    assert upper == name


@given(NAME)
def test_cloudflare_text_of_rendered_owner_is_to_cloudflare(name):
    expected = name.to_text(omit_final_dot=True)
    if "\\" in expected:  # a byte only an escape can express: Cloudflare cannot store the name
        for convert in (lambda: cloudflare_text(name.to_text()), lambda: to_cloudflare(name)):
            with pytest.raises(ValueError, match="characters Cloudflare cannot store"):
                convert()
    else:
        assert cloudflare_text(name.to_text()) == expected == to_cloudflare(name)


def test_record_set_owner_texts():
    rs = RecordSet(name=dns.name.from_text("Mail.Example.com."), rtype="MX")
    assert rs.owner_text == "Mail.Example.com."
    assert rs.cloudflare_name == "Mail.Example.com"
    assert rs.label == "Mail.Example.com. MX"
    assert rs.name_key == (b"mail", b"example", b"com", b"")
    assert rs.index_key == ((b"mail", b"example", b"com", b""), "MX", None)
    assert RecordSet(name=dns.name.root, rtype="NS").cloudflare_name == "."


def test_identical_values_are_parsed_once_and_shared():
    zone = dns.name.from_text("example.com.")
    spf = '"v=spf1 include:amazonses.com ~all"'
    raws = [{"Name": f"{host}.example.com.", "Type": "TXT", "TTL": 300, "ResourceRecords": [{"Value": spf}]}
            for host in ("a", "b")]
    a, b = record_sets_from_raw(raws, zone, "test")
    assert a.rdatas[0] is b.rdatas[0]
    assert a.rdatas[0].strings == (b"v=spf1 include:amazonses.com ~all",)


def test_identical_names_are_decoded_once_and_shared():
    zone = dns.name.from_text("example.com.")
    elb = {"HostedZoneId": "Z35SXDOTRQ7X7K", "DNSName": "lb-1.us-east-1.elb.amazonaws.com."}
    raws = [{"Name": "www.example.com.", "Type": "A", "AliasTarget": elb},
            {"Name": "WWW.example.com", "Type": "AAAA", "AliasTarget": elb},
            {"Name": "www.example.com.", "Type": "TXT", "TTL": 300, "ResourceRecords": [{"Value": '"x"'}]}]
    a, aaaa, txt = record_sets_from_raw(raws, zone, "test")
    assert a.name is txt.name and a.alias.dns_name is aaaa.alias.dns_name
    assert aaaa.name == a.name == dns.name.from_text("www.example.com.")
