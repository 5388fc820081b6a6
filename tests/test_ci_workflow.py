"""The example GitHub Actions workflow (.github/workflows/dns-migration.yml): it parses, runs the
commands the README documents, and applies only on main behind the protected environment."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from migration.report_markdown import comment_marker
from migration.settings import PHASES, load_stack
from tests.conftest import EXAMPLE, ROOT
from tests.support import iam
from tests.support.git_repo import b09_history, git
from tests.support.plans import plan as phase_plan

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
        elif step.get("uses", "").startswith("pulumi/actions@") and "command" in step.get("with", {}):
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
    assert (
        'python -m migration plan --stack NAME --format markdown --fail-on refusals "${baseline[@]}" > plan.md'
        in commands(plan)
    )
    assert not names_command(plan, "pulumi up --stack NAME")
    preview = _pulumi(plan, "preview")
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
    up = _pulumi(apply, "up")
    assert up["with"]["policyPacks"] == "policy"
    # The plan gate runs before anything is changed, with AWS credentials (SES, the live gates),
    # against the commit last applied; the commit applied is recorded after the update.
    assert _kinds(apply) == [
        "checkout",
        "python",
        "venv",
        "aws-credentials",
        "pulumi-cli",
        "applied-commit",
        "plan",
        "pulumi",
        "record-applied",
        "backup",
    ]
    gate = next(s for s in apply["steps"] if "python -m migration plan" in s.get("run", ""))
    assert 'python -m migration plan --stack NAME --format json --fail-on refusals "${baseline[@]}" > plan.json' in (
        commands({"steps": [gate]})
    )


def test_secrets_come_from_github_secrets_and_roles_from_oidc(workflow):
    text = WORKFLOW.read_text()
    assert "aws-access-key-id" not in text and "AWS_SECRET_ACCESS_KEY" not in text
    for job in ("plan", "apply"):
        steps = workflow["jobs"][job]["steps"]
        aws = next(s for s in steps if s.get("uses", "").startswith("aws-actions/configure-aws-credentials@"))
        assert aws["with"]["role-to-assume"].startswith("${{ vars.AWS_")
        pulumi_step = _pulumi(workflow["jobs"][job], "preview" if job == "plan" else "up")
        assert pulumi_step["env"]["CLOUDFLARE_API_TOKEN"].startswith("${{ secrets.CLOUDFLARE_API_TOKEN")


def test_the_readme_documents_the_commands_the_workflow_runs():
    # The README writes the stack as <stack> and the interpreter as .venv/bin/python.
    readme = README.read_text().replace("<stack>", "NAME").replace(".venv/bin/python ", "python ")
    for command in DOCUMENTED:
        assert command in readme, command


def _pulumi(job: dict, command: str) -> dict:
    """The job's step running ``pulumi COMMAND`` through Pulumi's action."""
    return next(
        s
        for s in job["steps"]
        if s.get("uses", "").startswith("pulumi/actions@") and s.get("with", {}).get("command") == command
    )


def _kinds(job: dict) -> list[str]:
    """Each step of a job as a word, in order, so the order the docs promise can be compared."""
    kinds = []
    for step in job["steps"]:
        uses, run = step.get("uses", ""), step.get("run", "")
        kinds.append(
            "pulumi-cli"
            if uses.startswith("pulumi/actions@") and "command" not in step.get("with", {})
            else "applied-commit"
            if "pulumi stack tag ls" in run
            else "record-applied"
            if "pulumi stack tag set" in run
            else "checkout"
            if uses.startswith("actions/checkout@")
            else "python"
            if uses.startswith("actions/setup-python@")
            else "aws-credentials"
            if uses.startswith("aws-actions/configure-aws-credentials@")
            else "pulumi"
            if uses.startswith("pulumi/actions@")
            else "comment"
            if uses.startswith("actions/github-script@")
            else "backup"
            if uses.startswith("actions/upload-artifact@")
            else "plan"
            if "python -m migration plan" in run
            else "venv"
            if "venv" in run
            else "stop"
            if "exit 1" in run
            else uses or run.split()[0]
        )
    return kinds


def test_the_plan_job_reads_ses_with_credentials_before_planning(workflow):
    """docs/ci.md: credentials, the plan (it reads SES live, so stale DKIM selectors are found
    and never copied), the comment, the stop on a blocked plan, then the preview."""
    assert _kinds(workflow["jobs"]["plan"]) == [
        "checkout",
        "python",
        "venv",
        "aws-credentials",
        "pulumi-cli",
        "applied-commit",
        "plan",
        "comment",
        "stop",
        "pulumi",
    ]
    doc = (ROOT / "docs" / "ci.md").read_text()
    diagram = doc[doc.index("pull request ──>") : doc.index("push to main ──>")]
    assert (
        diagram.index("AWS credentials") < diagram.index("python -m migration plan") < diagram.index("pulumi preview")
    )


def test_the_decommission_backup_is_kept_as_an_artifact(workflow):
    apply = workflow["jobs"]["apply"]
    upload = next(s for s in apply["steps"] if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["if"] == "always()"
    assert upload["with"]["path"] == "backups/" and upload["with"]["retention-days"] == 90
    # backup.folder_of: where the decommission writes, under <project>/backups/.
    from migration import backup
    from migration.sources import snapshot as snapshot_file

    snap = snapshot_file.read(
        EXAMPLE / "route53-example.com.json", zone="example.com", hosted_zone_id="Z0EXAMPLE1234567890AB"
    )
    assert backup.folder_of(snap, ROOT).parent == ROOT / "backups"


def _glob(pattern: str) -> re.Pattern:
    # GitHub path filters: ** any characters, * any but '/' (workflow syntax, "Filter pattern cheat sheet").
    return re.compile("^" + re.escape(pattern).replace(r"\*\*", ".*").replace(r"\*", "[^/]*") + "$")


def _triggered(workflow: dict, path: str) -> bool:
    return all(
        any(_glob(p).match(path) for p in _triggers(workflow)[event]["paths"]) for event in ("pull_request", "push")
    )


def test_path_filters_cover_every_file_a_stack_reads(workflow):
    assert _triggers(workflow)["pull_request"]["paths"] == _triggers(workflow)["push"]["paths"]
    # The files README's steps name, and the inventory command's default file.
    for path in (
        "snapshots/example.org.json",
        "ses/example.org.json",
        "example.org.inventory.json",
        "inventory/example.org.json",
        "cloudflare/example.org.json",
        "stacks/Pulumi.prod.yaml",
    ):
        assert _triggered(workflow, path), path
    readme = README.read_text()
    assert "snapshots/example.org.json" in readme and "ses/example.org.json" in readme
    # Every file every stack of the repository reads.
    for stack_file in sorted((ROOT / "stacks").glob("Pulumi.*.yaml")):
        settings = load_stack(stack_file.name.split(".")[1], ROOT)
        read = [settings.snapshot, *settings.ses_identities, settings.inventory, settings.cloudflare_existing]
        for path in read:
            if path is not None:
                assert _triggered(workflow, path.relative_to(ROOT).as_posix()), (stack_file.name, path)
    assert not _triggered(workflow, "docs/ci.md")


def test_docs_list_every_aws_action_the_code_and_the_provider_use():
    doc = (ROOT / "docs" / "ci.md").read_text()
    listed = set(re.findall(r"`((?:route53|route53domains|ses):[A-Za-z]+)`", doc))
    used = iam.sdk_actions(ROOT)
    # The calls found are the real ones (a renamed client would hide them from the scan).
    assert {
        "route53:ListResourceRecordSets",
        "route53:GetDNSSEC",
        "route53:ListHostedZones",
        "route53domains:GetDomainDetail",
        "ses:GetEmailIdentity",
        "ses:GetIdentityDkimAttributes",
    } <= set(used)
    resources = [r for phase in PHASES for r in phase_plan(phase, registered_with_route53_domains=True).resources]
    provider = iam.provider_actions(resources)
    assert {
        "route53:DeleteHealthCheck",
        "route53:DeleteQueryLoggingConfig",
        "route53domains:UpdateDomainNameservers",
        "route53:DeleteHostedZone",
    } <= set(provider)
    missing = {action: sorted(where) for action, where in {**used, **provider}.items() if action not in listed}
    assert missing == {}


def test_the_runbook_checks_with_the_products_commands_and_its_dnssec_timing():
    runbook = (ROOT / "docs" / "runbook.md").read_text()
    # verify, not a jq/dig loop that flags every alias; kdig, which ./run test installs, for look-ups by hand.
    assert runbook.count("python -m migration verify --stack NAME") >= 2
    assert "jq " not in runbook and not re.search(r"(?<![\w`])dig ", runbook)
    assert "knot-dnsutils" in runbook and "kdig DS ZONE +norec" in runbook
    # DNSSEC: remove the DS, wait its TTL (once, as the gate says), then disable signing.
    from migration import gates

    gate = gates.dnssec(True, ("12345 13 2 ABCD",))
    assert gate.differences == (
        "Route53 signs the zone (GetDNSSEC ServeSignature SIGNING): remove the DS at the registrar, wait its TTL, "
        "then disable signing",
        "the parent publishes DS 12345 13 2 ABCD: remove it at the registrar and wait its TTL",
    )
    assert "remove the DS at the registrar first, wait the DS record's TTL" in runbook.replace("\n   ", " ")
    assert "twice the DS TTL" not in runbook


# The stack tag the apply job records the commit it applied in, which both plans read back
# (docs/ci.md, "The commit last applied"). Pulumi's tag names: letters, digits, '-', '_', '.', ':'
# and at most 40 characters (pulumi/pulumi#3804).
TAG = "migration:applied-commit"


def test_the_apply_job_records_the_commit_applied_only_after_a_successful_update(workflow):
    apply = workflow["jobs"]["apply"]
    assert re.fullmatch(r"[A-Za-z0-9_.:-]{1,40}", TAG)
    steps = apply["steps"]
    record = next(i for i, s in enumerate(steps) if "pulumi stack tag set" in s.get("run", ""))
    up = steps.index(_pulumi(apply, "up"))
    assert up < record
    # success(): only when every step before it, `pulumi up` among them, succeeded.
    assert steps[record]["if"] == "success()"
    assert commands({"steps": [steps[record]]}) == [f'pulumi stack tag set {TAG} "$GITHUB_SHA" --stack NAME']
    assert steps[record]["env"]["PULUMI_ACCESS_TOKEN"] == "${{ secrets.PULUMI_ACCESS_TOKEN }}"
    # Nothing else sets it, and nothing between `pulumi up` and it could fail in its place.
    assert [i for i, s in enumerate(steps) if "tag set" in s.get("run", "")] == [record] == [up + 1]


@pytest.mark.parametrize("job", ["plan", "apply"])
def test_both_plans_compare_with_the_commit_last_applied(workflow, job):
    steps = workflow["jobs"][job]["steps"]
    # The whole history: the commit last applied may be any earlier one.
    assert steps[0]["uses"].startswith("actions/checkout@") and steps[0]["with"]["fetch-depth"] == 0
    # The CLI alone (pulumi/actions with no command installs it), before the tag is read.
    kinds = _kinds(workflow["jobs"][job])
    assert kinds.index("pulumi-cli") < kinds.index("applied-commit") < kinds.index("plan")
    read = next(s for s in steps if "pulumi stack tag ls" in s.get("run", ""))
    assert read["id"] == "applied"
    assert commands({"steps": [read]}) == [
        "pulumi stack tag ls --json --stack NAME > tags.json",
        f'echo "commit=$(jq -r \'."{TAG}" // empty\' tags.json)" >> "$GITHUB_OUTPUT"',
    ]
    plan = next(s for s in steps if "python -m migration plan" in s.get("run", ""))
    assert plan["env"]["APPLIED"] == "${{ steps.applied.outputs.commit }}"
    lines = commands({"steps": [plan]})
    assert 'if [ -n "$APPLIED" ]; then baseline=(--baseline-commit "$APPLIED"); fi' in lines or (
        'baseline=(--baseline-commit "$APPLIED")' in lines
    )
    plans = [line for line in lines if line.startswith("python -m migration plan")]
    assert plans and all('"${baseline[@]}"' in line for line in plans)


@pytest.mark.parametrize("job", ["plan", "apply"])
def test_a_plan_without_an_applied_commit_says_so(workflow, job):
    notice = workflow["env"]["NO_APPLIED_COMMIT"]
    assert notice.startswith(f"No applied commit is recorded (stack tag {TAG}): this plan is not compared")
    assert "needs-two-updates" in notice and f"pulumi stack tag set {TAG}" in notice
    plan = next(s for s in workflow["jobs"][job]["steps"] if "python -m migration plan" in s.get("run", ""))
    lines = commands({"steps": [plan]})
    assert 'echo "::warning::$NO_APPLIED_COMMIT"' in lines
    if job == "plan":
        # In the PR comment, under its marker line (the comment step finds its comment by it),
        # and in the job summary.
        assert (
            "{ head -n 1 plan.md; printf '\\n> %s\\n\\n' \"$NO_APPLIED_COMMIT\"; tail -n +2 plan.md; } > plan.with-notice.md"
            in lines
        )
        assert lines.index("mv plan.with-notice.md plan.md") < lines.index('cat plan.md >> "$GITHUB_STEP_SUMMARY"')
    else:
        assert 'printf \'%s\\n\\n\' "$NO_APPLIED_COMMIT" >> "$GITHUB_STEP_SUMMARY"' in lines


@pytest.mark.parametrize("applied", ["", "HEAD~1"])
def test_the_plan_step_runs_as_github_runs_it(workflow, project, monkeypatch, applied):
    """The plan job's plan step, run by bash as GitHub runs a step (``bash --noprofile --norc -eo
    pipefail``), in a git repository of case b09 (tests/support/git_repo.py): with the commit
    last applied the comment names the change that needs two updates and the job stops; without
    one the comment says, under its marker line, that it could not compare."""
    repo = b09_history(project, monkeypatch)
    (repo / ".venv" / "bin").mkdir(parents=True)
    # The job's virtualenv: here the interpreter running the tests, with this checkout's package.
    (repo / ".venv" / "bin" / "activate").write_text(
        f'export PATH="{Path(sys.executable).parent}:$PATH" PYTHONPATH="{ROOT}"\n'
    )
    step = next(s for s in workflow["jobs"]["plan"]["steps"] if s.get("id") == "offline")
    env = {
        **os.environ,
        "STACK": "s",
        "APPLIED": git(repo, "rev-parse", applied) if applied else "",
        "NO_APPLIED_COMMIT": workflow["env"]["NO_APPLIED_COMMIT"],
        "GITHUB_OUTPUT": str(repo / "output"),
        "GITHUB_STEP_SUMMARY": str(repo / "summary.md"),
    }
    done = subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    comment = (repo / "plan.md").read_text()
    assert comment.startswith(comment_marker("s") + "\n")
    assert (repo / "summary.md").read_text() == comment
    if applied:
        assert (repo / "output").read_text() == "status=1\n"
        assert "**error** `CNAME foo.example.com`: the stack holds A foo.example.com -> 192.0.2.5" in comment
        assert "Apply it in two updates, one pull request each" in comment
        assert workflow["env"]["NO_APPLIED_COMMIT"] not in comment
    else:
        assert (repo / "output").read_text() == "status=0\n"
        assert comment.split("\n")[1:4] == ["", "> " + workflow["env"]["NO_APPLIED_COMMIT"], ""]
        assert "**⛔ Blocked**" not in comment and "Apply it in two updates" not in comment
        assert done.stdout == f"::warning::{workflow['env']['NO_APPLIED_COMMIT']}\n"
