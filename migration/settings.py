"""Stack settings (``stacks/Pulumi.<stack>.yaml``, namespace ``migration:``), read the same way
by the Pulumi program (through ``pulumi.Config``) and by the offline commands (from the YAML file).

Every key is declared once, in :data:`SETTINGS`: its ``migration:`` key, the :class:`Settings`
field it fills, the parser that checks it, its default (the field's own, or what the docs say
when it is found at run time) and its documentation. :data:`KEYS` (the accepted keys),
:func:`from_lookup` (one loop over the table) and the table of ``docs/settings.md`` (rendered
from it; ``tests/test_settings_table.py`` checks the two are equal) all derive from it. The
command-line options that stand in for a stack live in :mod:`migration.cli_options`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Callable, Iterable, Literal, TypeVar, get_args

import dns.exception
import dns.name

from .errors import InputError, SettingsError
from .ignore import IgnorePattern
from .ignore import parse as parse_ignore
from .model import PLAN_RECORD_LIMITS, Decision
from .names import hosted_zone_id as checked_zone_id
from .names import zone_name
from .servers import Address, parse
from .sources import files
from .sources.route53_json import ROUTE53_TYPES
from .threshold import DEFAULT_PERCENT

T = TypeVar("T")  # what one item of a list setting parses to

NAMESPACE = "migration"
# The environment variable that lets a stack name files outside the project folder (from_lookup).
ALLOW_OUTSIDE_ENV = "MIGRATION_ALLOW_FILES_OUTSIDE_PROJECT"
Phase = Literal["mirror", "cut-over", "decommission"]
PHASES: tuple[Phase, ...] = get_args(Phase)
# What a stack name may hold: "Stack names may only contain alphanumeric characters, hyphens,
# underscores, or periods" (Pulumi docs, Concepts > Stacks). Nothing else reaches a file name, so
# a name cannot lead out of the stacks folder (../, /, \\).
STACK_NAME = re.compile(r"[A-Za-z0-9_.-]+")
# The top-level keys of a stack file (Pulumi docs, "Pulumi stack settings file reference").
STACK_FILE_KEYS = ("config", "environment", "secretsprovider", "encryptedkey", "encryptionsalt")
# The stack name of settings made from a command's --source options rather than a stack file.
NO_STACK = "(none)"


@dataclass(frozen=True)
class Settings:
    """Validated stack settings. ``snapshot`` is an absolute path; ``proxied`` absolute names;
    ``ses_identities`` absolute paths; no ``ses_regions`` and no ``ses_identities`` means SES is
    not consulted; ``zone`` is ``None`` only when a command's ``--source`` file names the zone;
    ``route53_servers``, ``cloudflare_servers`` and ``parent_servers`` are address
    overrides (:mod:`migration.servers`), empty to use the name servers' own addresses.

    Each field but ``stack`` is one row of :data:`SETTINGS`, whose defaults are these."""

    stack: str
    zone: str | None
    snapshot: Path
    hosted_zone_id: str | None = None
    cloudflare_account_id: str | None = None
    cloudflare_zone_id: str | None = None
    proxied: tuple[dns.name.Name, ...] = ()
    phase: Phase = "mirror"
    routing: tuple[tuple[dns.name.Name, Decision], ...] = ()
    cloudflare_plan: str = "free"
    cloudflare_record_limit: int | None = None
    cloudflare_name_servers: tuple[str, ...] = ()
    ses_regions: tuple[str, ...] = ()
    ses_identities: tuple[Path, ...] = ()
    cloudflare_existing: Path | None = None
    delete_differing_records: bool = False
    inventory: Path | None = None
    registered_with_route53_domains: bool | None = None
    orphan_zones: tuple[str, ...] = ()
    cut_over_at: str | None = None
    decommission_wait: int | None = None
    route53_servers: tuple[Address, ...] = ()
    cloudflare_servers: tuple[Address, ...] = ()
    parent_servers: tuple[Address, ...] = ()
    ses_not_used: bool = False
    ignore: tuple[IgnorePattern, ...] = ()
    safety_threshold: int = DEFAULT_PERCENT
    zone_file: Path | None = None
    accept_changes: int | None = None
    accept_not_migrated: tuple[tuple[dns.name.Name, str | None], ...] = ()

    @property
    def snapshot_named_by(self) -> str:
        """What named :attr:`snapshot`, for messages: ``--source`` or ``migration:snapshot``."""
        return "--source" if self.stack == NO_STACK else f"{NAMESPACE}:snapshot"

    @property
    def record_limit(self) -> tuple[int, str]:
        """The zone's record limit and where it came from (for messages)."""
        if self.cloudflare_record_limit is not None:
            return self.cloudflare_record_limit, f"{NAMESPACE}:cloudflareRecordLimit"
        return PLAN_RECORD_LIMITS[self.cloudflare_plan], f"{NAMESPACE}:cloudflarePlan {self.cloudflare_plan}"


