"""Records a Cloudflare zone already holds, as ``GET /zones/{zone_id}/dns_records`` lists them.

Adding a zone to Cloudflare may pre-populate it by scanning the old DNS; declaring the same record
again then fails ("record already exists", codes 81057/81058; Cloudflare API reference, "DNS
Records for a Zone"). The plan reads them first: this module turns the API listing (a file the
user saved, or the result of ``cloudflare.get_dns_records``) into :class:`ExistingRecord` values.

Accepted documents: the API response ``{"result": [...], "result_info": {...}}``, a list of pages
of it, or a bare list of record objects. Pages with ``result_info`` must make the whole listing
(every page of ``total_pages``, ``total_count`` records): the plan compares the zone's records with
it, deletes the differing ones and measures its safety threshold against it. Each record needs
``id``, ``name`` (in the zone), ``type``; value fields as the API spells them (``content``,
``data``, ``priority``, ``ttl``, ``proxied``), checked as :func:`from_document` says.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import dns.exception
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype

from ..errors import InputError
from ..model import DATA_FIELDS, CloudflareRecord, ExistingRecord, stored_form
from ..names import from_route53, is_under
from . import files
from .route53_json import parse_rdata

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


# Record types the Cloudflare API lists (Cloudflare API reference, "DNS Records for a Zone", the
# ``type`` of a DNS record).
CLOUDFLARE_TYPES = (
    "A",
    "AAAA",
    "CAA",
    "CERT",
    "CNAME",
    "DNSKEY",
    "DS",
    "HTTPS",
    "LOC",
    "MX",
    "NAPTR",
    "NS",
    "OPENPGPKEY",
    "PTR",
    "SMIMEA",
    "SRV",
    "SSHFP",
    "SVCB",
    "TLSA",
    "TXT",
    "URI",
)
# A record's ``ttl``: 1 means automatic, else 30 to 86,400 seconds (Cloudflare API reference,
# dns-records_ttl: "Value must be between 60 and 86400, with the minimum reduced to 30 for
# Enterprise zones"; error 9021 "TTL must be between 30 and 86400 seconds, or 1 for Automatic").
TTL_AUTOMATIC = 1
TTL_RANGE = (30, 86400)
# A record's ``id``: Cloudflare's identifier, at most 32 characters (32 hex digits in practice). It
# becomes part of a Pulumi import id (``<zone id>/<record id>``), so it holds no ``/`` or spaces.
_RECORD_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
# Types whose ``content`` is one value dnspython's class for the type checks as the Route53 reader
# does (:func:`migration.sources.route53_json.parse_rdata`): an address or a host name. An MX's
# content is its exchange, its preference is ``priority``.
_CHECKED_CONTENT = ("A", "AAAA", "CNAME", "NS", "PTR", "MX")
# Types whose value dnspython checks in RFC 1035 presentation form (decimal escapes: not the
# Route53 reader's octal ones), from ``data`` when the listing gives it (the API's structured form:
# Cloudflare API reference, the URI, CERT and LOC records' ``data``), else from ``content``. Each
# ``data`` field's name in presentation order, with the unit LOC writes after it.
_PARSED: dict[str, tuple[tuple[str, str], ...]] = {
    "TXT": (),
    "URI": (("priority", ""), ("weight", ""), ("target", "")),
    "CERT": (("type", ""), ("key_tag", ""), ("algorithm", ""), ("certificate", "")),
    "LOC": (
        *((f"lat_{f}", "") for f in ("degrees", "minutes", "seconds", "direction")),
        *((f"long_{f}", "") for f in ("degrees", "minutes", "seconds", "direction")),
        *((f, "m") for f in ("altitude", "size", "precision_horz", "precision_vert")),
    ),
}
# Cloudflare lists a LOC record's content with its class and type before the value (octodns-
# cloudflare's recorded listing, tests/fixtures/cloudflare-dns_records-page-3.json).
_LOC_PREFIX = re.compile(r"\s*IN\s+LOC\s+", re.IGNORECASE)
_UINT16 = 65535
_PAGE_FIELDS = ("page", "per_page", "count", "total_count", "total_pages")


def _pages(document: Any, source: str) -> list[dict[str, Any]]:
    """The pages of a listing (one response, a list of responses, or a bare list of records as one
    page without ``result_info``). Raises :class:`InputError` for another shape, a response that
    says it failed (``success: false``), and pages that do not make the whole listing."""
    if isinstance(document, list) and document and all(isinstance(p, dict) and "result" in p for p in document):
        pages = document
    elif isinstance(document, list):
        pages = [{"result": document}]
    else:
        pages = [document]
    problems: list[str] = []
    for number, page in enumerate(pages, 1):
        where = f"page {number}: " if len(pages) > 1 else ""
        # A failed response is refused whatever its result holds (Cloudflare may send "result": []
        # with success: false; read as a listing it would be an empty zone).
        if isinstance(page, dict) and page.get("success") is False:
            errors = page.get("errors")
            if not isinstance(errors, list):
                errors = []
            said = "; ".join(
                " ".join(str(e[k]) for k in ("code", "message") if e.get(k) is not None)
                if isinstance(e, dict)
                else str(e)
                for e in errors
            )
            problems.append(
                f"{where}the response says the listing failed (success: false"
                + (f"; errors: {said[:200]}" if said else "")
                + "): list the zone's records again"
            )
        elif not isinstance(page, dict) or not isinstance(page.get("result"), list):
            problems.append(
                f'{where}expected the JSON of GET /zones/{{zone_id}}/dns_records ({{"result": [...]}}, '
                f"a list of such pages, or a list of records), not {json.dumps(page)[:80]}"
            )
    if problems:
        raise InputError(source, problems)
    incomplete = _incomplete(pages)
    if incomplete:
        raise InputError(
            source,
            [
                f"{incomplete}: an incomplete listing is not the zone's records (the deletion and safety checks "
                "would miss the rest); save every page (a list of the pages' responses) or list with a larger "
                "per_page"
            ],
        )
    return pages


def _incomplete(pages: list[dict[str, Any]]) -> str | None:
    """Why ``pages`` are not the whole listing by their ``result_info`` (page, per_page, count,
    total_count, total_pages: Cloudflare API reference, List DNS Records), else ``None``. Pages
    without ``result_info`` are taken as given (a listing saved without it says nothing more)."""
    infos = [page.get("result_info") for page in pages]
    if all(info is None for info in infos):
        return None
    for number, (page, info) in enumerate(zip(pages, infos, strict=True), 1):
        if not isinstance(info, dict) or any(
            not isinstance(info.get(f), int) or isinstance(info.get(f), bool) or info[f] < 0 for f in _PAGE_FIELDS
        ):
            return (
                f"page {number}: result_info must give page, per_page, count, total_count and total_pages as whole "
                f"numbers, not {json.dumps(info)[:120]}"
            )
        if info["count"] != len(page["result"]):
            return f"page {info['page']}: result_info.count is {info['count']} but the page lists {len(page['result'])}"
    numbers = sorted(info["page"] for info in infos if isinstance(info, dict))
    total_pages = {info["total_pages"] for info in infos if isinstance(info, dict)}
    total_count = {info["total_count"] for info in infos if isinstance(info, dict)}
    if len(total_pages) > 1 or len(total_count) > 1:
        return "the pages disagree on result_info.total_pages or total_count (taken at different times?)"
    (pages_expected,), (count_expected,) = total_pages, total_count
    if numbers != list(range(1, pages_expected + 1)):
        have = ", ".join(map(str, numbers))
        return f"result_info.total_pages is {pages_expected} but the file holds page(s) {have}"
    listed = sum(len(page["result"]) for page in pages)
    if listed != count_expected:
        return f"result_info.total_count is {count_expected} but the pages list {listed} record(s)"
    return None


def _problem(raw: dict[str, Any], zone: dns.name.Name) -> str | None:
    """Why the API record object ``raw`` (its ``id``, ``name`` and ``type`` are strings) cannot be
    taken, else ``None``: a type Cloudflare does not list, a name outside ``zone``, a ``ttl`` that
    is not 1 or 30..86,400, ``proxied`` that is not a boolean, an MX ``priority`` that is not
    0..65,535, a value dnspython refuses (addresses, host names; TXT, URI, CERT and LOC values:
    :func:`_content_problem`, :func:`_data_problem`) or a missing one."""
    rtype = raw["type"].upper()
    if rtype not in CLOUDFLARE_TYPES:
        return f"unknown record type {raw['type']!r}; Cloudflare lists {', '.join(CLOUDFLARE_TYPES)}"
    try:
        name = from_route53(raw["name"])
    except (ValueError, dns.exception.DNSException) as exc:
        return f"invalid name: {exc}"
    if not is_under(name, zone):
        return f"the name is outside the zone {zone.to_text()}"
    ttl = raw.get("ttl", TTL_AUTOMATIC)
    if (
        not isinstance(ttl, int)
        or isinstance(ttl, bool)
        or not (ttl == TTL_AUTOMATIC or TTL_RANGE[0] <= ttl <= TTL_RANGE[1])
    ):
        return (
            f"invalid ttl {json.dumps(ttl)[:40]}; Cloudflare's is 1 (automatic) or whole seconds from "
            f"{TTL_RANGE[0]} to {TTL_RANGE[1]}"
        )
    if "proxied" in raw and not isinstance(raw["proxied"], bool):
        return f"invalid proxied {json.dumps(raw['proxied'])[:40]}; expected true or false"
    priority = raw.get("priority")
    if rtype == "MX" and (not isinstance(priority, int) or isinstance(priority, bool) or not 0 <= priority <= _UINT16):
        return f"invalid MX priority {json.dumps(priority)[:40]}; expected a whole number from 0 to {_UINT16}"
    content, data = raw.get("content"), raw.get("data")
    if rtype in DATA_FIELDS and isinstance(data, dict):
        missing = [f for f in DATA_FIELDS[rtype] if f not in data]
        if missing:
            return f"'data' lacks {', '.join(missing)}"
        # Every field of these types' data is a text or a 16-bit (or smaller) number (Cloudflare API
        # reference, the record types' ``data`` objects): anything else is a damaged listing.
        for field in DATA_FIELDS[rtype]:
            value = data[field]
            if isinstance(value, str) or (
                isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _UINT16
            ):
                continue
            return (
                f"invalid data.{field} {json.dumps(value)[:40]}; expected a text or a whole number from 0 to {_UINT16}"
            )
        return None
    if _PARSED.get(rtype) and isinstance(data, dict):  # TXT has no data fields: its content counts
        return _data_problem(rtype, data, priority)
    if not isinstance(content, str) or not content:
        return f"no value: 'content' must be a non-empty string, not {json.dumps(content)[:80]}"
    if rtype in _PARSED:
        return _content_problem(rtype, content, priority)
    if rtype in _CHECKED_CONTENT:
        try:
            parse_rdata(rtype, f"{priority} {content}" if rtype == "MX" else content)
        except (ValueError, dns.exception.DNSException) as exc:
            return f"invalid {rtype} content {content[:80]!r}: {exc}"
    return None


def _presentation(rtype: str, text: str) -> None:
    """Parse ``text`` as a ``rtype`` value in RFC 1035 presentation form with dnspython (names
    absolute). Raises ``dns.exception.DNSException`` or ``ValueError`` with dnspython's reason."""
    dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.from_text(rtype), text, origin=dns.name.root)


