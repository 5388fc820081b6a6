"""The read's fast path (issue 17): record sets of the common shapes, and owner names spelled as
Route53 spells them, are decoded without the general checks (migration/sources/route53_json.py,
``_plain_record_set`` and ``Parsed.owner``). It must decide nothing the general path would not:
where it decodes a record set, the general path decodes the same one with no problem; anything
else is left to the general path, which words the problem. Generated record sets, good and bad,
compare the two."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Any

import dns.name
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from migration.errors import InputError
from migration.model import RecordSet
from migration.names import from_route53, is_under
from migration.sources import route53_json
from migration.sources.route53_json import Parsed, record_set_from_raw, record_sets_from_raw

ZONE = dns.name.from_text("example.com.")

_LABEL = st.from_regex(r"[a-z0-9_*-]{1,6}", fullmatch=True) | st.sampled_from(
    ["www", "WWW", "xn--strae-oqa", "xn--bad", "_tcp", "a" * 64, "a\\.b", "\\052", "\\999", "caf\\303\\251", "", " x"]
)
_SUFFIX = st.sampled_from(
    ["example.com.", "example.com", "Example.com.", "example.org.", "xexample.com.", "com.", "", "."]
)
# Owner names: mostly plain labels under the zone, with every kind of spelling the general path
# reads differently or refuses mixed in.
OWNER = st.tuples(st.lists(_LABEL, max_size=4), _SUFFIX).map(lambda parts: ".".join([*parts[0], parts[1]])) | (
    st.sampled_from(
        [5, None, "example.com.", "\\052.example.com.", "\\052.a.example.com.", "a" * 250 + ".example.com."]
    )
)
PLAIN_OWNER = st.lists(st.from_regex(r"[a-z0-9_-]{1,20}", fullmatch=True), max_size=4).map(
    lambda labels: ".".join([*labels, "example.com."])
)


def _same_name(made: dns.name.Name, expected: dns.name.Name) -> None:
    # Labels compared as bytes: dnspython's == ignores case, the plan's texts do not.
    assert made.labels == expected.labels


# A zone with a label holding a dot: three labels, spelled as four.
DOTTED_ZONE = from_route53("a\\.b.example.")


@given(OWNER, st.sampled_from([ZONE, None, dns.name.from_text("xn--strae-oqa.example."), dns.name.root, DOTTED_ZONE]))
# Found by comparing plans with the code before the fast path (5b342b5): the first was read as
# www.a\.b.example. (under the zone), which is four labels and outside it; the second, an empty
# label after the wildcard, as the root's wildcard.
@example(text="www.a.b.example.", zone=DOTTED_ZONE)
@example(text="\\052..", zone=None)
def test_an_owner_told_by_its_spelling_is_the_name_the_general_path_reads(text, zone):
    made = Parsed(zone).owner(text)
    if made is None:
        return
    _same_name(made, from_route53(text))
    assert zone is None or is_under(made, zone)


def test_a_name_spelled_as_under_a_zone_whose_label_holds_a_dot_is_outside_it():
    with pytest.raises(InputError) as raised:
        record_sets_from_raw([_values(name="www.a.b.example.")], DOTTED_ZONE, "zone.json")
    assert raised.value.problems == ["www.a.b.example. A: the name is outside the zone a\\.b.example."]


@given(PLAIN_OWNER, st.booleans())
def test_owner_names_as_route53_writes_them_take_the_fast_path(text, wildcard):
    text = f"\\052.{text}" if wildcard else text
    parsed = Parsed(ZONE)
    made = parsed.owner(text)
    assert made is not None
    _same_name(made, from_route53(text))
    assert parsed.owner(text) is made  # once per read
    assert made.labels[-3:] == ZONE.labels


def test_a_host_name_spelled_as_an_owner_name_is_that_name():
    parsed = Parsed(ZONE)
    owner = parsed.owner("host1.example.com.")
    cname = parsed.rdata("CNAME", "host1.example.com.")
    assert cname.target is owner
    # Upper case is kept in a value's host name, so that one is made as it is spelled.
    assert parsed.rdata("CNAME", "Host1.example.com.").target.labels == (b"Host1", b"example", b"com", b"")


# Values by type: the first of each is good, the others are spelled otherwise or refused.
_VALUES = {
    "A": ["192.0.2.1", "192.0.2.01", "1.2.3", "::1", "192.0.2.1 x"],
    "AAAA": ["2001:db8::1", "2001:DB8::0:1", "192.0.2.1", "2001:db8::g"],
    "CNAME": ["host1.example.com.", "Host1.Example.com", "@", "a..b.", "xn--bad.example.", "a" * 64 + "."],
    "MX": ["10 mx.example.net.", "70000 mx.example.net.", "10 @", "x mx.example.net."],
    "SRV": ["10 5 5060 sip.example.net.", "1 2 99999 sip.example.net.", "1 2 3"],
    "TXT": ['"v=spf1 -all"', '"a" "b"', '"caf\\303\\251"', "unquoted", '"' + "x" * 256 + '"'],
    "CAA": ['0 issue "amazon.com"', "0 issue"],
    "NS": ["ns1.example.net.", "ns1.example.net. extra"],
    "SOA": ["ns1.example.net. hostmaster.example.com. 1 7200 900 1209600 86400", "SOA MALFORMED"],
    "PTR": ["host.example.com."],
    "SPF": ['"v=spf1 -all"'],
    "DS": ["12345 13 2 " + "ab" * 32, "12345 13 2 zz"],
}


def _mostly(good: st.SearchStrategy[Any], other: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """``good`` four times in five, else ``other``: each part of a record set is wrong now and then,
    so that the fast path sees good record sets as well as every kind of bad one."""
    return st.integers(0, 4).flatmap(lambda n: other if n == 0 else good)


_TYPE = _mostly(st.sampled_from(sorted(_VALUES)), st.sampled_from(["a", " MX", "XYZ", 5, None]))
_TTL = _mostly(st.integers(0, 2**31 - 1), st.sampled_from([-1, 2**31, True, None, "300", 1.5]))


@st.composite
def raw_record_sets(draw: Any) -> Any:
    rtype = draw(_TYPE)
    raw: dict[str, Any] = {"Name": draw(_mostly(PLAIN_OWNER, OWNER)), "Type": rtype}
    if draw(st.booleans()):
        target: dict[str, Any] = {
            "HostedZoneId": draw(_mostly(st.just("Z2FDTNDATAQYW2"), st.sampled_from([" Z1 ", 5]))),
            "DNSName": draw(
                _mostly(
                    st.sampled_from(["d1.cloudfront.net.", "host1.example.com.", "Host1.example.com"]),
                    st.sampled_from(["a..b.", "", 5, "xn--bad.example."]),
                )
            ),
        }
        if draw(st.booleans()):
            target["EvaluateTargetHealth"] = draw(_mostly(st.booleans(), st.sampled_from(["false", 0, None])))
        if draw(st.integers(0, 9)) == 0:
            target["Extra"] = 1
        raw["AliasTarget"] = draw(_mostly(st.just(target), st.just("x")))
    else:
        if draw(st.integers(0, 9)) > 0:
            raw["TTL"] = draw(_TTL)
        pool = _VALUES.get(rtype, ["x"]) if isinstance(rtype, str) else ["x"]
        good = st.lists(st.just(pool[0]), min_size=1, max_size=2)
        entries = draw(_mostly(good, st.lists(st.sampled_from(pool), max_size=3)))
        records: Any = [{"Value": value} for value in entries]
        if draw(st.integers(0, 9)) == 0:
            records = draw(st.sampled_from([[{"Value": 5}], ["192.0.2.1"], "192.0.2.1", [{"value": "x"}], None]))
        raw["ResourceRecords"] = records
    if draw(st.integers(0, 9)) == 0:
        key, value = draw(
            st.sampled_from([("SetIdentifier", "a"), ("Weight", 10), ("HealthCheckId", 5), ("Colour", "red")])
        )
        raw[key] = value
    return raw if draw(st.integers(0, 19)) else draw(st.sampled_from([[raw], "x", None]))


def _general(raw: Any, zone: dns.name.Name | None) -> tuple[Any, list[str]]:
    problems: list[str] = []
    return record_set_from_raw(raw, zone, problems, Parsed(zone)), problems


def _same_record_set(made: Any, expected: Any) -> None:
    assert made == expected
    _same_name(made.name, expected.name)
    assert [r.to_text() for r in made.rdatas] == [r.to_text() for r in expected.rdatas]
    if made.alias is not None:
        _same_name(made.alias.dns_name, expected.alias.dns_name)


def _values(name: Any = "a.example.com.", ttl: Any = 300, value: Any = "192.0.2.1", **extra: Any) -> dict[str, Any]:
    return {"Name": name, "Type": "A", "TTL": ttl, "ResourceRecords": [{"Value": value}], **extra}


def _alias(health: Any = False, **extra: Any) -> dict[str, Any]:
    target = {"HostedZoneId": "Z2FDTNDATAQYW2", "DNSName": "d1.cloudfront.net.", "EvaluateTargetHealth": health}
    return {"Name": "a.example.com.", "Type": "A", "AliasTarget": {**target, **extra}}


# Each a record set with one part the general path refuses, or reads otherwise than a plain spelling
# (a name without its final dot): the generated ones find these rarely.
_EDGES = [
    _values(ttl=-1),
    _values(ttl=2**31),
    _values(ttl=True),
    _values(ttl=None),
    _values(name="xexample.com."),
    _values(name="a.xexample.com."),
    _values(name="wwwexample.com."),
    _values(name="a.example.com"),
    _values(name="A.example.com."),
    _values(name="a..example.com."),
    _values(name=".example.com."),
    _values(name="a" * 64 + ".example.com."),
    _values(name=".".join(["a" * 60] * 5) + ".example.com."),
    _values(name="xn--bad.example.com."),
    _values(name="\\052example.com."),
    _values(value="192.0.2.01"),
    _values(value=5),
    {**_values(), "Type": "a"},
    {**_values(), "ResourceRecords": []},
    _values(SetIdentifier="a"),
    _alias(health="false"),
    _alias(health=0),
    _alias(Extra=1),
    {**_alias(), "TTL": 300},
]


@settings(max_examples=300)
@given(raw_record_sets(), st.sampled_from([ZONE, None]))
@example(raw=_values(), zone=ZONE)  # taken by the fast path, as the generated ones often are
@example(raw=_alias(), zone=ZONE)
def test_the_fast_path_decodes_only_what_the_general_path_decodes_and_the_same(raw, zone):
    made = route53_json._plain_record_set(raw, Parsed(zone))
    if made is None:
        return
    expected, problems = _general(raw, zone)
    assert problems == []
    _same_record_set(made, expected)


@pytest.mark.parametrize("raw", _EDGES)
def test_the_fast_path_leaves_every_record_set_the_general_path_refuses_or_reads_otherwise(raw):
    assert route53_json._plain_record_set(raw, Parsed(ZONE)) is None


_GOOD_VALUES = {
    "A": "192.0.2.1",
    "AAAA": "2001:db8::1",
    "CNAME": "Host1.example.com.",
    "MX": "10 mx.example.net.",
    "SRV": "10 5 5060 sip.example.net.",
    "TXT": '"v=spf1 -all" "x"',
    "NS": "ns1.example.net.",
    "CAA": '0 issue "amazon.com"',
}


@given(PLAIN_OWNER, st.sampled_from(sorted(_GOOD_VALUES)), st.integers(0, 2**31 - 1), st.booleans())
def test_record_sets_as_route53_writes_them_take_the_fast_path(owner, rtype, ttl, is_alias):
    if is_alias:
        target = {"HostedZoneId": "Z2FDTNDATAQYW2", "DNSName": "d1.cloudfront.net.", "EvaluateTargetHealth": False}
        raw: dict[str, Any] = {"Name": owner, "Type": rtype, "AliasTarget": target}
    else:
        raw = {"Name": owner, "Type": rtype, "TTL": ttl, "ResourceRecords": [{"Value": _GOOD_VALUES[rtype]}]}
    made = route53_json._plain_record_set(raw, Parsed(ZONE))
    assert made is not None
    _same_record_set(made, _general(raw, ZONE)[0])


def test_a_record_set_given_its_defaults_is_the_one_made_without_them():
    # RecordSet.__init__ sets only the fields given other values than their defaults (issue 17).
    name = dns.name.from_text("a.example.com.")
    made = RecordSet(name, "A")
    given_all = RecordSet(name=name, rtype="A", ttl=None, rdatas=(), alias=None, routing=None)
    assert (made, hash(made), repr(made)) == (given_all, hash(given_all), repr(given_all))
    assert repr(made) == (
        "RecordSet(name=<DNS name a.example.com.>, rtype='A', ttl=None, rdatas=(), alias=None, routing=None)"
    )
    assert dataclasses.replace(made, ttl=60).ttl == 60 and pickle.loads(pickle.dumps(made)) == made
    with pytest.raises(dataclasses.FrozenInstanceError):
        made.ttl = 60  # type: ignore[misc]


@settings(max_examples=100)
@given(st.lists(raw_record_sets(), max_size=8))
# A host name spelled as an alias target is, in another case: the value keeps its case.
@example(
    raws=[
        {**_alias(), "AliasTarget": {"HostedZoneId": "Z1", "DNSName": "Host1.Example.com"}},
        _values(name="c.example.com.", value="Host1.Example.com") | {"Type": "CNAME"},
    ]
)
def test_one_read_decodes_each_record_set_as_a_read_of_it_alone(raws):
    # One Parsed is shared by a read's record sets (a value's host name taken from an owner name,
    # values cached per type); the tests above give each record set its own.
    alone = [_general(raw, ZONE) for raw in raws]
    problems = [problem for _, found in alone for problem in found]
    if problems:
        with pytest.raises(InputError) as raised:
            record_sets_from_raw(raws, ZONE, "zone.json")
        assert raised.value.problems == problems
        return
    together = record_sets_from_raw(raws, ZONE, "zone.json")
    expected = [made for made, _ in alone if made is not None]
    for made, want in zip(together, expected, strict=True):
        _same_record_set(made, want)
