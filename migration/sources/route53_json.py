"""Record sets in Route53's JSON shape (the API's and the aws CLI's), decoded into the model.

Accepted documents:

* what ``aws route53 list-resource-record-sets`` prints: ``{"ResourceRecordSets": [...]}``;
* a list of raw ``ListResourceRecordSets`` pages (each an object with ``ResourceRecordSets``);
* a snapshot written by ``python -m migration snapshot`` (the same object plus the hosted zone's
  id, name servers, comment and tags; see :mod:`migration.sources.snapshot`);
* change batches (``ChangeResourceRecordSets`` input; see :mod:`migration.sources.changebatch`).

Every problem in the document is collected and raised at once as :class:`InputError`, each naming
the record set (owner, type) and the reason. Field names follow the Route53 API reference,
``ResourceRecordSet`` data type.
"""

from __future__ import annotations

import json
import re
from typing import Any, Iterable

import dns.exception
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.CNAME
import dns.rdtypes.ANY.MX
import dns.rdtypes.ANY.NS
import dns.rdtypes.ANY.PTR
import dns.rdtypes.ANY.SPF
import dns.rdtypes.ANY.TXT
import dns.rdtypes.IN.A
import dns.rdtypes.IN.AAAA
import dns.rdtypes.IN.SRV

from ..errors import InputError
from ..model import TTL_LARGEST, AliasTarget, RecordSet, Routing, ttl_problem
from ..names import check_rdata_names, from_route53, is_under, printable
from . import changebatch, files

# Types a Route53 hosted zone can hold (Route53 developer guide, "Supported DNS record types").
ROUTE53_TYPES = (
    "A",
    "AAAA",
    "CAA",
    "CNAME",
    "DS",
    "HTTPS",
    "MX",
    "NAPTR",
    "NS",
    "PTR",
    "SOA",
    "SPF",
    "SRV",
    "SSHFP",
    "SVCB",
    "TLSA",
    "TXT",
)

# Routing fields, in the order a message lists them, and the policy each implies.
_ROUTING_FIELDS = (
    ("Weight", "weighted"),
    ("Region", "latency"),
    ("Failover", "failover"),
    ("GeoLocation", "geolocation"),
    ("GeoProximityLocation", "geoproximity"),
    ("CidrRoutingConfig", "cidr"),
    ("MultiValueAnswer", "multivalue"),
    ("TrafficPolicyInstanceId", "traffic-policy"),
)


def load_document(text: str, source: str) -> Any:
    """Parse JSON text; raise :class:`InputError` naming ``source`` and the position on failure."""
    return files.parse_json(text, source, "the JSON that 'aws route53 list-resource-record-sets' prints")


def raw_record_sets(document: Any, source: str) -> list[dict[str, Any]]:
    """The raw ``ResourceRecordSet`` objects of a document, pages concatenated in order.

    Raises :class:`InputError` when the document has none of the accepted shapes, or is both a
    listing and change batches (which one is meant cannot be told, and either would drop the other).
    """
    pages = document if isinstance(document, list) else [document]
    listing = bool(pages) and all(
        isinstance(page, dict) and isinstance(page.get("ResourceRecordSets"), list) for page in pages
    )
    if listing:
        # A listing's record sets are not searched for change batches (that walks every object of
        # 10,000 record sets to find nothing); the rest of each page is.
        rest = [{k: v for k, v in page.items() if k != "ResourceRecordSets"} for page in pages]
        if changebatch.raw_record_sets(rest, source) is not None:
            raise InputError(
                source,
                [
                    "the document holds both a 'ResourceRecordSets' listing and change batches "
                    "('Changes'); give one or the other"
                ],
            )
    else:
        batched = changebatch.raw_record_sets(document, source)
        if batched is not None:
            return batched
    found: list[dict[str, Any]] = []
    for number, page in enumerate(pages, start=1):
        where = f"page {number}" if isinstance(document, list) else "the document"
        if not isinstance(page, dict) or not isinstance(page.get("ResourceRecordSets"), list):
            raise InputError(
                source,
                [
                    f"{where} has no 'ResourceRecordSets' list; expected the JSON that "
                    "'aws route53 list-resource-record-sets' prints"
                ],
            )
        missing = _missing_after(page, number == len(pages))
        if missing:
            raise InputError(source, [f"{where} {missing}: the listing is not whole; save every page"])
        found.extend(page["ResourceRecordSets"])
    return found


