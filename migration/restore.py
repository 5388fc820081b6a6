"""Restore a deleted Route53 hosted zone from a backup (``python -m migration restore``).

The backup's ``snapshot.json`` (:mod:`migration.backup`) holds every record set exactly as
Route53 returned it. Restoring creates a new public hosted zone of the snapshot's name (Route53
gives it new name servers: the delegation must then point at them) and creates every record set
in it as it was: values, TTLs, routing fields (``SetIdentifier``, ``Weight``, ``Failover``, ...,
``HealthCheckId``: a health check the decommission deleted must be recreated first, under the
same id it cannot be, so such record sets fail and are named), octal-escaped names. The apex SOA
and NS are the new zone's own. An alias to a record set of the old zone (its ``HostedZoneId`` is
the old zone's id) is re-pointed to the new zone's id, and created after its target
(``ChangeResourceRecordSets`` refuses an alias whose target does not exist yet).

Route53 quotas per ``ChangeResourceRecordSets`` request (Route53 developer guide, "Quotas"): at
most 1,000 ``ResourceRecord`` elements and 32,000 characters in all ``Value`` elements; the
batches stay within both. Record sets a traffic policy owns (``TrafficPolicyInstanceId``) cannot
be created by a change and are left out, and named.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import botocore.session
import botocore.validate
import dns.name

from .errors import AwsError, InputError
from .names import from_route53
from .names import hosted_zone_id as checked_zone_id
from .sources import aws, files, route53_api
from .sources import snapshot as snapshot_file
from .sources.route53_json import load_document, raw_record_sets

MAX_RECORDS = 1000
MAX_VALUE_CHARS = 32000


def _key(name: str) -> Any:
    return from_route53(name)


def waves(raws: list[dict[str, Any]], zone_text: str, old_id: str, new_id: str) -> list[list[dict[str, Any]]]:
    """The record sets to create, as ``ResourceRecordSet`` objects for ``ChangeResourceRecordSets``,
    in waves: plain record sets and aliases to other zones first, then each alias after the record
    sets of the zone it points at. Apex SOA and NS and traffic-policy record sets are left out; an
    alias whose ``HostedZoneId`` is ``old_id`` gets ``new_id``. Pure."""
    zone = _key(zone_text)
    wanted = []
    for raw in raws:
        if _key(raw["Name"]) == zone and raw["Type"] in ("SOA", "NS"):
            continue
        if raw.get("TrafficPolicyInstanceId"):
            continue
        rs = dict(raw)
        alias = rs.get("AliasTarget")
        if alias and str(alias.get("HostedZoneId", "")).rsplit("/", 1)[-1] == old_id:
            rs["AliasTarget"] = {**alias, "HostedZoneId": new_id}
        wanted.append(rs)
    depth: dict[int, int] = {}
    by_name: dict[Any, list[int]] = {}
    for i, rs in enumerate(wanted):
        by_name.setdefault(_key(rs["Name"]), []).append(i)

    def level(i: int, seen: frozenset = frozenset()) -> int:
        if i in depth:
            return depth[i]
        alias = wanted[i].get("AliasTarget")
        if not alias or alias.get("HostedZoneId") != new_id or i in seen:
            depth[i] = 0
            return 0
        targets = by_name.get(_key(alias["DNSName"]), [])
        depth[i] = 1 + max((level(t, seen | {i}) for t in targets if t != i), default=0)
        return depth[i]

    out: list[list[dict[str, Any]]] = []
    for i, rs in enumerate(wanted):
        wave = level(i)
        while len(out) <= wave:
            out.append([])
        out[wave].append(rs)
    return [w for w in out if w]


def batches(wave: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """``wave`` split into requests within Route53's quotas (:data:`MAX_RECORDS` resource
    records, :data:`MAX_VALUE_CHARS` characters of values). Pure."""
    out: list[list[dict[str, Any]]] = [[]]
    records = chars = 0
    for rs in wave:
        values = [str(r.get("Value", "")) for r in rs.get("ResourceRecords", [])]
        size, length = max(len(values), 1), sum(len(v) for v in values)
        if out[-1] and (records + size > MAX_RECORDS or chars + length > MAX_VALUE_CHARS):
            out.append([])
            records = chars = 0
        out[-1].append(rs)
        records, chars = records + size, chars + length
    return [b for b in out if b]


def _record_set_shape() -> Any:
    """botocore's model of Route53's ``ResourceRecordSet`` (the API's own definition, shipped with
    botocore: no AWS call)."""
    model = botocore.session.get_session().get_service_model("route53")
    change_batch = model.operation_model("ChangeResourceRecordSets").input_shape.members["ChangeBatch"]
    return change_batch.members["Changes"].member.members["ResourceRecordSet"]


def api_problems(raws: list[dict[str, Any]]) -> list[str]:
    """What ``ChangeResourceRecordSets`` would refuse in each record set of ``raws`` (unknown
    keys, values of the wrong type or out of range, missing fields), by botocore's parameter
    validation against the Route53 API model, one line per problem naming the record set. Checked
    before any AWS call so a bad backup creates nothing. Pure (no AWS call)."""
    shape, validator = _record_set_shape(), botocore.validate.ParamValidator()
    problems = []
    for raw in raws:
        report = validator.validate(raw, shape)
        if report.has_errors():
            label = f"{raw.get('Name')} {raw.get('Type')}" + (
                f" [{raw['SetIdentifier']}]" if raw.get("SetIdentifier") else ""
            )
            for line in report.generate_report().splitlines():
                problems.append(f"{label}: {line.replace(' in input:', ':')} (Route53 would refuse it)")
    return problems


def _given_id_problem(document: Any, given: str | None) -> str | None:
    """Restore's own words for ``--hosted-zone-id`` disagreeing with the backup's ``hostedZoneId``
    (both valid ids); ``None`` otherwise (an invalid id is the snapshot reader's to name)."""
    in_file = document.get("hostedZoneId") if isinstance(document, dict) else None
    if not given or not isinstance(in_file, str) or not in_file:
        return None
    try:
        file_id, given_id = checked_zone_id(in_file), checked_zone_id(given)
    except ValueError:
        return None
    if file_id == given_id:
        return None
    return (
        f"the backup is of hosted zone {file_id}, but --hosted-zone-id is {given_id}: leave out "
        "--hosted-zone-id (this backup names its zone), or restore from the backup folder of "
        f"{given_id}; nothing was changed"
    )


_FOLDER = (
    "give a backup folder, backups/<zone>-<hosted zone id>, that holds the snapshot.json "
    "'python -m migration backup' wrote"
)


def _folder_problem(folder: Path, path: Path) -> str | None:
    """Why ``folder`` is no backup folder (before reading ``path``, its snapshot.json), or ``None``."""
    if not folder.exists():
        return "no such folder"
    if not folder.is_dir():
        return "a file, not a folder"
    return None if path.exists() else "no snapshot.json in it"


def read_backup(folder: Path, hosted_zone_id: str | None = None) -> tuple[dict[str, Any], Any]:
    """The backup's snapshot document and its :class:`~migration.model.Snapshot` (checked as the
    plan checks it). ``hosted_zone_id`` (``--hosted-zone-id``) is the deleted zone's id for a
    backup that lacks it (written before backups kept it); one that disagrees with the backup's
    is an error. Every record set is also checked against the Route53 API (:func:`api_problems`).
    Raises :class:`InputError` naming the file (and the record set)."""
    path = folder / "snapshot.json"
    if wrong := _folder_problem(folder, path):
        raise InputError(f"--backup {folder}", [f"{wrong}: {_FOLDER}"])
    document = load_document(files.read_text(path), str(path))
    mismatch = _given_id_problem(document, hosted_zone_id)
    if mismatch:
        raise InputError(str(path), [mismatch])
    if not document.get("zone") and not any(
        isinstance(raw, dict) and raw.get("Type") == "SOA" for raw in raw_record_sets(document, str(path))
    ):
        # The readers would advise --zone, which restore does not have: a backup names its zone.
        raise InputError(
            str(path),
            [
                "neither a 'zone' nor an apex SOA record set names the zone to restore: the backup is damaged, "
                "or not one 'python -m migration backup' wrote; nothing was changed"
            ],
        )
    snap = snapshot_file.from_document(document, str(path), hosted_zone_id=hosted_zone_id)
    refused = api_problems(raw_record_sets(document, str(path)))
    if refused:
        raise InputError(str(path), refused)
    if not snap.hosted_zone_id:
        # The folder is named backups/<zone>-<hosted zone id>: suggest its id, never use it
        # unasked (a folder can be renamed or copied).
        named = folder.resolve().name.rsplit("-", 1)[-1]
        try:
            hint = f" (the folder name says {checked_zone_id(named)})"
        except ValueError:
            hint = ""
        raise InputError(
            str(path),
            [
                "no hostedZoneId (a backup written by an older version): the alias targets of the "
                "deleted zone cannot be told apart from other zones'; give the deleted hosted zone's "
                f"id with --hosted-zone-id{hint}"
            ],
        )
    return document, snap


def existing_public_zones(route53: Any, zone: dns.name.Name) -> str:
    """The public hosted zones named ``zone`` as ``ID (N record sets)``, joined by ``; `` (empty
    when there is none; private zones of the name are never counted: they answer other
    resolvers). Route53 accepts several public zones of one name (CreateHostedZone with a new
    ``CallerReference``; only one is delegated, the others are orphans), so restore run twice
    would leave one behind."""
    return "; ".join(
        f"{hz['Id'].rsplit('/', 1)[-1]} ({hz.get('ResourceRecordSetCount', '?')} record sets)"
        for hz in route53_api.hosted_zones_named(route53, zone)
        if not hz.get("Config", {}).get("PrivateZone")
    )


def restore(
    folder: Path,
    profile: str | None = None,
    endpoint_url: str | None = None,
    now: dt.datetime | None = None,
    hosted_zone_id: str | None = None,
    another_zone: bool = False,
) -> tuple[str, list[str], int, list[str]]:
    """Recreate the hosted zone of the backup in ``folder``; returns the new zone's id, its name
    servers, the number of record sets created and the labels of those left out (traffic
    policy). Raises :class:`InputError` for a bad backup and :class:`AwsError` when the old
    zone still exists, when another public hosted zone of the name exists (a restore run before:
    :func:`existing_public_zones`) unless ``another_zone``, or when Route53 refuses a change
    (naming the record sets of the batch). ``hosted_zone_id``: as :func:`read_backup`."""
    document, snap = read_backup(folder, hosted_zone_id)
    route53 = route53_api.client(profile=profile, endpoint_url=endpoint_url)
    old_id = snap.hosted_zone_id
    # aws.call words every failure (no credentials, no connection, refusals) as the readers do.
    if aws.call(route53, "get_hosted_zone", {"Id": old_id}, tolerated=("NoSuchHostedZone",)) is not None:
        raise AwsError(
            f"hosted zone {old_id} ({snap.zone.to_text()}) still exists: restore recreates a deleted zone; "
            "nothing was changed"
        )
    if not another_zone:
        existing = existing_public_zones(route53, snap.zone)
        if existing:
            raise AwsError(
                f"Route53 already has a public hosted zone named {snap.zone.to_text()}: {existing}; restored "
                "before? Another restore makes one more zone of that name, with name servers no parent delegates "
                "to: point the delegation at that zone, or delete it and run restore again; give --another-zone "
                "to make one more all the same. Nothing was changed"
            )
    stamp = (now or dt.datetime.now(dt.timezone.utc)).strftime("%Y%m%dT%H%M%SZ")
    raws = raw_record_sets(document, str(folder / "snapshot.json"))
    left_out = [f"{r['Name']} {r['Type']} [{r.get('SetIdentifier')}]" for r in raws if r.get("TrafficPolicyInstanceId")]
    try:
        created = aws.call(
            route53,
            "create_hosted_zone",
            {
                "Name": snap.zone.to_text(),
                "CallerReference": f"restore-{old_id}-{stamp}",
                "HostedZoneConfig": {"Comment": snap.comment or "", "PrivateZone": False},
            },
        )
    except AwsError as exc:
        raise AwsError(f"{exc}; nothing was changed") from None
    new_id = created["HostedZone"]["Id"].rsplit("/", 1)[-1]
    to_create = [
        batch
        for wave in waves(raws, document.get("zone") or snap.zone.to_text(), old_id, new_id)
        for batch in batches(wave)
    ]
    total, count, tagged = sum(len(b) for b in to_create), 0, not snap.tags
    try:
        if snap.tags:
            aws.call(
                route53,
                "change_tags_for_resource",
                {
                    "ResourceType": "hostedzone",
                    "ResourceId": new_id,
                    "AddTags": [{"Key": k, "Value": v} for k, v in snap.tags],
                },
            )
            tagged = True
        for batch in to_create:
            aws.call(
                route53,
                "change_resource_record_sets",
                {
                    "HostedZoneId": new_id,
                    "ChangeBatch": {
                        "Comment": f"restored from the backup of {old_id}",
                        "Changes": [{"Action": "CREATE", "ResourceRecordSet": rs} for rs in batch],
                    },
                },
            )
            count += len(batch)
    except AwsError as exc:
        # The new zone exists: say which, and what it holds, so nothing is left unnamed.
        missing = [rs for b in to_create for rs in b][count:]
        names = ", ".join(f"{rs['Name']} {rs['Type']}" for rs in missing[:5]) + (
            f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        )
        tags = "" if tagged else " and none of its tags"
        raise AwsError(
            f"{exc}: the new hosted zone {new_id} ({snap.zone.to_text()}) was created and holds {count} of the "
            f"{total} record sets of the backup{tags}; not restored: {names}. Create those in zone {new_id}, "
            "or delete that zone and run restore again"
        ) from None
    servers = created.get("DelegationSet", {}).get("NameServers", [])
    return new_id, list(servers), count, left_out
