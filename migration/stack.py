"""A stack's plan: its settings, its snapshot file, the plan built from them.

Shared by the Pulumi program and the offline commands so both start from the same inputs.
"""

from __future__ import annotations

from . import plan as plan_mod
from .settings import Settings
from .sources import snapshot as snapshot_file


def plan_for(settings: Settings) -> plan_mod.Plan:
    """Read the stack's snapshot and build its plan.

    Raises :class:`~migration.errors.InputError` for an unreadable or invalid snapshot.
    """
    snap = snapshot_file.read(settings.snapshot, zone=settings.zone, hosted_zone_id=settings.hosted_zone_id)
    return plan_mod.build(settings, snap)
