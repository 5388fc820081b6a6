"""The migration plan: every resource the Pulumi program declares, with its action and options.

The plan is plain data. The Pulumi program (:mod:`migration.program`) declares exactly
``plan.resources``; the offline report (:mod:`migration.report`) prints the same list, so the two
cannot disagree. Knows nothing of how it is shown.
"""

from __future__ import annotations

import contextlib
import gc
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Iterable, Iterator, Mapping, Sequence

from . import email as email_mod
from . import ignore, threshold, update_steps
from .baseline import SETTING as ZONE_FILE
from .model import Finding, SesData, Snapshot, Translation
from .names import to_cloudflare
from .phases import Facts, RecordResources, phase_resources, record_set_deletions
from .resources import CF_RECORD, PlannedResource, deleted_with_zone, is_zone_deletion
from .settings import Phase, Settings
from .translate import translate
from .translate.limits import record_limit_finding


@dataclass(frozen=True)
class Plan:
    """A reviewed migration: the snapshot, its translation, the resources, every finding, the
    email check (DKIM selectors, MAIL FROM) that shaped the translation, and the verdicts of the
    phase's gates (:class:`migration.gates.Gate`, attached by :func:`with_gates`)."""

    settings: Settings
    snapshot: Snapshot
    translation: Translation
    resources: tuple[PlannedResource, ...]
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    email: email_mod.EmailPlan = field(default_factory=lambda: email_mod.EmailPlan(checked=False))
    gates: tuple = field(default_factory=tuple)

    def declared(self) -> tuple[PlannedResource, ...]:
        """The resources the Pulumi program declares (all but ``delete``)."""
        return tuple(r for r in self.resources if r.action != "delete")

    @cached_property
    def tally(self) -> Mapping[str, int]:
        """:meth:`counts` but the findings' severities, counted once: the reports ask for the
        counts several times, and each count walks every record set and resource. Not a field:
        ``dataclasses.replace`` (which may change the findings) makes a plan that counts again."""
        return _tally(self.translation, self.resources)

    def counts(self) -> dict[str, int]:
        """Figures for the summary: record sets by status, records, resources by action,
        findings by severity."""
        return {**self.tally, **_severities(self.findings)}

    @property
    def blocked(self) -> bool:
        """True when anything is refused or any finding is an error: CI must not apply it."""
        counts = self.counts()
        return counts["refused"] > 0 or counts["errors"] > 0

    def summary(self) -> "PhaseSummary":
        """What a journey shows of this plan (:class:`PhaseSummary`)."""
        deleted = [r for r in self.resources if r.action == "delete"]
        return PhaseSummary(
            self.settings,
            self.findings,
            self.tally,
            tuple(r for r in deleted if not deleted_with_zone(r)),
            tuple(r for r in deleted if deleted_with_zone(r)),
        )


@dataclass(frozen=True)
class PhaseSummary:
    """What a journey (``plan`` without ``--phase``) shows of a phase: its settings, findings,
    counts and deletions (:mod:`migration.report_attention`, the summary rows, the JSON
    ``journey``), without the rest of its resources. A journey holds these for the phases it does
    not detail, so each of those phases' resources is freed once it is summarised
    (:func:`build_journey`; docs/performance.md).

    ``tally``: :meth:`Plan.counts` but the findings' severities (counted from ``findings``, which
    a caller may change with ``dataclasses.replace``); ``deletions``: the resources the phase
    deletes but the Route53 record sets deleted with the hosted zone, in plan order; ``with_zone``:
    those record sets (:func:`migration.phases.record_set_deletions`), which the plan lists right
    after the hosted zone's deletion."""

    settings: Settings
    findings: tuple[Finding, ...]
    tally: Mapping[str, int]
    deletions: tuple[PlannedResource, ...]
    with_zone: Sequence[PlannedResource] = ()

    def counts(self) -> dict[str, int]:
        """:meth:`Plan.counts` of the phase."""
        return {**self.tally, **_severities(self.findings)}

    @property
    def blocked(self) -> bool:
        """:attr:`Plan.blocked` of the phase."""
        return self.tally["refused"] > 0 or any(f.severity == "error" for f in self.findings)

    def deleted(self) -> Iterator[PlannedResource]:
        """Every resource the phase deletes, in plan order (the record sets deleted with the
        hosted zone made as they are read)."""
        for res in self.deletions:
            yield res
            if is_zone_deletion(res):
                yield from self.with_zone


