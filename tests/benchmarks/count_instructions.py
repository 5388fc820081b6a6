"""Instructions (not seconds) to read a snapshot file and to build its plan, under valgrind.

Wall times on a shared machine vary by a third from run to run; the number of instructions the
CPU executes for the same code and input does not (``valgrind --tool=callgrind`` counts them the
same whatever else the machine is doing). So this tells whether a change to the planner made it
do less work, where ``bench_plan.py`` cannot tell a 10% gain from noise.

For each size it runs this file three times under callgrind, in two processes at once: a base run
(imports, one warm-up read and build, then reads ``R`` snapshots), one that also builds those ``R``
plans, and one that reads ``R`` more; the differences divided by ``R`` are one build and one read.
Under valgrind Python runs about 50 times slower: 10,000 record sets take several minutes.

    python tests/benchmarks/count_instructions.py [N ...]      (default 2000; needs valgrind)
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from pathlib import Path

from common import settings, zonegen  # noqa: I001

REPEAT = 2


def child(path: Path, builds: int, extra_reads: int) -> None:
    """The measured program: warm up, read ``REPEAT`` snapshots, build ``builds`` of them, and
    read ``extra_reads`` more."""
    from migration import plan as plan_mod
    from migration.sources import snapshot as snapshot_file

    cfg = settings(path)
    plan_mod.build(cfg, snapshot_file.read(path, zone=cfg.zone))
    snaps = [snapshot_file.read(path, zone=cfg.zone) for _ in range(REPEAT)]
    for snap in snaps[:builds]:
        plan_mod.build(cfg, snap)
    for _ in range(extra_reads):
        snapshot_file.read(path, zone=cfg.zone)


def instructions(path: Path, builds: int, extra_reads: int) -> int:
    """Instructions callgrind counted for one :func:`child` run."""
    run = subprocess.run(
        [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--child",
            str(path),
            str(builds),
            str(extra_reads),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"Collected : (\d+)", run.stderr)
    if not found:
        raise SystemExit(f"callgrind printed no count:\n{run.stderr[-2000:]}")
    return int(found.group(1))


def main(argv: list[str]) -> None:
    if argv[:1] == ["--child"]:
        child(Path(argv[1]), int(argv[2]), int(argv[3]))
        return
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    print(f"{'record sets':>11} {'read M instr':>12} {'build M instr':>13} {'build k instr/set':>17}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (int(a) for a in argv) if argv else (2000,):
            path = Path(tmp) / f"zone-{n}.json"
            zonegen.write_snapshot(n, path)
            with ThreadPoolExecutor(2) as pool:  # two valgrind processes at a time: one per core
                base, built, read = pool.map(partial(instructions, path), (0, REPEAT, 0), (0, 0, REPEAT))
            read_m, build_m = (read - base) / REPEAT / 1e6, (built - base) / REPEAT / 1e6
            print(f"{n:>11,} {read_m:>12.1f} {build_m:>13.1f} {build_m * 1e3 / n:>17.1f}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
