"""The backup written before the decommission: the reviewed snapshot and a BIND zone file."""

from __future__ import annotations

import json

import dns.zone

from migration import backup
from tests.conftest import BASE
from tests.support import plans
from tests.support.cli import run, stack_file


def test_backup_keeps_the_snapshot_and_a_zone_file_dnspython_reads_back(tmp_path):
    snap = plans.snapshot()
    json_path, zone_path = backup.write(snap, tmp_path)
    # The export's record sets as they are, with the metadata restore needs (the id from the settings).
    assert json.loads(json_path.read_text()) == {
        "snapshotVersion": 1,
        "zone": "example.com.",
        "hostedZoneId": plans.ZONE_ID,
        "nameServers": [],
        "comment": None,
        "tags": {},
        "readAt": None,
        **json.loads(plans.SNAPSHOT.read_text()),
    }
    zone = dns.zone.from_text(zone_path.read_text(), origin="example.com.", relativize=False)
    mx = zone.find_rdataset("mail.example.com.", "MX")
    assert [rd.to_text() for rd in mx] == ["10 feedback-smtp.ap-northeast-1.amazonses.com."] and mx.ttl == 300
    # Aliases have no zone-file form: kept as comments naming the target.
    assert (
        "; example.com. A ALIAS d3k8p2x0example.cloudfront.net. (hosted zone Z2FDTNDATAQYW2, evaluate target health "
        "false)"
    ) in zone_path.read_text()
    plain = sum(1 for rs in snap.record_sets if rs.alias is None and rs.routing is None)
    assert len(list(zone.iterate_rdatasets())) == plain


def test_backup_without_hosted_zone_id(project, capsys):
    stack_file(project, BASE)
    assert run(["backup", "--stack", "s"], capsys) == (
        2,
        "",
        (
            f"error: {project / 'export.json'}: no hosted-zone id: a backup is of one Route53 hosted zone and its folder "
            "is backups/<zone>-<hosted-zone id>/; set migration:hostedZoneId or take the snapshot with "
            "'python -m migration snapshot'\n"
        ),
    )
    assert not (project / "backups").exists()
