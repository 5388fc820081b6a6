"""Stack settings (``stacks/Pulumi.<stack>.yaml``, namespace ``migration:``), read the same way
by the Pulumi program (through ``pulumi.Config``) and by the offline commands (from the YAML file).

Keys (all under ``migration:``):

=====================  ==========================================================================
``zone``               the zone's name, e.g. ``example.com`` (required)
``snapshot``           path of the snapshot file, relative to the project root (required)
``hostedZoneId``       the Route53 hosted-zone id, when the snapshot file lacks it
``cloudflareAccountId`` the Cloudflare account that creates the zone (unless ``cloudflareZoneId``)
``cloudflareZoneId``   an existing Cloudflare zone to adopt instead of creating one
``cloudflareNameServers`` the host names of the name servers Cloudflare assigned to the zone (the
                       mirror phase's output; for ``verify`` and the cut-over and decommission gates)
``proxied``            list of owner names to put behind Cloudflare's proxy (default: none)
``phase``              ``mirror`` (default), ``cut-over`` or ``decommission`` (docs/phases.md)
``cloudflareExisting`` a JSON file of the records the Cloudflare zone already holds, as
                       ``GET /zones/{id}/dns_records`` lists them (``{"result": [...]}``)
``deleteDifferingRecords`` ``true`` to delete pre-existing Cloudflare records that differ from the plan
``inventory``          the Route53 inventory file (``python -m migration inventory``): other zones
                       of the same name, health checks, query logging, DNSSEC, registration
``registeredWithRoute53Domains`` ``true``/``false``: overrides what the inventory detected
``orphanZones``        ids of other public hosted zones of the same name, confirmed for deletion
``cutOverAt``          when the cut-over was applied (ISO 8601, UTC), for the decommission wait
``decommissionWait``   seconds to wait after cut-over (default: the parent's NS TTL)
``route53Servers``     ``[NAME@]IP[:PORT]`` list: where to ask Route53's answers instead of the
                       addresses of the snapshot's name servers (private set-ups, tests)
``cloudflareServers``  ``[NAME@]IP[:PORT]`` list: where to ask Cloudflare's answers instead of the
                       addresses of ``cloudflareNameServers``
``parentServers``      ``IP[:PORT]`` list: the parent zone's servers (default: found from the root)
``routing``            per owner name, what to publish for routing-policy record sets:
                       ``{"www.example.com": {"keep": "<SetIdentifier>"}}`` or ``{"union": true}``
                       (default: refuse them; see :mod:`migration.translate.routing`)
``cloudflarePlan``     ``free`` (default, 200 records), ``free-legacy`` (1,000), ``pro``,
                       ``business``, ``enterprise`` (3,500): the zone's record limit
``cloudflareRecordLimit`` a record limit overriding the plan's (a positive whole number)
``sesRegions``         list of AWS regions whose SES identities to read live (default: the
                       stack's ``aws:region``)
``sesIdentities``      list of files holding ``aws sesv2 get-email-identity`` output (see
                       :mod:`migration.sources.ses`); when set, SES is not read live
``sesNotUsed``         ``true`` for a zone that sends no mail through SES: the decommission gate
                       ``ses-dkim`` then passes without SES being consulted (the plan says so)
``zoneFile``           the BIND zone file of the Cloudflare records (``python -m migration handover``):
                       the stack's source of records from the decommission phase on
``safetyThreshold``    percent (0-100, default 30) of the Cloudflare zone's existing records a plan
                       may delete or change before it is blocked (:mod:`migration.threshold`)
``acceptChanges``      the number of deletions and changes of existing records accepted above the
                       threshold (set it for one reviewed change, then remove it)
``ignore``             owner-name and type patterns of records others manage (external-dns,
                       ``_acme-challenge``): never adopted, created or deleted (:mod:`migration.ignore`)
``acceptNotMigrated``  list of ``"<owner name> [TYPE]"``: record sets the plan refuses that you
                       accept to lose at the cut-over; ``verify`` notes them instead of failing
=====================  ==========================================================================
"""

