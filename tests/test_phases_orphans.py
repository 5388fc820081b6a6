"""Orphans are found without a hidden step (case n-no-inventory-healthcheck): a health check the
snapshot refers to but no inventory lists, and a decommission without any inventory, are named in
the plan (the decommission's ``orphans`` gate then reads them live: tests/test_gate_checks_decommission.py);
keeping one set of a failover pair, or of a group with health checks, warns that health-based
routing is lost."""

from __future__ import annotations

import dns.name

from migration import plan as plan_mod
from migration.model import Decision
from migration.phases import Facts
from migration.settings import Settings
from migration.sources import snapshot as snapshot_file
from tests.conftest import DATA

SNAPSHOT = DATA / "cases" / "n-no-inventory-healthcheck" / "snapshot.json"
CHECK = "11111111-2222-3333-4444-555555555555"
WEB = dns.name.from_text("web.example.org.")


def _plan(phase: str, decision: Decision, **changes) -> plan_mod.Plan:
    settings = Settings(
        stack="s",
        zone="example.org",
        snapshot=SNAPSHOT,
        cloudflare_account_id="a",
        phase=phase,
        routing=((WEB, decision),),
        **changes,
    )
    return plan_mod.build(settings, snapshot_file.read(SNAPSHOT), Facts())


def _found(plan, code):
    return [(f.severity, f.subject, f.message) for f in plan.findings if f.code == code]


def test_a_health_check_no_inventory_lists_is_named_in_every_phase():
    for phase in ("mirror", "cut-over", "decommission"):
        assert _found(_plan(phase, Decision(keep="primary")), "health-check-not-inventoried") == [
            (
                "warning",
                f"health check {CHECK}",
                "web.example.org. A [primary] uses it, but it is not in an inventory (migration:inventory is unset): the "
                "decommission would leave it behind (its orphans gate fails); take the inventory with 'python -m "
                "migration inventory --stack NAME'",
            )
        ]
    assert _found(_plan("decommission", Decision(keep="primary")), "inventory-missing") == [
        (
            "warning",
            "migration:inventory",
            "no inventory: the plan cannot delete the zone's query logging, health checks and orphan zones (the orphans "
            "gate reads them live and fails if any exist); take it with 'python -m migration inventory --stack NAME'",
        )
    ]
    assert _found(_plan("mirror", Decision(keep="primary")), "inventory-missing") == []


def test_keeping_one_set_of_a_failover_pair_warns_that_failover_is_lost():
    assert _found(_plan("mirror", Decision(keep="primary")), "routing-health-lost") == [
        (
            "warning",
            "web.example.org. A",
            "migration:routing keeps set 'primary': health-based routing is lost ('primary' is a failover PRIMARY: "
            f"nothing fails over to the SECONDARY any more; health check(s) {CHECK} no longer decide the answer); "
            "Cloudflare answers the published values whether or not they are healthy",
        )
    ]
    # Keeping the SECONDARY loses the health check's say too.
    assert [m for _, _, m in _found(_plan("mirror", Decision(keep="secondary")), "routing-health-lost")] == [
        f"migration:routing keeps set 'secondary': health-based routing is lost (health check(s) {CHECK} no longer "
        "decide the answer); Cloudflare answers the published values whether or not they are healthy"
    ]


def test_a_health_check_an_existing_inventory_lacks_asks_to_take_it_again_with_force():
    # The inventory command keeps an existing file unless --force (tests/test_cli_inventory_overwrite.py).
    plan = _plan("decommission", Decision(keep="primary"), inventory=DATA / "inventory.json")
    assert _found(plan, "health-check-not-inventoried") == [
        (
            "warning",
            f"health check {CHECK}",
            "web.example.org. A [primary] uses it, but it is not in the inventory (migration:inventory): the "
            "decommission would leave it behind (its orphans gate fails); take it again with 'python -m migration "
            "inventory --stack NAME --force'",
        )
    ]
