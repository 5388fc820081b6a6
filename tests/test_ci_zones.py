"""The many-zones workflow (.github/workflows/dns-zones.yml): one preview job per stack of
stacks/, one summary comment across zones, made by the product's own commands."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.support.git_repo import b09_history, git

WORKFLOW = ROOT / ".github" / "workflows" / "dns-zones.yml"


def _workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def _step(job: dict, name_start: str) -> dict:
    return next(s for s in job["steps"] if s.get("name", "").startswith(name_start))


def test_the_matrix_has_one_job_per_stack_of_the_checkout():
    jobs = _workflow()["jobs"]
    script = _step(jobs["stacks"], "Every stack")["run"].replace('>> "$GITHUB_OUTPUT"', "")
    listed = subprocess.run(["bash", "-c", script], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    stacks = json.loads(listed.strip().removeprefix("stacks="))
    assert sorted(stacks) == sorted(
        p.name[len("Pulumi.") : -len(".yaml")] for p in (ROOT / "stacks").glob("Pulumi.*.yaml")
    )
    assert "example" in stacks and "example-after" in stacks
    preview = jobs["preview"]
    assert preview["strategy"]["matrix"]["stack"] == "${{ fromJSON(needs.stacks.outputs.stacks) }}"
    assert preview["strategy"]["fail-fast"] is False


def test_each_job_plans_its_zone_and_one_summary_is_posted():
    jobs = _workflow()["jobs"]
    steps = jobs["preview"]["steps"]
    names = [s.get("name") or s.get("uses") for s in steps]
    # Credentials before the offline plan: SES is read, so stale selectors are never created.
    assert names.index("aws-actions/configure-aws-credentials@v4") < names.index(
        "Offline plan of this zone (JSON, for the summary)"
    )
    offline = _step(jobs["preview"], "Offline plan")
    assert (
        'python -m migration plan --stack "$STACK" --format json "${baseline[@]}" > "plan-$STACK.json"'
        in offline["run"]
    )
    assert offline["env"]["STACK"] == "${{ matrix.stack }}"
    assert _step(jobs["preview"], "pulumi preview")["with"]["stack-name"] == "${{ matrix.stack }}"
    summary = jobs["summary"]
    assert summary["needs"] == "preview" and summary["if"] == "always()"
    assert "python -m migration summary plans/plan-*.json > summary.md" in _step(summary, "One summary")["run"]
    assert "startsWith(marker)" in _step(summary, "Post the summary")["with"]["script"]
    assert summary["permissions"]["pull-requests"] == "write"


def _bash(script: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """SCRIPT run by bash as GitHub runs a step (``bash --noprofile --norc -eo pipefail``)."""
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("applied", ["", "HEAD~1"])
def test_each_zone_is_planned_against_the_commit_its_stack_last_applied(project, monkeypatch, applied):
    """The matrix job reads the stack tag migration:applied-commit (docs/ci.md) and plans against
    it; run here by bash in a git repository of case b09 (tests/support/git_repo.py)."""
    workflow = _workflow()
    steps = workflow["jobs"]["preview"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0
    read = _step(workflow["jobs"]["preview"], "The commit last applied")
    assert 'pulumi stack tag ls --json --stack "$STACK" > tags.json' in read["run"]
    assert steps.index(_step(workflow["jobs"]["preview"], "Pulumi CLI")) < steps.index(read)
    offline = _step(workflow["jobs"]["preview"], "Offline plan")
    assert offline["env"]["APPLIED"] == "${{ steps.applied.outputs.commit }}"
    repo = b09_history(project, monkeypatch)
    (repo / ".venv" / "bin").mkdir(parents=True)
    (repo / ".venv" / "bin" / "activate").write_text(
        f'export PATH="{Path(sys.executable).parent}:$PATH" PYTHONPATH="{ROOT}"\n'
    )
    done = _bash(
        offline["run"],
        repo,
        STACK="s",
        APPLIED=git(repo, "rev-parse", applied) if applied else "",
        NO_APPLIED_COMMIT=workflow["env"]["NO_APPLIED_COMMIT"],
        GITHUB_OUTPUT=str(repo / "output"),
    )
    assert done.returncode == 0, done.stderr
    plan = json.loads((repo / "plan-s.json").read_text())
    two_updates = [f["subject"] for f in plan["findings"] if f["code"] == "needs-two-updates"]
    if applied:
        assert (plan["blocked"], two_updates) == (True, ["CNAME foo.example.com"])
        assert not (repo / "plan-s.no-applied-commit").exists()
    else:
        assert two_updates == [] and (repo / "plan-s.no-applied-commit").exists()
        assert done.stdout == f"::warning::s: {workflow['env']['NO_APPLIED_COMMIT']}\n"
    # Both files travel to the summary job in the zone's artifact.
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "plan-${{ matrix.stack }}.*"


def test_the_summary_names_the_zones_planned_without_an_applied_commit(tmp_path):
    workflow = _workflow()
    plans = tmp_path / "plans"
    plans.mkdir()
    for stack in ("a.example", "b.example"):
        (plans / f"plan-{stack}.json").write_text(json.dumps({"stack": stack, "error": "stack a: no settings file"}))
    (plans / "plan-b.example.no-applied-commit").write_text("")
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "activate").write_text(
        f'export PATH="{Path(sys.executable).parent}:$PATH" PYTHONPATH="{ROOT}"\n'
    )
    step = _step(workflow["jobs"]["summary"], "One summary")
    notice = workflow["env"]["NO_APPLIED_COMMIT"]
    done = _bash(
        step["run"],
        tmp_path,
        NO_APPLIED_COMMIT=notice,
        GITHUB_OUTPUT=str(tmp_path / "output"),
        GITHUB_STEP_SUMMARY=str(tmp_path / "summary-page.md"),
    )
    assert done.returncode == 0, done.stderr
    summary = (tmp_path / "summary.md").read_text()
    assert summary.endswith(f"\n\n> Planned without an applied commit: b.example. {notice}\n")
    assert (tmp_path / "summary-page.md").read_text() == summary
    (plans / "plan-b.example.no-applied-commit").unlink()
    assert (
        _bash(
            step["run"],
            tmp_path,
            NO_APPLIED_COMMIT=notice,
            GITHUB_OUTPUT=str(tmp_path / "output"),
            GITHUB_STEP_SUMMARY=str(tmp_path / "summary-page.md"),
        ).returncode
        == 0
    )
    assert "Planned without an applied commit" not in (tmp_path / "summary.md").read_text()
