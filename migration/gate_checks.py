"""The I/O behind the gates: DNS through the verify engine (:mod:`migration.verify`), Route53
through boto3; SES's DKIM status is the plan's own Email section (read by
:mod:`migration.sources.ses`).

Each function gathers the facts one gate of :mod:`migration.gates` judges, then calls it. The
servers asked are the zone's name servers (Route53's from the snapshot, Cloudflare's from
``migration:cloudflareNameServers``) or the address overrides ``migration:route53Servers``,
``cloudflareServers`` and ``parentServers`` (:mod:`migration.verify.servers`).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
from typing import Callable, TypeVar

import botocore.exceptions
import botocore.parsers

from . import gates, verify
from .errors import AwsError, MigrationError
from .plan import Plan
from .resources import R53_HEALTH_CHECK, R53_QUERY_LOG
from .settings import NO_STACK, hosted_zone_id_hint, parse_time
from .sources import aws, inventory, route53_api
from .sources.route53_json import record_sets_from_raw
from .verify.delegation import Lookup
from .verify.servers import servers_for, system_lookup

# Seconds per try and tries: a gate is checked on every preview, so it fails fast and says why.
OPTIONS = verify.Options(timeout=2.0, retries=2, concurrency=32)
T = TypeVar("T")


def _outside_loop(work: Callable[[], T]) -> T:
    """Run ``work`` (which runs its own event loop) here, or in a worker thread when this thread
    already runs one: the Pulumi program is called from inside Pulumi's event loop."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return work()
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(work).result()


def _from_verify(name: str, result: verify.VerifyResult, passed: str, failed: str) -> gates.Gate:
    """The gate ``name`` from a :mod:`migration.verify` run: passed when nothing is different
    and everything could be checked; ``passed`` / ``failed`` is the sentence, followed by the
    counts of checks by status. Differences: each check ``different`` or ``unchecked``, with the
    server it concerns and why."""
    counts = ", ".join(f"{n} {status}" for status, n in result.counts().items() if n)
    problems = tuple(
        f"{c.subject}: {c.status} ({c.code})"
        + (f" at {c.server}" if c.server else "")
        + (f": {c.detail}" if c.detail else "")
        for c in result.checks
        if c.status in ("different", "unchecked")
    )
    return gates.Gate(
        name, result.passed, f"{passed if result.passed else failed} ({counts or 'nothing checked'})", problems
    )


def answers_gate(plan: Plan, options: verify.Options = OPTIONS, lookup: Lookup = system_lookup) -> gates.Gate:
    """Gate ``answers`` (cut-over, and again at decommission for drift on the Cloudflare side):
    :func:`migration.verify.cutover_gate` (every record set the plan carries, and the email
    records, asked of every Route53 and Cloudflare server)."""
    servers = asyncio.run(servers_for(plan, lookup=lookup))
    result = verify.cutover_gate(plan, servers, options)
    return _from_verify(
        "answers",
        result,
        "Cloudflare's servers answer every planned record set as Route53's do",
        "Cloudflare's servers do not answer as Route53's do",
    )


def dnssec_gate(
    plan: Plan, endpoint_url: str | None = None, options: verify.Options = OPTIONS, lookup: Lookup = system_lookup
) -> gates.Gate:
    """Cut-over gate ``dnssec``: Route53's signing status and the DS records the parent's servers
    publish (asked through verify's query layer)."""
    servers = asyncio.run(servers_for(plan, need=()))
    found, problems = verify.parent_ds(plan, servers, options, lookup)
    return gates.dnssec(signing(plan, endpoint_url), found, problems)


