"""The resources a plan declares: Pulumi type tokens, references between resources, and
:class:`PlannedResource`.

Plain data, no I/O and no Pulumi import: the plan (:mod:`migration.plan`), the phases
(:mod:`migration.phases`) and every consumer (the Pulumi program, the reports, verify) speak of
resources in these terms. Type tokens are Pulumi's (``<package>:<module>/<name>:<Type>``; Pulumi
docs, "Resource names" / pulumi-cloudflare and pulumi-aws API docs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal, Mapping, get_args

from .model import CloudflareRecord, FilledIn

CF_ZONE = "cloudflare:index/zone:Zone"
CF_RECORD = "cloudflare:index/dnsRecord:DnsRecord"
R53_ZONE = "aws:route53/zone:Zone"
R53_RECORD = "aws:route53/record:Record"
R53_HEALTH_CHECK = "aws:route53/healthCheck:HealthCheck"
R53_QUERY_LOG = "aws:route53/queryLog:QueryLog"
R53_DOMAIN = "aws:route53domains/registeredDomain:RegisteredDomain"
CF_DNSSEC = "cloudflare:index/zoneDnssec:ZoneDnssec"

# What a phase does with a resource: ``keep`` and ``update`` are resources an earlier phase adopted
# or created (``update`` changes inputs); ``delete`` ones are listed for review and not declared.
Action = Literal["create", "adopt", "keep", "update", "delete"]
ACTIONS: tuple[Action, ...] = get_args(Action)

CF_ZONE_NAME = "cloudflare-zone"
R53_ZONE_NAME = "route53-zone"


@dataclass(frozen=True)
class ZoneRef:
    """An input that is the id output of another planned resource (named by logical name)."""

    resource: str

    def __str__(self) -> str:
        return f"${{{self.resource}.id}}"


@dataclass(frozen=True)
class NameServersRef:
    """An input that is the ``name_servers`` output of a planned Cloudflare zone, shaped as
    ``RegisteredDomain.name_servers`` wants it: ``[{"name": host}, ...]``."""

    resource: str

    def __str__(self) -> str:
        return f"${{{self.resource}.name_servers}}"


class _WritableResource(FilledIn):
    """The slots of a :class:`PlannedResource`, writable: each resource is filled in as one of
    these, then made a PlannedResource (:meth:`PlannedResource.__new__` says why)."""

    __slots__ = (
        "type",
        "name",
        "action",
        "inputs",
        "subject",
        "import_id",
        "protect",
        "depends_on",
        "retain_on_delete",
        "aliases",
        "delete_before_replace",
        "record",
    )


@dataclass(frozen=True, slots=True, init=False)
class PlannedResource(_WritableResource):
    """One resource of the plan.

    ``type`` is the Pulumi type token; ``name`` the logical name; ``action`` one of
    :data:`ACTIONS` (``adopt``: ``import_id`` set, Pulumi imports the live resource and declared
    inputs must match it; ``delete``: not declared, so Pulumi deletes it);
    ``inputs`` are snake-case resource arguments (a :class:`ZoneRef` where another resource's id
    goes), never changed once made (several resources may share one); for a Cloudflare DNS record
    only those beside its value (``zone_id``): ``record`` is the :class:`CloudflareRecord` it
    declares, and :func:`pulumi_inputs` gives its arguments whole; ``protect`` forbids deletion; ``retain_on_delete`` makes Pulumi drop the resource from
    the stack's state instead of deleting it when the program stops declaring it (Pulumi docs,
    resource option ``retainOnDelete``); ``depends_on`` names resources this one is created after
    and deleted before; ``subject`` says what it is for a reviewer; ``aliases`` are other logical
    names the resource may hold in the stack's state (Pulumi aliases: taken over, not replaced);
    ``delete_before_replace``: a replacement deletes the old resource before creating the new one
    (:mod:`migration.apply_order` says why).
    """

    type: str
    name: str
    action: Action
    inputs: Mapping[str, Any]
    subject: str
    import_id: str | None = None
    protect: bool = False
    depends_on: tuple[str, ...] = ()
    retain_on_delete: bool = False
    aliases: tuple[str, ...] = ()
    delete_before_replace: bool = False
    record: CloudflareRecord | None = None

    def __new__(
        cls,
        type: str,
        name: str,
        action: Action,
        inputs: Mapping[str, Any],
        subject: str,
        import_id: str | None = None,
        protect: bool = False,
        depends_on: tuple[str, ...] = (),
        retain_on_delete: bool = False,
        aliases: tuple[str, ...] = (),
        delete_before_replace: bool = False,
        record: CloudflareRecord | None = None,
    ) -> PlannedResource:
        # As CloudflareRecord.__new__ (migration/model.py): plain stores into a writable twin of
        # the same slots, then this class, instead of a frozen dataclass's object.__setattr__ per
        # field; a plan makes a resource per record, and again for each action a journey takes.
        self: Any = object.__new__(_WritableResource)
        self.type = type
        self.name = name
        self.action = action
        self.inputs = inputs
        self.subject = subject
        self.import_id = import_id
        self.protect = protect
        self.depends_on = depends_on
        self.retain_on_delete = retain_on_delete
        self.aliases = aliases
        self.delete_before_replace = delete_before_replace
        self.record = record
        self.__class__ = cls
        return self


def is_zone_deletion(res: PlannedResource) -> bool:
    """The deletion of the stack's Route53 hosted zone (the decommission's)."""
    return res.type == R53_ZONE and res.name == R53_ZONE_NAME and res.action == "delete"


def deleted_with_zone(res: PlannedResource) -> bool:
    """A Route53 record set deleted together with its hosted zone (listed for review; a plan
    lists them right after the hosted zone's deletion)."""
    return res.type == R53_RECORD and res.action == "delete"


def record_inputs(record: CloudflareRecord) -> dict[str, Any]:
    """The ``cloudflare.DnsRecord`` arguments (snake case, pulumi-cloudflare API docs) of
    ``record``'s value and settings: ``name``, ``type``, ``ttl``, ``proxied``, and ``content``,
    ``data``, ``priority``, ``comment`` where set."""
    inputs: dict[str, Any] = {"name": record.name, "type": record.type, "ttl": record.ttl, "proxied": record.proxied}
    if record.content is not None:
        inputs["content"] = record.content
    if record.data is not None:
        inputs["data"] = dict(record.data)
    if record.priority is not None:
        inputs["priority"] = record.priority
    if record.comment is not None:
        inputs["comment"] = record.comment
    return inputs


def pulumi_inputs(res: PlannedResource) -> dict[str, Any]:
    """The keyword arguments ``res`` is declared with (references not yet resolved): its
    ``inputs``, and for a DNS record its record's (:func:`record_inputs`). What the Pulumi program
    passes (:mod:`migration.program`), what the JSON plan shows as ``inputs``, and what tells an
    update from a resource kept as it is (:mod:`migration.baseline`)."""
    if res.record is None:
        return dict(res.inputs)
    return {**res.inputs, **record_inputs(res.record)}
