"""Snapshot files (migration/sources/snapshot.py): their metadata checked where it is read."""

from __future__ import annotations

import json

import pytest

from tests.conftest import EXPORT
from tests.support.cli import plan_argv, run

METADATA = [
    ("zone", 5, "zone: a zone name must be a string, not 5"),
    ("tags", [1, 2], "tags must be an object of string values, not [1, 2]"),
    ("nameServers", "abc", 'nameServers must be a list of host names, not "abc"'),
    ("hostedZoneId", ["Z1"], 'hostedZoneId must be a string, not ["Z1"]'),
    (
        "snapshotVersion",
        99,
        "snapshotVersion 99 is not one this tool reads (1): take the snapshot again with this "
        "version of 'python -m migration snapshot'",
    ),
]


@pytest.mark.parametrize("key, value, message", METADATA, ids=[m[0] for m in METADATA])
def test_snapshot_metadata_of_the_wrong_type(tmp_path, capsys, key, value, message):
    document = {**json.loads(EXPORT.read_text()), key: value}
    path = tmp_path / "snap.json"
    path.write_text(json.dumps(document))
    assert run(plan_argv(path, "--zone", "example.com"), capsys) == (2, "", f"error: {path}: {message}\n")