def _shown(value: Any) -> str:
    """A settings value as a message shows it (YAML's words for true, false and null), at most 60 characters."""
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    return repr(value)[:60]


class Lookup:
    """What a parser of :data:`SETTINGS` reads from: ``get(key)`` (key without namespace;
    ``None`` when unset), the project folder ``root``, the stack's ``aws:region``, whether files
    outside ``root`` are allowed (:data:`ALLOW_OUTSIDE_ENV`), and ``problems``, the list every
    parser adds its problems to (each naming ``migration:<key>`` and the reason)."""

    def __init__(self, get: Callable[[str], Any], root: Path, aws_region: str | None, allow_outside: bool):
        self.get, self.root, self.aws_region, self.allow_outside = get, root, aws_region, allow_outside
        self.problems: list[str] = []

    def problem(self, key: str, text: str) -> None:
        """Add ``migration:<key><text>`` (``text`` starts with its own separator)."""
        self.problems.append(f"{NAMESPACE}:{key}{text}")

    def text(self, key: str, required: bool = False) -> str | None:
        """A string setting; ``None`` when unset or empty (a problem when ``required``) or not a string."""
        value = self.get(key)
        if value is None or value == "":
            if required:
                self.problem(key, " is required")
            return None
        if not isinstance(value, str):
            self.problem(key, f" must be a string, not {type(value).__name__}")
            return None
        return value

    def strings(self, key: str, what: str = "strings", nonempty: bool = False) -> tuple[str, ...]:
        """A list of strings (``nonempty``: none of them empty); unset is empty; else a problem
        saying it must be a list of ``what``."""
        value = self.get(key) or []
        if not isinstance(value, list):
            self.problem(key, f" must be a list of {what}, not {_shown(value)}")
            return ()
        wrong = [v for v in value if not isinstance(v, str) or not (v or not nonempty)]
        if wrong:
            # Named: in a list of 40 names, "must be a list of names" alone leaves the user to search.
            named = ", ".join(_shown(v) for v in wrong[:5])
            self.problem(key, f" must be a list of {what}; {named} {'is' if len(wrong) == 1 else 'are'} not")
            return ()
        return tuple(value)

    def whole(self, key: str, least: int, words: str) -> int | None:
        """A whole number at least ``least``; else a problem saying it must be ``words``."""
        # ``pulumi config set`` stores every value as text: "500" is as good as 500.
        value = self.get(key)
        if isinstance(value, str) and value.strip().isdecimal():
            if len(value.strip()) > files.MAX_DIGITS:  # int() refuses over 4,300 digits; none is meant
                self.problem(key, f" must be {words}: {files.too_large(value.strip())}")
                return None
            value = int(value)
        if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= least):
            return value
        self.problem(key, f" must be {words}, not {value!r}")
        return None

    def inside(self, key: str, value: str) -> Path:
        """``value`` as an absolute path under :attr:`root`; a path outside it is a problem
        unless allowed. Resolved (symbolic links followed) before it is compared: a link inside
        the project that points out of it is outside too."""
        found = (self.root / value).resolve()
        if not self.allow_outside and not found.is_relative_to(self.root.resolve()):
            self.problem(
                key,
                f": {value!r} is outside the project folder {self.root}: the files a stack "
                f"names stay in the project (set {ALLOW_OUTSIDE_ENV}=1 in the environment to allow it)",
            )
        return found


# A parser of one setting: reads ``lookup.get(key)``, adds its problems to ``lookup.problems``,
# and returns the field's value, or ``None`` for the field's default.
Parser = Callable[[Lookup, str], Any]


