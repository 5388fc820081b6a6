"""Shared set-up for the phase tests: settings and plans of the reference zone."""

from __future__ import annotations

from dataclasses import replace

from migration import plan as plan_mod
from migration.phases import Facts
from migration.settings import Settings
from migration.sources import inventory
from migration.sources import snapshot as snapshot_file
from tests.conftest import EXAMPLE, ROOT

INVENTORY = ROOT / "tests" / "data" / "inventory-example.com.json"
CF_NS = ("ada.ns.cloudflare.com.", "bob.ns.cloudflare.com.")
SNAPSHOT = EXAMPLE / "route53-example.com.json"
ZONE_ID = "Z0EXAMPLE1234567890AB"


def settings(**changes) -> Settings:
    base = Settings(stack="test", zone="example.com", snapshot=SNAPSHOT, hosted_zone_id=ZONE_ID,
                    cloudflare_account_id="0123456789abcdef0123456789abcdef", cloudflare_name_servers=CF_NS,
                    orphan_zones=("Z0ORPHAN000000000001",))
    return replace(base, **changes)


def snapshot():
    return snapshot_file.read(SNAPSHOT, zone="example.com", hosted_zone_id=ZONE_ID)


def plan(phase: str, facts: Facts | None = None, **changes) -> plan_mod.Plan:
    facts = facts if facts is not None else Facts(inventory=inventory.read(INVENTORY))
    return plan_mod.build(settings(phase=phase, **changes), snapshot(), facts)
