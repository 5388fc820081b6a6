"""The Route53 inventory: what else belongs to the hosted zone and must be cleaned up with it.

A JSON file, committed and reviewed like the snapshot, written by ``python -m migration
inventory`` (:func:`read_live`) and read by the plan (:func:`read`), so the plan stays a pure
function of reviewed files. Shape (keys as written)::

    {"inventoryVersion": 1, "zone": "example.com.", "hostedZoneId": "Z...", "readAt": "...Z",
     "otherZones": [{"id": "Z...", "private": false, "comment": "...", "recordSetCount": 2}],
     "healthChecks": [{"id": "...", "config": {HealthCheckConfig as Route53 returns it},
                       "usedByOtherZones": ["Z..."]}],
     "queryLogging": [{"id": "...", "cloudWatchLogsLogGroupArn": "arn:aws:logs:..."}],
     "dnssec": "NOT_SIGNING",
     "registeredDomain": {"domainName": "example.com", "nameServers": ["ns-1.awsdns-1.org."]}}

``dnssec`` is ``GetDNSSEC``'s ``Status.ServeSignature`` (``SIGNING``, ``NOT_SIGNING``, ...);
``registeredDomain`` is ``null`` when Route53 Domains does not hold the registration
(``GetDomainDetail``, us-east-1 only). Source: Route53 API reference.

boto3 and botocore are imported by :func:`read_live` only: the plan reads the file and no AWS
(start-up time, docs/performance.md).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import AwsError, InputError
from ..model import Snapshot
from ..names import from_route53, hosted_zone_id as checked_zone_id
from . import files
from .snapshot import zone_name

INVENTORY_VERSION = 1


@dataclass(frozen=True)
class OtherZone:
    """Another hosted zone with the zone's name (``private`` ones are never touched)."""

    id: str
    private: bool
    comment: str = ""
    record_set_count: int | None = None


@dataclass(frozen=True)
class HealthCheck:
    """A health check a record set of the zone refers to; ``config`` is Route53's
    ``HealthCheckConfig``; ``used_by_other_zones`` lists hosted-zone ids that also refer to it."""

    id: str
    config: tuple[tuple[str, Any], ...]
    used_by_other_zones: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueryLogging:
    """The zone's query-logging configuration (``CreateQueryLoggingConfig``)."""

    id: str
    log_group_arn: str


@dataclass(frozen=True)
class Inventory:
    """Everything read about the zone besides its record sets. Empty means nothing else exists.
    ``zone`` and ``hosted_zone_id`` say which hosted zone it is of (``None`` when the file does
    not say)."""

    other_zones: tuple[OtherZone, ...] = ()
    health_checks: tuple[HealthCheck, ...] = ()
    query_logging: tuple[QueryLogging, ...] = ()
    dnssec: str = "NOT_SIGNING"
    registered_name_servers: tuple[str, ...] | None = None
    source: str = field(default="", compare=False)
    zone: str | None = None
    hosted_zone_id: str | None = None

    @property
    def signing(self) -> bool:
        """Whether Route53 signs the zone (DNSSEC ``ServeSignature`` is ``SIGNING``)."""
        return self.dnssec == "SIGNING"


def from_document(document: Any, source: str) -> Inventory:
    """Decode an inventory document; raises :class:`InputError` naming each bad entry."""
    if not isinstance(document, dict) or document.get("inventoryVersion") != INVENTORY_VERSION:
        raise InputError(source, [f"not an inventory file (expected inventoryVersion {INVENTORY_VERSION})"])
    problems: list[str] = []
    zones, checks, logs = [], [], []

    def zone_id(where: str, value: Any) -> str:
        try:
            return checked_zone_id(value)
        except ValueError as exc:
            problems.append(f"{where}: {exc}")
            return ""

    for z in document.get("otherZones") or []:
        if not isinstance(z, dict) or not z.get("id"):
            problems.append(f"otherZones: an entry lacks 'id': {str(z)[:80]}")
            continue
        zones.append(OtherZone(zone_id("otherZones", z["id"]), bool(z.get("private")), z.get("comment") or "",
                               z.get("recordSetCount")))
    for h in document.get("healthChecks") or []:
        if not isinstance(h, dict) or not h.get("id") or not isinstance(h.get("config"), dict):
            problems.append(f"healthChecks: an entry lacks 'id' or 'config': {str(h)[:80]}")
            continue
        checks.append(HealthCheck(str(h["id"]), tuple(sorted((k, json.dumps(v) if isinstance(v, (list, dict)) else v)
                                                            for k, v in h["config"].items())),
                                  tuple(zone_id("healthChecks: usedByOtherZones", u)
                                        for u in h.get("usedByOtherZones") or ())))
    for q in document.get("queryLogging") or []:
        if not isinstance(q, dict) or not q.get("id") or not q.get("cloudWatchLogsLogGroupArn"):
            problems.append(f"queryLogging: an entry lacks 'id' or 'cloudWatchLogsLogGroupArn': {str(q)[:80]}")
            continue
        logs.append(QueryLogging(str(q["id"]), str(q["cloudWatchLogsLogGroupArn"])))
    registered = document.get("registeredDomain")
    zone = document.get("zone")
    if zone is not None:
        try:
            zone = zone_name(zone).to_text()
        except ValueError as exc:
            problems.append(f"zone: {exc}")
    own = zone_id("hostedZoneId", document["hostedZoneId"]) if document.get("hostedZoneId") else None
    if problems:
        raise InputError(source, problems)
    return Inventory(
        other_zones=tuple(zones), health_checks=tuple(checks), query_logging=tuple(logs),
        dnssec=str(document.get("dnssec") or "NOT_SIGNING"),
        registered_name_servers=tuple(registered.get("nameServers") or ()) if isinstance(registered, dict) else None,
        source=source,
        zone=str(zone) if zone else None,
        hosted_zone_id=own,
    )


