"""Direct, non-recursive DNS queries to named servers, many in flight (dnspython + asyncio).

Every query goes to a given server's address (never a recursive resolver) with the RD flag off
(RFC 1035 section 4.1.1), over UDP with EDNS0 (RFC 6891, payload 1232 bytes), and again over TCP
when the UDP answer is truncated (TC flag, RFC 7766 section 5). A try that times out is
repeated; at most ``concurrency`` queries are in flight, the others wait their turn.

The engine is built for a zone's worth of queries at the wire's pace (docs/performance.md,
"Verify"): one connected non-blocking UDP socket per server, read by the event loop
(``add_reader``) until it has nothing more; answers matched to their queries by message id and
the question's bytes; one timer for every try's deadline (tries time out in the order they were
sent); no task, future or timeout object per query. :meth:`Querier.submit` takes a query and a
function called with its outcome; :meth:`Querier.ask` and :meth:`Querier.ask_wire` await one.

The work per question is shared between the servers asked it at the same time: the query is
rendered once (:func:`query_wire`; one message id for every server, a retry sends the same
bytes, as stub resolvers do), and an answer is handed back as received (:class:`Answer`), parsed
by dnspython only when asked for, once per distinct answer (Route53's four servers usually
answer identically), so answers that agree byte for byte need not be parsed at all (:mod:`.wire`).
"""

from __future__ import annotations

import asyncio
import collections
import functools
import random
import socket
import struct
from dataclasses import dataclass, field
from typing import Callable

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
_DATAGRAM = 65535  # bytes read per datagram: the most UDP carries, whatever the EDNS payload


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


# The EDNS0 OPT record that ends a query: root owner, type OPT (41), the UDP payload size as
# class, extended RCODE, version 0 and no flags as TTL, no options (RFC 6891 section 6.1.2).
_OPT = b"\x00" + struct.pack("!HHIH", 41, EDNS_PAYLOAD, 0, 0)
_OPT_LENGTH = len(_OPT)


@functools.cache
def rdtype_number(rtype: str) -> int:
    """The type number of ``rtype`` (``"A"`` -> 1), remembered: dnspython's enum lookup is slow.
    Raises dnspython's ``UnknownRdatatype``."""
    return int(dns.rdatatype.from_text(rtype))


def question_section(qname: dns.name.Name, rdtype: int) -> bytes:
    """The question of a query for ``qname``/``rdtype``, class IN: the owner in wire form,
    uncompressed, as spelled, then type and class (RFC 1035 sections 3.1 and 4.1.2)."""
    out = bytearray()
    for label in qname.labels:
        out.append(len(label))
        out += label
    out += struct.pack("!HH", rdtype, dns.rdataclass.IN)
    return bytes(out)


def query_wire(qid: int, qname: dns.name.Name, rdtype: int) -> bytes:
    """The query message for ``qname``/``rdtype`` (class IN) with id ``qid``: opcode QUERY, no
    flags (RD off: the servers are asked directly), one question, EDNS0 with a payload of
    :data:`EDNS_PAYLOAD` bytes (RFC 1035 section 4.1; RFC 6891). The bytes dnspython's
    ``make_query(..., use_edns=0, payload=EDNS_PAYLOAD)`` renders with RD cleared
    (tests/test_verify_wire.py), made without it: rendering through dnspython was a quarter of
    a run's CPU time."""
    return _message(qid, question_section(qname, rdtype))


def _message(qid: int, question: bytes) -> bytes:
    """The query with id ``qid`` asking ``question`` (:func:`question_section`)."""
    return struct.pack("!HHHHHH", qid, 0, 1, 0, 0, 1) + question + _OPT


class _Question:
    """One ``(qname, rtype)`` query, rendered once for every server asked it at the same time.

    ``wire`` is the query as sent (:func:`query_wire`), ``asked`` its question section (owner,
    type, class); ``servers`` the (host, port) of each query sharing it, at most one per server
    (it is dropped when none is left); ``parsed`` maps answers' exact bytes to their parsed
    message, so identical answers are parsed once.
    """

    __slots__ = ("qname", "rtype", "wire", "asked", "id", "servers", "parsed", "_message")

    def __init__(self, qname: dns.name.Name, rtype: str, asked: bytes, qid: int) -> None:
        self.qname, self.rtype, self.asked, self.id = qname, rtype, asked, qid
        self.wire = _message(qid, asked)
        self.servers: list[tuple[str, int]] = []
        self.parsed: dict[bytes, dns.message.Message] = {}
        self._message: dns.message.Message | None = None

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
        return (
            wire[:2] == self.wire[:2]
            and len(wire) > 12
            and wire[2] & 0x80 != 0
            and wire[4:6] == b"\x00\x01"
            and wire[12 : 12 + len(self.asked)] == self.asked
        )

    def parse(self, wire: bytes) -> dns.message.Message:
        """``wire`` parsed, once per distinct answer of this question. Raises dnspython's
        ``DNSException`` for a malformed message."""
        response = self.parsed.get(wire)
        if response is None:
            response = self.parsed[wire] = dns.message.from_wire(wire)
        return response


