"""The verify query engine (migration/verify/query.py: one socket per server, many queries in
flight, answers matched by id) against real knotd servers on loopback: a truncated answer asked
again over TCP, a server that refuses the zone, a port where nothing listens, more questions
than queries allowed in flight."""

from __future__ import annotations

import asyncio
import socket

import dns.name
import pytest

from migration.verify import records
from migration.verify.compare import Check, Probe
from migration.verify.query import Querier, Server
from tests.support.knot import KnotServer, free_address

ORIGIN = dns.name.from_text("engine.example.")
# One TXT value of ten 200-byte strings: about 2,000 bytes, more than a UDP answer's 1,232.
BIG = " ".join('"' + chr(ord("a") + i) * 200 + '"' for i in range(10))
ZONE = f"""$ORIGIN engine.example.
@ 300 IN SOA ns.engine.example. hostmaster.engine.example. 1 7200 900 1209600 300
@ 300 IN NS ns.engine.example.
ns 300 IN A 192.0.2.53
big 300 IN TXT {BIG}
""" + "".join(f"h{i} 300 IN A 192.0.2.{i}\n" for i in range(200))
OTHER = "other.example. 300 IN SOA a. b. 1 2 3 4 5\nother.example. 300 IN NS a.\n"


def _name(text: str) -> dns.name.Name:
    return dns.name.from_text(text, ORIGIN)


class _Servers:
    def __init__(self, old, new):
        self.old, self.new = tuple(old), tuple(new)


def _ask(probes, servers, **options) -> tuple[list[Check], int]:
    async def run():
        async with Querier(**options) as querier:
            return await records.ask(probes, servers, querier, lambda _: None), querier.sent

    return asyncio.run(run())


@pytest.fixture(scope="module")
def knot():
    with (
        KnotServer({"engine.example": ZONE}) as one,
        KnotServer({"engine.example": ZONE}) as two,
        KnotServer({"other.example": OTHER}) as other,
    ):
        yield (
            Server("old", one.host, one.port),
            Server("new", two.host, two.port),
            Server("new", other.host, other.port),
        )


def test_a_truncated_answer_is_asked_again_over_tcp(knot):
    old, new, _ = knot

    async def ask():
        async with Querier(timeout=1.0, retries=0) as querier:
            return await querier.ask(old, _name("big"), "TXT"), querier.sent

    reply, sent = asyncio.run(ask())
    assert (reply.error, reply.rcode, reply.tcp, sent) == ("", "NOERROR", True, 2)
    assert [rd.strings for rd in reply.find("answer", _name("big"), "TXT")] == [
        tuple(bytes([ord("a") + i]) * 200 for i in range(10))
    ]
    checks, sent = _ask([Probe(_name("big"), "TXT", "big TXT")], _Servers([old], [new]), timeout=1.0, retries=0)
    assert (checks, sent) == ([Check("records", "big TXT", "equal", "equal")], 4)  # UDP then TCP, at each server


def test_a_server_that_refuses_the_zone_leaves_the_record_set_unchecked(knot):
    old, _, other = knot
    checks, sent = _ask([Probe(_name("h1"), "A", "h1 A")], _Servers([old], [other]), timeout=1.0, retries=0)
    assert checks == [Check("records", "h1 A", "unchecked", "refused", "answered REFUSED", other.label)]
    assert sent == 2


def test_a_port_where_nothing_listens_is_unreachable_not_a_timeout(knot):
    old, _, _ = knot
    host, port = free_address()  # bound by nobody: the kernel answers port unreachable
    closed = Server("new", host, port)
    probes = [Probe(_name(f"h{i}"), "A", f"h{i} A") for i in range(5)]
    checks, _ = _ask(probes, _Servers([old], [closed]), timeout=2.0, retries=2)
    assert checks == [
        Check(
            "records",
            f"h{i} A",
            "unchecked",
            "unreachable",
            "unreachable: [Errno 111] Connection refused",
            closed.label,
        )
        for i in range(5)
    ]


def test_more_questions_than_queries_in_flight_are_all_answered_in_order(knot):
    old, new, _ = knot
    probes = [Probe(_name(f"h{i}"), "A", f"h{i} A") for i in range(200)]
    probes.append(Probe(_name("gone"), "A", "gone A"))
    checks, sent = _ask(probes, _Servers([old], [new]), timeout=1.0, retries=1, concurrency=3)
    assert sent == 402
    assert checks == [Check("records", f"h{i} A", "equal", "equal") for i in range(200)] + [
        Check(
            "records",
            "gone A",
            "different",
            "missing-everywhere",
            "neither Route53 nor this server answers it",
            new.label,
        )
    ]


def test_a_silent_server_times_out_after_every_try_and_the_others_still_answer(knot):
    old, new, _ = knot
    host, port = free_address()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent:
        silent.bind((host, port))  # bound, never read: queries vanish
        quiet = Server("new", host, port)
        probes = [Probe(_name(f"h{i}"), "A", f"h{i} A") for i in range(3)]
        checks, sent = _ask(probes, _Servers([old], [new, quiet]), timeout=0.2, retries=2, concurrency=2)
    assert sent == 3 * (1 + 1 + 3)  # the silent server asked three times per question
    assert checks == [
        check
        for i in range(3)
        for check in (
            Check("records", f"h{i} A", "equal", "equal", "", new.label),
            Check("records", f"h{i} A", "unchecked", "timeout", "timeout after 3 tries of 0.2 s", quiet.label),
        )
    ]