def _tally(
    translation: Translation, resources: Iterable[PlannedResource], deleted_with_zone: int = 0
) -> dict[str, int]:
    """:meth:`Plan.counts` but the findings: ``deleted_with_zone`` record sets deleted with the
    hosted zone that ``resources`` leave out are counted as deletions."""
    status = Counter(o.status for o in translation.outcomes)
    actions = Counter(r.action for r in resources)
    return {
        "recordSets": len(translation.outcomes),
        "translated": status["translated"],
        "skipped": status["skipped"],
        "refused": status["refused"],
        "cloudflareRecords": len(translation.records),
        "create": actions["create"],
        "adopt": actions["adopt"],
        "keep": actions["keep"],
        "update": actions["update"],
        "delete": actions["delete"] + deleted_with_zone,
    }


def _severities(findings: Iterable[Finding]) -> dict[str, int]:
    severity = Counter(f.severity for f in findings)
    return {"errors": severity["error"], "warnings": severity["warning"]}


@contextlib.contextmanager
def without_cyclic_gc():
    """Pause Python's cyclic garbage collector. A build allocates a dozen objects per record set
    and frees none before it returns, so the collector would rescan them again and again: more
    than half the build's time at 10,000 record sets (docs/performance.md); reading the snapshot
    likewise (a tenth of the read at 50,000). The objects made form no reference cycles, so
    nothing is left uncollected; reference counting still frees."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def build(
    settings: Settings,
    snapshot: Snapshot,
    facts: Facts | None = None,
    ses: SesData | None = None,
    records_source: Snapshot | None = None,
    baseline: "Plan | None" = None,
) -> Plan:
    """Build the plan of ``settings.phase`` from ``snapshot``, the ``facts`` read besides it
    (:class:`migration.phases.Facts`: inventory, pre-existing Cloudflare records) and what SES
    says about the zone's identities (``None``: SES not consulted). No gates: the phase's gates
    check this plan, then :func:`with_gates` attaches their verdicts. ``records_source`` and
    ``baseline`` as for :func:`build_phases`. Pure: no I/O."""
    return build_phases(settings, snapshot, (settings.phase,), facts, ses, records_source, baseline)[0]


def build_phases(
    settings: Settings,
    snapshot: Snapshot,
    phases: tuple[Phase, ...],
    facts: Facts | None = None,
    ses: SesData | None = None,
    records_source: Snapshot | None = None,
    baseline: "Plan | None" = None,
) -> list[Plan]:
    """The plans of ``phases`` (names of :data:`migration.settings.PHASES`), in that order, each
    equal to :func:`build` of ``settings`` with that phase. The zone is translated and its email
    checked once for all of them: neither depends on the phase, only the resources do. Pure.

    ``records_source``: after the handover (:mod:`migration.handover`), the zone file read as a
    snapshot: the decommission phase's Cloudflare records come from it, while ``snapshot`` still
    names the Route53 side and is the source of the earlier phases (the freeze). ``baseline``:
    the plan of the records as last applied: with ``migration:zoneFile``, of the zone file (for
    the decommission phase, the one it is the source of), else of the snapshot last applied (for
    every phase). Those phases' Cloudflare records' actions are then set against it (created,
    updated, kept, replaced, deleted: :mod:`migration.update_steps`), the replacements and the
    changes Cloudflare would refuse half-way are findings, and the safety threshold
    (:mod:`migration.threshold`) counts against its records. Every phase checks the zone's record
    count at the update's peak (:func:`migration.update_steps.peak`)."""
    with without_cyclic_gc():
        parts = _Parts(settings, snapshot, facts or Facts(), ses, records_source, baseline)
        return [parts.plan(phase) for phase in phases]