def read(path: Path) -> Inventory:
    """Read an inventory file. Raises :class:`InputError` when missing or malformed."""
    return from_document(files.parse_json(files.read_text(path), str(path),
                                          "the inventory file that 'python -m migration inventory' writes"), str(path))


def of_snapshot(found: Inventory, snapshot: Snapshot) -> Inventory:
    """``found`` when it is the inventory of ``snapshot``'s hosted zone; raises
    :class:`InputError` naming the inventory file when it is of another zone or hosted zone (its
    health checks and orphan zones would be adopted and deleted for the wrong zone)."""
    problems = []
    if found.zone is not None:
        if zone_name(found.zone) != snapshot.zone:
            problems.append(f"it is the inventory of {found.zone}, not of {snapshot.zone.to_text()}: take it with "
                            "'python -m migration inventory --stack NAME'")
    if found.hosted_zone_id and snapshot.hosted_zone_id and found.hosted_zone_id != snapshot.hosted_zone_id:
        problems.append(f"it is the inventory of hosted zone {found.hosted_zone_id}, not of {snapshot.hosted_zone_id} "
                        "(the snapshot's): take it again with 'python -m migration inventory --stack NAME'")
    if problems:
        raise InputError(found.source, problems)
    return found


def _health_check_users(route53: Any, zones: list[dict[str, Any]], wanted: set[str]) -> dict[str, list[str]]:
    from . import route53_api

    users: dict[str, list[str]] = {hc: [] for hc in wanted}
    for hz in zones:
        bare = hz["Id"].rsplit("/", 1)[-1]
        for rs in route53_api.read_raw_record_sets(route53, bare):
            if rs.get("HealthCheckId") in users and bare not in users[rs["HealthCheckId"]]:
                users[rs["HealthCheckId"]].append(bare)
    return users


def read_live(snapshot: Snapshot, profile: str | None = None, endpoint_url: str | None = None) -> dict[str, Any]:
    """Read the inventory of ``snapshot``'s hosted zone from AWS and return the document to write.

    Health-check use by other zones is found by reading every other hosted zone's record sets
    (one ``ListResourceRecordSets`` pager per zone). Raises :class:`AwsError` with AWS's code.
    """
    import botocore.exceptions

    from . import aws, route53_api

    if not snapshot.hosted_zone_id:
        raise AwsError(f"the snapshot of {snapshot.zone.to_text()} has no hosted-zone id")
    route53 = route53_api.client(profile=profile, endpoint_url=endpoint_url)
    own = snapshot.hosted_zone_id
    try:
        same_name = route53_api.hosted_zones_named(route53, snapshot.zone)
        others = [{"id": hz["Id"].rsplit("/", 1)[-1], "private": bool(hz.get("Config", {}).get("PrivateZone")),
                   "comment": hz.get("Config", {}).get("Comment") or "",
                   "recordSetCount": hz.get("ResourceRecordSetCount")}
                  for hz in same_name if hz["Id"].rsplit("/", 1)[-1] != own]
        wanted = {rs.routing.health_check_id for rs in snapshot.record_sets
                  if rs.routing is not None and rs.routing.health_check_id}
        checks = []
        if wanted:
            all_zones = [hz for page in route53.get_paginator("list_hosted_zones").paginate()
                         for hz in page["HostedZones"] if hz["Id"].rsplit("/", 1)[-1] != own]
            users = _health_check_users(route53, all_zones, wanted)
            for hc in sorted(wanted):
                config = route53.get_health_check(HealthCheckId=hc)["HealthCheck"]["HealthCheckConfig"]
                checks.append({"id": hc, "config": config, "usedByOtherZones": users[hc]})
        logs = route53.list_query_logging_configs(HostedZoneId=own).get("QueryLoggingConfigs", [])
        dnssec = route53.get_dnssec(HostedZoneId=own).get("Status", {}).get("ServeSignature", "NOT_SIGNING")
    except botocore.exceptions.ClientError as exc:
        err = exc.response.get("Error", {})
        raise AwsError(f"Route53 refused {exc.operation_name}: {err.get('Code')}: {err.get('Message')}") from None
    registered = None
    domains = aws.client("route53domains", "us-east-1", profile, endpoint_url)
    try:
        detail = domains.get_domain_detail(DomainName=snapshot.zone.to_text(omit_final_dot=True))
        registered = {"domainName": detail["DomainName"],
                      "nameServers": [from_route53(ns["Name"]).to_text() for ns in detail.get("Nameservers", [])]}
    except botocore.exceptions.ClientError as exc:
        # Not registered with Route53 Domains (or not in this account): the registrar is elsewhere.
        if exc.response.get("Error", {}).get("Code") not in ("InvalidInput", "DomainNotFound", "UnsupportedTLD"):
            err = exc.response.get("Error", {})
            raise AwsError(f"Route53 Domains refused GetDomainDetail: {err.get('Code')}: {err.get('Message')}") from None
    return {
        "inventoryVersion": INVENTORY_VERSION,
        "zone": snapshot.zone.to_text(),
        "hostedZoneId": own,
        "readAt": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "otherZones": others,
        "healthChecks": checks,
        "queryLogging": [{"id": q["Id"], "cloudWatchLogsLogGroupArn": q["CloudWatchLogsLogGroupArn"]} for q in logs],
        "dnssec": dnssec,
        "registeredDomain": registered,
    }
