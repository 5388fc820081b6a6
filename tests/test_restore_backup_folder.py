"""``restore --backup`` given something that is not a backup folder, or a backup whose snapshot
cannot tell its zone: restore's own error naming the path and what to give (exit 2), before any
AWS call. Before, a file said "FILE/snapshot.json: cannot read: Not a directory", and a backup
without a zone name and SOA advised ``--zone``, an option restore does not have."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EXPORT
from tests.support.cli import run

OLD = "Z0EXAMPLE1234567890AB"
# Nothing listens there: a restore that called AWS would fail otherwise.
NO_AWS = "http://127.0.0.1:1"
FOLDER = "give a backup folder, backups/<zone>-<hosted zone id>, that holds the snapshot.json 'python -m migration backup' wrote"


@pytest.fixture(autouse=True)
def _credentials(monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "x")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")


def _restore(path, capsys):
    return run(["restore", "--backup", str(path), "--endpoint-url", NO_AWS], capsys)


def test_a_file_is_not_a_backup_folder(tmp_path, capsys):
    path = tmp_path / "snapshot.json"
    path.write_text("{}")
    assert _restore(path, capsys) == (2, "", f"error: --backup {path}: a file, not a folder: {FOLDER}\n")


def test_a_folder_that_does_not_exist(tmp_path, capsys):
    path = tmp_path / "example.com-Z1"
    assert _restore(path, capsys) == (2, "", f"error: --backup {path}: no such folder: {FOLDER}\n")


def test_a_folder_without_a_snapshot(tmp_path, capsys):
    assert _restore(tmp_path, capsys) == (2, "", f"error: --backup {tmp_path}: no snapshot.json in it: {FOLDER}\n")


def test_a_backup_that_does_not_name_its_zone_gets_restores_advice(tmp_path, capsys):
    document = json.loads(EXPORT.read_text())
    document["ResourceRecordSets"] = [r for r in document["ResourceRecordSets"] if r["Type"] != "SOA"]
    folder = tmp_path / f"example.com-{OLD}"
    folder.mkdir()
    (folder / "snapshot.json").write_text(json.dumps({"hostedZoneId": OLD, **document}))
    assert _restore(folder, capsys) == (
        2,
        "",
        f"error: {folder / 'snapshot.json'}: neither a 'zone' nor an apex SOA record set names the zone to "
        "restore: the backup is damaged, or not one 'python -m migration backup' wrote; nothing was changed\n",
    )
