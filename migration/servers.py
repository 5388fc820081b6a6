"""Name-server addresses as users write them: ``[NAME@]IP[:PORT]`` (IPv6 as ``[addr]:port``).

One syntax for the stack settings (``migration:route53Servers``, ``cloudflareServers``,
``parentServers``) and ``python -m migration verify`` (``--nameserver``, ``--parent-server``).
``NAME`` ties the address to a host name of the delegation, for servers whose address (or port)
the parent's glue and the system's resolver cannot give: private set-ups and tests.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass

import dns.exception
import dns.name


@dataclass(frozen=True)
class Address:
    """Where a name server answers: ``host`` (an IP address), ``port``, and its host name
    (absolute, lower case) when given."""

    host: str
    port: int = 53
    name: str | None = None


def parse(text: str, named: bool = True) -> Address:
    """Parse ``[NAME@]IP[:PORT]`` (port 53 when absent); ``IP[:PORT]`` alone when not ``named``
    (a parent zone's server, asked by address: no host name of the delegation to tie it to).

    Raises ``ValueError`` saying what is wrong (not an IP address, port out of range, bad name,
    a NAME where none is taken).
    """
    name, _, address = text.rpartition("@")
    if name and not named:
        raise ValueError(
            "a parent zone's server takes no NAME@: it is asked by address alone (NAME ties an old or new "
            "server to a host name of the delegation)"
        )
    host, port = address, "53"
    if address.startswith("["):
        host, _, rest = address[1:].partition("]")
        port = rest[1:] if rest.startswith(":") else "53"
    elif address.count(":") == 1:
        host, port = address.split(":")
    try:
        ipaddress.ip_address(host)
        number = int(port)
        if not 0 < number < 65536:
            raise ValueError(f"port {number} out of range")
        name_text = dns.name.from_text(name).to_text().lower() if name else None
    except dns.exception.DNSException as exc:
        raise ValueError(str(exc)) from None
    return Address(host, number, name_text)
