"""The one way tests build settings, snapshots and plans (:func:`migration.plan.build`).

Two kinds of zone:

- the reference zone (examples/seed-scenario, with the inventory tests/data/inventory-example.com.json),
  in any phase: :func:`settings`, :func:`snapshot`, :func:`plan` (:func:`plan_without_facts`);
- a small zone written in the test, as Route53 record sets (tests/support/zones.py) or as a file
  (a snapshot, an export, raw pages, a zone file): :func:`zone_settings`, :func:`plan_of_record_sets`,
  :func:`plan_of_file`;
- the benchmarks' generated zone of any size: :func:`plan_of_generated_zone`.

Every builder takes ``Settings`` fields as keyword arguments that override its defaults.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from migration import plan as plan_mod
from migration.model import SesData
from migration.phases import Facts
from migration.resources import CF_RECORD, PlannedResource
from migration.settings import Settings
from migration.sources import cloudflare_existing, inventory
from migration.sources import snapshot as snapshot_file
from tests.benchmarks import common as benchmarks
from tests.benchmarks import zonegen
from tests.conftest import EXAMPLE, ROOT
from tests.support import zones

INVENTORY = ROOT / "tests" / "data" / "inventory-example.com.json"
CF_NS = ("ada.ns.cloudflare.com.", "bob.ns.cloudflare.com.")
SNAPSHOT = EXAMPLE / "route53-example.com.json"
ZONE_ID = "Z0EXAMPLE1234567890AB"
ACCOUNT_ID = "0123456789abcdef0123456789abcdef"


def settings(**changes) -> Settings:
    """The reference zone's settings (stack 'test', Cloudflare's name servers, one orphan zone)."""
    base = Settings(
        stack="test",
        zone="example.com",
        snapshot=SNAPSHOT,
        hosted_zone_id=ZONE_ID,
        cloudflare_account_id=ACCOUNT_ID,
        cloudflare_name_servers=CF_NS,
        orphan_zones=("Z0ORPHAN000000000001",),
    )
    return replace(base, **changes)


def snapshot():
    """The reference zone's snapshot, with its hosted-zone id."""
    return snapshot_file.read(SNAPSHOT, zone="example.com", hosted_zone_id=ZONE_ID)


def plan(phase: str, facts: Facts | None = None, ses: SesData | None = None, snap=None, **changes) -> plan_mod.Plan:
    """The reference zone's plan in PHASE; FACTS default to the inventory's, SNAP to :func:`snapshot`."""
    facts = facts if facts is not None else Facts(inventory=inventory.read(INVENTORY))
    return plan_mod.build(settings(phase=phase, **changes), snap or snapshot(), facts, ses)


def plan_without_facts(
    phase: str, ses: SesData | None = None, facts: Facts | None = None, snap=None, **changes
) -> plan_mod.Plan:
    """The reference zone's plan in PHASE with no facts (no inventory) unless given: what the live
    gates start from, reading the facts themselves."""
    return plan(phase, facts or Facts(), ses, snap, **changes)


def zone_settings(snapshot: Path = ROOT, **changes: Any) -> Settings:
    """Settings of the stack 't' for example.com (hosted zone Z0EXAMPLE, a Cloudflare account id),
    reading SNAPSHOT."""
    return Settings(
        **{
            "stack": "t",
            "zone": "example.com",
            "snapshot": snapshot,
            "hosted_zone_id": "Z0EXAMPLE",
            "cloudflare_account_id": ACCOUNT_ID,
            **changes,
        }
    )


def plan_of_record_sets(*raws: dict[str, Any], **changes: Any) -> plan_mod.Plan:
    """The plan of a zone of Route53 record sets (``zones.rrset``/``zones.alias`` dicts) under
    :func:`zone_settings`."""
    return plan_mod.build(zone_settings(**changes), zones.snapshot(*raws))


def plan_of_file(path: Path, existing: Path | None = None, **changes: Any) -> plan_mod.Plan:
    """The plan of the zone in the file PATH under :func:`zone_settings`; EXISTING, a listing of the
    records Cloudflare already holds (its GET dns_records JSON)."""
    chosen = zone_settings(path, **changes)
    snapshot = snapshot_file.read(path, zone=chosen.zone, hosted_zone_id=chosen.hosted_zone_id)
    facts = (
        Facts(cloudflare_existing=cloudflare_existing.read(existing, snapshot.zone)) if existing is not None else None
    )
    return plan_mod.build(chosen, snapshot, facts)


def records(plan: plan_mod.Plan) -> dict[str, PlannedResource]:
    """The plan's Cloudflare DNS records by their Pulumi logical name."""
    return {r.name: r for r in plan.resources if r.type == CF_RECORD}


def plan_of_generated_zone(n: int) -> plan_mod.Plan:
    """The plan of the benchmarks' generated zone of N record sets (tests/benchmarks/zonegen.py)
    under their settings (tests/benchmarks/common.py: record limit 20,000)."""
    return plan_mod.build(
        benchmarks.settings(Path("unused")), snapshot_file.from_document(zonegen.snapshot_document(n), "generated")
    )


# The fields of a plan document 'summary' reads (docs/plan-json.md), as 'plan --format json'
# writes them; tests copy it (json round trip) before changing it.
SUMMARY_PLAN = {
    "planVersion": 1,
    "stack": "s1",
    "zone": "example.com",
    "phase": "mirror",
    "blocked": False,
    "summary": {"create": 3, "delete": 0, "refused": 0, "errors": 0},
}
