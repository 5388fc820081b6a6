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
from ..names import check_rdata_names, from_route53, is_under, printable, zone_name
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
        if not page.keys() <= _DOCUMENT_KEYS:
            raise InputError(source, [f"{where} has {_unknown_keys(page)}"])
        missing = _missing_after(page, number == len(pages))
        if missing:
            raise InputError(source, [f"{where} {missing}: the listing is not whole; save every page"])
        found.extend(page["ResourceRecordSets"])
    return found


# The members of a ListResourceRecordSets answer (Route53 API reference, "ListResourceRecordSets";
# the same list as botocore's model, which tests/test_sources_route53_json.py compares it with),
# what the aws CLI (NextToken, after --max-items) and boto3 (ResponseMetadata) add to a page, and
# the metadata a snapshot adds (migration.sources.snapshot.snapshot_document).
PAGE_KEYS = (
    "ResourceRecordSets",
    "IsTruncated",
    "NextRecordName",
    "NextRecordType",
    "NextRecordIdentifier",
    "MaxItems",
)
_CLIENT_KEYS = ("NextToken", "ResponseMetadata")
SNAPSHOT_KEYS = ("snapshotVersion", "zone", "hostedZoneId", "nameServers", "comment", "tags", "readAt")
_DOCUMENT_KEYS = frozenset(PAGE_KEYS + _CLIENT_KEYS + SNAPSHOT_KEYS)


def _unknown_keys(page: dict[str, Any]) -> str:
    """The problem of a page or snapshot with keys outside :data:`_DOCUMENT_KEYS`, naming them."""
    unknown = ", ".join(repr(str(k)[:40]) for k in page if k not in _DOCUMENT_KEYS)
    return (
        f"unknown key(s) {unknown}: a listing has only {', '.join(PAGE_KEYS)} (Route53 API reference, "
        f"ListResourceRecordSets; {' and '.join(_CLIENT_KEYS)} from the aws CLI and boto3), a snapshot also "
        f"{', '.join(SNAPSHOT_KEYS)}: the file is damaged, or holds a field this tool would drop"
    )


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


# The JSON kind of each routing field and the weight's range (Route53 API reference,
# "ResourceRecordSet"; the same as botocore's model, which tests/test_sources_route53_json.py
# compares them with): a weight of "10" or true, or a Failover of 1, is a damaged file.
ROUTING_KINDS: dict[str, type] = {
    "Weight": int,
    "Region": str,
    "Failover": str,
    "GeoLocation": dict,
    "GeoProximityLocation": dict,
    "CidrRoutingConfig": dict,
    "MultiValueAnswer": bool,
    "TrafficPolicyInstanceId": str,
}
WEIGHT_RANGE = (0, 255)
_KIND_WORDS = {int: "a whole number", str: "text", dict: "an object", bool: "true or false"}


def _routing_problem(raw: dict[str, Any]) -> str | None:
    """What is wrong with the kind of a routing field of ``raw`` (the first one), or ``None``."""
    for key, kind in ROUTING_KINDS.items():
        if key not in raw:
            continue
        value = raw[key]
        low, high = WEIGHT_RANGE
        if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
            if key == "Weight":
                return f"Weight must be a whole number from {low} to {high}, not {json.dumps(value)[:80]}"
            return f"{key} must be {_KIND_WORDS[kind]}, not {json.dumps(value)[:80]}"
        if key == "Weight" and not low <= raw[key] <= high:
            return f"Weight must be a whole number from {low} to {high}, not {value}"
    return None


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


# The class and the types as dnspython's constructors take them, made once (not once per value).
_IN = dns.rdataclass.IN
_RDATA_TYPE = {rtype: dns.rdatatype.RdataType.make(rtype) for rtype in ROUTE53_TYPES}


def _address_value(rtype: str, value: str, parsed: Parsed | None) -> dns.rdata.Rdata | None:
    # A value that is one token of an address's characters goes to dnspython's own class for the
    # type (which checks and normalizes it as from_text does after tokenizing), at half the cost:
    # these are most of a zone's values. Anything else takes the zone-file reader.
    return _ADDRESS_RDATA[rtype](_IN, _RDATA_TYPE[rtype], value) if _ADDRESS_TEXT.fullmatch(value) else None


def _host_value(rtype: str, value: str, parsed: Parsed | None) -> dns.rdata.Rdata | None:
    if not _HOST_TEXT.fullmatch(value):
        return None
    return _HOST_RDATA[rtype](_IN, _RDATA_TYPE[rtype], parsed.host(value) if parsed else _plain_host(value))