def _missing_after(page: dict[str, Any], last: bool) -> str | None:
    """Why more record sets should follow ``page`` in the file, or ``None``: a page Route53 marked
    ``IsTruncated`` with no ``NextRecordName`` or as the file's last page (Route53 API reference,
    ``ListResourceRecordSets``), or a ``NextToken``, which the aws CLI prints when ``--max-items``
    stopped it (AWS CLI user guide, "Pagination")."""
    if page.get("NextToken"):
        return "has a NextToken (the aws CLI stopped at --max-items)"
    if page.get("IsTruncated") is True:
        if not page.get("NextRecordName"):
            return "is truncated (IsTruncated) but gives no NextRecordName"
        if last:
            return (
                f"is truncated (IsTruncated; the next record set is {str(page['NextRecordName'])[:80]} "
                f"{str(page.get('NextRecordType', ''))[:10]}) but no page follows it"
            )
    return None


_TYPE_TEXT = {rtype: rtype for rtype in ROUTE53_TYPES}
_ROUTING_KEYS = frozenset(key for key, _ in _ROUTING_FIELDS) | {"SetIdentifier"}


def _routing(raw: dict[str, Any]) -> Routing | None:
    if raw.keys().isdisjoint(_ROUTING_KEYS):  # nearly every record set: one set test, in C
        return None
    detail = tuple((key, raw[key]) for key, _ in _ROUTING_FIELDS if key in raw)
    policy = next((pol for key, pol in _ROUTING_FIELDS if key in raw), "unknown")
    return Routing(
        set_identifier=raw.get("SetIdentifier"),
        policy=policy,
        detail=tuple((k, json.dumps(v, sort_keys=True) if isinstance(v, (dict, list)) else v) for k, v in detail),
        health_check_id=raw.get("HealthCheckId"),
    )


# A backslash escape in a Route53 TXT value: an escaped backslash (kept as it is) or three octal digits.
_TXT_ESCAPE = re.compile(r"\\(\\|[0-7]{3})")


def txt_escapes_to_rfc1035(value: str) -> str:
    """Rewrite Route53's **octal** ``\\NNN`` escapes in a TXT or SPF value as the **decimal**
    ``\\DDD`` escapes of zone-file syntax (RFC 1035 section 5.1) that dnspython reads.

    Route53 spells bytes outside octal 040..176 of a TXT value as three-digit octal escapes
    (Route53 developer guide, "Supported DNS record types", TXT record format): ``\\303\\251`` is
    UTF-8 ``é``. ``\\\\`` and ``\\"`` mean the same in both dialects and are kept.
    """

    def decimal(match: re.Match) -> str:
        escape = match.group(1)
        return match.group(0) if escape == "\\" else f"\\{int(escape, 8):03d}"

    return _TXT_ESCAPE.sub(decimal, value) if "\\" in value else value


_ADDRESS_RDATA = {"A": dns.rdtypes.IN.A.A, "AAAA": dns.rdtypes.IN.AAAA.AAAA}
_ADDRESS_TEXT = re.compile(r"[0-9A-Fa-f:.]+")
_LEADING_ZERO = re.compile(r"(?:^|\.)0[0-9]")
_HOST_RDATA = {"CNAME": dns.rdtypes.ANY.CNAME.CNAME, "NS": dns.rdtypes.ANY.NS.NS, "PTR": dns.rdtypes.ANY.PTR.PTR}
_HOST = r"[A-Za-z0-9_*-]+(?:\.[A-Za-z0-9_*-]+)*\.?"
_HOST_TEXT = re.compile(_HOST)
# An MX or SRV value as Route53 prints it: numbers of at most 5 digits and a plain host name, one
# space apart. Such values (most of a zone's MX and SRV) take dnspython's class for the type
# directly, as A and AAAA do; anything else (a number over 65,535 included, whose message is the
# zone-file reader's) goes to the zone-file reader.
_MX_TEXT = re.compile(rf"([0-9]{{1,5}}) ({_HOST})")
_SRV_TEXT = re.compile(rf"([0-9]{{1,5}}) ([0-9]{{1,5}}) ([0-9]{{1,5}}) ({_HOST})")
# A TXT or SPF value of quoted character strings holding printable ASCII but ``"`` and ``\\``, one
# space apart: the strings are the bytes between the quotes (nothing to unescape).
_TXT_PLAIN = re.compile(r'"[ !#-\[\]-~]*"(?: "[ !#-\[\]-~]*")*')
_TXT_RDATA = {"TXT": dns.rdtypes.ANY.TXT.TXT, "SPF": dns.rdtypes.ANY.SPF.SPF}
_UINT16 = 65535