class Answer:
    """A server's UDP answer to ``(qname, rtype)`` as received (``wire``), not yet parsed.
    (A plain class with slots: one is made per query, and a frozen dataclass costs more to make
    than the rest of the answer's handling.)"""

    __slots__ = ("server", "wire", "question")

    def __init__(self, server: Server, wire: bytes, question: _Question) -> None:
        self.server, self.wire, self.question = server, wire, question

    @property
    def qname(self) -> dns.name.Name:
        return self.question.qname

    @property
    def rtype(self) -> str:
        return self.question.rtype

    def __repr__(self) -> str:
        return f"Answer({self.server.label}, {self.qname} {self.rtype}, {len(self.wire)} bytes)"

    def reply(self) -> Reply:
        """The answer parsed (once per distinct answer of the question); a malformed one is a
        :class:`Reply` with the error ``unreachable: ...``, as :meth:`Querier.ask` gives."""
        try:
            response = self.question.parse(self.wire)
        except dns.exception.DNSException as exc:
            return _unreachable(self.server, self.qname, self.rtype, exc)
        return _reply(self.server, self.qname, self.rtype, response, tcp=False)


Done = Callable[["Reply | Answer"], None]


class _Channel:
    """One connected, non-blocking UDP socket to one server; ``pending`` maps the message ids
    of the tries waiting for an answer to their queries."""

    __slots__ = ("sock", "pending")

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.pending: dict[int, _Query] = {}

    def free_id(self) -> int:
        while True:
            qid = random.getrandbits(16)
            if qid not in self.pending:
                return qid


