"""An output that is a stream, not a file (``-o /dev/stdout``, a pipe, a named pipe), is written to
as it is: no temporary file beside it (none can be made in /dev; as root one could be, and renaming
it over /dev/null would replace the device) and no --force (a stream holds no edits). Before,
``handover -o /dev/stdout`` failed ('cannot write: No such file or directory' into a pipe; 'exists
and may hold edits' when the shell sent standard output to a file), and with --force a named pipe
was replaced by a regular file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import threading

from tests.conftest import EXAMPLE, EXPORT, ROOT
from tests.support.cli import EXAMPLE_STACK, stack_file

HANDOVER = (EXAMPLE / "example.com.handover.zone").read_text()


def _handover(project, *output: str, stdout=subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    shutil.copy(EXAMPLE / "sesv2-example.com.json", project / "ses.json")
    shutil.copy(EXPORT, project / "export.json")
    stack_file(project, EXAMPLE_STACK.format(snapshot="export.json"), "example")
    return subprocess.run(
        [sys.executable, "-m", "migration", "handover", "--stack", "example", *output],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=300,
    )


def test_handover_to_dev_stdout_into_a_pipe(project):
    done = _handover(project, "-o", "/dev/stdout")
    assert (done.returncode, done.stdout) == (0, HANDOVER)
    assert done.stderr.startswith("wrote /dev/stdout: 23 Cloudflare records of example.com.")


def test_handover_to_dev_stdout_sent_to_a_file(project):
    with (project / "out.zone").open("w") as out:
        done = _handover(project, "-o", "/dev/stdout", stdout=out)
    assert (done.returncode, (project / "out.zone").read_text()) == (0, HANDOVER), done.stderr
    assert sorted(p.name for p in project.iterdir()) == [
        "Pulumi.yaml", "export.json", "out.zone", "ses.json", "stacks"
    ]  # fmt: skip


def test_handover_into_a_named_pipe_keeps_the_pipe(project):
    fifo = project / "zone.fifo"
    os.mkfifo(fifo)
    read: list[str] = []
    reader = threading.Thread(target=lambda: read.append(fifo.read_text()), daemon=True)
    reader.start()
    done = _handover(project, "-o", str(fifo), "--force")
    if done.returncode != 0:
        with fifo.open("w"):  # let the reader go
            pass
    reader.join(60)
    assert (done.returncode, read) == (0, [HANDOVER]), done.stderr
    assert fifo.is_fifo() and not (project / "zone.fifo.tmp").exists()
