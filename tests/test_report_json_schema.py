"""``docs/plan.schema.json``: generated from docs/plan-json.md, and every plan the product prints
conforms to it (the golden plans, a plan of each fixture in tests/data, each phase with an
inventory), while a damaged plan is rejected with the reason.

Fixture sources: tests/data/SOURCES.md.
"""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from migration import cli, report
from tests.conftest import DATA, ROOT
from tests.support.plan_schema import render
from tests.support.plans import plan as phase_plan

SCHEMA_PATH = ROOT / "docs" / "plan.schema.json"
DOC = ROOT / "docs" / "plan-json.md"
# The zone each fixture holds (a zone file does not name its own).
FIXTURE_ZONES = {
    "bind/azure-zone1.txt": "zone1.com",
    "bind/azure-zone3.txt": "zone3.com",
    "bind/cli53-alias.txt": "example.com",
    "bind/cli53-basic.txt": "example.com",
    "bind/cli53-weighted.txt": "example.com",
    "bind/cli53-wildcard.txt": "example.com",
    "route53/r53json_octodns_dynamic_geo_weighted_failover.json": "unit.tests",
    "route53/r53json_octodns_populate_2pages.json": "unit.tests",
}
# Fixtures that are no zone and have no plan: an input error (tests/test_sources_fixtures.py).
NO_PLAN = {"route53/r53_changebatch_aws_botocore_examples.json"}


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _errors(validator: Draft202012Validator, document) -> list[str]:
    return sorted(f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document))


def _golden_plan() -> dict:
    return json.loads((ROOT / "tests" / "golden" / "mirror.json").read_text())


def test_the_schema_file_is_generated_from_the_doc():
    expected = render(DOC)
    if os.environ.get("UPDATE_GOLDEN"):
        SCHEMA_PATH.write_text(expected)
    assert SCHEMA_PATH.read_text() == expected, (
        "docs/plan.schema.json is not what docs/plan-json.md gives: UPDATE_GOLDEN=1 ./run test tests/test_report_json_schema.py"
    )


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "tests" / "golden").glob("*.json")))
def test_every_golden_json_plan_conforms(validator, name):
    assert _errors(validator, json.loads((ROOT / "tests" / "golden" / name).read_text())) == []


def test_every_zone_fixture_has_a_plan_checked():
    fixtures = {str(p.relative_to(DATA)) for d in ("bind", "route53") for p in (DATA / d).iterdir()}
    assert fixtures == set(FIXTURE_ZONES) | NO_PLAN


@pytest.mark.parametrize("path", sorted(FIXTURE_ZONES))
def test_the_plan_of_each_fixture_conforms(validator, path, capsys):
    cli.main(["plan", "--source", str(DATA / path), "--zone", FIXTURE_ZONES[path], "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert document["recordSets"], path
    assert _errors(validator, document) == []


@pytest.mark.parametrize("phase", ["mirror", "cut-over", "decommission"])
def test_each_phase_with_health_checks_and_query_logging_conforms(validator, phase):
    document = json.loads(report.to_json(phase_plan(phase)))
    types = {r["type"] for r in document["resources"]}
    assert "aws:route53/healthCheck:HealthCheck" in types
    assert _errors(validator, document) == []


def _damaged(change) -> dict:
    document = copy.deepcopy(_golden_plan())
    change(document)
    return document


def _first_record(document, rtype: str) -> dict:
    return next(r for r in document["resources"] if r["type"].endswith("DnsRecord") and r["inputs"]["type"] == rtype)


@pytest.mark.parametrize(
    "change, expected",
    [
        (lambda d: d.pop("blocked"), [": 'blocked' is a required property"]),
        (
            lambda d: d.__setitem__("blockd", d.pop("blocked")),
            [": 'blocked' is a required property", ": Additional properties are not allowed ('blockd' was unexpected)"],
        ),
        (lambda d: d["summary"].pop("refused"), ["summary: 'refused' is a required property"]),
        (
            lambda d: d["resources"][0].__setitem__("protect", "yes"),
            ["resources/0/protect: 'yes' is not of type 'boolean'"],
        ),
        (
            lambda d: d["resources"][0].__setitem__("action", "replace"),
            ["resources/0/action: 'replace' is not one of ['create', 'adopt', 'keep', 'update', 'delete']"],
        ),
        (
            lambda d: d["recordSets"][0].__setitem__("status", "translatd"),
            ["recordSets/0/status: 'translatd' is not one of ['translated', 'skipped', 'refused']"],
        ),
        (
            lambda d: d["findings"][0].__setitem__("severity", "fatal"),
            ["findings/0/severity: 'fatal' is not one of ['error', 'warning', 'info']"],
        ),
        (lambda d: d.__setitem__("planVersion", 2), ["planVersion: 1 was expected"]),
        (lambda d: d["email"]["selectors"][0].pop("state"), ["email/selectors/0: 'state' is a required property"]),
    ],
)
def test_a_damaged_plan_is_rejected_with_the_reason(validator, change, expected):
    assert _errors(validator, _damaged(change)) == expected


def test_a_dns_record_with_a_misspelt_or_missing_input_is_rejected(validator):
    def misspelt(d):
        inputs = d["resources"][1]["inputs"]
        inputs["proxy"] = inputs.pop("proxied")

    assert _errors(validator, _damaged(misspelt)) == [
        "resources/1/inputs: 'proxied' is a required property",
        "resources/1/inputs: Additional properties are not allowed ('proxy' was unexpected)",
    ]


def test_record_data_holds_exactly_the_fields_of_its_type(validator):
    def caa_with_srv_field(d):
        _first_record(d, "CAA")["inputs"]["data"]["port"] = 443

    def caa_without_tag(d):
        _first_record(d, "CAA")["inputs"]["data"].pop("tag")

    index = _golden_plan()["resources"].index(_first_record(_golden_plan(), "CAA"))
    assert _errors(validator, _damaged(caa_with_srv_field)) == [
        f"resources/{index}/inputs/data: 'port' is not one of ['flags', 'tag', 'value']"
    ]
    assert _errors(validator, _damaged(caa_without_tag)) == [
        f"resources/{index}/inputs/data: 'tag' is a required property"
    ]


def test_a_resource_of_another_provider_keeps_its_own_arguments(validator):
    """Inputs of resources other than DNS records are the provider's arguments: not closed here."""
    document = json.loads(report.to_json(phase_plan("mirror")))
    check = next(r for r in document["resources"] if r["type"] == "aws:route53/healthCheck:HealthCheck")
    check["inputs"]["search_string"] = "ok"
    assert _errors(validator, document) == []


def test_the_schema_names_every_documented_key():
    schema = json.loads(SCHEMA_PATH.read_text())

    def paths(node, prefix=""):
        for key, sub in node.get("properties", {}).items():
            path = f"{prefix}.{key}" if prefix else key
            yield path
            if sub.get("type") == "array" and "properties" in sub.get("items", {}):
                yield from paths(sub["items"], f"{path}[]")
            else:
                yield from paths(sub, path)

    from tests.support.plan_schema import SAME_AS, documented_keys

    # An object documented as "keys as `summary`" repeats that object's keys.
    named = {p for p in paths(schema) if not any(p.startswith(f"{alias}.") for alias in SAME_AS)}
    assert named == {key for key, _ in documented_keys(DOC.read_text())}
    assert Path(SCHEMA_PATH).read_text().endswith("}\n")
