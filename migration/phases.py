"""What each phase declares: mirror, cut-over, decommission (docs/phases.md).

Pure: from the settings, the snapshot, its translation and the checked :class:`Facts`, return
the resources of the stack's phase and the findings. The three phases are one path: everything
the decommission deletes is adopted (``import_``, protected) in mirror, made deletable in cut-over
(``protect`` off, ``force_destroy`` on: Pulumi refuses to delete a protected resource, so protection
must be lifted in an earlier update) and no longer declared in decommission.

Whatever the plan keeps is never left out: Pulumi deletes every resource of the stack's state
that the program stops declaring, so a Route53 resource an earlier phase may have adopted (a
health check another zone now uses, an other zone taken off ``migration:orphanZones``) stays
declared from cut-over on with ``import_`` (a no-op when the stack holds it already, an adoption
when not: Pulumi's import option, pulumi/pulumi developer-docs/architecture/import.md), ``protect``
and ``retain_on_delete``. The Cloudflare zone is protected in every phase: from cut-over on it is
the zone the parent delegates to.
"""

from __future__ import annotations

import json
from array import array
from dataclasses import dataclass, field, replace
from typing import Any, Iterator, Sequence, overload

from . import apply_order
from .ignore import REASON as IGNORED
from .ignore import matching
from .model import CloudflareRecord, ExistingRecord, Finding, HealthCheck, Inventory, RecordSet, Snapshot, Translation
from .names import to_cloudflare
from .resources import (
    CF_DNSSEC,
    CF_RECORD,
    CF_ZONE,
    CF_ZONE_NAME,
    R53_DOMAIN,
    R53_HEALTH_CHECK,
    R53_QUERY_LOG,
    R53_RECORD,
    R53_ZONE,
    R53_ZONE_NAME,
    Action,
    NameServersRef,
    PlannedResource,
    ZoneRef,
)
from .settings import PHASES, Phase, Settings, hosted_zone_id_hint

DNSSEC_NAME = "cloudflare-dnssec"
DOMAIN_NAME = "route53-registered-domain"

# Route53 HealthCheckConfig field -> aws.route53.HealthCheck input (pulumi-aws API docs).
_HEALTH_CHECK_INPUTS = {
    "Type": "type",
    "FullyQualifiedDomainName": "fqdn",
    "IPAddress": "ip_address",
    "Port": "port",
    "ResourcePath": "resource_path",
    "RequestInterval": "request_interval",
    "FailureThreshold": "failure_threshold",
    "SearchString": "search_string",
    "MeasureLatency": "measure_latency",
    "Inverted": "invert_healthcheck",
    "Disabled": "disabled",
    "EnableSNI": "enable_sni",
    "Regions": "regions",
    "ChildHealthChecks": "child_healthchecks",
    "HealthThreshold": "child_health_threshold",
}


@dataclass(frozen=True)
class Facts:
    """What was read besides the snapshot: the Route53 :class:`Inventory` and the records the
    Cloudflare zone already holds."""

    inventory: Inventory = field(default_factory=Inventory)
    cloudflare_existing: tuple[ExistingRecord, ...] = ()


def _later(settings: Settings, phase: Phase) -> bool:
    return PHASES.index(settings.phase) >= PHASES.index(phase)


def _existing(res: PlannedResource, settings: Settings, import_id: str | None, protect: bool) -> PlannedResource:
    """A resource adopted in mirror: ``adopt`` there, ``keep`` later (already in the stack's state)."""
    if settings.phase == "mirror":
        return replace(res, action="adopt", import_id=import_id, protect=protect)
    return replace(res, action="keep", protect=protect)


def _retiring(
    res: PlannedResource, settings: Settings, import_id: str | None, deletable_inputs: dict[str, Any]
) -> PlannedResource:
    """A resource the decommission deletes: adopted protected in mirror, made deletable in
    cut-over, not declared in decommission."""
    if settings.phase == "mirror":
        return replace(res, action="adopt", import_id=import_id, protect=True)
    if settings.phase == "cut-over":
        return replace(res, action="update", inputs={**res.inputs, **deletable_inputs}, protect=False)
    return replace(
        res,
        action="delete",
        inputs={**res.inputs, **deletable_inputs},
        protect=False,
        subject=res.subject.split(",")[0] + ", deleted",
    )


