"""A project folder made a real git repository whose commits change case b09's record
(tests/data/cases/b09): what ``plan --baseline-commit`` reads in tests."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

B09 = Path(__file__).resolve().parents[1] / "data" / "cases" / "b09"
# A stack of stack NAME planning SNAPSHOT (format fields `snapshot`).
STACK = (
    "config:\n  migration:zone: example.com\n  migration:snapshot: {snapshot}\n"
    "  migration:hostedZoneId: Z0EXAMPLE1234567890AB\n"
    "  migration:cloudflareAccountId: 023e105f4ecef8ad9ca31a8372d0c354\n"
)
# git with no user or system configuration (the machine's must not matter), and an author.
GIT_ENV = {
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.com",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.com",
}


def git(root: Path, *args: str) -> str:
    """``git ARGS`` in ROOT; its output, stripped."""
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout.strip()


def b09_history(project: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make PROJECT (the ``project`` fixture: Pulumi.yaml, stacks/) a git repository of three
    commits of stack ``s``: the stack file alone (its snapshot not committed); the stack applying
    b09's ``foo.example.com A`` (snapshots/applied.json); the snapshot renamed
    (snapshots/example.com.json) and foo.example.com made a CNAME. Returns PROJECT."""
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    git(project, "init", "-q")
    (project / "stacks" / "Pulumi.s.yaml").write_text(STACK.format(snapshot="snapshots/none.json"))
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "the stack, no snapshot yet")
    (project / "snapshots").mkdir()
    (project / "snapshots" / "applied.json").write_text((B09 / "after-a.json").read_text())
    (project / "stacks" / "Pulumi.s.yaml").write_text(STACK.format(snapshot="snapshots/applied.json"))
    git(project, "add", "-A")
    git(project, "commit", "-q", "-m", "foo.example.com A")
    git(project, "mv", "snapshots/applied.json", "snapshots/example.com.json")
    (project / "snapshots" / "example.com.json").write_text((B09 / "before.json").read_text())
    (project / "stacks" / "Pulumi.s.yaml").write_text(STACK.format(snapshot="snapshots/example.com.json"))
    git(project, "commit", "-q", "-am", "foo.example.com CNAME")
    return project