def build_journey(
    settings: Settings,
    snapshot: Snapshot,
    phases: tuple[Phase, ...],
    facts: Facts | None = None,
    ses: SesData | None = None,
    records_source: Snapshot | None = None,
    baseline: "Plan | None" = None,
    *,
    detail: Phase,
) -> tuple[Plan, list[PhaseSummary]]:
    """The plan of the ``detail`` phase (one of ``phases``) and the :class:`PhaseSummary` of each of
    ``phases`` in order (``detail``'s of that plan), as :func:`build_phases` builds them (the
    arguments are its). The other phases are built first, each summarised as soon as it is built
    and its resources freed before the next is built, then the ``detail`` phase; the Route53
    record sets deleted with the hosted zone are never made for a summary
    (:class:`migration.phases.RecordSetDeletions`): a journey holds one phase's resources, never
    two at once (docs/performance.md). Raises ``ValueError`` when ``detail`` is not among
    ``phases``. Pure."""
    if detail not in phases:
        raise ValueError(f"phase {detail} is not among {phases}")
    with without_cyclic_gc():
        parts = _Parts(settings, snapshot, facts or Facts(), ses, records_source, baseline, alone=True)
        summaries = {phase: parts.summary(phase) for phase in phases if phase != detail}
        detailed = parts.plan(detail)
    return detailed, [detailed.summary() if phase == detail else summaries[phase] for phase in phases]


