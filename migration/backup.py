"""The backup written before the decommission deletes the Route53 hosted zone.

Two files in ``backups/<zone>-<hosted zone id>/``: the reviewed snapshot document (JSON, the
record sets as Route53 returned them, with the hosted-zone id, zone name, name servers, comment
and tags that restore needs, also when the reviewed file is an aws-CLI export that lacks them
and the stack settings give them) and a BIND zone file (RFC 1035 section 5) written by dnspython.
Alias and routing record sets have no zone-file form: they are kept as ``;`` comments in the
zone file, with TTL and health check (the JSON holds them exactly, and ``python -m migration
restore`` recreates the zone from it: :mod:`migration.restore`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdataset
import dns.zone

from .errors import InputError
from .model import Snapshot
from .names import hosted_zone_id
from .sources import files
from .sources import snapshot as snapshot_file
from .sources.route53_json import raw_record_sets


def zone_text(snapshot: Snapshot) -> str:
    """The snapshot as zone-file text: ``$ORIGIN``, every plain record set, then aliases and
    routing record sets as comments."""
    zone = dns.zone.Zone(snapshot.zone, relativize=False)
    comments = []
    for rs in snapshot.record_sets:
        if rs.alias is not None or rs.routing is not None or not rs.rdatas:
            what = (
                f"ALIAS {rs.alias.dns_name.to_text()} (hosted zone {rs.alias.hosted_zone_id}, evaluate target "
                f"health {str(rs.alias.evaluate_target_health).lower()})"
                if rs.alias is not None
                else f"ttl {rs.ttl} " + " | ".join(rs.values_text())
            )
            routing = f" routing {rs.routing.policy} {dict(rs.routing.detail)}" if rs.routing else ""
            check = f" health check {rs.routing.health_check_id}" if rs.routing and rs.routing.health_check_id else ""
            comments.append(f"; {rs.label} {what}{routing}{check}")
            continue
        node = zone.find_node(rs.name, create=True)
        rdataset = node.find_rdataset(dns.rdataclass.IN, rs.rdatas[0].rdtype, create=True)
        for rd in rs.rdatas:
            # Snapshot rdata hold names relative to the root: make them absolute, or the zone
            # file would append its own origin to every target.
            absolute = dns.rdata.from_text(rd.rdclass, rd.rdtype, rd.to_text(origin=dns.name.root, relativize=False))
            rdataset.add(absolute, rs.ttl or 0)
    text = zone.to_text(relativize=False, want_origin=True)
    return text + "".join(c + "\n" for c in comments)


def folder_of(snapshot: Snapshot, root: Path) -> Path:
    """``root/backups/<zone>-<hosted zone id>``. Raises :class:`InputError` when the id is not a
    Route53 hosted-zone id or the folder would not lie inside ``root/backups`` (an id or a zone
    name read from a file never chooses where the backup goes)."""
    try:
        zone_id = hosted_zone_id(snapshot.hosted_zone_id)
    except ValueError as exc:
        raise InputError(snapshot.source, [f"hostedZoneId: {exc}"]) from None
    backups = (root / "backups").resolve()
    folder = (backups / f"{snapshot.zone.to_text(omit_final_dot=True)}-{zone_id}").resolve()
    if folder.parent != backups:
        raise InputError(snapshot.source, [f"the backup folder {folder} would not be inside {backups}"])
    return folder


def restorable_document(document: Any, snapshot: Snapshot) -> dict[str, Any]:
    """The snapshot document to keep in a backup: the record sets of ``document`` (the reviewed
    file as parsed: a snapshot, an aws-CLI export, its pages or change batches) unchanged, with the
    metadata of ``snapshot`` (hosted-zone id, zone, name servers, comment, tags: the file's, or
    the stack settings' where the file lacks them), so :mod:`migration.restore` needs nothing
    else. A complete snapshot document comes back equal to itself. Raises :class:`InputError`
    as :func:`migration.sources.route53_json.raw_record_sets` does. Pure."""
    meta = document if isinstance(document, dict) else {}
    return snapshot_file.snapshot_document(
        snapshot.zone,
        raw_record_sets(document, snapshot.source),
        snapshot.hosted_zone_id,
        list(snapshot.name_servers),
        snapshot.comment,
        dict(snapshot.tags),
        meta.get("readAt"),
    )


def write(snapshot: Snapshot, root: Path) -> list[Path]:
    """Write both files under ``root/backups/`` and return their paths. The record sets of the
    snapshot document are re-read from ``snapshot.source`` so the backup holds what was reviewed,
    as Route53 spelled it; the metadata restore needs is filled in (:func:`restorable_document`).

    Raises :class:`InputError` when the snapshot has no hosted-zone id (the folder is named after
    the hosted zone the backup is of) or a bad one (:func:`folder_of`), or its file is not JSON
    (a zone file).
    """
    if not snapshot.hosted_zone_id:
        raise InputError(
            snapshot.source,
            [
                "no hosted-zone id: a backup is of one Route53 hosted zone and its folder "
                "is backups/<zone>-<hosted-zone id>/; set migration:hostedZoneId or take "
                "the snapshot with 'python -m migration snapshot'"
            ],
        )
    try:
        document = json.loads(Path(snapshot.source).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(
            snapshot.source,
            [
                f"cannot be kept in the backup as snapshot.json ({exc}): take the "
                "snapshot with 'python -m migration snapshot'"
            ],
        ) from None
    kept = restorable_document(document, snapshot)
    folder = folder_of(snapshot, root)
    folder.mkdir(parents=True, exist_ok=True)
    json_path = folder / "snapshot.json"
    snapshot_file.write(kept, json_path)
    zone_path = folder / f"{snapshot.zone.to_text(omit_final_dot=True)}.zone"
    files.write_whole(zone_path, zone_text(snapshot))
    return [json_path, zone_path]
