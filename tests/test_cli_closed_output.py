"""A reader that stops early (``plan ... | head``) ends the command quietly with status 141
(128 + SIGPIPE, what a shell reports for a writer the pipe stopped), in every format: the output
was not delivered whole, but nothing is wrong with the input. Before, it said "error: output:
Broken pipe" and exit status 2, which the README reserves for bad input or settings."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT


@pytest.mark.parametrize("output", ["text", "json"])
def test_a_reader_that_stops_early_ends_the_plan_quietly(tmp_path, output):
    zone = tmp_path / "big.zone"
    zone.write_text("$ORIGIN example.com.\n$TTL 300\n$GENERATE 1-3000 host-$ A 192.0.2.1\n")
    argv = [sys.executable, "-m", "migration", "plan", "--source", str(zone), "--verbose", "--format", output]
    if output != "text":
        argv.remove("--verbose")
    process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.read(10)
    process.stdout.close()  # as 'head -c 10' does
    err = process.stderr.read()
    process.wait(timeout=300)
    assert len(first) == 10
    assert (process.returncode, err) == (141, b"")
