"""The text plan reads like the Markdown one: the verdict and a summary row per phase first, then
"Needs attention", then the changes; unchanged resources, record sets deleted with the hosted
zone and record sets copied as they are counted unless ``--verbose``; a shared refusal printed
once; the hosted-zone deletion a top-level line in every format; every format says its scope
(case n-text-plan-buried)."""

from __future__ import annotations

import json
import subprocess
import sys

from migration.cli import main
from tests.benchmarks import zonegen
from tests.conftest import ROOT

ZONE_ID = "Z0EXAMPLE1234567890AB"
DELETION = (
    f"IRREVERSIBLE: phase decommission deletes the Route53 hosted zone {ZONE_ID} (example.com) and its 24 "
    "record sets (after its gates and a backup)."
)


def _run(capsys, monkeypatch, *args: str) -> tuple[int, str]:
    monkeypatch.chdir(ROOT)
    code = main(["plan", *args])
    return code, capsys.readouterr().out


def test_a_10000_record_set_plan_gives_its_verdict_and_problems_in_the_first_40_lines(tmp_path, capsys, monkeypatch):
    document = zonegen.snapshot_document(10_000)
    # Two weighted sets of one name: refused together, for one reason.
    document["ResourceRecordSets"] += [
        {
            "Name": f"lb.{zonegen.ZONE}",
            "Type": "A",
            "TTL": 60,
            "SetIdentifier": ident,
            "Weight": weight,
            "ResourceRecords": [{"Value": ip}],
        }
        for ident, weight, ip in (("blue", 1, "192.0.2.1"), ("green", 2, "192.0.2.2"))
    ]
    source = tmp_path / "z10k.json"
    source.write_text(json.dumps(document))
    code, out = _run(capsys, monkeypatch, "--source", str(source), "--phase", "mirror")
    lines = out.splitlines()
    assert code == 1
    assert lines[1] == (
        "BLOCKED: 2 record set(s) refused, 1 error(s); nothing may be applied until they are fixed "
        "(see Needs attention)."
    )
    head = lines[:40]
    at = head.index("Needs attention (2)")
    refused = head[at + 1]
    # The refusal shared by both sets is one line naming both.
    assert refused.startswith(
        "  refused        lb.bench.example. A [blue], lb.bench.example. A [green]: weighted routing policy"
    )
    assert sum("lb.bench.example. A [green]" in line for line in lines) == 1
    assert head[at + 2].startswith(
        "  ERROR          Cloudflare zone: the plan creates 13122 records but the zone allows 200"
    )
    # Record sets copied as they are: counted, not listed.
    assert "  5624 record sets copied as they are: not listed (--verbose lists them)" in lines


def test_the_journey_text_counts_what_is_unchanged_and_lists_it_when_verbose(capsys, monkeypatch):
    code, out = _run(capsys, monkeypatch, "--stack", "example")
    lines = out.splitlines()
    assert code == 0
    assert lines[:4] == [
        "Migration plan for example.com (stack example, phase mirror)",
        "READY, 5 warnings (below): nothing refused, no errors; review the warnings and the changes, then "
        "'pulumi preview' and 'pulumi up'.",
        "Scope: phase mirror (migration:phase) in detail; the whole journey (mirror -> cut-over -> decommission) in "
        "summary: counts per phase and what later phases delete.",
        DELETION,
    ]
    summary = lines.index("Summary")
    assert lines[summary + 1 : summary + 5] == [
        "  phase                create  adopt  update  delete  skip  refuse  error  warn",
        "  mirror (this stack)  24      1      0       0       4     0       0      4",
        "  cut-over             1       0      1       0       4     0       0      4",
        "  decommission         0       0      0       25      4     0       0      5",
    ]
    assert lines[summary + 6 : summary + 9] == [
        "Needs attention (2)",
        "  stale-selector ccq1bhfebt63c0po7dea3ktwgtjxs55s._domainkey.example.com: not copied: SES does not list "
        "this token; deleted with the Route53 zone",
        "  stale-selector d89h6vlav66kiwcdhbq5hb7uon3n9jhu._domainkey.example.com: not copied: SES does not list "
        "this token; deleted with the Route53 zone",
    ]
    assert len(lines) < 100


def test_decommission_counts_keep_rows_and_record_sets_deleted_with_the_zone(capsys, monkeypatch):
    code, out = _run(capsys, monkeypatch, "--stack", "example", "--phase", "decommission")
    assert "  25 resources unchanged (keep): not listed (--verbose lists them)" in out
    assert "  24 Route53 record sets deleted with the hosted zone: not listed (--verbose lists them)" in out
    assert "(record set www.example.com. CNAME, deleted with hosted zone" not in out
    assert out.splitlines()[3] == DELETION.replace("phase decommission", "this phase")
    code, verbose = _run(capsys, monkeypatch, "--stack", "example", "--phase", "decommission", "--verbose")
    assert "not listed" not in verbose
    assert "(record set www.example.com. CNAME, deleted with hosted zone Z0EXAMPLE1234567890AB)" in verbose
    assert sum(line.startswith("  keep ") for line in verbose.splitlines()) == 25


def test_every_format_names_the_hosted_zone_deletion_and_the_same_scope(capsys, monkeypatch):
    scope = (
        "phase mirror (migration:phase) in detail; the whole journey (mirror -> cut-over -> decommission) in "
        "summary: counts per phase and what later phases delete"
    )
    _, text = _run(capsys, monkeypatch, "--stack", "example")
    _, markdown = _run(capsys, monkeypatch, "--stack", "example", "--format", "markdown")
    _, raw = _run(capsys, monkeypatch, "--stack", "example", "--format", "json")
    document = json.loads(raw)
    assert f"Scope: {scope}." in text.splitlines() and f"Scope: {scope}." in markdown.splitlines()
    assert document["scope"] == scope
    assert DELETION in text.splitlines() and f"**⚠️ {DELETION}**" in markdown.splitlines()
    assert document["hostedZoneDeletion"] == DELETION
    assert [(p["phase"], p["summary"]["delete"], p["blocked"]) for p in document["journey"]] == [
        ("mirror", 0, False),
        ("cut-over", 0, False),
        ("decommission", 25, False),
    ]
    assert document["journey"][2]["deletes"] == [f"Route53 hosted zone {ZONE_ID} (example.com), deleted"]
    # Never folded under the "Nothing refused" headline: it comes before the summary table.
    assert markdown.index(DELETION) < markdown.index("| phase |")


def test_plan_without_a_phase_shows_the_whole_journey():
    done = subprocess.run(
        [sys.executable, "-m", "migration", "plan", "--stack", "example"], cwd=ROOT, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "Migration plan for example.com (stack example, phase mirror)"
    assert lines[2] == (
        "Scope: phase mirror (migration:phase) in detail; the whole journey (mirror -> cut-over -> "
        "decommission) in summary: counts per phase and what later phases delete."
    )
    rows = [line.split()[0] for line in lines[lines.index("Summary") + 2 : lines.index("Summary") + 5]]
    assert rows == ["mirror", "cut-over", "decommission"]
    zone_rows = [line.split()[:2] for line in lines if "aws:route53/zone:Zone" in line]
    assert zone_rows == [["adopt", "aws:route53/zone:Zone"]]
    # The decommission's deletion of the hosted zone and its record sets is a top-level line.
    assert lines[3] == (
        "IRREVERSIBLE: phase decommission deletes the Route53 hosted zone Z0EXAMPLE1234567890AB "
        "(example.com) and its 24 record sets (after its gates and a backup)."
    )