def _kept(res: PlannedResource, settings: Settings, import_id: str, why: str) -> PlannedResource | None:
    """A Route53 resource the plan keeps: not declared in mirror (nothing adopted it yet); from
    cut-over on declared with its import id, ``protect`` and ``retain_on_delete``, since an earlier
    phase may have adopted it and leaving it out would make Pulumi delete it."""
    if settings.phase == "mirror":
        return None
    return replace(
        res,
        action="keep",
        import_id=import_id,
        protect=True,
        retain_on_delete=True,
        subject=f"{res.subject.split(',')[0]}, kept: {why}; protected, and released from the stack "
        "(retain_on_delete), never deleted",
    )


def _cloudflare_zone(settings: Settings, zone_name: str) -> PlannedResource:
    """The Cloudflare zone, created or adopted, protected in every phase (a deletion would drop
    every record and its assigned name servers)."""
    inputs: dict[str, Any] = {"name": zone_name, "type": "full"}
    if settings.cloudflare_account_id:
        inputs["account"] = {"id": settings.cloudflare_account_id}
    res = PlannedResource(CF_ZONE, CF_ZONE_NAME, "create", inputs, f"Cloudflare zone {zone_name}", protect=True)
    if settings.cloudflare_zone_id:
        return _existing(res, settings, settings.cloudflare_zone_id, protect=True)
    return res if settings.phase == "mirror" else replace(res, action="keep")


# A DNS record's arguments beside its value (its record gives the rest): one mapping shared by
# every record resource, never changed.
_RECORD_INPUTS = {"zone_id": ZoneRef(CF_ZONE_NAME)}


class RecordResources:
    """The resources of a translation's Cloudflare records, made once for all the phases a journey
    plans: a record's inputs, subject and apply-order options (:func:`migration.apply_order.plan`)
    do not depend on the phase, only its action does, so the resources of one action are made once
    and shared by every phase that takes it (a plan is never changed once built). Without this,
    ordering and copying each phase's records was most of a journey's build (docs/performance.md).

    ``alone``: hold one action's resources at a time (a journey that summarises the phases it does
    not detail, :func:`migration.plan.build_journey`): making another action's drops those made
    before, so the zone's record resources are never held twice (docs/performance.md).
    """

    def __init__(self, records: Sequence[CloudflareRecord], alone: bool = False):
        self._records = records
        self._alone = alone
        positions, options = apply_order.plan(records)
        #: The order the program declares the records in, as indexes into ``records`` (an array:
        #: no integer object per record).
        self.positions = array("q", positions)
        # Each record's options in three columns (the resources share the tuples), not a tuple a
        # record: resources may be made again once dropped (``alone``).
        self._depends_on = [after for after, _, _ in options]
        self._aliases = [aliases for _, aliases, _ in options]
        self._delete_before_replace = bytes(dbr for _, _, dbr in options)
        self._made: dict[Action, list[PlannedResource]] = {}

    def made(self, action: Action) -> list[PlannedResource]:
        """Each record's resource with ``action``, in the records' order (the same list on every
        call, unless ``alone`` and another action's were made since: copy it before changing it)."""
        if action not in self._made:
            if self._alone:
                self._made.clear()
            if self._made:
                # Another action's resources give the subjects: one string per record, shared.
                self._made[action] = [
                    PlannedResource(
                        CF_RECORD,
                        res.name,
                        action,
                        _RECORD_INPUTS,
                        res.subject,
                        depends_on=res.depends_on,
                        aliases=res.aliases,
                        delete_before_replace=res.delete_before_replace,
                        record=res.record,
                    )
                    for res in next(iter(self._made.values()))
                ]
                return self._made[action]
            self._made[action] = [
                PlannedResource(
                    CF_RECORD,
                    record.logical_name,
                    action,
                    _RECORD_INPUTS,
                    f"{record.type} {record.name} (from {record.source})",
                    depends_on=after,
                    aliases=aliases,
                    delete_before_replace=bool(dbr),
                    record=record,
                )
                for record, after, aliases, dbr in zip(
                    self._records, self._depends_on, self._aliases, self._delete_before_replace, strict=True
                )
            ]
        return self._made[action]


