"""Ctrl-C (SIGINT) during a command ends it with one line and exit status 130 (128 + SIGINT, the
shell's convention), no traceback. Before, verify interrupted while waiting for a name server
printed asyncio's KeyboardInterrupt traceback. The name server here is a UDP socket on loopback
that reads nothing: the test interrupts once the first query has reached it."""

from __future__ import annotations

import signal
import socket
import subprocess
import sys

from tests.conftest import EXPORT, ROOT


def test_ctrl_c_during_verify_is_one_line_and_status_130():
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind(("127.0.0.1", 0))
        address = "127.0.0.1:%d" % silent.getsockname()[1]
        argv = [
            sys.executable, "-m", "migration", "verify", "--source", str(EXPORT), "--zone", "example.com",
            "--nameserver", f"old={address}", "--nameserver", f"new={address}", "--parent-server", address,
            "--timeout", "60", "--retries", "0",
        ]  # fmt: skip
        process = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        silent.settimeout(120)
        silent.recvfrom(512)  # a query is waiting for its answer now
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=120)
    assert (process.returncode, out, err) == (130, "", "interrupted (Ctrl-C): stopped before it finished\n")