def _text(lookup: Lookup, key: str) -> str | None:
    return lookup.text(key)


def _zone(lookup: Lookup, key: str) -> str | None:
    zone = lookup.text(key, required=True)
    if zone is not None:
        try:
            zone_name(zone)
        except ValueError as exc:
            lookup.problem(key, f": {exc}")
    return zone


def _snapshot(lookup: Lookup, key: str) -> Path | None:
    value = lookup.text(key, required=True)
    return lookup.inside(key, value) if value else None


def _hosted_zone_id(lookup: Lookup, key: str) -> str | None:
    value = lookup.text(key)
    if value is None:
        return None
    try:
        return checked_zone_id(value)
    except ValueError as exc:
        lookup.problem(key, f": {exc}")
        return value


# A Cloudflare account or zone id: 32 lower-case hexadecimal characters (Cloudflare API reference,
# "Identifier": maxLength 32, e.g. 023e105f4ecef8ad9ca31a8372d0c353).
ACCOUNT_ID = re.compile(r"[0-9a-f]{32}")


def account_id_problem(value: str, what: str = "account") -> str | None:
    """Why ``value`` is not a Cloudflare ``what`` (account or zone) id (:data:`ACCOUNT_ID`), or ``None``."""
    if ACCOUNT_ID.fullmatch(value):
        return None
    return f"{value!r} is not a Cloudflare {what} id (32 lower-case hexadecimal characters)"


def _account_id(lookup: Lookup, key: str) -> str | None:
    value = lookup.text(key)
    if value is not None and (problem := account_id_problem(value)):
        lookup.problem(key, f": {problem}")
    return value


def _zone_id(lookup: Lookup, key: str) -> str | None:
    # It is imported into the stack and read in Cloudflare API paths: a path or a typo must reach neither.
    value = lookup.text(key)
    if value is not None and (problem := account_id_problem(value, "zone")):
        lookup.problem(key, f": {problem}")
    return value


def _one_of(choices: Iterable[str]) -> Parser:
    """A parser of a string that must be one of ``choices``."""
    allowed = tuple(choices)

    def parse_choice(lookup: Lookup, key: str) -> str | None:
        value = lookup.text(key)
        if value is not None and value not in allowed:
            lookup.problem(key, f" is {value!r}; expected one of {', '.join(allowed)}")
        return value

    return parse_choice


def _whole(least: int, words: str) -> Parser:
    """A parser of a whole number at least ``least`` (``words`` says what is expected)."""
    return lambda lookup, key: lookup.whole(key, least, words)


def _percent(lookup: Lookup, key: str) -> int | None:
    value = lookup.whole(key, 0, "a whole percent from 0 to 100")
    if value is not None and value > 100:
        lookup.problem(key, f" must be a whole percent from 0 to 100, not {value!r}")
    return value


def _flag(lookup: Lookup, key: str) -> bool | None:
    value = lookup.get(key)
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    lookup.problem(key, f" must be true or false, not {value!r}")
    return None


def _path(lookup: Lookup, key: str) -> Path | None:
    value = lookup.text(key)
    return lookup.inside(key, value) if value else None


# A host name: dot-separated labels of letters, digits and '-' (not first or last), 63 characters
# at most each, 253 in all, a final dot allowed, the last label (the top-level domain) starting with a
# letter, so an address is not one (RFC 1123 sections 2.1 and 6.1.3.5, RFC 952). Name servers are
# host names; anything else (a path, an address, a URL) must not reach the resolver.
_HOST_NAME = re.compile(
    r"(?=.{1,253}\.?$)(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.?"
)


def host_name_problem(text: str) -> str | None:
    """Why ``text`` is not a host name (:data:`_HOST_NAME`: a name server's name, as
    ``migration:cloudflareNameServers`` and the stack output give them), or ``None``."""
    if _HOST_NAME.fullmatch(text):
        return None
    return (
        f"{text!r} is not a host name (dot-separated labels of letters, digits and '-', RFC 1123 section 2.1; "
        "an address is not one), "
        "e.g. ada.ns.cloudflare.com"
    )


def _host_names(lookup: Lookup, key: str) -> tuple[str, ...]:
    found = lookup.strings(key, "host names")
    for item in found:
        if problem := host_name_problem(item):
            lookup.problem(key, f": {problem}")
    return found


