"""The tests stand alone: nothing outside the checkout is read (tests/support/outside_reads.py)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from tests.conftest import OUTSIDE_READS, ROOT


def test_a_read_beside_the_checkout_is_caught(tmp_path):
    beside = ROOT.parent.joinpath("shared", "fixtures", "SOURCES.md")  # what a workplace has beside it
    try:
        open(beside).close()
    except OSError:
        pass  # absent on a fresh clone: the attempt is what counts
    (tmp_path / "made.txt").write_text("mine")
    (tmp_path / "made.txt").read_text()
    (ROOT / "README.md").read_text()
    with tempfile.TemporaryDirectory() as made:  # a folder made by tempfile, wherever it lies
        Path(made, "x").write_text("mine")
        Path(made, "x").read_text()
    assert OUTSIDE_READS.take() == [os.path.abspath(beside)]


def test_no_test_or_product_file_names_the_shared_folder():
    needle = "/".join(("..", "shared"))
    offenders = [
        str(p.relative_to(ROOT))
        for folder in ("tests", "migration")
        for p in (ROOT / folder).rglob("*.py")
        if needle in p.read_text()
    ]
    assert offenders == []
