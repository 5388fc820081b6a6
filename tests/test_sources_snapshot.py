"""Snapshot files (migration/sources/snapshot.py): their metadata checked where it is read."""

from __future__ import annotations

import json

import pytest

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