def _proxied(lookup: Lookup, key: str) -> tuple[dns.name.Name, ...]:
    found = []
    for item in lookup.strings(key, "names"):
        try:
            found.append(dns.name.from_text(item.lower()))
        except dns.exception.DNSException as exc:
            lookup.problem(key, f": {item!r} is not a valid name: {exc}")
    return tuple(found)


def _ses_regions(lookup: Lookup, key: str) -> tuple[str, ...]:
    return lookup.strings(key, nonempty=True) or ((lookup.aws_region,) if lookup.aws_region else ())


def _ses_identities(lookup: Lookup, key: str) -> tuple[Path, ...]:
    return tuple(lookup.inside(key, p) for p in lookup.strings(key, nonempty=True))


def _checked_items(parse_item: Callable[[str], T], reason: Callable[[str, ValueError], str]) -> Parser:
    """A parser of a list of strings, each parsed by ``parse_item``; an item it refuses
    (``ValueError``) is a problem saying ``reason(item, error)``."""

    def parse_items(lookup: Lookup, key: str) -> tuple[T, ...]:
        found = []
        for item in lookup.strings(key):
            try:
                found.append(parse_item(item))
            except ValueError as exc:
                lookup.problem(key, f": {reason(item, exc)}")
        return tuple(found)

    return parse_items


def _addresses(syntax: str, named: bool = True) -> Parser:
    """A parser of a list of server addresses (:func:`migration.servers.parse`) written ``syntax``,
    with a ``NAME@`` before each when ``named``."""
    return _checked_items(lambda text: parse(text, named), lambda item, exc: f"{item!r} is not {syntax}: {exc}")


def _cut_over_at(lookup: Lookup, key: str) -> str | None:
    value = lookup.get(key)
    if isinstance(value, dt.datetime):
        # An unquoted time in YAML is a datetime to PyYAML; Pulumi keeps the text.
        moment = value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
        text: str | None = moment.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")
    else:
        text = lookup.text(key)
    if text is not None:
        try:
            parse_time(text)
        except ValueError:
            lookup.problem(key, f" must be an ISO 8601 time such as 2026-01-31T12:00:00Z, not {text!r}")
    return text


def _routing(lookup: Lookup, key: str) -> tuple[tuple[dns.name.Name, Decision], ...]:
    """A mapping of owner name -> ``{"keep": id}`` or ``{"union": true}``."""
    raw = lookup.get(key)
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        lookup.problem(key, " must be a mapping of owner name to {keep: <set identifier>} or {union: true}")
        return ()
    found = []
    for name, choice in raw.items():
        if any(ch.isspace() for ch in str(name)):
            # dnspython would take "www.example.com A" as one label with a space in it.
            lookup.problem(
                key,
                f": {name!r} is not an owner name (it holds a space): the choice is per owner name, for all its types",
            )
            continue
        try:
            owner = dns.name.from_text(str(name).lower())
        except dns.exception.DNSException as exc:
            lookup.problem(key, f": {name!r} is not a valid name: {exc}")
            continue
        if isinstance(choice, dict) and set(choice) == {"keep"} and isinstance(choice["keep"], str):
            found.append((owner, Decision(keep=choice["keep"])))
        elif isinstance(choice, dict) and choice == {"union": True}:
            found.append((owner, Decision(union=True)))
        else:
            lookup.problem(key, f": {name}: expected {{keep: <set identifier>}} or {{union: true}}, got {choice!r}")
    return tuple(found)


def _ignore(lookup: Lookup, key: str) -> tuple[IgnorePattern, ...]:
    return parse_ignore(lookup.get(key), lookup.problems)


def _accept_not_migrated(lookup: Lookup, key: str) -> tuple[tuple[dns.name.Name, str | None], ...]:
    return accepted_record_sets(lookup.strings(key), f"{NAMESPACE}:{key}", lookup.problems)