def _users_records(
    translation: Translation, existing: tuple[ExistingRecord, ...], findings: list[Finding]
) -> tuple[ExistingRecord, ...]:
    """The pre-existing records that are the user's. Those a Cloudflare product owns
    (``owned_by``) are never adopted, updated or deleted: each is listed as left alone, and a
    planned record of the same owner name and type is an error (two MX sets, or a record
    Cloudflare refuses to create beside the product's): turn the product off first."""
    planned: dict[tuple[str, str], list[str]] = {}
    # Only a record a product owns is looked up: without one, no index of every record is made.
    for record in translation.records if any(e.owned_by is not None for e in existing) else ():
        planned.setdefault((record.name.lower(), record.type), []).append(record.source)
    mine = []
    for e in existing:
        if e.owned_by is None:
            mine.append(e)
            continue
        rec = e.record
        value = rec.content if rec.content is not None else json.dumps(dict(rec.data or ()))
        what = f"{rec.type} {rec.name} {value}"
        findings.append(
            Finding(
                "info",
                "cloudflare-record-owned",
                what,
                f"Cloudflare record {e.id} belongs to {e.owned_by}: left alone (never adopted, updated or deleted)",
            )
        )
        sources = planned.get((rec.name.lower(), rec.type))
        if sources:
            findings.append(
                Finding(
                    "error",
                    "cloudflare-record-owned-conflict",
                    f"{rec.type} {rec.name}",
                    f"Route53's {rec.type} {rec.name} ({sources[0]}) would be published beside "
                    f"Cloudflare record {e.id} ({value}), which belongs to {e.owned_by} and cannot be "
                    f"changed: turn {e.owned_by} off for the zone first, or leave this record set "
                    "out of the migration",
                )
            )
    return tuple(mine)


