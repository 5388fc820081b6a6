"""Files as Windows tools save them: UTF-8 with a byte-order mark (Notepad, PowerShell's
``Out-File -Encoding utf8``) is read as the same text without it (RFC 8259 section 8.1 lets a JSON
reader ignore the mark); UTF-16 (Windows PowerShell's ``>``) is refused saying so and what to do.
Before, the BOM made an export "not valid JSON: Unexpected UTF-8 BOM (decode using utf-8-sig)"
and a zone file "a zone file without $ORIGIN" although its first line was the $ORIGIN."""

from __future__ import annotations

import codecs
import subprocess

import pytest

from tests.conftest import EXAMPLE, EXPORT
from tests.support.cli import plan_argv, run

ZONE = EXAMPLE / "example.com.zone"
UTF16 = (
    "UTF-16 text (it starts with a UTF-16 byte-order mark, as Windows PowerShell's '>' writes): "
    "save it as UTF-8 (PowerShell: Out-File -Encoding utf8, or run the command in cmd.exe)"
)


@pytest.mark.parametrize("source", [EXPORT, ZONE], ids=["export", "zone-file"])
def test_a_utf8_byte_order_mark_is_read_past(tmp_path, capsys, source):
    plain = run([*plan_argv(source), "--format", "json"], capsys)
    marked = tmp_path / source.name
    marked.write_bytes(codecs.BOM_UTF8 + source.read_bytes())
    with_mark = run([*plan_argv(marked), "--format", "json"], capsys)
    assert plain[0] == 0
    assert with_mark == (plain[0], plain[1].replace(str(source), str(marked)), plain[2])


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be"])
def test_utf16_is_refused_saying_what_to_do(tmp_path, capsys, encoding):
    path = tmp_path / "export.json"
    data = EXPORT.read_text().encode(encoding)
    path.write_bytes(data if encoding == "utf-16" else codecs.BOM_UTF16_BE + data)
    assert run(plan_argv(path), capsys) == (2, "", f"error: {path}: {UTF16}\n")


def test_a_baseline_commit_file_with_a_byte_order_mark_is_read_past(tmp_path, capsys, monkeypatch):
    """--baseline-commit reads the file from git, not from disk: the same text either way."""
    source = tmp_path / "zone.json"
    source.write_bytes(codecs.BOM_UTF8 + EXPORT.read_bytes())
    for argv in (
        ["init", "-q"],
        ["add", "zone.json"],
        ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"],
    ):
        subprocess.run(["git", *argv], cwd=tmp_path, check=True)
    monkeypatch.chdir(tmp_path)
    status, out, err = run([*plan_argv(source), "--baseline-commit", "HEAD"], capsys)
    assert (status, err) == (0, "")
    # The commit's file is the file on disk: every record is kept, none created.
    assert "Changes (phase mirror)\n  (no change)\n  26 resources unchanged (keep)" in out
