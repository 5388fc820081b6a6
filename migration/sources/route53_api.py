"""Read a public hosted zone live from Route53 through boto3.

The only module that talks to Route53 for reading. AWS settings come the usual way: profile
(``AWS_PROFILE`` or ``profile=``), region, and ``AWS_ENDPOINT_URL`` (or ``endpoint_url=``) for a
stand-in such as moto. Pages (at most 300 record sets each, Route53 API reference
``ListResourceRecordSets``) are read by :func:`migration.sources.aws.pages`, which refuses a
truncated page without a next record name and a next token given twice (botocore's paginator
stops silently at the first); the snapshot's record sets are counted against ``GetHostedZone``'s
``ResourceRecordSetCount``. Throttling (``Throttling``, ``PriorRequestNotComplete``), HTTP 5xx and
dropped connections are retried by botocore's adaptive retry mode (Route53 allows 5 requests/s per
account); what fails beyond the retries is an :class:`AwsError` naming the operation.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import dns.name

from ..errors import AwsError
from ..names import from_route53
from . import aws
from . import snapshot as snapshot_file


def client(profile: str | None = None, region: str | None = None, endpoint_url: str | None = None) -> Any:
    """A Route53 client with adaptive retries. Route53 is global; its API lives in us-east-1.
    Raises :class:`AwsError` for an unknown AWS profile."""
    return aws.client("route53", region or "us-east-1", profile, endpoint_url)


def _bare_id(zone_id: str) -> str:
    return zone_id.rsplit("/", 1)[-1]


def hosted_zones_named(route53: Any, zone: dns.name.Name) -> list[dict[str, Any]]:
    """Every hosted zone (public and private) whose name is ``zone``, via ``ListHostedZonesByName``
    (sorted by name, so the scan stops at the first other name)."""
    found: list[dict[str, Any]] = []
    for page in aws.pages(
        route53,
        "list_hosted_zones_by_name",
        {"DNSName": zone.to_text()},
        (("NextDNSName", "DNSName"), ("NextHostedZoneId", "HostedZoneId")),
    ):
        for hz in page.get("HostedZones", []):
            if from_route53(hz["Name"]) != zone:
                return found
            found.append(hz)
    return found


def find_public_zone(route53: Any, zone: str) -> dict[str, Any]:
    """The one public hosted zone named ``zone``.

    Raises :class:`AwsError` when there is none, when only private zones have the name, or when
    several public zones have it (listing id and record-set count of each: all but the delegated
    one are orphans to clean up, and the user must say which one to migrate with ``--zone-id``).
    """
    apex = from_route53(zone)
    zones = hosted_zones_named(route53, apex)
    public = [hz for hz in zones if not hz.get("Config", {}).get("PrivateZone")]
    if not zones:
        raise AwsError(f"no hosted zone named {apex.to_text()} in this account")
    if not public:
        raise AwsError(
            f"{apex.to_text()} exists only as a private hosted zone "
            f"({', '.join(_bare_id(hz['Id']) for hz in zones)}); private zones are never migrated"
        )
    if len(public) > 1:
        listing = "; ".join(
            f"{_bare_id(hz['Id'])} ({hz.get('ResourceRecordSetCount', '?')} record sets)" for hz in public
        )
        raise AwsError(
            f"{apex.to_text()} exists as {len(public)} public hosted zones: {listing}. "
            "Choose one with --zone-id; the others are orphans to delete"
        )
    return public[0]


# ListResourceRecordSets' markers of the next page and the request parameters that ask for it.
RECORD_SET_TOKENS = (
    ("NextRecordName", "StartRecordName"),
    ("NextRecordType", "StartRecordType"),
    ("NextRecordIdentifier", "StartRecordIdentifier"),
)


def read_raw_record_sets(
    route53: Any, zone_id: str, expected: int | None = None, progress: Callable[[int, int | None], None] | None = None
) -> list[dict[str, Any]]:
    """All record sets of a hosted zone, pages concatenated, as Route53 returned them, each
    (name, type, set identifier) once.

    Pages can overlap: a page that ends inside a name and type of routing record sets is continued
    from ``NextRecordName``/``NextRecordType``, and an endpoint that leaves out
    ``NextRecordIdentifier`` (boto/boto#2542; moto) repeats that name and type on the next page.
    An identical repeat is dropped; a repeat with another content (the zone changed between the
    pages) raises :class:`AwsError`, as Route53 never holds two record sets with one identity.

    Also raises :class:`AwsError` when a page cannot be read (:func:`migration.sources.aws.pages`:
    a truncated page without ``NextRecordName``, a next token given twice, AWS failures beyond the
    retries), or when ``expected`` (``GetHostedZone``'s ``ResourceRecordSetCount``) is given and
    differs from the number read: a listing that lost a page is never taken as the zone.
    ``progress(read, expected)`` is called after each page (record sets read so far).
    """
    seen: dict[tuple[str, str, str | None], dict[str, Any]] = {}
    for page in aws.pages(route53, "list_resource_record_sets", {"HostedZoneId": zone_id}, RECORD_SET_TOKENS):
        for rs in page.get("ResourceRecordSets", []):
            identity = (rs.get("Name", ""), rs.get("Type", ""), rs.get("SetIdentifier"))
            if identity in seen and seen[identity] != rs:
                ident = f" [{identity[2]}]" if identity[2] is not None else ""
                raise AwsError(
                    f"Route53 listed {identity[0]} {identity[1]}{ident} twice with different contents "
                    "(the zone changed while it was read, or the pages overlap): read it again"
                )
            seen.setdefault(identity, rs)
        if progress is not None:
            progress(len(seen), expected)
    if expected is not None and len(seen) != expected:
        raise AwsError(
            f"Route53 ListResourceRecordSets gave {len(seen)} record sets of hosted zone {zone_id}, but "
            f"GetHostedZone counts {expected}: a page was lost or the zone changed while it was read; "
            "read it again"
        )
    return list(seen.values())


def read_snapshot_document(
    zone: str | None = None,
    zone_id: str | None = None,
    profile: str | None = None,
    endpoint_url: str | None = None,
    progress: Callable[[int, int | None], None] | None = None,
    route53: Any = None,
) -> dict[str, Any]:
    """Read a public hosted zone by name or by id and return the snapshot document to write
    (``progress`` as :func:`read_raw_record_sets`; ``route53``: a client to reuse, as
    :func:`client` makes them, when reading many zones).

    Raises :class:`AwsError` for a missing, private or ambiguous zone, missing credentials, a
    listing that is not whole (:func:`read_raw_record_sets`), or any AWS failure beyond the
    retries (:func:`migration.sources.aws.call`).
    """
    if not zone and not zone_id:
        raise AwsError("give the zone's name (--zone) or its hosted-zone id (--zone-id)")
    route53 = route53 or client(profile=profile, endpoint_url=endpoint_url)
    if zone_id:
        found = aws.call(route53, "get_hosted_zone", {"Id": _bare_id(zone_id)})
        hz = found["HostedZone"]
        if hz.get("Config", {}).get("PrivateZone"):
            raise AwsError(f"{_bare_id(zone_id)} is a private hosted zone; private zones are never migrated")
        if zone and from_route53(hz["Name"]) != from_route53(zone):
            raise AwsError(f"hosted zone {_bare_id(zone_id)} is {hz['Name']}, not {zone}")
    else:
        hz = find_public_zone(route53, zone)  # type: ignore[arg-type]
        found = aws.call(route53, "get_hosted_zone", {"Id": _bare_id(hz["Id"])})
    bare = _bare_id(hz["Id"])
    raw_sets = read_raw_record_sets(route53, bare, found["HostedZone"].get("ResourceRecordSetCount"), progress)
    tags = aws.call(route53, "list_tags_for_resource", {"ResourceType": "hostedzone", "ResourceId": bare})
    name_servers = [from_route53(ns).to_text() for ns in found.get("DelegationSet", {}).get("NameServers", [])]
    return snapshot_file.snapshot_document(
        zone=from_route53(hz["Name"]),
        raw_sets=raw_sets,
        hosted_zone_id=bare,
        name_servers=name_servers,
        comment=hz.get("Config", {}).get("Comment"),
        tags={t["Key"]: t["Value"] for t in tags.get("ResourceTagSet", {}).get("Tags", [])},
        read_at=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    )