def accepted_record_sets(
    items: Iterable[str], where: str, problems: list[str]
) -> tuple[tuple[dns.name.Name, str | None], ...]:
    """Parse ``"<owner name> [TYPE]"`` items (``migration:acceptNotMigrated``, ``verify
    --accept-not-migrated``) into (absolute owner name, type or ``None`` for every type); a bad
    item (not that form, a name dnspython refuses, a type Route53 does not host:
    :data:`~migration.sources.route53_json.ROUTE53_TYPES`) adds a problem naming ``where`` and the item."""
    found = []
    for item in items:
        parts = str(item).split()
        if not 1 <= len(parts) <= 2:
            problems.append(f"{where}: {item!r} is not '<owner name> [TYPE]'")
            continue
        try:
            owner = dns.name.from_text(parts[0].lower())
        except dns.exception.DNSException as exc:
            problems.append(f"{where}: {item!r}: {parts[0]!r} is not a valid name: {exc}")
            continue
        rtype = parts[1].upper() if len(parts) == 2 else None
        if rtype is not None and rtype not in ROUTE53_TYPES:
            problems.append(
                f"{where}: {item!r}: unknown record type {parts[1]!r}; Route53 hosts {', '.join(ROUTE53_TYPES)}"
            )
            continue
        found.append((owner, rtype))
    return tuple(found)


REQUIRED = "required"


@dataclass(frozen=True)
class Setting:
    """One ``migration:`` key: ``key`` as a stack file spells it, the :class:`Settings` ``field``
    it fills, its ``parser`` (:data:`Parser`), ``doc`` (Markdown, for ``docs/settings.md``) and
    ``default_doc``, the default as the docs say it when it is not the field's own default
    (found at run time, or :data:`REQUIRED`)."""

    key: str
    field: str
    parser: Parser
    doc: str
    default_doc: str | None = None

    @property
    def default(self) -> Any:
        """The value the field takes when the key is unset (the :class:`Settings` field's default)."""
        return _FIELDS[self.field].default


_FIELDS = {f.name: f for f in fields(Settings)}