def _records(
    settings: Settings,
    translation: Translation,
    records: RecordResources,
    existing: tuple[ExistingRecord, ...],
    findings: list[Finding],
    apex: str,
) -> list[PlannedResource]:
    """Cloudflare records: identical pre-existing ones adopted, the rest created in mirror;
    pre-existing ones that differ reported, and deleted (adopt, then drop at cut-over) when
    ``migration:deleteDifferingRecords`` says so. A pre-existing record that is not in the plan and
    that Cloudflare refuses beside a planned record of its name (``apex``: the zone's Cloudflare
    name) is an error: its deletion would come after the planned record's creation. ``records``:
    the translation's records as resources (:class:`RecordResources`)."""
    cf_zone = settings.cloudflare_zone_id
    if existing and not cf_zone:
        findings.append(
            Finding(
                "error",
                "cloudflare-zone-id-missing",
                "migration:cloudflareExisting",
                "pre-existing Cloudflare records are listed but migration:cloudflareZoneId is not set, "
                "so they cannot be adopted (import id <zone_id>/<record_id>)",
            )
        )
    existing = _users_records(translation, existing, findings)
    by_identity = {e.record.identity: e for e in existing}
    matched: set[str] = set()
    made = records.made("create" if settings.phase == "mirror" else "keep")
    if by_identity:
        made = list(made)  # the list shared with other phases stays as it is
    for index, record in enumerate(translation.records) if by_identity else ():
        found = by_identity.get(record.identity)
        if found is None:
            continue
        matched.add(found.id)
        same = (found.record.ttl, found.record.proxied) == (record.ttl, record.proxied)
        if not same:
            findings.append(
                Finding(
                    "warning",
                    "cloudflare-record-differs",
                    f"{record.type} {record.name}",
                    f"Cloudflare record {found.id} holds this value with ttl {found.record.ttl}, "
                    f"proxied {str(found.record.proxied).lower()}; the plan wants ttl {record.ttl}, "
                    f"proxied {str(record.proxied).lower()}: adopted as it is in mirror, "
                    "corrected at cut-over",
                )
            )
        res = made[index]
        if settings.phase == "mirror":
            live = replace(record, ttl=found.record.ttl, proxied=found.record.proxied)
            made[index] = replace(
                res,
                action="adopt",
                record=live,
                import_id=f"{cf_zone}/{found.id}",
                subject=res.subject + f", adopted: Cloudflare record {found.id}",
            )
        elif not same:
            made[index] = replace(res, action="update")
    out = [made[i] for i in records.positions]
    planned_types: dict[str, set[str]] = {}
    for record in translation.records if existing else ():
        planned_types.setdefault(record.name.lower(), set()).add(record.type)
    for e in existing:
        if e.id in matched:
            continue
        rec = e.record
        value = rec.content if rec.content is not None else json.dumps(dict(rec.data or ()))
        what = f"{rec.type} {rec.name} {value}"
        clash = sorted(
            t for t in planned_types.get(rec.name, ()) if apply_order.excluded(rec.type, t, rec.name == apex)
        )
        if clash and (settings.phase == "mirror" or not settings.delete_differing_records):
            # Pulumi cannot delete a record it never held before creating the plan's records there.
            findings.append(
                Finding(
                    "error",
                    "cloudflare-record-conflicts",
                    what,
                    f"Cloudflare record {e.id} is not in the plan and stands where the plan creates "
                    f"{', '.join(clash)} {rec.name}, which Cloudflare refuses beside it (errors "
                    "81053/81054): delete it in Cloudflare, list the zone's records again "
                    "(migration:cloudflareExisting), then plan again",
                )
            )
        pattern = matching(settings.ignore, rec.name, rec.type)
        if pattern:
            findings.append(
                Finding(
                    "info",
                    "ignored-by-setting",
                    what,
                    f"Cloudflare record {e.id}: "
                    + IGNORED.format(pattern=pattern)
                    + "; never adopted, changed or deleted",
                )
            )
            continue
        if not settings.delete_differing_records:
            findings.append(
                Finding(
                    "warning",
                    "cloudflare-record-differs",
                    what,
                    f"Cloudflare record {e.id} is not in the plan (Route53 has no such value); left as it "
                    "is: set migration:deleteDifferingRecords: true to delete it",
                )
            )
            continue
        findings.append(
            Finding(
                "warning",
                "cloudflare-record-differs",
                what,
                f"Cloudflare record {e.id} is not in the plan (Route53 has no such value): adopted in "
                "mirror, deleted at cut-over (migration:deleteDifferingRecords)",
            )
        )
        res = PlannedResource(
            CF_RECORD,
            f"cloudflare-existing-{e.id}",
            "adopt",
            _RECORD_INPUTS,
            f"{what}: pre-existing, differs from Route53",
            import_id=f"{cf_zone}/{e.id}",
            record=rec,
        )
        out.append(
            res
            if settings.phase == "mirror"
            else replace(res, action="delete", import_id=None, subject=res.subject + ", deleted")
        )
    return out


def _health_check_inputs(check: HealthCheck) -> dict[str, Any]:
    inputs = {}
    for key, value in check.config:
        if key in _HEALTH_CHECK_INPUTS:
            inputs[_HEALTH_CHECK_INPUTS[key]] = json.loads(value) if key in ("Regions", "ChildHealthChecks") else value
    return inputs


