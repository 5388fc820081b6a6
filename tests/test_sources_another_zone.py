"""A file of another zone (or the wrong zone named with --zone or migration:zone) is one line
naming the zone the file holds, not one 'outside the zone' line per record set (24 for the
reference export before); a file with some record sets in the zone still names each one outside."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EXPORT
from tests.support.cli import plan_argv, run

ADVICE = "name the zone the file holds (--zone, migration:zone), or give the file of example.org."


def test_an_export_of_another_zone_names_its_soa(capsys):
    assert run(plan_argv(EXPORT, "--zone", "example.org"), capsys) == (
        2,
        "",
        f"error: {EXPORT}: none of its 24 record set(s) is in the zone example.org.: it holds the zone example.com. "
        f"(its SOA record set); {ADVICE}\n",
    )


_A = {"Name": "a.example.com.", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.1"}]}


@pytest.mark.parametrize(
    ("name", "text", "count"),
    [
        ("batch.json", json.dumps({"Changes": [{"Action": "CREATE", "ResourceRecordSet": _A}]}), 1),  # a change batch
        ("zone.txt", "a.example.com. 300 IN A 192.0.2.1\nb.example.com. 300 IN TXT x\n", 2),  # a zone file
    ],
)
def test_a_file_of_another_zone_without_its_soa_names_its_first_record_set(tmp_path, capsys, name, text, count):
    path = tmp_path / name
    path.write_text(text)
    assert run(plan_argv(path, "--zone", "example.org"), capsys) == (
        2,
        "",
        f"error: {path}: none of its {count} record set(s) is in the zone example.org.: the first is "
        f"a.example.com.; {ADVICE}\n",
    )


def test_some_record_sets_in_the_zone_each_one_outside_is_named(tmp_path, capsys):
    path = tmp_path / "zone.txt"
    path.write_text("a.example.org. 300 IN A 192.0.2.1\nb.example.com. 300 IN A 192.0.2.2\n")
    assert run(plan_argv(path, "--zone", "example.org"), capsys) == (
        2,
        "",
        f"error: {path}: b.example.com. A: the name is outside the zone example.org.\n",
    )
