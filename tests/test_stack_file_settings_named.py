"""A file a stack setting names that is missing or not a regular file: the error names the setting
too, as it does for migration:sesIdentities and migration:zoneFile (and ``--source`` for a file
given on the command line). Before, 'snapshots/x.json: no such file' left the user to find which
of the stack's settings named it."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import EXAMPLE
from tests.support.cli import EXAMPLE_STACK, run, stack_file

STACK = EXAMPLE_STACK


@pytest.fixture
def stack(project):
    shutil.copy(EXAMPLE / "sesv2-example.com.json", project / "ses.json")
    (project / "folder").mkdir()
    return project


@pytest.mark.parametrize(
    ("extra", "path", "why"),
    [
        ("", "nope.json", "no such file (migration:snapshot)"),
        ("", "folder", "not a regular file (a directory); expected a file (migration:snapshot)"),
        ("  migration:inventory: nope.json\n", "nope.json", "no such file (migration:inventory)"),
        (
            "  migration:cloudflareExisting: folder\n",
            "folder",
            "not a regular file (a directory); expected a file (migration:cloudflareExisting)",
        ),
    ],
    ids=["snapshot-missing", "snapshot-folder", "inventory-missing", "existing-folder"],
)
def test_the_setting_that_names_the_file_is_named(stack, capsys, extra, path, why):
    snapshot = path if not extra else "export.json"
    stack_file(stack, STACK.format(snapshot=snapshot) + extra)
    for argv in (["plan", "--stack", "s"], ["backup", "--stack", "s"]):
        if extra and argv[0] == "backup":
            continue  # backup reads the snapshot alone
        assert run(argv, capsys) == (2, "", f"error: {stack / path}: {why}\n")


def test_a_source_file_is_named_as_the_option(tmp_path, capsys):
    path = tmp_path / "nope.json"
    assert run(["plan", "--source", str(path), "--zone", "example.com"], capsys) == (
        2,
        "",
        f"error: {path}: no such file (--source)\n",
    )
