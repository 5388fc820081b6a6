"""``python -m migration restore`` on a bad backup or a failing Route53: a clear error naming the
record set or the zone, exit 2, no traceback, and nothing created unless said (moto server; the
fault proxy for a Route53 failure after the new zone exists)."""

from __future__ import annotations

import json

import botocore.config
import pytest

from migration.sources import aws
from tests.conftest import EXPORT
from tests.support import fault_proxy
from tests.support.cli import run
from tests.support.moto_server import free_port

OLD = "Z0EXAMPLE1234567890AB"


@pytest.fixture
def few_retries(monkeypatch):
    """Three attempts instead of ten: a failure beyond the retries comes in a second."""
    monkeypatch.setattr(aws, "RETRIES", botocore.config.Config(retries={"mode": "standard", "max_attempts": 2}))


def _backup(tmp_path, edit=None):
    """A backup folder of the reference export (hosted zone OLD); ``edit`` changes its record sets."""
    document = {"snapshotVersion": 1, "zone": "example.com.", "hostedZoneId": OLD, **json.loads(EXPORT.read_text())}
    if edit:
        edit(document["ResourceRecordSets"])
    folder = tmp_path / f"example.com-{OLD}"
    folder.mkdir()
    (folder / "snapshot.json").write_text(json.dumps(document))
    return folder


def _restore(folder, endpoint, capsys, *more):
    return run(["restore", "--backup", str(folder), "--endpoint-url", endpoint, *more], capsys)


def _label(raw):
    return f"{raw['Name']} {raw['Type']}"


def test_keys_route53_does_not_know_are_refused_before_any_zone_is_created(moto, tmp_path, capsys):
    """Before, the new zone was created and ChangeResourceRecordSets failed in botocore's
    parameter validation with a traceback, leaving the zone behind with only SOA and NS."""
    sets = json.loads(EXPORT.read_text())["ResourceRecordSets"]

    def bogus(raws):
        raws[3]["Bogus"] = 1

    def extra(raws):
        raws[4]["ResourceRecords"][0]["Extra"] = 1

    for edit, problem in (
        (
            bogus,
            # The snapshot reader refuses it (as in every plan), before restore's own check.
            f"{_label(sets[3])}: unknown key(s) 'Bogus': a record set has only Name, Type, SetIdentifier, Weight, "
            "Region, GeoLocation, Failover, MultiValueAnswer, TTL, ResourceRecords, AliasTarget, HealthCheckId, "
            "TrafficPolicyInstanceId, CidrRoutingConfig, GeoProximityLocation, AZAffinity (Route53 API reference, "
            "ResourceRecordSet): the file is damaged, or holds a field this tool would drop",
        ),
        (
            extra,
            f'{_label(sets[4])}: Unknown parameter in ResourceRecords[0]: "Extra", must be one of: Value '
            "(Route53 would refuse it)",
        ),
    ):
        (tmp_path / edit.__name__).mkdir()
        folder = _backup(tmp_path / edit.__name__, edit)
        status, out, err = _restore(folder, moto.endpoint, capsys)
        assert (status, out) == (2, "")
        assert err == f"error: {folder / 'snapshot.json'}: {problem}\n"
        assert moto.client("route53").list_hosted_zones()["HostedZones"] == []


def test_a_failure_after_the_zone_is_created_names_it_and_what_is_missing(moto, tmp_path, capsys, few_retries):
    folder = _backup(tmp_path)
    for proxy in fault_proxy.serve(moto.endpoint):
        proxy.fault, proxy.every, proxy.only = "error500", 1, "/rrset"
        status, out, err = _restore(folder, proxy.endpoint, capsys)
        break
    zones = moto.client("route53").list_hosted_zones()["HostedZones"]
    assert len(zones) == 1
    new_id = zones[0]["Id"].rsplit("/", 1)[-1]
    assert (status, out) == (2, "")
    assert err == (
        "error: Route53 refused ChangeResourceRecordSets: InternalFailure: internal failure: the new hosted zone "
        f"{new_id} (example.com.) was created and holds 0 of the 22 record sets of the backup; not restored: "
        "example.com. A, example.com. AAAA, example.com. CAA, example.com. MX, example.com. TXT and 17 more. "
        f"Create those in zone {new_id}, or delete that zone and run restore again\n"
    )