class _Query:
    """One query in the engine: ``question`` shared, ``sent_as`` the question of the current try
    (another id when the shared one was taken on the server's socket), ``tries`` made so far."""

    __slots__ = ("server", "where", "question", "done", "key", "sent_as", "channel", "tries")

    def __init__(self, server: Server, where: tuple[str, int], question: _Question, done: Done, key: bytes) -> None:
        self.server, self.where, self.question, self.done, self.key = server, where, question, done, key
        self.sent_as = question
        self.channel: _Channel | None = None  # set while a UDP try waits for its answer
        self.tries = 0


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
    _loop: asyncio.AbstractEventLoop | None = field(default=None, repr=False)
    _channels: dict[tuple[str, int], _Channel] = field(default_factory=dict, repr=False)
    _questions: dict[bytes, _Question] = field(default_factory=dict, repr=False)
    _waiting: collections.deque = field(default_factory=collections.deque, repr=False)  # queries not started
    _flying: int = field(default=0, repr=False)
    _starting: bool = field(default=False, repr=False)
    # (deadline, query, try) of every UDP try in the order sent: with one timeout for all, also
    # in the order of deadlines, so one timer serves them all.
    _deadlines: collections.deque = field(default_factory=collections.deque, repr=False)
    _timer: asyncio.TimerHandle | None = field(default=None, repr=False)
    _tcp: set = field(default_factory=set, repr=False)
    _last: tuple = field(default=(None, None, b""), repr=False)  # the last question submitted, rendered

    async def __aenter__(self) -> "Querier":
        self._loop = asyncio.get_running_loop()
        return self

    async def __aexit__(self, *exc) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        for task in self._tcp:
            task.cancel()
        for channel in self._channels.values():
            if self._loop is not None:
                self._loop.remove_reader(channel.sock.fileno())
            channel.sock.close()
        self._channels.clear()
        self._waiting.clear()
        self._deadlines.clear()
        self._loop = None

    async def ask(self, server: Server, qname: dns.name.Name, rtype: str) -> Reply:
        """Ask ``server`` for ``qname``/``rtype`` without recursion. Never raises for network
        trouble or a malformed answer: the :class:`Reply` carries the error."""
        found = await self.ask_wire(server, qname, rtype)
        return found if isinstance(found, Reply) else found.reply()

    async def ask_wire(self, server: Server, qname: dns.name.Name, rtype: str) -> "Reply | Answer":
        """:meth:`ask`, with a UDP answer handed back as received (an :class:`Answer`: its bytes,
        parsed only when :meth:`Answer.reply` is called); a :class:`Reply` when there is no such
        answer (an error, or the answer came over TCP after a truncated one)."""
        if self._loop is None:
            raise RuntimeError("use the Querier as 'async with Querier() as q'")
        outcome: asyncio.Future = self._loop.create_future()

        def done(found: "Reply | Answer") -> None:
            if not outcome.done():  # cancelled meanwhile
                outcome.set_result(found)

        self.submit(server, qname, rtype, done)
        return await outcome

    def submit(self, server: Server, qname: dns.name.Name, rtype: str, done: Done) -> None:
        """Queue a query of ``server`` for ``qname``/``rtype``; ``done(outcome)`` is called from
        the event loop with its :class:`Answer` or :class:`Reply` (never an exception for
        network trouble). Queries start in the order submitted, ``concurrency`` at a time.
        Raises ``RuntimeError`` outside ``async with``, dnspython's ``UnknownRdatatype`` for an
        unknown ``rtype``."""
        if self._loop is None:
            raise RuntimeError("use the Querier as 'async with Querier() as q'")
        # Keyed by the question's bytes, not the Name: hashing a dnspython Name walks its
        # characters in Python. The same question submitted for several servers in a row (the
        # usual way: every server asked at once) is rendered once.
        last = self._last
        if last[0] is qname and last[1] == rtype:
            key = last[2]
        else:
            key = question_section(qname, rdtype_number(rtype))
            self._last = (qname, rtype, key)
        where = (server.host, server.port)
        question = self._questions.get(key)
        if question is None or where in question.servers:
            # The same question asked of the same server again while the first is in flight
            # needs another id (the answers would be taken for each other's): a new question,
            # shared from now on by the servers asked it next.
            question = self._questions[key] = _Question(qname, rtype, key, random.getrandbits(16))
        question.servers.append(where)
        self._waiting.append(_Query(server, where, question, done, key))
        self._start_waiting()

    def _start_waiting(self) -> None:
        """Start waiting queries while fewer than ``concurrency`` are in flight. Not re-entered:
        a try that fails at once ends its query, which calls this again from inside it; the
        outer loop goes on instead of recursing once per failed query."""
        if self._starting:
            return
        self._starting = True
        try:
            while self._waiting and self._flying < self.concurrency:
                self._flying += 1
                self._try(self._waiting.popleft())
        finally:
            self._starting = False

    def _channel(self, server: Server, where: tuple[str, int]) -> _Channel:
        """The socket to ``server`` (at ``where``), opened on first use. Raises ``OSError``."""
        channel = self._channels.get(where)
        if channel is None:
            family = socket.AF_INET6 if ":" in server.host else socket.AF_INET
            sock = socket.socket(family, socket.SOCK_DGRAM)
            try:
                sock.setblocking(False)
                # Capped by the kernel (net.core.rmem_max); a smaller buffer only means more retries.
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, RECEIVE_BUFFER)
                sock.connect(where)
            except OSError:
                sock.close()
                raise
            channel = self._channels[where] = _Channel(sock)
            assert self._loop is not None
            self._loop.add_reader(sock.fileno(), self._readable, channel)
        return channel

    def _try(self, query: _Query) -> None:
        """Send one UDP try of ``query``."""
        self.sent += 1
        query.tries += 1
        try:
            channel = self._channel(query.server, query.where)
        except OSError as exc:
            self._finish(query, _unreachable(query.server, query.question.qname, query.question.rtype, exc))
            return
        question = query.question
        if question.id in channel.pending:
            # The shared id is in use on this socket by another question: this try gets its own
            # id and its own rendering.
            question = _Question(question.qname, question.rtype, question.asked, channel.free_id())
        query.sent_as, query.channel = question, channel
        channel.pending[question.id] = query
        assert self._loop is not None
        self._deadlines.append((self._loop.time() + self.timeout, query, query.tries))
        if self._timer is None:
            self._timer = self._loop.call_at(self._deadlines[0][0], self._expire)
        try:
            channel.sock.send(question.wire)
        except BlockingIOError:
            pass  # the socket's buffer is full: as if the datagram were lost, the try times out
        except OSError as exc:
            self._fail(channel, exc)

    def _readable(self, channel: _Channel) -> None:
        """Every datagram waiting on ``channel``'s socket, each handed to its query."""
        recv, pending = channel.sock.recv, channel.pending
        while True:
            try:
                wire = recv(_DATAGRAM)
            except BlockingIOError:
                return
            except OSError as exc:  # an ICMP error (port unreachable) concerns this one server
                self._fail(channel, exc)
                return
            query = pending.get(int.from_bytes(wire[:2], "big")) if len(wire) >= 2 else None
            if query is None:
                continue  # a late answer to a try given up, or a stray
            sent_as = query.sent_as
            if not sent_as.answered_by(wire):
                try:
                    if not sent_as.message().is_response(sent_as.parse(wire)):
                        continue  # same id, other question: a late answer to an earlier query
                except dns.exception.DNSException as exc:
                    del pending[sent_as.id]
                    query.channel = None
                    self._finish(query, _unreachable(query.server, sent_as.qname, sent_as.rtype, exc))
                    continue
            del pending[sent_as.id]
            query.channel = None
            if len(wire) > 2 and wire[2] & 0x02:  # TC: truncated, ask again over TCP
                task = asyncio.ensure_future(self._over_tcp(query))
                self._tcp.add(task)
                task.add_done_callback(self._tcp.discard)
            else:
                self._finish(query, Answer(query.server, wire, sent_as))

    def _expire(self) -> None:
        """The timer: every try past its deadline is given up, and tried again while it may."""
        assert self._loop is not None
        self._timer = None
        now, deadlines = self._loop.time(), self._deadlines
        while deadlines and deadlines[0][0] <= now:
            _, query, tries = deadlines.popleft()
            channel = query.channel
            if channel is None or query.tries != tries:
                continue  # answered, or already tried again
            del channel.pending[query.sent_as.id]
            query.channel = None
            if query.tries <= self.retries:
                self._try(query)
            else:
                self._finish(query, self._timed_out(query))
        if deadlines and self._timer is None:
            self._timer = self._loop.call_at(deadlines[0][0], self._expire)

    def _timed_out(self, query: _Query) -> Reply:
        return Reply(
            query.server,
            query.question.qname,
            query.question.rtype,
            error=f"timeout after {self.retries + 1} tries of {self.timeout:g} s",
        )

    def _fail(self, channel: _Channel, exc: OSError) -> None:
        """An error on ``channel``'s socket: every try waiting there is unreachable."""
        failed = list(channel.pending.values())
        channel.pending.clear()
        for query in failed:
            query.channel = None
            self._finish(query, _unreachable(query.server, query.question.qname, query.question.rtype, exc))

    async def _over_tcp(self, query: _Query) -> None:
        """The TCP try after a truncated UDP answer; a timeout counts as the try's."""
        self.sent += 1
        server, question = query.server, query.question
        try:
            response = await dns.asyncquery.tcp(
                query.sent_as.message(), server.host, timeout=self.timeout, port=server.port
            )
        except (TimeoutError, dns.exception.Timeout):
            if query.tries <= self.retries:
                self._try(query)
            else:
                self._finish(query, self._timed_out(query))
            return
        except (OSError, dns.exception.DNSException) as exc:
            self._finish(query, _unreachable(server, question.qname, question.rtype, exc))
            return
        self._finish(query, _reply(server, question.qname, question.rtype, response, tcp=True))

    def _finish(self, query: _Query, outcome: "Reply | Answer") -> None:
        """``query`` is over: its slot goes to the next waiting query, then ``done`` is told."""
        question = query.question
        question.servers.remove(query.where)
        if not question.servers and self._questions.get(query.key) is question:
            del self._questions[query.key]
        self._flying -= 1
        self._start_waiting()  # the next query goes out before this one's outcome is judged
        query.done(outcome)


def _reply(server: Server, qname: dns.name.Name, rtype: str, response: dns.message.Message, tcp: bool) -> Reply:
    return Reply(
        server,
        qname,
        rtype,
        rcode=dns.rcode.to_text(response.rcode()),
        authoritative=bool(response.flags & dns.flags.AA),
        answer=tuple(response.answer),
        authority=tuple(response.authority),
        additional=tuple(response.additional),
        tcp=tcp,
    )


def _unreachable(server: Server, qname: dns.name.Name, rtype: str, exc: Exception) -> Reply:
    return Reply(server, qname, rtype, error=f"unreachable: {exc or type(exc).__name__}")