from __future__ import annotations

import argparse
import datetime as dt
import difflib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, TypeVar

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
from .threshold import DEFAULT_PERCENT

T = TypeVar("T")  # what one item of a list setting parses to

NAMESPACE = "migration"
# The environment variable that lets a stack name files outside the project folder (from_lookup).
ALLOW_OUTSIDE_ENV = "MIGRATION_ALLOW_FILES_OUTSIDE_PROJECT"
PHASES = ("mirror", "cut-over", "decommission")
# The stack name of settings made from a command's --source options rather than a stack file.
NO_STACK = "(none)"
# Every key of the module docstring's table: a stack file's other ``migration:`` keys are typos.
KEYS = ("zone", "snapshot", "hostedZoneId", "cloudflareAccountId", "cloudflareZoneId", "cloudflareNameServers",
        "proxied", "phase", "cloudflareExisting", "deleteDifferingRecords", "inventory",
        "registeredWithRoute53Domains", "orphanZones", "cutOverAt", "decommissionWait", "route53Servers",
        "cloudflareServers", "parentServers", "routing", "cloudflarePlan", "cloudflareRecordLimit", "sesRegions",
        "sesIdentities", "sesNotUsed", "ignore", "safetyThreshold", "acceptChanges", "zoneFile",
        "acceptNotMigrated")


@dataclass(frozen=True)
class Settings:
    """Validated stack settings. ``snapshot`` is an absolute path; ``proxied`` absolute names;
    ``ses_identities`` absolute paths; no ``ses_regions`` and no ``ses_identities`` means SES is
    not consulted; ``zone`` is ``None`` only when a command's ``--source`` file names the zone;
    ``route53_servers``, ``cloudflare_servers`` and ``parent_servers`` are address
    overrides (:mod:`migration.servers`), empty to use the name servers' own addresses."""

    stack: str
    zone: str | None
    snapshot: Path
    hosted_zone_id: str | None = None
    cloudflare_account_id: str | None = None
    cloudflare_zone_id: str | None = None
    proxied: tuple[dns.name.Name, ...] = ()
    phase: str = "mirror"
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
    def record_limit(self) -> tuple[int, str]:
        """The zone's record limit and where it came from (for messages)."""
        if self.cloudflare_record_limit is not None:
            return self.cloudflare_record_limit, f"{NAMESPACE}:cloudflareRecordLimit"
        return PLAN_RECORD_LIMITS[self.cloudflare_plan], f"{NAMESPACE}:cloudflarePlan {self.cloudflare_plan}"


def _routing(raw: Any, problems: list[str]) -> tuple[tuple[dns.name.Name, Decision], ...]:
    """Parse ``migration:routing``: a mapping of owner name -> ``{"keep": id}`` or ``{"union": true}``."""
    key = f"{NAMESPACE}:routing"
    if raw is None:
        return ()
    if not isinstance(raw, dict):
        problems.append(f"{key} must be a mapping of owner name to {{keep: <set identifier>}} or {{union: true}}")
        return ()
    found = []
    for name, choice in raw.items():
        try:
            owner = dns.name.from_text(str(name).lower())
        except dns.exception.DNSException as exc:
            problems.append(f"{key}: {name!r} is not a valid name: {exc}")
            continue
        if isinstance(choice, dict) and set(choice) == {"keep"} and isinstance(choice["keep"], str):
            found.append((owner, Decision(keep=choice["keep"])))
        elif isinstance(choice, dict) and choice == {"union": True}:
            found.append((owner, Decision(union=True)))
        else:
            problems.append(f"{key}: {name}: expected {{keep: <set identifier>}} or {{union: true}}, got {choice!r}")
    return tuple(found)


def accepted_record_sets(items: Iterable[str], where: str, problems: list[str]) -> tuple[tuple[dns.name.Name, str | None], ...]:
    """Parse ``"<owner name> [TYPE]"`` items (``migration:acceptNotMigrated``, ``verify
    --accept-not-migrated``) into (absolute owner name, type or ``None`` for every type); a bad
    item adds a problem naming ``where`` and the item."""
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
        found.append((owner, parts[1].upper() if len(parts) == 2 else None))
    return tuple(found)


