"""The Pulumi program of each phase on the reference zone, under Pulumi mocks (no CLI).

Every declared resource is recorded with the options the program passes (import id, protect,
depends_on) and the inputs the engine receives (force_destroy, name servers)."""

from __future__ import annotations

import pulumi
import pytest


class Mocks(pulumi.runtime.Mocks):
    """Echo inputs; give the Cloudflare zone its name servers and DNSSEC its DS."""

    def __init__(self):
        self.resources = {}

    def new_resource(self, args):
        outputs = dict(args.inputs)
        if args.typ == "cloudflare:index/zone:Zone":
            outputs["nameServers"] = ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"]
        if args.typ == "cloudflare:index/zoneDnssec:ZoneDnssec":
            outputs["ds"] = "example.com. 3600 IN DS 2371 13 2 C9D2F0E1"
        self.resources[args.name] = args
        return [args.resource_id or f"{args.name}-id", outputs]

    def call(self, args):
        return {}


MOCKS = Mocks()
pulumi.runtime.set_mocks(MOCKS, preview=False)

from migration import program  # noqa: E402  (mocks must be set before the program is imported)
from tests.support import plans  # noqa: E402

R53 = "aws:route53/zone:Zone"


@pytest.fixture
def declared(monkeypatch):
    """Record (type, import id, protect, depends_on names) of every constructor call."""
    seen = {}
    for token, ctor in list(program.CONSTRUCTORS.items()):

        def recording(resource_name, /, opts, _ctor=ctor, _token=token, **inputs):
            seen[resource_name] = {
                "type": _token,
                "import": opts.import_,
                "protect": bool(opts.protect),
                "retain_on_delete": bool(opts.retain_on_delete),
                "depends_on": sorted(d._name for d in opts.depends_on or []),
            }
            return _ctor(resource_name, opts=opts, **inputs)

        monkeypatch.setitem(program.CONSTRUCTORS, token, recording)
    MOCKS.resources.clear()
    # Other test modules set their own mocks at import: take ours back for this test.
    pulumi.runtime.set_mocks(MOCKS, preview=False)
    return seen


def _run(plan):
    resources = program.declare(plan)
    return pulumi.Output.all(*[r.urn for r in resources.values()])


def _records(seen):
    return {n for n, r in seen.items() if r["type"] == "cloudflare:index/dnsRecord:DnsRecord"}


RETIRING = {
    "route53-zone",
    "route53-orphan-zone-Z0ORPHAN000000000001",
    "route53-health-check-hc-only-here",
    "route53-query-log-qlc-1",
}


@pulumi.runtime.test
def test_mirror_adopts_everything_to_retire_protected_and_creates_cloudflare(declared):
    plan = plans.plan("mirror")

    def check(_):
        non_records = {
            n: (r["type"], r["import"], r["protect"]) for n, r in declared.items() if n not in _records(declared)
        }
        assert non_records == {
            "cloudflare-zone": ("cloudflare:index/zone:Zone", None, True),
            "route53-health-check-hc-only-here": ("aws:route53/healthCheck:HealthCheck", "hc-only-here", True),
            "route53-zone": (R53, "Z0EXAMPLE1234567890AB", True),
            "route53-query-log-qlc-1": ("aws:route53/queryLog:QueryLog", "qlc-1", True),
            "route53-orphan-zone-Z0ORPHAN000000000001": (R53, "Z0ORPHAN000000000001", True),
            "route53-registered-domain": ("aws:route53domains/registeredDomain:RegisteredDomain", "example.com", False),
        }
        assert len(_records(declared)) == 25 and all(declared[n]["import"] is None for n in _records(declared))
        assert declared["route53-zone"]["depends_on"] == ["route53-health-check-hc-only-here"]
        zone = MOCKS.resources["route53-zone"].inputs
        assert zone == {"name": "example.com", "comment": ""}  # as read: no force_destroy at import time
        assert MOCKS.resources["route53-registered-domain"].inputs["nameServers"] == [
            {"name": "ns-1.awsdns-01.org"},
            {"name": "ns-2.awsdns-02.net"},
        ]
        assert MOCKS.resources["route53-zone"].resource_id == "Z0EXAMPLE1234567890AB"
        # The shared health check and the private zone are never declared.
        assert not any("hc-shared" in n or "PRIVATE" in n for n in declared)

    return _run(plan).apply(check)


@pulumi.runtime.test
def test_cut_over_lifts_protection_sets_force_destroy_switches_name_servers(declared):
    plan = plans.plan("cut-over")

    def check(_):
        for name in RETIRING:
            assert declared[name]["import"] is None and declared[name]["protect"] is False, name
        for name in ("route53-zone", "route53-orphan-zone-Z0ORPHAN000000000001"):
            assert MOCKS.resources[name].inputs["forceDestroy"] is True
        assert MOCKS.resources["route53-registered-domain"].inputs["nameServers"] == [
            {"name": "ada.ns.cloudflare.com"},
            {"name": "bob.ns.cloudflare.com"},
        ]
        assert MOCKS.resources["cloudflare-dnssec"].inputs == {"zoneId": "cloudflare-zone-id", "status": "active"}
        assert len(_records(declared)) == 25

    return _run(plan).apply(check)


