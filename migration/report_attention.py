"""What a reviewer must read first, shared by every plan format (text, Markdown, JSON): the
verdict, the scope the document covers, the hosted-zone deletion, and the items that need
attention (refusals, errors, stale DKIM selectors, irreversible deletions). Pure: plans in,
plain data out.

Every format covers the same scope: with a journey (``python -m migration plan`` without
``--phase``), the stack's own phase (``migration:phase``) in detail and every phase in summary (a
row of counts each, and what later phases delete); with ``--phase``, that phase alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from . import email as email_mod
from .model import Finding
from .plan import PhaseSummary, Plan
from .resources import is_zone_deletion
from .settings import Phase


@dataclass(frozen=True)
class Item:
    """One line of "Needs attention": ``kind`` (``refused``, ``error``, ``stale-selector``,
    ``delete``), the ``subjects`` it is about (record sets, a selector, a resource) and the
    ``message`` (a refusal shared by several record sets is one item naming them all). ``phase``
    is the phase it belongs to when it is not the stack's own, else empty."""

    kind: str
    subjects: tuple[str, ...]
    message: str
    phase: str = ""


def verdict(plan: Plan, journey: Sequence[PhaseSummary] = (), where: str = "below") -> str:
    """One sentence: blocked (with the counts) or ready; with a journey, a later phase that is
    blocked is named too. A ready plan with warnings counts them (the Warnings section's
    :func:`warnings`), saying ``where`` in the document they are (``below``, ``above``)."""
    counts = plan.counts()
    if plan.blocked:
        return (
            f"BLOCKED: {counts['refused']} record set(s) refused, {counts['errors']} error(s); "
            "nothing may be applied until they are fixed (see Needs attention)."
        )
    warned = warning_count(plan, journey)
    noted = f", {warned} ({where})" if warned else ""
    later = [
        f"phase {p.settings.phase} ({p.counts()['errors']} error(s))"
        for p in journey
        if p.blocked and p.settings.phase != plan.settings.phase
    ]
    if later:
        return (
            f"READY for phase {plan.settings.phase}{noted}, but BLOCKED later: {', '.join(later)}; see Needs attention."
        )
    review = "the warnings and the changes" if warned else "the changes"
    return f"READY{noted}: nothing refused, no errors; review {review}, then 'pulumi preview' and 'pulumi up'."


def warning_count(plan: Plan, journey: Sequence[PhaseSummary] = ()) -> str:
    """``N warning(s)`` as the Warnings section counts them (:func:`warnings`); ``""`` for none."""
    n = len(warnings(plan, journey))
    return f"{n} warning{'' if n == 1 else 's'}" if n else ""


def scope(plan: Plan, journey: Sequence[PhaseSummary] = ()) -> str:
    """Which part of the migration the document covers (the same in every format)."""
    if journey:
        phases = " -> ".join(p.settings.phase for p in journey)
        return (
            f"phase {plan.settings.phase} (migration:phase) in detail; the whole journey ({phases}) in summary: "
            "counts per phase and what later phases delete"
        )
    return f"phase {plan.settings.phase} alone (--phase)"


def hosted_zone_deletion(plan: Plan, journey: Sequence[PhaseSummary] = ()) -> str | None:
    """The sentence announcing that the Route53 hosted zone is deleted, in the stack's phase or
    a later phase of ``journey``; ``None`` when no phase in scope deletes it."""
    for p in journey or (plan.summary(),):
        if any(is_zone_deletion(r) for r in p.deletions):
            zone = plan.snapshot.zone.to_text(omit_final_dot=True)
            record_sets = len(p.with_zone)
            when = "this phase" if p.settings.phase == plan.settings.phase else f"phase {p.settings.phase}"
            return (
                f"IRREVERSIBLE: {when} deletes the Route53 hosted zone {plan.snapshot.hosted_zone_id or '(id unknown)'} "
                f"({zone}) and its {record_sets} record sets (after its gates and a backup)."
            )
    return None


def items(plan: Plan, journey: Sequence[PhaseSummary] = ()) -> list[Item]:
    """Everything that needs attention, worst first: refusals (one item per shared reason),
    errors (the stack's phase, then other phases' own), stale DKIM selectors, and irreversible
    deletions other than the hosted zone and its record sets (health checks, query logging,
    other hosted zones, Cloudflare records) of the stack's phase and later phases."""
    by_reason: dict[str, list[str]] = {}
    for o in plan.translation.outcomes:
        if o.status == "refused":
            by_reason.setdefault(o.reason, []).append(o.record_set.label)
    found = [Item("refused", tuple(labels), reason) for reason, labels in by_reason.items()]
    seen = {(f.subject, f.message) for f in plan.findings if f.severity == "error"}
    found += [Item("error", (f.subject,), f.message) for f in plan.findings if f.severity == "error"]
    for p in journey:
        if p.settings.phase != plan.settings.phase:
            for f in p.findings:
                if f.severity == "error" and (f.subject, f.message) not in seen:
                    seen.add((f.subject, f.message))
                    found.append(Item("error", (f.subject,), f.message, p.settings.phase))
    found += [Item("stale-selector", (s.name,), s.action) for s in plan.email.selectors if s.state == email_mod.STALE]
    own = plan.settings.phase
    deleted: set[tuple[str, str]] = set()
    for p in journey or (plan.summary(),):
        if journey and _order(journey, p.settings.phase) < _order(journey, own):
            continue
        phase = "" if p.settings.phase == own else p.settings.phase
        for r in p.deletions:
            # A deletion a later phase lists again (it is gone by then) is named once, when it happens.
            if not is_zone_deletion(r) and (r.type, r.name) not in deleted:
                deleted.add((r.type, r.name))
                found.append(Item("delete", (r.subject,), f"{r.type} deleted", phase))
    return found


def warnings(plan: Plan, journey: Sequence[PhaseSummary] = (), severity: str = "warning") -> list[tuple[str, Finding]]:
    """``(phase, finding)`` for each finding of ``severity`` (``warning`` or ``info``): the
    stack's phase's (phase empty), then other phases' own (the same subject and message once)."""
    found = [("", f) for f in plan.findings if f.severity == severity]
    seen = {(f.subject, f.message) for _, f in found}
    for p in journey:
        if p.settings.phase == plan.settings.phase:
            continue
        for f in p.findings:
            if f.severity == severity and (f.subject, f.message) not in seen:
                seen.add((f.subject, f.message))
                found.append((p.settings.phase, f))
    return found


def later_findings(plan: Plan, journey: Sequence[PhaseSummary]) -> dict[str, list[Finding]]:
    """Per phase of ``journey``, its findings that the stack's phase (``plan``) does not have, in
    the order and with the rule of :func:`warnings` for each severity (errors, warnings, notes): the
    findings the text and Markdown plans list under that phase's name. The stack's own phase
    maps to ``[]`` (its findings are ``plan.findings``)."""
    found: dict[str, list[Finding]] = {p.settings.phase: [] for p in journey}
    for severity in ("error", "warning", "info"):
        for phase, finding in warnings(plan, journey, severity):
            if phase:
                found[phase].append(finding)
    return found


def _order(journey: Sequence[PhaseSummary], phase: Phase) -> int:
    return [p.settings.phase for p in journey].index(phase)
