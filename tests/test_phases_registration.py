"""The registrar note of the cut-over: "not registered with Route53 Domains" only when that is
known (the inventory read Route53 Domains, or migration:registeredWithRoute53Domains says so);
without either, the note says it is not known and what to do in each case."""

from __future__ import annotations

from dataclasses import replace

from migration.phases import Facts
from migration.sources import inventory
from tests.support import plans

INSTRUCTIONS = (
    "at its registrar, replace the name servers with ada.ns.cloudflare.com., bob.ns.cloudflare.com. "
    "(and remove any DS record first)"
)


def _note(plan) -> list[str]:
    return [f.message for f in plan.findings if f.code == "registrar-instructions"]


def test_without_an_inventory_the_registration_is_not_known():
    assert _note(plans.plan_without_facts("cut-over")) == [
        "whether the domain is registered with Route53 Domains is not known (no migration:inventory, no "
        f"migration:registeredWithRoute53Domains), so this plan does not switch its name servers: {INSTRUCTIONS}; "
        "if Route53 Domains is its registrar, take the inventory ('python -m migration inventory --stack NAME') "
        "and the plan switches them"
    ]


def test_an_inventory_without_a_registration_says_not_registered():
    unregistered = replace(inventory.read(plans.INVENTORY), registered_name_servers=None)
    assert _note(plans.plan("cut-over", Facts(inventory=unregistered))) == [
        f"the domain is not registered with Route53 Domains (the inventory): {INSTRUCTIONS}"
    ]
    # Registered: the plan switches the name servers, no note.
    assert _note(plans.plan("cut-over")) == []


def test_the_setting_says_not_registered():
    plan = plans.plan_without_facts("cut-over", registered_with_route53_domains=False)
    assert _note(plan) == [
        f"the domain is not registered with Route53 Domains (migration:registeredWithRoute53Domains): {INSTRUCTIONS}"
    ]
