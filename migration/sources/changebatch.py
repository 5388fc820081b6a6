"""Record sets from Route53 change batches (``ChangeResourceRecordSets`` input), as a source.

Accepted shapes: ``{"Changes": [...]}``, ``{"ChangeBatch": {"Changes": [...]}}``, the full
request ``{"HostedZoneId": ..., "ChangeBatch": ...}``, and documents that hold several requests
(such as botocore's ``examples-1.json``, where they sit under ``examples.ChangeResourceRecordSets[].input``).
Batches are applied in order with Route53's meaning of each action (Route53 API reference,
``Change``): ``CREATE`` and ``UPSERT`` add a record set (``UPSERT`` replacing one with the same name,
type and set identifier), ``DELETE`` removes one. A ``DELETE`` must repeat the record set
exactly (TTL, values, alias target, routing), or Route53 refuses the whole batch
(``InvalidChangeBatch``: "Tried to delete resource record set ... but the values provided do not
match the current values"); here it is an error naming the change, never a silent removal. A
``CREATE`` of a record set that already exists is kept as given: the translation refuses the
duplicates by name, so the plan accounts for every record set in the file.
"""

from __future__ import annotations

import json
from typing import Any

from ..errors import InputError

ACTIONS = ("CREATE", "UPSERT", "DELETE")


# The members of the request's shapes (Route53 API reference, "ChangeResourceRecordSets",
# "ChangeBatch", "Change"; the same lists as botocore's model, which tests/test_sources_changebatch.py
# compares them with). A key outside them is a damaged file or a field this reader would drop.
REQUEST_KEYS = ("HostedZoneId", "ChangeBatch")
BATCH_KEYS = ("Comment", "Changes")
CHANGE_KEYS = ("Action", "ResourceRecordSet")


def _unknown(holder: dict[str, Any], known: tuple[str, ...], what: str) -> str | None:
    """The problem of ``holder`` (a ``what``) having keys outside ``known``, naming them; else ``None``."""
    unknown = [repr(str(key)[:40]) for key in holder if key not in known]
    if not unknown:
        return None
    return (
        f"unknown key(s) {', '.join(unknown)}: {what} has only {' and '.join(known)} (Route53 API reference, "
        f"ChangeResourceRecordSets): the file is damaged, or holds a field this tool would drop"
    )


def _batches(document: Any, problems: list[str]) -> list[list[Any]]:
    """Every ``Changes`` list in the document, in document order. A ``Changes`` that is not a
    list, and keys a change batch or a request does not have, are appended to ``problems``."""
    if isinstance(document, dict):
        if "Changes" in document:
            changes = document["Changes"]
            if not isinstance(changes, list):
                problems.append(
                    f"'Changes' must be a list of changes "
                    f'([{{"Action": "CREATE", "ResourceRecordSet": {{...}}}}, ...]), not {json.dumps(changes)[:80]}'
                )
                return []
            if wrong := _unknown(document, BATCH_KEYS, "a change batch"):
                problems.append(wrong)
            return [changes]
        if isinstance(document.get("ChangeBatch"), dict) and (wrong := _unknown(document, REQUEST_KEYS, "a request")):
            problems.append(wrong)
        return [b for value in document.values() for b in _batches(value, problems)]
    if isinstance(document, list):
        return [b for value in document for b in _batches(value, problems)]
    return []


def _key(raw: dict[str, Any]) -> tuple[str, str, str | None]:
    # A SetIdentifier that is not a string is reported when the record set is decoded; here it
    # only has to tell record sets apart.
    set_id = raw.get("SetIdentifier")
    return (
        str(raw.get("Name", "")).strip().rstrip(".").lower(),
        str(raw.get("Type", "")).upper(),
        set_id if set_id is None or isinstance(set_id, str) else repr(set_id),
    )


# What a DELETE must repeat besides the name, type and set identifier (Route53 API reference,
# ``ResourceRecordSet``): the routing fields and the health check.
_ROUTING_KEYS = (
    "Weight",
    "Region",
    "Failover",
    "GeoLocation",
    "GeoProximityLocation",
    "CidrRoutingConfig",
    "MultiValueAnswer",
    "TrafficPolicyInstanceId",
    "HealthCheckId",
)


def _text(value: Any) -> str:
    return json.dumps(value, sort_keys=True, default=str)


