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

from pathlib import Path
from typing import Any

from ..errors import InputError
from ..model import DATA_FIELDS, CloudflareRecord, ExistingRecord, stored_form
from . import files

# ``meta`` flags of records a Cloudflare product owns: Cloudflare refuses to change or delete them
# (read_only; Email Routing's MX, SPF and DKIM records go only when Email Routing is disabled:
# Cloudflare Email Routing docs; DNSControl issue 3850), or the product rewrites them (Apps, Argo
# Tunnel). ``auto_added`` (the scan of the old DNS) is not among them: those records are the user's.
OWNED_BY = (
    ("email_routing", "Cloudflare Email Routing"),
    ("managed_by_apps", "a Cloudflare App"),
    ("managed_by_argo_tunnel", "Cloudflare Tunnel"),
    ("read_only", "Cloudflare (read-only)"),
)


def owner(raw: dict[str, Any]) -> str | None:
    """The Cloudflare product owning an API record object, by its ``meta`` flags (the first of
    :data:`OWNED_BY` set, any other ``managed_by_*`` flag) or ``locked``; ``None`` if none."""
    meta = raw.get("meta")
    if not isinstance(meta, dict):
        meta = {}
    for flag, product in OWNED_BY:
        if meta.get(flag) is True:
            return product
    other = sorted(k for k, v in meta.items() if str(k).startswith("managed_by_") and v is True)
    if other:
        return f"Cloudflare ({other[0]})"
    return "Cloudflare (locked)" if raw.get("locked") is True else None


def _records(document: Any, source: str) -> list[Any]:
    pages = (
        document
        if isinstance(document, list) and all(isinstance(p, dict) and "result" in p for p in document)
        else [document]
    )
    found: list[Any] = []
    for page in pages:
        if isinstance(page, dict) and isinstance(page.get("result"), list):
            found.extend(page["result"])
        elif isinstance(page, list):
            found.extend(page)
        else:
            raise InputError(source, ['expected the JSON of GET /zones/{zone_id}/dns_records ({"result": [...]})'])
    return found


def from_api(raw: dict[str, Any]) -> CloudflareRecord:
    """One API record object as a :class:`CloudflareRecord`, values in Cloudflare's normal form
    (:func:`migration.model.stored_form`). Raises ``KeyError``/``TypeError`` when
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
            found.append(ExistingRecord(str(raw["id"]), from_api(raw), owner(raw)))
        except (TypeError, ValueError) as exc:
            problems.append(f"record {raw['id']} ({raw['name']} {raw['type']}): {exc}")
    if problems:
        raise InputError(source, problems)
    return tuple(found)


def read(path: Path) -> tuple[ExistingRecord, ...]:
    """Read a listing file. Raises :class:`InputError` when it is missing or malformed."""
    return from_document(
        files.parse_json(files.read_text(path), str(path), "the JSON of Cloudflare's GET /zones/{zone_id}/dns_records"),
        str(path),
    )