def _mx_value(rtype: str, value: str, parsed: Parsed | None) -> dns.rdata.Rdata | None:
    mx = _MX_TEXT.fullmatch(value)
    if mx is None or (preference := int(mx[1])) > _UINT16:
        return None
    return dns.rdtypes.ANY.MX.MX(
        _IN, dns.rdatatype.MX, preference, parsed.host(mx[2]) if parsed else _plain_host(mx[2])
    )


def _srv_value(rtype: str, value: str, parsed: Parsed | None) -> dns.rdata.Rdata | None:
    srv = _SRV_TEXT.fullmatch(value)
    if srv is None:
        return None
    priority, weight, port = int(srv[1]), int(srv[2]), int(srv[3])
    if priority > _UINT16 or weight > _UINT16 or port > _UINT16:
        return None
    target = parsed.host(srv[4]) if parsed else _plain_host(srv[4])
    return dns.rdtypes.IN.SRV.SRV(_IN, dns.rdatatype.SRV, priority, weight, port, target)


def _txt_value(rtype: str, value: str, parsed: Parsed | None) -> dns.rdata.Rdata | None:
    if not _TXT_PLAIN.fullmatch(value):
        return None
    strings = value[1:-1].split('" "')
    if any(len(string) > 255 for string in strings):  # dnspython's reader says "string too long"
        return None
    return _TXT_RDATA[rtype](_IN, _RDATA_TYPE[rtype], [string.encode() for string in strings])


# Values in their plain forms (:func:`_parse_rdata`), by type: each function returns ``None`` for a
# value not in that form, which the zone-file reader then reads.
_PLAIN_VALUE = {
    "A": _address_value,
    "AAAA": _address_value,
    "CNAME": _host_value,
    "NS": _host_value,
    "PTR": _host_value,
    "MX": _mx_value,
    "SRV": _srv_value,
    "TXT": _txt_value,
    "SPF": _txt_value,
}


def _parse_rdata(rtype: str, value: str, parsed: Parsed | None = None) -> dns.rdata.Rdata:
    """Parse one Route53 value (zone-file presentation format, RFC 1035 section 5.1) with dnspython,
    after turning a TXT or SPF value's octal escapes into decimal ones (:func:`txt_escapes_to_rfc1035`).

    Names in values are fully qualified whether or not they end in a dot (Route53 treats them so).
    A value in its type's plain form (an address; a plain host name, :func:`_plain_host`, alone or
    after MX's or SRV's numbers of at most 5 digits, one space apart; TXT strings of printable
    ASCII but ``"`` and ``\\``) takes dnspython's class for the type directly, without the
    zone-file reader's tokenizer; a plain host name is made once per read when ``parsed`` is given.
    Raises ``dns.exception.DNSException`` or ``ValueError`` with dnspython's reason.
    """
    plain = _PLAIN_VALUE.get(rtype)
    if plain is not None and (rdata := plain(rtype, value, parsed)) is not None:
        return rdata
    if rtype in _TXT_RDATA:
        value = txt_escapes_to_rfc1035(value)
    elif rtype != "CAA" and "@" in value and "@" in value.split():
        # dnspython's zone-file reader takes a lone @ as the origin, which here is the root: the
        # value would silently become "." where Route53 has no such shorthand.
        raise ValueError(
            "'@' is zone-file shorthand for the apex; a Route53 value names a host in full (e.g. example.com.)"
        )
    return dns.rdata.from_text(dns.rdataclass.IN, rtype, value, origin=dns.name.root, relativize=False)


# An owner name below the zone as Route53 writes it (:meth:`Parsed.owner`): lower-case labels of
# letters, digits, ``-``, ``_`` and ``*`` between dots, nothing to unescape.
_PLAIN_RELATIVE = re.compile(r"[a-z0-9_*-]+(?:\.[a-z0-9_*-]+)*")
# Route53's spelling of a wildcard's ``*`` label (its octal escape; Route53 developer guide, "DNS
# domain name format").
_WILDCARD = "\\052."
# A label of a zone :meth:`Parsed.owner` tells names under by their spelling: as
# :data:`_PLAIN_RELATIVE` spells one, no ``*``.
_ZONE_LABEL = re.compile(rb"[a-z0-9_-]+")