_ACE_PREFIX = re.compile("xn--", re.IGNORECASE)


def parse_rdata(rtype: str, value: str, parsed: Parsed | None = None) -> dns.rdata.Rdata:
    """:func:`_parse_rdata` (host names shared through ``parsed``, :class:`Parsed`), and every name in the value written with ``xn--`` checked to be a valid
    A-label (:func:`migration.names.check_rdata_names`; only values holding ``xn--`` pay for it).
    Raises as :func:`_parse_rdata` does, and :class:`migration.names.InternationalNameError`."""
    rdata = _parse_rdata(rtype, value, parsed)
    if _ACE_PREFIX.search(value):
        check_rdata_names(rdata)
    return rdata


def _plain_host(text: str, shared: dict[bytes, bytes] | None = None) -> dns.name.Name:
    """``dns.name.from_text(text, origin=dns.name.root)`` of a host name that :data:`_HOST_TEXT`
    matches (labels of letters, digits, ``-``, ``_`` and ``*`` between dots, a final dot or
    not): such a text has no escape, so its labels are its pieces between dots, case kept, as
    dnspython's reader makes them character by character; dnspython's ``Name`` checks their
    lengths. Labels spelled alike are taken from ``shared`` (:func:`migration.names.from_route53`)."""
    labels = (text[:-1] if text.endswith(".") else text).encode("ascii").split(b".")
    if shared is not None:
        labels = [shared.setdefault(label, label) for label in labels]
    return dns.name.Name([*labels, b""])


def _parse_rdata(rtype: str, value: str, parsed: Parsed | None = None) -> dns.rdata.Rdata:
    """Parse one Route53 value (zone-file presentation format, RFC 1035 section 5.1) with dnspython,
    after turning a TXT or SPF value's octal escapes into decimal ones (:func:`txt_escapes_to_rfc1035`).

    Names in values are fully qualified whether or not they end in a dot (Route53 treats them so).
    A plain host name (:func:`_plain_host`) is made once per read when ``parsed`` is given.
    Raises ``dns.exception.DNSException`` or ``ValueError`` with dnspython's reason.
    """
    if rtype in ("TXT", "SPF"):
        if _TXT_PLAIN.fullmatch(value):
            strings = value[1:-1].split('" "')
            if all(len(string) <= 255 for string in strings):  # else dnspython's "string too long"
                return _TXT_RDATA[rtype](
                    dns.rdataclass.IN, dns.rdatatype.RdataType.make(rtype), [string.encode() for string in strings]
                )
        value = txt_escapes_to_rfc1035(value)
    elif rtype != "CAA" and "@" in value.split():
        # dnspython's zone-file reader takes a lone @ as the origin, which here is the root: the
        # value would silently become "." where Route53 has no such shorthand.
        raise ValueError(
            "'@' is zone-file shorthand for the apex; a Route53 value names a host in full (e.g. example.com.)"
        )
    elif rtype in _ADDRESS_RDATA and _ADDRESS_TEXT.fullmatch(value):
        # A value that is one token, an address or a host name, goes to dnspython's own class for
        # the type (which checks and normalizes it as from_text does after tokenizing), at half the
        # cost: these are most of a zone's values. Anything else takes the zone-file reader.
        return _ADDRESS_RDATA[rtype](dns.rdataclass.IN, dns.rdatatype.RdataType.make(rtype), value)
    elif rtype in _HOST_RDATA and _HOST_TEXT.fullmatch(value):
        host = parsed.host(value) if parsed else _plain_host(value)
        return _HOST_RDATA[rtype](dns.rdataclass.IN, dns.rdatatype.RdataType.make(rtype), host)
    elif rtype == "MX" and (mx := _MX_TEXT.fullmatch(value)):
        preference = int(mx[1])
        if preference <= _UINT16:
            exchange = parsed.host(mx[2]) if parsed else _plain_host(mx[2])
            return dns.rdtypes.ANY.MX.MX(dns.rdataclass.IN, dns.rdatatype.MX, preference, exchange)
    elif rtype == "SRV" and (srv := _SRV_TEXT.fullmatch(value)):
        priority, weight, port = (int(number) for number in srv.group(1, 2, 3))
        if max(priority, weight, port) <= _UINT16:
            target = parsed.host(srv[4]) if parsed else _plain_host(srv[4])
            return dns.rdtypes.IN.SRV.SRV(dns.rdataclass.IN, dns.rdatatype.SRV, priority, weight, port, target)
    return dns.rdata.from_text(dns.rdataclass.IN, rtype, value, origin=dns.name.root, relativize=False)


