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
from pathlib import Path
from typing import Any

from ..errors import AwsError, InputError
from ..model import HealthCheck, Inventory, OtherZone, QueryLogging, Snapshot
from ..names import from_route53, zone_name
from ..names import hosted_zone_id as checked_zone_id
from . import files

INVENTORY_VERSION = 1


def _text(value: Any) -> str:
    """A value as a message shows it: JSON, at most 80 characters."""
    return json.dumps(value, default=str)[:80]


def from_document(document: Any, source: str) -> Inventory:
    """Decode an inventory document (the shape of the module docstring); raises
    :class:`InputError` naming each bad entry or field (a list that is not one, a count that is
    not a whole number, a health check's ``Regions`` that is not a list of names, ...)."""
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

    def entries(key: str) -> list[Any]:
        value = document.get(key) or []
        if not isinstance(value, list):
            problems.append(f"{key} must be a list, not {_text(value)}")
            return []
        return value

    def names(where: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"{where} must be a list of strings, not {_text(value)}")
            return ()
        return tuple(value)

    for z in entries("otherZones"):
        if not isinstance(z, dict) or not z.get("id"):
            problems.append(f"otherZones: an entry lacks 'id': {_text(z)}")
            continue
        count, comment = z.get("recordSetCount"), z.get("comment") or ""
        if count is not None and (not isinstance(count, int) or isinstance(count, bool) or count < 0):
            problems.append(f"otherZones: {_text(z['id'])}: recordSetCount must be a whole number, not {_text(count)}")
        if not isinstance(comment, str):
            problems.append(f"otherZones: {_text(z['id'])}: comment must be a string, not {_text(comment)}")
        zones.append(OtherZone(zone_id("otherZones", z["id"]), bool(z.get("private")), str(comment), count))
    for h in entries("healthChecks"):
        if not isinstance(h, dict) or not h.get("id") or not isinstance(h.get("config"), dict):
            problems.append(f"healthChecks: an entry lacks 'id' or 'config': {_text(h)}")
            continue
        where = f"healthChecks: {_text(h['id'])}"
        for key in ("Regions", "ChildHealthChecks"):
            if key in h["config"]:
                names(f"{where}: config.{key}", h["config"][key])
        checks.append(
            HealthCheck(
                str(h["id"]),
                tuple(sorted((k, json.dumps(v) if isinstance(v, (list, dict)) else v) for k, v in h["config"].items())),
                tuple(
                    zone_id("healthChecks: usedByOtherZones", u)
                    for u in names(f"{where}: usedByOtherZones", h.get("usedByOtherZones") or [])
                ),
            )
        )
    for q in entries("queryLogging"):
        if not isinstance(q, dict) or not q.get("id") or not q.get("cloudWatchLogsLogGroupArn"):
            problems.append(f"queryLogging: an entry lacks 'id' or 'cloudWatchLogsLogGroupArn': {_text(q)}")
            continue
        logs.append(QueryLogging(str(q["id"]), str(q["cloudWatchLogsLogGroupArn"])))
    registered = document.get("registeredDomain")
    registered_servers = None
    if isinstance(registered, dict):
        registered_servers = names("registeredDomain.nameServers", registered.get("nameServers") or [])
    elif registered is not None:
        problems.append(f"registeredDomain must be an object or null, not {_text(registered)}")
    dnssec = document.get("dnssec") or "NOT_SIGNING"
    if not isinstance(dnssec, str):
        problems.append(f"dnssec must be a string such as NOT_SIGNING, not {_text(dnssec)}")
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
        other_zones=tuple(zones),
        health_checks=tuple(checks),
        query_logging=tuple(logs),
        dnssec=dnssec,
        registered_name_servers=registered_servers,
        source=source,
        zone=str(zone) if zone else None,
        hosted_zone_id=own,
    )


