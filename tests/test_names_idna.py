"""International names: one rule (IDNA 2008, no UTS 46 mapping) in every reader, and Route53
escapes that are not three octal digits refused. Found by a new user's review: ``straße`` became
``strasse`` in a JSON export but ``xn--strae-oqa`` in a zone file, and ``ａ`` (fullwidth) silently
joined the record sets at ``a``."""

from __future__ import annotations

import dns.name
import pytest
from hypothesis import given
from hypothesis import strategies as st

from migration.errors import InputError
from migration.names import InternationalNameError, from_route53, zone_name
from migration.sources import inventory
from migration.sources.bind import read_text
from tests.support.zones import IDN_HEAD, json_problems, rrset, run, values, zone_problems

FULLWIDTH = (
    "the label 'ａ' is not a valid international name (IDNA 2008, RFC 5891): Codepoint U+FF41 at "
    "position 1 not allowed; mapped as browsers do (UTS 46) it would become 'a': write that if it "
    "is the name meant"
)


def test_sharp_s_is_the_same_a_label_in_every_reader():
    """IDNA 2008 keeps ß (IDNA 2003 folded it to ``ss``: another name)."""
    exported = run(
        rrset("straße.example.com.", "A", "192.0.2.1"), rrset("x.example.com.", "CNAME", "Straße.example.net.")
    )
    zone_file = read_text(IDN_HEAD + "straße A 192.0.2.1\nx CNAME straße.example.net.\n", "z.zone")
    assert values(exported.records) == [
        ("xn--strae-oqa.example.com", "A", 300, "192.0.2.1", None, None),
        ("x.example.com", "CNAME", 300, "xn--strae-oqa.example.net", None, None),
    ]
    a, cname = (r for r in zone_file.record_sets if r.rtype in ("A", "CNAME"))
    assert (str(a.name), str(cname.rdatas[0].target)) == ("xn--strae-oqa.example.org.", "xn--strae-oqa.example.net.")
    assert str(from_route53("STRAßE.example.org")) == "xn--strae-oqa.example.org."


def test_a_name_only_a_mapping_makes_valid_is_refused_naming_what_it_would_become():
    assert json_problems("ａ.example.org.") == [f"ａ.example.org. A: invalid owner name: {FULLWIDTH}"]
    assert zone_problems('a A 192.0.2.1\nａ TXT "x"\n') == [f"line 6: cannot read 'ａ TXT \"x\"': {FULLWIDTH}"]
    assert json_problems("x.example.org.", "CNAME", "bÜcher.example.org.") == [
        "x.example.org. CNAME: invalid CNAME value 'bÜcher.example.org.': the label 'bÜcher' is not a "
        "valid international name (IDNA 2008, RFC 5891): Codepoint U+00DC at position 2 not allowed; mapped "
        "as browsers do (UTS 46) it would become 'bücher', written xn--bcher-kva: write that if it is the "
        "name meant"
    ]


def test_invisible_characters_are_refused_with_the_real_reason_and_shown_escaped():
    assert json_problems("a\u200db.example.org.") == [
        "a\\u200db.example.org. A: invalid owner name: the label 'a\\u200db' is not a valid international "
        "name (IDNA 2008, RFC 5891): Joiner U+200D not allowed at position 2"
    ]
    assert json_problems("\u202eabc.example.org.") == [
        "\\u202eabc.example.org. A: invalid owner name: the label '\\u202eabc' is not a valid international "
        "name (IDNA 2008, RFC 5891): Codepoint U+202E at position 1 not allowed"
    ]


def test_the_unicode_directive_cannot_switch_the_rule():
    assert zone_problems("$UNICODE 2003\nstraße A 192.0.2.1\n") == [
        "line 5: $UNICODE is not read: international names are IDNA 2008 in every input "
        "(docs/route53-features.md, International names)"
    ]


def test_utf8_bytes_in_an_escape_get_the_idna_2008_punycode_hint():
    o = run(rrset("stra\\303\\237e.example.com.", "A", "192.0.2.1")).outcomes[0]
    assert o.reason == (
        "stra\\195\\159e.example.com. has characters Cloudflare cannot store in a name (it spells "
        "straße.example.com. in UTF-8; an international name is written in punycode: "
        "xn--strae-oqa.example.com.)"
    )


@pytest.mark.parametrize(
    "name, bad",
    [("a\\999.example.org.", "\\999"), ("a\\400.example.org.", "\\400"), ("a\\12.b.example.org.", "\\12.")],
)
def test_a_backslash_and_digits_that_are_no_octal_escape_are_refused(name, bad):
    assert json_problems(name) == [
        f"{name} A: invalid owner name: {bad} is not a Route53 escape (a backslash and three octal digits, "
        "\\000 to \\377)"
    ]


def test_escaped_backslash_before_digits_is_not_an_escape():
    assert from_route53("a\\\\999.example.org.").labels[0] == b"a\\999"
    assert from_route53("\\052.example.org.").labels[0] == b"*"


# Letters whose IDNA 2003 / UTS 46 treatment differs from IDNA 2008's.
_LETTERS = st.sampled_from(["a", "b", "ß", "ü", "Ü", "ａ", "\u200d", "ς", "-", "ẞ"])


@given(st.text(_LETTERS, min_size=1, max_size=6))
def test_json_and_zone_file_readers_agree_on_every_label(label):
    """One rule: the two readers give the same name, or both refuse with the same reason."""
    try:
        expected: object = from_route53(f"{label}.example.org.")
    except (InternationalNameError, dns.name.LabelTooLong) as exc:
        expected = str(exc)
    try:
        found = read_text(IDN_HEAD + f"{label} A 192.0.2.1\n", "z.zone").record_sets[-1].name
        got: object = found
    except InputError as err:
        got = err.problems[0].split(": ", 1)[1].split("': ", 1)[-1]
    if isinstance(expected, str) and not isinstance(got, str):
        raise AssertionError((label, expected, got))
    if not isinstance(expected, str):
        assert got == expected, label


def test_a_zone_name_idna_2008_refuses_is_an_input_error_in_every_file_naming_it():
    # zone_name promises ValueError; the IDNA refusal reached the inventory reader as a bare
    # exception (found by tests/test_sources_fuzz.py). Shown escaped, with IDNA's reason.
    with pytest.raises(ValueError) as raised:
        zone_name("\u0080.example.com.")
    assert str(raised.value) == (
        "'\\u0080.example.com.' is not a zone name: the label '\\u0080' is not a valid international name "
        "(IDNA 2008, RFC 5891): Codepoint U+0080 at position 1 not allowed"
    )
    document = {"inventoryVersion": inventory.INVENTORY_VERSION, "zone": "\u0080.example.com."}
    with pytest.raises(InputError) as refused:
        inventory.from_document(document, "zone.inventory.json")
    assert refused.value.problems == [f"zone: {raised.value}"]
    assert isinstance(InternationalNameError("x"), ValueError)
