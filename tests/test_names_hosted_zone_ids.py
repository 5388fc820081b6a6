"""Hosted-zone ids and the files that carry them are checked where they are read: the snapshot,
migration:hostedZoneId, --hosted-zone-id, migration:orphanZones, the inventory; a bad one is an
input error naming the field (exit 2), and the backup folder stays under backups/
(case r-backup-path-traversal: a snapshot whose hostedZoneId is ../../../escaped)."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from migration import backup, names
from migration.errors import InputError
from migration.sources import inventory
from migration.sources import snapshot as snapshot_file
from migration.stack import plan_for
from tests.conftest import DATA
from tests.support import plans
from tests.support.cli import run

TRAVERSAL = DATA / "cases" / "r-backup-path-traversal" / "snapshot.json"
STACK = (
    "config:\n  migration:zone: example.com\n  migration:snapshot: {snapshot}\n"
    "  migration:cloudflareAccountId: 0123456789abcdef0123456789abcdef\n  migration:sesIdentities: []\n"
)


def _files(root):
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def test_a_snapshot_id_with_dot_dot_is_refused_and_nothing_is_written(tmp_path, capsys, monkeypatch):
    project = tmp_path / "project"
    (project / "stacks").mkdir(parents=True)
    (project / "Pulumi.yaml").write_text("name: p\nruntime: python\nstackConfigDir: stacks\n")
    (project / "snapshot.json").write_text(TRAVERSAL.read_text())
    (project / "stacks" / "Pulumi.trav.yaml").write_text(STACK.format(snapshot="snapshot.json"))
    monkeypatch.chdir(project)
    for argv in (["backup", "--stack", "trav"], ["plan", "--stack", "trav", "--phase", "mirror"]):
        status, out, err = run(argv, capsys)
        assert (status, out) == (2, "")
        assert err == (
            f"error: {project / 'snapshot.json'}: hostedZoneId: '../../../escaped' is not a Route53 "
            "hosted-zone id (upper-case letters and digits, optionally after /hostedzone/)\n"
        )
    assert _files(tmp_path) == ["project/Pulumi.yaml", "project/snapshot.json", "project/stacks/Pulumi.trav.yaml"]


def test_the_setting_the_option_and_orphan_zones_are_checked(tmp_path, capsys, monkeypatch):
    (tmp_path / "Pulumi.yaml").write_text("name: p\nruntime: python\nstackConfigDir: stacks\n")
    (tmp_path / "stacks").mkdir()
    (tmp_path / "export.json").write_text(plans.SNAPSHOT.read_text())
    (tmp_path / "stacks" / "Pulumi.bad.yaml").write_text(
        STACK.format(snapshot="export.json") + "  migration:hostedZoneId: ../up\n  migration:orphanZones: [Z1, 'z/2']\n"
    )
    monkeypatch.chdir(tmp_path)
    status, _, err = run(["plan", "--stack", "bad"], capsys)
    assert status == 2
    assert err == (
        "error: stack bad: migration:hostedZoneId: '../up' is not a Route53 hosted-zone id (upper-case "
        "letters and digits, optionally after /hostedzone/); migration:orphanZones: 'z/2' is not a Route53 "
        "hosted-zone id (upper-case letters and digits, optionally after /hostedzone/)\n"
    )
    status, _, err = run(["plan", "--source", "export.json", "--hosted-zone-id", "Z1/../x"], capsys)
    assert status == 2
    assert err.endswith(
        "argument --hosted-zone-id: 'Z1/../x' is not a Route53 hosted-zone id (upper-case letters "
        "and digits, optionally after /hostedzone/)\n"
    )


def test_the_api_prefix_is_accepted_and_dropped():
    assert names.hosted_zone_id("/hostedzone/Z0EXAMPLE1234567890AB") == "Z0EXAMPLE1234567890AB"
    document = json.loads(plans.SNAPSHOT.read_text())
    document["hostedZoneId"] = "/hostedzone/Z0EXAMPLE1234567890AB"
    assert snapshot_file.from_document(document, "s").hosted_zone_id == "Z0EXAMPLE1234567890AB"


def test_a_snapshot_and_a_setting_naming_different_zones_is_an_error():
    document = {**json.loads(plans.SNAPSHOT.read_text()), "hostedZoneId": "Z0REVIEWED"}
    with pytest.raises(InputError) as caught:
        snapshot_file.from_document(document, "snap.json", hosted_zone_id="Z0OTHER")
    assert str(caught.value) == (
        "snap.json: the file is a snapshot of hosted zone Z0REVIEWED, but the hosted-zone id "
        "given (migration:hostedZoneId or --hosted-zone-id) is Z0OTHER: remove the setting, or "
        "take the snapshot of that zone"
    )
    # The same id twice is no conflict.
    assert snapshot_file.from_document(document, "s", hosted_zone_id="Z0REVIEWED").hosted_zone_id == "Z0REVIEWED"


def test_an_inventory_of_another_zone_is_an_input_error(tmp_path):
    document = json.loads(plans.INVENTORY.read_text())
    settings = replace(plans.settings(), inventory=tmp_path / "inv.json")
    for changes, problem in (
        (
            {"zone": "example.org."},
            "it is the inventory of example.org., not of example.com.: take it with "
            "'python -m migration inventory --stack NAME --force'",
        ),
        (
            {"hostedZoneId": "Z0ANOTHERZONE"},
            "it is the inventory of hosted zone Z0ANOTHERZONE, not of "
            "Z0EXAMPLE1234567890AB (the snapshot's): take it again with 'python -m "
            "migration inventory --stack NAME --force'",
        ),
    ):
        settings.inventory.write_text(json.dumps({**document, **changes}))
        with pytest.raises(InputError) as caught:
            plan_for(settings, run_gates=False)
        assert str(caught.value) == f"{settings.inventory}: {problem}"
    settings.inventory.write_text(json.dumps({**document, "otherZones": [{"id": "../x"}]}))
    with pytest.raises(InputError, match=r"otherZones: '\.\./x' is not a Route53 hosted-zone id"):
        inventory.read(settings.inventory)


def test_a_snapshot_built_with_a_bad_id_still_cannot_leave_backups(tmp_path):
    snap = replace(plans.snapshot(), hosted_zone_id="../../escaped")
    with pytest.raises(InputError, match="hostedZoneId: '../../escaped' is not a Route53 hosted-zone id"):
        backup.write(snap, tmp_path)
    assert _files(tmp_path) == []


@given(st.one_of(st.text(max_size=40), st.from_regex(r"(/hostedzone/)?[A-Z0-9./]{1,34}", fullmatch=True)))
def test_every_accepted_id_is_a_folder_inside_backups(text):
    try:
        bare = names.hosted_zone_id(text)
    except ValueError:
        return
    assert bare.isascii() and bare.isalnum() and bare == bare.upper()
    root = plans.ROOT / "no-such-project"
    folder = backup.folder_of(replace(plans.snapshot(), hosted_zone_id=text), root)
    assert folder.parent == (root / "backups").resolve() and folder.name == f"example.com-{bare}"
