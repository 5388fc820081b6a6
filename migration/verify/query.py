"""Direct, non-recursive DNS queries to named servers, many in flight (dnspython + asyncio).

Every query goes to a given server's address (never a recursive resolver) with the RD flag off
(RFC 1035 section 4.1.1), over UDP with EDNS0 (RFC 6891, payload 1232 bytes), and again over TCP
when the UDP answer is truncated (TC flag, RFC 7766 section 5). A try that times out is
repeated; the number of queries in flight is bounded by an ``asyncio.Semaphore``.

dnspython builds and parses every message. The UDP transport is one connected socket per server
whose answers are matched to their queries by message id and question
(``Message.is_response``): dnspython's own ``asyncquery.udp`` opens a socket per query, which
caps a run at about 1,000 queries a second and would leave a 10,000-record zone slow to check.

Parsing answers is most of a run's CPU time (dnspython's ``Message.from_wire``), so the work per
question is shared between the servers asked it at the same time: the query is built and
rendered once (one message id for every server; a retry sends the same bytes, as stub resolvers
do), and an answer whose bytes equal one already parsed for that question (Route53's four
servers usually answer identically) reuses that parse. :meth:`Querier.ask_wire` goes further and
hands back the answer's bytes unparsed, matched to its query by id and question bytes, so
answers that agree byte for byte need not be parsed at all (:mod:`.wire`). See
docs/performance.md, "Verify".
"""

from __future__ import annotations

import asyncio
import random
import socket
import struct
from dataclasses import dataclass, field

import dns.asyncquery
import dns.exception
import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdataclass
import dns.rdatatype
import dns.rrset

EDNS_PAYLOAD = 1232  # bytes; the DNS Flag Day 2020 size, avoids IP fragmentation.
# Receive buffer per server socket, bytes: the kernel charges each datagram a few kilobytes
# (skb truesize), so the default 208 KiB drops answers when a few hundred arrive at once.
RECEIVE_BUFFER = 4 * 1024 * 1024


@dataclass(frozen=True)
class Server:
    """A name server to ask: ``role`` (``old``, ``new``, ``parent``, ``delegated``), its address
    ``host`` (an IP address) and ``port``, and its host name when known."""

    role: str
    host: str
    port: int = 53
    name: str | None = None

    @property
    def label(self) -> str:
        """How reports name the server: ``name (host:port)`` or ``host:port``."""
        where = f"{self.host}:{self.port}" if ":" not in self.host else f"[{self.host}]:{self.port}"
        return f"{self.name} ({where})" if self.name else where


@dataclass(frozen=True)
class Reply:
    """What one server answered for ``(qname, rtype)``.

    ``error`` is empty when a response came back (then ``rcode`` is its text, e.g. ``NOERROR``,
    ``NXDOMAIN``, ``REFUSED``; ``authoritative`` its AA flag); otherwise it says why there is none
    (``timeout after 3 tries of 2 s``, ``unreachable: ...``). Sections hold dnspython RRsets.
    """

    server: Server
    qname: dns.name.Name
    rtype: str
    rcode: str = ""
    authoritative: bool = False
    answer: tuple[dns.rrset.RRset, ...] = ()
    authority: tuple[dns.rrset.RRset, ...] = ()
    additional: tuple[dns.rrset.RRset, ...] = ()
    tcp: bool = False
    error: str = ""

    def find(self, section: str, name: dns.name.Name, rtype: str) -> dns.rrset.RRset | None:
        """The RRset of ``name``/``rtype`` in ``section`` (``answer``, ``authority``,
        ``additional``), or ``None``."""
        wanted = dns.rdatatype.from_text(rtype)
        for rrset in getattr(self, section):
            if rrset.name == name and rrset.rdtype == wanted:
                return rrset
        return None


class _Channel(asyncio.DatagramProtocol):
    """One connected UDP socket to one server; answers go to the waiting query by message id."""

    def __init__(self) -> None:
        self.transport: asyncio.DatagramTransport | None = None
        self.pending: dict[int, asyncio.Future] = {}

    def connection_made(self, transport) -> None:
        sock = transport.get_extra_info("socket")
        if sock is not None:
            # Capped by the kernel (net.core.rmem_max); a smaller buffer only means more retries.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
        self.transport = transport

    def datagram_received(self, data: bytes, addr) -> None:
        waiter = self.pending.get(int.from_bytes(data[:2], "big")) if len(data) >= 2 else None
        if waiter is not None and not waiter.done():
            waiter.set_result(data)

    def error_received(self, exc: Exception) -> None:
        # An ICMP error on a connected socket (port unreachable) concerns its one server.
        for waiter in self.pending.values():
            if not waiter.done():
                waiter.set_exception(exc)

    def free_id(self) -> int:
        while True:
            qid = random.getrandbits(16)
            if qid not in self.pending:
                return qid


