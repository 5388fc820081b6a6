"""Route53 JSON as a source (migration/sources/route53_json.py): Route53's own spelling of values
(octal escapes in TXT, record sets without a TTL), and files that are not a whole, valid listing:
one error line naming the file and every bad record set, exit status 2.

Route53 developer guide, "Supported DNS record types", TXT record format: bytes outside octal
040..176 are written as three-digit octal escapes (``\\303\\251`` is UTF-8 ``é``), ``\\\\`` and
``\\"`` as in zone files. The values below are written in that format (moto stores whatever it
is given, so it cannot show what Route53 returns).
"""

from __future__ import annotations

import json

import dns.name
import dns.rdata
import pytest
from hypothesis import given
from hypothesis import strategies as st

from migration.errors import InputError
from migration.sources import files, route53_json
from migration.sources.route53_json import RECORD_SET_KEYS, parse_rdata
from migration.translate import translate
from tests.support.cli import plan_argv, plan_process, run
from tests.support.zones import rrset, snapshot


@pytest.mark.parametrize(
    "value, strings, content",
    [
        ('"caf\\303\\251"', (b"caf\xc3\xa9",), '"caf\\195\\169"'),
        ('"x\\255y"', (b"x\xady",), '"x\\173y"'),
        ('"tab\\011end"', (b"tab\tend",), '"tab\\009end"'),
        ('"a\\\\052b"', (b"a\\052b",), '"a\\\\052b"'),
        ('"say \\"hi\\"\\040there"', (b'say "hi" there',), '"say \\"hi\\" there"'),
    ],
    ids=["utf-8 e-acute", "octal 255 is byte 173", "tab", "escaped backslash then digits", "quotes and space"],
)
def test_txt_octal_escapes(value, strings, content):
    snap = snapshot(rrset("t.example.com.", "TXT", value))
    assert snap.record_sets[0].rdatas[0].strings == strings
    assert [r.content for r in translate(snap).records] == [content]


def test_spf_octal_escapes_too():
    snap = snapshot(rrset("t.example.com.", "SPF", '"v=spf1 \\055all"'))
    assert snap.record_sets[0].rdatas[0].strings == (b"v=spf1 -all",)


def test_record_set_with_values_and_no_ttl_is_an_error():
    with pytest.raises(InputError) as err:
        snapshot({"Name": "x.example.com.", "Type": "A", "ResourceRecords": [{"Value": "192.0.2.1"}]})
    assert err.value.problems == ["x.example.com. A: no TTL; a record set with values needs one (whole seconds)"]


@pytest.mark.parametrize(
    "raw, problem",
    [
        (
            {
                "Name": "x.example.com.",
                "Type": "A",
                "TTL": 60,
                "ResourceRecords": [{"Value": "192.0.2.1"}],
                "AliasTarget": {
                    "HostedZoneId": "Z2FDTNDATAQYW2",
                    "DNSName": "d1.cloudfront.net.",
                    "EvaluateTargetHealth": False,
                },
            },
            "x.example.com. A: has both an AliasTarget and values; a record set is one or the other",
        ),
        (
            {"Name": "x.example.com.", "Type": "A", "TTL": 60, "ResourceRecords": "192.0.2.1"},
            'x.example.com. A: \'ResourceRecords\' must be a list of {"Value": "..."} objects, not "192.0.2.1"',
        ),
    ],
    ids=["alias and values", "values not a list"],
)
def test_malformed_record_set_shapes(raw, problem):
    with pytest.raises(InputError) as err:
        snapshot(raw)
    assert err.value.problems == [problem]


def _outcome(parse):
    try:
        made = parse()
    except Exception as exc:  # what a user reads: the reason (the zone-file reader wraps a few in SyntaxError)
        return f"error: {exc}"
    # Rdata compare as DNS data (host names without case): their text shows the case kept too.
    return (made, made.to_text()) if isinstance(made, dns.rdata.Rdata) else made