def read(path: Path, listed_in: str = "") -> Inventory:
    """Read an inventory file. Raises :class:`InputError` when missing or malformed (``listed_in``,
    the setting that named it, follows a missing or irregular file's reason and the file's name
    in any other problem)."""
    text = files.read_text(path, listed_in)
    try:
        return from_document(
            files.parse_json(text, str(path), "the inventory file that 'python -m migration inventory' writes"),
            str(path),
        )
    except InputError as exc:
        raise files.named_by(exc, path, listed_in) from None


def of_snapshot(found: Inventory, snapshot: Snapshot) -> Inventory:
    """``found`` when it is the inventory of ``snapshot``'s hosted zone; raises
    :class:`InputError` naming the inventory file when it is of another zone or hosted zone (its
    health checks and orphan zones would be adopted and deleted for the wrong zone)."""
    problems = []
    if found.zone is not None:
        if zone_name(found.zone) != snapshot.zone:
            problems.append(
                f"it is the inventory of {found.zone}, not of {snapshot.zone.to_text()}: take it with "
                "'python -m migration inventory --stack NAME --force'"
            )
    if found.hosted_zone_id and snapshot.hosted_zone_id and found.hosted_zone_id != snapshot.hosted_zone_id:
        problems.append(
            f"it is the inventory of hosted zone {found.hosted_zone_id}, not of {snapshot.hosted_zone_id} "
            "(the snapshot's): take it again with 'python -m migration inventory --stack NAME --force'"
        )
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
    (one ``ListResourceRecordSets`` listing per zone). Raises :class:`AwsError` naming the
    operation for AWS's refusals (with AWS's code) and any failure beyond the retries.
    """
    from . import aws, route53_api

    if not snapshot.hosted_zone_id:
        raise AwsError(f"the snapshot of {snapshot.zone.to_text()} has no hosted-zone id")
    route53 = route53_api.client(profile=profile, endpoint_url=endpoint_url)
    own = snapshot.hosted_zone_id
    same_name = route53_api.hosted_zones_named(route53, snapshot.zone)
    others = [
        {
            "id": hz["Id"].rsplit("/", 1)[-1],
            "private": bool(hz.get("Config", {}).get("PrivateZone")),
            "comment": hz.get("Config", {}).get("Comment") or "",
            "recordSetCount": hz.get("ResourceRecordSetCount"),
        }
        for hz in same_name
        if hz["Id"].rsplit("/", 1)[-1] != own
    ]
    wanted = {
        rs.routing.health_check_id
        for rs in snapshot.record_sets
        if rs.routing is not None and rs.routing.health_check_id
    }
    checks = []
    if wanted:
        all_zones = [
            hz
            for page in aws.pages(route53, "list_hosted_zones", {}, (("NextMarker", "Marker"),))
            for hz in page.get("HostedZones", [])
            if hz["Id"].rsplit("/", 1)[-1] != own
        ]
        users = _health_check_users(route53, all_zones, wanted)
        for hc in sorted(wanted):
            config = aws.call(route53, "get_health_check", {"HealthCheckId": hc})["HealthCheck"]["HealthCheckConfig"]
            checks.append({"id": hc, "config": config, "usedByOtherZones": users[hc]})
    logs = aws.call(route53, "list_query_logging_configs", {"HostedZoneId": own}).get("QueryLoggingConfigs", [])
    dnssec = (
        aws.call(route53, "get_dnssec", {"HostedZoneId": own}).get("Status", {}).get("ServeSignature", "NOT_SIGNING")
    )
    domains = aws.client("route53domains", "us-east-1", profile, endpoint_url)
    # Refused as not registered with Route53 Domains (or not in this account): the registrar is elsewhere.
    detail = aws.call(
        domains,
        "get_domain_detail",
        {"DomainName": snapshot.zone.to_text(omit_final_dot=True)},
        tolerated=("InvalidInput", "DomainNotFound", "UnsupportedTLD"),
    )
    registered = (
        None
        if detail is None
        else {
            "domainName": detail["DomainName"],
            "nameServers": [from_route53(ns["Name"]).to_text() for ns in detail.get("Nameservers", [])],
        }
    )
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
