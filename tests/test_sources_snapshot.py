"""Snapshot files (migration/sources/snapshot.py): their metadata checked where it is read."""

from __future__ import annotations

import json

import dns.name
import dns.rdata
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migration.sources import snapshot as snapshot_file
from tests.conftest import CASES, EXPORT
from tests.support.cli import plan_argv, run

METADATA = [
    ("zone", 5, "zone: a zone name must be a string, not 5"),
    ("tags", [1, 2], "tags must be an object of string values, not [1, 2]"),
    ("nameServers", "abc", 'nameServers must be a list of host names, not "abc"'),
    ("hostedZoneId", ["Z1"], 'hostedZoneId must be a string, not ["Z1"]'),
    (
        "snapshotVersion",
        99,
        "snapshotVersion 99 is not one this tool reads (1): take the snapshot again with this "
        "version of 'python -m migration snapshot'",
    ),
]


@pytest.mark.parametrize("key, value, message", METADATA, ids=[m[0] for m in METADATA])
def test_snapshot_metadata_of_the_wrong_type(tmp_path, capsys, key, value, message):
    document = {**json.loads(EXPORT.read_text()), key: value}
    path = tmp_path / "snap.json"
    path.write_text(json.dumps(document))
    assert run(plan_argv(path, "--zone", "example.com"), capsys) == (2, "", f"error: {path}: {message}\n")


def test_a_record_set_repeating_a_value_is_a_warning_naming_it():
    snap = snapshot_file.read(CASES / "route53-repeated-value" / "dupval.json", zone="example.org")
    assert [rs.label for rs in snap.record_sets] == ["a.example.org. A"]
    assert [(f.severity, f.code, f.subject, f.message) for f in snap.findings] == [
        (
            "warning",
            "route53-value-repeated",
            "a.example.org. A",
            "the record set lists 1.2.3.4 (2 times): Route53 refuses a record set that repeats a value "
            "(InvalidChangeBatch: Duplicate Resource Record), so the file was edited or damaged; Cloudflare gets "
            "each value once",
        )
    ]


def test_values_equal_as_dns_data_are_repeats_too():
    document = {
        "ResourceRecordSets": [
            {
                "Name": "example.org.",
                "Type": "SOA",
                "TTL": 900,
                "ResourceRecords": [{"Value": "ns1.example.org. hostmaster.example.org. 1 7200 900 1209600 86400"}],
            },
            {
                "Name": "example.org.",
                "Type": "MX",
                "TTL": 300,
                "ResourceRecords": [
                    {"Value": "10 MX.example.net."},
                    {"Value": "10 mx.example.net"},
                    {"Value": "20 b."},
                ],
            },
        ]
    }
    snap = snapshot_file.from_document(document, "t.json")
    assert [f.message.split(":")[0] for f in snap.findings] == ["the record set lists 10 MX.example.net. (2 times)"]


# Values of the types snapshot.value_key reads by field, spelled so that pairs often collide: host
# names differing only in case or a final dot, addresses with other spellings of one IPv6 address.
_HOST = (
    st.lists(st.sampled_from(["a", "A", "mx", "MX", "b"]), min_size=1, max_size=3)
    .map(".".join)
    .flatmap(lambda host: st.sampled_from([host, host + "."]))
)
_NUMBER = st.sampled_from(["0", "1", "10"])
_VALUES = st.one_of(
    st.tuples(st.just("A"), st.sampled_from(["192.0.2.1", "192.0.2.2"])),
    st.tuples(st.just("AAAA"), st.sampled_from(["2001:db8::1", "2001:DB8:0::1", "2001:db8::2"])),
    *(st.tuples(st.just(rtype), _HOST) for rtype in ("CNAME", "NS", "PTR")),
    st.tuples(st.just("MX"), st.builds(lambda p, h: f"{p} {h}", _NUMBER, _HOST)),
    st.tuples(st.just("SRV"), st.builds(lambda p, w, h: f"{p} {w} 443 {h}", _NUMBER, _NUMBER, _HOST)),
    *(st.tuples(st.just(rtype), st.sampled_from(['"a"', '"A"', '"a" "b"', '"ab"'])) for rtype in ("TXT", "SPF")),
    st.tuples(st.just("CAA"), st.sampled_from(['0 issue "a.net"', '0 issue "A.net"', '128 issue "a.net"'])),
)


@settings(max_examples=400)
@given(_VALUES, _VALUES)
def test_value_keys_are_equal_exactly_when_the_values_are_equal_as_dns_data(first, second):
    # Against dnspython's own parser and equality (canonical wire forms, RFC 4034 section 6.2).
    one, other = (dns.rdata.from_text("IN", rtype, text, origin=dns.name.root) for rtype, text in (first, second))
    assert (snapshot_file.value_key(one) == snapshot_file.value_key(other)) == (one == other)
