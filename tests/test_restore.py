"""``python -m migration restore``: a hosted zone deleted by the decommission is recreated from
its backup's snapshot.json, tested against the moto server: every record set equal to the
original (aliases to the old zone re-pointed to the new one, routing sets, health-check ids,
TTLs, octal escapes), and the BIND backup's comments carry TTL and health check (case
r-restore-bind-loses-aliases)."""

from __future__ import annotations

import json

from migration import backup, restore
from migration.sources import route53_api
from migration.sources import snapshot as snapshot_file
from tests.support.cli import run

ZONE = "example.com."


def _sets(zone_id: str) -> list[dict]:
    plain = [
        {
            "Name": "plain.example.com.",
            "Type": "A",
            "TTL": 123,
            "ResourceRecords": [{"Value": "192.0.2.1"}, {"Value": "192.0.2.2"}],
        },
        {"Name": "\\052.wild.example.com.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.3"}]},
        {
            "Name": "caf\\351.example.com.",
            "Type": "TXT",
            "TTL": 86400,
            "ResourceRecords": [{"Value": '"' + "k" * 255 + '" "tail"'}],
        },
        {"Name": "example.com.", "Type": "MX", "TTL": 300, "ResourceRecords": [{"Value": "10 mail.example.com."}]},
        {
            "Name": "w.example.com.",
            "Type": "A",
            "TTL": 30,
            "SetIdentifier": "one",
            "Weight": 10,
            "HealthCheckId": "11111111-2222-3333-4444-555555555555",
            "ResourceRecords": [{"Value": "192.0.2.10"}],
        },
        {
            "Name": "w.example.com.",
            "Type": "A",
            "TTL": 30,
            "SetIdentifier": "two",
            "Weight": 0,
            "ResourceRecords": [{"Value": "192.0.2.11"}],
        },
        {
            "Name": "f.example.com.",
            "Type": "A",
            "TTL": 60,
            "SetIdentifier": "p",
            "Failover": "PRIMARY",
            "HealthCheckId": "11111111-2222-3333-4444-555555555555",
            "ResourceRecords": [{"Value": "192.0.2.20"}],
        },
        {
            "Name": "f.example.com.",
            "Type": "A",
            "TTL": 60,
            "SetIdentifier": "s",
            "Failover": "SECONDARY",
            "ResourceRecords": [{"Value": "192.0.2.21"}],
        },
    ]
    aliases = [  # a chain inside the zone: www -> apex -> CloudFront
        {
            "Name": "example.com.",
            "Type": "A",
            "AliasTarget": {
                "HostedZoneId": "Z2FDTNDATAQYW2",
                "DNSName": "d111111abcdef8.cloudfront.net.",
                "EvaluateTargetHealth": False,
            },
        },
        {
            "Name": "www.example.com.",
            "Type": "A",
            "AliasTarget": {"HostedZoneId": zone_id, "DNSName": "example.com.", "EvaluateTargetHealth": True},
        },
        {
            "Name": "v.example.com.",
            "Type": "A",
            "AliasTarget": {"HostedZoneId": zone_id, "DNSName": "www.example.com.", "EvaluateTargetHealth": False},
        },
    ]
    return plain + aliases


def _without_apex_soa_ns(raws):
    return sorted(
        (r for r in raws if not (r["Name"] == ZONE and r["Type"] in ("SOA", "NS"))),
        key=lambda r: (r["Name"], r["Type"], r.get("SetIdentifier") or ""),
    )


