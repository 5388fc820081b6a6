"""Run ``python -m migration`` in-process from a test."""

from __future__ import annotations

from migration import cli


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    """``python -m migration ARGV`` in-process: (exit status, stdout, stderr)."""
    try:
        status = cli.main(argv)
    except SystemExit as exc:  # argparse's errors
        status = exc.code
    out, err = capsys.readouterr()
    return status, out, err
