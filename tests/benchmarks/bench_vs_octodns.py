"""Benchmark: the product's offline plan side by side with octoDNS on the same generated zones.

Run: ``python tests/benchmarks/bench_vs_octodns.py [RECORD_SETS ...] [--runs N] [--formats F,...]
[--without-aliases]`` (default 10,000 and 50,000 record sets, 5 runs, text, markdown and json;
``--without-aliases``: zones of only what octoDNS plans onto Cloudflare, so both sides plan the
same record sets).

The first run installs octoDNS into its own virtual environment, ``.bench-venv/`` in the project
folder (ignored by git), with the versions pinned in :data:`OCTODNS` (PyPI, through pip), and
reuses it while those versions are there. octoDNS runs ``octodns_plan.py`` beside this file:
Route53 source populate and Cloudflare target plan of the same snapshot file, rendered by its
own plan outputs.

Every figure is a whole process (the command as a user runs it), the two sides taking turns
(product then octoDNS, then the other way round), so a change in the machine's load hits both.
Per figure it prints each side's median and minimum and the ratio product / octoDNS: the median
of the run-by-run ratios (each pair ran back to back) and their minimum. Peak memory is the
process's maximum resident set (``wait4`` rusage). Rows:

* ``plan FORMAT``: ``python -m migration plan --source ZONE --format FORMAT`` (text and markdown:
  the whole journey) against ``octodns_plan.py ZONE FORMAT``: wall seconds, CPU seconds (user
  and system: what a loaded machine does not inflate) and peak MiB;
* ``start-up``: the same on a zone of only the apex SOA and NS (text): imports and fixed costs;
* ``read + build``: in one process, from the file to the plan, no rendering, no imports counted
  (product: snapshot read and ``plan.build``; octoDNS: ``json.load``, populate and plan).

Both sides run from compiled bytecode, as installed packages do (pip compiles every module it
installs): octoDNS's ``.bench-venv/`` has it from pip, and the product's modules are compiled into
``migration/__pycache__/`` (ignored by git) before the first run, as Python itself does on a first
import; without that, an environment with ``PYTHONDONTWRITEBYTECODE`` set would compile every
module of the product from source on every run and of octoDNS on none.

Figures and how to read them: docs/performance.md, "Against octoDNS". No test times this; a test
runs it on a tiny zone so it cannot rot.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.benchmarks import zonegen  # noqa: E402

OCTODNS = {"octodns": "1.22.0", "octodns-route53": "1.3.1", "octodns-cloudflare": "1.2.0"}
VENV = ROOT / ".bench-venv"
OCTODNS_PLAN = Path(__file__).with_name("octodns_plan.py")
FORMATS = ("text", "markdown", "json")
SIZES = (10_000, 50_000)

# Read, build and time in the product's own process (the figure printed is seconds).
_PRODUCT_READ_BUILD = """
import sys, time
from pathlib import Path
from migration import plan
from migration.settings import NO_STACK, Settings
from migration.sources import snapshot
path = Path(sys.argv[1])
start = time.perf_counter()
plan.build(Settings(stack=NO_STACK, zone=None, snapshot=path, cloudflare_account_id="(account)"), snapshot.read(path))
print(f"{time.perf_counter() - start:.6f}")
"""


def venv_python() -> Path:
    """The benchmark environment's Python with :data:`OCTODNS` installed, made on first use."""
    python = VENV / "bin" / "python"
    wanted = " ".join(f"{name}=={version}" for name, version in OCTODNS.items())
    check = f"import importlib.metadata as m; print(' '.join(f'{{n}}=={{m.version(n)}}' for n in {list(OCTODNS)!r}))"
    if python.exists():
        found = subprocess.run([python, "-c", check], capture_output=True, text=True)
        if found.returncode == 0 and found.stdout.strip() == wanted:
            return python
    print(f"installing {wanted} into {VENV} ...", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    subprocess.run([python, "-m", "pip", "install", "--quiet", *wanted.split()], check=True)
    return python


def compile_product() -> None:
    """Compile the product's modules to bytecode beside them (``__pycache__``), as pip does for
    an installed package and Python on a first import when it may write bytecode: every product
    run then loads them as octoDNS's runs load theirs (module docstring)."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "migration")], check=True)


def run(command: list[str]) -> tuple[float, float, float, str]:
    """Run ``command`` from the project folder: wall seconds, CPU seconds (user and system),
    peak resident MiB, the end of its output."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=ROOT, stdout=out, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode not in (0, 1):  # 1: the product's plan has errors (record limit)
            raise SystemExit(f"{' '.join(map(str, command))} exited {process.returncode}")
        out.seek(0)
        tail = out.read()[-200:].decode(errors="replace")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, tail


def _row(label: str, unit: str, ours: list[float], theirs: list[float]) -> str:
    ratios = [a / b for a, b in zip(ours, theirs, strict=True)]
    return (
        f"{label:<22} {unit:<5} {statistics.median(ours):>9.3f} {min(ours):>9.3f} "
        f"{statistics.median(theirs):>9.3f} {min(theirs):>9.3f} {statistics.median(ratios):>7.2f}x "
        f"{min(ratios):>6.2f}x {max(ratios):>6.2f}x"
    )


def measure(octodns: Path, zone: Path, runs: int, formats: tuple[str, ...]) -> list[str]:
    """The rows of one zone file: every format, each side ``runs`` times, taking turns."""
    product = {
        fmt: [sys.executable, "-m", "migration", "plan", "--source", str(zone), "--format", fmt] for fmt in formats
    }
    peer = {fmt: [str(octodns), str(OCTODNS_PLAN), str(zone), fmt] for fmt in formats}
    figures: dict[tuple[str, str], list[float]] = {}
    for turn in range(runs):
        for fmt in formats:
            sides = [("product", product[fmt]), ("octodns", peer[fmt])]
            for side, command in sides if turn % 2 == 0 else reversed(sides):
                wall, cpu, peak, _ = run(command)
                figures.setdefault((side, fmt + " wall"), []).append(wall)
                figures.setdefault((side, fmt + " cpu"), []).append(cpu)
                figures.setdefault((side, fmt + " peak"), []).append(peak)
    rows = []
    for fmt in formats:
        rows.append(_row(f"plan {fmt}", "s", figures["product", fmt + " wall"], figures["octodns", fmt + " wall"]))
        rows.append(_row(f"plan {fmt} cpu", "s", figures["product", fmt + " cpu"], figures["octodns", fmt + " cpu"]))
        rows.append(
            _row(f"plan {fmt} peak", "MiB", figures["product", fmt + " peak"], figures["octodns", fmt + " peak"])
        )
    return rows


def read_build(octodns: Path, zone: Path, runs: int) -> str:
    """The in-process row: seconds from the file to the plan, each side in a fresh process."""
    ours, theirs = [], []
    for turn in range(runs):
        sides = [
            (ours, [sys.executable, "-c", _PRODUCT_READ_BUILD, str(zone)]),
            (theirs, [str(octodns), str(OCTODNS_PLAN), str(zone), "time"]),
        ]
        for found, command in sides if turn % 2 == 0 else reversed(sides):
            found.append(float(run(command)[3].split()[-1]))
    return _row("read + build", "s", ours, theirs)


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sizes", nargs="*", type=int, default=list(SIZES), help="record sets per zone")
    parser.add_argument("--runs", type=int, default=5, help="runs of each command (default 5)")
    parser.add_argument("--formats", default=",".join(FORMATS), help="comma-separated (default text,markdown,json)")
    parser.add_argument(
        "--without-aliases",
        action="store_true",
        help="zones without Route53 aliases (which octoDNS leaves out of its plan): both sides plan every record set",
    )
    args = parser.parse_args(argv)
    formats = tuple(args.formats.split(","))
    octodns = venv_python()
    compile_product()
    print(
        f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}; {os.cpu_count()} CPUs; "
        f"{args.runs} runs each, taking turns"
    )
    print("-- both sides from compiled bytecode (the product's compiled into migration/__pycache__)")
    print(
        f"{'what':<22} {'unit':<5} {'ours med':>9} {'ours min':>9} {'peer med':>9} {'peer min':>9} "
        f"{'ratio':>8} {'min':>7} {'max':>7}"
    )
    with tempfile.TemporaryDirectory() as folder:
        apex = Path(folder, "zone-2.json")
        zonegen.write_snapshot(2, apex)
        print("-- start-up (apex SOA and NS only)")
        for row in measure(octodns, apex, args.runs, ("text",)):
            print(row.replace("plan text", "start-up", 1))
        for size in args.sizes:
            zone = Path(folder, f"zone-{size}.json")
            zonegen.write_snapshot(size, zone, aliases=not args.without_aliases)
            print(f"-- {size} record sets{' (no aliases)' if args.without_aliases else ''}")
            for row in measure(octodns, zone, args.runs, formats):
                print(row)
            print(read_build(octodns, zone, args.runs))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main(sys.argv[1:])