class RecordSetDeletions(Sequence[PlannedResource]):
    """The Route53 record sets of ``snapshot`` as resources deleted with its hosted zone
    (``force_destroy``: listed one by one for review), each made when it is read: a journey that
    only summarises the decommission holds this instead of a resource per record set (at 50,000
    record sets about 26 MiB: docs/performance.md)."""

    def __init__(self, snapshot: Snapshot):
        self._snapshot = snapshot

    def __len__(self) -> int:
        return len(self._snapshot.record_sets)

    @overload
    def __getitem__(self, index: int) -> PlannedResource: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[PlannedResource]: ...

    def __getitem__(self, index: int | slice) -> PlannedResource | Sequence[PlannedResource]:
        if isinstance(index, slice):
            return [self._made(rs) for rs in self._snapshot.record_sets[index]]
        return self._made(self._snapshot.record_sets[index])

    def __iter__(self) -> Iterator[PlannedResource]:
        return map(self._made, self._snapshot.record_sets)

    def _made(self, rs: RecordSet) -> PlannedResource:
        return PlannedResource(
            R53_RECORD,
            f"route53-record-set {rs.label}",
            "delete",
            {"name": rs.owner_text, "type": rs.rtype},
            f"record set {rs.label}, deleted with hosted zone {self._snapshot.hosted_zone_id}",
        )


def record_set_deletions(settings: Settings, snapshot: Snapshot) -> Sequence[PlannedResource]:
    """The Route53 record sets ``settings.phase`` deletes with the hosted zone, in the snapshot's
    order (:class:`RecordSetDeletions`): every record set in the decommission when the snapshot
    names its hosted zone, else none. A plan lists them right after the hosted zone's deletion."""
    if settings.phase != "decommission" or not snapshot.hosted_zone_id:
        return ()
    return RecordSetDeletions(snapshot)


def _route53_side(
    settings: Settings, snapshot: Snapshot, inventory: Inventory, findings: list[Finding], list_record_sets: bool
) -> list[PlannedResource]:
    """The hosted zone, its health checks and query logging, and the confirmed orphan zones;
    the record sets deleted with the hosted zone when ``list_record_sets``."""
    zone_name = to_cloudflare(snapshot.zone)
    out = []
    checks = []
    kept = []
    listed = {c.id for c in inventory.health_checks}
    for rs in snapshot.record_sets:
        check_id = rs.routing.health_check_id if rs.routing is not None else None
        if check_id and check_id not in listed:
            listed.add(check_id)
            where = (
                "the inventory (migration:inventory)"
                if settings.inventory
                else "an inventory (migration:inventory is unset)"
            )
            # The inventory command keeps an existing file unless --force.
            take, force = ("take it again", " --force") if settings.inventory else ("take the inventory", "")
            findings.append(
                Finding(
                    "warning",
                    "health-check-not-inventoried",
                    f"health check {check_id}",
                    f"{rs.label} uses it, but it is not in {where}: the decommission would leave it "
                    f"behind (its orphans gate fails); {take} with 'python -m migration inventory --stack NAME{force}'",
                )
            )
    if settings.phase == "decommission" and not settings.inventory:
        findings.append(
            Finding(
                "warning",
                "inventory-missing",
                "migration:inventory",
                "no inventory: the plan cannot delete the zone's query logging, health checks and "
                "orphan zones (the orphans gate reads them live and fails if any exist); take it "
                "with 'python -m migration inventory --stack NAME'",
            )
        )
    for check in inventory.health_checks:
        res = PlannedResource(
            R53_HEALTH_CHECK,
            f"route53-health-check-{check.id}",
            "adopt",
            _health_check_inputs(check),
            f"Route53 health check {check.id}, used only by this zone",
        )
        if check.used_by_other_zones:
            why = f"also used by hosted zone(s) {', '.join(check.used_by_other_zones)}"
            findings.append(Finding("info", "health-check-kept", f"health check {check.id}", f"kept: {why}"))
            kept.append(_kept(res, settings, check.id, why))
            continue
        checks.append(_retiring(res, settings, check.id, {}))
    # The hosted zone depends on its health checks so that Pulumi deletes the zone (and the
    # record sets that use them) before them: Route53 refuses to delete a health check in use.
    inputs: dict[str, Any] = {"name": zone_name, "comment": snapshot.comment or ""}
    if snapshot.tags:
        inputs["tags"] = dict(snapshot.tags)
    zone = PlannedResource(
        R53_ZONE,
        R53_ZONE_NAME,
        "adopt",
        inputs,
        f"Route53 hosted zone {snapshot.hosted_zone_id} ({zone_name}), unchanged",
        depends_on=tuple(c.name for c in checks),
    )
    out += checks + [k for k in kept if k is not None]
    out.append(_retiring(zone, settings, snapshot.hosted_zone_id, {"force_destroy": True}))
    if settings.phase == "cut-over":
        out[-1] = replace(
            out[-1],
            subject=f"Route53 hosted zone {snapshot.hosted_zone_id} ({zone_name}), still "
            "serving; force_destroy set and protection lifted for the decommission",
        )
    if list_record_sets:
        out += record_set_deletions(settings, snapshot)
    for log in inventory.query_logging:
        res = PlannedResource(
            R53_QUERY_LOG,
            f"route53-query-log-{log.id}",
            "adopt",
            {"zone_id": ZoneRef(R53_ZONE_NAME), "cloudwatch_log_group_arn": log.log_group_arn},
            f"query logging {log.id} of hosted zone {snapshot.hosted_zone_id}",
        )
        out.append(_retiring(res, settings, log.id, {}))
    others = {z.id: z for z in inventory.other_zones}
    for zone_id in settings.orphan_zones:
        other = others.get(zone_id)
        if other is None or other.private:
            why = (
                "is a private hosted zone: private zones are never touched"
                if other
                else "is not a hosted zone of this name in the inventory"
            )
            findings.append(
                Finding(
                    "error",
                    "orphan-zone-refused",
                    f"hosted zone {zone_id}",
                    f"migration:orphanZones lists {zone_id}, which {why}",
                )
            )
            continue
        res = PlannedResource(
            R53_ZONE,
            f"route53-orphan-zone-{zone_id}",
            "adopt",
            {"name": zone_name, "comment": other.comment},
            f"orphan public hosted zone {zone_id} ({zone_name}, not delegated to), "
            f"{other.record_set_count} record sets",
        )
        out.append(_retiring(res, settings, zone_id, {"force_destroy": True}))
    for other in inventory.other_zones:
        if not other.private and other.id not in settings.orphan_zones:
            findings.append(
                Finding(
                    "warning",
                    "orphan-zone",
                    f"hosted zone {other.id}",
                    f"another public hosted zone named {zone_name} ({other.record_set_count} record "
                    "sets): the parent does not delegate to it; list its id in migration:orphanZones "
                    "to delete it",
                )
            )
            res = PlannedResource(
                R53_ZONE,
                f"route53-orphan-zone-{other.id}",
                "keep",
                {"name": zone_name, "comment": other.comment},
                f"other public hosted zone {other.id} ({zone_name})",
            )
            held = _kept(res, settings, other.id, "not listed in migration:orphanZones")
            out += [held] if held is not None else []
    return out