@pulumi.runtime.test
def test_decommission_no_longer_declares_route53_zone_or_orphans(declared):
    plan = plans.plan("decommission")

    def check(_):
        assert RETIRING.isdisjoint(declared)
        # What the plan keeps stays declared (kept, protected, retained): the shared health check
        # and the other zone not confirmed in migration:orphanZones.
        assert set(declared) - _records(declared) == {
            "cloudflare-zone",
            "cloudflare-dnssec",
            "route53-registered-domain",
            "route53-health-check-hc-shared",
            "route53-orphan-zone-Z0ORPHAN000000000002",
        }
        assert len(_records(declared)) == 25
        deleted = {r.name for r in plan.resources if r.action == "delete"}
        assert RETIRING <= deleted
        # Every record set of the hosted zone is listed as deleted with it (24 + the 4 resources).
        assert len(deleted) == 24 + 4

    return _run(plan).apply(check)


def _refreshed_inventory():
    """The inventory re-read before the decommission: the health check adopted in mirror is now
    also used by another zone."""
    from dataclasses import replace

    from migration.phases import Facts
    from migration.sources import inventory

    read = inventory.read(plans.INVENTORY)
    checks = tuple(
        replace(c, used_by_other_zones=("Z0OTHERZONE000000009",)) if c.id == "hc-only-here" else c
        for c in read.health_checks
    )
    return Facts(inventory=replace(read, health_checks=checks))


@pulumi.runtime.test
def test_what_the_decommission_keeps_stays_declared_protected_and_retained(declared):
    # Adopted in mirror, unprotected at cut-over; at decommission the refreshed inventory says the
    # health check is shared, and the orphan zone was taken off migration:orphanZones.
    plan = plans.plan("decommission", facts=_refreshed_inventory(), orphan_zones=())
    kept = {
        "route53-health-check-hc-only-here",
        "route53-health-check-hc-shared",
        "route53-orphan-zone-Z0ORPHAN000000000001",
        "route53-orphan-zone-Z0ORPHAN000000000002",
    }

    def check(_):
        options = {n: (declared[n]["import"], declared[n]["protect"], declared[n]["retain_on_delete"]) for n in kept}
        assert options == {
            "route53-health-check-hc-only-here": ("hc-only-here", True, True),
            "route53-health-check-hc-shared": ("hc-shared", True, True),
            "route53-orphan-zone-Z0ORPHAN000000000001": ("Z0ORPHAN000000000001", True, True),
            "route53-orphan-zone-Z0ORPHAN000000000002": ("Z0ORPHAN000000000002", True, True),
        }
        # The plan says the same as the program: kept, not deleted.
        planned = {
            r.name: (r.action, r.import_id, r.protect, r.retain_on_delete) for r in plan.resources if r.name in kept
        }
        assert planned == {n: ("keep",) + options[n] for n in kept}
        assert next(r for r in plan.resources if r.name == "route53-health-check-hc-only-here").subject == (
            "Route53 health check hc-only-here, kept: also used by hosted zone(s) Z0OTHERZONE000000009; protected, "
            "and released from the stack (retain_on_delete), never deleted"
        )
        deleted = {
            r.name for r in plan.resources if r.action == "delete" and not r.name.startswith("route53-record-set")
        }
        assert deleted == {"route53-zone", "route53-query-log-qlc-1"}
        assert "route53-zone" not in declared and "route53-query-log-qlc-1" not in declared

    return _run(plan).apply(check)


def test_what_the_plan_keeps_is_not_declared_in_mirror():
    plan = plans.plan("mirror")
    assert not [r.name for r in plan.resources if r.retain_on_delete]
    assert "route53-health-check-hc-shared" not in {r.name for r in plan.resources}


def test_orphan_zone_confirmation_refuses_private_and_unknown_zones():
    plan = plans.plan("mirror", orphan_zones=("Z0PRIVATE00000000001", "Z0NOSUCHZONE"))
    refused = {(f.subject, f.message) for f in plan.findings if f.code == "orphan-zone-refused"}
    assert refused == {
        (
            "hosted zone Z0PRIVATE00000000001",
            "migration:orphanZones lists Z0PRIVATE00000000001, which is a private "
            "hosted zone: private zones are never touched",
        ),
        (
            "hosted zone Z0NOSUCHZONE",
            "migration:orphanZones lists Z0NOSUCHZONE, which is not a hosted zone of this name in the inventory",
        ),
    }
    assert plan.blocked
    listed = {f.subject for f in plan.findings if f.code == "orphan-zone"}
    assert listed == {"hosted zone Z0ORPHAN000000000001", "hosted zone Z0ORPHAN000000000002"}