# Every key, in the order the docs list them and :func:`unknown_keys` names them.
SETTINGS = (
    Setting("zone", "zone", _zone, "the zone's name, e.g. `example.com`", REQUIRED),
    Setting(
        "snapshot",
        "snapshot",
        _snapshot,
        "path of the snapshot file, relative to the project root (`python -m migration snapshot`)",
        REQUIRED,
    ),
    Setting(
        "hostedZoneId", "hosted_zone_id", _hosted_zone_id, "the Route53 hosted-zone id, when the snapshot file lacks it"
    ),
    Setting(
        "cloudflareAccountId",
        "cloudflare_account_id",
        _account_id,
        "the Cloudflare account that creates the zone, 32 lower-case hexadecimal characters (this or "
        "`cloudflareZoneId` is required; with both set the zone is adopted, not created, and the plan "
        "warns `cloudflare-zone-adopted`)",
    ),
    Setting(
        "cloudflareZoneId",
        "cloudflare_zone_id",
        _zone_id,
        "an existing Cloudflare zone to adopt instead of creating one, its id (32 lower-case hexadecimal characters)",
    ),
    Setting(
        "cloudflareNameServers",
        "cloudflare_name_servers",
        _host_names,
        "the host names (not addresses or paths) of the name servers Cloudflare assigned to the zone (the mirror phase's output; "
        "for `verify` and the cut-over and decommission gates)",
    ),
    Setting("proxied", "proxied", _proxied, "list of owner names to put behind Cloudflare's proxy"),
    Setting("phase", "phase", _one_of(PHASES), "`mirror`, `cut-over` or `decommission` ([phases](phases.md))"),
    Setting(
        "cloudflareExisting",
        "cloudflare_existing",
        _path,
        "a JSON file of the records the Cloudflare zone already holds, as `GET /zones/{id}/dns_records` "
        'lists them (`{"result": [...]}`, or a list of every page); checked: names in the zone, known '
        "types, values (addresses, host names; TXT, URI, CERT and LOC values parsed by dnspython), TTL 1 or "
        "30..86400, `proxied` true/false, ids once, every page of `result_info`",
    ),
    Setting(
        "deleteDifferingRecords",
        "delete_differing_records",
        _flag,
        "`true` to delete pre-existing Cloudflare records that differ from the plan",
    ),
    Setting(
        "inventory",
        "inventory",
        _path,
        "the Route53 inventory file (`python -m migration inventory`): other zones of the same name, "
        "health checks, query logging, DNSSEC, registration",
    ),
    Setting(
        "registeredWithRoute53Domains",
        "registered_with_route53_domains",
        _flag,
        "`true`/`false`: overrides what the inventory detected; with neither, the registration is not known: "
        "the plan does not switch the name servers and its cut-over note says what to do at the registrar",
        "what the inventory detected",
    ),
    Setting(
        "orphanZones",
        "orphan_zones",
        _checked_items(checked_zone_id, lambda item, exc: str(exc)),
        "ids of other public hosted zones of the same name, confirmed for deletion",
    ),
    Setting(
        "cutOverAt",
        "cut_over_at",
        _cut_over_at,
        "when the cut-over was applied (ISO 8601, UTC), for the decommission wait",
    ),
    Setting(
        "decommissionWait",
        "decommission_wait",
        _whole(0, "whole seconds"),
        "seconds to wait after cut-over",
        "the parent's NS TTL",
    ),
    Setting(
        "route53Servers",
        "route53_servers",
        _addresses("[NAME@]IP[:PORT]"),
        "`[NAME@]IP[:PORT]` list: where to ask Route53's answers instead of the addresses of the snapshot's "
        "name servers (private set-ups, tests)",
    ),
    Setting(
        "cloudflareServers",
        "cloudflare_servers",
        _addresses("[NAME@]IP[:PORT]"),
        "`[NAME@]IP[:PORT]` list: where to ask Cloudflare's answers instead of the addresses of "
        "`cloudflareNameServers`",
    ),
    Setting(
        "parentServers",
        "parent_servers",
        _addresses("IP[:PORT]", named=False),
        "`IP[:PORT]` list: the parent zone's servers",
        "found from the root",
    ),
    Setting(
        "routing",
        "routing",
        _routing,
        'per owner name, what to publish for routing-policy record sets: `{"www.example.com": {"keep": '
        '"<SetIdentifier>"}}` or `{"union": true}` (`migration/translate/routing.py`)',
        "refuse them",
    ),
    Setting(
        "cloudflarePlan",
        "cloudflare_plan",
        _one_of(PLAN_RECORD_LIMITS),
        "`free` (200 records), `free-legacy` (1,000), `pro`, `business`, `enterprise` (3,500): the zone's record limit",
    ),
    Setting(
        "cloudflareRecordLimit",
        "cloudflare_record_limit",
        _whole(1, "a positive whole number"),
        "a record limit overriding the plan's (a positive whole number)",
        "the plan's",
    ),
    Setting(
        "sesRegions",
        "ses_regions",
        _ses_regions,
        "list of AWS regions whose SES identities to read live",
        "the stack's `aws:region`",
    ),
    Setting(
        "sesIdentities",
        "ses_identities",
        _ses_identities,
        "list of files holding `aws sesv2 get-email-identity` output (`migration/sources/ses.py`); when set, "
        "SES is not read live",
    ),
    Setting(
        "sesNotUsed",
        "ses_not_used",
        _flag,
        "`true` for a zone that sends no mail through SES: the decommission gate `ses-dkim` then passes "
        "without SES being consulted (the plan says so)",
    ),
    Setting(
        "ignore",
        "ignore",
        _ignore,
        "owner-name and type patterns of records others manage (external-dns, `_acme-challenge`): never "
        "adopted, created or deleted (`migration/ignore.py`)",
    ),
    Setting(
        "safetyThreshold",
        "safety_threshold",
        _percent,
        "percent (0-100) of the Cloudflare zone's existing records a plan may delete or change before it "
        "is blocked (`migration/threshold.py`)",
    ),
    Setting(
        "acceptChanges",
        "accept_changes",
        _whole(0, "a whole number of records"),
        "the number of deletions and changes of existing records accepted above the threshold (set it for "
        "one reviewed change, then remove it)",
    ),
    Setting(
        "zoneFile",
        "zone_file",
        _path,
        "the BIND zone file of the Cloudflare records (`python -m migration handover`): the stack's source "
        "of records from the decommission phase on",
    ),
    Setting(
        "acceptNotMigrated",
        "accept_not_migrated",
        _accept_not_migrated,
        'list of `"<owner name> [TYPE]"` (TYPE one Route53 hosts): record sets the plan refuses that you '
        "accept to lose at the cut-over; `verify` notes them instead of failing (verify refuses a name outside the zone: it could match nothing)",
    ),
)
# The accepted keys: a stack file's other ``migration:`` keys are typos.
KEYS = tuple(s.key for s in SETTINGS)


