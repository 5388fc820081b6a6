"""A stack's plan: its settings, its snapshot and other reviewed files, the plan, its gates.

Shared by the Pulumi program and the offline commands so both start from the same inputs.
"""

from __future__ import annotations

import os

from . import email, gates
from . import plan as plan_mod
from .model import Snapshot
from .phases import Facts
from .settings import PHASES, Settings
from .sources import cloudflare_existing, inventory, ses
from .sources import snapshot as snapshot_file


def ses_data(settings: Settings, snapshot: Snapshot) -> email.SesData | None:
    """What SES says about the zone's identities: from ``migration:sesIdentities`` files when set,
    else read live in ``migration:sesRegions``; ``None`` when neither is set.

    Raises :class:`~migration.errors.InputError` for a bad identity file; live SES trouble is
    never raised (see :func:`migration.sources.ses.read_live`).
    """
    if settings.ses_identities:
        return ses.read_files(settings.ses_identities)
    if settings.ses_regions:
        return ses.read_live(email.identity_domains(snapshot), settings.ses_regions)
    return None


def facts_for(settings: Settings, snapshot: Snapshot) -> Facts:
    """Read the stack's inventory (of ``snapshot``'s hosted zone) and pre-existing Cloudflare
    records. Raises :class:`~migration.errors.InputError` for unreadable files and for an
    inventory of another zone."""
    return Facts(
        inventory=inventory.of_snapshot(inventory.read(settings.inventory), snapshot) if settings.inventory
        else inventory.Inventory(),
        cloudflare_existing=cloudflare_existing.read(settings.cloudflare_existing) if settings.cloudflare_existing else (),
    )


def plan_for(settings: Settings, run_gates: bool = True) -> plan_mod.Plan:
    """Read the stack's snapshot, its SES identities and files, build its plan and (``run_gates``)
    check the phase's gates live on that plan (:mod:`migration.gate_checks`).

    Raises :class:`~migration.errors.InputError` for an unreadable or invalid snapshot.
    """
    snap = snapshot_file.read(settings.snapshot, zone=settings.zone, hosted_zone_id=settings.hosted_zone_id)
    ses_found = ses_data(settings, snap)
    plan = plan_mod.build(settings, snap, facts_for(settings, snap), ses_found)
    if not run_gates or not gates.PHASE_GATES[settings.phase]:
        return plan
    # Imported here: the gates read AWS and DNS, which the offline plan never imports (start-up).
    from . import gate_checks

    return plan_mod.with_gates(plan, gate_checks.run(plan, endpoint_url=os.environ.get("AWS_ENDPOINT_URL")))


def journey_for(settings: Settings) -> list[plan_mod.Plan]:
    """The plans of every phase (:data:`migration.settings.PHASES`, in order) from the stack's
    files, read once and translated once (:func:`migration.plan.build_phases`); no gates (they
    are live checks of the phase being previewed). Each plan equals ``plan_for`` of its phase
    with ``run_gates=False``.

    Raises :class:`~migration.errors.InputError` as :func:`plan_for` does.
    """
    snap = snapshot_file.read(settings.snapshot, zone=settings.zone, hosted_zone_id=settings.hosted_zone_id)
    return plan_mod.build_phases(settings, snap, PHASES, facts_for(settings, snap), ses_data(settings, snap))