def _content_problem(rtype: str, content: str, priority: Any) -> str | None:
    """Why a TXT, URI, CERT or LOC ``content`` is no value of its type, else ``None``. A TXT
    content with no quote at all is an old record saved unquoted, which Cloudflare keeps as one
    text (quoted character strings are what its API takes now: "DNS Records for a Zone", TXT
    ``content``): taken as it is. A URI content without its priority gets the record's
    ``priority`` before it."""
    text = _LOC_PREFIX.sub("", content, count=1) if rtype == "LOC" else content
    if rtype == "TXT" and '"' not in text:
        return None
    try:
        _presentation(rtype, text)
    except (ValueError, dns.exception.DNSException) as exc:
        if rtype == "URI" and isinstance(priority, int) and not isinstance(priority, bool):
            try:
                _presentation(rtype, f"{priority} {text}")
                return None
            except (ValueError, dns.exception.DNSException):
                pass
        return f"invalid {rtype} content {content[:80]!r}: {exc}"
    return None


def _data_problem(rtype: str, data: dict[str, Any], priority: Any) -> str | None:
    """Why a URI, CERT or LOC ``data`` object is no value of its type, else ``None``: a field
    missing or not a text or number, or the value they write refused by dnspython. A URI's
    ``priority`` is the record's own when ``data`` lacks it."""
    fields = _PARSED[rtype]
    given = {"priority": priority, **data} if rtype == "URI" else data
    if rtype == "URI" and priority is None and data.get("priority") is None:
        # A URI record's priority sits beside its data (Cloudflare API reference, URI record).
        return "no priority: a URI record has its 'priority' beside 'data' (which holds weight and target)"
    missing = [name for name, _ in fields if given.get(name) is None]
    if missing:
        return f"'data' lacks {', '.join(missing)}"
    for name, _ in fields:
        value = given[name]
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            return f"invalid data.{name} {json.dumps(value)[:40]}; expected a text or a number"
    target = str(given.get("target", "")).replace("\\", "\\\\").replace('"', '\\"')
    text = " ".join(f'"{target}"' if name == "target" else f"{given[name]}{unit}" for name, unit in fields)
    try:
        _presentation(rtype, text)
    except (ValueError, dns.exception.DNSException) as exc:
        return f"invalid {rtype} data {json.dumps(data)[:80]}: {exc}"
    return None


