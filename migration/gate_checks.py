"""The I/O behind the gates: DNS queries (dnspython), Route53 and SES reads (boto3).

Each function gathers the facts one gate of :mod:`migration.gates` judges, then calls it.
Servers are ``host[:port]`` (stack settings ``migration:parentServers``, ``route53Servers``,
``cloudflareServers``); when unset, the names are looked up with the system resolver.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Callable

import boto3
import botocore.exceptions
import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.query
import dns.rdatatype
import dns.resolver

from . import gates
from .model import Snapshot, Translation
from .settings import Settings, parse_time
from .sources import route53_api
from .sources.route53_json import record_sets_from_raw

TIMEOUT = 3.0  # seconds per query


def parse_server(text: str) -> tuple[str, int]:
    """``host[:port]`` -> (host, port); port 53 when absent."""
    host, _, port = text.rpartition(":") if text.count(":") == 1 else (text, "", "53")
    return host, int(port)


def _addresses(names: tuple[str, ...] | list[str]) -> list[str]:
    found = []
    for name in names:
        for answer in dns.resolver.resolve(name, "A"):
            found.append(answer.address)
    return found


def ask(server: str, name: dns.name.Name, rtype: str, recurse: bool = False) -> dns.message.Message:
    """One query to ``server`` (UDP, TCP when truncated). Raises ``dns.exception.DNSException``
    or ``OSError`` when the server does not answer."""
    host, port = parse_server(server)
    query = dns.message.make_query(name, rtype)
    if not recurse:
        query.flags &= ~dns.flags.RD
    return dns.query.udp_with_fallback(query, host, port=port, timeout=TIMEOUT)[0]


def parent_servers(settings: Settings, zone: dns.name.Name) -> list[str]:
    """The parent zone's servers: the setting, or the parent's NS looked up."""
    if settings.parent_servers:
        return list(settings.parent_servers)
    parent = zone.parent()
    return _addresses([ns.target.to_text() for ns in dns.resolver.resolve(parent, "NS")])


def delegation(settings: Settings, zone: dns.name.Name) -> tuple[dict[str, tuple[str, ...] | str], int | None]:
    """Each parent server's NS names for ``zone`` (from the referral's authority section, or the
    answer section) and the smallest NS TTL seen (seconds; ``None`` if none answered)."""
    found: dict[str, tuple[str, ...] | str] = {}
    ttls = []
    for server in parent_servers(settings, zone):
        try:
            reply = ask(server, zone, "NS")
        except (dns.exception.DNSException, OSError) as exc:
            found[server] = f"no answer: {exc or type(exc).__name__}"
            continue
        rrsets = [r for r in reply.answer + reply.authority if r.rdtype == dns.rdatatype.NS and r.name == zone]
        found[server] = tuple(rd.target.to_text() for r in rrsets for rd in r)
        ttls += [r.ttl for r in rrsets]
    return found, (min(ttls) if ttls else None)


def ds_at_parent(settings: Settings, zone: dns.name.Name) -> tuple[str, ...]:
    """The DS records the parent's servers publish for ``zone`` (presentation format)."""
    found: set[str] = set()
    for server in parent_servers(settings, zone):
        reply = ask(server, zone, "DS")
        found |= {rd.to_text() for r in reply.answer if r.rdtype == dns.rdatatype.DS for rd in r}
    return tuple(sorted(found))


def _answers(servers: list[str], keys: list[tuple[str, str]]) -> dict[tuple[str, str], frozenset[str] | str]:
    out: dict[tuple[str, str], frozenset[str] | str] = {}
    for name, rtype in keys:
        values: set[str] = set()
        for server in servers:
            try:
                reply = ask(server, dns.name.from_text(name), rtype)
            except (dns.exception.DNSException, OSError) as exc:
                out[(name, rtype)] = f"{server} did not answer: {exc or type(exc).__name__}"
                break
            rrsets = [r for r in reply.answer + reply.authority
                      if r.rdtype == dns.rdatatype.from_text(rtype) and r.name == dns.name.from_text(name)]
            values |= {rd.to_text() for r in rrsets for rd in r}
        else:
            out[(name, rtype)] = frozenset(values)
    return out


