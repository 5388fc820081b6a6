"""``plan --baseline-commit REV`` (issue 13 item 1): the plan against the records as the git
commit REV held them (the commit CI last applied, the stack tag ``migration:applied-commit``:
docs/ci.md), read from a real git repository made in the test. Case b09's snapshots
(tests/data/cases/b09): the stack applied ``foo.example.com A`` and the zone then makes it a
CNAME, which one ``pulumi up`` cannot apply."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import run
from tests.support.git_repo import GIT_ENV, STACK, b09_history, git

from .conftest import ROOT
from .test_update_steps import TWO_UPDATES


@pytest.fixture
def repo(project: Path, monkeypatch) -> Path:
    """The project as a git repository of case b09's history (:func:`tests.support.git_repo.b09_history`)."""
    return b09_history(project, monkeypatch)


def _plan(capsys, *more: str) -> tuple[int, str, str]:
    return run(["plan", "--stack", "s", "--phase", "mirror", "--accept-changes", "1", *more], capsys)


def test_the_commit_last_applied_blocks_a_name_that_becomes_a_cname(repo, capsys):
    # HEAD~1's stack file names snapshots/applied.json, gone from the working tree since: it is
    # read as that commit holds it.
    assert not (repo / "snapshots" / "applied.json").exists()
    status, out, err = _plan(capsys, "--format", "json", "--baseline-commit", "HEAD~1")
    doc = json.loads(out)
    assert (status, doc["blocked"]) == (1, True), err
    assert [
        (f["severity"], f["subject"], f["message"]) for f in doc["findings"] if f["code"] == "needs-two-updates"
    ] == [("error", "CNAME foo.example.com", TWO_UPDATES)]
    assert [(r["action"], r["name"]) for r in doc["resources"] if r["type"].endswith("DnsRecord")] == [
        ("create", "cname-foo.example.com"),
        ("delete", "a-foo.example.com-579d9fd31e"),
    ]
    # The same commit by its id, in the Markdown of the pull-request comment.
    sha = git(repo, "rev-parse", "HEAD~1")
    status, out, _ = _plan(capsys, "--format", "markdown", "--baseline-commit", sha)
    assert status == 1 and TWO_UPDATES in out


def test_the_commit_applied_now_keeps_every_record(repo, capsys):
    status, out, err = _plan(capsys, "--format", "json", "--baseline-commit", "HEAD")
    doc = json.loads(out)
    assert status == 0, err
    assert {(r["action"], r["type"]) for r in doc["resources"]} == {
        ("keep", "cloudflare:index/dnsRecord:DnsRecord"),
        ("keep", "cloudflare:index/zone:Zone"),
        ("keep", "aws:route53/zone:Zone"),
    }
    assert [f["code"] for f in doc["findings"] if f["severity"] in ("error", "warning")] == []


def test_without_a_baseline_the_same_plan_says_ready(repo, capsys):
    # What the commit adds: without it the plan cannot know what the stack holds.
    status, out, _ = _plan(capsys, "--format", "json")
    assert status == 0 and "needs-two-updates" not in out


def test_a_file_given_with_source_is_read_at_the_commit(repo, capsys):
    status, out, err = run(
        [
            "plan",
            "--source",
            "snapshots/example.com.json",
            "--phase",
            "mirror",
            "--accept-changes",
            "1",
            "--format",
            "json",
            "--baseline-commit",
            "HEAD~1",
        ],
        capsys,
    )
    # At HEAD~1 snapshots/example.com.json did not exist yet.
    sha = git(repo, "rev-parse", "HEAD~1")[:12]
    assert (status, out, err) == (
        2,
        "",
        f"error: snapshots/example.com.json at commit HEAD~1 ({sha}): no such file at that commit\n",
    )


def test_errors_name_the_commit_the_file_and_the_reason(repo, capsys):
    status, out, err = _plan(capsys, "--baseline-commit", "no-such-branch")
    assert (status, out) == (2, "")
    assert err == (
        f"error: commit no-such-branch: no such commit in the git checkout {repo.resolve()} (a shallow clone "
        "lacks older commits: fetch the history, e.g. actions/checkout with fetch-depth: 0)\n"
    )
    # A revision that looks like an option is a revision git does not know, never an option.
    status, _, err = _plan(capsys, "--baseline-commit=--output=x")
    assert status == 2 and err.startswith("error: commit --output=x: no such commit in the git checkout")
    assert not (repo / "x").exists()
    # The stack file's snapshot did not exist at the first commit.
    first = git(repo, "rev-list", "--max-parents=0", "HEAD")
    status, _, err = _plan(capsys, "--baseline-commit", first)
    assert (status, err) == (
        2,
        f"error: snapshots/none.json at commit {first}: no such file at that commit "
        f"(named by migration:snapshot in stacks/Pulumi.s.yaml at commit {first})\n",
    )
    # A stack that did not exist at the commit.
    (repo / "stacks" / "Pulumi.t.yaml").write_text(STACK.format(snapshot="snapshots/example.com.json"))
    status, _, err = run(["plan", "--stack", "t", "--baseline-commit", "HEAD"], capsys)
    head = git(repo, "rev-parse", "HEAD")[:12]
    assert (status, err) == (2, f"error: stacks/Pulumi.t.yaml at commit HEAD ({head}): no such file at that commit\n")


