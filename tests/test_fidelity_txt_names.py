"""TXT edge cases and owner names: exact Cloudflare content, or the exact refusal / input error."""

from __future__ import annotations

import pytest

from migration.errors import InputError
from migration.sources.bind import read_text
from tests.support.zones import outcome, rrset, run, values

N = "t.example.com"


@pytest.mark.parametrize("route53,content", [
    ('"say \\"hi\\""', '"say \\"hi\\""'),                    # quotes
    ('"back\\\\slash"', '"back\\\\slash"'),                  # backslashes
    ('"a;b; c"', '"a;b; c"'),                                # semicolons are ordinary
    ('""', '""'),                                            # empty string
    ('"a" "b"', '"a" "b"'),                                  # several strings, separated
    ('"a""b"', '"a" "b"'),                                   # adjacent, as Route53 has returned them
    ("unquoted", '"unquoted"'),                              # unquoted text
    ('"caf\\195\\169"', '"caf\\195\\169"'),                  # decimal escapes of UTF-8 bytes
])
def test_txt_content_is_what_the_api_returns(route53, content):
    t = run(rrset(N, "TXT", route53))
    assert values(t.records) == [(N, "TXT", 300, content, None, None)]


@pytest.mark.parametrize("size,strings", [(254, [254]), (255, [255]), (256, [255, 1]), (510, [255, 255]),
                                          (511, [255, 255, 1])])
def test_255_byte_string_boundary(size, strings):
    # A Route53 value of more than 255 bytes must already be split into strings of at most 255.
    chunks = ["x" * n for n in strings]
    t = run(rrset(N, "TXT", " ".join(f'"{c}"' for c in chunks)))
    assert t.records[0].content == " ".join(f'"{c}"' for c in chunks)
    assert sum(strings) == size


def test_a_single_string_over_255_bytes_is_an_input_error():
    with pytest.raises(InputError) as err:
        run(rrset(N, "TXT", '"' + "x" * 256 + '"'))
    assert err.value.problems == [
        f't.example.com. TXT: invalid TXT value \'"{"x" * 59}... (258 characters)\': a quoted string holds at most '
        '255 bytes (RFC 1035 section 3.3); split the value into several quoted strings ("..." "...")']


def test_txt_record_over_2048_characters_is_refused_with_the_numbers():
    value = " ".join(['"' + "x" * 255 + '"'] * 8 + ['"xx"'])  # 8*257 + 7 spaces + 5 = 2068 characters
    t = run(rrset(N, "TXT", value))
    o = outcome(t, f"{N}. TXT")
    assert (o.status, t.records) == ("refused", ())
    assert o.reason == ("a TXT value is 2068 characters as Cloudflare stores it (quoted strings); Cloudflare allows "
                        "at most 2,048 a record: shorten it or split it over several names")


def test_txt_of_one_name_over_8192_characters_is_refused_with_the_numbers():
    value = " ".join(['"' + "y" * 255 + '"'] * 7)  # 7*257 + 6 = 1805 characters each
    t = run(rrset(N, "TXT", *[value.replace("y", c, 1) for c in "abcde"]))
    o = outcome(t, f"{N}. TXT")
    assert o.status == "refused"
    assert o.reason == f"the TXT records of {N}. total 9025 characters; Cloudflare allows at most 8,192 for one name"


@pytest.mark.parametrize("route53,cloudflare", [
    ("\\052.example.com.", "*.example.com"),                 # octal wildcard
    ("WWW.Example.COM.", "www.example.com"),                 # upper case
    ("www.example.com", "www.example.com"),                  # missing trailing dot
    ("xn--bcher-kva.example.com.", "xn--bcher-kva.example.com"),  # IDN stays punycode
])
def test_owner_names(route53, cloudflare):
    t = run(rrset(route53, "A", "192.0.2.1"))
    assert values(t.records) == [(cloudflare, "A", 300, "192.0.2.1", None, None)]


def test_non_ascii_bytes_in_a_name_are_refused():
    t = run(rrset("caf\\303\\251.example.com.", "A", "192.0.2.1"))
    o = t.outcomes[0]
    assert (o.status, o.reason) == ("refused", "caf\\195\\169.example.com. has characters Cloudflare cannot store "
                                               "in a name (it spells café.example.com. in UTF-8; an international "
                                               "name is written in punycode: xn--caf-dma.example.com.)")


def test_names_in_international_characters_become_punycode_in_every_reader():
    """Route53's answers are ASCII; a hand-written export with ``café`` used to be refused as
    owner name while the same name as a CNAME target, or anywhere in a zone file, became punycode."""
    t = run(rrset("café.example.com.", "A", "192.0.2.1"), rrset("x.example.com.", "CNAME", "bücher.example.net."))
    zone_file = read_text("$ORIGIN example.com.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1.example.net.\n"
                               "café A 192.0.2.1\nx CNAME bücher.example.net.\n", "zone file")
    assert values(t.records) == [("xn--caf-dma.example.com", "A", 300, "192.0.2.1", None, None),
                                 ("x.example.com", "CNAME", 300, "xn--bcher-kva.example.net", None, None)]
    assert [(str(r.name), r.rtype) for r in zone_file.record_sets if r.rtype in ("A", "CNAME")] == [
        ("xn--caf-dma.example.com.", "A"), ("x.example.com.", "CNAME")]
    assert str(zone_file.record_sets[-1].rdatas[0].target) == "xn--bcher-kva.example.net."


def test_name_outside_the_zone_is_an_input_error():
    with pytest.raises(InputError) as err:
        run(rrset("www.example.org.", "A", "192.0.2.1"))
    assert err.value.problems == ["www.example.org. A: the name is outside the zone example.com."]


@pytest.mark.parametrize("rtype, value, target", [
    ("CNAME", "a\\\\b.example.net.", "a\\\\b.example.net."),        # an escaped backslash in a label
    ("CNAME", "a\\.b.example.net.", "a\\.b.example.net."),          # a dot inside a label
    ("MX", "10 caf\\195\\169.example.net.", "caf\\195\\169.example.net."),
    ("SRV", "0 5 5060 sip\\032x.example.net.", "sip\\032x.example.net."),
])
def test_a_target_only_an_escape_can_spell_is_refused(rtype, value, target):
    hint = (" (it spells café.example.net. in UTF-8; an international name is written in punycode: "
            "xn--caf-dma.example.net.)" if rtype == "MX" else "")
    t = run(rrset("x.example.com.", rtype, value))
    o = t.outcomes[0]
    assert (o.status, o.reason, t.records) == (
        "refused", f"the target {target} has characters Cloudflare cannot store in a name{hint}", ())
