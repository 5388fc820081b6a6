"""``apply-steps -o FOLDER`` run again into a folder that holds the scripts of an earlier, larger
plan: the scripts the new plan does not write are removed (and named), so the documented loop
``for s in steps/step-*.sh`` runs only the new plan's steps. Before, step-02.sh ... of the earlier
plan stayed and the loop ran them after the new final step; other files are left alone."""

from __future__ import annotations

import shutil

from tests.conftest import EXAMPLE
from tests.support.cli import EXAMPLE_STACK, run, stack_file

STACK = EXAMPLE_STACK.format(snapshot="export.json")


def test_scripts_of_an_earlier_plan_are_removed(project, capsys):
    shutil.copy(EXAMPLE / "sesv2-example.com.json", project / "ses.json")
    stack_file(project, STACK)
    steps = project / "steps"
    steps.mkdir()
    for name in ("step-01.sh", "step-02.sh", "step-03.sh", "step-04-final.sh", "notes.txt"):
        (steps / name).write_text("earlier\n")
    status, out, err = run(["apply-steps", "--stack", "s", "-o", "steps"], capsys)
    assert (status, out) == (0, "")
    assert sorted(p.name for p in steps.iterdir()) == ["notes.txt", "step-01.sh", "step-02-final.sh"]
    assert (steps / "notes.txt").read_text() == "earlier\n"
    assert (steps / "step-01.sh").read_text() != "earlier\n"
    assert err.splitlines()[0] == (
        "removed 3 script(s) of an earlier run from steps: step-02.sh, step-03.sh, step-04-final.sh"
    )
    assert err.splitlines()[1].startswith("wrote 2 scripts to steps: 1 step of at most")  # before: "1 steps"
