"""Every public hosted zone of an AWS account, read live from Route53 (``discover``).

``ListHostedZones`` returns at most 100 zones a page (``IsTruncated``, ``NextMarker``; Route53
API reference); :func:`migration.sources.aws.pages` follows the pages (refusing a listing that
would stop short or go round), and botocore's adaptive retries absorb ``Throttling`` /
``PriorRequestNotComplete`` (5 requests/s per account) as :mod:`.aws` sets them up. Private
hosted zones are counted, never listed for migration. A public zone whose name cannot be a
Cloudflare zone (an empty label: ``..``, ``x..y.org``; characters Cloudflare cannot store) is
left out too, with its id and the reason (:attr:`Account.unusable`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..names import printable, zone_name
from . import aws

MAX_PAGE = 100  # ListHostedZones MaxItems: at most 100 (Route53 API reference)


@dataclass(frozen=True)
class HostedZone:
    """One public hosted zone: ``name`` (absolute, presentation text), bare ``id`` (``Z...``),
    ``record_sets`` (Route53's ``ResourceRecordSetCount``) and its ``comment`` (may be empty)."""

    name: str
    id: str
    record_sets: int
    comment: str = ""


@dataclass(frozen=True)
class Account:
    """What ``ListHostedZones`` listed: the public zones sorted by name then id, the number of
    private zones left out, the pages it took, and ``unusable``: one line per public zone left
    out because its name cannot be a Cloudflare zone (``Z0... 'x..y.org.': <reason>``)."""

    zones: tuple[HostedZone, ...]
    private: int
    pages: int
    unusable: tuple[str, ...] = ()

    def duplicates(self) -> dict[str, list[HostedZone]]:
        """Names held by several public zones (one is delegated to, the others are orphans)."""
        by_name: dict[str, list[HostedZone]] = {}
        for zone in self.zones:
            by_name.setdefault(zone.name, []).append(zone)
        return {name: zones for name, zones in by_name.items() if len(zones) > 1}


def public_zones(route53: Any, page_size: int = MAX_PAGE) -> Account:
    """Every hosted zone of the account behind the ``route53`` client, in pages of ``page_size``
    (1..100).

    Raises :class:`~migration.errors.AwsError` for missing credentials, an unreachable endpoint,
    an AWS error (its code and message) or a listing that is not whole (:func:`.aws.pages`)."""
    zones, private, pages = [], 0, 0
    unusable: list[str] = []
    for page in aws.pages(route53, "list_hosted_zones", {"MaxItems": str(page_size)}, (("NextMarker", "Marker"),)):
        pages += 1
        for hz in page["HostedZones"]:
            if hz.get("Config", {}).get("PrivateZone"):
                private += 1
                continue
            zone_id = hz["Id"].rsplit("/", 1)[-1]
            try:
                name = zone_name(hz["Name"])
            except ValueError as exc:
                # Route53 holds names no DNS zone can have (moto and the API accept ".."); the
                # reason follows "is not a zone name: " in zone_name's message.
                reason = str(exc).split(" is not a zone name: ", 1)[-1]
                unusable.append(f"{zone_id} {printable(repr(hz['Name']))}: {reason}")
                continue
            zones.append(
                HostedZone(
                    name=name.to_text(),
                    id=zone_id,
                    record_sets=int(hz.get("ResourceRecordSetCount", 0)),
                    comment=hz.get("Config", {}).get("Comment") or "",
                )
            )
    return Account(tuple(sorted(zones, key=lambda z: (z.name, z.id))), private, pages, tuple(unusable))
