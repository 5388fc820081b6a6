"""Reading hosted zones live: boto3 against a moto server on 127.0.0.1, and recorded real-format
Route53 pages (botocore Stubber) where moto differs from Route53 (octal escapes: moto stores ``*``
literally, Route53 returns ``\\052``)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from collections import Counter

import botocore.stub
import dns.name
import dns.rdata
import pytest

from migration.errors import AwsError
from migration.sources import route53_api
from migration.sources import snapshot as snapshot_file
from tests.benchmarks import zonegen
from tests.conftest import ROOT


def make_zone(moto, name="example.com", private=False, count=0, caller="c1"):
    r53 = moto.client("route53")
    kwargs = {"Name": name, "CallerReference": caller}
    if private:
        ec2 = moto.client("ec2")
        vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
        kwargs["VPC"] = {"VPCRegion": "us-east-1", "VPCId": vpc}
        kwargs["HostedZoneConfig"] = {"PrivateZone": True, "Comment": "internal"}
    else:
        kwargs["HostedZoneConfig"] = {"Comment": "production zone", "PrivateZone": False}
    zone_id = r53.create_hosted_zone(**kwargs)["HostedZone"]["Id"].split("/")[-1]
    changes = [
        {
            "Action": "CREATE",
            "ResourceRecordSet": {
                "Name": f"host{i:04d}.{name}.",
                "Type": "A",
                "TTL": 300,
                "ResourceRecords": [{"Value": f"192.0.2.{i % 250 + 1}"}],
            },
        }
        for i in range(count)
    ]
    for start in range(0, len(changes), 500):
        r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": changes[start : start + 500]})
    return zone_id


def test_reads_more_than_one_page(moto):
    zone_id = make_zone(moto, count=650)
    r53 = route53_api.client(endpoint_url=moto.endpoint)
    calls = []
    r53.meta.events.register("before-send.route53.ListResourceRecordSets", lambda **kw: calls.append(1))
    raws = route53_api.read_raw_record_sets(r53, zone_id)
    assert len(raws) == 652  # 650 + apex SOA and NS
    assert len(calls) == math.ceil(652 / 300)
    assert sorted(r["Name"] for r in raws if r["Type"] == "A")[:2] == ["host0000.example.com.", "host0001.example.com."]


def test_snapshot_document_by_name(moto):
    zone_id = make_zone(moto, count=3)
    doc = route53_api.read_snapshot_document(zone="example.com", endpoint_url=moto.endpoint)
    assert doc["zone"] == "example.com."
    assert doc["hostedZoneId"] == zone_id
    assert doc["comment"] == "production zone"
    assert len(doc["nameServers"]) == 4 and all(ns.endswith(".") for ns in doc["nameServers"])
    assert len(doc["ResourceRecordSets"]) == 5
    snap = snapshot_file.from_document(doc, "moto")
    assert snap.hosted_zone_id == zone_id
    assert [rs.label for rs in snap.record_sets if rs.rtype == "A"] == [
        "host0000.example.com. A",
        "host0001.example.com. A",
        "host0002.example.com. A",
    ]


def test_snapshot_document_by_id(moto):
    zone_id = make_zone(moto)
    doc = route53_api.read_snapshot_document(zone_id=f"/hostedzone/{zone_id}", endpoint_url=moto.endpoint)
    assert doc["hostedZoneId"] == zone_id


def test_private_only_zone_is_an_error(moto):
    zone_id = make_zone(moto, private=True)
    with pytest.raises(AwsError) as err:
        route53_api.read_snapshot_document(zone="example.com", endpoint_url=moto.endpoint)
    assert str(err.value) == (
        f"example.com. exists only as a private hosted zone ({zone_id}); private zones are never migrated"
    )


def test_private_zone_beside_public_one_is_ignored(moto):
    make_zone(moto, private=True)
    public = make_zone(moto, caller="c2")
    doc = route53_api.read_snapshot_document(zone="example.com", endpoint_url=moto.endpoint)
    assert doc["hostedZoneId"] == public


def test_several_public_zones_is_an_error_listing_them(moto):
    first = make_zone(moto, count=2, caller="c1")
    second = make_zone(moto, caller="c2")
    with pytest.raises(AwsError) as err:
        route53_api.read_snapshot_document(zone="example.com", endpoint_url=moto.endpoint)
    assert str(err.value) == (
        f"example.com. exists as 2 public hosted zones: {first} (4 record sets); "
        f"{second} (2 record sets). Choose one with --zone-id; the others are orphans to delete"
    )


def test_missing_zone_is_an_error(moto):
    with pytest.raises(AwsError) as err:
        route53_api.read_snapshot_document(zone="nowhere.example", endpoint_url=moto.endpoint)
    assert str(err.value) == "no hosted zone named nowhere.example. in this account"


def test_snapshot_command_writes_a_file_the_plan_reads(moto, tmp_path):
    make_zone(moto, count=2)
    out = tmp_path / "example.com.json"
    env = {
        "AWS_ACCESS_KEY_ID": "testing",
        "AWS_SECRET_ACCESS_KEY": "testing",
        "PATH": "/usr/bin:/bin",
        "AWS_ENDPOINT_URL": moto.endpoint,
    }
    done = subprocess.run(
        [sys.executable, "-m", "migration", "snapshot", "--zone", "example.com", "-o", str(out)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr.startswith(f"wrote {out}: 4 record sets of example.com. (hosted zone ")
    written = json.loads(out.read_text())
    assert list(written) == [
        "snapshotVersion",
        "zone",
        "hostedZoneId",
        "nameServers",
        "comment",
        "tags",
        "readAt",
        "ResourceRecordSets",
    ]
    plan = subprocess.run(
        [sys.executable, "-m", "migration", "plan", "--source", str(out), "--zone", "example.com", "--format", "json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert plan.returncode == 0, plan.stderr
    assert json.loads(plan.stdout)["summary"]["cloudflareRecords"] == 2


# Two pages as Route53 itself returns them (shape of the Route53 API reference's
# ListResourceRecordSets example): octal escapes that moto does not produce.
RECORDED_PAGES = [
    {
        "ResourceRecordSets": [
            {
                "Name": "example.com.",
                "Type": "SOA",
                "TTL": 900,
                "ResourceRecords": [
                    {"Value": "ns-1204.awsdns-22.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"}
                ],
            },
            {
                "Name": "\\052.preview.example.com.",
                "Type": "A",
                "TTL": 30,
                "ResourceRecords": [{"Value": "192.0.2.10"}],
            },
        ],
        "IsTruncated": True,
        "NextRecordName": "a\\057b.example.com.",
        "NextRecordType": "TXT",
        "MaxItems": "2",
    },
    {
        "ResourceRecordSets": [
            {"Name": "a\\057b.example.com.", "Type": "TXT", "TTL": 300, "ResourceRecords": [{"Value": '"slash"'}]},
            {"Name": "caf\\351.example.com.", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.11"}]},
        ],
        "IsTruncated": False,
        "MaxItems": "2",
    },
]


def test_recorded_pages_with_octal_escapes():
    r53 = route53_api.client()
    with botocore.stub.Stubber(r53) as stub:
        stub.add_response("list_resource_record_sets", RECORDED_PAGES[0], {"HostedZoneId": "Z1"})
        stub.add_response(
            "list_resource_record_sets",
            RECORDED_PAGES[1],
            {"HostedZoneId": "Z1", "StartRecordName": "a\\057b.example.com.", "StartRecordType": "TXT"},
        )
        raws = route53_api.read_raw_record_sets(r53, "Z1")
    snap = snapshot_file.from_document({"ResourceRecordSets": raws}, "recorded")
    names = [rs.name for rs in snap.record_sets]
    assert names[1] == dns.name.Name([b"*", b"preview", b"example", b"com", b""])
    assert names[2] == dns.name.Name([b"a/b", b"example", b"com", b""])
    assert names[3] == dns.name.Name([b"caf\xe9", b"example", b"com", b""])
    assert snap.zone == dns.name.from_text("example.com.")


def test_file_of_raw_api_pages(tmp_path):
    """A list of raw ListResourceRecordSets pages (as saved from the API) reads like one export."""
    path = tmp_path / "pages.json"
    path.write_text(json.dumps(RECORDED_PAGES))
    snap = snapshot_file.read(path)
    assert [rs.label for rs in snap.record_sets] == [
        "example.com. SOA",
        "*.preview.example.com. A",
        "a/b.example.com. TXT",
        "caf\\233.example.com. A",
    ]


def _weighted(identifier, value):
    return {
        "Name": "api.example.com.",
        "Type": "A",
        "SetIdentifier": identifier,
        "Weight": 100,
        "TTL": 60,
        "ResourceRecords": [{"Value": value}],
    }


def _pages(repeat_value):
    # Real Route53 page shapes (ListResourceRecordSets); the second page starts again at the name and
    # type of the first page's last set, as a client that drops NextRecordIdentifier reads it.
    return [
        {
            "ResourceRecordSets": [_weighted("primary", "192.0.2.1")],
            "IsTruncated": True,
            "NextRecordName": "api.example.com.",
            "NextRecordType": "A",
            "MaxItems": "1",
        },
        {
            "ResourceRecordSets": [_weighted("primary", repeat_value), _weighted("secondary", "192.0.2.2")],
            "IsTruncated": False,
            "MaxItems": "1",
        },
    ]


def _read(pages):
    r53 = route53_api.client()
    with botocore.stub.Stubber(r53) as stub:
        stub.add_response("list_resource_record_sets", pages[0], {"HostedZoneId": "Z1"})
        stub.add_response(
            "list_resource_record_sets",
            pages[1],
            {"HostedZoneId": "Z1", "StartRecordName": "api.example.com.", "StartRecordType": "A"},
        )
        return route53_api.read_raw_record_sets(r53, "Z1")


def test_the_live_reader_drops_an_identical_repeat_of_overlapping_pages():
    assert [(r["SetIdentifier"], r["ResourceRecords"]) for r in _read(_pages("192.0.2.1"))] == [
        ("primary", [{"Value": "192.0.2.1"}]),
        ("secondary", [{"Value": "192.0.2.2"}]),
    ]


def test_the_live_reader_refuses_a_repeat_with_another_value():
    with pytest.raises(AwsError) as err:
        _read(_pages("192.0.2.99"))
    assert str(err.value) == (
        "Route53 listed api.example.com. A [primary] twice with different contents (the zone "
        "changed while it was read, or the pages overlap): read it again"
    )


def test_the_live_reader_writes_each_weighted_set_once_where_moto_repeats_them(moto):
    # moto leaves out NextRecordIdentifier (the boto/boto#2542 condition): a page that ends inside
    # the weighted sets of w.example.com A is continued from the name and type, repeating them.
    r53 = moto.client("route53")
    zone_id = r53.create_hosted_zone(Name="example.com", CallerReference="b36")["HostedZone"]["Id"].split("/")[-1]
    changes = [
        {
            "Action": "CREATE",
            "ResourceRecordSet": {
                "Name": f"h{i:03d}.example.com.",
                "Type": "A",
                "TTL": 300,
                "ResourceRecords": [{"Value": "192.0.2.1"}],
            },
        }
        for i in range(296)
    ]
    changes += [
        {
            "Action": "CREATE",
            "ResourceRecordSet": {
                "Name": "w.example.com.",
                "Type": "A",
                "TTL": 60,
                "SetIdentifier": f"s{i}",
                "Weight": 1,
                "ResourceRecords": [{"Value": f"192.0.2.{i + 10}"}],
            },
        }
        for i in range(4)
    ]
    r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": changes})
    client = route53_api.client(endpoint_url=moto.endpoint)
    pages = client.get_paginator("list_resource_record_sets").paginate(HostedZoneId=zone_id)
    assert [
        rs.get("SetIdentifier") for page in pages for rs in page["ResourceRecordSets"] if rs["Name"] == "w.example.com."
    ] == ["s0", "s1", "s0", "s1", "s2", "s3"]
    raws = route53_api.read_raw_record_sets(client, zone_id)
    assert [rs["SetIdentifier"] for rs in raws if rs["Name"] == "w.example.com."] == ["s0", "s1", "s2", "s3"]
    assert len(raws) == 302  # 296 + 4 + the apex SOA and NS


def test_a_large_read_pages_by_300_with_three_fixed_look_ups(moto, monkeypatch):
    """ceil(N/300) ListResourceRecordSets calls (Route53 API reference) plus the fixed look-ups:
    no per-record-set request."""
    route53 = moto.client("route53")
    hz = route53.create_hosted_zone(Name=zonegen.ZONE, CallerReference="scale")
    zone_id = hz["HostedZone"]["Id"].rsplit("/", 1)[-1]
    for batch in zonegen.change_batches(zonegen.record_sets(601, hosted_zone_id=zone_id), 500):
        route53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch=batch)
    sent: Counter = Counter()
    original = route53_api.client

    def counting(**kwargs):
        made = original(**kwargs)
        made.meta.events.register(
            "before-send.route53", lambda event_name, **_: sent.update([event_name.split(".")[-1]])
        )
        return made

    monkeypatch.setattr(route53_api, "client", counting)
    document = route53_api.read_snapshot_document(zone=zonegen.ZONE, endpoint_url=moto.endpoint)
    assert len(document["ResourceRecordSets"]) == 601
    assert sent == {
        "ListResourceRecordSets": math.ceil(601 / 300),
        "ListHostedZonesByName": 1,
        "GetHostedZone": 1,
        "ListTagsForResource": 1,
    }