@dataclass
class _Question:
    """One ``(qname, rtype)`` query, rendered once for every server asked it at the same time.

    ``wire`` is the query as sent (:func:`query_wire`); ``users`` counts the :meth:`Querier.ask`
    calls sharing it (it is dropped at 0); ``parsed`` maps answers' exact bytes to their parsed
    message, so identical answers are parsed once.
    """

    qname: dns.name.Name
    rtype: str
    wire: bytes
    users: int = 0
    parsed: dict[bytes, dns.message.Message] = field(default_factory=dict)
    _message: dns.message.Message | None = field(default=None, repr=False)

    @classmethod
    def build(cls, qname: dns.name.Name, rtype: str, qid: int | None = None) -> "_Question":
        qid = random.getrandbits(16) if qid is None else qid
        return cls(qname, rtype, query_wire(qid, qname, dns.rdatatype.from_text(rtype)))

    @property
    def id(self) -> int:
        return int.from_bytes(self.wire[:2], "big")

    def message(self) -> dns.message.Message:
        """The query as a dnspython message (for TCP and for checking an answer by parsing),
        made on first use: most questions never need it."""
        if self._message is None:
            self._message = dns.message.from_wire(self.wire)
        return self._message

    def answered_by(self, wire: bytes) -> bool:
        """Whether ``wire`` is a response to this query by its bytes alone: same id, QR set, the
        question section exactly as sent (RFC 1035 section 7.3; a server that changes the
        question's case is checked by parsing instead)."""
        end = len(self.wire) - _OPT_LENGTH
        return (wire[:2] == self.wire[:2] and len(wire) >= end and wire[2] & 0x80 != 0
                and wire[4:6] == b"\x00\x01" and wire[12:end] == self.wire[12:end])

    def parse(self, wire: bytes) -> dns.message.Message:
        """``wire`` parsed, once per distinct answer of this question. Raises dnspython's
        ``DNSException`` for a malformed message."""
        response = self.parsed.get(wire)
        if response is None:
            response = self.parsed[wire] = dns.message.from_wire(wire)
        return response


# The EDNS0 OPT record that ends a query: root owner, type OPT (41), the UDP payload size as
# class, extended RCODE, version 0 and no flags as TTL, no options (RFC 6891 section 6.1.2).
_OPT = b"\x00" + struct.pack("!HHIH", 41, EDNS_PAYLOAD, 0, 0)
_OPT_LENGTH = len(_OPT)


def query_wire(qid: int, qname: dns.name.Name, rdtype: int) -> bytes:
    """The query message for ``qname``/``rdtype`` (class IN) with id ``qid``: opcode QUERY, no
    flags (RD off: the servers are asked directly), one question, EDNS0 with a payload of
    :data:`EDNS_PAYLOAD` bytes (RFC 1035 section 4.1; RFC 6891). The bytes dnspython's
    ``make_query(..., use_edns=0, payload=EDNS_PAYLOAD)`` renders with RD cleared
    (tests/test_verify_wire.py), made without it: rendering through dnspython was a quarter of
    a run's CPU time."""
    header = struct.pack("!HHHHHH", qid, 0, 1, 0, 0, 1)
    owner = b"".join(bytes((len(label),)) + label for label in qname.labels)
    return header + owner + struct.pack("!HH", rdtype, dns.rdataclass.IN) + _OPT


