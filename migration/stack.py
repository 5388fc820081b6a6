"""A stack's plan: its settings, its snapshot file, the plan built from them.

Shared by the Pulumi program and the offline commands so both start from the same inputs.
"""

from __future__ import annotations

from . import email
from . import plan as plan_mod
from .model import Snapshot
from .settings import Settings
from .sources import ses
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


def plan_for(settings: Settings) -> plan_mod.Plan:
    """Read the stack's snapshot (and its SES identities) and build its plan.

    Raises :class:`~migration.errors.InputError` for an unreadable or invalid snapshot.
    """
    snap = snapshot_file.read(settings.snapshot, zone=settings.zone, hosted_zone_id=settings.hosted_zone_id)
    return plan_mod.build(settings, snap, ses_data(settings, snap))
