"""Immutable data the planner passes between its stages.

Nothing here does I/O. Shapes:

* :class:`RecordSet` - one Route53 record set: owner name (``dns.name.Name``, absolute), type,
  TTL in seconds (``None`` for aliases), rdata values (``dns.rdata.Rdata``) or an
  :class:`AliasTarget`, and optional :class:`Routing`.
* :class:`Snapshot` - a hosted zone as read: zone name, hosted-zone id, name servers, comment and
  its record sets, in the order read.
* :class:`CloudflareRecord` - one record as the Cloudflare API stores it (one per value).
* :class:`Finding` - something a reviewer must see (severity, record set, reason).
* :data:`DATA_FIELDS`, :data:`HOST_FIELDS`, :func:`stored_form` - Cloudflare's value fields and
  the normal form it stores values in.
* :class:`ExistingRecord` - a record the Cloudflare zone already holds.
* :class:`Inventory` - what belongs to the hosted zone besides its record sets (other zones,
  health checks, query logging, DNSSEC, registration).
* :class:`SesIdentity`, :class:`SesData` - what Amazon SES says about the zone's identities.
* :class:`Decision` - the user's routing-policy choice for one owner name.
* :data:`PLAN_RECORD_LIMITS` - how many records a Cloudflare zone holds, by plan.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field, fields
from json.encoder import encode_basestring_ascii
from typing import Any, Callable, Iterable, Literal, get_args

import dns.name
import dns.rdata

from . import names


class _cached:
    """A method computed once per instance, then read as a plain attribute (``rs.label``).

    Why not ``functools.cached_property``: on Python 3.11 it takes a lock on every first read (the
    lock went in 3.12), which cost a tenth of a plan of 10,000 record sets; a record set's label,
    owner text and Cloudflare name are first read tens of thousands of times. Being a non-data descriptor,
    it is consulted only until the value sits in the instance's ``__dict__`` (which a frozen
    dataclass allows; equality ignores it, as it is not a field).
    """

    def __init__(self, method: Callable[[Any], Any]):
        self.method = method
        self.name = method.__name__
        self.__doc__ = method.__doc__

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = self.method(instance)
        # Not instance.__dict__[name] = value: reading __dict__ gives the object a dictionary of
        # its own (see __set_name__).
        object.__setattr__(instance, self.name, value)
        return value

    def __set_name__(self, owner: type, name: str) -> None:
        # CPython keeps an object's attributes in an array sized, when the object is made, by the
        # attribute names its class has seen (key-sharing dictionaries, PEP 412); a name first set
        # later moves the object's attributes into a dictionary of its own, 800 bytes more (15 MiB
        # of a plan of 10,000 record sets: docs/performance.md). Setting the fields and this name
        # on a throwaway object now makes room for it in every object of the class.
        primer: Any = object.__new__(owner)
        for attribute in (*owner.__dict__.get("__annotations__", {}), name):
            object.__setattr__(primer, attribute, None)


@dataclass(frozen=True, slots=True)
class AliasTarget:
    """A Route53 alias target (``AliasTarget`` in the API).

    ``dns_name`` is absolute, lower case, stripped of the stray spaces AWS examples carry.
    Slots: three fields and no attribute dictionary (the aliases of a zone are thousands).
    """

    hosted_zone_id: str
    dns_name: dns.name.Name
    evaluate_target_health: bool = False


@dataclass(frozen=True)
class Routing:
    """Routing-policy fields of a record set that shares name and type with others.

    ``policy`` is one of ``weighted``, ``latency``, ``failover``, ``geolocation``,
    ``geoproximity``, ``cidr``, ``multivalue``, ``traffic-policy``; ``detail`` holds the
    policy's own fields as ``(key, value)`` pairs, as Route53 spelled them.
    """

    set_identifier: str | None
    policy: str
    detail: tuple[tuple[str, Any], ...] = ()
    health_check_id: str | None = None


# The largest TTL, in seconds: RFC 2181 section 8 makes a TTL 32 bits whose top bit is zero
# (0 .. 2^31 - 1). The sources refuse a larger one naming the record set (:func:`ttl_problem`).
TTL_LARGEST = 2**31 - 1


def ttl_problem(label: str, ttl: int) -> str | None:
    """The problem of a record set ``label``'s TTL ``ttl`` (whole seconds) above
    :data:`TTL_LARGEST`, else ``None``."""
    if ttl <= TTL_LARGEST:
        return None
    return f"{label}: TTL {ttl} is above {TTL_LARGEST} seconds, the largest RFC 2181 (section 8) allows"


_set_field = object.__setattr__


@dataclass(frozen=True, init=False)
class RecordSet:
    """One Route53 record set (RRset): ``(name, type[, set identifier])``."""

    name: dns.name.Name
    rtype: str
    ttl: int | None = None
    rdatas: tuple[dns.rdata.Rdata, ...] = ()
    alias: AliasTarget | None = None
    routing: Routing | None = None

    def __init__(
        self,
        name: dns.name.Name,
        rtype: str,
        ttl: int | None = None,
        rdatas: tuple[dns.rdata.Rdata, ...] = (),
        alias: AliasTarget | None = None,
        routing: Routing | None = None,
    ) -> None:
        # The dataclass's own __init__ sets every field through object.__setattr__ (a frozen
        # class refuses its own); a field left at its default reads the class's value, so only the
        # fields given another are set: a third less of making one per record set of a zone.
        _set_field(self, "name", name)
        _set_field(self, "rtype", rtype)
        if ttl is not None:
            _set_field(self, "ttl", ttl)
        if rdatas:
            _set_field(self, "rdatas", rdatas)
        if alias is not None:
            _set_field(self, "alias", alias)
        if routing is not None:
            _set_field(self, "routing", routing)

    @property
    def key(self) -> tuple[dns.name.Name, str, str | None]:
        """Identity of the record set in its zone: owner, type, set identifier."""
        return (self.name, self.rtype, self.routing.set_identifier if self.routing else None)

    @_cached
    def name_key(self) -> names.Key:
        """The owner as a cheap dictionary key (:func:`migration.names.key`)."""
        return names.key(self.name)

    @_cached
    def index_key(self) -> tuple[names.Key, str, str | None]:
        """:attr:`key` with the owner as :meth:`name_key`: the same identity, cheap to hash."""
        return (self.name_key, self.rtype, self.routing.set_identifier if self.routing else None)

    @_cached
    def owner_text(self) -> str:
        """The owner in presentation format (RFC 1035 section 5.1), final dot included."""
        return names.text(self.name)

    @_cached
    def cloudflare_name(self) -> str:
        """The owner as Cloudflare's API spells it (:func:`migration.names.to_cloudflare`);
        raises ``ValueError`` as it does."""
        return names.cloudflare_text(self.owner_text)

    @_cached
    def label(self) -> str:
        """How messages name this record set: ``owner TYPE [set-id]``, owner as presentation text."""
        text = f"{self.owner_text} {self.rtype}"
        if self.routing and self.routing.set_identifier is not None:
            text += f" [{self.routing.set_identifier}]"
        return text

    def values_text(self) -> list[str]:
        """The values in zone-file presentation format (RFC 1035 section 5.1)."""
        return [r.to_text() for r in self.rdatas]


def repeat_problem(group: list[RecordSet]) -> str | None:
    """Why ``group``, the record sets of one owner name and type (two or more), cannot all be in
    one hosted zone, or ``None`` when they can (routing record sets with distinct set
    identifiers). Route53 holds one record set per name and type, or several that all route, each
    with its own ``SetIdentifier`` (Route53 API reference, ``ChangeResourceRecordSets``): a repeat
    is damaged input (overlapping pages, a merge of two reads, contradictory change batches)."""
    name, rtype = group[0].name.to_text(), group[0].rtype
    routed = [rs.routing for rs in group if rs.routing is not None]
    if not routed:
        return (
            f"{name} {rtype} appears {len(group)} times without set identifiers, which Route53 does not allow; "
            "the input is inconsistent (one record set per name and type)"
        )
    if len(routed) != len(group):
        return (
            f"{name} {rtype} mixes plain and {routed[0].policy} routing record sets, which Route53 does not "
            "allow; the input is inconsistent"
        )
    counts = Counter(routing.set_identifier for routing in routed)
    if all(n == 1 for n in counts.values()):
        return None
    sets = ", ".join(f"{i!r} {n} times" for i, n in counts.items() if n > 1)
    return (
        f"{name} {rtype} repeats set identifier {sets}, which Route53 does not allow; the input is "
        "inconsistent (one record set per name, type and set identifier)"
    )


def repeat_problems(record_sets: Iterable[RecordSet]) -> list[str]:
    """:func:`repeat_problem` of every owner name and type that ``record_sets`` give more than
    once, in order of first appearance."""
    record_sets = list(record_sets)
    if len({(rs.name_key, rs.rtype) for rs in record_sets}) == len(record_sets):
        return []  # the common case, told without building the groups
    groups: dict[tuple[names.Key, str], list[RecordSet]] = {}
    for rs in record_sets:
        groups.setdefault((rs.name_key, rs.rtype), []).append(rs)
    return [problem for group in groups.values() if len(group) > 1 and (problem := repeat_problem(group))]


@dataclass(frozen=True)
class Snapshot:
    """A public Route53 hosted zone as read at one moment.

    ``zone`` is absolute; ``hosted_zone_id`` is the bare id (``Z...``, no ``/hostedzone/``);
    ``name_servers`` are the delegation set's host names, absolute text. ``findings`` are what
    reading the source changed in silence (warnings naming record sets, e.g. a zone file's two
    TTLs for one record set); the translation reports them first.
    """

    zone: dns.name.Name
    record_sets: tuple[RecordSet, ...]
    hosted_zone_id: str | None = None
    name_servers: tuple[str, ...] = ()
    comment: str | None = None
    tags: tuple[tuple[str, str], ...] = ()
    source: str = ""
    findings: tuple[Finding, ...] = ()


# json.dumps(value, sort_keys=True, separators=(",", ":")), without making an encoder per record.
_VALUE_KEY_JSON = json.JSONEncoder(sort_keys=True, separators=(",", ":"))


class FilledIn:
    """The base of the writable twin of a frozen, slotted dataclass made field by field
    (:meth:`CloudflareRecord.__new__` says why; also :class:`Outcome`,
    :class:`migration.resources.PlannedResource`): the twin lists the dataclass's fields as its
    slots, in order. Pickling and copying make the object again from the fields its ``__new__``
    takes (those not ``init=False``): the class called with no arguments is no object."""

    __slots__ = ()

    def __reduce__(self) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return self.__class__, tuple(getattr(self, f.name) for f in fields(self) if f.init)  # type: ignore[arg-type]


class _WritableRecord(FilledIn):
    """The slots of a :class:`CloudflareRecord`, writable: each record is filled in as one of
    these, then made a CloudflareRecord (:meth:`CloudflareRecord.__new__` says why)."""

    __slots__ = (
        "name",
        "type",
        "ttl",
        "proxied",
        "content",
        "data",
        "priority",
        "comment",
        "source",
        "former_names",
        "value_key",
        "identity",
        "value_name",
        "logical_name",
    )


@dataclass(frozen=True, slots=True, init=False)
class CloudflareRecord(_WritableRecord):
    """One Cloudflare DNS record, in the shape the API returns it (``/zones/{id}/dns_records``).

    ``name`` is the FQDN without the final dot (Cloudflare's convention); ``ttl`` is seconds, or
    1 for automatic; ``content`` holds the value for simple types, ``data`` the structured value
    (CAA, SRV, ...) as sorted ``(field, value)`` pairs; ``priority`` is set for MX (and URI).
    ``source`` is the label of the record set it came from. ``former_names`` are logical names
    earlier versions gave this same record (its value as Route53 spelled it, before
    :func:`stored_form` lowered its host name): declared as Pulumi
    aliases, so a stack that holds the record under such a name sees a rename, not a replacement.

    :attr:`value_key`, :attr:`identity`, :attr:`value_name` and :attr:`logical_name` are derived
    from those fields when the record is made (every plan reads all four of every record it
    declares); they are not compared, hashed or shown. Slots, no attribute dictionary: a plan
    holds one record per value (docs/performance.md).
    """

    name: str
    type: str
    ttl: int
    proxied: bool = False
    content: str | None = None
    data: tuple[tuple[str, Any], ...] | None = None
    priority: int | None = None
    comment: str | None = None
    source: str = ""
    former_names: tuple[str, ...] = ()
    value_key: str = field(init=False, repr=False, compare=False)
    """A canonical text of the value alone (content, data, priority), stable across runs: the
    JSON of ``{"content", "data", "priority"}``, keys sorted, no spaces. Logical names derive
    from it, so it must never change."""
    identity: tuple[str, str, str] = field(init=False, repr=False, compare=False)
    """What makes this record unique in a Cloudflare zone: name (lower case), type, value
    (:attr:`value_key`)."""
    value_name: str = field(init=False, repr=False, compare=False)
    """``<type>-<name>-<digest>``: the name derived from the identity (sha256 of name, type and
    :attr:`value_key`), never from a list position, so inserting a record does not rename (and
    so replace) the others. Pinned by a test: it must never change."""
    logical_name: str = field(init=False, repr=False, compare=False)
    """The Pulumi logical name: :attr:`value_name`, except for a CNAME, which is alone at its
    name (RFC 1034 section 3.6.2), so ``cname-<name>``: a new target is then an update of the
    same resource, never a second CNAME created beside the old one (Cloudflare error 81053;
    docs/route53-features.md, "What happens when the zone changes again")."""

    def __new__(
        cls,
        name: str,
        type: str,
        ttl: int,
        proxied: bool = False,
        content: str | None = None,
        data: tuple[tuple[str, Any], ...] | None = None,
        priority: int | None = None,
        comment: str | None = None,
        source: str = "",
        former_names: tuple[str, ...] = (),
    ) -> CloudflareRecord:
        # A frozen dataclass's __init__ sets each attribute through object.__setattr__ (its own
        # __setattr__ refuses), two thirds of the cost of making a record, once per value of the
        # zone. So a record is filled in as a _WritableRecord, whose slots are the same, with
        # plain stores, and then made this class: CPython allows assigning __class__ between two
        # classes of one layout, and this one adds no slot. No __init__: object's takes the
        # arguments __new__ took.
        self: Any = object.__new__(_WritableRecord)
        self.name = name
        self.type = type
        self.ttl = ttl
        self.proxied = proxied
        self.content = content
        self.data = data
        self.priority = priority
        self.comment = comment
        self.source = source
        self.former_names = former_names
        if data is None and (priority is None or priority.__class__ is int):
            # Most records: the same text as the JSON encoder below, without it walking a dict (a string
            # alone takes its C fast path; None is null, an integer its digits). A priority of
            # another type (a pre-existing record listed with "1" or 1.0) keeps json's spelling of
            # it. json.dumps of a string is this C function's result (ensure_ascii, the default).
            value_key = (
                f'{{"content":{"null" if content is None else encode_basestring_ascii(content)},'
                f'"data":null,"priority":{"null" if priority is None else priority}}}'
            )
        else:
            value_key = _VALUE_KEY_JSON.encode(
                {"content": content, "data": dict(data) if data else None, "priority": priority}
            )
        # A name in lower case already (nearly every one) is kept, not copied for each record.
        lower = name if name.islower() else name.lower()
        identity = (lower, type, value_key)
        digest = hashlib.sha256("\0".join(identity).encode()).hexdigest()[:10]
        value_name = f"{type.lower()}-{lower}-{digest}"
        self.value_key = value_key
        self.identity = identity
        self.value_name = value_name
        self.logical_name = cname_slot(name) if type == "CNAME" else value_name
        self.__class__ = cls
        return self

    @property
    def aliases(self) -> tuple[str, ...]:
        """Former logical names of this record (Pulumi aliases): :attr:`former_names`, and for a
        CNAME the :attr:`value_name` earlier versions gave it."""
        if self.type == "CNAME":
            return (self.value_name, *self.former_names)
        return self.former_names


def cname_slot(name: str) -> str:
    """The logical name of the CNAME at Cloudflare name ``name`` (FQDN, no final dot): one per
    name, whatever its target."""
    return f"cname-{name.lower()}"


@dataclass(frozen=True)
class ExistingRecord:
    """One record already in the Cloudflare zone: its API ``id`` and its value as a
    :class:`CloudflareRecord` (so it compares with planned records by identity); ``owned_by``
    names the Cloudflare product that owns it (:data:`migration.sources.cloudflare_existing.OWNED_BY`, from the API's ``meta`` and
    ``locked``), ``None`` for a record of the user's."""

    id: str
    record: CloudflareRecord
    owned_by: str | None = None


Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = get_args(Severity)

# What became of a record set (:class:`Outcome`).
Status = Literal["translated", "skipped", "refused"]
STATUSES: tuple[Status, ...] = get_args(Status)


@dataclass(frozen=True)
class Finding:
    """Something the plan tells a reviewer. ``severity`` is one of :data:`SEVERITIES`;
    ``subject`` names the record set or resource; ``code`` is a stable machine-readable tag."""

    severity: Severity
    code: str
    subject: str
    message: str


class _WritableOutcome(FilledIn):
    """The slots of an :class:`Outcome`, writable (as :class:`_WritableRecord`)."""

    __slots__ = ("record_set", "status", "reason", "records", "merged_into")


@dataclass(frozen=True, slots=True, init=False)
class Outcome(_WritableOutcome):
    """What became of one record set: ``status`` is one of :data:`STATUSES` (``translated``,
    ``skipped`` or ``refused``).

    ``records`` are the Cloudflare records it produced (empty unless translated; a record set
    merged into another, like the AAAA half of an alias pair, is ``translated`` with
    ``merged_into`` naming the other)."""

    record_set: RecordSet
    status: Status
    reason: str = ""
    records: tuple[CloudflareRecord, ...] = ()
    merged_into: str | None = None

    def __new__(
        cls,
        record_set: RecordSet,
        status: Status,
        reason: str = "",
        records: tuple[CloudflareRecord, ...] = (),
        merged_into: str | None = None,
    ) -> Outcome:
        # One per record set: made as a CloudflareRecord is (CloudflareRecord.__new__ says why).
        self: Any = object.__new__(_WritableOutcome)
        self.record_set = record_set
        self.status = status
        self.reason = reason
        self.records = records
        self.merged_into = merged_into
        self.__class__ = cls
        return self


@dataclass(frozen=True)
class Translation:
    """The result of translating a whole snapshot: one outcome per record set, the records
    to declare (deduplicated, in a stable order), and the findings."""

    outcomes: tuple[Outcome, ...]
    records: tuple[CloudflareRecord, ...]
    findings: tuple[Finding, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class Rewrite:
    """A policy's decision about one record set, made before translation (like an octoDNS
    processor on the desired zone) and applied once, by :func:`migration.translate.translate`,
    where it makes that record set's outcome.

    ``replacement`` is the record set translated in the original's place (same owner; its type,
    TTL and values may differ), or ``None`` when nothing is published (the outcome is
    ``skipped``). ``reason`` is the outcome's reason. Every rule of translation (proxy, TTL,
    conflicts, limits) still applies to the replacement, so a rewrite can be refused like any
    record set.
    """

    reason: str
    replacement: RecordSet | None = None


# The ``data`` fields of each structured type, as the converters of :mod:`migration.translate.values`
# write them (and as the Cloudflare API returns them: pulumi-cloudflare's DnsRecordData).
DATA_FIELDS: dict[str, tuple[str, ...]] = {
    "SRV": ("port", "priority", "target", "weight"),
    "CAA": ("flags", "tag", "value"),
    "NAPTR": ("flags", "order", "preference", "regex", "replacement", "service"),
    "HTTPS": ("priority", "target", "value"),
    "SVCB": ("priority", "target", "value"),
    "TLSA": ("certificate", "matching_type", "selector", "usage"),
    "SSHFP": ("algorithm", "fingerprint", "type"),
    "DS": ("algorithm", "digest", "digest_type", "key_tag"),
}

# Where each type holds a host name: ``content`` for simple types, else a ``data`` field. Cloudflare
# stores host names in lower case (DNS names compare without case, RFC 1035 section 2.3.3, RFC 4343;
# pulumi/pulumi-cloudflare#335, cloudflare/terraform-provider-cloudflare#529: a mixed-case target
# read back lowered is a change on every preview), so the plan declares them lowered. Values that
# are not host names keep their case: TXT, the CAA value, NAPTR regex, TLSA and SSHFP hex, ...
HOST_FIELDS: dict[str, str] = {
    "CNAME": "content",
    "MX": "content",
    "NS": "content",
    "PTR": "content",
    "SRV": "target",
    "HTTPS": "target",
    "SVCB": "target",
    "NAPTR": "replacement",
}

# DNS folds ASCII letters only (RFC 4343 section 3); str.lower would fold other letters too.
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def stored_form(
    rtype: str, content: str | None, data: "tuple[tuple[str, Any], ...] | None"
) -> tuple["str | None", "tuple[tuple[str, Any], ...] | None"]:
    """``(content, data)`` of a ``rtype`` record in the form Cloudflare stores it: the host name
    field of :data:`HOST_FIELDS` in lower case (ASCII letters only, as DNS compares names), every
    other field as given. The one statement of Cloudflare's normal form of values: translation
    declares records in it, and pre-existing records are compared in it. ``data`` is sorted
    ``(field, value)`` pairs, as :class:`~migration.model.CloudflareRecord` holds it."""
    field = HOST_FIELDS.get(rtype)
    if field is None:
        return content, data
    if field == "content":
        return (content.translate(_ASCII_LOWER) if isinstance(content, str) else content), data
    if data is None:
        return content, data
    return content, tuple((k, v.translate(_ASCII_LOWER) if k == field and isinstance(v, str) else v) for k, v in data)


# Records a Cloudflare zone holds at most, by plan (Cloudflare DNS docs, "Zone record limits"; Free
# zones created before 2024-09-01 are ``free-legacy``).
PLAN_RECORD_LIMITS = {"free": 200, "free-legacy": 1000, "pro": 3500, "business": 3500, "enterprise": 3500}


@dataclass(frozen=True)
class OtherZone:
    """Another hosted zone with the zone's name (``private`` ones are never touched)."""

    id: str
    private: bool
    comment: str = ""
    record_set_count: int | None = None


@dataclass(frozen=True)
class HealthCheck:
    """A health check a record set of the zone refers to; ``config`` is Route53's
    ``HealthCheckConfig``; ``used_by_other_zones`` lists hosted-zone ids that also refer to it."""

    id: str
    config: tuple[tuple[str, Any], ...]
    used_by_other_zones: tuple[str, ...] = ()


@dataclass(frozen=True)
class QueryLogging:
    """The zone's query-logging configuration (``CreateQueryLoggingConfig``)."""

    id: str
    log_group_arn: str


@dataclass(frozen=True)
class Inventory:
    """Everything read about the zone besides its record sets. Empty means nothing else exists.
    ``zone`` and ``hosted_zone_id`` say which hosted zone it is of (``None`` when the file does
    not say)."""

    other_zones: tuple[OtherZone, ...] = ()
    health_checks: tuple[HealthCheck, ...] = ()
    query_logging: tuple[QueryLogging, ...] = ()
    dnssec: str = "NOT_SIGNING"
    registered_name_servers: tuple[str, ...] | None = None
    source: str = field(default="", compare=False)
    zone: str | None = None
    hosted_zone_id: str | None = None

    @property
    def signing(self) -> bool:
        """Whether Route53 signs the zone (DNSSEC ``ServeSignature`` is ``SIGNING``)."""
        return self.dnssec == "SIGNING"


# SES "bring your own DKIM": the identity's ``SigningAttributesOrigin`` (SES API reference).
BYODKIM_ORIGIN = "EXTERNAL"


@dataclass(frozen=True)
class SesIdentity:
    """One SES domain identity in one region, as ``sesv2 GetEmailIdentity`` describes it.

    ``domain`` is absolute; ``tokens`` the Easy DKIM tokens, or for BYODKIM (``dkim_origin``
    ``EXTERNAL``) the selector(s); statuses use SES v2's spelling (``SUCCESS``, ``PENDING``,
    ``FAILED``, ``TEMPORARY_FAILURE``, ``NOT_STARTED``), empty when SES gave none;
    ``mail_from`` is the custom MAIL FROM domain (absolute) or ``None``; ``source`` says where the
    data was read (API and region, or file).
    """

    domain: dns.name.Name
    region: str
    tokens: tuple[str, ...] = ()
    dkim_origin: str = "AWS_SES"
    dkim_status: str = ""
    signing_enabled: bool = False
    mail_from: dns.name.Name | None = None
    mail_from_status: str = ""
    verification_status: str = ""
    source: str = ""

    @property
    def byodkim(self) -> bool:
        """Whether the identity signs with the user's own key (BYODKIM)."""
        return self.dkim_origin == BYODKIM_ORIGIN


@dataclass(frozen=True)
class SesData:
    """What SES said about the zone's identities.

    ``identities`` found (any region); ``checked`` the domains SES was read for completely (an
    identity found, or SES said there is none in every region read); ``problems`` why SES could
    not be read somewhere (each names the region or file and the AWS error); ``regions`` read.
    """

    identities: tuple[SesIdentity, ...] = ()
    checked: frozenset[dns.name.Name] = frozenset()
    problems: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Decision:
    """The user's choice for one owner name: ``keep`` a set identifier, or ``union``."""

    keep: str | None = None
    union: bool = False
