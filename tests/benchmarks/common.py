"""Shared helpers of the benchmark scripts: sizes, timing, settings for the generated zone."""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # the scripts run as files: make ``migration`` and ``tests`` importable
    sys.path.insert(0, str(ROOT))

from migration.settings import Settings  # noqa: E402
from tests.benchmarks import zonegen  # noqa: E402

SIZES = (1_000, 10_000)
# A zone this large is beyond every self-serve Cloudflare plan (Free 200, paid 3,500 records):
# the benchmark zone is an Enterprise zone with a raised limit (migration:cloudflareRecordLimit).
RECORD_LIMIT = 20_000


def sizes(argv: list[str]) -> tuple[int, ...]:
    """Zone sizes from the command line (``bench_x.py 500 2000``), else :data:`SIZES`."""
    return tuple(int(a) for a in argv) or SIZES


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    """The least wall time in seconds of ``repeat`` calls of ``fn`` (the least is the one least
    disturbed by other work on the machine)."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def settings(snapshot: Path) -> Settings:
    """Stack settings for the generated zone, as ``stacks/Pulumi.<stack>.yaml`` would give."""
    return Settings(
        stack="bench",
        zone=zonegen.ZONE,
        snapshot=snapshot,
        cloudflare_account_id="0123456789abcdef0123456789abcdef",
        cloudflare_record_limit=RECORD_LIMIT,
    )