def _registration(
    settings: Settings, snapshot: Snapshot, inventory: Inventory, findings: list[Finding]
) -> list[PlannedResource]:
    """The name servers at the registrar: switched through Route53 Domains, or instructions. That
    the domain is not registered there is known from ``migration:registeredWithRoute53Domains``
    or from an inventory (it read Route53 Domains); with neither it is not known, and the
    instructions say so."""
    zone_name = to_cloudflare(snapshot.zone)
    registered = settings.registered_with_route53_domains
    if registered is None:
        registered = inventory.registered_name_servers is not None
    if not registered:
        if settings.phase == "cut-over":
            servers = (
                ", ".join(settings.cloudflare_name_servers) or "the name servers in the output cloudflareNameServers"
            )
            instructions = f"at its registrar, replace the name servers with {servers} (and remove any DS record first)"
            if settings.registered_with_route53_domains is not None or inventory.source:
                # Said by the setting, or by the inventory, which read Route53 Domains.
                known = (
                    "the inventory"
                    if settings.registered_with_route53_domains is None
                    else "migration:registeredWithRoute53Domains"
                )
                message = f"the domain is not registered with Route53 Domains ({known}): {instructions}"
            else:
                message = (
                    "whether the domain is registered with Route53 Domains is not known (no migration:inventory, "
                    "no migration:registeredWithRoute53Domains), so this plan does not switch its name servers: "
                    f"{instructions}; if Route53 Domains is its registrar, take the inventory ('python -m "
                    "migration inventory --stack NAME') and the plan switches them"
                )
            findings.append(Finding("info", "registrar-instructions", zone_name, message))
        return []
    current = inventory.registered_name_servers or snapshot.name_servers
    res = PlannedResource(
        R53_DOMAIN,
        DOMAIN_NAME,
        "adopt",
        {"domain_name": zone_name, "name_servers": [{"name": ns.rstrip(".")} for ns in current]},
        f"registration of {zone_name} (Route53 Domains), name servers unchanged",
    )
    if settings.phase == "mirror":
        return [replace(res, import_id=zone_name)]
    switched = replace(
        res,
        inputs={**res.inputs, "name_servers": NameServersRef(CF_ZONE_NAME)},
        subject=f"registration of {zone_name} (Route53 Domains), name servers switched to Cloudflare's",
    )
    return [replace(switched, action="update" if settings.phase == "cut-over" else "keep")]


