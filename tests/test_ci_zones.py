"""The many-zones workflow (.github/workflows/dns-zones.yml): one preview job per stack of
stacks/, one summary comment across zones, made by the product's own commands."""

from __future__ import annotations

import json
import subprocess

import yaml

from tests.conftest import ROOT

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
    assert 'python -m migration plan --stack "$STACK" --format json > "plan-$STACK.json"' in offline["run"]
    assert offline["env"]["STACK"] == "${{ matrix.stack }}"
    assert _step(jobs["preview"], "pulumi preview")["with"]["stack-name"] == "${{ matrix.stack }}"
    summary = jobs["summary"]
    assert summary["needs"] == "preview" and summary["if"] == "always()"
    assert "python -m migration summary plans/plan-*.json > summary.md" in _step(summary, "One summary")["run"]
    assert "startsWith(marker)" in _step(summary, "Post the summary")["with"]["script"]
    assert summary["permissions"]["pull-requests"] == "write"