def _text_list(get: Callable[[str], Any], key: str, problems: list[str]) -> list[str]:
    value = get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        problems.append(f"{NAMESPACE}:{key} must be a list of strings")
        return []
    return value


def unknown_keys(keys: Iterable[str]) -> list[str]:
    """A problem for each ``migration:`` key of ``keys`` (full ``namespace:key`` names, as a stack
    file spells them) that is not one of :data:`KEYS`, with the closest known key when one is
    close, then one listing the known keys. A namespace close to ``migration`` (``migraton:``,
    ``Migration:``) is a misspelling too; other namespaces (``aws:``, ``pulumi:``) are not ours."""
    problems = []
    for full in keys:
        namespace, _, key = str(full).partition(":")
        if namespace != NAMESPACE and (namespace.lower() == NAMESPACE
                                       or difflib.get_close_matches(namespace, [NAMESPACE], n=1)):
            known = key if key in KEYS else next(iter(difflib.get_close_matches(key, KEYS, n=1)), None)
            problems.append(f"{full}: did you mean {NAMESPACE}:{known}?" if known else
                            f"{full}: did you mean the namespace {NAMESPACE}:?")
            continue
        if namespace != NAMESPACE or key in KEYS:
            continue
        close = difflib.get_close_matches(key, KEYS, n=1)
        problems.append(f"{full} is not a known key" + (f"; did you mean {NAMESPACE}:{close[0]}?" if close else ""))
    if problems:
        problems.append(f"the known {NAMESPACE}: keys are {', '.join(KEYS)}")
    return problems