def test_a_deleted_zone_is_restored_from_its_backup_record_set_for_record_set(moto, tmp_path, capsys):
    route53 = moto.client("route53")
    old = route53.create_hosted_zone(Name=ZONE, CallerReference="old", HostedZoneConfig={"Comment": "prod"})[
        "HostedZone"
    ]["Id"].rsplit("/", 1)[-1]
    route53.change_resource_record_sets(
        HostedZoneId=old, ChangeBatch={"Changes": [{"Action": "CREATE", "ResourceRecordSet": rs} for rs in _sets(old)]}
    )
    document = route53_api.read_snapshot_document(zone_id=old, endpoint_url=moto.endpoint)
    (tmp_path / "snapshot.json").write_text(json.dumps(document))
    json_path, zone_path = backup.write(snapshot_file.read(tmp_path / "snapshot.json"), tmp_path)
    original = _without_apex_soa_ns(route53_api.read_raw_record_sets(route53, old))
    assert len(original) == 11
    # The decommission: the zone and its record sets go.
    route53.change_resource_record_sets(
        HostedZoneId=old,
        ChangeBatch={"Changes": [{"Action": "DELETE", "ResourceRecordSet": rs} for rs in reversed(original)]},
    )
    route53.delete_hosted_zone(Id=old)

    status, out, err = run(["restore", "--backup", str(json_path.parent), "--endpoint-url", moto.endpoint], capsys)
    assert (status, err) == (0, "")
    new = route53.list_hosted_zones_by_name(DNSName=ZONE)["HostedZones"][0]
    new_id = new["Id"].rsplit("/", 1)[-1]
    servers = route53.get_hosted_zone(Id=new_id)["DelegationSet"]["NameServers"]
    assert out == (
        f"restored 11 record sets into the new hosted zone {new_id}; its name servers: "
        f"{', '.join(servers)}: point the delegation at them\n"
    )
    assert (new["Config"].get("Comment"), new["Config"].get("PrivateZone")) == ("prod", False)
    expected = json.loads(json.dumps(original).replace(f'"{old}"', f'"{new_id}"'))
    assert _without_apex_soa_ns(route53_api.read_raw_record_sets(route53, new_id)) == expected
    # The CloudFront alias keeps its own zone id; the in-zone ones point at the new zone.
    assert {r["Name"]: r["AliasTarget"]["HostedZoneId"] for r in expected if "AliasTarget" in r} == {
        "example.com.": "Z2FDTNDATAQYW2",
        "www.example.com.": new_id,
        "v.example.com.": new_id,
    }

    # A backup of a zone that still exists is not restored: nothing is created.
    live = tmp_path / "live"
    live.mkdir()
    (live / "snapshot.json").write_text(json.dumps({**document, "hostedZoneId": new_id}))
    status, out, err = run(["restore", "--backup", str(live), "--endpoint-url", moto.endpoint], capsys)
    assert (status, out) == (2, "")
    assert err == (
        f"error: hosted zone {new_id} (example.com.) still exists: restore recreates a deleted zone; "
        "nothing was changed\n"
    )
    assert len(route53.list_hosted_zones()["HostedZones"]) == 1


def test_aliases_are_created_after_the_record_sets_they_point_at():
    sets = _sets("ZOLD")
    waves = restore.waves(sets, ZONE, "ZOLD", "ZNEW")
    assert [sorted(rs["Name"] for rs in w if "AliasTarget" in rs) for w in waves] == [
        ["example.com."],
        ["www.example.com."],
        ["v.example.com."],
    ]
    assert sum(len(w) for w in waves) == len(sets)


def test_batches_stay_within_route53s_quotas():
    many = [
        {
            "Name": f"n{i}.example.com.",
            "Type": "TXT",
            "TTL": 60,
            "ResourceRecords": [{"Value": '"' + "x" * 98 + '"'}] * 3,
        }
        for i in range(700)
    ]
    found = restore.batches(many)
    assert [len(b) for b in found] == [106, 106, 106, 106, 106, 106, 64]  # 32,000 characters of values a request
    assert all(sum(len(r["ResourceRecords"]) for r in b) <= restore.MAX_RECORDS for b in found)
    small = [
        {"Name": f"n{i}.example.com.", "Type": "A", "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}] * 4}
        for i in range(300)
    ]
    assert [len(b) for b in restore.batches(small)] == [250, 50]  # 1,000 resource records a request


def test_the_bind_backup_comments_carry_ttl_and_health_check(tmp_path):
    document = {
        "snapshotVersion": 1,
        "zone": ZONE,
        "hostedZoneId": "ZOLD",
        "ResourceRecordSets": [
            {
                "Name": ZONE,
                "Type": "SOA",
                "TTL": 900,
                "ResourceRecords": [
                    {"Value": "ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"}
                ],
            },
            {"Name": ZONE, "Type": "NS", "TTL": 172800, "ResourceRecords": [{"Value": "ns-1.awsdns-01.org."}]},
            *_sets("ZOLD"),
        ],
    }
    (tmp_path / "snapshot.json").write_text(json.dumps(document))
    _, zone_path = backup.write(snapshot_file.read(tmp_path / "snapshot.json"), tmp_path)
    comments = [line for line in zone_path.read_text().splitlines() if line.startswith(";")]
    assert comments == [
        "; w.example.com. A [one] ttl 30 192.0.2.10 routing weighted {'Weight': 10} health check "
        "11111111-2222-3333-4444-555555555555",
        "; w.example.com. A [two] ttl 30 192.0.2.11 routing weighted {'Weight': 0}",
        "; f.example.com. A [p] ttl 60 192.0.2.20 routing failover {'Failover': 'PRIMARY'} health check "
        "11111111-2222-3333-4444-555555555555",
        "; f.example.com. A [s] ttl 60 192.0.2.21 routing failover {'Failover': 'SECONDARY'}",
        "; example.com. A ALIAS d111111abcdef8.cloudfront.net. (hosted zone Z2FDTNDATAQYW2, evaluate target health "
        "false)",
        "; www.example.com. A ALIAS example.com. (hosted zone ZOLD, evaluate target health true)",
        "; v.example.com. A ALIAS www.example.com. (hosted zone ZOLD, evaluate target health false)",
    ]