class Parsed:
    """What one read has decoded so far, for the record sets that repeat it: a zone repeats values
    (its SPF, CAA, name servers, its mail provider's MX) and names (A, AAAA and TXT at one owner;
    the load balancer many aliases point at). dnspython's names and rdata are immutable, so each
    distinct text is decoded once and shared. ``values`` maps a type to its values' texts to their
    rdata, ``names`` a Route53 name's text to the name, ``owners`` the same for the owner names
    :meth:`owner` made (under ``zone``), ``hosts`` a plain host name in a value
    (:func:`_plain_host`, case kept) to the name, ``labels`` every label made to itself (the
    zone's own labels are in every owner name), ``aliases`` an alias target's three fields as the
    file gives them to the :class:`~migration.model.AliasTarget`, ``zone_ids`` each hosted-zone id
    of an alias target to itself (a zone's aliases point into a few hosted zones: CloudFront's,
    a region's load balancers), ``value_lists`` the values of a record set, as the identities of
    their rdata (alive in ``values`` for the whole read), to the record set's tuple of them.

    ``zone`` is the zone the read's owner names must be under (``None``: any)."""

    def __init__(self, zone: dns.name.Name | None = None) -> None:
        self.values: dict[str, dict[str, dns.rdata.Rdata]] = {rtype: {} for rtype in ROUTE53_TYPES}
        self.names: dict[str, dns.name.Name] = {}
        self.owners: dict[str, dns.name.Name] = {}
        self.hosts: dict[str, dns.name.Name] = {}
        self.labels: dict[bytes, bytes] = {}
        self.aliases: dict[tuple[str, str, bool], AliasTarget] = {}
        self.zone_ids: dict[str, str] = {}
        self.value_lists: dict[tuple[int, ...], tuple[dns.rdata.Rdata, ...]] = {}
        # The zone's labels and the text an owner name under it ends with, when the zone is spelled
        # as :data:`_PLAIN_RELATIVE` spells a name (else :meth:`owner` leaves every name to :meth:`name`).
        self.zone = zone
        self.apex: tuple[bytes, ...] = (b"",)
        self.apex_text: str | None = None  # None: no owner name is told by its spelling
        self.apex_suffix = "."
        if zone is None:
            self.apex_text = "."  # the root, which only the text "." spells (and :meth:`name` reads)
        elif zone.labels[-1:] == (b"",) and len(zone.labels) > 1:
            text = b".".join(zone.labels[:-1]).decode("ascii", "replace")
            # Label by label: a zone's label holding a dot (a\.b.example.) would be spelled as two.
            if "xn--" not in text and all(_ZONE_LABEL.fullmatch(label) for label in zone.labels[:-1]):
                self.apex = tuple([self.labels.setdefault(label, label) for label in zone.labels])
                self.apex_text = text + "."
                self.apex_suffix = "." + self.apex_text

    def name(self, text: str) -> dns.name.Name:
        """:func:`migration.names.from_route53` of ``text``; raises as it does."""
        name = self.names.get(text) or self.owners.get(text)
        if name is None:
            name = self.names[text] = from_route53(text, shared=self.labels)
        return name

    def owner(self, text: Any) -> dns.name.Name | None:
        """:meth:`name` of ``text`` when it is a name under :attr:`zone` spelled as Route53 spells
        one (:data:`_PLAIN_RELATIVE`, the wildcard's ``\\052`` first or not), else ``None``
        (also for a name dnspython refuses): the checks :meth:`name` and
        :func:`migration.names.is_under` make are then told by the spelling. Nearly every owner
        name of a Route53 zone is so spelled."""
        if text.__class__ is not str:
            return None
        name = self.owners.get(text)
        if name is not None or (apex := self.apex_text) is None:
            return name
        wildcard = text.startswith(_WILDCARD)
        relative = text[5:] if wildcard else text
        shared = self.labels
        if relative == apex:
            if wildcard and apex == ".":
                return None  # "\052.." is no name (an empty label); the root's wildcard is "\052."
            labels = []
        else:
            # Under the zone (after a dot), or any name when there is no zone (after the final dot).
            if not relative.endswith(self.apex_suffix):
                return None
            relative = relative[: -len(self.apex_suffix)]
            if not _PLAIN_RELATIVE.fullmatch(relative) or "xn--" in relative:
                return None  # escapes, upper case, A-labels to check, an empty label, ...
            labels = [shared.setdefault(label, label) for label in relative.encode().split(b".")]
        if wildcard:
            labels.insert(0, shared.setdefault(b"*", b"*"))
        try:
            name = dns.name.Name([*labels, *self.apex])
        except dns.exception.DNSException:
            return None  # a label or the name too long: :meth:`name` says so
        self.owners[text] = name
        return name

    def host(self, text: str) -> dns.name.Name:
        """:func:`_plain_host` of ``text``; raises as it does."""
        name = self.hosts.get(text)
        if name is None:
            # A host name spelled as an owner name is (the target of a CNAME, say): the same name.
            if text.islower() and (owner := self.owners.get(text) or self.names.get(text)) is not None:
                name = self.hosts[text] = owner
            else:
                name = self.hosts[text] = _plain_host(text, self.labels)
        return name

    def rdata(self, rtype: str, value: str) -> dns.rdata.Rdata:
        """:func:`parse_rdata` of ``value``; raises as it does."""
        values = self.values[rtype]
        rdata = values.get(value)
        if rdata is None:
            rdata = values[value] = parse_rdata(rtype, value, self)
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
    parsed = parsed or Parsed(zone)
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
    if routing is not None and (wrong := _routing_problem(raw)):
        problems.append(f"{label()}: {wrong} (Route53 API reference, ResourceRecordSet)")
        return None
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


