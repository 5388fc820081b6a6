"""The delegation as the parent zone's servers give it, and whether each delegated server is
authoritative (not lame).

The parent's servers answer a question for the zone with a referral: the zone's NS set in the
authority section, with the AA flag off (RFC 1034 section 4.3.2). They are found from the root
by following referrals (RFC 1034 section 5.3.3) or given by the user. A delegated server is
lame when it does not answer authoritatively for the zone (RFC 1912 section 2.8): no AA flag,
REFUSED or another error, or no answer at all.
"""

from __future__ import annotations

import asyncio
from typing import Awaitable, Callable, Mapping, Sequence

import dns.name

from .compare import Check, Verdict
from .query import Querier, Reply, Server

# The root servers' IPv4 addresses (IANA root hints, https://www.internic.net/domain/named.root).
ROOT_SERVERS = tuple(
    Server("root", host, 53, f"{letter}.root-servers.net.")
    for letter, host in (
        ("a", "198.41.0.4"),
        ("b", "170.247.170.2"),
        ("c", "192.33.4.12"),
        ("d", "199.7.91.13"),
        ("e", "192.203.230.10"),
        ("f", "192.5.5.241"),
        ("g", "192.112.36.4"),
        ("h", "198.97.190.53"),
        ("i", "192.36.148.17"),
        ("j", "192.58.128.30"),
        ("k", "193.0.14.129"),
        ("l", "199.7.83.42"),
        ("m", "202.12.27.33"),
    )
)

MAX_REFERRALS = 16
Lookup = Callable[[str], Awaitable[list[str]]]


class DelegationError(Exception):
    """The parent's servers could not be found (no referral leads to the zone's parent)."""


def _norm(name: str) -> str:
    return dns.name.from_text(name).to_text().lower()


def _referral(reply: Reply) -> tuple[dns.name.Name, list[str]] | None:
    for rrset in reply.authority:
        if rrset.rdtype == 2:  # NS
            return rrset.name, [rd.target.to_text().lower() for rd in rrset]
    return None


def _glue(reply: Reply, port: int, role: str) -> list[Server]:
    servers = []
    for rrset in reply.additional:
        if rrset.rdtype == 1:  # A: the loopback set-ups and most networks reach IPv4
            servers += [Server(role, rd.address, port, rrset.name.to_text().lower()) for rd in rrset]
    return servers


async def find_parent_servers(
    zone: dns.name.Name, querier: Querier, roots: Sequence[Server] = ROOT_SERVERS, lookup: Lookup | None = None
) -> list[Server]:
    """The servers of ``zone``'s parent, found by following referrals from ``roots``.

    Referrals are followed through their glue addresses (port: the roots' port, so a test
    hierarchy on loopback can use one port); a referral without glue is followed through
    ``lookup(host name) -> [IP]``. Raises :class:`DelegationError` when no server answers or a
    referral leads nowhere.
    """
    servers = list(roots)
    port = roots[0].port if roots else 53
    for _ in range(MAX_REFERRALS):
        reply = None
        for server in servers:
            candidate = await querier.ask(server, zone, "NS")
            if not candidate.error and candidate.rcode in ("NOERROR", "NXDOMAIN"):
                reply = candidate
                break
        if reply is None:
            raise DelegationError(f"none of {', '.join(s.label for s in servers)} answered for {zone.to_text()}")
        referral = _referral(reply)
        if reply.authoritative or referral is None:
            # Answered from the zone itself or its parent: these servers hold the parent's data.
            return [Server("parent", s.host, s.port, s.name) for s in servers]
        owner, hosts = referral
        if owner == zone:
            return [Server("parent", s.host, s.port, s.name) for s in servers]
        if not zone.is_subdomain(owner):
            raise DelegationError(
                f"{reply.server.label} referred {zone.to_text()} to {owner.to_text()}, which is not above it"
            )
        following = _glue(reply, port, "referral")
        if not following and lookup is not None:
            for host in hosts:
                following += [Server("referral", ip, port, host) for ip in await lookup(host)]
        if not following:
            raise DelegationError(f"the referral to {owner.to_text()} from {reply.server.label} has no addresses")
        servers = following
    raise DelegationError(f"more than {MAX_REFERRALS} referrals for {zone.to_text()}")


def classify(delegated: set[str], old_names: set[str], new_names: set[str], strict: bool) -> Verdict:
    """``(status, code, detail)`` for a delegated NS set against Route53's (``old_names``) and
    Cloudflare's (``new_names``) host names (absolute, lower case).

    Only Cloudflare's, all of them: ``equal``. Only Route53's: a ``warning`` (cut-over not done
    yet), or ``different`` when ``strict`` (the decommission gate). A mix, or a server that is
    neither: ``different``.
    """
    listed = ", ".join(sorted(delegated)) or "no NS"
    if delegated and delegated == new_names:
        return "equal", "delegation-new", f"delegated to Cloudflare's servers: {listed}"
    old, new, other = delegated & old_names, delegated & new_names, delegated - old_names - new_names
    if other:
        return (
            "different",
            "delegation-unknown",
            f"delegated to servers of neither provider: {', '.join(sorted(other))}",
        )
    if old and new:
        return (
            "different",
            "delegation-mixed",
            (
                f"delegated to a mix of Route53 ({', '.join(sorted(old))}) and "
                f"Cloudflare ({', '.join(sorted(new))}) servers: resolvers get "
                "different answers depending on the server they pick"
            ),
        )
    if new:
        return (
            "different",
            "delegation-partial",
            (f"delegated to some of Cloudflare's servers ({listed}); assigned: {', '.join(sorted(new_names))}"),
        )
    if old and old == old_names and not strict:
        return "warning", "delegation-old", f"still delegated to Route53 ({listed}): cut-over not done"
    return "different", "delegation-old", f"delegated to Route53 ({listed}), not to Cloudflare's servers"