@given(
    st.sampled_from(["A", "AAAA"]),
    st.text(alphabet="0123456789abcdefABCDEF:. ", max_size=40)
    | st.ip_addresses(v=4).map(str)
    | st.ip_addresses(v=6).map(str),
)
def test_addresses_parse_as_dnspythons_zone_file_reader_does(rtype, value):
    assert _outcome(lambda: parse_rdata(rtype, value)) == _outcome(
        lambda: dns.rdata.from_text("IN", rtype, value, origin=dns.name.root, relativize=False)
    )


@given(
    st.sampled_from(["CNAME", "NS", "PTR"]),
    st.text(alphabet="abcXYZ019-_*. @\\", max_size=30)
    | st.lists(st.from_regex(r"[a-z0-9_-]{1,63}", fullmatch=True), min_size=1, max_size=4).map(".".join),
)
def test_host_names_parse_as_dnspythons_zone_file_reader_does(rtype, value):
    expected = (
        f"error: {_AT_SHORTHAND}"
        if "@" in value.split()
        else _outcome(lambda: dns.rdata.from_text("IN", rtype, value, origin=dns.name.root, relativize=False))
    )
    assert _outcome(lambda: parse_rdata(rtype, value)) == expected


_AT_SHORTHAND = "'@' is zone-file shorthand for the apex; a Route53 value names a host in full (e.g. example.com.)"


@pytest.mark.parametrize("rtype, value", [("CNAME", "@"), ("MX", "10 @"), ("SRV", "0 5 443 @"), ("NS", " @ ")])
def test_at_shorthand_in_a_value_is_refused_not_read_as_the_root(rtype, value):
    # dnspython alone reads the lone @ as its origin, the root: a CNAME to "." with no warning.
    with pytest.raises(InputError) as err:
        snapshot(rrset("c.example.com.", rtype, value))
    assert err.value.problems == [f"c.example.com. {rtype}: invalid {rtype} value {value!r}: {_AT_SHORTHAND}"]


def test_at_inside_text_and_caa_values_is_kept():
    snap = snapshot(
        rrset("t.example.com.", "TXT", '"@"'), rrset("example.com.", "CAA", '0 iodef "mailto:a@example.com"')
    )
    assert [r.content for r in translate(snap).records if r.type == "TXT"] == ['"@"']


@pytest.mark.parametrize("value", ["192.0.2.01", "010.0.2.1", "192.00.2.1"])
def test_ipv4_with_a_leading_zero_says_why(value):
    with pytest.raises(InputError) as err:
        snapshot(rrset("a.example.com.", "A", value))
    assert err.value.problems == [
        f"a.example.com. A: invalid A value {value!r}: a number of the address has a leading zero, which some "
        "software reads as octal (RFC 6943 section 3.1.1); write it without (192.0.2.1, not 192.0.2.01)"
    ]