def from_lookup(stack: str, get: Callable[[str], Any], root: Path, aws_region: str | None = None,
                keys: Iterable[str] | None = None) -> Settings:
    """Build settings from ``get(key)`` (key without namespace; ``None`` when unset).

    ``aws_region`` is the stack's ``aws:region``, the default of ``migration:sesRegions``;
    ``keys``, when the caller can list them, are the stack's configured keys (``namespace:key``):
    an unknown ``migration:`` key among them is a problem (:func:`unknown_keys`).

    The files a stack names (``snapshot``, ``sesIdentities``, ``inventory``,
    ``cloudflareExisting``) must lie inside ``root``, the project folder, once symbolic links are
    followed, unless the environment sets :data:`ALLOW_OUTSIDE_ENV` to ``1``: a stack file is
    reviewed text, and one naming ``~/.aws/credentials`` or ``/proc/self/environ`` would have the
    plan read it (and a CI job post what it says about it on the pull request).

    Raises :class:`SettingsError` naming the key (``migration:<key>``) and the reason; every
    problem is listed at once.
    """
    problems: list[str] = unknown_keys(keys or ())

    def text(key: str, required: bool = False) -> str | None:
        value = get(key)
        if value is None or value == "":
            if required:
                problems.append(f"{NAMESPACE}:{key} is required")
            return None
        if not isinstance(value, str):
            problems.append(f"{NAMESPACE}:{key} must be a string, not {type(value).__name__}")
            return None
        return value

    def whole(key: str, least: int, words: str) -> int | None:
        # ``pulumi config set`` stores every value as text: "500" is as good as 500.
        value = get(key)
        if isinstance(value, str) and value.strip().isdecimal():
            value = int(value)
        if value is None or (isinstance(value, int) and not isinstance(value, bool) and value >= least):
            return value
        problems.append(f"{NAMESPACE}:{key} must be {words}, not {value!r}")
        return None

    zone = text("zone", required=True)
    if zone is not None:
        try:
            zone_name(zone)
        except ValueError as exc:
            problems.append(f"{NAMESPACE}:zone: {exc}")
    snapshot = text("snapshot", required=True)
    hosted_zone_id = text("hostedZoneId")
    if hosted_zone_id is not None:
        try:
            hosted_zone_id = checked_zone_id(hosted_zone_id)
        except ValueError as exc:
            problems.append(f"{NAMESPACE}:hostedZoneId: {exc}")
    phase = text("phase") or "mirror"
    if phase not in PHASES:
        problems.append(f"{NAMESPACE}:phase is {phase!r}; expected one of {', '.join(PHASES)}")
    raw_proxied = get("proxied") or []
    if not isinstance(raw_proxied, list) or not all(isinstance(n, str) for n in raw_proxied):
        problems.append(f"{NAMESPACE}:proxied must be a list of names")
        raw_proxied = []
    proxied = []
    for item in raw_proxied:
        try:
            proxied.append(dns.name.from_text(item.lower()))
        except dns.exception.DNSException as exc:
            problems.append(f"{NAMESPACE}:proxied: {item!r} is not a valid name: {exc}")
    routing = _routing(get("routing"), problems)
    cf_plan = text("cloudflarePlan") or "free"
    if cf_plan not in PLAN_RECORD_LIMITS:
        problems.append(f"{NAMESPACE}:cloudflarePlan is {cf_plan!r}; expected one of {', '.join(PLAN_RECORD_LIMITS)}")
    record_limit = whole("cloudflareRecordLimit", 1, "a positive whole number")
    cf_name_servers = get("cloudflareNameServers") or []
    if not isinstance(cf_name_servers, list) or not all(isinstance(n, str) for n in cf_name_servers):
        problems.append(f"{NAMESPACE}:cloudflareNameServers must be a list of host names")
        cf_name_servers = []
    account, cf_zone = text("cloudflareAccountId"), text("cloudflareZoneId")
    if not account and not cf_zone:
        problems.append(f"{NAMESPACE}:cloudflareAccountId (to create the zone) or "
                        f"{NAMESPACE}:cloudflareZoneId (to adopt one) is required")
    ses_regions = _text_list(get, "sesRegions", problems) or ([aws_region] if aws_region else [])
    ses_identities = _text_list(get, "sesIdentities", problems)
    def names(key: str) -> tuple[str, ...]:
        value = get(key) or []
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(f"{NAMESPACE}:{key} must be a list of strings")
            return ()
        return tuple(value)

    def parsed(key: str, parse_item: Callable[[str], T], reason: Callable[[str, ValueError], str]) -> tuple[T, ...]:
        found = []
        for item in names(key):
            try:
                found.append(parse_item(item))
            except ValueError as exc:
                problems.append(f"{NAMESPACE}:{key}: {reason(item, exc)}")
        return tuple(found)

    def addresses(key: str, syntax: str = "[NAME@]IP[:PORT]") -> tuple[Address, ...]:
        return parsed(key, parse, lambda item, exc: f"{item!r} is not {syntax}: {exc}")

    def zone_ids(key: str) -> tuple[str, ...]:
        return parsed(key, checked_zone_id, lambda item, exc: str(exc))

    def flag(key: str) -> bool | None:
        value = get(key)
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        problems.append(f"{NAMESPACE}:{key} must be true or false, not {value!r}")
        return None

    def path(key: str) -> Path | None:
        value = text(key)
        return inside(key, value) if value else None

    def inside(key: str, value: str) -> Path:
        # Resolved (symbolic links followed) before it is compared: a link inside the project that
        # points out of it is outside too.
        found = (root / value).resolve()
        if not allow_outside and not found.is_relative_to(root.resolve()):
            problems.append(f"{NAMESPACE}:{key}: {value!r} is outside the project folder {root}: the files a stack "
                            f"names stay in the project (set {ALLOW_OUTSIDE_ENV}=1 in the environment to allow it)")
        return found

    allow_outside = os.environ.get(ALLOW_OUTSIDE_ENV) == "1"
    snapshot_path = inside("snapshot", snapshot) if snapshot else None
    identity_paths = tuple(inside("sesIdentities", p) for p in ses_identities)
    wait = whole("decommissionWait", 0, "whole seconds")
    threshold = whole("safetyThreshold", 0, "a whole percent from 0 to 100")
    if threshold is not None and threshold > 100:
        problems.append(f"{NAMESPACE}:safetyThreshold must be a whole percent from 0 to 100, not {threshold!r}")
    cut_over_at = get("cutOverAt")
    if isinstance(cut_over_at, dt.datetime):
        # An unquoted time in YAML is a datetime to PyYAML; Pulumi keeps the text.
        moment = cut_over_at if cut_over_at.tzinfo else cut_over_at.replace(tzinfo=dt.timezone.utc)
        cut_over_at = moment.astimezone(dt.timezone.utc).isoformat().replace("+00:00", "Z")
    else:
        cut_over_at = text("cutOverAt")
    if cut_over_at is not None:
        try:
            parse_time(cut_over_at)
        except ValueError:
            problems.append(f"{NAMESPACE}:cutOverAt must be an ISO 8601 time such as 2026-01-31T12:00:00Z, "
                            f"not {cut_over_at!r}")
    extra = dict(
        cloudflare_existing=path("cloudflareExisting"),
        delete_differing_records=bool(flag("deleteDifferingRecords")),
        inventory=path("inventory"),
        registered_with_route53_domains=flag("registeredWithRoute53Domains"),
        orphan_zones=zone_ids("orphanZones"),
        cut_over_at=cut_over_at,
        decommission_wait=wait,
        route53_servers=addresses("route53Servers"),
        cloudflare_servers=addresses("cloudflareServers"),
        parent_servers=addresses("parentServers", "IP[:PORT]"),
        ses_not_used=bool(flag("sesNotUsed")),
        ignore=parse_ignore(get("ignore"), problems),
        zone_file=path("zoneFile"),
        safety_threshold=DEFAULT_PERCENT if threshold is None else threshold,
        accept_changes=whole("acceptChanges", 0, "a whole number of records"),
        accept_not_migrated=accepted_record_sets(names("acceptNotMigrated"), f"{NAMESPACE}:acceptNotMigrated",
                                                 problems),
    )
    if problems:
        raise SettingsError(f"stack {stack}: " + "; ".join(problems))
    return Settings(
        stack=stack,
        zone=zone,
        snapshot=snapshot_path,  # type: ignore[arg-type]
        hosted_zone_id=hosted_zone_id,
        cloudflare_account_id=account,
        cloudflare_zone_id=cf_zone,
        proxied=tuple(proxied),
        phase=phase,
        routing=routing,
        cloudflare_plan=cf_plan,
        cloudflare_record_limit=record_limit,
        cloudflare_name_servers=tuple(cf_name_servers),
        ses_regions=tuple(ses_regions),
        ses_identities=identity_paths,
        **extra,
    )


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


