"""A stack's plan: its settings, its snapshot and other reviewed files, the plan, its gates.

Shared by the Pulumi program and the offline commands so both start from the same inputs.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from . import email, gates
from . import plan as plan_mod
from .applied import Applied
from .baseline import SETTING as ZONE_FILE
from .errors import InputError
from .model import Inventory, SesData, Snapshot
from .phases import Facts
from .settings import PHASES, Phase, Settings
from .sources import bind, cloudflare_existing, files, inventory, ses
from .sources import snapshot as snapshot_file


def ses_data(settings: Settings, snapshot: Snapshot) -> SesData | None:
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
        inventory=inventory.of_snapshot(inventory.read(settings.inventory, "migration:inventory"), snapshot)
        if settings.inventory
        else Inventory(),
        cloudflare_existing=cloudflare_existing.read(
            settings.cloudflare_existing, snapshot.zone, "migration:cloudflareExisting"
        )
        if settings.cloudflare_existing
        else (),
    )


def _read_snapshot(settings: Settings) -> Snapshot:
    """The stack's snapshot, read with the cyclic collector paused (as the build is)."""
    with plan_mod.without_cyclic_gc():
        return snapshot_file.read(settings.snapshot, settings.zone, settings.hosted_zone_id, settings.snapshot_named_by)


def records_source(settings: Settings, snapshot: Snapshot, phases: tuple[Phase, ...]) -> Snapshot | None:
    """The zone file of ``migration:zoneFile`` read as a snapshot when ``phases`` include the
    decommission (the snapshot is the source until then: the freeze), else ``None``.
    Raises :class:`~migration.errors.InputError` naming the file and line of what cannot be read."""
    if settings.zone_file is None or "decommission" not in phases:
        return None
    return read_zone_file(settings.zone_file, snapshot, "migration:zoneFile")


def _baseline(
    settings: Settings,
    snapshot: Snapshot,
    facts: Facts,
    ses_found: SesData | None,
    source: Snapshot | None,
    baseline: Applied | None,
) -> plan_mod.Plan | None:
    """The plan of the records as last applied (``--baseline``, ``--baseline-commit``:
    :mod:`migration.applied`): of a snapshot, in the stack's phase (the freeze), or in the
    decommission phase when the zone file is the stack's source now (``source``: the stack's first
    update from the zone file, which the handover made plan the very same records); of a zone
    file, the decommission plan with its records. ``None`` without a baseline, and while
    ``migration:zoneFile`` is set but the snapshot is still the source (``source`` is ``None``).
    Raises :class:`~migration.errors.InputError` naming the baseline's file."""
    if baseline is None or (settings.zone_file is not None and source is None):
        return None
    if baseline.zone_file:
        if not bind.looks_like_zone_file(baseline.text, baseline.suffix):
            raise InputError(
                baseline.source,
                [
                    f"JSON, not a zone file: the stack's records come from the zone file {ZONE_FILE} "
                    "(decommission phase), so the baseline is that zone file as last applied"
                ],
            )
        return plan_mod.build(
            replace(settings, phase="decommission"),
            snapshot,
            facts,
            ses_found,
            records_source=bind.read_text(baseline.text, baseline.source, zone=snapshot.zone.to_text()),
        )
    with plan_mod.without_cyclic_gc():
        last = snapshot_file.from_text(
            baseline.text, baseline.source, baseline.suffix, zone=settings.zone, hosted_zone_id=settings.hosted_zone_id
        )
    if settings.zone_file is not None:
        settings = replace(settings, phase="decommission", zone_file=None)
    return plan_mod.build(settings, last, facts, ses_found)


def read_zone_file(path: Path, snapshot: Snapshot, named_by: str) -> Snapshot:
    """A zone file of ``snapshot``'s zone (``named_by``: the setting or option naming it, for
    the message when it is missing), named relative to the working folder when it lies below it.
    Raises :class:`~migration.errors.InputError`."""
    shown = path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path
    return bind.read_text(files.read_text(path, named_by), str(shown), zone=snapshot.zone.to_text())


def plan_for(settings: Settings, run_gates: bool = True, baseline: Applied | None = None) -> plan_mod.Plan:
    """Read the stack's snapshot (and, after the handover, its zone file: :func:`records_source`),
    its SES identities and files, build its plan and (``run_gates``) check the phase's gates live
    on that plan (:mod:`migration.gate_checks`).

    ``baseline``: the records as last applied (``--baseline``, ``--baseline-commit``:
    :mod:`migration.applied`): with ``migration:zoneFile`` the zone file (or the snapshot before
    it), against which the decommission's Cloudflare records' actions are set (ignored while the
    snapshot is the source); without it, the snapshot last applied, against which every phase's
    are (:mod:`migration.update_steps`: replacements, changes needing two updates).

    Raises :class:`~migration.errors.InputError` for an unreadable or invalid snapshot or zone file.
    """
    snap = _read_snapshot(settings)
    ses_found, facts = ses_data(settings, snap), facts_for(settings, snap)
    source = records_source(settings, snap, (settings.phase,))
    plan = plan_mod.build(
        settings,
        snap,
        facts,
        ses_found,
        records_source=source,
        baseline=_baseline(settings, snap, facts, ses_found, source, baseline),
    )
    return with_live_gates(plan) if run_gates else plan


def with_live_gates(plan: plan_mod.Plan) -> plan_mod.Plan:
    """``plan`` with its phase's gates checked live (:mod:`migration.gate_checks`: AWS at
    ``AWS_ENDPOINT_URL`` or the default, DNS servers), or ``plan`` itself when its phase has none."""
    if not gates.PHASE_GATES[plan.settings.phase]:
        return plan
    # Imported here: the gates read AWS and DNS, which the offline plan never imports (start-up).
    from . import gate_checks

    return plan_mod.with_gates(plan, gate_checks.run(plan, endpoint_url=os.environ.get("AWS_ENDPOINT_URL")))


def journey_for(settings: Settings, baseline: Applied | None = None) -> list[plan_mod.Plan]:
    """The plans of every phase (:data:`migration.settings.PHASES`, in order) from the stack's
    files, read once and translated once (:func:`migration.plan.build_phases`); no gates (they
    are live checks of the phase being previewed). Each plan equals ``plan_for`` of its phase
    with ``run_gates=False``.

    ``baseline`` as for :func:`plan_for`. Raises :class:`~migration.errors.InputError` as
    :func:`plan_for` does.
    """
    return plan_mod.build_phases(*_journey_inputs(settings, baseline))


def journey_summary_for(
    settings: Settings, baseline: Applied | None = None
) -> tuple[plan_mod.Plan, list[plan_mod.PhaseSummary]]:
    """The stack's own phase's plan (``migration:phase``) and the summary of every phase
    (:func:`migration.plan.build_journey`): what ``plan`` without ``--phase`` shows, holding one
    phase's resources instead of every phase's. Otherwise as :func:`journey_for`."""
    return plan_mod.build_journey(*_journey_inputs(settings, baseline), detail=settings.phase)


def _journey_inputs(
    settings: Settings, baseline: Applied | None
) -> tuple[Settings, Snapshot, tuple[Phase, ...], Facts, SesData | None, Snapshot | None, plan_mod.Plan | None]:
    """The arguments of :func:`migration.plan.build_phases` for every phase, read from the
    stack's files."""
    snap = _read_snapshot(settings)
    facts, ses_found = facts_for(settings, snap), ses_data(settings, snap)
    source = records_source(settings, snap, PHASES)
    return (
        settings,
        snap,
        PHASES,
        facts,
        ses_found,
        source,
        _baseline(settings, snap, facts, ses_found, source, baseline),
    )