def _content(raw: dict[str, Any]) -> dict[str, str]:
    """What of a record set a DELETE must repeat, each aspect as comparable text: the TTL, the
    values (in any order), the alias target (names compared without case or final dot), routing."""
    values = raw.get("ResourceRecords")
    if isinstance(values, list):
        values = sorted(str(v.get("Value")) if isinstance(v, dict) else _text(v) for v in values)
    alias = raw.get("AliasTarget")
    if isinstance(alias, dict):
        alias = {
            "HostedZoneId": str(alias.get("HostedZoneId", "")).strip(),
            "DNSName": str(alias.get("DNSName", "")).strip().rstrip(".").lower(),
            "EvaluateTargetHealth": bool(alias.get("EvaluateTargetHealth", False)),
        }
    aspects = {"TTL": raw.get("TTL"), "values": values or None, "AliasTarget": alias}
    aspects.update((key, raw.get(key)) for key in _ROUTING_KEYS)
    return {aspect: _text(value) for aspect, value in aspects.items() if value is not None}


def _mismatch(deleted: dict[str, str], live: dict[str, str]) -> str:
    """How a DELETE's content differs from the record set's: ``TTL 60, not 300; values [...], not [...]``."""

    def shown(content: dict[str, str], aspect: str) -> str:
        text = content.get(aspect, "none")
        return text if len(text) <= 80 else text[:77] + "..."

    return "; ".join(
        f"{aspect} {shown(deleted, aspect)}, not {shown(live, aspect)}"
        for aspect in dict.fromkeys([*live, *deleted])
        if deleted.get(aspect) != live.get(aspect)
    )


def raw_record_sets(document: Any, source: str) -> list[dict[str, Any]] | None:
    """The raw record sets the change batches in ``document`` leave, or ``None`` when the document
    holds no change batch. Raises :class:`InputError` listing malformed changes, deletes of
    record sets the batches never created, and deletes whose content differs from the record
    set's (each named by batch and change number). Each change is one dictionary look-up, so the
    time is linear in the number of changes."""
    problems: list[str] = []
    batches = _batches(document, problems)
    if problems:
        raise InputError(source, problems)
    if not batches:
        return None
    # Record sets in order of creation; a deleted one leaves None. ``where`` holds, per identity,
    # the positions of its live record sets (a repeated CREATE is kept, so there may be several):
    # every change is then one dictionary look-up, not a scan of what came before.
    found: list[dict[str, Any] | None] = []
    where: dict[tuple[str, str, Any], list[int]] = {}
    contents: dict[int, dict[str, str]] = {}  # position: _content of the record set there, once asked

    def content_at(position: int) -> dict[str, str]:
        if position not in contents:
            contents[position] = _content(found[position])  # type: ignore[arg-type]
        return contents[position]

    for number, changes in enumerate(batches, start=1):
        for index, change in enumerate(changes, start=1):
            raw = change.get("ResourceRecordSet") if isinstance(change, dict) else None
            action = change.get("Action") if isinstance(change, dict) else None
            named = f"batch {number}, change {index}"
            if action not in ACTIONS or not isinstance(raw, dict):
                problems.append(
                    f"{named}: a change needs an Action ({', '.join(ACTIONS)}) and a "
                    f"ResourceRecordSet: {str(change)[:80]}"
                )
                continue
            if wrong := _unknown(change, CHANGE_KEYS, "a change"):
                problems.append(f"{named}: {wrong}")
                continue
            same = where.setdefault(_key(raw), [])
            if action == "DELETE":
                label = f"{named}: DELETE {str(raw.get('Name'))[:80]} {str(raw.get('Type'))[:20]}"
                if not same:
                    problems.append(f"{label}: no such record set was created before")
                    continue
                # The latest record set of this identity that the DELETE repeats exactly.
                content = _content(raw)
                match = next((i for i in reversed(range(len(same))) if content_at(same[i]) == content), None)
                if match is None:
                    problems.append(
                        f"{label}: does not match the record set it would delete "
                        f"({_mismatch(content, content_at(same[-1]))}); "
                        "Route53 refuses such a batch (InvalidChangeBatch)"
                    )
                else:
                    found[same.pop(match)] = None
            elif action == "UPSERT" and same:
                found[same[-1]] = raw
                contents.pop(same[-1], None)
            else:
                same.append(len(found))
                found.append(raw)
    if problems:
        raise InputError(source, problems)
    return [raw for raw in found if raw is not None]
