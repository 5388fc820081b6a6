"""Run every benchmark (``bench_*.py`` beside this file) for the given sizes, one after another,
each in its own Python process so one's memory does not count in another's figures.

    python tests/benchmarks/run_all.py [N ...]      (default: 1000 10000)
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    status = 0
    for script in sorted(HERE.glob("bench_*.py")):
        print(f"== {script.name} {' '.join(argv)}".rstrip(), flush=True)
        status |= subprocess.run([sys.executable, str(script), *argv], check=False).returncode
        print(flush=True)
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