class _Parts:
    """What :func:`build_phases` and :func:`build_journey` derive each phase from: the zone
    translated and its email checked once (neither depends on the phase) and the records'
    resources made once (:class:`migration.phases.RecordResources`; ``alone``: one action's at a
    time)."""

    def __init__(
        self,
        settings: Settings,
        snapshot: Snapshot,
        facts: Facts,
        ses: SesData | None,
        records_source: Snapshot | None,
        baseline: "Plan | None",
        alone: bool = False,
    ):
        self.settings, self.snapshot, self.facts, self.ses = settings, snapshot, facts, ses
        self.records_source, self.baseline, self.alone = records_source, baseline, alone
        self._translated: dict[bool, tuple[email_mod.EmailPlan, Translation, RecordResources]] = {}

    def plan(self, phase: Phase) -> Plan:
        """The plan of ``phase``."""
        own, email_plan, translation, resources, findings = self._phase(phase, list_record_sets=True)
        return Plan(own, self.snapshot, translation, tuple(resources), tuple(findings), email_plan)

    def summary(self, phase: Phase) -> PhaseSummary:
        """The summary of ``phase``'s plan, without making its whole plan."""
        own, _, translation, resources, findings = self._phase(phase, list_record_sets=False)
        with_zone = record_set_deletions(own, self.snapshot)
        return PhaseSummary(
            own,
            tuple(findings),
            _tally(translation, resources, len(with_zone)),
            tuple(r for r in resources if r.action == "delete"),
            with_zone,
        )

    def _translation(self, from_file: bool) -> tuple[email_mod.EmailPlan, Translation, RecordResources]:
        settings, records_source = self.settings, self.records_source
        if from_file not in self._translated:
            source = records_source if from_file and records_source is not None else self.snapshot
            # A zone file has no routing policies: migration:routing chose for the snapshot already.
            routing = {} if from_file else dict(settings.routing)
            # Email records are checked against SES before translation, which applies the
            # decisions: stale DKIM selectors are never declared, missing SES records are
            # (see migration.email).
            policy = email_mod.classify(source, self.ses, routing)
            translation = translate(source, settings.proxied, routing, policy.rewrites, policy.added)
            # Records others manage (migration:ignore) are left out after every rule has run;
            # the Email section then says what became of the email records (none is claimed
            # as copied that the plan leaves out).
            translation = ignore.apply(translation, settings.ignore)
            email_plan = email_mod.settle(policy, translation, settings.ignore)
            # The records' resources are made once, for every phase that plans them.
            self._translated[from_file] = email_plan, translation, RecordResources(translation.records, self.alone)
        return self._translated[from_file]

    def _phase(
        self, phase: Phase, list_record_sets: bool
    ) -> tuple[Settings, email_mod.EmailPlan, Translation, list[PlannedResource], list[Finding]]:
        """``phase``'s settings, email check, translation, resources and findings (the Route53
        record sets deleted with the hosted zone left out unless ``list_record_sets``). The records'
        actions are set against the baseline's, or, for the zone file's records without a baseline,
        against the records the cut-over declares (:mod:`migration.update_steps`)."""
        settings, snapshot, facts, baseline = self.settings, self.snapshot, self.facts, self.baseline
        records_source = self.records_source
        own = replace(settings, phase=phase)
        from_file = records_source is not None and phase == "decommission"
        email_plan, translation, made = self._translation(from_file)
        resources, findings = phase_resources(own, snapshot, translation, facts, made, list_record_sets)
        findings = list(translation.findings) + list(email_plan.findings) + findings
        against = baseline is not None and (from_file or settings.zone_file is None)
        state: dict[str, PlannedResource] | None = None
        if against and baseline is not None:
            state = {r.name: r for r in baseline.declared() if r.type == CF_RECORD}
            applied = {r.name: r for r in baseline.declared()}
            since = "the zone file as last applied" if from_file else "the snapshot last applied"
        elif from_file:
            # No baseline: what the cut-over declares (the snapshot's records, the freeze) is all
            # that is known to be applied; a record of the zone file that differs from those is
            # created, updated or deleted, never kept.
            state = {r.name: r for r in self._translation(False)[2].made("keep")}
            applied = state
            since = "the records the cut-over phase declares (from the snapshot)"
        delete_first = 0
        if state is not None:
            records = [r for r in resources if r.type == CF_RECORD and r.action != "delete"]
            steps = update_steps.steps(state, records)
            resources = update_steps.against(
                resources,
                steps,
                ", removed from the zone file" if from_file else ", no longer in the snapshot",
                applied,
            )
            findings += update_steps.findings(
                steps, records, to_cloudflare(snapshot.zone), since, "zone file" if from_file else "snapshot"
            )
            delete_first = sum(1 for s in steps if s.kind == "replace" and s.delete_first)
        if from_file and records_source is not None:
            findings.append(
                Finding(
                    "info",
                    "records-source",
                    ZONE_FILE,
                    f"the Cloudflare records come from the zone file {records_source.source} "
                    f"({ZONE_FILE}, after the handover); the snapshot names only the Route53 side",
                )
            )
        elif settings.zone_file is not None:
            findings.append(
                Finding(
                    "info",
                    "records-source",
                    ZONE_FILE,
                    f"the snapshot stays the source of the Cloudflare records during the {phase} "
                    f"phase (the freeze); the zone file {settings.zone_file} ({ZONE_FILE}) becomes "
                    "the source at the decommission",
                )
            )
        over_limit = record_limit_finding(len(translation.records), *settings.record_limit)
        if over_limit:
            findings.append(over_limit)
        else:
            # Listed records the plan neither declares nor adopts stay in the zone and count too.
            unmanaged = 0
            if facts.cloudflare_existing:
                held = {r.name for r in resources if r.type == CF_RECORD}
                identities = {r.identity for r in translation.records}
                unmanaged = sum(
                    1
                    for e in facts.cloudflare_existing
                    if e.record.identity not in identities and f"cloudflare-existing-{e.id}" not in held
                )
            at_peak = update_steps.peak_finding(
                update_steps.peak(resources, unmanaged, delete_first), *settings.record_limit
            )
            if at_peak:
                findings.append(at_peak)
        if against and baseline is not None:
            existing = sum(1 for r in baseline.resources if r.type == CF_RECORD and r.action != "delete")
        elif state is not None:
            existing = len(state)
        elif phase == "decommission":
            existing = 0  # the listing's records were deleted or corrected at the cut-over, counted there
        else:
            existing = sum(
                1
                for e in facts.cloudflare_existing
                if not ignore.matching(settings.ignore, e.record.name, e.record.type)
            )
        too_much = threshold.finding(
            existing,
            *threshold.touched(r.action for r in resources if r.type == CF_RECORD),
            settings.safety_threshold,
            settings.accept_changes,
        )
        if too_much:
            findings.append(too_much)
        return own, email_plan, translation, resources, findings


def with_gates(plan: Plan, verdicts: tuple) -> Plan:
    """``plan`` with the verdicts of its phase's gates: ``plan.gates``, and an error finding
    ``gate-<name>`` for each failed gate (so the plan is blocked). Pure."""
    failed = tuple(
        Finding("error", f"gate-{g.name}", plan.snapshot.zone.to_text(), g.message()) for g in verdicts if not g.passed
    )
    return replace(plan, gates=tuple(verdicts), findings=plan.findings + failed)
