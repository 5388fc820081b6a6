"""Labels written as A-labels (``xn--...``) that are not valid ones: every reader refuses them
naming the label and the reason (RFC 5891 section 5.4: an A-label must decode to a valid U-label).
Found by a review: ``xn--zz IN A 1.2.3.4`` and ``xn--a-b`` read as READY in both readers."""

from __future__ import annotations

import dns.name
import pytest

from migration.names import InternationalNameError, check_a_labels, from_route53
from migration.sources.bind import read_text
from tests.support.zones import IDN_HEAD, json_problems, zone_problems

PREFIX = "starts with xn-- but is not a valid A-label (RFC 5891 section 5.4: it must decode to a valid U-label)"
NOT_PUNYCODE = "what follows xn-- is not valid punycode (RFC 3492)"


@pytest.mark.parametrize(
    "label, reason",
    [
        ("xn--zz", NOT_PUNYCODE),
        ("xn--a-b", NOT_PUNYCODE),
        ("XN--A-B", NOT_PUNYCODE),  # the prefix in any case
        ("xn--abc", "Codepoint U+0082 at position 1 not allowed"),  # decodes to a control character
        ("xn--", "Malformed A-label, no Punycode eligible content found"),
    ],
)
def test_an_invalid_a_label_is_refused_by_every_reader_naming_it(label, reason):
    expected = f"the label '{label.lower()}' {PREFIX}: {reason}"  # both readers fold case first
    assert json_problems(f"{label}.example.org.") == [f"{label}.example.org. A: invalid owner name: {expected}"]
    assert zone_problems(f"{label} IN A 1.2.3.4\n") == [f"{label.lower()}.example.org. A: {expected}"]


def test_an_invalid_a_label_in_a_value_is_refused_in_every_reader():
    expected = f"the label 'xn--a-b' {PREFIX}: {NOT_PUNYCODE}"
    assert json_problems("c.example.org.", "CNAME", "xn--a-b.example.net.") == [
        f"c.example.org. CNAME: invalid CNAME value 'xn--a-b.example.net.': {expected}"
    ]
    assert json_problems("m.example.org.", "MX", "10 xn--a-b.example.net.") == [
        f"m.example.org. MX: invalid MX value '10 xn--a-b.example.net.': {expected}"
    ]
    assert zone_problems("c CNAME xn--a-b.example.net.\nm MX 10 xn--a-b.example.net.\n") == [
        f"c.example.org. CNAME: {expected}",
        f"m.example.org. MX: {expected}",
    ]

    # cli53's alias and routing lines, read apart from the rest of the file.
    assert zone_problems(
        "a 300 AWS ALIAS A xn--a-b.elb.amazonaws.com. Z35SXDOTRQ7X7K false\n"
        'w 300 IN CNAME xn--a-b.example.net. ; AWS routing="WEIGHTED" weight=1 identifier="One"\n'
    ) == [f"a.example.org. A: {expected}", f"w.example.org. CNAME: {expected}"]


def test_an_a_label_that_does_not_encode_back_to_itself_is_refused():
    # Punycode of "ab" as a whole is "ab-": the U-label is plain ASCII, which is never an A-label.
    with pytest.raises(InternationalNameError) as raised:
        check_a_labels(dns.name.from_text("xn--ab-.example.org."))
    assert str(raised.value).startswith(f"the label 'xn--ab-' {PREFIX}: ")


def test_valid_a_labels_are_read_in_any_case():
    assert str(from_route53("XN--STRAE-OQA.example.org.")) == "xn--strae-oqa.example.org."
    snap = read_text(IDN_HEAD + "xn--strae-oqa A 192.0.2.1\nc CNAME XN--BCHER-KVA.example.net.\n", "z.zone")
    assert [(str(rs.name), rs.values_text()) for rs in snap.record_sets[2:]] == [
        ("xn--strae-oqa.example.org.", ["192.0.2.1"]),
        ("c.example.org.", ["XN--BCHER-KVA.example.net."]),
    ]