def answers_gate(settings: Settings, snapshot: Snapshot, translation: Translation,
                 pending: dict[tuple[str, str], frozenset[str]]) -> gates.Gate:
    """Query both providers for every translated (owner, type) with values (aliases are left
    out: Route53 answers them with the target's data) and judge with :func:`gates.answers`."""
    keys, skipped = [], []
    for outcome in translation.outcomes:
        rs = outcome.record_set
        if outcome.status != "translated" or outcome.merged_into:
            continue
        if rs.alias is not None:
            skipped.append(rs.label())
            continue
        keys += sorted({(rs.name.to_text(), r.type) for r in outcome.records})
    route53 = list(settings.route53_servers) or _addresses(list(snapshot.name_servers))
    cloudflare = list(settings.cloudflare_servers) or _addresses(list(settings.cloudflare_name_servers))
    if not route53 or not cloudflare:
        return gates.Gate("answers", False, "no server to ask: set migration:cloudflareNameServers (and the snapshot's "
                                            "name servers) or migration:route53Servers / cloudflareServers")
    return gates.answers(_answers(route53, keys), _answers(cloudflare, keys), pending, tuple(skipped))


def live_record_sets(snapshot: Snapshot, endpoint_url: str | None = None):
    """The hosted zone's record sets as Route53 holds them now (``AWS_ENDPOINT_URL`` honoured)."""
    route53 = route53_api.client(endpoint_url=endpoint_url)
    raws = route53_api.read_raw_record_sets(route53, snapshot.hosted_zone_id)
    return record_sets_from_raw(raws, snapshot.zone, f"Route53 {snapshot.hosted_zone_id}")


def snapshot_gate(snapshot: Snapshot, endpoint_url: str | None = None) -> gates.Gate:
    """Gate (c) with the live zone read from Route53."""
    try:
        live = live_record_sets(snapshot, endpoint_url)
    except botocore.exceptions.ClientError as exc:
        err = exc.response.get("Error", {})
        return gates.Gate("snapshot", False, f"Route53 could not be read: {err.get('Code')}: {err.get('Message')}")
    return gates.snapshot_unchanged(snapshot.record_sets, live)


def ses_dkim_status(identity: str, region: str, endpoint_url: str | None = None) -> str | None:
    """SES's DKIM verification status of ``identity`` (SES v1 ``GetIdentityDkimAttributes``:
    ``Pending``, ``Success``, ``Failed``, ``TemporaryFailure``, ``NotStarted``); ``None`` when SES
    does not know the identity."""
    ses: Any = boto3.client("ses", region_name=region, endpoint_url=endpoint_url)
    found = ses.get_identity_dkim_attributes(Identities=[identity])["DkimAttributes"]
    return found[identity]["DkimVerificationStatus"] if identity in found else None


def signing(snapshot: Snapshot, endpoint_url: str | None = None) -> bool:
    """Whether Route53 signs the zone (``GetDNSSEC`` ``Status.ServeSignature`` is ``SIGNING``)."""
    route53 = route53_api.client(endpoint_url=endpoint_url)
    status = route53.get_dnssec(HostedZoneId=snapshot.hosted_zone_id).get("Status", {})
    return status.get("ServeSignature") == "SIGNING"


def _checked(name: str, check: Callable[[], gates.Gate]) -> gates.Gate:
    """Run one gate's check; a lookup or AWS failure is that gate failing, with the reason."""
    try:
        return check()
    except (dns.exception.DNSException, OSError, botocore.exceptions.BotoCoreError,
            botocore.exceptions.ClientError) as exc:
        return gates.Gate(name, False, f"could not be checked: {type(exc).__name__}: {exc}")


def run(settings: Settings, snapshot: Snapshot, translation: Translation,
        pending: dict[tuple[str, str], frozenset[str]], now: dt.datetime | None = None,
        endpoint_url: str | None = None) -> tuple[gates.Gate, ...]:
    """Every gate of ``settings.phase``, in :data:`gates.PHASE_GATES` order. Never raises for a
    server or API that cannot be reached: the gate fails and says why."""
    now = now or dt.datetime.now(dt.timezone.utc)
    zone = snapshot.zone
    if settings.phase == "cut-over":
        return (
            _checked("answers", lambda: answers_gate(settings, snapshot, translation, pending)),
            _checked("dnssec", lambda: gates.dnssec(signing(snapshot, endpoint_url), ds_at_parent(settings, zone))),
        )
    if settings.phase != "decommission":
        return ()
    ttl: list[int | None] = [None]

    def delegation_gate() -> gates.Gate:
        parent, ttl[0] = delegation(settings, zone)
        return gates.delegation(parent, settings.cloudflare_name_servers)

    identity = zone.to_text(omit_final_dot=True)
    cut = parse_time(settings.cut_over_at) if settings.cut_over_at else None
    first = _checked("delegation", delegation_gate)
    wait = settings.decommission_wait if settings.decommission_wait is not None else ttl[0]
    return (
        first,
        gates.wait(cut, now, wait),
        _checked("snapshot", lambda: snapshot_gate(snapshot, endpoint_url)),
        _checked("ses-dkim", lambda: gates.ses_dkim(
            ses_dkim_status(identity, settings.ses_region, endpoint_url) if settings.ses_region else None, identity)),
    )
