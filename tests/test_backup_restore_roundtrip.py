"""A backup is always restorable: ``python -m migration backup`` and the decommission's backup of
a zone read from an aws-CLI export (no hostedZoneId in the file; the stack's
migration:hostedZoneId gives it) keep the id, and ``restore`` recreates every record set on the
moto server. A backup an older version wrote without the id is restored with ``--hosted-zone-id``."""

from __future__ import annotations

import json
import shutil

from migration import backup
from migration.sources import route53_api
from tests.conftest import BASE, EXPORT
from tests.support import plans
from tests.support.cli import run, stack_file

OLD = "Z0EXAMPLE1234567890AB"
ZONE = "example.com."
# An alias to a record set of the old zone: restore must re-point it at the new zone.
IN_ZONE_ALIAS = {
    "Name": "shop.example.com.",
    "Type": "A",
    "AliasTarget": {"HostedZoneId": OLD, "DNSName": "api.example.com.", "EvaluateTargetHealth": False},
}


def _without_apex_soa_ns(raws):
    return sorted(
        (r for r in raws if not (r["Name"] == ZONE and r["Type"] in ("SOA", "NS"))),
        key=lambda r: (r["Name"], r["Type"], r.get("SetIdentifier") or ""),
    )


def _restore(folder, moto, capsys, *more):
    return run(["restore", "--backup", str(folder), "--endpoint-url", moto.endpoint, *more], capsys)


def _restored(moto, out, raws):
    """Check the restore's report and that the new zone holds exactly RAWS (apex SOA and NS
    aside; aliases to the old zone re-pointed); the new zone's id."""
    route53 = moto.client("route53")
    zones = route53.list_hosted_zones_by_name(DNSName=ZONE)["HostedZones"]
    assert len(zones) == 1
    new_id = zones[0]["Id"].rsplit("/", 1)[-1]
    servers = route53.get_hosted_zone(Id=new_id)["DelegationSet"]["NameServers"]
    wanted = _without_apex_soa_ns(raws)
    assert out == (
        f"restored {len(wanted)} record sets into the new hosted zone {new_id}; its name servers: "
        f"{', '.join(servers)}: point the delegation at them\n"
    )
    expected = json.loads(json.dumps(wanted).replace(f'"{OLD}"', f'"{new_id}"'))
    assert _without_apex_soa_ns(route53_api.read_raw_record_sets(route53, new_id)) == expected
    return new_id


def test_the_cli_backup_of_an_export_is_restored(project, moto, capsys):
    document = json.loads(EXPORT.read_text())
    document["ResourceRecordSets"].append(IN_ZONE_ALIAS)
    (project / "export.json").write_text(json.dumps(document))
    stack_file(project, BASE + f"  migration:hostedZoneId: {OLD}\n")
    status, out, err = run(["backup", "--stack", "s"], capsys)
    folder = project / "backups" / f"example.com-{OLD}"
    assert (status, out, err) == (0, f"wrote {folder / 'snapshot.json'}\nwrote {folder / 'example.com.zone'}\n", "")
    kept = json.loads((folder / "snapshot.json").read_text())
    assert kept == {
        "snapshotVersion": 1,
        "zone": ZONE,
        "hostedZoneId": OLD,
        "nameServers": [],
        "comment": None,
        "tags": {},
        "readAt": None,
        "ResourceRecordSets": document["ResourceRecordSets"],
    }
    status, out, err = _restore(folder, moto, capsys)
    assert (status, err) == (0, "")
    new_id = _restored(moto, out, document["ResourceRecordSets"])
    shop = next(
        r for r in route53_api.read_raw_record_sets(moto.client("route53"), new_id) if r["Name"] == "shop.example.com."
    )
    assert shop["AliasTarget"]["HostedZoneId"] == new_id


def test_the_decommission_backup_is_restored(moto, tmp_path, capsys):
    # program.run writes backup.write(plan.snapshot, cwd) before the decommission deletes the zone.
    snap = plans.plan("decommission").snapshot
    json_path, _ = backup.write(snap, tmp_path)
    assert json.loads(json_path.read_text())["hostedZoneId"] == OLD
    status, out, err = _restore(json_path.parent, moto, capsys)
    assert (status, err) == (0, "")
    _restored(moto, out, json.loads(EXPORT.read_text())["ResourceRecordSets"])


def test_an_older_backup_without_the_id_is_restored_with_hosted_zone_id(moto, tmp_path, capsys):
    folder = tmp_path / "backups" / f"example.com-{OLD}"
    folder.mkdir(parents=True)
    shutil.copyfile(EXPORT, folder / "snapshot.json")  # what backups held before: the export as is
    status, out, err = _restore(folder, moto, capsys)
    assert (status, out) == (2, "")
    assert err == (
        f"error: {folder / 'snapshot.json'}: no hostedZoneId (a backup written by an older version): the alias "
        "targets of the deleted zone cannot be told apart from other zones'; give the deleted hosted zone's id "
        f"with --hosted-zone-id (the folder name says {OLD})\n"
    )
    assert moto.client("route53").list_hosted_zones()["HostedZones"] == []
    status, out, err = _restore(folder, moto, capsys, "--hosted-zone-id", "Z0NOTANID!")
    assert (status, out) == (2, "")
    assert err.startswith(f"error: {folder / 'snapshot.json'}: the hosted-zone id given (")
    status, out, err = _restore(folder, moto, capsys, "--hosted-zone-id", f"/hostedzone/{OLD}")
    assert (status, err) == (0, "")
    _restored(moto, out, json.loads(EXPORT.read_text())["ResourceRecordSets"])
