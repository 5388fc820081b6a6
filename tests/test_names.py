"""The cheap name keys and owner texts the planner's indexes use stand exactly for dnspython's
own name equality and presentation text, and a value parsed once is shared, not changed."""

from __future__ import annotations

import dns.name
import pytest
from hypothesis import given
from hypothesis import strategies as st

from migration.errors import InputError
from migration.model import RecordSet
from migration.names import cloudflare_text, is_under, key, text, to_cloudflare
from migration.sources.bind import read_text
from migration.sources.route53_json import record_sets_from_raw
from tests.support.zones import rrset, run, values

# Labels mixing case, digits, hyphens, underscores, and bytes that need escapes.
LABEL = st.binary(min_size=1, max_size=8).filter(lambda b: b"\x00" not in b) | st.sampled_from(
    [b"www", b"WWW", b"Www", b"_dmarc", b"*", b"a-b", b"x.y"]
)
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
    raws = [
        {"Name": f"{host}.example.com.", "Type": "TXT", "TTL": 300, "ResourceRecords": [{"Value": spf}]}
        for host in ("a", "b")
    ]
    a, b = record_sets_from_raw(raws, zone, "test")
    assert a.rdatas[0] is b.rdatas[0]
    assert a.rdatas[0].strings == (b"v=spf1 include:amazonses.com ~all",)


def test_identical_names_are_decoded_once_and_shared():
    zone = dns.name.from_text("example.com.")
    elb = {"HostedZoneId": "Z35SXDOTRQ7X7K", "DNSName": "lb-1.us-east-1.elb.amazonaws.com."}
    raws = [
        {"Name": "www.example.com.", "Type": "A", "AliasTarget": elb},
        {"Name": "WWW.example.com", "Type": "AAAA", "AliasTarget": elb},
        {"Name": "www.example.com.", "Type": "TXT", "TTL": 300, "ResourceRecords": [{"Value": '"x"'}]},
    ]
    a, aaaa, txt = record_sets_from_raw(raws, zone, "test")
    assert a.name is txt.name and a.alias.dns_name is aaaa.alias.dns_name
    assert aaaa.name == a.name == dns.name.from_text("www.example.com.")


@pytest.mark.parametrize(
    "route53,cloudflare",
    [
        ("\\052.example.com.", "*.example.com"),  # octal wildcard
        ("WWW.Example.COM.", "www.example.com"),  # upper case
        ("www.example.com", "www.example.com"),  # missing trailing dot
        ("xn--bcher-kva.example.com.", "xn--bcher-kva.example.com"),  # IDN stays punycode
    ],
)
def test_owner_names(route53, cloudflare):
    t = run(rrset(route53, "A", "192.0.2.1"))
    assert values(t.records) == [(cloudflare, "A", 300, "192.0.2.1", None, None)]


def test_non_ascii_bytes_in_a_name_are_refused():
    t = run(rrset("caf\\303\\251.example.com.", "A", "192.0.2.1"))
    o = t.outcomes[0]
    assert (o.status, o.reason) == (
        "refused",
        "caf\\195\\169.example.com. has characters Cloudflare cannot store "
        "in a name (it spells café.example.com. in UTF-8; an international "
        "name is written in punycode: xn--caf-dma.example.com.)",
    )


def test_names_in_international_characters_become_punycode_in_every_reader():
    """Route53's answers are ASCII; a hand-written export with ``café`` used to be refused as
    owner name while the same name as a CNAME target, or anywhere in a zone file, became punycode."""
    t = run(rrset("café.example.com.", "A", "192.0.2.1"), rrset("x.example.com.", "CNAME", "bücher.example.net."))
    zone_file = read_text(
        "$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1.example.net.\n"
        "café A 192.0.2.1\nx CNAME bücher.example.net.\n",
        "zone file",
    )
    assert values(t.records) == [
        ("xn--caf-dma.example.com", "A", 300, "192.0.2.1", None, None),
        ("x.example.com", "CNAME", 300, "xn--bcher-kva.example.net", None, None),
    ]
    assert [(str(r.name), r.rtype) for r in zone_file.record_sets if r.rtype in ("A", "CNAME")] == [
        ("xn--caf-dma.example.com.", "A"),
        ("x.example.com.", "CNAME"),
    ]
    assert str(zone_file.record_sets[-1].rdatas[0].target) == "xn--bcher-kva.example.net."


@pytest.mark.parametrize(
    "rtype, value, target",
    [
        ("CNAME", "a\\\\b.example.net.", "a\\\\b.example.net."),  # an escaped backslash in a label
        ("CNAME", "a\\.b.example.net.", "a\\.b.example.net."),  # a dot inside a label
        ("MX", "10 caf\\195\\169.example.net.", "caf\\195\\169.example.net."),
        ("SRV", "0 5 5060 sip\\032x.example.net.", "sip\\032x.example.net."),
    ],
)
def test_a_target_only_an_escape_can_spell_is_refused(rtype, value, target):
    hint = (
        " (it spells café.example.net. in UTF-8; an international name is written in punycode: "
        "xn--caf-dma.example.net.)"
        if rtype == "MX"
        else ""
    )
    t = run(rrset("x.example.com.", rtype, value))
    o = t.outcomes[0]
    assert (o.status, o.reason, t.records) == (
        "refused",
        f"the target {target} has characters Cloudflare cannot store in a name{hint}",
        (),
    )


def test_name_outside_the_zone_is_an_input_error():
    with pytest.raises(InputError) as err:
        run(rrset("www.example.org.", "A", "192.0.2.1"))
    assert err.value.problems == ["www.example.org. A: the name is outside the zone example.com."]


def test_a_name_without_upper_case_letters_is_keyed_by_its_own_labels():
    # No tuple made per name (issue 17: 3.6 MiB at 50,000 record sets); one with an upper-case letter gets its own.
    name = dns.name.from_text("mail.example.com.")
    assert key(name) is name.labels
    assert key(dns.name.from_text("Mail.example.com.")) == name.labels
