"""Run ``python -m migration`` in-process from a test."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from migration import cli

ROOT = Path(__file__).resolve().parents[2]
# The stack settings that name a JSON file, each with a file name for it.
STACK_JSON_FILES = [
    ("snapshot", "export.json"),
    ("sesIdentities", "ses.json"),
    ("inventory", "inventory.json"),
    ("cloudflareExisting", "cf.json"),
]


def named_in_errors(path: Path, setting: str) -> str:
    """How an error names the file ``path`` a stack's ``migration:<setting>`` names: with the
    setting beside it where the reader knows it (inventory, Cloudflare listing), else alone."""
    return f"{path} (migration:{setting})" if setting in ("inventory", "cloudflareExisting") else str(path)


# The example zone's stack settings; {snapshot} is the snapshot's file name (with the SES file
# ses.json beside it).
EXAMPLE_STACK = """config:
  migration:zone: example.com
  migration:snapshot: {snapshot}
  migration:hostedZoneId: Z0EXAMPLE1234567890AB
  migration:cloudflareAccountId: 0123456789abcdef0123456789abcdef
  migration:sesIdentities: [ses.json]
"""


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    """``python -m migration ARGV`` in-process: (exit status, stdout, stderr)."""
    try:
        status = cli.main(argv)
    except SystemExit as exc:  # argparse's errors
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err


def plan_argv(source: Path, *more: str) -> list[str]:
    """The arguments of ``plan`` for the mirror phase of SOURCE (a snapshot, export, change batch or
    zone file), followed by MORE."""
    return ["plan", "--source", str(source), "--phase", "mirror", *more]


def plan_process(path: Path, zone: str = "example.com") -> subprocess.CompletedProcess[str]:
    """``python -m migration plan`` of the mirror phase of PATH for ZONE in a process of its own
    (cwd the checkout), its output captured as text: what a user's terminal shows."""
    return subprocess.run(
        [sys.executable, "-m", "migration", *plan_argv(path, "--zone", zone)], cwd=ROOT, capture_output=True, text=True
    )


def plan_of_third_line(path: Path, line: str, capsys) -> tuple[int, str, str]:
    """``plan`` of a zone file at PATH of ``example.com.`` whose third line is LINE (after
    ``$ORIGIN`` and one good A record): (exit status, stdout, stderr), as :func:`run`."""
    path.write_text(f"$ORIGIN example.com.\nok 300 IN A 192.0.2.1\n{line}\n")
    return run(plan_argv(path), capsys)


def cannot_read_third_line(path: Path, line: str, reason: str) -> tuple[int, str, str]:
    """What :func:`plan_of_third_line` gives when the reader refuses LINE for REASON: exit 2 and the
    error naming the file, the line (cut at 60 characters) and the reason."""
    shown = line if len(line) <= 60 else line[:60] + "..."
    return 2, "", f"error: {path}: line 3: cannot read {shown!r}: {reason}\n"


def stack_file(project: Path, text: str, name: str = "s") -> Path:
    """Write TEXT as the settings file of the stack NAME in PROJECT (the ``project`` fixture); its path."""
    path = project / "stacks" / f"Pulumi.{name}.yaml"
    path.write_text(text)
    return path