@dataclass
class Querier:
    """Sends queries with at most ``concurrency`` in flight. Use as ``async with Querier() as q``
    (it closes its sockets on exit).

    ``timeout`` is seconds per try; a try that times out is repeated up to ``retries`` more
    times. ``sent`` counts the messages sent (retries and TCP retries of truncated answers
    included) for the figures a report prints.
    """

    timeout: float = 2.0
    retries: int = 2
    concurrency: int = 64
    sent: int = 0
    _gate: asyncio.Semaphore | None = field(default=None, repr=False)
    _channels: dict[tuple[str, int], _Channel] = field(default_factory=dict, repr=False)
    _questions: dict[tuple[dns.name.Name, str], _Question] = field(default_factory=dict, repr=False)

    async def __aenter__(self) -> "Querier":
        self._gate = asyncio.Semaphore(self.concurrency)
        return self

    async def __aexit__(self, *exc) -> None:
        for channel in self._channels.values():
            if channel.transport is not None:
                channel.transport.close()
        self._channels.clear()

    async def _channel(self, server: Server) -> tuple[_Channel, asyncio.DatagramTransport]:
        key = (server.host, server.port)
        channel = self._channels.get(key)
        if channel is None:
            channel = self._channels[key] = _Channel()
            await asyncio.get_running_loop().create_datagram_endpoint(lambda: channel, remote_addr=key)
        while (transport := channel.transport) is None:
            await asyncio.sleep(0)
        return channel, transport

    async def _udp(self, server: Server, question: _Question) -> tuple[_Question, bytes]:
        """Send ``question`` to ``server`` over UDP; the question it went out as (another id
        when the shared one is taken on that socket) and the answer's bytes, unparsed."""
        channel, transport = await self._channel(server)
        if question.id in channel.pending:
            # The shared id is in use on this socket (another question, or the same one asked
            # twice at once): this try gets its own id and its own rendering.
            question = _Question.build(question.qname, question.rtype, channel.free_id())
        qid = question.id
        waiter = asyncio.get_running_loop().create_future()
        channel.pending[qid] = waiter
        try:
            transport.sendto(question.wire)
            async with asyncio.timeout(self.timeout):
                while True:
                    wire = await waiter
                    if question.answered_by(wire) or question.message().is_response(question.parse(wire)):
                        return question, wire
                    # Same id, other question: a late answer to an earlier query; keep waiting.
                    waiter = channel.pending[qid] = asyncio.get_running_loop().create_future()
        finally:
            channel.pending.pop(qid, None)

    async def ask(self, server: Server, qname: dns.name.Name, rtype: str) -> Reply:
        """Ask ``server`` for ``qname``/``rtype`` without recursion. Never raises for network
        trouble or a malformed answer: the :class:`Reply` carries the error."""
        found = await self.ask_wire(server, qname, rtype)
        return found if isinstance(found, Reply) else found.reply()

    async def ask_wire(self, server: Server, qname: dns.name.Name, rtype: str) -> "Reply | Answer":
        """:meth:`ask`, with a UDP answer handed back as received (an :class:`Answer`: its bytes,
        parsed only when :meth:`Answer.reply` is called); a :class:`Reply` when there is no such
        answer (an error, or the answer came over TCP after a truncated one)."""
        if self._gate is None:
            raise RuntimeError("use the Querier as 'async with Querier() as q'")
        key = (qname, rtype)
        question = self._questions.get(key)
        if question is None:
            question = self._questions[key] = _Question.build(qname, rtype)
        question.users += 1
        try:
            async with self._gate:
                return await self._ask(server, question, qname, rtype)
        finally:
            question.users -= 1
            if not question.users:
                del self._questions[key]

    async def _ask(self, server: Server, question: _Question, qname: dns.name.Name, rtype: str) -> "Reply | Answer":
        for _ in range(self.retries + 1):
            self.sent += 1
            try:
                sent_as, wire = await self._udp(server, question)
                if len(wire) > 2 and wire[2] & 0x02:  # TC: truncated, ask again over TCP
                    self.sent += 1
                    response = await dns.asyncquery.tcp(sent_as.message(), server.host, timeout=self.timeout,
                                                        port=server.port)
                    return _reply(server, qname, rtype, response, tcp=True)
            except (TimeoutError, dns.exception.Timeout):
                continue
            except (OSError, dns.exception.DNSException) as exc:
                return _unreachable(server, qname, rtype, exc)
            return Answer(server, qname, rtype, wire, sent_as)
        return Reply(server, qname, rtype, error=f"timeout after {self.retries + 1} tries of {self.timeout:g} s")


def _reply(server: Server, qname: dns.name.Name, rtype: str, response: dns.message.Message, tcp: bool) -> Reply:
    return Reply(server, qname, rtype,
                 rcode=dns.rcode.to_text(response.rcode()),
                 authoritative=bool(response.flags & dns.flags.AA),
                 answer=tuple(response.answer), authority=tuple(response.authority),
                 additional=tuple(response.additional), tcp=tcp)


def _unreachable(server: Server, qname: dns.name.Name, rtype: str, exc: Exception) -> Reply:
    return Reply(server, qname, rtype, error=f"unreachable: {exc or type(exc).__name__}")


@dataclass(frozen=True)
class Answer:
    """A server's UDP answer to ``(qname, rtype)`` as received (``wire``), not yet parsed."""

    server: Server
    qname: dns.name.Name
    rtype: str
    wire: bytes
    question: _Question = field(repr=False, compare=False)

    def reply(self) -> Reply:
        """The answer parsed (once per distinct answer of the question); a malformed one is a
        :class:`Reply` with the error ``unreachable: ...``, as :meth:`Querier.ask` gives."""
        try:
            response = self.question.parse(self.wire)
        except dns.exception.DNSException as exc:
            return _unreachable(self.server, self.qname, self.rtype, exc)
        return _reply(self.server, self.qname, self.rtype, response, tcp=False)
