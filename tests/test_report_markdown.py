"""``plan --format markdown`` (a pull-request comment) and the ``--fail-on`` exit gate."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from migration import cli, report_markdown
from migration.plan import build
from migration.settings import Settings, load_stack
from migration.sources import snapshot as snapshot_file
from migration.stack import plan_for
from tests.conftest import ROOT

ACCOUNT_ID = "0123456789abcdef0123456789abcdef"  # stacks/Pulumi.example.yaml


@pytest.fixture(scope="module")
def example_plan():
    return plan_for(load_stack("example", cwd=ROOT))


def plan_of(record_sets: list[dict], tmp: Path | None = None):
    """A plan for a small hand-written zone ``t.example.`` (Route53 list-resource-record-sets shape)."""
    snap = snapshot_file.from_document(
        {"ResourceRecordSets": record_sets}, "test", zone="t.example", hosted_zone_id="Z0TEST"
    )
    return build(Settings(stack="t", zone="t.example", snapshot=Path("/dev/null"), cloudflare_account_id="acct"), snap)


WEIGHTED = [
    {
        "Name": "w.t.example.",
        "Type": "A",
        "SetIdentifier": "one",
        "Weight": 10,
        "TTL": 60,
        "ResourceRecords": [{"Value": "192.0.2.1"}],
    },
    {
        "Name": "w.t.example.",
        "Type": "A",
        "SetIdentifier": "two",
        "Weight": 20,
        "TTL": 60,
        "ResourceRecords": [{"Value": "192.0.2.2"}],
    },
]
PLAIN = [{"Name": "a.t.example.", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.9"}]}]


def test_example_comment_has_marker_headline_and_phase_summary(example_plan):
    text = report_markdown.render(example_plan)
    lines = text.splitlines()
    assert lines[0] == "<!-- dns-migration-plan stack=example -->"
    assert lines[1] == "## DNS migration plan: `example.com`"
    assert "**✅ READY, 4 warnings (below)**" in text
    assert "| phase | create | adopt | update | delete | skip | refuse | error | warn |" in lines
    # 25 records + the Cloudflare zone to create, the Route53 zone to adopt, apex SOA and NS skipped,
    # the 30 s wildcard TTL warning.
    assert "| mirror | 24 | 1 | 0 | 0 | 4 | 0 | 0 | 4 |" in lines


def test_example_comment_folds_long_lists_and_keeps_short_ones_open(example_plan):
    text = report_markdown.render(example_plan)
    assert "<summary><strong>Cloudflare records to create (23)</strong></summary>" in text
    assert "<summary><strong>Record sets translated (20)</strong></summary>" in text
    assert "### Record sets skipped (4)" in text  # apex SOA and NS, 2 stale DKIM selectors
    assert "| `example.com. SOA` | apex SOA: Cloudflare serves its own |" in text
    assert (
        "| `*.preview.example.com. A` | ttl-clamped | TTL 30 s is below Cloudflare's minimum; raised to 60 s |"
    ) in text
    assert (
        "| `_3f2a9c1d0b7e4a5f8c6d2e1b0a9f8e7d.example.com` | CNAME | 300 | DNS-only | "
        "`_9b1c7e5d3a2f4b6c8d0e1f2a3b4c5d6e.xlfgrmvvlj.acm-validations.aws` |"
    ) in text
    # Every <details> is closed, and a blank line follows <summary> so GitHub renders the table.
    assert text.count("<details>") == text.count("</details>") == 2
    assert "</summary>\n\n|" in text


def test_example_comment_cuts_a_long_dkim_key_and_shows_no_account_id(example_plan):
    text = report_markdown.render(example_plan)
    assert (
        "p=IpHYzcMQQR5+wnN4pmHJNRh8B+TVY26bw8QAsnJEuM06l/Ea5lEHBQamigLw4WGvN/hsuQeHOMNw8H6NO… (415 characters)`" in text
    )
    assert ACCOUNT_ID not in text


def test_refusals_are_listed_open_and_block():
    plan = plan_of(WEIGHTED + PLAIN)
    text = report_markdown.render(plan)
    assert "**⛔ Blocked**: 2 record set(s) refused, 0 error(s)." in text
    assert "### Needs attention" in text
    # One refusal shared by both sets: one item naming both.
    assert (
        "- **refused** `w.t.example. A [one]`, `w.t.example. A [two]`: weighted routing policy: w.t.example. A is 2 record set(s): "
        "'one' (Weight 10), 'two' (Weight 20). Plain Cloudflare DNS cannot route, and keeping one would silently "
        "drop the others; choose in the stack settings: migration:routing: "
        '{"w.t.example": {"keep": "<set identifier>"}} to publish one set, or {"w.t.example": {"union": true}} '
        "to publish all values as one record set (weighted and multivalue only)"
    ) in text
    assert "| t | 2 | 1 | 0 | 0 | 2 | 0 | 0 |" not in text  # the row is per phase, not per stack
    assert "| mirror | 2 | 1 | 0 | 0 | 0 | 2 | 0 | 0 |" in text


def test_cells_escape_pipes_and_backticks():
    assert report_markdown.cell("a|b\nc") == "a\\|b c"
    assert report_markdown.code("x`y|z") == "`` x`y\\|z ``"
    assert report_markdown.code("") == ""


def test_a_table_stops_at_max_rows_and_says_how_many_it_left(monkeypatch):
    monkeypatch.setattr(report_markdown, "MAX_ROWS", 3)
    records = [
        {"Name": f"h{i}.t.example.", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": f"192.0.2.{i}"}]}
        for i in range(1, 6)
    ]
    text = report_markdown.render(plan_of(records))
    assert "| `h3.t.example` | A | 300 | DNS-only | `192.0.2.3` |" in text
    assert "h4.t.example` | A" not in text
    assert "_2 more rows not shown: see `--format json`._" in text


@pytest.mark.parametrize(
    ("records", "fail_on", "expected"),
    [
        (PLAIN, "refusals", False),
        (PLAIN, "warnings", False),
        (WEIGHTED, "refusals", True),
        (WEIGHTED, "warnings", True),
        # TTL 30 s is raised to 60 s with a warning: only --fail-on warnings fails on it.
        (
            [{"Name": "a.t.example.", "Type": "A", "TTL": 30, "ResourceRecords": [{"Value": "192.0.2.9"}]}],
            "refusals",
            False,
        ),
        (
            [{"Name": "a.t.example.", "Type": "A", "TTL": 30, "ResourceRecords": [{"Value": "192.0.2.9"}]}],
            "warnings",
            True,
        ),
    ],
)
def test_fail_on_gate(records, fail_on, expected):
    assert cli.fails(plan_of(records), fail_on) is expected


def test_fail_on_sets_the_exit_status(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert cli.main(["plan", "--stack", "example", "--format", "markdown"]) == 0
    assert capsys.readouterr().out.startswith("<!-- dns-migration-plan stack=example -->\n")
    assert cli.main(["plan", "--stack", "example", "--format", "markdown", "--fail-on", "warnings"]) == 1
    with pytest.raises(SystemExit) as exc:
        cli.main(["plan", "--stack", "example", "--fail-on", "errors"])
    assert exc.value.code == 2
    assert "invalid choice: 'errors'" in capsys.readouterr().err


def test_stack_comment_summarises_every_phase_and_what_decommission_deletes():
    """Without --phase the PR comment has a row per phase (the stack's own in bold) and, folded,
    every resource the decommission deletes: the hosted zone and each of its record sets."""
    done = subprocess.run(
        [sys.executable, "-m", "migration", "plan", "--stack", "example", "--format", "markdown"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [
        line
        for line in lines
        if line.startswith("| **mirror**") or line.startswith("| cut-over") or line.startswith("| decommission")
    ] == [
        "| **mirror** (this stack) | 24 | 1 | 0 | 0 | 4 | 0 | 0 | 4 |",
        "| cut-over | 1 | 0 | 1 | 0 | 4 | 0 | 0 | 4 |",
        "| decommission | 0 | 0 | 0 | 25 | 4 | 0 | 0 | 5 |",
    ]
    assert "<summary><strong>Later, phase decommission deletes (25)</strong></summary>" in lines
    assert sum("deleted with hosted zone Z0EXAMPLE1234567890AB" in line for line in lines) == 24
