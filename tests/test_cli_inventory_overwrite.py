"""``inventory`` never replaces an existing file without ``--force``, like ``snapshot``,
``handover`` and ``discover`` (the same option and message): the inventory is committed beside
the snapshot and planned from. Route53 is a real moto server on loopback."""

from __future__ import annotations

import json

import pytest

from tests.support.cli import run
from tests.support.moto_server import query_logging_by_zone

STACK = (
    "config:\n  migration:zone: example.com\n  migration:snapshot: export.json\n"
    "  migration:cloudflareAccountId: 023e105f4ecef8ad9ca31a8372d0c354\n"
    "  migration:hostedZoneId: {zone_id}\n  migration:inventory: example.com.inventory.json\n"
)


@pytest.fixture
def stack(moto, project):
    route53 = moto.client("route53")
    zone_id = route53.create_hosted_zone(Name="example.com.", CallerReference="inventory")["HostedZone"]["Id"]
    zone_id = zone_id.rsplit("/", 1)[-1]
    (project / "stacks" / "Pulumi.inv.yaml").write_text(STACK.format(zone_id=zone_id))
    return zone_id


@pytest.mark.parametrize("output", [["-o", "taken.json"], []], ids=["-o FILE", "migration:inventory"])
def test_an_existing_inventory_is_kept_without_force(moto, project, stack, output, capsys):
    path = project / (output[1] if output else "example.com.inventory.json")
    path.write_text("reviewed\n")
    status, stdout, stderr = run(["inventory", "--stack", "inv", "--endpoint-url", moto.endpoint, *output], capsys)
    shown = output[1] if output else str(project / "example.com.inventory.json")
    assert (status, stdout, stderr) == (2, "", f"error: {shown} exists: give --force to overwrite it\n")
    assert path.read_text() == "reviewed\n"


def test_force_takes_it_again(moto, project, stack, capsys, monkeypatch):
    query_logging_by_zone(monkeypatch)
    (project / "taken.json").write_text("reviewed\n")
    status, _, stderr = run(
        ["inventory", "--stack", "inv", "--endpoint-url", moto.endpoint, "-o", "taken.json", "--force"], capsys
    )
    assert (status, stderr.splitlines()[-1]) == (
        0,
        "wrote taken.json: 0 other zone(s), 0 health check(s), 0 query-logging config(s), DNSSEC NOT_SIGNING, "
        "registered elsewhere",
    )
    assert json.loads((project / "taken.json").read_text())["hostedZoneId"] == stack