def delegation_gate(
    plan: Plan, options: verify.Options = OPTIONS, lookup: Lookup = system_lookup
) -> tuple[gates.Gate, int | None]:
    """Decommission gate (a): :func:`migration.verify.decommission_delegation_gate`; also the
    parent's NS TTL (seconds, ``None`` when unknown), the default wait of gate (b)."""
    if not plan.settings.cloudflare_name_servers:
        return gates.Gate(
            "delegation",
            False,
            "migration:cloudflareNameServers is not set: the name servers "
            "Cloudflare assigned (the mirror phase's output cloudflareNameServers) "
            "are needed",
        ), None
    servers = asyncio.run(servers_for(plan, need=()))
    result = verify.decommission_delegation_gate(plan, servers, options, lookup)
    gate = _from_verify(
        "delegation",
        result,
        "the parent zone's servers delegate to Cloudflare's name servers alone, each answering authoritatively",
        "the parent zone does not delegate to Cloudflare's name servers alone",
    )
    return gate, result.parent_ns_ttl


def _hosted_zone_id(plan: Plan) -> str:
    """The snapshot's hosted-zone id; raises :class:`MigrationError` (the gate then fails and says
    why) when it has none: Route53 cannot be asked about a zone it does not name."""
    if not plan.snapshot.hosted_zone_id:
        raise MigrationError(
            "the snapshot has no hosted-zone id to ask Route53 about: " + hosted_zone_id_hint(plan.settings)
        )
    return plan.snapshot.hosted_zone_id


def zone_id_setting(plan: Plan) -> str:
    """The plan's hosted-zone id and where it came from, as a user would look for it
    (``migration:hostedZoneId Z...``)."""
    zone_id = plan.snapshot.hosted_zone_id
    if plan.settings.hosted_zone_id:
        return f"{'--hosted-zone-id' if plan.settings.stack == NO_STACK else 'migration:hostedZoneId'} {zone_id}"
    return f"hostedZoneId {zone_id} of the snapshot {plan.snapshot.source}"


def hosted_zone_gate(plan: Plan, endpoint_url: str | None = None) -> gates.Gate:
    """Gate ``hosted-zone``: Route53's ``GetHostedZone`` of the plan's hosted-zone id, judged by
    :func:`migration.gates.hosted_zone`."""
    zone_id = _hosted_zone_id(plan)
    route53 = route53_api.client(endpoint_url=endpoint_url)
    # aws.call words every other failure (no credentials, refusals, retries spent) as the readers do.
    answer = aws.call(route53, "get_hosted_zone", {"Id": zone_id}, tolerated=("NoSuchHostedZone",))
    found = answer["HostedZone"] if answer else None
    return gates.hosted_zone(plan.snapshot.zone, zone_id, zone_id_setting(plan), found)


def orphans_gate(plan: Plan, endpoint_url: str | None = None) -> gates.Gate:
    """Gate ``orphans``: the zone's health checks (with the hosted zones using each) and query
    logging read live (:func:`migration.sources.inventory.read_live`), judged against what the
    plan deletes and keeps (:func:`migration.gates.orphans`)."""
    _hosted_zone_id(plan)
    live = inventory.from_document(inventory.read_live(plan.snapshot, endpoint_url=endpoint_url), "Route53")
    deleting = {
        r.import_id or r.name.removeprefix("route53-health-check-")
        for r in plan.resources
        if r.type == R53_HEALTH_CHECK and r.action == "delete"
    }
    keeping = {r.import_id for r in plan.resources if r.type == R53_HEALTH_CHECK and r.action != "delete"}
    logs = {
        r.name.removeprefix("route53-query-log-")
        for r in plan.resources
        if r.type == R53_QUERY_LOG and r.action == "delete"
    }
    return gates.orphans(deleting, {k for k in keeping if k}, logs, live)


def live_record_sets(plan: Plan, endpoint_url: str | None = None):
    """The hosted zone's record sets as Route53 holds them now (``AWS_ENDPOINT_URL`` honoured).
    Raises :class:`MigrationError` when the snapshot has no hosted-zone id, :class:`AwsError`
    when Route53 cannot be read whole."""
    snapshot = plan.snapshot
    hosted_zone_id = _hosted_zone_id(plan)
    route53 = route53_api.client(endpoint_url=endpoint_url)
    raws = route53_api.read_raw_record_sets(route53, hosted_zone_id)
    return record_sets_from_raw(raws, snapshot.zone, f"Route53 {hosted_zone_id}")


