"""BIND zone files and the cli53 dialect as sources (dnspython's zone parser underneath)."""

from __future__ import annotations

import pytest

from migration.errors import InputError
from migration.model import AliasTarget, Routing
from migration.sources import bind
from migration.sources import snapshot as snapshot_file

ZONE = """$ORIGIN Example.COM.
$TTL 1h
@   IN SOA ns1 hostmaster ( 1 ; serial
        12h 15m 3w 3h )
WWW 2m IN A 192.0.2.1
        A 192.0.2.2        ; owner-less line: same owner
mail    MX 10 mx           ; relative name
api 300 AWS ALIAS A dualstack.lb-1.us-east-1.elb.amazonaws.com. Z35SXDOTRQ7X7K true
w 60 IN A 192.0.2.8 ; AWS routing="WEIGHTED" weight=5 identifier="a b" healthCheckId="hc-9"
"""


def test_zone_file_syntax_and_cli53_lines(tmp_path):
    path = tmp_path / "example.zone"
    path.write_text(ZONE)
    snap = snapshot_file.read(path)
    got = [(rs.name.to_text(), rs.rtype, rs.ttl, rs.values_text(), rs.alias, rs.routing) for rs in snap.record_sets]
    assert snap.zone.to_text() == "example.com."
    assert got == [
        ("example.com.", "SOA", 3600, ["ns1.Example.COM. hostmaster.Example.COM. 1 43200 900 1814400 10800"], None, None),
        ("www.example.com.", "A", 120, ["192.0.2.1", "192.0.2.2"], None, None),
        ("mail.example.com.", "MX", 3600, ["10 mx.Example.COM."], None, None),
        ("api.example.com.", "A", None, [], AliasTarget("Z35SXDOTRQ7X7K",
         bind.dns.name.from_text("dualstack.lb-1.us-east-1.elb.amazonaws.com."), True), None),
        ("w.example.com.", "A", 60, ["192.0.2.8"], None,
         Routing(set_identifier="a b", policy="weighted", detail=(("Weight", 5),), health_check_id="hc-9")),
    ]


def test_zone_is_required_without_origin(tmp_path):
    path = tmp_path / "export.txt"
    path.write_text("www 300 IN A 192.0.2.1\n")
    with pytest.raises(InputError) as err:
        snapshot_file.read(path)
    assert err.value.problems == ["a zone file without $ORIGIN: give the zone's name (--zone)"]


def test_unreadable_line_names_the_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("www 300 IN A 192.0.2.1\nbad 300 IN A not-an-address\n")
    with pytest.raises(InputError) as err:
        snapshot_file.read(path, zone="example.com")
    # The file's own line (dnspython counts the newline after the bad address as line 3).
    assert err.value.problems == ["line 2: cannot read 'bad 300 IN A not-an-address': Text input is malformed."]


def test_json_is_not_a_zone_file():
    assert bind.looks_like_zone_file('{"ResourceRecordSets": []}', ".txt") is False
    assert bind.looks_like_zone_file("$ORIGIN x.\n", ".json") is False
    assert bind.looks_like_zone_file("$ORIGIN x.\n", ".zone") is True
