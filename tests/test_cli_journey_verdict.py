"""Without ``--phase``, every format judges the stack's own phase with its live gates: text,
markdown and json give one verdict and one exit status (a decommission whose gates fail is never
READY in text while BLOCKED in json). The gates' I/O is tested in tests/test_gate_checks.py and
tests/test_gate_checks_decommission.py; here their verdict is fixed so only the command's wiring is judged."""

from __future__ import annotations

import json

import pytest

from migration import cli, gate_checks
from migration.gates import Gate
from tests.conftest import ROOT

FAILED = Gate("wait", False, "172800 s required; 0 s have passed")


@pytest.fixture
def gates_fail(monkeypatch):
    calls = []

    def run(plan, **_):
        calls.append(plan.settings.phase)
        return (FAILED,)

    monkeypatch.setattr(gate_checks, "run", run)
    monkeypatch.chdir(ROOT)
    return calls


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_the_stack_s_own_phase_is_gated_in_every_format(fmt, gates_fail, capsys):
    status = cli.main(["plan", "--stack", "example-after", "--format", fmt])
    out = capsys.readouterr().out
    assert (status, gates_fail) == (1, ["decommission"])
    if fmt == "json":
        assert json.loads(out)["blocked"] is True
    else:
        assert "READY" not in out.split("\n", 2)[1]
        assert "gate wait FAILED: 172800 s required; 0 s have passed" in out


def test_a_stack_in_mirror_runs_no_gate(gates_fail, capsys):
    assert cli.main(["plan", "--stack", "example", "--format", "text"]) == 0
    assert gates_fail == []
    assert capsys.readouterr().out.split("\n")[1].startswith("READY")


def test_an_output_the_system_refuses_is_one_line_and_exit_2(tmp_path, monkeypatch, capsys):
    """handover into a folder, apply-steps into an existing file: no traceback (issue 14's kind)."""
    monkeypatch.chdir(ROOT)
    folder, existing = tmp_path / "folder", tmp_path / "file"
    folder.mkdir()
    existing.write_text("x")
    assert cli.main(["handover", "--stack", "example", "-o", str(folder), "--force"]) == 2
    assert capsys.readouterr().err == (
        f"error: -o {folder}: a folder, not a file: give the path of the file to write, such as {folder}/NAME\n"
    )
    assert cli.main(["apply-steps", "--stack", "example", "-o", str(existing)]) == 2
    assert capsys.readouterr().err == (
        f"error: -o {existing}: a file, not a folder: give a folder (it is made if missing)\n"
    )