def snapshot_gate(plan: Plan, endpoint_url: str | None = None) -> gates.Gate:
    """Gate (c) with the live zone read from Route53 (whole, or the gate fails and says why:
    :func:`migration.sources.route53_api.read_raw_record_sets`)."""
    try:
        live = live_record_sets(plan, endpoint_url)
    except AwsError as exc:
        return gates.Gate("snapshot", False, f"Route53 could not be read: {exc}")
    return gates.snapshot_unchanged(plan.snapshot.record_sets, live)


def signing(plan: Plan, endpoint_url: str | None = None) -> bool:
    """Whether Route53 signs the zone (``GetDNSSEC`` ``Status.ServeSignature`` is ``SIGNING``).
    Raises :class:`MigrationError` when the snapshot has no hosted-zone id."""
    zone_id = _hosted_zone_id(plan)
    route53 = route53_api.client(endpoint_url=endpoint_url)
    status = aws.call(route53, "get_dnssec", {"HostedZoneId": zone_id}).get("Status", {})
    return status.get("ServeSignature") == "SIGNING"


def _checked(name: str, check: Callable[[], gates.Gate]) -> gates.Gate:
    """Run one gate's check; no server to ask, or an AWS failure, is that gate failing, with the
    reason (verify itself never raises for servers that do not answer)."""
    try:
        return check()
    except MigrationError as exc:
        return gates.Gate(name, False, f"could not be checked: {exc}")
    except botocore.exceptions.ClientError as exc:
        err = exc.response.get("Error", {})
        return gates.Gate(
            name,
            False,
            f"could not be checked: Route53 refused {exc.operation_name}: {err.get('Code')}: {err.get('Message')}",
        )
    except (OSError, botocore.exceptions.BotoCoreError, botocore.parsers.ResponseParserError) as exc:
        return gates.Gate(name, False, f"could not be checked: {type(exc).__name__}: {exc}")


def run(
    plan: Plan,
    now: dt.datetime | None = None,
    endpoint_url: str | None = None,
    options: verify.Options = OPTIONS,
    lookup: Lookup = system_lookup,
) -> tuple[gates.Gate, ...]:
    """Every gate of the plan's phase, in :data:`gates.PHASE_GATES` order, checked on ``plan``
    (built without gates: :func:`migration.plan.build`). Never raises for a server or API that
    cannot be reached: the gate fails and says why."""
    return _outside_loop(lambda: _run(plan, now or dt.datetime.now(dt.timezone.utc), endpoint_url, options, lookup))


def _run(
    plan: Plan, now: dt.datetime, endpoint_url: str | None, options: verify.Options, lookup: Lookup
) -> tuple[gates.Gate, ...]:
    settings = plan.settings
    if settings.phase == "cut-over":
        return (
            _checked("hosted-zone", lambda: hosted_zone_gate(plan, endpoint_url)),
            _checked("answers", lambda: answers_gate(plan, options, lookup)),
            _checked("dnssec", lambda: dnssec_gate(plan, endpoint_url, options, lookup)),
        )
    if settings.phase != "decommission":
        return ()
    ttl: list[int | None] = [None]

    def delegation() -> gates.Gate:
        gate, ttl[0] = delegation_gate(plan, options, lookup)
        return gate

    zone = _checked("hosted-zone", lambda: hosted_zone_gate(plan, endpoint_url))
    first = _checked("delegation", delegation)
    cut = parse_time(settings.cut_over_at) if settings.cut_over_at else None
    wait: int | None
    because: tuple[str, ...]
    if settings.decommission_wait is not None:
        wait, because = settings.decommission_wait, ()
    else:
        wait, because = gates.default_wait(ttl[0], plan.snapshot.record_sets, plan.snapshot.zone)
    return (
        zone,
        first,
        gates.wait(cut, now, wait, because),
        _checked("snapshot", lambda: snapshot_gate(plan, endpoint_url)),
        _checked("answers", lambda: answers_gate(plan, options, lookup)),
        _checked("orphans", lambda: orphans_gate(plan, endpoint_url)),
        gates.ses_dkim(plan.email, plan.snapshot.zone, settings.ses_not_used),
    )
