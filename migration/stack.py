"""A stack's plan: its settings, its snapshot and other reviewed files, the plan, its gates.

Shared by the Pulumi program and the offline commands so both start from the same inputs.
"""

from __future__ import annotations

import os
from dataclasses import replace

from . import email, gate_checks, gates
from . import plan as plan_mod
from .model import Finding, Snapshot
from .names import to_cloudflare
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


def ses_coverage(ses_found: email.SesData | None, snapshot: Snapshot) -> tuple[Finding, ...]:
    """A warning (``ses-identity-outside-zone``) for each SES identity that is neither the zone
    nor a name under it: an identity file given for the wrong domain checks none of the zone's
    selectors, which a reviewer must hear rather than find them all "unchecked"."""
    zone = to_cloudflare(snapshot.zone)
    return tuple(
        Finding("warning", "ses-identity-outside-zone", to_cloudflare(i.domain),
                f"the SES identity {to_cloudflare(i.domain)} ({i.source}) does not cover the zone {zone}: it is "
                f"neither {zone} nor a name under it, so it checks none of the zone's email records")
        for i in (ses_found.identities if ses_found else ()) if not i.domain.is_subdomain(snapshot.zone))


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
    plan = replace(plan, findings=plan.findings + ses_coverage(ses_found, snap))
    if not run_gates or not gates.PHASE_GATES[settings.phase]:
        return plan
    return plan_mod.with_gates(plan, gate_checks.run(plan, endpoint_url=os.environ.get("AWS_ENDPOINT_URL")))