def zone_option(text: str) -> str:
    """``--zone``'s argparse type: the text when it is a zone name, else an argparse error (exit
    status 2) with the reason (:func:`migration.names.zone_name`)."""
    try:
        zone_name(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
    return text


def zone_id_option(text: str) -> str:
    """A hosted-zone id option's argparse type: the bare id, else an argparse error (exit status
    2) with the reason (:func:`migration.names.hosted_zone_id`)."""
    try:
        return checked_zone_id(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


# --source's help: every kind of file migration.sources.snapshot.read accepts.
SOURCE_HELP = ("the zone's record sets from a file: a snapshot ('python -m migration snapshot'), "
               "'aws route53 list-resource-record-sets' output, raw ListResourceRecordSets API pages, "
               "a change batch ('aws route53 change-resource-record-sets' JSON), a BIND zone file or "
               "a 'cli53 export' file")

# Options that describe the zone without a stack; a stack's settings describe it instead.
SOURCE_OPTIONS = (("source", "--source"), ("zone", "--zone"), ("hosted_zone_id", "--hosted-zone-id"), ("ses", "--ses"))


def stack_or_source(command: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse (argparse error, exit status 2) ``--stack`` together with an option of
    :data:`SOURCE_OPTIONS`, which it would silently override, and neither ``--stack`` nor ``--source``."""
    given = [option for attr, option in SOURCE_OPTIONS if getattr(args, attr, None)]
    if args.stack and given:
        command.error(f"--stack cannot be combined with {', '.join(given)}: the stack's settings name the "
                      "snapshot, zone, hosted-zone id and SES identities")
    if not args.stack and not args.source:
        command.error("give --stack NAME, or --source FILE (and --zone NAME when the file does not name the zone)")


def add_zone_options(command: argparse.ArgumentParser, verb: str) -> None:
    """Give a subcommand the options that say which zone it works on: ``--stack``, or ``--source``
    with ``--zone`` and ``--hosted-zone-id`` (checked by :func:`stack_or_source` once parsed)."""
    command.add_argument("--stack", help=f"stack whose settings (stacks/Pulumi.<stack>.yaml) to {verb}")
    command.add_argument("--source", help=SOURCE_HELP)
    command.add_argument("--zone", type=zone_option, help="the zone's name, with --source when the file does "
                                                          "not name it (snapshot zone, SOA, $ORIGIN)")
    command.add_argument("--hosted-zone-id", type=zone_id_option,
                         help="the hosted-zone id, with --source when the file lacks it")


def from_options(args: argparse.Namespace) -> Settings:
    """The settings a command's options name: the stack's, or those of a ``--source`` file (with
    ``--zone``, ``--hosted-zone-id`` and, where the command has it, ``--ses``).

    Raises :class:`SettingsError` as :func:`load_stack` does."""
    if args.stack:
        return load_stack(args.stack)
    return Settings(stack=NO_STACK, zone=args.zone, snapshot=Path(args.source).resolve(),
                    hosted_zone_id=args.hosted_zone_id, cloudflare_account_id="(account)",
                    ses_identities=tuple(Path(f).resolve() for f in getattr(args, "ses", ())))


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
    :class:`SettingsError` when ``Pulumi.yaml`` cannot be read or its ``stackConfigDir`` is not text."""
    project = _read_yaml(root / "Pulumi.yaml", stack) or {}
    folder = project.get("stackConfigDir", ".") if isinstance(project, dict) else None
    if not isinstance(folder, str):
        raise SettingsError(f"stack {stack}: {root / 'Pulumi.yaml'}: stackConfigDir must be a folder name, "
                            f"not {type(folder).__name__}")
    return root / folder / f"Pulumi.{stack}.yaml"


def read_stack_file(stack: str, cwd: Path | None = None) -> tuple[Path, Path, dict[str, Any]]:
    """The project root, the stack file's path and its ``config:`` mapping.

    Raises :class:`SettingsError` when the file is missing, unreadable, not YAML, gives a key
    twice, or is not a mapping with a ``config:`` mapping."""
    root = project_root((cwd or Path.cwd()).resolve())
    path = stack_file(root, stack)
    if not path.is_file():
        raise SettingsError(f"stack {stack}: no settings file {path}")
    document = _read_yaml(path, stack) or {}
    config = document.get("config") if isinstance(document, dict) else None
    if not isinstance(document, dict) or not isinstance(config or {}, dict):
        what = "its top level" if not isinstance(document, dict) else "its config:"
        raise SettingsError(f"stack {stack}: {path}: {what} must be a mapping of settings (config: followed by "
                            f"'{NAMESPACE}:zone: ...' lines), not a {type(config if isinstance(document, dict) else document).__name__}")
    return root, path, config or {}


def load_stack(stack: str, cwd: Path | None = None) -> Settings:
    """Read ``stacks/Pulumi.<stack>.yaml`` the way Pulumi would, without the Pulumi CLI.

    Raises :class:`SettingsError` when the file is missing, not YAML, gives a key twice, is not
    a mapping, or a key is unknown or wrong.
    """
    root, _, config = read_stack_file(stack, cwd)
    return from_lookup(stack, lambda key: config.get(f"{NAMESPACE}:{key}"), root, aws_region=config.get("aws:region"),
                       keys=config)
