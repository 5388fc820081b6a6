"""Whom ``verify`` and the gates ask: the zone's name servers by host name (Route53's from the
snapshot, Cloudflare's from ``migration:cloudflareNameServers``) at the addresses the system's
resolver gives, or at the address overrides of the stack settings (``route53Servers``,
``cloudflareServers``, ``parentServers``) or of the command line, which take their place.
"""

from __future__ import annotations

from typing import Collection, Sequence

import dns.asyncresolver
import dns.exception
import dns.name

from .. import rdata_fields
from ..errors import MigrationError
from ..plan import Plan
from ..servers import Address
from . import Servers
from .delegation import ROOT_SERVERS, Lookup
from .query import Server

ROLES = ("old", "new")
_SETTING = {"old": "route53Servers", "new": "cloudflareServers"}


async def system_lookup(host: str) -> list[str]:
    """IPv4 addresses of ``host`` from the system's resolver (empty when it has none)."""
    try:
        answer = await dns.asyncresolver.resolve(host, "A")
    except dns.exception.DNSException:
        return []
    return [rd.address for rd in answer]


def server(role: str, address: Address) -> Server:
    """The :class:`~.query.Server` to ask at ``address`` in ``role``."""
    return Server(role, address.host, address.port, address.name)


async def _addresses(role: str, names: list[str], lookup: Lookup) -> list[Server]:
    servers = []
    for name in names:
        found = await lookup(name)
        if not found:
            raise MigrationError(
                f"{role} name server {name} has no address (the system's resolver found none); "
                f"give it with migration:{_SETTING[role]} or --nameserver {role}=NAME@IP[:PORT]"
            )
        servers += [Server(role, ip, 53, dns.name.from_text(name).to_text().lower()) for ip in found]
    return servers


async def servers_for(
    plan: Plan,
    need: Collection[str] = ROLES,
    old: Sequence[Server] | None = None,
    new: Sequence[Server] | None = None,
    parents: Sequence[Server] | None = None,
    new_names: Sequence[str] | None = None,
    lookup: Lookup = system_lookup,
) -> Servers:
    """The :class:`~migration.verify.Servers` for ``plan``.

    Route53's host names are the snapshot's delegation set (else its apex NS record set).
    ``old``, ``new``, ``parents``: address overrides (``None``: the plan's settings
    ``route53Servers``, ``cloudflareServers``, ``parentServers``); ``new_names``: Cloudflare's
    host names (``None``: ``migration:cloudflareNameServers``). A role of ``need`` (``old``,
    ``new``) without overrides is asked at its host names' addresses from ``lookup``. No parents
    means they are found from the root servers. Overrides given with a NAME also stand for that
    host name when the delegation names it.

    Raises :class:`~migration.errors.MigrationError` saying what to set when a needed role has no
    host names, or a host name has no address.
    """
    settings = plan.settings
    snapshot = plan.snapshot
    # The delegation set: the snapshot's, or else the apex NS record set Route53 serves.
    route53_names = snapshot.name_servers or tuple(
        rdata_fields.target(rd).derelativize(dns.name.root).to_text()
        for rs in snapshot.record_sets
        if rs.name == snapshot.zone and rs.rtype == "NS"
        for rd in rs.rdatas
    )
    given = {
        "old": list(old) if old is not None else [server("old", a) for a in settings.route53_servers],
        "new": list(new) if new is not None else [server("new", a) for a in settings.cloudflare_servers],
    }
    names = {
        "old": [n.lower() for n in route53_names],
        "new": [n.lower() for n in (new_names if new_names is not None else settings.cloudflare_name_servers)],
    }
    chosen: dict[str, list[Server]] = {}
    for role in ROLES:
        if given[role]:
            chosen[role] = given[role]
        elif role in need:
            if not names[role]:
                where = (
                    "the snapshot lists none"
                    if role == "old"
                    else "set migration:cloudflareNameServers or give --stack-output"
                )
                raise MigrationError(
                    f"no {role} name servers: {where}, or set migration:{_SETTING[role]} "
                    f"or give --nameserver {role}=IP[:PORT]"
                )
            chosen[role] = await _addresses(role, names[role], lookup)
        else:
            chosen[role] = []
        names[role] += [s.name for s in given[role] if s.name and s.name not in names[role]]
    parent_servers = parents if parents is not None else [server("parent", a) for a in settings.parent_servers]
    known = {s.name: s for role in ROLES for s in given[role] if s.name}
    return Servers(
        old=tuple(chosen["old"]),
        new=tuple(chosen["new"]),
        old_names=tuple(names["old"]),
        new_names=tuple(names["new"]),
        parents=tuple(parent_servers),
        roots=ROOT_SERVERS,
        known=known,
    )
