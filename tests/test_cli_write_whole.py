"""A file a command writes is written whole or not at all: through a temporary file in the same
folder that replaces it only when complete, the temporary file removed on failure. The failure is
real: the process may write no file over 200 bytes (RLIMIT_FSIZE, SIGXFSZ ignored, so a write
past it fails with EFBIG). Before, handover and apply-steps wrote in place: a failed write left
half a zone file over the one being replaced (with --force, the user's edits gone) or half a
'pulumi up --target' script."""

from __future__ import annotations

import resource
import shutil
import signal
import subprocess
import sys

import pytest

from tests.conftest import EXAMPLE, EXPORT, ROOT
from tests.support.cli import EXAMPLE_STACK, stack_file

STACK = EXAMPLE_STACK.format(snapshot="export.json")
LIMIT = 200


def _small_files() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT, LIMIT))


@pytest.mark.parametrize(
    ("argv", "kept"),
    [
        (["handover", "--stack", "s", "-o", "out/zone.txt", "--force"], "out/zone.txt"),
        (["apply-steps", "--stack", "s", "-o", "out"], "out/step-01.sh"),
    ],
    ids=["handover", "apply-steps"],
)
def test_a_write_that_fails_leaves_the_old_file_whole(project, argv, kept):
    shutil.copy(EXAMPLE / "sesv2-example.com.json", project / "ses.json")
    shutil.copy(EXPORT, project / "export.json")
    stack_file(project, STACK)
    (project / "out").mkdir()
    (project / kept).write_text("edited\n")
    done = subprocess.run(
        [sys.executable, "-m", "migration", *argv],
        cwd=project,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin", "PYTHONDONTWRITEBYTECODE": "1"},
        preexec_fn=_small_files,
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr.startswith(f"error: {kept}: cannot write: File too large") and "Traceback" not in done.stderr
    assert (project / kept).read_text() == "edited\n"
    assert sorted(p.name for p in (project / "out").iterdir()) == [kept.split("/")[1]]
