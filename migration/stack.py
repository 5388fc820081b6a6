"""A stack's plan: its settings, its snapshot and other reviewed files, the plan, its gates.

Shared by the Pulumi program and the offline commands so both start from the same inputs.
"""

from __future__ import annotations

import os

from . import email, gate_checks, gates
from . import plan as plan_mod
from .model import Snapshot
from .phases import Facts
from .settings import Settings
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


def facts_for(settings: Settings) -> Facts:
    """Read the stack's inventory and pre-existing Cloudflare records. Raises
    :class:`~migration.errors.InputError` for unreadable files."""
    return Facts(
        inventory=inventory.read(settings.inventory) if settings.inventory else inventory.Inventory(),
        cloudflare_existing=cloudflare_existing.read(settings.cloudflare_existing) if settings.cloudflare_existing else (),
    )


def plan_for(settings: Settings, run_gates: bool = True) -> plan_mod.Plan:
    """Read the stack's snapshot, its SES identities and files, build its plan and (``run_gates``)
    check the phase's gates live on that plan (:mod:`migration.gate_checks`).

    Raises :class:`~migration.errors.InputError` for an unreadable or invalid snapshot.
    """
    snap = snapshot_file.read(settings.snapshot, zone=settings.zone, hosted_zone_id=settings.hosted_zone_id)
    ses_found = ses_data(settings, snap)
    plan = plan_mod.build(settings, snap, facts_for(settings), ses_found)
    if not run_gates or not gates.PHASE_GATES[settings.phase]:
        return plan
    return plan_mod.with_gates(plan, gate_checks.run(plan, endpoint_url=os.environ.get("AWS_ENDPOINT_URL")))
