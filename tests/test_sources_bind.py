"""BIND zone files and the cli53 dialect as sources (dnspython's zone parser underneath)."""

from __future__ import annotations

import json

import pytest

from migration.errors import InputError
from migration.model import AliasTarget, Routing
from migration.sources import bind
from migration.sources import snapshot as snapshot_file
from tests.conftest import CASES
from tests.support.cli import plan_argv, run

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
        (
            "example.com.",
            "SOA",
            3600,
            ["ns1.Example.COM. hostmaster.Example.COM. 1 43200 900 1814400 10800"],
            None,
            None,
        ),
        ("www.example.com.", "A", 120, ["192.0.2.1", "192.0.2.2"], None, None),
        ("mail.example.com.", "MX", 3600, ["10 mx.Example.COM."], None, None),
        (
            "api.example.com.",
            "A",
            None,
            [],
            AliasTarget("Z35SXDOTRQ7X7K", bind.dns.name.from_text("dualstack.lb-1.us-east-1.elb.amazonaws.com."), True),
            None,
        ),
        (
            "w.example.com.",
            "A",
            60,
            ["192.0.2.8"],
            None,
            Routing(set_identifier="a b", policy="weighted", detail=(("Weight", 5),), health_check_id="hc-9"),
        ),
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


@pytest.mark.parametrize(
    "text",
    [
        "$ORIGIN example.com.\n$TTL 300\nwww IN A 192.0.2.1\nwww.example.org. IN A 192.0.2.1\n",
        "$ORIGIN example.com.\n$TTL 300\nmail IN A 192.0.2.2\n$ORIGIN example.org.\nwww IN A 192.0.2.1\n",
    ],
    ids=["absolute name", "second $ORIGIN"],
)
def test_zone_file_name_outside_the_zone_is_refused(tmp_path, capsys, text):
    path = tmp_path / "zone.txt"
    path.write_text(text)
    assert run(plan_argv(path), capsys) == (
        2,
        "",
        f"error: {path}: www.example.org. A: the name is outside the zone example.com.\n",
    )


def test_zone_file_syntax_error_names_file_and_line(tmp_path, capsys):
    path = tmp_path / "zone.txt"
    path.write_text("$ORIGIN example.com.\n$TTL 300\nwww IN A 192.0.2.1\n\nbad IN A 999.0.2.1\nok IN A 192.0.2.3\n")
    assert run(plan_argv(path), capsys) == (
        2,
        "",
        f"error: {path}: line 5: cannot read 'bad IN A 999.0.2.1': Text input is malformed.\n",
    )


def test_zone_file_keeps_owner_less_first_line_at_the_apex(tmp_path):
    path = tmp_path / "zone.txt"
    path.write_text("$TTL 300\n  IN A 192.0.2.9\nwww IN A 192.0.2.1\n")
    snap = snapshot_file.read(path, zone="example.com")
    assert [(rs.name.to_text(), rs.rtype) for rs in snap.record_sets] == [
        ("example.com.", "A"),
        ("www.example.com.", "A"),
    ]


def test_zone_file_error_on_the_last_line_names_that_line(tmp_path, capsys):
    """dnspython reports a string over 255 bytes after reading past the line's end; the line is
    quoted shortened (:func:`migration.secrets.excerpt`)."""
    path = tmp_path / "zone.txt"
    long_string = "a" * 256
    path.write_text(f'$ORIGIN example.com.\n$TTL 300\nt 300 IN TXT "{long_string}"\n\n')
    assert run(plan_argv(path), capsys) == (
        2,
        "",
        f"error: {path}: line 3: cannot read 't 300 IN TXT \"{long_string[:46]}...': a quoted string holds at most 255 bytes "
        '(RFC 1035 section 3.3); split the value into several quoted strings ("..." "...")\n',
    )


@pytest.mark.parametrize("weight", ["abc", "300"])
def test_cli53_routing_weight_that_is_not_a_number_route53_takes(tmp_path, capsys, weight):
    """A weight above 255, which Route53 refuses, was read before."""
    path = tmp_path / "export.txt"
    line = f'w1 60 IN A 192.0.2.7 ; AWS routing="WEIGHTED" weight={weight} identifier="One"'
    path.write_text(f"ok 60 IN A 192.0.2.1\n{line}\n")
    assert run(["plan", "--source", str(path), "--zone", "example.com"], capsys) == (
        2,
        "",
        f"error: {path}: line 2: cannot read {line[:60] + '...'!r}: weight '{weight}' is not a whole number from "
        "0 to 255 (Route53 API reference, ResourceRecordSet)\n",
    )


def test_every_bad_line_of_a_zone_file_is_reported(capsys):
    path = CASES / "r-bind-first-error-only" / "bad.zone"
    assert run(plan_argv(path), capsys) == (
        2,
        "",
        (
            f"error: {path}: 3 problem(s)\n"
            "  - line 5: cannot read 'www 300 IN A 999.1.1.1': Text input is malformed.\n"
            "  - line 6: cannot read 'mx 300 IN MX mail': expecting an integer\n"
            "  - line 7: cannot read 'srv 300 IN SRV 1 2 x': expecting an integer\n"
        ),
    )


def test_reading_resumes_with_the_origin_ttl_and_owner_kept():
    """After a bad line the reader goes on as it was: a later ``$ORIGIN`` still applies, a good
    line gives no problem, a bad line inside parentheses is one problem, not one per line."""
    text = (
        "$ORIGIN example.com.\n$TTL 300\n"
        "@ SOA ns1 host ( 1 7200\n  900 x 86400 )\n"  # lines 3-4: one bad SOA
        "www A 999.1.1.1\n"  # 5
        "ok A 192.0.2.1\n"  # 6: fine
        "$ORIGIN example.org.\n"
        "stray A 192.0.2.2\n"  # 8: outside the zone, named as such
        'bad TXT "open\n'
    )  # 9: quote never closed
    with pytest.raises(InputError) as caught:
        bind.record_sets_from_text(text, bind.dns.name.from_text("example.com."), "z.txt")
    assert caught.value.problems == [
        "line 4: cannot read '900 x 86400 )': DNS TTL value is not well-formed.",
        "line 5: cannot read 'www A 999.1.1.1': Text input is malformed.",
        "line 9: cannot read 'bad TXT \"open': newline in quoted string",
        "stray.example.org. A: the name is outside the zone example.com.",
    ]


CNAME_REASON = (
    "Cloudflare does not allow a CNAME to share its name with other records away from the apex (www.example.com. "
    "would have A from www.example.com. A; CNAME from www.example.com. CNAME). Options: remove or move the other "
    "record sets at this name; or replace the CNAME (or the alias that became one) by the target's A/AAAA values"
)


def test_zone_file_cname_beside_other_data_is_refused_per_record_set(tmp_path, capsys):
    path = tmp_path / "zone.txt"
    path.write_text(
        "$ORIGIN example.com.\n$TTL 300\nwww IN A 192.0.2.1\nwww IN CNAME other.example.com.\nother IN A 192.0.2.2\n"
    )
    status, out, _ = run(["plan", "--source", str(path), "--format", "json"], capsys)
    found = [(r["name"], r["type"], r["status"], r["reason"]) for r in json.loads(out)["recordSets"]]
    assert (status, found) == (
        1,
        [
            ("www.example.com.", "A", "refused", CNAME_REASON),
            ("www.example.com.", "CNAME", "refused", CNAME_REASON),
            ("other.example.com.", "A", "translated", ""),
        ],
    )