class Parsed:
    """What one read has decoded so far, for the record sets that repeat it: a zone repeats values
    (its SPF, CAA, name servers, its mail provider's MX) and names (A, AAAA and TXT at one owner;
    the load balancer many aliases point at). dnspython's names and rdata are immutable, so each
    distinct text is decoded once and shared. ``values`` maps ``(type, value text)`` to rdata,
    ``names`` a Route53 name's text to the name, ``hosts`` a plain host name in a value
    (:func:`_plain_host`, case kept) to the name, ``labels`` every label made to itself (the
    zone's own labels are in every owner name), ``aliases`` an alias target's three fields as the
    file gives them to the :class:`~migration.model.AliasTarget`, ``zone_ids`` each hosted-zone id
    of an alias target to itself (a zone's aliases point into a few hosted zones: CloudFront's,
    a region's load balancers), ``value_lists`` the values of a record set, as the identities of
    their rdata (alive in ``values`` for the whole read), to the record set's tuple of them."""

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], dns.rdata.Rdata] = {}
        self.names: dict[str, dns.name.Name] = {}
        self.hosts: dict[str, dns.name.Name] = {}
        self.labels: dict[bytes, bytes] = {}
        self.aliases: dict[tuple[str, str, bool], AliasTarget] = {}
        self.zone_ids: dict[str, str] = {}
        self.value_lists: dict[tuple[int, ...], tuple[dns.rdata.Rdata, ...]] = {}

    def name(self, text: str) -> dns.name.Name:
        """:func:`migration.names.from_route53` of ``text``; raises as it does."""
        name = self.names.get(text)
        if name is None:
            name = self.names[text] = from_route53(text, shared=self.labels)
        return name

    def host(self, text: str) -> dns.name.Name:
        """:func:`_plain_host` of ``text``; raises as it does."""
        name = self.hosts.get(text)
        if name is None:
            name = self.hosts[text] = _plain_host(text, self.labels)
        return name

    def rdata(self, rtype: str, value: str) -> dns.rdata.Rdata:
        """:func:`parse_rdata` of ``value``; raises as it does."""
        rdata = self.values.get((rtype, value))
        if rdata is None:
            rdata = self.values[(rtype, value)] = parse_rdata(rtype, value, self)
        return rdata

    def alias(self, target: dict[str, Any]) -> AliasTarget:
        """The :class:`~migration.model.AliasTarget` of a raw ``AliasTarget`` object of the right
        shape (:func:`_alias_target_problem`); raises as :meth:`name` does for its ``DNSName``."""
        fields = (target["HostedZoneId"], target["DNSName"], target.get("EvaluateTargetHealth", False))
        alias = self.aliases.get(fields)
        if alias is None:
            zone_id = fields[0].strip()
            alias = self.aliases[fields] = AliasTarget(
                hosted_zone_id=self.zone_ids.setdefault(zone_id, zone_id),
                dns_name=self.name(fields[1]),
                evaluate_target_health=fields[2],
            )
        return alias

    def rdatas(self, rdatas: list[dns.rdata.Rdata]) -> tuple[dns.rdata.Rdata, ...]:
        """``tuple(rdatas)``, one tuple for every record set listing the same values in the same order."""
        key = tuple(map(id, rdatas))
        made = self.value_lists.get(key)
        if made is None:
            made = self.value_lists[key] = tuple(rdatas)
        return made