def test_nothing_listening_is_one_line(tmp_path, capsys, few_retries):
    endpoint = f"http://127.0.0.1:{free_port()}"
    status, out, err = _restore(_backup(tmp_path), endpoint, capsys)
    assert (status, out) == (2, "")
    assert err == (
        f"error: cannot read Route53 GetHostedZone: cannot connect to {endpoint}/2013-04-01/hostedzone/{OLD} "
        "(after 3 attempts)\n"
    )


def test_no_credentials_is_one_line(moto, tmp_path, capsys, monkeypatch):
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    status, out, err = _restore(_backup(tmp_path), moto.endpoint, capsys)
    assert (status, out) == (2, "")
    assert err == (
        "error: cannot call Route53 GetHostedZone: no AWS credentials: set AWS_PROFILE or "
        "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY\n"
    )
    assert moto.client("route53").list_hosted_zones()["HostedZones"] == []


def test_a_hosted_zone_id_other_than_the_backups_gets_restores_advice(moto, tmp_path, capsys):
    folder = _backup(tmp_path)
    status, out, err = _restore(folder, moto.endpoint, capsys, "--hosted-zone-id", "ZOTHER123")
    assert (status, out) == (2, "")
    assert err == (
        f"error: {folder / 'snapshot.json'}: the backup is of hosted zone {OLD}, but --hosted-zone-id is "
        f"ZOTHER123: leave out --hosted-zone-id (this backup names its zone), or restore from the backup folder "
        "of ZOTHER123; nothing was changed\n"
    )
    assert moto.client("route53").list_hosted_zones()["HostedZones"] == []


def test_a_second_restore_is_refused_while_a_public_zone_of_the_name_exists(moto, tmp_path, capsys):
    """Restore run twice made two public hosted zones of the same name (one of them an orphan no
    parent delegates to). Now the second run is refused naming the zone there; a private zone of
    the name does not count; --another-zone makes one more when that is meant."""
    route53 = moto.client("route53")
    route53.create_hosted_zone(
        Name="example.com.",
        CallerReference="private",
        HostedZoneConfig={"PrivateZone": True},
        VPC={"VPCRegion": "us-east-1", "VPCId": "vpc-0123456789abcdef0"},
    )
    folder = _backup(tmp_path)
    status, out, err = _restore(folder, moto.endpoint, capsys)
    assert (status, err) == (0, "")
    (first,) = [z for z in route53.list_hosted_zones()["HostedZones"] if not z["Config"]["PrivateZone"]]
    first_id = first["Id"].rsplit("/", 1)[-1]

    status, out, err = _restore(folder, moto.endpoint, capsys)
    assert (status, out) == (2, "")
    assert err == (
        f"error: Route53 already has a public hosted zone named example.com.: {first_id} "
        f"({first['ResourceRecordSetCount']} record sets); restored before? Another restore makes one more "
        "zone of that name, with name servers no parent delegates to: point the delegation at that zone, or "
        "delete it and run restore again; give --another-zone to make one more all the same. Nothing was "
        "changed\n"
    )
    assert len(route53.list_hosted_zones()["HostedZones"]) == 2  # the private one and the first restore

    status, out, err = _restore(folder, moto.endpoint, capsys, "--another-zone")
    assert (status, err) == (0, "")
    public = [z for z in route53.list_hosted_zones()["HostedZones"] if not z["Config"]["PrivateZone"]]
    assert len(public) == 2 and out.startswith("restored 22 record sets into the new hosted zone ")
