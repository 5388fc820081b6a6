"""What the commands tell a user about themselves, found wrong by a new user's review: ``verify
--help`` stopped mid-sentence, and ``handover -o`` outside the project advised a
``migration:zoneFile`` the stack's settings then refuse."""

from __future__ import annotations

import shutil
import subprocess
import sys

from tests.conftest import ROOT
from tests.support.cli import run


def test_verify_help_describes_the_command_in_whole_sentences():
    done = subprocess.run(
        [sys.executable, "-m", "migration", "verify", "--help"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"COLUMNS": "200", "PATH": ""},
    )
    paragraphs = done.stdout.split("\n\n")
    assert (done.returncode, paragraphs[1]) == (
        0,
        "Ask the old and new name servers and the parent zone's servers, and compare. Exit status: 0 every answer "
        "agrees; 1 differences; 2 something could not be checked (timeouts, refused) or bad input.",
    )


def test_handover_outside_the_project_advises_a_path_the_settings_accept(tmp_path, monkeypatch, capsys):
    project = tmp_path / "project"
    project.mkdir()
    for name in ("Pulumi.yaml", "stacks", "examples"):
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, project / name)
    monkeypatch.chdir(project)
    out = tmp_path / "example.com.zone"
    status, _, err = run(["handover", "--stack", "example", "-o", str(out)], capsys)
    assert (status, err) == (
        0,
        f"wrote {out}: 23 Cloudflare records of example.com. To make it the source of the stack's records from "
        "the decommission phase on, copy it into the project (such as zones/example.com.zone) and set "
        "migration:zoneFile to that path in stacks/Pulumi.example.yaml\n",
    )


def test_every_stack_option_says_what_it_is():
    """Before, 'handover --help' (and inventory, apply-steps, backup) listed '--stack STACK' and nothing."""
    for command in ("handover", "inventory", "apply-steps", "backup"):
        done = subprocess.run(
            [sys.executable, "-m", "migration", command, "--help"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            env={"COLUMNS": "200", "PATH": ""},
        )
        (line,) = [line for line in done.stdout.splitlines() if line.strip().startswith("--stack")]
        assert line.split(None, 2)[2] == "the stack whose settings (stacks/Pulumi.<stack>.yaml) to use", command
