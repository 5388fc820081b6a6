"""Record sets from Route53 change batches (``ChangeResourceRecordSets`` input), as a source.

Accepted shapes: ``{"Changes": [...]}``, ``{"ChangeBatch": {"Changes": [...]}}``, the full
request ``{"HostedZoneId": ..., "ChangeBatch": ...}``, and documents that hold several requests
(such as botocore's ``examples-1.json``, where they sit under ``examples.ChangeResourceRecordSets[].input``).
Batches are applied in order with Route53's meaning of each action (Route53 API reference,
``Change``): ``CREATE`` and ``UPSERT`` add a record set (``UPSERT`` replacing one with the same name,
type and set identifier), ``DELETE`` removes one. A ``CREATE`` of a record set that already
exists is kept as given: the translation refuses the duplicates by name, so the plan accounts for
every record set in the file.
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError

ACTIONS = ("CREATE", "UPSERT", "DELETE")


def _batches(document: Any) -> list[list[Any]]:
    """Every ``Changes`` list in the document, in document order."""
    if isinstance(document, dict):
        if isinstance(document.get("Changes"), list):
            return [document["Changes"]]
        return [b for value in document.values() for b in _batches(value)]
    if isinstance(document, list):
        return [b for value in document for b in _batches(value)]
    return []


def _key(raw: dict[str, Any]) -> tuple[str, str, str | None]:
    # A SetIdentifier that is not a string is reported when the record set is decoded; here it
    # only has to tell record sets apart.
    set_id = raw.get("SetIdentifier")
    return (str(raw.get("Name", "")).strip().rstrip(".").lower(), str(raw.get("Type", "")).upper(),
            set_id if set_id is None or isinstance(set_id, str) else repr(set_id))


def raw_record_sets(document: Any, source: str) -> list[dict[str, Any]] | None:
    """The raw record sets the change batches in ``document`` leave, or ``None`` when the document
    holds no change batch. Raises :class:`InputError` listing malformed changes and deletes of
    record sets the batches never created."""
    batches = _batches(document)
    if not batches:
        return None
    # Record sets in order of creation; a deleted one leaves None. ``where`` holds, per identity,
    # the positions of its live record sets (a repeated CREATE is kept, so there may be several):
    # every change is then one dictionary look-up, not a scan of what came before.
    found: list[dict[str, Any] | None] = []
    where: dict[tuple[str, str, Any], list[int]] = {}
    problems: list[str] = []
    for number, changes in enumerate(batches, start=1):
        for change in changes:
            raw = change.get("ResourceRecordSet") if isinstance(change, dict) else None
            action = change.get("Action") if isinstance(change, dict) else None
            if action not in ACTIONS or not isinstance(raw, dict):
                problems.append(f"batch {number}: a change needs an Action ({', '.join(ACTIONS)}) and a "
                                f"ResourceRecordSet: {str(change)[:80]}")
                continue
            same = where.setdefault(_key(raw), [])
            if action == "DELETE":
                if not same:
                    problems.append(f"batch {number}: DELETE {raw.get('Name')} {raw.get('Type')}: no such record "
                                    "set was created before")
                else:
                    found[same.pop()] = None
            elif action == "UPSERT" and same:
                found[same[-1]] = raw
            else:
                same.append(len(found))
                found.append(raw)
    if problems:
        raise InputError(source, problems)
    return [raw for raw in found if raw is not None]