def test_a_revision_that_names_no_commit_says_what_it_names(repo, capsys):
    root = repo.resolve()
    for revision, said in [
        ("HEAD^{tree}", f"names a tree of the git checkout {root}, not a commit"),
        ("HEAD:stacks/Pulumi.s.yaml", f"names a blob of the git checkout {root}, not a commit"),
    ]:
        assert _plan(capsys, "--baseline-commit", revision) == (2, "", f"error: commit {revision}: {said}\n")
    assert _plan(capsys, "--baseline-commit", "") == (
        2,
        "",
        "error: commit '': empty: name a commit (an id, a branch, a tag, HEAD~1)\n",
    )
    # ':/text' names the newest commit whose message matches: a commit, planned against.
    message = git(repo, "log", "-1", "--format=%s", "HEAD~1")
    assert git(repo, "rev-parse", f":/{message}") == git(repo, "rev-parse", "HEAD~1")
    against_message = _plan(capsys, "--baseline-commit", f":/{message}")
    assert against_message[0] == 1 and TWO_UPDATES in against_message[1]


def test_both_baselines_at_once_are_refused(repo, capsys):
    status, out, err = _plan(capsys, "--baseline", "snapshots/example.com.json", "--baseline-commit", "HEAD")
    assert (status, out) == (2, "")
    assert err.endswith("error: argument --baseline-commit: not allowed with argument --baseline\n")


def test_outside_a_git_checkout(project, capsys):
    (project / "stacks" / "Pulumi.s.yaml").write_text(STACK.format(snapshot="export.json"))
    status, out, err = run(["plan", "--stack", "s", "--baseline-commit", "HEAD"], capsys)
    assert (status, out) == (2, "")
    assert err.startswith(
        f"error: commit HEAD: {project.resolve()} is not in a git checkout (fatal: not a git repository"
    )


def test_after_the_handover_the_zone_file_at_the_commit_is_the_baseline(project, monkeypatch, capsys):
    """The bundled stack after the handover (stacks/Pulumi.example-after.yaml) as a history: the
    cut-over applied from the snapshot; the handover (migration:zoneFile, decommission); the zone
    file edited (shop.example.com added). Against the handover's commit, and against the
    snapshot's before it (the handover plans the very same records), only the added record is
    created."""
    from migration import gate_checks

    monkeypatch.setattr(gate_checks, "run", lambda plan, **_: ())  # the decommission's live gates: passed
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    seed = ROOT / "examples" / "seed-scenario"
    (project / "examples").mkdir()
    for name in ("route53-example.com.json", "sesv2-example.com.json"):
        (project / "examples" / name).write_text((seed / name).read_text())
    after = (ROOT / "stacks" / "Pulumi.example-after.yaml").read_text().replace("examples/seed-scenario/", "examples/")
    stack = project / "stacks" / "Pulumi.after.yaml"
    stack.write_text(
        after.replace("migration:phase: decommission", "migration:phase: cut-over").replace(
            "  migration:zoneFile: examples/example.com.zone\n", ""
        )
    )
    git(project, "init", "-q")
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "cut-over, from the snapshot")
    (project / "zones").mkdir()
    (project / "zones" / "example.com.zone").write_text((seed / "example.com.handover.zone").read_text())
    stack.write_text(after.replace("examples/example.com.zone", "zones/example.com.zone"))
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "handover")
    (project / "zones" / "example.com.zone").write_text((seed / "example.com.zone").read_text())
    git(project, "commit", "-q", "-am", "shop.example.com")

    def records(revision: str) -> list[tuple[str, str]]:
        status, out, err = run(["plan", "--stack", "after", "--format", "json", "--baseline-commit", revision], capsys)
        assert status == 0, err
        return sorted(
            (r["action"], r["subject"].split(" (from ")[0])
            for r in json.loads(out)["resources"]
            if r["type"].endswith("DnsRecord") and r["action"] != "keep"
        )

    assert records("HEAD~1") == records("HEAD~2") == [("create", "CNAME shop.example.com")]
    assert records("HEAD") == []


def test_a_folder_or_a_file_that_is_not_text_at_the_commit_is_named(repo, capsys):
    (repo / "latin1.json").write_bytes(b'{"zone": "caf\xe9"}')
    git(repo, "add", "latin1.json")
    git(repo, "commit", "-q", "-m", "a file in Latin-1")
    head = git(repo, "rev-parse", "HEAD")[:12]
    status, out, err = run(["plan", "--source", "latin1.json", "--baseline-commit", "HEAD"], capsys)
    assert (status, out, err) == (
        2,
        "",
        f"error: latin1.json at commit HEAD ({head}): not UTF-8 text: byte 14 cannot be decoded; expected a text file (JSON, YAML or a zone file)\n",
    )
    status, out, err = run(["plan", "--source", "snapshots", "--baseline-commit", "HEAD"], capsys)
    assert (status, out, err) == (
        2,
        "",
        f"error: snapshots at commit HEAD ({head}): not a file at that commit (a tree)\n",
    )


def test_a_symbolic_link_at_the_commit_is_named(repo, capsys):
    (repo / "link.json").symlink_to("snapshots/example.com.json")
    git(repo, "add", "link.json")
    git(repo, "commit", "-q", "-m", "a link")
    head = git(repo, "rev-parse", "HEAD")[:12]
    status, out, err = run(["plan", "--source", "link.json", "--baseline-commit", "HEAD"], capsys)
    assert (status, out, err) == (
        2,
        "",
        f"error: link.json at commit HEAD ({head}): a symbolic link at that commit, not a file: commit the "
        "file itself\n",
    )