async def check_delegation(
    zone: dns.name.Name,
    querier: Querier,
    parents: Sequence[Server],
    old_names: Sequence[str],
    new_names: Sequence[str],
    known: Mapping[str, Server],
    lookup: Lookup | None = None,
    strict: bool = False,
) -> tuple[list[Check], int | None]:
    """Ask every parent server for the zone's NS set, classify it (:func:`classify`) and check
    each delegated server for lameness.

    ``known`` maps host names (absolute, lower case) to the server to ask (the user's
    ``NAME@IP[:PORT]`` overrides); otherwise the parent's glue (port 53) or ``lookup`` gives the
    address. Returns the checks and the smallest TTL (seconds) of the NS sets the parent's
    servers gave (``None`` when none did): how long resolvers may keep the delegation they
    cached (RFC 2181 section 5.2). Never raises for network trouble.
    """
    subject = f"{zone.to_text()} delegation"
    checks: list[Check] = []
    replies = await asyncio.gather(*(querier.ask(p, zone, "NS") for p in parents))
    sets: dict[Server, set[str]] = {}
    ttls: list[int] = []
    addresses: dict[str, list[Server]] = {}
    for reply in replies:
        if reply.error or reply.rcode != "NOERROR":
            code = (
                ("timeout" if reply.error.startswith("timeout") else "unreachable")
                if reply.error
                else reply.rcode.lower()
            )
            checks.append(
                Check(
                    "delegation",
                    subject,
                    "unchecked",
                    code,
                    reply.error or f"the parent's server answered {reply.rcode}",
                    reply.server.label,
                )
            )
            continue
        rrset = reply.find("authority", zone, "NS") or reply.find("answer", zone, "NS")
        sets[reply.server] = {rd.target.to_text().lower() for rd in rrset} if rrset is not None else set()
        ttls += [rrset.ttl] if rrset is not None else []
        for glue in _glue(reply, 53, "delegated"):
            assert glue.name is not None  # _glue names every server
            addresses.setdefault(glue.name, []).append(glue)
    if not sets:
        return checks, None
    distinct = {frozenset(s) for s in sets.values()}
    if len(distinct) > 1:
        detail = "; ".join(f"{srv.label}: {', '.join(sorted(s)) or 'no NS'}" for srv, s in sets.items())
        checks.append(Check("delegation", subject, "different", "parents-disagree", detail))
    delegated = set().union(*sets.values())
    old_set, new_set = {_norm(n) for n in old_names}, {_norm(n) for n in new_names}
    checks.append(Check("delegation", subject, *classify(delegated, old_set, new_set, strict)))
    checks += await asyncio.gather(
        *(_lame_check(zone, host, querier, known, addresses, lookup) for host in sorted(delegated))
    )
    return checks, min(ttls) if ttls else None


async def ds_at_parent(zone: dns.name.Name, querier: Querier, parents: Sequence[Server]) -> tuple[list[str], list[str]]:
    """The DS records ``parents`` publish for ``zone`` (presentation format, sorted; the parent
    is authoritative for them, RFC 4034 section 5) and, per parent server that could not be
    asked, why. Never raises for network trouble."""
    found: set[str] = set()
    problems = []
    for reply in await asyncio.gather(*(querier.ask(p, zone, "DS") for p in parents)):
        if reply.error or reply.rcode not in ("NOERROR", "NXDOMAIN"):
            problems.append(f"{reply.server.label}: " + (reply.error or f"answered {reply.rcode}"))
            continue
        rrset = reply.find("answer", zone, "DS")
        found |= {rd.to_text() for rd in rrset} if rrset is not None else set()
    return sorted(found), problems


async def _lame_check(
    zone: dns.name.Name,
    host: str,
    querier: Querier,
    known: Mapping[str, Server],
    glue: Mapping[str, list[Server]],
    lookup: Lookup | None,
) -> Check:
    subject = f"{zone.to_text()} NS {host}"
    if host in known:
        servers = [known[host]]
    elif host in glue:
        servers = glue[host]
    elif lookup is not None:
        servers = [Server("delegated", ip, 53, host) for ip in await lookup(host)]
    else:
        servers = []
    if not servers:
        return Check("delegation", subject, "unchecked", "no-address", f"no address known for {host}")
    problems = []
    for server in servers:
        reply = await querier.ask(server, zone, "SOA")
        if reply.error:
            problems.append(f"{server.label}: no answer ({reply.error})")
        elif reply.rcode != "NOERROR":
            problems.append(f"{server.label}: answered {reply.rcode}")
        elif not reply.authoritative:
            problems.append(f"{server.label}: answered without the AA flag")
        elif reply.find("answer", zone, "SOA") is None:
            problems.append(f"{server.label}: no SOA for the zone")
    if problems:
        return Check(
            "delegation",
            subject,
            "different",
            "lame-server",
            "not authoritative for the zone: " + "; ".join(problems),
            servers[0].label,
        )
    return Check("delegation", subject, "equal", "authoritative", "", servers[0].label)