def phase_resources(
    settings: Settings,
    snapshot: Snapshot,
    translation: Translation,
    facts: Facts,
    records: RecordResources | None = None,
    list_record_sets: bool = True,
) -> tuple[list[PlannedResource], list[Finding]]:
    """The resources of ``settings.phase`` in declaration order (a resource after those it
    refers to) and the phase's findings. ``records``: ``translation``'s records as resources, when
    another phase made them already (:class:`RecordResources`). Without ``list_record_sets`` the
    Route53 record sets deleted with the hosted zone are left out (:func:`record_set_deletions`
    gives them)."""
    findings: list[Finding] = []
    if settings.cloudflare_account_id and settings.cloudflare_zone_id:
        # Both set: the zone is adopted in that account (the account is an input of the zone resource),
        # which a reader of the settings might have taken for "create the zone in this account".
        findings.append(
            Finding(
                "warning",
                "cloudflare-zone-adopted",
                f"migration:cloudflareZoneId {settings.cloudflare_zone_id}",
                "migration:cloudflareAccountId and migration:cloudflareZoneId are both set: the zone "
                f"{settings.cloudflare_zone_id} is adopted (imported), not created, and declared in account "
                f"{settings.cloudflare_account_id} (the import fails if the zone is another account's); to create "
                "a zone, unset migration:cloudflareZoneId",
            )
        )
    resources = [_cloudflare_zone(settings, to_cloudflare(snapshot.zone))]
    resources += _records(
        settings,
        translation,
        records or RecordResources(translation.records),
        facts.cloudflare_existing,
        findings,
        to_cloudflare(snapshot.zone),
    )
    if _later(settings, "cut-over"):
        resources.append(
            PlannedResource(
                CF_DNSSEC,
                DNSSEC_NAME,
                "create" if settings.phase == "cut-over" else "keep",
                {"zone_id": ZoneRef(CF_ZONE_NAME), "status": "active"},
                "Cloudflare DNSSEC: publish the DS record it outputs (cloudflareDs) at the parent",
            )
        )
    if snapshot.hosted_zone_id:
        resources += _route53_side(settings, snapshot, facts.inventory, findings, list_record_sets)
    else:
        # Mirror can go on without it; the later phases need the zone adopted to delete it.
        later = settings.phase != "mirror"
        findings.append(
            Finding(
                "error" if later else "warning",
                "hosted-zone-id-missing",
                snapshot.zone.to_text(),
                (f"{settings.phase} needs a hosted-zone id: " if later else "")
                + "the snapshot has no hosted-zone id, so the Route53 zone is not adopted (it is "
                f"needed before cut-over and decommission); {hosted_zone_id_hint(settings)}",
            )
        )
    resources += _registration(settings, snapshot, facts.inventory, findings)
    if settings.phase == "decommission" and settings.ses_not_used:
        findings.append(
            Finding(
                "warning",
                "ses-not-used",
                snapshot.zone.to_text(),
                "migration:sesNotUsed is true: the ses-dkim gate does not ask SES whether DKIM "
                "verifies; unset it if any mail of the zone is sent through SES",
            )
        )
    return resources, findings
