"""A stack's plan: its settings, its snapshot and other reviewed files, the gates, the plan.

Shared by the Pulumi program and the offline commands so both start from the same inputs.
"""

from __future__ import annotations

import os
from dataclasses import replace

import dns.name
import dns.rdata
import dns.rdataclass

from . import email, gate_checks
from . import plan as plan_mod
from .model import Snapshot
from .phases import Facts
from .settings import Settings
from .sources import cloudflare_existing, inventory, ses
from .sources import snapshot as snapshot_file
from .translate import translate


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


def facts_for(settings: Settings, snap, run_gates: bool = True) -> Facts:
    """Read the stack's inventory and pre-existing Cloudflare records, and (``run_gates``) check
    the phase's gates live. Raises :class:`~migration.errors.InputError` for unreadable files."""
    facts = Facts(
        inventory=inventory.read(settings.inventory) if settings.inventory else inventory.Inventory(),
        cloudflare_existing=cloudflare_existing.read(settings.cloudflare_existing) if settings.cloudflare_existing else (),
    )
    if not run_gates or settings.phase == "mirror":
        return facts
    # What the cut-over deletes from Cloudflare is discounted from its answers (see gates.answers).
    pending: dict[tuple[str, str], frozenset[str]] = {}
    if settings.delete_differing_records and settings.phase == "cut-over":
        planned = {r.identity() for r in translate(snap, settings.proxied, dict(settings.routing)).records}
        for e in facts.cloudflare_existing:
            if e.record.identity() not in planned and e.record.content is not None:
                key = (e.record.name.rstrip(".") + ".", e.record.type)
                # Compared with DNS answers, so in dnspython's presentation form (absolute names).
                value = dns.rdata.from_text(dns.rdataclass.IN, e.record.type, e.record.content,
                                            origin=dns.name.root, relativize=False).to_text()
                pending[key] = pending.get(key, frozenset()) | {value}
    verdicts = gate_checks.run(settings, snap, translate(snap, settings.proxied, dict(settings.routing)), pending,
                               endpoint_url=os.environ.get("AWS_ENDPOINT_URL"))
    return replace(facts, gates=verdicts)


def plan_for(settings: Settings, run_gates: bool = True) -> plan_mod.Plan:
    """Read the stack's snapshot, its SES identities and files, check the gates, build its plan.

    Raises :class:`~migration.errors.InputError` for an unreadable or invalid snapshot.
    """
    snap = snapshot_file.read(settings.snapshot, zone=settings.zone, hosted_zone_id=settings.hosted_zone_id)
    return plan_mod.build(settings, snap, facts_for(settings, snap, run_gates), ses_data(settings, snap))