def unknown_keys(keys: Iterable[str]) -> list[str]:
    """A problem for each ``migration:`` key of ``keys`` (full ``namespace:key`` names, as a stack
    file spells them) that is not one of :data:`KEYS`, with the closest known key when one is
    close, then one listing the known keys. A namespace close to ``migration`` (``migraton:``,
    ``Migration:``) is a misspelling too; other namespaces (``aws:``, ``pulumi:``) are not ours."""
    problems = []
    for full in keys:
        namespace, _, key = str(full).partition(":")
        if namespace != NAMESPACE and (
            namespace.lower() == NAMESPACE or difflib.get_close_matches(namespace, [NAMESPACE], n=1)
        ):
            known = key if key in KEYS else next(iter(difflib.get_close_matches(key, KEYS, n=1)), None)
            problems.append(
                f"{full}: did you mean {NAMESPACE}:{known}?"
                if known
                else f"{full}: did you mean the namespace {NAMESPACE}:?"
            )
            continue
        if namespace != NAMESPACE or key in KEYS:
            continue
        close = difflib.get_close_matches(key, KEYS, n=1)
        problems.append(f"{full} is not a known key" + (f"; did you mean {NAMESPACE}:{close[0]}?" if close else ""))
    if problems:
        problems.append(f"the known {NAMESPACE}: keys are {', '.join(KEYS)}")
    return problems


def from_lookup(
    stack: str, get: Callable[[str], Any], root: Path, aws_region: str | None = None, keys: Iterable[str] | None = None
) -> Settings:
    """Build settings from ``get(key)`` (key without namespace; ``None`` when unset), one row of
    :data:`SETTINGS` at a time.

    ``aws_region`` is the stack's ``aws:region``, the default of ``migration:sesRegions``;
    ``keys``, when the caller can list them, are the stack's configured keys (``namespace:key``):
    an unknown ``migration:`` key among them is a problem (:func:`unknown_keys`).

    The files a stack names (``snapshot``, ``sesIdentities``, ``inventory``,
    ``cloudflareExisting``, ``zoneFile``) must lie inside ``root``, the project folder, once
    symbolic links are followed, unless the environment sets :data:`ALLOW_OUTSIDE_ENV` to ``1``:
    a stack file is reviewed text, and one naming ``~/.aws/credentials`` or ``/proc/self/environ``
    would have the plan read it (and a CI job post what it says about it on the pull request).

    Raises :class:`SettingsError` naming the key (``migration:<key>``) and the reason; every
    problem is listed at once, in the order of :data:`SETTINGS`.
    """
    lookup = Lookup(get, root, aws_region, os.environ.get(ALLOW_OUTSIDE_ENV) == "1")
    lookup.problems.extend(unknown_keys(keys or ()))
    values = {}
    for setting in SETTINGS:
        value = setting.parser(lookup, setting.key)
        values[setting.field] = setting.default if value is None else value
    if not values["cloudflare_account_id"] and not values["cloudflare_zone_id"]:
        lookup.problems.append(
            f"{NAMESPACE}:cloudflareAccountId (to create the zone) or "
            f"{NAMESPACE}:cloudflareZoneId (to adopt one) is required"
        )
    if lookup.problems:
        raise SettingsError(f"stack {stack}: " + "; ".join(lookup.problems))
    return Settings(stack=stack, **values)


def hosted_zone_id_hint(settings: Settings) -> str:
    """How a user supplies a missing hosted-zone id: the stack setting, or with ``--source``
    (:data:`NO_STACK`) the option ``--hosted-zone-id``; either way a snapshot taken by
    ``python -m migration snapshot`` carries it."""
    where = "give --hosted-zone-id" if settings.stack == NO_STACK else f"set {NAMESPACE}:hostedZoneId"
    return f"{where} or take the snapshot with 'python -m migration snapshot'"


