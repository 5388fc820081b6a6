"""Golden plans: the bundled example stack's plans, compared byte for byte with tests/golden/.

Like dnspython's ``tests/example*.good``: a change to any output shows here as a diff to review.
After an intended change, regenerate with ``UPDATE_GOLDEN=1 ./run test tests/test_golden.py`` and
commit the files with the change that explains them.

* ``journey.{text,markdown,json}``: ``python -m migration plan --stack example`` in each format
  (text and markdown: the whole journey; json: the stack's own phase, mirror).
* ``<phase>.{text,markdown,json}``: each phase's plan as ``--phase`` renders it, without the live
  gates (their verdicts depend on the machine's credentials and network; tests/test_gates.py
  pins them).
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from migration import cli, report
from migration.settings import PHASES, load_stack
from migration.stack import plan_for
from tests.conftest import ROOT

GOLDEN = ROOT / "tests" / "golden"
FORMATS = ("text", "markdown", "json")


def _compare(name: str, got: str) -> None:
    # The JSON plan names its input files by absolute path: the checkout's folder is the machine's.
    got = got.replace(f"{ROOT}/", "<checkout>/")
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(got)
    assert path.exists(), f"{path} is missing: run UPDATE_GOLDEN=1 ./run test tests/test_golden.py"
    expected = path.read_text()
    assert got == expected, f"{name} differs from the golden file (UPDATE_GOLDEN=1 regenerates it; review the diff)"


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_journey_plan_of_the_example_stack_is_unchanged(fmt, capsys, monkeypatch):
    monkeypatch.chdir(ROOT)
    status = cli.main(["plan", "--stack", "example", "--format", fmt])
    _compare(f"journey.{fmt}", capsys.readouterr().out)
    assert status == 0


@pytest.mark.parametrize("phase", PHASES)
@pytest.mark.parametrize("fmt", FORMATS)
def test_each_phase_plan_of_the_example_stack_is_unchanged(phase, fmt, monkeypatch):
    monkeypatch.chdir(ROOT)
    settings = load_stack("example")
    plan = plan_for(replace(settings, phase=phase), run_gates=False)
    _compare(f"{phase}.{fmt}", report.FORMATS[fmt](plan))


def test_every_golden_file_is_checked():
    expected = {f"journey.{f}" for f in FORMATS} | {f"{p}.{f}" for p in PHASES for f in FORMATS} | {"README.md"}
    assert {p.name for p in Path(GOLDEN).iterdir()} == expected
