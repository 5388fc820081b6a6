"""Records a Cloudflare zone already holds, as ``GET /zones/{zone_id}/dns_records`` lists them.

Adding a zone to Cloudflare may pre-populate it by scanning the old DNS; declaring the same record
again then fails ("record already exists", codes 81057/81058; Cloudflare API reference, "DNS
Records for a Zone"). The plan reads them first: this module turns the API listing (a file the
user saved, or the result of ``cloudflare.get_dns_records``) into :class:`ExistingRecord` values.

Accepted documents: the API response ``{"result": [...]}``, a list of pages of it, or a bare list
of record objects. Each record needs ``id``, ``name``, ``type``; value fields as the API spells
them (``content``, ``data``, ``priority``, ``ttl``, ``proxied``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import CloudflareRecord
from ..translate.values import DATA_FIELDS, stored_form
from . import files



@dataclass(frozen=True)
class ExistingRecord:
    """One record already in the Cloudflare zone: its API ``id`` and its value as a
    :class:`CloudflareRecord` (so it compares with planned records by identity)."""

    id: str
    record: CloudflareRecord


def _records(document: Any, source: str) -> list[Any]:
    pages = document if isinstance(document, list) and all(isinstance(p, dict) and "result" in p for p in document) \
        else [document]
    found: list[Any] = []
    for page in pages:
        if isinstance(page, dict) and isinstance(page.get("result"), list):
            found.extend(page["result"])
        elif isinstance(page, list):
            found.extend(page)
        else:
            raise InputError(source, ["expected the JSON of GET /zones/{zone_id}/dns_records ({\"result\": [...]})"])
    return found


def from_api(raw: dict[str, Any]) -> CloudflareRecord:
    """One API record object as a :class:`CloudflareRecord`, values in Cloudflare's normal form
    (:func:`migration.translate.values.stored_form`). Raises ``KeyError``/``TypeError`` when
    ``name`` or ``type`` is missing."""
    rtype = str(raw["type"]).upper()
    data = None
    content = raw.get("content")
    if rtype in DATA_FIELDS and isinstance(raw.get("data"), dict):
        data = tuple(sorted((k, raw["data"][k]) for k in DATA_FIELDS[rtype] if k in raw["data"]))
        content = None
    # Compared with planned records in Cloudflare's normal form: a host name listed in upper case
    # is the same record (RFC 4343), as Cloudflare itself would say.
    content, data = stored_form(rtype, content, data)
    return CloudflareRecord(
        name=str(raw["name"]).rstrip(".").lower(),
        type=rtype,
        ttl=int(raw.get("ttl", 1)),
        proxied=bool(raw.get("proxied", False)),
        content=content,
        data=data,
        priority=raw.get("priority") if rtype == "MX" else None,
        source=f"Cloudflare record {raw.get('id')}",
    )


def from_document(document: Any, source: str) -> tuple[ExistingRecord, ...]:
    """Every record of a listing; raises :class:`InputError` naming each unusable one."""
    problems: list[str] = []
    found: list[ExistingRecord] = []
    for raw in _records(document, source):
        if not isinstance(raw, dict) or not raw.get("id") or not raw.get("name") or not raw.get("type"):
            problems.append(f"a record lacks 'id', 'name' or 'type': {str(raw)[:80]}")
            continue
        try:
            found.append(ExistingRecord(str(raw["id"]), from_api(raw)))
        except (TypeError, ValueError) as exc:
            problems.append(f"record {raw['id']} ({raw['name']} {raw['type']}): {exc}")
    if problems:
        raise InputError(source, problems)
    return tuple(found)


def read(path: Path) -> tuple[ExistingRecord, ...]:
    """Read a listing file. Raises :class:`InputError` when it is missing or malformed."""
    return from_document(files.parse_json(files.read_text(path), str(path),
                                          "the JSON of Cloudflare's GET /zones/{zone_id}/dns_records"), str(path))