def parse_time(text: str) -> dt.datetime:
    """An ISO 8601 time (``Z`` or an offset; naive means UTC) as an aware UTC datetime.
    Raises ``ValueError`` for anything else."""
    moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(dt.timezone.utc)


def project_root(start: Path) -> Path:
    """The folder holding ``Pulumi.yaml``, searched upwards from ``start``."""
    for folder in [start, *start.parents]:
        if (folder / "Pulumi.yaml").is_file():
            return folder
    raise SettingsError(f"no Pulumi.yaml in {start} or above it: run from the project folder")


def _read_yaml(path: Path, stack: str) -> Any:
    """A stack or project file's YAML (:func:`migration.sources.files.parse_yaml`: a regular file
    of bounded size, every key given once). Raises :class:`SettingsError` naming the stack, the
    file and each problem."""
    try:
        return files.parse_yaml(files.read_text(path), str(path))
    except InputError as exc:
        raise SettingsError(f"stack {stack}: {exc}") from None


def stack_file(root: Path, stack: str) -> Path:
    """Where a stack's settings live, from ``stackConfigDir`` in ``Pulumi.yaml``. Raises
    :class:`SettingsError` when ``stack`` is not a stack name (:data:`STACK_NAME`), ``Pulumi.yaml``
    cannot be read or its ``stackConfigDir`` is not text."""
    if not STACK_NAME.fullmatch(stack):
        raise SettingsError(
            f"stack {stack!r}: not a stack name: a stack name may only contain letters, digits, "
            "hyphens (-), underscores (_) and periods (.) (Pulumi's rule; give the stack's own "
            "name, without an organization or folder)"
        )
    project = _read_yaml(root / "Pulumi.yaml", stack) or {}
    folder = project.get("stackConfigDir", ".") if isinstance(project, dict) else None
    if not isinstance(folder, str):
        raise SettingsError(
            f"stack {stack}: {root / 'Pulumi.yaml'}: stackConfigDir must be a folder name, not {type(folder).__name__}"
        )
    return root / folder / f"Pulumi.{stack}.yaml"


def read_stack_file(stack: str, cwd: Path | None = None) -> tuple[Path, Path, dict[str, Any]]:
    """The project root, the stack file's path and its ``config:`` mapping.

    Raises :class:`SettingsError` when the stack name is not one (:func:`stack_file`), the file
    is missing, unreadable, not YAML, gives a key twice, is not a mapping with a ``config:``
    mapping, or has a top-level key Pulumi does not know (:data:`STACK_FILE_KEYS`: a misspelt
    ``confg:`` would otherwise leave every setting unread)."""
    root = project_root((cwd or Path.cwd()).resolve())
    path = stack_file(root, stack)
    if not path.is_file():
        raise SettingsError(f"stack {stack}: no settings file {path}")
    document = _read_yaml(path, stack) or {}
    config = document.get("config") if isinstance(document, dict) else None
    if not isinstance(document, dict) or not isinstance(config or {}, dict):
        what = "its top level" if not isinstance(document, dict) else "its config:"
        raise SettingsError(
            f"stack {stack}: {path}: {what} must be a mapping of settings (config: followed by "
            f"'{NAMESPACE}:zone: ...' lines), not a {type(config if isinstance(document, dict) else document).__name__}"
        )
    unknown = [str(key) for key in document if key not in STACK_FILE_KEYS]
    if unknown:
        raise SettingsError(
            f"stack {stack}: {path}: "
            + "; ".join(
                f"{key!r} is not a key of a stack file"
                + "".join(f"; did you mean {close}?" for close in difflib.get_close_matches(key, STACK_FILE_KEYS, n=1))
                for key in unknown
            )
            + f" (the keys are {', '.join(STACK_FILE_KEYS)})"
        )
    return root, path, config or {}


def load_stack(stack: str, cwd: Path | None = None) -> Settings:
    """Read ``stacks/Pulumi.<stack>.yaml`` the way Pulumi would, without the Pulumi CLI.

    Raises :class:`SettingsError` when the file is missing, not YAML, gives a key twice, is not
    a mapping, or a key is unknown or wrong.
    """
    root, _, config = read_stack_file(stack, cwd)
    return from_lookup(
        stack, lambda key: config.get(f"{NAMESPACE}:{key}"), root, aws_region=config.get("aws:region"), keys=config
    )