# The members of Route53's ResourceRecordSet (Route53 API reference, "ResourceRecordSet"; the same
# list as botocore's model of the API, which tests/test_sources_route53_json.py compares it with):
# a key outside it is a damaged file or a field whose meaning (routing, health) would be dropped.
_KEY_ORDER = (
    "Name", "Type", "SetIdentifier", "Weight", "Region", "GeoLocation", "Failover", "MultiValueAnswer", "TTL",
    "ResourceRecords", "AliasTarget", "HealthCheckId", "TrafficPolicyInstanceId", "CidrRoutingConfig",
    "GeoProximityLocation", "AZAffinity",
)  # fmt: skip
RECORD_SET_KEYS = frozenset(_KEY_ORDER)


# Route53 API reference, "AliasTarget": two strings and a boolean (EvaluateTargetHealth, which
# hand-written exports often leave out, reads as false then).
_ALIAS_KEYS = {"HostedZoneId": str, "DNSName": str, "EvaluateTargetHealth": bool}
_ALIAS_SHAPE = "an AliasTarget holds HostedZoneId and DNSName (text) and EvaluateTargetHealth (true or false)"


def _alias_target_problem(target: Any) -> str | None:
    """What is wrong with the shape of a raw ``AliasTarget`` (``None`` when nothing): a value of
    another kind would be read as something else (``"false"`` as true, ``5`` as a host name)."""
    if not isinstance(target, dict):
        return f"AliasTarget must be an object, not {json.dumps(target)[:80]}"
    if unknown := [key for key in target if key not in _ALIAS_KEYS]:
        return f"AliasTarget has unknown key(s) {', '.join(repr(k) for k in unknown)}"
    for key, kind in _ALIAS_KEYS.items():
        if key not in target:
            if key != "EvaluateTargetHealth":
                return f"AliasTarget has no {key}"
        elif not isinstance(target[key], kind):
            what = "true or false" if kind is bool else "text"
            return f"AliasTarget {key} must be {what}, not {json.dumps(target[key])[:80]}"
    return None


