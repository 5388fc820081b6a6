"""An output path of the wrong kind (a folder where a file is written, a file where a folder is
made) is refused before anything is read or written, naming the option and the path: exit 2, no
AWS call, no file changed. Before, ``snapshot -o FOLDER`` advised --force (which then failed after
reading Route53), ``handover -o FOLDER`` and ``apply-steps -o FILE`` ended with the system's bare
"Is a directory" / "File exists", and ``inventory -o FOLDER`` and ``discover --snapshots FILE``
read AWS first."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import EXAMPLE
from tests.support.cli import EXAMPLE_STACK, run, stack_file

STACK = EXAMPLE_STACK.format(snapshot="export.json")
# Nothing listens there: a command that calls AWS before checking its output fails otherwise.
NO_AWS = "http://127.0.0.1:1"


@pytest.fixture
def stack(project, monkeypatch):
    shutil.copy(EXAMPLE / "sesv2-example.com.json", project / "ses.json")
    stack_file(project, STACK)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    monkeypatch.setenv("AWS_ENDPOINT_URL", NO_AWS)
    (project / "out").mkdir()
    (project / "out" / "kept.txt").write_text("kept\n")
    (project / "a-file").write_text("kept\n")
    return project


def _folder_error(option: str, path: str) -> str:
    return f"error: {option} {path}: a folder, not a file: give the path of the file to write, such as {path}/NAME\n"


def _file_error(option: str, path: str) -> str:
    return f"error: {option} {path}: a file, not a folder: give a folder (it is made if missing)\n"


@pytest.mark.parametrize(
    "argv",
    [
        ["snapshot", "--zone", "example.com", "-o", "out"],
        ["snapshot", "--zone", "example.com", "-o", "out", "--force"],
        ["inventory", "--stack", "s", "-o", "out"],
        ["handover", "--stack", "s", "-o", "out", "--force"],
    ],
    ids=["snapshot", "snapshot-force", "inventory", "handover"],
)
def test_a_folder_given_as_the_output_file_is_refused(stack, capsys, argv):
    assert run(argv, capsys) == (2, "", _folder_error("-o", "out"))
    assert [p.name for p in (stack / "out").iterdir()] == ["kept.txt"]


def test_a_file_given_as_the_steps_folder_is_refused(stack, capsys):
    assert run(["apply-steps", "--stack", "s", "-o", "a-file"], capsys) == (2, "", _file_error("-o", "a-file"))
    assert (stack / "a-file").read_text() == "kept\n"


def test_a_file_given_as_the_snapshots_folder_is_refused_before_aws_is_read(stack, capsys):
    argv = ["discover", "--all", "--snapshots", "a-file", "--cloudflare-account-id", "0" * 32]
    assert run(argv, capsys) == (2, "", _file_error("--snapshots", "a-file"))
    assert (stack / "a-file").read_text() == "kept\n"


@pytest.mark.parametrize(
    ("argv", "folder"),
    [
        (["snapshot", "--zone", "example.com"], "snapshots"),
        (["handover", "--stack", "s"], "zones"),
        (["backup", "--stack", "s"], "backups"),
    ],
    ids=["snapshot", "handover", "backup"],
)
def test_a_file_where_the_default_folder_goes_is_refused(stack, capsys, argv, folder):
    (stack / folder).write_text("kept\n")
    status, out, err = run(argv, capsys)
    assert (status, out) == (2, "")
    assert err == (
        f"error: {folder}: a file, not a folder: {argv[0]} writes into the folder {folder}; move the file away\n"
    )
    assert (stack / folder).read_text() == "kept\n"
