"""A plan of the whole journey (no --phase) gives one verdict whatever its format: the exit status
of ``--fail-on`` counts every phase in text, Markdown and JSON alike (docs/plan-json.md: "the exit
status does not depend on the format"), the JSON carries the later phases' findings the text and
Markdown list under their phase's name, and the summary across zones counts them. Before, a
warning or a block of a later phase failed the text plan only; Markdown and JSON exited 0 and the
JSON had no word of the warning."""

from __future__ import annotations

import json

import pytest

from migration import report_summary
from tests.support.cli import run
from tests.support.plans import SUMMARY_PLAN

# Nothing for the mirror phase to warn about; without an inventory the decommission warns.
SNAPSHOT = {
    "ResourceRecordSets": [
        {"Name": "example.com.", "Type": "NS", "TTL": 172800, "ResourceRecords": [{"Value": "ns-1.awsdns-01.org."}]},
        {
            "Name": "example.com.",
            "Type": "SOA",
            "TTL": 900,
            "ResourceRecords": [
                {"Value": "ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"}
            ],
        },
        {"Name": "www.example.com.", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.1"}]},
    ]
}
INVENTORY_MISSING = {
    "severity": "warning",
    "code": "inventory-missing",
    "subject": "migration:inventory",
    "message": "no inventory: the plan cannot delete the zone's query logging, health checks and orphan zones "
    "(the orphans gate reads them live and fails if any exist); take it with 'python -m migration inventory "
    "--stack NAME'",
}


def _plan(tmp_path, capsys, *more: str) -> tuple[int, str]:
    source = tmp_path / "zone.json"
    source.write_text(json.dumps(SNAPSHOT))
    status, out, err = run(
        ["plan", "--source", str(source), "--hosted-zone-id", "Z0EXAMPLE1234567890AB", *more], capsys
    )
    assert err == ""
    return status, out


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_a_later_phases_warning_fails_fail_on_warnings_in_every_format(tmp_path, capsys, fmt):
    assert _plan(tmp_path, capsys, "--format", fmt, "--fail-on", "warnings")[0] == 1
    assert _plan(tmp_path, capsys, "--format", fmt)[0] == 0  # --fail-on refusals: a warning passes
    # With --phase mirror the later phase is out of scope.
    assert _plan(tmp_path, capsys, "--format", fmt, "--fail-on", "warnings", "--phase", "mirror")[0] == 0


def test_the_json_journey_names_the_later_phases_findings_and_the_summary_counts_them(tmp_path, capsys):
    _, text = _plan(tmp_path, capsys)
    _, raw = _plan(tmp_path, capsys, "--format", "json")
    document = json.loads(raw)
    assert (document["summary"]["warnings"], document["findings"]) == (0, [])
    assert [(p["phase"], [f["code"] for f in p["findings"]]) for p in document["journey"]] == [
        ("mirror", []),
        ("cut-over", ["registrar-instructions"]),
        ("decommission", ["inventory-missing"]),
    ]
    assert document["journey"][2]["findings"] == [INVENTORY_MISSING]
    # The text lists the same warning under its phase, and its headline counts it.
    assert text.splitlines()[1].startswith("READY, 1 warning (below): ")
    assert f"  migration:inventory (phase decommission): {INVENTORY_MISSING['message']}" in text.splitlines()
    assert report_summary.row(document)[-1] == "✅ ready, 1 warning"


def _with_journey(journey) -> dict:
    return {**json.loads(json.dumps(SUMMARY_PLAN)), "journey": journey}


def test_the_summary_across_zones_shows_a_phase_blocked_later():
    document = _with_journey(
        [
            {"phase": "mirror", "blocked": False, "findings": []},
            {"phase": "cut-over", "blocked": True},  # a plan made before journey[].findings
            {"phase": "decommission", "blocked": False, "findings": []},
        ]
    )
    assert report_summary.problems(document) == []
    assert report_summary.row(document)[-1] == "❌ blocked later: cut-over"
    assert "## DNS migration: 1 zone(s), 1 blocked" in report_summary.render([document])


@pytest.mark.parametrize(
    ("journey", "reason"),
    [
        ("x", "'journey' must be a list, not \"x\""),
        ([5], "'journey[0]' must be an object, not 5"),
        ([{"phase": 1, "blocked": False}], "'journey[0].phase' must be one of mirror, cut-over, decommission, not 1"),
        (
            [{"phase": "bogus", "blocked": False}],
            "'journey[0].phase' must be one of mirror, cut-over, decommission, not \"bogus\"",
        ),
        ([{"phase": "mirror"}], "'journey[0].blocked' is missing"),
        ([{"phase": "mirror", "blocked": "no"}], "'journey[0].blocked' must be true or false, not \"no\""),
        (
            [{"phase": "mirror", "blocked": False, "findings": [{"code": "x"}]}],
            '\'journey[0].findings\' must be a list of findings with a severity, not [{"code": "x"}]',
        ),
    ],
)
def test_a_journey_of_the_wrong_shape_is_named(journey, reason):
    assert report_summary.problems(_with_journey(journey)) == [reason]
