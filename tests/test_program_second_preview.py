"""Second preview: the records the program declares are what the Cloudflare API returns after
creating them, so a preview right after ``pulumi up`` shows no change.

The program runs in-process under ``pulumi.runtime.set_mocks`` (the Pulumi CLI cannot be installed).
The API's normalisation is modelled here independently of the translation (Cloudflare API
reference, "DNS Records for a Zone"; domain notes): FQDN names without the final dot, in lower
case; host names in values without the final dot; TXT content re-split into quoted strings of at
most 255 bytes; TTL 1 or 60..86400; proxied only for A/AAAA/CNAME.
"""

from __future__ import annotations

from pathlib import Path

import dns.rdata
import dns.rdtypes.ANY.TXT
import pulumi
import pytest

from migration import plan as plan_mod
from migration.resources import CF_RECORD, CF_ZONE, pulumi_inputs
from migration.settings import Settings
from migration.sources import snapshot as snapshot_file
from tests.conftest import DATA, EXAMPLE

HOST_CONTENT = ("CNAME", "MX", "NS", "PTR")


def _host(text: str) -> str:
    return text if text == "." else text.rstrip(".").lower()


def api_returns(inputs: dict) -> dict:
    """What ``GET /zones/{id}/dns_records/{id}`` answers for a record created with ``inputs``."""
    out = dict(inputs)
    out["name"] = inputs["name"].rstrip(".").lower()
    if inputs["type"] in HOST_CONTENT:
        out["content"] = _host(inputs["content"])
    if inputs["type"] == "TXT":
        joined = b"".join(dns.rdata.from_text("IN", "TXT", inputs["content"]).strings)
        chunks = tuple(joined[i : i + 255] for i in range(0, len(joined), 255)) or (b"",)
        # Cloudflare keeps the caller's split when every string fits; it only splits longer ones.
        given = dns.rdata.from_text("IN", "TXT", inputs["content"]).strings
        strings = given if all(len(s) <= 255 for s in given) else chunks
        out["content"] = dns.rdtypes.ANY.TXT.TXT("IN", "TXT", strings).to_text()
    if "data" in inputs:
        out["data"] = {k: (_host(v) if k in ("target", "replacement") else v) for k, v in inputs["data"].items()}
    assert inputs["ttl"] == 1 or 60 <= inputs["ttl"] <= 86400, inputs
    assert not inputs["proxied"] or inputs["type"] in ("A", "AAAA", "CNAME"), inputs
    return out


class Mocks(pulumi.runtime.Mocks):
    def __init__(self) -> None:
        self.created: dict[str, tuple[str, dict]] = {}

    def new_resource(self, args: pulumi.runtime.MockResourceArgs):
        self.created[args.name] = (args.typ, dict(args.inputs))
        outputs = dict(args.inputs)
        if args.typ == CF_ZONE:
            outputs["nameServers"] = ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"]
        return f"{args.name}-id", outputs

    def call(self, args: pulumi.runtime.MockCallArgs):
        return {}


def _snake(inputs: dict) -> dict:
    keys = {"zoneId": "zone_id", "matchingType": "matching_type", "keyTag": "key_tag", "digestType": "digest_type"}
    return {keys.get(k, k): (_snake(v) if isinstance(v, dict) else v) for k, v in inputs.items()}


def declared_records(snapshot_path: Path, zone: str) -> dict[str, dict]:
    mocks = Mocks()
    pulumi.runtime.set_mocks(mocks, preview=False)
    from migration import program  # after set_mocks, as Pulumi's testing guide says

    settings = Settings(
        stack="t", zone=zone, snapshot=snapshot_path, hosted_zone_id="ZTEST", cloudflare_account_id="acct"
    )
    plan = plan_mod.build(settings, snapshot_file.read(snapshot_path, zone=zone, hosted_zone_id="ZTEST"))

    @pulumi.runtime.test
    def run():
        return pulumi.Output.all(*[r.urn for r in program.declare(plan).values()])

    run()
    expected = {r.name: pulumi_inputs(r) for r in plan.resources if r.type == CF_RECORD}
    got = {name: _snake(inputs) for name, (typ, inputs) in mocks.created.items() if typ == CF_RECORD}
    assert set(got) == set(expected)
    return got


@pytest.mark.parametrize(
    "path,zone",
    [
        (EXAMPLE / "route53-example.com.json", "example.com"),
        # octoDNS test data (octodns/octodns-route53, MIT; tests/data/SOURCES.md)
        (DATA / "route53" / "r53json_octodns_populate_2pages.json", "unit.tests"),
        # Azure CLI zone-file tests (Azure/azure-cli, MIT)
        (DATA / "bind" / "azure-zone1.txt", "zone1.com"),
        (DATA / "bind" / "azure-zone3.txt", "zone3.com"),
        # case b31: host names in values spelled in mixed case, as Route53 keeps them
        (DATA / "cases" / "b31" / "zone.json", "example.com"),
    ],
)
def test_declared_records_equal_what_the_api_returns(path, zone):
    records = declared_records(path, zone)
    assert records, "the plan declares records"
    for name, inputs in records.items():
        declared = {k: v for k, v in inputs.items() if k != "zone_id"}
        assert api_returns(declared) == declared, name