@pytest.mark.parametrize("name", ["", "  "])
def test_empty_owner_name_is_named_as_empty_not_outside_the_zone(name):
    with pytest.raises(InputError) as err:
        snapshot({"Name": name, "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]})
    assert err.value.problems == [
        "(empty name) A: the record set's 'Name' is empty; the apex is written as the zone's name (example.com.)"
    ]


CASES = [
    ("empty", "", "the file is empty; expected the JSON that 'aws route53 list-resource-record-sets' prints"),
    ("malformed", '{"ResourceRecordSets": [\n', "not valid JSON: Expecting value at line 2 column 1"),
    (
        "unterminated",
        '{"ResourceRecordSets": [{"Name": "a',
        "not valid JSON: Unterminated string starting at line 1 column 34",
    ),
    (
        "wrong shape",
        "[1, 2]",
        "page 1 has no 'ResourceRecordSets' list; expected the JSON that 'aws route53 list-resource-record-sets' prints",
    ),
    (
        "unknown type",
        '{"ResourceRecordSets": [{"Name": "x.example.com.", "Type": "FOO", "TTL": 300, "ResourceRecords": [{"Value": "1"}]}]}',
        "x.example.com. FOO: unknown record type 'FOO'; Route53 hosts A, AAAA, CAA, CNAME, DS, HTTPS, MX, NAPTR, NS, "
        "PTR, SOA, SPF, SRV, SSHFP, SVCB, TLSA, TXT",
    ),
    (
        "name outside the zone",
        '{"ResourceRecordSets": [{"Name": "www.example.org.", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.1"}]}]}',
        "none of its 1 record set(s) is in the zone example.com.: the first is www.example.org.; name the zone the "
        "file holds (--zone, migration:zone), or give the file of example.com.",
    ),
    (
        "invalid address",
        '{"ResourceRecordSets": [{"Name": "bad.example.com.", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "999.0.2.1"}]}]}',
        "bad.example.com. A: invalid A value '999.0.2.1': Text input is malformed.",
    ),
    (
        "no values",
        '{"ResourceRecordSets": [{"Name": "bad.example.com.", "Type": "A", "TTL": 300, "ResourceRecords": []}]}',
        "bad.example.com. A: no values and no AliasTarget",
    ),
    ("no record sets", '{"ResourceRecordSets": []}', "the zone has no record sets"),
    (
        "set identifier not a string",
        '{"Changes": [{"Action": "CREATE", "ResourceRecordSet": {"Name": "w.example.com.", "Type": "A", "TTL": 60, '
        '"SetIdentifier": ["one"], "Weight": 10, "ResourceRecords": [{"Value": "192.0.2.1"}]}}]}',
        'w.example.com. A: SetIdentifier must be a string, not ["one"]',
    ),
    (
        "TXT string over 255 bytes",
        '{"ResourceRecordSets": [{"Name": "t.example.com.", "Type": "TXT", "TTL": 300, "ResourceRecords": '
        '[{"Value": "\\"' + "a" * 300 + '\\""}]}]}',
        "t.example.com. TXT: invalid TXT value '\"" + "a" * 59 + "... (302 characters)': a quoted string holds at "
        'most 255 bytes (RFC 1035 section 3.3); split the value into several quoted strings ("..." "...")',
    ),
    (
        "listing and change batch",
        '{"ResourceRecordSets": [], "ChangeBatch": {"Changes": []}}',
        "the document holds both a 'ResourceRecordSets' listing and change batches ('Changes'); give one or the other",
    ),
]


@pytest.mark.parametrize("text, message", [(t, m) for _, t, m in CASES], ids=[c[0] for c in CASES])
def test_bad_file(tmp_path, text, message):
    path = tmp_path / "zone.json"
    path.write_text(text)
    done = plan_process(path)
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == f"error: {path}: {message}\n"


def test_every_problem_listed_at_once(tmp_path):
    path = tmp_path / "zone.json"
    path.write_text(
        '{"ResourceRecordSets": ['
        '{"Name": "x.example.com.", "Type": "FOO", "TTL": 300, "ResourceRecords": [{"Value": "1"}]},'
        '{"Name": "bad.example.com.", "Type": "AAAA", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.1"}]}]}'
    )
    done = plan_process(path)
    assert done.returncode == 2
    assert done.stderr.splitlines() == [
        f"error: {path}: 2 problem(s)",
        "  - x.example.com. FOO: unknown record type 'FOO'; Route53 hosts A, AAAA, CAA, CNAME, DS, HTTPS, MX, NAPTR, "
        "NS, PTR, SOA, SPF, SRV, SSHFP, SVCB, TLSA, TXT",
        "  - bad.example.com. AAAA: invalid AAAA value '192.0.2.1': Text input is malformed.",
    ]


PAGE = {
    "ResourceRecordSets": [
        {"Name": "example.com.", "Type": "NS", "TTL": 300, "ResourceRecords": [{"Value": "ns-1.awsdns-1.org."}]}
    ]
}


@pytest.mark.parametrize(
    "document, why",
    [
        (
            [PAGE, {**PAGE, "IsTruncated": True, "NextRecordName": "www.example.com.", "NextRecordType": "A"}],
            "page 2 is truncated (IsTruncated; the next record set is www.example.com. A) but no page follows it",
        ),
        ([{**PAGE, "IsTruncated": True}, PAGE], "page 1 is truncated (IsTruncated) but gives no NextRecordName"),
        (
            {**PAGE, "IsTruncated": True, "NextRecordName": "www.example.com.", "NextRecordType": "A"},
            "the document is truncated (IsTruncated; the next record set is www.example.com. A) but no page follows it",
        ),
        (
            {**PAGE, "NextToken": "eyJTdGFydFJlY29yZE5hbWUiOiBudWxsfQ=="},
            "the document has a NextToken (the aws CLI stopped at --max-items)",
        ),
    ],
)
def test_a_file_of_pages_that_is_not_whole_is_refused(tmp_path, capsys, document, why):
    path = tmp_path / "pages.json"
    path.write_text(json.dumps(document))
    assert run(plan_argv(path, "--zone", "example.com"), capsys) == (
        2,
        "",
        f"error: {path}: {why}: the listing is not whole; save every page\n",
    )


_PLAIN_HOST = st.lists(st.from_regex(r"[a-zA-Z0-9_-]{1,63}", fullmatch=True), min_size=1, max_size=4).map(".".join)
_NUMBER = st.integers(0, 99999).map(str) | st.from_regex(r"0[0-9]{1,4}", fullmatch=True)


@given(
    st.tuples(_NUMBER, _PLAIN_HOST | st.text(alphabet="abZ09-_*.@\\", max_size=20)).map(" ".join)
    | st.text(alphabet="0123456789 ab.\\@", max_size=30)
)
def test_mx_values_parse_as_dnspythons_zone_file_reader_does(value):
    expected = (
        f"error: {_AT_SHORTHAND}"
        if "@" in value.split()
        else _outcome(lambda: dns.rdata.from_text("IN", "MX", value, origin=dns.name.root, relativize=False))
    )
    assert _outcome(lambda: parse_rdata("MX", value)) == expected


@given(
    st.tuples(_NUMBER, _NUMBER, _NUMBER, _PLAIN_HOST | st.text(alphabet="abZ09-_*.@", max_size=20)).map(" ".join)
    | st.text(alphabet="0123456789 ab.", max_size=30)
)
def test_srv_values_parse_as_dnspythons_zone_file_reader_does(value):
    expected = (
        f"error: {_AT_SHORTHAND}"
        if "@" in value.split()
        else _outcome(lambda: dns.rdata.from_text("IN", "SRV", value, origin=dns.name.root, relativize=False))
    )
    assert _outcome(lambda: parse_rdata("SRV", value)) == expected


_STRING = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=300)


@given(
    st.sampled_from(["TXT", "SPF"]),
    st.lists(_STRING.filter(lambda t: '"' not in t and "\\" not in t), min_size=1, max_size=3).map(
        lambda strings: " ".join(f'"{t}"' for t in strings)
    )
    | st.text(alphabet='ab "\\;()', max_size=20),
)
def test_plain_txt_values_parse_as_dnspythons_zone_file_reader_does(rtype, value):
    # No backslash in these values, so Route53's octal escapes and the zone file's decimal ones agree.
    value = value.replace("\\", "")
    assert _outcome(lambda: parse_rdata(rtype, value)) == _outcome(
        lambda: dns.rdata.from_text("IN", rtype, value, origin=dns.name.root, relativize=False)
    )


@pytest.mark.parametrize(
    "rtype, value, fields",
    [
        ("MX", "10 mx1.Example.net.", {"preference": 10, "exchange": "mx1.Example.net."}),
        ("SRV", "10 5 5060 sip.example.net", {"priority": 10, "weight": 5, "port": 5060, "target": "sip.example.net."}),
        ("TXT", '"v=spf1 -all" ""', {"strings": (b"v=spf1 -all", b"")}),
        ("SPF", '"v=spf1 -all"', {"strings": (b"v=spf1 -all",)}),
    ],
)
def test_plain_mx_srv_and_txt_values_skip_the_zone_file_reader(monkeypatch, rtype, value, fields):
    # Most of a zone's MX, SRV and TXT values are plain: dnspython's class for the type takes them
    # directly, without the zone-file reader's tokenizer (issue 17: a third of the read's time).
    monkeypatch.setattr(dns.rdata, "from_text", lambda *a, **k: pytest.fail("the zone-file reader was used"))
    rdata = parse_rdata(rtype, value)
    assert {f: str(getattr(rdata, f)) if f in ("exchange", "target") else getattr(rdata, f) for f in fields} == fields


def test_a_key_route53_does_not_have_is_refused_naming_the_record_set(tmp_path):
    # A misspelt routing key ("Weigth") would otherwise be dropped and the set read as plain.
    raw = {**rrset("www.example.com.", "A", "192.0.2.1"), "SetIdentifier": "a", "Weigth": 10}
    path = tmp_path / "export.json"
    path.write_text(json.dumps({"ResourceRecordSets": [raw]}))
    done = plan_process(path)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (
        f"error: {path}: www.example.com. A: unknown key(s) 'Weigth': a record set has only Name, Type, "
        "SetIdentifier, Weight, Region, GeoLocation, Failover, MultiValueAnswer, TTL, ResourceRecords, AliasTarget, "
        "HealthCheckId, TrafficPolicyInstanceId, CidrRoutingConfig, GeoProximityLocation, AZAffinity (Route53 API "
        "reference, ResourceRecordSet): the file is damaged, or holds a field this tool would drop\n"
    )


def test_the_record_set_keys_are_botocores_model_of_route53():
    import botocore.session

    model = botocore.session.get_session().get_service_model("route53")
    listed = model.operation_model("ListResourceRecordSets").output_shape.members["ResourceRecordSets"].member
    assert RECORD_SET_KEYS == frozenset(listed.members)


_HOST_LABEL = st.from_regex(r"[a-zA-Z0-9_*-]{1,70}", fullmatch=True)


@given(
    st.from_regex(route53_json._HOST_TEXT, fullmatch=True)
    | st.tuples(st.lists(_HOST_LABEL, min_size=1, max_size=6).map(".".join), st.sampled_from(["", "."])).map("".join)
)
def test_plain_host_names_are_made_as_dnspythons_reader_makes_them(text):
    # Case kept, labels over 63 bytes and names over 255 refused with dnspython's own reasons.
    assert _outcome(lambda: route53_json._plain_host(text).labels) == _outcome(
        lambda: dns.name.from_text(text, origin=dns.name.root).labels
    )


def test_a_read_keeps_what_repeats_once():
    # Issue 17 (peak memory at 50,000 record sets): labels, types, host names in values, alias
    # targets and numbers that repeat are one object each, not one per record set.
    alias = {"HostedZoneId": "Z2FDTNDATAQYW2", "DNSName": "d1.cloudfront.net.", "EvaluateTargetHealth": False}
    document = files.parse_json(
        json.dumps(
            [
                rrset("a.example.com.", "MX", "10 mx.Example.net."),
                rrset("b.example.com.", "MX", "20 mx.Example.net."),
                {"Name": "c.example.com.", "Type": "A", "AliasTarget": alias},
                {"Name": "d.example.com.", "Type": "A", "AliasTarget": dict(alias)},
                {"Name": "e.example.com.", "Type": "A", "AliasTarget": {**alias, "DNSName": "d2.cloudfront.net."}},
                rrset("a.example.com.", "CAA", '0 issue "a.net"', '0 issue "b.net"'),
                rrset("b.example.com.", "CAA", '0 issue "a.net"', '0 issue "b.net"'),
            ]
        ),
        "t.json",
        "JSON",
    )
    a, b, c, d, e, caa, caa_too = route53_json.record_sets_from_raw(
        document, dns.name.from_text("example.com."), "t.json"
    )
    assert a.rtype is b.rtype and a.rtype == "MX"
    assert a.name.labels[1] is b.name.labels[1] and a.name.labels[2] is d.name.labels[2]
    assert a.rdatas[0].exchange is b.rdatas[0].exchange
    assert a.rdatas[0].exchange.labels == (b"mx", b"Example", b"net", b"")
    assert a.ttl is b.ttl and a.ttl == 300
    assert c.alias is d.alias
    assert c.alias.hosted_zone_id is e.alias.hosted_zone_id and e.alias.dns_name.labels[0] == b"d2"
    assert caa.rdatas is caa_too.rdatas and len(caa.rdatas) == 2


def test_the_page_keys_are_botocores_model_of_route53_and_a_snapshot_writes_only_known_keys():
    import botocore.session

    from migration.sources import snapshot as snapshot_file

    model = botocore.session.get_session().get_service_model("route53")
    assert route53_json.PAGE_KEYS == tuple(model.operation_model("ListResourceRecordSets").output_shape.members)
    written = snapshot_file.snapshot_document(dns.name.from_text("example.com."), [], None, [], None, {}, None)
    assert tuple(written) == (*route53_json.SNAPSHOT_KEYS, "ResourceRecordSets")


_A = {"Name": "a.example.com.", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.1"}]}


@pytest.mark.parametrize(
    ("document", "where", "key"),
    [
        ({"Bogus": 1, "ResourceRecordSets": [_A]}, "the document", "Bogus"),
        ({"zone": "example.com.", "hostedZoneId": "Z1", "Foo": 1, "ResourceRecordSets": [_A]}, "the document", "Foo"),
        (
            [{"ResourceRecordSets": [_A], "IsTruncated": False, "ResourceRecordSetz": [_A]}],
            "page 1",
            "ResourceRecordSetz",
        ),
    ],
    ids=["export", "snapshot", "page"],
)
def test_a_top_level_key_a_listing_or_snapshot_lacks_is_named(document, where, key, tmp_path, capsys):
    """Before, it was dropped silently (a second list of record sets under a misspelt key too)."""
    path = tmp_path / "zone.json"
    path.write_text(json.dumps(document))
    assert run(plan_argv(path, "--zone", "example.com"), capsys) == (
        2,
        "",
        f"error: {path}: {where} has unknown key(s) '{key}': a listing has only ResourceRecordSets, IsTruncated, "
        "NextRecordName, NextRecordType, NextRecordIdentifier, MaxItems (Route53 API reference, "
        "ListResourceRecordSets; NextToken and ResponseMetadata from the aws CLI and boto3), a snapshot also "
        "snapshotVersion, zone, hostedZoneId, nameServers, comment, tags, readAt: the file is damaged, or holds a "
        "field this tool would drop\n",
    )


def test_what_the_aws_cli_and_boto3_add_to_a_page_is_read(tmp_path, capsys):
    path = tmp_path / "zone.json"
    path.write_text(json.dumps({"ResourceRecordSets": [_A], "ResponseMetadata": {"HTTPStatusCode": 200}}))
    status, out, _ = run(plan_argv(path, "--zone", "example.com"), capsys)
    assert status == 0 and "a.example.com  300  DNS-only  192.0.2.1" in out


def test_the_routing_kinds_are_botocores_model_of_route53():
    import botocore.session

    model = botocore.session.get_session().get_service_model("route53")
    members = model.shape_for("ResourceRecordSet").members
    kinds = {"long": int, "string": str, "structure": dict, "boolean": bool}
    assert route53_json.ROUTING_KINDS == {key: kinds[members[key].type_name] for key in route53_json.ROUTING_KINDS}
    assert route53_json.WEIGHT_RANGE == (members["Weight"].metadata["min"], members["Weight"].metadata["max"])


@pytest.mark.parametrize(
    ("field", "why"),
    [
        ({"Weight": "10"}, 'Weight must be a whole number from 0 to 255, not "10"'),
        ({"Weight": True}, "Weight must be a whole number from 0 to 255, not true"),
        ({"Weight": 256}, "Weight must be a whole number from 0 to 255, not 256"),
        ({"Failover": 1}, "Failover must be text, not 1"),
        ({"MultiValueAnswer": "true"}, 'MultiValueAnswer must be true or false, not "true"'),
        ({"GeoLocation": "DE"}, 'GeoLocation must be an object, not "DE"'),
    ],
)
def test_a_routing_field_of_another_kind_is_named(field, why, tmp_path, capsys):
    """Before, a weight of "10", true or 256 was taken (and shown) as it was."""
    path = tmp_path / "zone.json"
    path.write_text(json.dumps({"ResourceRecordSets": [{**_A, "SetIdentifier": "one", **field}]}))
    assert run(plan_argv(path, "--zone", "example.com"), capsys) == (
        2,
        "",
        f"error: {path}: a.example.com. A: {why} (Route53 API reference, ResourceRecordSet)\n",
    )
