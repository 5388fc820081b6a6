"""Ctrl-C while ``snapshot`` writes its file leaves neither half a snapshot nor the temporary file
beside it: one line, exit status 130. The interruption is a real signal at a fixed point: the
process may write no file over 200 bytes (RLIMIT_FSIZE), and SIGXFSZ, which the kernel sends when
a write passes it, is handled as SIGINT is (KeyboardInterrupt). Before, the snapshot's own writer
removed its temporary file on OSError only, so 'zone.json.tmp' stayed beside the target."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import ROOT

# The child: SIGXFSZ raises KeyboardInterrupt as Ctrl-C would, files are capped at 200 bytes, then
# 'python -m migration ARGV'.
CHILD = """
import resource, runpy, signal, sys
signal.signal(signal.SIGXFSZ, signal.default_int_handler)
resource.setrlimit(resource.RLIMIT_FSIZE, (200, 200))
sys.argv = ["migration", *sys.argv[1:]]
runpy.run_module("migration", run_name="__main__")
"""


def test_ctrl_c_while_the_snapshot_is_written_leaves_no_file(moto, tmp_path):
    moto.client("route53").create_hosted_zone(Name="example.com.", CallerReference="interrupt")
    argv = ["snapshot", "--zone", "example.com", "--endpoint-url", moto.endpoint, "-o", str(tmp_path / "zone.json")]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1"}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *argv], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        130,
        "",
        "interrupted (Ctrl-C): stopped before it finished\n",
    )
    assert list(tmp_path.iterdir()) == []