def from_api(raw: dict[str, Any]) -> CloudflareRecord:
    """One API record object as a :class:`CloudflareRecord`, values in Cloudflare's normal form
    (:func:`migration.model.stored_form`). ``raw`` is one :func:`from_document` has checked
    (``ttl`` and ``proxied`` are taken as they are); raises ``KeyError`` when ``name`` or ``type``
    is missing."""
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
        ttl=raw.get("ttl", TTL_AUTOMATIC),
        proxied=raw.get("proxied", False),
        content=content,
        data=data,
        priority=raw.get("priority") if rtype == "MX" else None,
        source=f"Cloudflare record {raw.get('id')}",
    )


def from_document(document: Any, source: str, zone: dns.name.Name) -> tuple[ExistingRecord, ...]:
    """Every record of a listing of the Cloudflare zone for ``zone``. Raises :class:`InputError`
    naming each unusable record (its id, name and type) and why (:func:`_problem`), each ``id``
    listed twice, and a listing that is not whole (:func:`_pages`)."""
    problems: list[str] = []
    found: list[ExistingRecord] = []
    first_of: dict[str, str] = {}
    for page in _pages(document, source):
        for raw in page["result"]:
            if not isinstance(raw, dict) or not all(
                isinstance(raw.get(k), str) and raw[k] for k in ("id", "name", "type")
            ):
                problems.append(f"a record lacks an 'id', 'name' or 'type' string: {json.dumps(raw)[:80]}")
                continue
            label = f"record {raw['id']} ({raw['name']} {raw['type']})"
            if not _RECORD_ID.fullmatch(raw["id"]):
                problems.append(
                    f"{label}: invalid id; Cloudflare's record ids are at most 32 letters, digits, '-' or '_'"
                )
                continue
            if raw["id"] in first_of:
                problems.append(
                    f"{label}: the id is listed twice (also {first_of[raw['id']]}); one Cloudflare record has one id"
                )
                continue
            first_of[raw["id"]] = f"{raw['name']} {raw['type']}"
            problem = _problem(raw, zone)
            if problem:
                problems.append(f"{label}: {problem}")
                continue
            found.append(ExistingRecord(raw["id"], from_api(raw), owner(raw)))
    if problems:
        raise InputError(source, problems)
    return tuple(found)


def read(path: Path, zone: dns.name.Name, listed_in: str = "") -> tuple[ExistingRecord, ...]:
    """Read a listing file of the Cloudflare zone for ``zone``. Raises :class:`InputError` when it
    is missing or malformed (:func:`from_document`; ``listed_in``, the setting that named it,
    follows a missing or irregular file's reason and the file's name in any other problem)."""
    text = files.read_text(path, listed_in)
    try:
        return from_document(
            files.parse_json(text, str(path), "the JSON of Cloudflare's GET /zones/{zone_id}/dns_records"),
            str(path),
            zone,
        )
    except InputError as exc:
        raise files.named_by(exc, path, listed_in) from None
