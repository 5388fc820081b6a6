"""A zone larger than one Cloudflare rate-limit window is applied in steps: ``python -m migration
apply-steps`` writes each step's ``pulumi up --target`` script, tested on a 10,000-record-set plan
(the scripts are read back with the shell's own quoting rules; the Pulumi CLI cannot run here)."""

from __future__ import annotations

import json
import shlex
from dataclasses import replace
from pathlib import Path

from migration import apply_cost, apply_steps
from migration.cli import main
from migration.plan import build
from migration.settings import Settings
from migration.sources import snapshot as snapshot_file
from tests.benchmarks import zonegen
from tests.conftest import ROOT

SETTINGS = Settings(
    stack="big",
    zone=zonegen.ZONE,
    snapshot=Path("unused"),
    cloudflare_account_id="acct",
    hosted_zone_id=zonegen.HOSTED_ZONE_ID,
    cloudflare_record_limit=20_000,
)


def _targets(text: str) -> list[str]:
    # The shell drops a backslash-newline (line continuation) before splitting words.
    words = shlex.split(text.replace("\\\n", ""), comments=True)
    assert words[:2] == ["set", "-e"]
    words = words[2:]
    assert words[:8] == ["exec", "pulumi", "up", "--stack", "big", "--policy-pack", "policy", "--yes"]
    options = words[8:]
    assert options[::2] == ["--target"] * (len(options) // 2)
    return options[1::2]


def test_a_10000_record_set_plan_is_cut_into_steps_of_one_window_each():
    plan = build(SETTINGS, snapshot_file.from_document(zonegen.snapshot_document(10_000), "generated"))
    cost = apply_cost.estimate(plan.resources)
    written = apply_steps.scripts(plan.resources, "big", "route53-to-cloudflare")
    names = [name for name, _ in written]
    assert names == [f"step-{i:02d}.sh" for i in range(1, cost.windows + 1)] + [f"step-{cost.windows + 1:02d}-final.sh"]
    targets = [_targets(text) for _, text in written[:-1]]
    # Each step stays within one window of Cloudflare requests; the Route53 zone rides in the first.
    cloudflare = [[u for u in step if "::cloudflare:" in u] for step in targets]
    assert tuple(len(step) for step in cloudflare) == cost.chunks
    assert targets[0][0] == "urn:pulumi:big::route53-to-cloudflare::cloudflare:index/zone:Zone::cloudflare-zone"
    assert [u for step in targets for u in step if "::aws:" in u] == [
        "urn:pulumi:big::route53-to-cloudflare::aws:route53/zone:Zone::route53-zone"
    ]
    assert "aws:route53/zone:Zone" in targets[0][-1]
    # Every changing resource exactly once, in plan order.
    expected = [apply_steps.urn("big", "route53-to-cloudflare", r) for r in plan.resources if r.action != "keep"]
    assert sorted(u for step in targets for u in step) == sorted(expected) and len(set(expected)) == len(expected)
    # Wildcard owners (logical names holding "*") come back whole through the shell's quoting.
    assert any("::a-*.wild" in u or "*" in u for step in targets for u in step)
    assert shlex.split(written[-1][1], comments=True) == [
        "set",
        "-e",
        "exec",
        "pulumi",
        "up",
        "--stack",
        "big",
        "--policy-pack",
        "policy",
        "--yes",
    ]


def test_a_plan_that_changes_nothing_needs_only_the_final_run():
    plan = build(SETTINGS, snapshot_file.from_document(zonegen.snapshot_document(50), "generated"))
    kept = [replace(r, action="keep") for r in plan.resources]
    assert apply_steps.steps(kept, "big", "p") == []
    assert [n for n, _ in apply_steps.scripts(kept, "big", "p")] == ["step-01-final.sh"]


def test_cli_writes_the_step_scripts_of_a_stack(tmp_path, monkeypatch, capsys):
    source = tmp_path / "z.json"
    source.write_text(json.dumps(zonegen.snapshot_document(3000)))
    (tmp_path / "Pulumi.yaml").write_text("name: dnsmove\nruntime: python\nstackConfigDir: stacks\n")
    (tmp_path / "stacks").mkdir()
    (tmp_path / "stacks" / "Pulumi.big.yaml").write_text(
        f"config:\n  migration:zone: {zonegen.ZONE}\n  migration:snapshot: z.json\n  migration:cloudflareAccountId: 023e105f4ecef8ad9ca31a8372d0c354\n"
        "  migration:cloudflareRecordLimit: 20000\n"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["apply-steps", "--stack", "big", "-o", "steps"]) == 0
    files = sorted(p.name for p in (tmp_path / "steps").iterdir())
    assert files == ["step-01.sh", "step-02.sh", "step-03.sh", "step-04.sh", "step-05-final.sh"]
    first = (tmp_path / "steps" / "step-01.sh").read_text()
    assert (
        first.startswith("#!/bin/sh\n")
        and "urn:pulumi:big::dnsmove::cloudflare:index/zone:Zone::cloudflare-zone" in first
    )
    assert (tmp_path / "steps" / "step-01.sh").stat().st_mode & 0o111
    assert capsys.readouterr().err == (
        "wrote 5 scripts to steps: 4 steps of at most 1,200 resources (one Cloudflare rate-limit window each), "
        "then the whole stack; run them in order, 5 minutes apart:\n"
        '  for s in steps/step-*.sh; do sh "$s" || break; sleep 300; done\n'
    )
    # A missing output folder's parent is bad input.
    assert main(["apply-steps", "--stack", "big", "-o", "no/such/steps"]) == 2
    assert "no/such" in capsys.readouterr().err


def test_the_documented_loop_runs_the_written_scripts():
    docs = (ROOT / "docs" / "performance.md").read_text() + (ROOT / "README.md").read_text()
    assert "python -m migration apply-steps --stack NAME -o steps" in docs
    assert 'for s in steps/step-*.sh; do sh "$s" || break; sleep 300; done' in docs