# The keys of a record set with values and of an alias, routing neither (nearly every record set),
# and of an alias target with and without EvaluateTargetHealth (:func:`_plain_record_set`).
_VALUES_SHAPE = frozenset(("Name", "Type", "TTL", "ResourceRecords"))
_ALIAS_SHAPE_KEYS = frozenset(("Name", "Type", "AliasTarget"))
_TARGET_KEYS = frozenset(_ALIAS_KEYS)
_TARGET_KEYS_SHORT = frozenset(("HostedZoneId", "DNSName"))


def _plain_record_set(raw: Any, parsed: Parsed) -> RecordSet | None:
    """:func:`record_set_from_raw` of a raw record set of the common shapes, else ``None``: a
    record set with values or an alias, no routing, a type as Route53 spells it, an owner name
    :meth:`Parsed.owner` tells by its spelling, a TTL in range, values that parse, a well-formed
    alias target. It decides nothing :func:`record_set_from_raw` would not: anything else (every
    problem included) returns ``None`` for that function to decode and to word the problem;
    where both decode a record set, they make the same (a property test compares them). Why: the
    general function's checks cost a fifth of a read, for record sets that nearly all pass them."""
    if raw.__class__ is not dict:
        return None
    keys = raw.keys()
    if keys == _VALUES_SHAPE:
        rtype = raw["Type"]
        ttl = raw["TTL"]
        values = raw["ResourceRecords"]
        if (
            rtype.__class__ is not str
            or (rtype := _TYPE_TEXT.get(rtype)) is None
            or ttl.__class__ is not int
            or not 0 <= ttl <= TTL_LARGEST
            or values.__class__ is not list
            or not values
            or (name := parsed.owner(raw["Name"])) is None
        ):
            return None
        known = parsed.values[rtype]
        rdatas = []
        for entry in values:
            value = entry.get("Value") if entry.__class__ is dict else None
            if value.__class__ is not str:
                return None
            rdata = known.get(value)
            if rdata is None:
                try:
                    rdata = parsed.rdata(rtype, value)
                except (dns.exception.DNSException, ValueError):
                    return None
            rdatas.append(rdata)
        return RecordSet(name, rtype, ttl, parsed.rdatas(rdatas))
    if keys == _ALIAS_SHAPE_KEYS:
        rtype, target = raw["Type"], raw["AliasTarget"]
        if rtype.__class__ is not str or (rtype := _TYPE_TEXT.get(rtype)) is None or target.__class__ is not dict:
            return None
        fields = target.keys()
        if fields == _TARGET_KEYS:
            health = target["EvaluateTargetHealth"]
            if health is not True and health is not False:
                return None
        elif fields != _TARGET_KEYS_SHORT:
            return None
        if (
            target["HostedZoneId"].__class__ is not str
            or target["DNSName"].__class__ is not str
            or (name := parsed.owner(raw["Name"])) is None
        ):
            return None
        try:
            alias = parsed.alias(target)
        except (ValueError, dns.exception.DNSException):
            return None
        return RecordSet(name, rtype, None, (), alias)
    return None


def record_sets_from_raw(raws: Iterable[Any], zone: dns.name.Name | None, source: str) -> tuple[RecordSet, ...]:
    """Decode raw record sets; raise :class:`InputError` listing every unusable one."""
    problems: list[str] = []
    parsed = Parsed(zone)
    decoded = [_plain_record_set(raw, parsed) or record_set_from_raw(raw, zone, problems, parsed) for raw in raws]
    if problems:
        raise InputError(source, problems)
    return tuple(r for r in decoded if r is not None)


def infer_zone(raws: list[dict[str, Any]], source: str) -> dns.name.Name:
    """The zone apex, taken from the SOA record set (every hosted zone has one at its apex).

    Raises :class:`InputError` when there is no SOA to take it from, or its name cannot be a
    zone's (:func:`migration.names.zone_name`: characters Cloudflare cannot store, an empty label).
    """
    for raw in raws:
        if isinstance(raw, dict) and str(raw.get("Type", "")).upper() == "SOA" and isinstance(raw.get("Name"), str):
            try:
                return zone_name(raw["Name"])
            except ValueError as exc:
                raise InputError(source, [f"the SOA record set tells the zone: {exc}"]) from None
    raise InputError(source, ["no SOA record set to tell the zone's apex; give the zone name (--zone)"])
