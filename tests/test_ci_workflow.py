"""The example GitHub Actions workflow (.github/workflows/dns-migration.yml): it parses, runs the
commands the README documents, and applies only on main behind the protected environment."""

from __future__ import annotations

import re

import pytest
import yaml

from migration.report_markdown import comment_marker
from tests.conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "dns-migration.yml"
README = ROOT / "README.md"
# The commands the README documents; NAME is the stack.
DOCUMENTED = [
    "./run example",
    "./run test",
    "python -m migration plan --stack NAME --format markdown",
    "pulumi preview --stack NAME",
    "pulumi up --stack NAME",
]
STACK_EXPRESSIONS = ('"$STACK"', "$STACK", "${{ env.STACK }}")


@pytest.fixture(scope="module")
def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def _triggers(workflow: dict) -> dict:
    # YAML 1.1 reads the bare key `on` as the boolean true.
    return workflow.get("on", workflow.get(True))


def _named(text: str) -> str:
    for expression in STACK_EXPRESSIONS:
        text = text.replace(expression, "NAME")
    return re.sub(r"\s+", " ", text)


def commands(job: dict) -> list[str]:
    """The commands a job runs: each `run:` line, and `pulumi <command> --stack <stack>` for a step
    that uses Pulumi's official action (pulumi/actions)."""
    found = []
    for step in job["steps"]:
        if "run" in step:
            found += [_named(line.strip()) for line in step["run"].splitlines() if line.strip()]
        elif step.get("uses", "").startswith("pulumi/actions@"):
            found.append(_named(f"pulumi {step['with']['command']} --stack {step['with']['stack-name']}"))
    return found


def names_command(job: dict, command: str) -> bool:
    return any(line == command or line.startswith(command + " ") for line in commands(job))


def test_triggers_are_pull_requests_and_pushes_to_main(workflow):
    triggers = _triggers(workflow)
    assert set(triggers) == {"pull_request", "push"}
    assert triggers["push"]["branches"] == ["main"]
    assert "stacks/**" in triggers["pull_request"]["paths"] == triggers["push"]["paths"]
    assert workflow["env"]["STACK"] == "example"
    assert (ROOT / "stacks" / f"Pulumi.{workflow['env']['STACK']}.yaml").is_file()


def test_every_documented_command_is_run(workflow):
    jobs = workflow["jobs"].values()
    for command in DOCUMENTED:
        assert any(names_command(job, command) for job in jobs), command


def test_pull_requests_plan_offline_comment_and_preview_with_the_policy_pack(workflow):
    plan = workflow["jobs"]["plan"]
    assert plan["if"] == "github.event_name == 'pull_request'"
    assert plan["permissions"] == {"contents": "read", "id-token": "write", "pull-requests": "write"}
    assert names_command(plan, "python -m migration plan --stack NAME --format markdown")
    assert "python -m migration plan --stack NAME --format markdown --fail-on refusals > plan.md" in commands(plan)
    assert not names_command(plan, "pulumi up --stack NAME")
    preview = next(s for s in plan["steps"] if s.get("uses", "").startswith("pulumi/actions@"))
    assert preview["with"]["command"] == "preview"
    assert preview["with"]["comment-on-pr"] is True
    assert preview["with"]["policyPacks"] == "policy"
    assert (ROOT / preview["with"]["policyPacks"] / "PulumiPolicy.yaml").is_file()
    # The comment step finds its previous comment by the marker the Markdown report starts with.
    poster = next(s for s in plan["steps"] if s.get("uses", "").startswith("actions/github-script@"))
    assert "body.split('\\n')[0]" in poster["with"]["script"]
    assert comment_marker("example").startswith("<!-- ")


def test_main_applies_behind_the_protected_environment(workflow):
    apply = workflow["jobs"]["apply"]
    assert apply["if"] == "github.event_name == 'push' && github.ref == 'refs/heads/main'"
    assert apply["environment"] == "dns-production"
    assert apply["concurrency"]["cancel-in-progress"] is False
    assert names_command(apply, "pulumi up --stack NAME")
    up = next(s for s in apply["steps"] if s.get("uses", "").startswith("pulumi/actions@"))
    assert up["with"]["policyPacks"] == "policy"
    # The offline gate runs before anything touches a cloud.
    steps = apply["steps"]
    gate = next(i for i, s in enumerate(steps) if "python -m migration plan" in s.get("run", ""))
    cloud = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith(("aws-actions/", "pulumi/actions@")))
    assert gate < cloud


def test_secrets_come_from_github_secrets_and_roles_from_oidc(workflow):
    text = WORKFLOW.read_text()
    assert "aws-access-key-id" not in text and "AWS_SECRET_ACCESS_KEY" not in text
    for job in ("plan", "apply"):
        steps = workflow["jobs"][job]["steps"]
        aws = next(s for s in steps if s.get("uses", "").startswith("aws-actions/configure-aws-credentials@"))
        assert aws["with"]["role-to-assume"].startswith("${{ vars.AWS_")
        pulumi_step = next(s for s in steps if s.get("uses", "").startswith("pulumi/actions@"))
        assert pulumi_step["env"]["CLOUDFLARE_API_TOKEN"].startswith("${{ secrets.CLOUDFLARE_API_TOKEN")


def test_the_readme_documents_the_commands_the_workflow_runs():
    # The README writes the stack as <stack> and the interpreter as .venv/bin/python.
    readme = README.read_text().replace("<stack>", "NAME").replace(".venv/bin/python ", "python ")
    for command in DOCUMENTED:
        assert command in readme, command
