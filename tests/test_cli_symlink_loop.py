"""A path that is a loop of symbolic links (a -> b -> a), wherever a command takes a path: one line
naming it, exit 2, no traceback. Before, Path.resolve() raised RuntimeError("Symlink loop from ...")
(Python before 3.13) and every command that resolves its paths (plan --source/--ses/--baseline,
a stack's file settings, summary, handover -o) ended in a traceback."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import EXAMPLE, EXPORT
from tests.support.cli import EXAMPLE_STACK, run, stack_file

STACK = EXAMPLE_STACK


@pytest.fixture
def loop(project):
    (project / "a.json").symlink_to("b.json")
    (project / "b.json").symlink_to("a.json")
    shutil.copy(EXAMPLE / "sesv2-example.com.json", project / "ses.json")
    return project / "a.json"


@pytest.mark.parametrize(
    "argv",
    [
        ["plan", "--source", "a.json", "--zone", "example.com"],
        ["plan", "--source", str(EXPORT), "--zone", "example.com", "--ses", "a.json"],
        ["plan", "--stack", "good", "--baseline", "a.json"],
        ["plan", "--stack", "looped"],
        ["summary", "a.json"],
        ["handover", "--stack", "good", "-o", "a.json", "--force"],
    ],
    ids=["source", "ses", "baseline", "stack-setting", "summary", "handover-output"],
)
def test_a_loop_of_symbolic_links_is_one_line(loop, capsys, argv):
    project = loop.parent
    shutil.copy(EXPORT, project / "export.json")
    stack_file(project, STACK.format(snapshot="export.json"), name="good")
    stack_file(project, STACK.format(snapshot="a.json"), name="looped")
    assert run(argv, capsys) == (
        2,
        "",
        f"error: {loop}: a loop of symbolic links (each points at the next, none at a file): "
        "point it at the file meant\n",
    )
