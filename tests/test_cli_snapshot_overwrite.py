"""``snapshot`` never replaces an existing snapshot file without ``--force`` (as ``handover`` and
``discover`` do): a committed snapshot is what a stack plans from. The zone is read from a real
moto server on loopback (tests/support/moto_server.py)."""

from __future__ import annotations

import json

from tests.support.cli import run


def _zone(moto) -> str:
    route53 = moto.client("route53")
    zone_id = route53.create_hosted_zone(Name="example.com.", CallerReference="overwrite")["HostedZone"]["Id"]
    return zone_id.rsplit("/", 1)[-1]


def test_an_existing_output_file_is_kept_without_force(moto, tmp_path, capsys):
    _zone(moto)
    out = tmp_path / "zone.json"
    out.write_text("reviewed\n")
    status, stdout, stderr = run(
        ["snapshot", "--zone", "example.com", "--endpoint-url", moto.endpoint, "-o", str(out)], capsys
    )
    assert (status, stdout, stderr) == (2, "", f"error: {out} exists: give --force to overwrite it\n")
    assert out.read_text() == "reviewed\n"


def test_the_default_output_file_is_kept_without_force(moto, tmp_path, capsys, monkeypatch):
    _zone(moto)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "snapshots").mkdir()
    (tmp_path / "snapshots" / "example.com.json").write_text("reviewed\n")
    status, _, stderr = run(["snapshot", "--zone", "example.com", "--endpoint-url", moto.endpoint], capsys)
    assert (status, stderr) == (2, "error: snapshots/example.com.json exists: give --force to overwrite it\n")
    assert (tmp_path / "snapshots" / "example.com.json").read_text() == "reviewed\n"


def test_the_default_output_is_where_discover_writes_its_folder_made(moto, tmp_path, capsys, monkeypatch):
    """README step 1 in a fresh clone: no snapshots/ folder yet."""
    zone_id = _zone(moto)
    monkeypatch.chdir(tmp_path)
    status, _, stderr = run(["snapshot", "--zone", "example.com", "--endpoint-url", moto.endpoint], capsys)
    assert (status, stderr.splitlines()[-1]) == (
        0,
        f"wrote snapshots/example.com.json: 2 record sets of example.com. (hosted zone {zone_id})",
    )
    assert json.loads((tmp_path / "snapshots" / "example.com.json").read_text())["hostedZoneId"] == zone_id


def test_force_overwrites_it(moto, tmp_path, capsys):
    zone_id = _zone(moto)
    out = tmp_path / "zone.json"
    out.write_text("reviewed\n")
    status, _, stderr = run(
        ["snapshot", "--zone", "example.com", "--endpoint-url", moto.endpoint, "-o", str(out), "--force"], capsys
    )
    assert (status, stderr.splitlines()[-1]) == (
        0,
        f"wrote {out}: 2 record sets of example.com. (hosted zone {zone_id})",
    )
    assert json.loads(out.read_text())["hostedZoneId"] == zone_id
