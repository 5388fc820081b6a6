"""The snapshot file: what was read from Route53, committed and reviewed, read by the program.

Format (JSON, keys in this order; documented in ``docs/plan-json.md``)::

    {"snapshotVersion": 1, "zone": "example.com.", "hostedZoneId": "Z...",
     "nameServers": ["ns-1.awsdns-1.org.", ...], "comment": "...", "tags": {"k": "v"},
     "readAt": "2026-11-30T00:00:00Z", "ResourceRecordSets": [ ...as Route53 returned them... ]}

Record sets are kept exactly as Route53 returned them (octal escapes and all), so a review diff
shows AWS's own text and the file is also what ``aws route53 list-resource-record-sets`` prints.
A plain aws-CLI export is accepted as a snapshot with the metadata missing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Hashable

import dns.exception
import dns.name
import dns.rdata
import dns.rdtypes.ANY.CAA
import dns.rdtypes.ANY.CNAME
import dns.rdtypes.ANY.MX
import dns.rdtypes.ANY.NS
import dns.rdtypes.ANY.PTR
import dns.rdtypes.ANY.SPF
import dns.rdtypes.ANY.TXT
import dns.rdtypes.IN.A
import dns.rdtypes.IN.AAAA
import dns.rdtypes.IN.SRV

from .. import names
from ..errors import InputError
from ..model import Finding, RecordSet, Snapshot, repeat_problems
from ..names import hosted_zone_id as checked_zone_id
from ..names import zone_name
from . import bind, files
from .route53_json import infer_zone, load_document, raw_record_sets, record_sets_from_raw

SNAPSHOT_VERSION = 1


def snapshot_document(
    zone: dns.name.Name,
    raw_sets: list[dict[str, Any]],
    hosted_zone_id: str | None,
    name_servers: list[str],
    comment: str | None,
    tags: dict[str, str],
    read_at: str | None,
) -> dict[str, Any]:
    """The JSON object :func:`write` stores."""
    return {
        "snapshotVersion": SNAPSHOT_VERSION,
        "zone": zone.to_text(),
        "hostedZoneId": hosted_zone_id,
        "nameServers": name_servers,
        "comment": comment,
        "tags": tags,
        "readAt": read_at,
        "ResourceRecordSets": raw_sets,
    }


def write(document: dict[str, Any], path: Path) -> None:
    """Write a snapshot document as indented JSON (stable, diff-friendly), whole or not at all
    (:func:`files.write_whole`: a full disk or Ctrl-C leaves neither half a snapshot nor a
    temporary file). Raises :class:`InputError` naming the file when it cannot be written (no
    such folder, no permission)."""
    files.write_whole(path, json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _metadata(meta: dict[str, Any]) -> list[str]:
    """What is wrong with a snapshot's metadata fields (the ``snapshotVersion``, ``zone``,
    ``hostedZoneId``, ``nameServers``, ``comment``, ``tags`` and ``readAt`` of :func:`snapshot_document`).
    An aws-CLI export has none of them: absent or ``null`` is never wrong."""
    problems = []
    version = meta.get("snapshotVersion")
    if version is not None and (version != SNAPSHOT_VERSION or isinstance(version, bool)):
        problems.append(
            f"snapshotVersion {json.dumps(version)} is not one this tool reads ({SNAPSHOT_VERSION}): "
            "take the snapshot again with this version of 'python -m migration snapshot'"
        )
    if meta.get("zone") is not None:
        try:
            zone_name(meta["zone"])
        except ValueError as exc:
            problems.append(f"zone: {exc}")
    for key in ("hostedZoneId", "comment", "readAt"):
        if meta.get(key) is not None and not isinstance(meta[key], str):
            problems.append(f"{key} must be a string, not {json.dumps(meta[key])}")
    if isinstance(meta.get("hostedZoneId"), str) and meta["hostedZoneId"]:
        try:
            checked_zone_id(meta["hostedZoneId"])
        except ValueError as exc:
            problems.append(f"hostedZoneId: {exc}")
    servers = meta.get("nameServers")
    if servers is not None and (not isinstance(servers, list) or not all(isinstance(n, str) and n for n in servers)):
        problems.append(f"nameServers must be a list of host names, not {json.dumps(servers)}")
    tags = meta.get("tags")
    if tags is not None and (not isinstance(tags, dict) or not all(isinstance(v, str) for v in tags.values())):
        problems.append(f"tags must be an object of string values, not {json.dumps(tags)}")
    return problems


def _zone_id(in_file: str | None, given: str | None, source: str) -> str | None:
    """The hosted-zone id, bare: the file's, or the one given (``migration:hostedZoneId``,
    ``--hosted-zone-id``) for an export that lacks it. Both given and different is an error: the
    plan would adopt, check and delete a zone other than the one reviewed."""
    try:
        given_id = checked_zone_id(given) if given else None
    except ValueError as exc:
        raise InputError(
            source, [f"the hosted-zone id given (migration:hostedZoneId or --hosted-zone-id): {exc}"]
        ) from None
    file_id = checked_zone_id(in_file) if in_file else None
    if file_id and given_id and file_id != given_id:
        raise InputError(
            source,
            [
                f"the file is a snapshot of hosted zone {file_id}, but the hosted-zone id given "
                f"(migration:hostedZoneId or --hosted-zone-id) is {given_id}: remove the setting, "
                "or take the snapshot of that zone"
            ],
        )
    return file_id or given_id


# The fields that make a value of these dnspython classes, all of which its canonical wire form
# (RFC 4034 section 6.2: what dnspython compares and hashes rdata by) writes one after the other,
# host names in lower case: two values are equal as DNS data exactly when these fields are, names
# compared by their case-folded labels. A and AAAA hold their address in dnspython's canonical text.
_VALUE_FIELDS: dict[type, tuple[str, ...]] = {
    dns.rdtypes.IN.A.A: ("address",),
    dns.rdtypes.IN.AAAA.AAAA: ("address",),
    dns.rdtypes.ANY.CNAME.CNAME: ("target",),
    dns.rdtypes.ANY.NS.NS: ("target",),
    dns.rdtypes.ANY.PTR.PTR: ("target",),
    dns.rdtypes.ANY.MX.MX: ("preference", "exchange"),
    dns.rdtypes.IN.SRV.SRV: ("priority", "weight", "port", "target"),
    dns.rdtypes.ANY.TXT.TXT: ("strings",),
    dns.rdtypes.ANY.SPF.SPF: ("strings",),
    dns.rdtypes.ANY.CAA.CAA: ("flags", "tag", "value"),
}


def value_key(rdata: dns.rdata.Rdata) -> Hashable:
    """A key equal for two values exactly when they are equal as DNS data
    (dnspython's ``==``, which compares canonical wire forms). Why: dnspython hashes a value by
    writing its wire form, names label by label in Python (most of the check below, at 10,000
    record sets); the fields of the common types, names as :func:`migration.names.key`, say the
    same for a fraction of that. Other types are their own key (dnspython's hash)."""
    fields = _VALUE_FIELDS.get(type(rdata))
    if fields is None:
        return rdata
    return (
        rdata.rdtype,
        *[
            names.key(value) if isinstance(value, dns.name.Name) else value
            for value in map(rdata.__getattribute__, fields)
        ],
    )


def repeated_values(record_sets: tuple[RecordSet, ...]) -> tuple[Finding, ...]:
    """A warning ``route53-value-repeated`` for each record set that lists one value more than
    once (values compared as DNS data: a host name in other case is the same). Route53 refuses
    such a record set ("InvalidChangeBatch: Duplicate Resource Record", kubernetes-sigs/external-dns
    issue 1929), so the file was edited or damaged; the plan copies the value once."""
    found = []
    for rs in record_sets:
        rdatas = rs.rdatas
        if len(rdatas) < 2 or len({value_key(rd) for rd in rdatas}) == len(rdatas):
            continue  # the common case: told by one set of cheap keys, no counting
        if len(set(rdatas)) == len(rdatas):
            continue  # keys alike, values not (none of value_key's types: kept as a guard)
        counts: dict[Any, int] = {}
        for rd in rs.rdatas:
            counts[rd] = counts.get(rd, 0) + 1
        repeated = ", ".join(f"{rd.to_text()} ({n} times)" for rd, n in counts.items() if n > 1)
        found.append(
            Finding(
                "warning",
                "route53-value-repeated",
                rs.label,
                f"the record set lists {repeated}: Route53 refuses a record set that repeats a value "
                "(InvalidChangeBatch: Duplicate Resource Record), so the file was edited or damaged; "
                "Cloudflare gets each value once",
            )
        )
    return tuple(found)


def from_document(document: Any, source: str, zone: str | None = None, hosted_zone_id: str | None = None) -> Snapshot:
    """Build a :class:`Snapshot` from a snapshot, an aws-CLI export or a list of API pages.

    ``zone`` (text) is required when the document names none and has no SOA; ``hosted_zone_id``
    fills in an export that lacks it. A zone given that disagrees with the file's is an error.
    Raises :class:`InputError` listing every problem (a bad metadata field is named). A record set
    repeating a value is a warning in ``findings`` (:func:`repeated_values`).
    """
    raws = raw_record_sets(document, source)
    meta = document if isinstance(document, dict) else {}
    problems = _metadata(meta)
    if zone is not None:
        try:
            zone_name(zone)
        except ValueError as exc:
            problems.append(f"the zone given: {exc}")
    if problems:
        raise InputError(source, problems)
    file_zone = meta.get("zone")
    if zone is not None:
        apex = zone_name(zone)
        if file_zone and zone_name(file_zone) != apex:
            raise InputError(source, [f"the file is a snapshot of {file_zone}, not of {apex.to_text()}"])
    elif file_zone:
        apex = zone_name(file_zone)
    else:
        apex = infer_zone(raws, source)
    try:
        record_sets = record_sets_from_raw(raws, apex, source)
    except InputError as exc:
        raise _another_zone(raws, apex, source) or exc from None
    if not record_sets:
        raise InputError(source, ["the zone has no record sets"])
    repeated = repeat_problems(record_sets)
    if repeated:
        raise InputError(source, repeated)
    zone_id = _zone_id(meta.get("hostedZoneId"), hosted_zone_id, source)
    return Snapshot(
        zone=apex,
        record_sets=record_sets,
        hosted_zone_id=zone_id,
        name_servers=tuple(meta.get("nameServers") or ()),
        comment=meta.get("comment"),
        tags=tuple(sorted((meta.get("tags") or {}).items())),
        source=source,
        findings=repeated_values(record_sets),
    )


def _another_zone(raws: list[Any], apex: dns.name.Name, source: str) -> InputError | None:
    """One error for a file none of whose record sets is in the zone ``apex`` (a file of another
    zone, or the wrong zone named), instead of one line per record set; ``None`` when some are in it."""
    names_given = [raw["Name"] for raw in raws if isinstance(raw, dict) and isinstance(raw.get("Name"), str)]
    try:
        if not names_given or any(names.is_under(names.from_route53(name), apex) for name in names_given):
            return None
        other = infer_zone(raws, source).to_text()
    except (ValueError, dns.exception.DNSException):
        return None  # a name that cannot be read: each problem is named
    except InputError:  # no SOA: the first name tells where the file's record sets are
        other = ""
    held = (
        f"it holds the zone {other} (its SOA record set)"
        if other
        else f"the first is {names.printable(names_given[0])}"
    )
    return InputError(
        source,
        [
            f"none of its {len(names_given)} record set(s) is in the zone {apex.to_text()}: {held}; name the zone the file "
            f"holds (--zone, migration:zone), or give the file of {apex.to_text()}"
        ],
    )


def read(path: Path, zone: str | None = None, hosted_zone_id: str | None = None, listed_in: str = "") -> Snapshot:
    """Read a snapshot, an aws-CLI export, a change batch, or a BIND / cli53 zone file (told by
    :func:`migration.sources.bind.looks_like_zone_file`). Raises :class:`InputError` (file
    missing, unreadable, bad; ``listed_in``, the setting or option that named the file, follows
    a missing or irregular file's reason)."""
    text = files.read_text(path, listed_in)
    return from_text(text, str(path), path.suffix, zone=zone, hosted_zone_id=hosted_zone_id)


def from_text(
    text: str, source: str, suffix: str, zone: str | None = None, hosted_zone_id: str | None = None
) -> Snapshot:
    """:func:`read` of a file's ``text`` already read (``source`` names it in messages, ``suffix``
    is its file name's). Raises :class:`InputError`."""
    if bind.looks_like_zone_file(text, suffix):
        return bind.read_text(text, source, zone=zone, hosted_zone_id=hosted_zone_id)
    return from_document(load_document(text, source), source, zone=zone, hosted_zone_id=hosted_zone_id)
