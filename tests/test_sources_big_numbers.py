"""A number of thousands of digits in any input (a JSON export, a stack file, a zone file) is an
input error naming the file, not a traceback: Python refuses to convert an integer of more than
4,300 digits (``ValueError: Exceeds the limit (4300 digits) for integer string conversion``)."""

from __future__ import annotations

import pytest

from migration.errors import InputError, SettingsError
from migration.settings import from_lookup
from migration.sources import files
from migration.sources.bind import read_text
from migration.sources.route53_json import record_sets_from_raw
from tests.conftest import BASE, ROOT
from tests.support.cli import run, stack_file
from tests.support.zones import rrset

BIG = "9" * 5000
EXPORT = (
    '{"ResourceRecordSets": [{"Name": "a.example.org.", "Type": "A",\n "TTL": %s, '
    '"ResourceRecords": [{"Value": "192.0.2.1"}]}]}'
)


def test_a_json_number_of_5000_digits_is_refused_where_it_stands(tmp_path, capsys):
    path = tmp_path / "big.json"
    path.write_text(EXPORT % BIG)
    assert run(["plan", "--source", str(path), "--zone", "example.org"], capsys) == (
        2,
        "",
        f"error: {path}: not valid JSON at line 2 column 9: the number 99999999999999999999... has 5,000 "
        "digits, more than the 100 a number here may have; expected the JSON that 'aws route53 "
        "list-resource-record-sets' prints\n",
    )


@pytest.mark.parametrize(
    "spelled, reason",
    [
        ("-" + BIG, "the number -9999999999999999999... has 5,000 digits, more than the 100 a number here may have"),
        ("1e999", "the number 1e999 is out of range"),
        (BIG + ".5", "the number 99999999999999999999... has 5,001 digits, more than the 100 a number here may have"),
    ],
)
def test_other_json_numbers_out_of_range(spelled, reason):
    with pytest.raises(InputError) as err:
        files.parse_json(EXPORT % spelled, "e.json", "an export")
    assert err.value.problems == [f"not valid JSON at line 2 column 9: {reason}; expected an export"]


def test_a_yaml_number_of_5000_digits_is_refused_with_its_position():
    with pytest.raises(InputError) as err:
        files.parse_yaml(f"config:\n  migration:safetyThreshold: {BIG}\n", "Pulumi.s.yaml")
    assert err.value.problems == [
        "not valid YAML at line 2, column 30: the number 99999999999999999999... has 5,000 digits, "
        "more than the 100 a number here may have"
    ]


def test_a_stack_file_with_a_huge_number_exits_2(project, capsys):
    path = stack_file(project, BASE + f"  migration:decommissionWait: {BIG}\n")
    status, out, err = run(["plan", "--stack", "s"], capsys)
    assert (status, out) == (2, "")
    assert err.startswith(f"error: stack s: {path}: not valid YAML at line ")
    assert err.endswith(
        ": the number 99999999999999999999... has 5,000 digits, more than the 100 a number here may have\n"
    )


def test_a_setting_given_as_text_of_5000_digits():
    required = {"zone": "example.com", "snapshot": "s.json", "cloudflareAccountId": "023e105f4ecef8ad9ca31a8372d0c354"}
    with pytest.raises(SettingsError) as err:
        from_lookup("s", {**required, "decommissionWait": BIG}.get, ROOT)
    assert str(err.value) == (
        "stack s: migration:decommissionWait must be whole seconds: the number 99999999999999999999... has "
        "5,000 digits, more than the 100 a number here may have"
    )


def test_zone_file_numbers_of_5000_digits():
    text = (
        "$ORIGIN example.org.\n$TTL 300\n@ SOA ns1 h 1 2 3 4 5\n@ NS ns1.example.net.\n"
        f"www {BIG} IN A 192.0.2.1\nmx IN MX {BIG} mail.example.org.\n"
    )
    with pytest.raises(InputError) as err:
        read_text(text, "z.zone")
    assert err.value.problems == [
        f"line 5: cannot read 'www {BIG[:56]}...': a number is too large (no field of a record has more than 20 digits)",
        f"line 6: cannot read 'mx IN MX {BIG[:51]}...': a number is too large (no field of a record has more than "
        "20 digits)",
    ]


def test_a_number_of_5000_digits_inside_a_route53_value():
    with pytest.raises(InputError) as err:
        record_sets_from_raw([rrset("a.example.com.", "MX", f"{BIG} mail.example.com.")], None, "e.json")
    assert err.value.problems == [
        f"a.example.com. MX: invalid MX value '{BIG[:60]}... (5018 characters)': a number is too large (no "
        "field of a record has more than 20 digits)"
    ]
