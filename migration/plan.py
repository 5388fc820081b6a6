"""The migration plan: every resource the Pulumi program declares, with its action and options.

The plan is plain data. The Pulumi program (:mod:`migration.program`) declares exactly
``plan.resources``; the offline report (:mod:`migration.report`) prints the same list, so the two
cannot disagree. Knows nothing of how it is shown.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from . import email as email_mod
from .model import Finding, Snapshot, Translation
from .names import to_cloudflare
from .settings import Settings
from .translate import translate
from .translate.limits import record_limit_finding

CF_ZONE = "cloudflare:index/zone:Zone"
CF_RECORD = "cloudflare:index/dnsRecord:DnsRecord"
R53_ZONE = "aws:route53/zone:Zone"

CF_ZONE_NAME = "cloudflare-zone"
R53_ZONE_NAME = "route53-zone"


@dataclass(frozen=True)
class ZoneRef:
    """An input that is the id output of another planned resource (named by logical name)."""

    resource: str

    def __str__(self) -> str:
        return f"${{{self.resource}.id}}"


@dataclass(frozen=True)
class PlannedResource:
    """One resource of the plan.

    ``type`` is the Pulumi type token; ``name`` the logical name; ``action`` one of ``create``,
    ``adopt`` (``import_id`` set: Pulumi imports the live resource, declared inputs must match it);
    ``inputs`` are snake-case resource arguments (a :class:`ZoneRef` where another resource's id
    goes); ``protect`` forbids deletion; ``subject`` says what it is for a reviewer.
    """

    type: str
    name: str
    action: str
    inputs: dict[str, Any]
    subject: str
    import_id: str | None = None
    protect: bool = False


@dataclass(frozen=True)
class Plan:
    """A reviewed migration: the snapshot, its translation, the resources, every finding, and the
    email check (DKIM selectors, MAIL FROM) that shaped the translation."""

    settings: Settings
    snapshot: Snapshot
    translation: Translation
    resources: tuple[PlannedResource, ...]
    findings: tuple[Finding, ...] = field(default_factory=tuple)
    email: email_mod.EmailPlan = field(default_factory=lambda: email_mod.EmailPlan(checked=False))

    def counts(self) -> dict[str, int]:
        """Figures for the summary: record sets by status, records, resources by action,
        findings by severity."""
        status = Counter(o.status for o in self.translation.outcomes)
        actions = Counter(r.action for r in self.resources)
        severity = Counter(f.severity for f in self.findings)
        return {
            "recordSets": len(self.translation.outcomes),
            "translated": status["translated"],
            "skipped": status["skipped"],
            "refused": status["refused"],
            "cloudflareRecords": len(self.translation.records),
            "create": actions["create"],
            "adopt": actions["adopt"],
            "delete": actions["delete"],
            "errors": severity["error"],
            "warnings": severity["warning"],
        }

    @property
    def blocked(self) -> bool:
        """True when anything is refused or any finding is an error: CI must not apply it."""
        counts = self.counts()
        return counts["refused"] > 0 or counts["errors"] > 0


def _cloudflare_zone(settings: Settings, zone_name: str) -> PlannedResource:
    inputs: dict[str, Any] = {"name": zone_name, "type": "full"}
    if settings.cloudflare_account_id:
        inputs["account"] = {"id": settings.cloudflare_account_id}
    if settings.cloudflare_zone_id:
        return PlannedResource(CF_ZONE, CF_ZONE_NAME, "adopt", inputs, f"Cloudflare zone {zone_name}",
                               import_id=settings.cloudflare_zone_id, protect=True)
    return PlannedResource(CF_ZONE, CF_ZONE_NAME, "create", inputs, f"Cloudflare zone {zone_name}")


def _route53_zone(snapshot: Snapshot, zone_name: str) -> PlannedResource:
    # Declared exactly as read (comment, tags): an import whose inputs differ from the live zone
    # is refused by the preview, and the provider's default comment is "Managed by Pulumi".
    inputs: dict[str, Any] = {"name": zone_name, "comment": snapshot.comment or ""}
    if snapshot.tags:
        inputs["tags"] = dict(snapshot.tags)
    return PlannedResource(R53_ZONE, R53_ZONE_NAME, "adopt", inputs,
                           f"Route53 hosted zone {snapshot.hosted_zone_id} ({zone_name}), unchanged",
                           import_id=snapshot.hosted_zone_id, protect=True)


def build(settings: Settings, snapshot: Snapshot, ses: email_mod.SesData | None = None) -> Plan:
    """Build the plan for ``settings`` from ``snapshot`` and what SES says about the zone's
    identities (``None``: SES not consulted) (pure: no I/O)."""
    # Email records are checked against SES after translation, so stale DKIM selectors are
    # never declared and missing SES records are (see migration.email).
    email_plan, translation = email_mod.classify(
        snapshot, translate(snapshot, settings.proxied, dict(settings.routing)), ses)
    zone_name = to_cloudflare(snapshot.zone)
    findings = list(translation.findings) + list(email_plan.findings)
    over_limit = record_limit_finding(len(translation.records), *settings.record_limit)
    if over_limit:
        findings.append(over_limit)
    resources = [_cloudflare_zone(settings, zone_name)]
    for record in translation.records:
        inputs = {"zone_id": ZoneRef(CF_ZONE_NAME), **record.to_inputs()}
        resources.append(PlannedResource(CF_RECORD, record.logical_name(), "create", inputs,
                                         f"{record.type} {record.name} (from {record.source})"))
    if snapshot.hosted_zone_id:
        resources.append(_route53_zone(snapshot, zone_name))
    else:
        findings.append(Finding("warning", "hosted-zone-id-missing", snapshot.zone.to_text(),
                                "the snapshot has no hosted-zone id, so the Route53 zone is not adopted (it is needed "
                                "before decommission); set migration:hostedZoneId or take a snapshot with "
                                "'python -m migration snapshot'"))
    return Plan(settings, snapshot, translation, tuple(resources), tuple(findings), email_plan)
