"""A TTL above 2^31 - 1 seconds (RFC 2181 section 8: 32 bits, top bit zero) in the input is an
input error naming the record set, in every source (Route53 JSON, BIND and cli53 zone files),
exit status 2; 2^31 - 1 itself is read as it is (the TTL policy then clamps it)."""

from __future__ import annotations

import json

from migration.sources import snapshot as snapshot_file
from tests.support.cli import run

SOA = "ns-1.awsdns-1.com. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"
LIMIT = "TTL {} is above 2147483647 seconds, the largest RFC 2181 (section 8) allows"


def _route53(tmp_path, ttl):
    path = tmp_path / "zone.json"
    path.write_text(
        json.dumps(
            {
                "ResourceRecordSets": [
                    {"Name": "example.com.", "Type": "SOA", "TTL": 900, "ResourceRecords": [{"Value": SOA}]},
                    {"Name": "www.example.com.", "Type": "A", "TTL": ttl, "ResourceRecords": [{"Value": "192.0.2.1"}]},
                ]
            }
        )
    )
    return path


def test_a_route53_ttl_above_the_rfc_2181_limit_is_an_input_error(tmp_path, capsys):
    path = _route53(tmp_path, 2**31)
    assert run(["plan", "--source", str(path), "--zone", "example.com"], capsys) == (
        2,
        "",
        f"error: {path}: www.example.com. A: {LIMIT.format(2**31)}\n",
    )


def test_a_zone_file_ttl_above_the_limit_is_named_for_each_record_set(tmp_path, capsys):
    path = tmp_path / "zone.txt"
    path.write_text(
        "$ORIGIN example.com.\n"
        "@ 900 IN SOA ns1.example.com. h.example.com. 1 7200 900 1209600 86400\n"
        "www 4294967295 IN A 192.0.2.1\n"
        'w1 2147483648 IN A 192.0.2.7 ; AWS routing="WEIGHTED" weight=1 identifier="One"\n'
    )
    assert run(["plan", "--source", str(path), "--zone", "example.com"], capsys) == (
        2,
        "",
        f"error: {path}: 2 problem(s)\n  - www.example.com. A: {LIMIT.format(2**32 - 1)}\n"
        f"  - w1.example.com. A: {LIMIT.format(2**31)}\n",
    )


def test_the_largest_ttl_is_read_as_it_is(tmp_path):
    snap = snapshot_file.read(_route53(tmp_path, 2**31 - 1), zone="example.com")
    assert [rs.ttl for rs in snap.record_sets if rs.rtype == "A"] == [2**31 - 1]