def record_set_from_raw(
    raw: Any, zone: dns.name.Name | None, problems: list[str], parsed: Parsed | None = None
) -> RecordSet | None:
    """Decode one raw ``ResourceRecordSet``; append problems (named) and return ``None`` if unusable.
    ``parsed`` shares what earlier record sets of the same read decoded (:class:`Parsed`)."""
    parsed = parsed or Parsed()
    if not isinstance(raw, dict):
        problems.append(f"a record set is not a JSON object: {json.dumps(raw)[:80]}")
        return None
    name_text, rtype = raw.get("Name"), raw.get("Type")
    type_given = rtype

    def as_given() -> str:
        # Made only for a problem (printable() walks the name character by character), as the file spells it.
        return f"{printable(name_text) if isinstance(name_text, str) else name_text} {type_given}"

    if not isinstance(name_text, str) or not isinstance(rtype, str):
        problems.append(f"{as_given()}: a record set needs a 'Name' and a 'Type' string")
        return None
    # One string per type for the whole read, not one per record set (2.4 MiB at 50,000).
    rtype = _TYPE_TEXT.get(rtype) or _TYPE_TEXT.get(upper := rtype.strip().upper(), upper)
    if not name_text.strip():
        problems.append(
            f"(empty name) {rtype}: the record set's 'Name' is empty; the apex is written "
            "as the zone's name (example.com.)"
        )
        return None
    try:
        name = parsed.name(name_text)
    except (ValueError, dns.exception.DNSException) as exc:
        problems.append(f"{as_given()}: invalid owner name: {exc}")
        return None

    def label() -> str:
        # Rendered only for a problem: a good record set renders its owner once, later (RecordSet.label).
        return f"{name.to_text()} {rtype}"

    if zone is not None and not is_under(name, zone):
        problems.append(f"{label()}: the name is outside the zone {zone.to_text()}")
        return None
    if rtype not in ROUTE53_TYPES:
        problems.append(f"{label()}: unknown record type {rtype!r}; Route53 hosts {', '.join(ROUTE53_TYPES)}")
        return None
    if not raw.keys() <= RECORD_SET_KEYS:
        unknown = ", ".join(repr(k) for k in raw if k not in RECORD_SET_KEYS)
        problems.append(
            f"{label()}: unknown key(s) {unknown}: a record set has only {', '.join(_KEY_ORDER)} (Route53 API "
            "reference, ResourceRecordSet): the file is damaged, or holds a field this tool would drop"
        )
        return None
    for field_name in ("SetIdentifier", "HealthCheckId"):
        if field_name in raw and not isinstance(raw[field_name], str):
            problems.append(f"{label()}: {field_name} must be a string, not {json.dumps(raw[field_name])[:80]}")
            return None
    routing = _routing(raw)
    if "AliasTarget" in raw and raw.get("ResourceRecords"):
        # Route53 never returns both; keeping either would silently drop the other.
        problems.append(f"{label()}: has both an AliasTarget and values; a record set is one or the other")
        return None
    if "AliasTarget" in raw:
        target = raw["AliasTarget"]
        if wrong := _alias_target_problem(target):
            problems.append(f"{label()}: {wrong}: {_ALIAS_SHAPE}")
            return None
        try:
            alias = parsed.alias(target)
        except (ValueError, dns.exception.DNSException) as exc:
            problems.append(f"{label()}: invalid AliasTarget DNSName {target['DNSName']!r}: {exc}")
            return None
        return RecordSet(name=name, rtype=rtype, alias=alias, routing=routing)
    ttl = raw.get("TTL")
    if ttl is not None and (not isinstance(ttl, int) or isinstance(ttl, bool) or ttl < 0):
        problems.append(f"{label()}: invalid TTL {ttl!r}; expected whole seconds")
        return None
    if ttl is not None and ttl > TTL_LARGEST and (too_large := ttl_problem(label(), ttl)):
        problems.append(too_large)
        return None
    values = raw.get("ResourceRecords", [])
    if not isinstance(values, list):
        problems.append(
            f'{label()}: \'ResourceRecords\' must be a list of {{"Value": "..."}} objects, '
            f"not {json.dumps(values)[:80]}"
        )
        return None
    if not values and not (routing and routing.policy == "traffic-policy"):
        problems.append(f"{label()}: no values and no AliasTarget")
        return None
    if values and ttl is None:
        # Route53 requires a TTL on every record set that has values (only aliases have none).
        problems.append(f"{label()}: no TTL; a record set with values needs one (whole seconds)")
        return None
    rdatas = []
    for entry in values:
        value = entry.get("Value") if isinstance(entry, dict) else None
        if not isinstance(value, str):
            problems.append(f'{label()}: a value is not of the form {{"Value": "..."}}: {json.dumps(entry)[:80]}')
            return None
        try:
            rdatas.append(parsed.rdata(rtype, value))
        except (dns.exception.DNSException, ValueError) as exc:
            if rtype == "SOA":
                # The SOA is never carried over (Cloudflare serves its own), so a value we cannot
                # parse (moto's is malformed) loses nothing.
                continue
            shown = value if len(value) <= 80 else value[:60] + f"... ({len(value)} characters)"
            why = files.plain_reason(str(exc))
            if rtype == "A" and _LEADING_ZERO.search(value):
                why = (
                    "a number of the address has a leading zero, which some software reads as octal "
                    "(RFC 6943 section 3.1.1); write it without (192.0.2.1, not 192.0.2.01)"
                )
            problems.append(f"{label()}: invalid {rtype} value {shown!r}: {why}")
            return None
    return RecordSet(name=name, rtype=rtype, ttl=ttl, rdatas=parsed.rdatas(rdatas), routing=routing)


def record_sets_from_raw(raws: Iterable[Any], zone: dns.name.Name | None, source: str) -> tuple[RecordSet, ...]:
    """Decode raw record sets; raise :class:`InputError` listing every unusable one."""
    problems: list[str] = []
    parsed = Parsed()
    decoded = [record_set_from_raw(raw, zone, problems, parsed) for raw in raws]
    if problems:
        raise InputError(source, problems)
    return tuple(r for r in decoded if r is not None)


def infer_zone(raws: list[dict[str, Any]], source: str) -> dns.name.Name:
    """The zone apex, taken from the SOA record set (every hosted zone has one at its apex).

    Raises :class:`InputError` when there is no SOA to take it from.
    """
    for raw in raws:
        if isinstance(raw, dict) and str(raw.get("Type", "")).upper() == "SOA" and isinstance(raw.get("Name"), str):
            return from_route53(raw["Name"])
    raise InputError(source, ["no SOA record set to tell the zone's apex; give the zone name (--zone)"])
