"""Answers that agree byte for byte are judged without parsing (migration/verify/wire.py), and
the verdict is the one parsing gives; real knotd servers on loopback."""

from __future__ import annotations

import asyncio

import dns.message
import dns.name
import dns.rdata
import dns.rdatatype
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migration.verify import records
from migration.verify.compare import Check, Probe, compare_probe
from migration.verify.query import EDNS_PAYLOAD, Answer, Querier, Server, query_wire
from migration.verify.wire import same_positive_answer
from tests.support.knot import KnotServer

HEAD = """$ORIGIN wire.example.
@ 300 IN SOA ns.wire.example. hostmaster.wire.example. 1 7200 900 1209600 300
@ 300 IN NS ns.wire.example.
ns 300 IN A 192.0.2.53
"""
OLD = (
    HEAD
    + """www 300 IN A 192.0.2.1
txt 300 IN TXT "v=spf1 -all" "token-1"
alias 300 IN CNAME www.wire.example.
sub 3600 IN NS ns1.elsewhere.example.
moved 300 IN A 192.0.2.7
"""
)
NEW = (
    HEAD
    + """www 300 IN A 192.0.2.1
txt 300 IN TXT "v=spf1 -all" "token-1"
alias 300 IN CNAME www.wire.example.
sub 3600 IN NS ns1.elsewhere.example.
moved 300 IN A 192.0.2.8
"""
)


def _name(text: str) -> dns.name.Name:
    return dns.name.from_text(text, dns.name.from_text("wire.example."))


PROBES = [
    Probe(_name("www"), "A", "www A"),
    Probe(_name("txt"), "TXT", "txt TXT"),
    Probe(_name("alias"), "A", "alias A"),  # answered with the CNAME
    Probe(_name("sub"), "NS", "sub NS", section="authority"),  # a referral: parsed
    Probe(_name("moved"), "A", "moved A"),  # the servers differ: parsed
    Probe(_name("gone"), "A", "gone A"),  # NXDOMAIN everywhere: parsed
    Probe(
        _name("www"),
        "A",
        "www A planned",  # the plan changes it: parsed
        planned=frozenset({dns.rdata.from_text("IN", "A", "192.0.2.9")}),
    ),
]
FAST = {"www A", "txt TXT", "alias A"}


@pytest.fixture(scope="module")
def servers():
    with KnotServer({"wire.example": OLD}) as old, KnotServer({"wire.example": NEW}) as new:
        yield Server("old", old.host, old.port), Server("new", new.host, new.port)


def _answers(servers) -> list[list]:
    async def ask_all():
        async with Querier(timeout=1.0, retries=1) as querier:
            return await asyncio.gather(
                *(asyncio.gather(*(querier.ask_wire(s, p.name, p.rtype) for s in servers)) for p in PROBES)
            )

    return asyncio.run(ask_all())


def test_the_wire_verdict_is_equal_exactly_where_parsing_finds_every_server_equal(servers):
    for probe, found in zip(PROBES, _answers(servers), strict=True):
        assert all(isinstance(a, Answer) for a in found)
        fast = same_positive_answer(probe, [a.wire for a in found])
        parsed = compare_probe(probe, [found[0].reply()], [found[1].reply()])
        assert fast == (probe.subject in FAST), probe.subject
        if fast:
            assert parsed == [Check("records", probe.subject, "equal", "equal")]
        else:
            assert parsed != [Check("records", probe.subject, "equal", "equal")] or probe.section == "authority"


def test_records_that_agree_are_not_parsed(servers, monkeypatch):
    parsed = []
    from_wire = dns.message.from_wire
    monkeypatch.setattr(dns.message, "from_wire", lambda wire, *a, **k: parsed.append(wire) or from_wire(wire, *a, **k))

    class Both:
        old, new = (servers[0],), (servers[1],)

    async def run():
        async with Querier(timeout=1.0, retries=1) as querier:
            return await records.ask(PROBES, Both, querier, lambda _: None)

    checks = asyncio.run(run())
    assert [c for c in checks if c.subject in FAST] == [
        Check("records", s, "equal", "equal") for s in ("www A", "txt TXT", "alias A")
    ]
    changed = [c for c in checks if c.subject == "moved A"]
    assert [(c.status, c.code, c.detail) for c in changed] == [
        ("different", "changed", "Route53: 192.0.2.7; here: 192.0.2.8")
    ]
    # One parse per distinct answer of the four probes that needed parsing (the two servers'
    # answers to 'moved' differ; the others are alike and parsed once); none for the three.
    assert len(parsed) == 5


def test_a_truncated_or_foreign_answer_is_not_taken_for_agreement():
    probe = Probe(_name("www"), "A", "www A")
    query = dns.message.make_query(probe.name, "A")
    response = dns.message.make_response(query)
    response.flags |= dns.flags.AA
    response.answer.append(dns.rrset.from_text(probe.name, 300, "IN", "A", "192.0.2.1"))
    wire = response.to_wire()
    assert same_positive_answer(probe, [wire, wire])
    truncated = wire[:2] + bytes([wire[2] | 0x02]) + wire[3:]
    assert not same_positive_answer(probe, [truncated, truncated])
    not_authoritative = wire[:2] + bytes([wire[2] & ~0x04]) + wire[3:]
    assert not same_positive_answer(probe, [not_authoritative, not_authoritative])
    other_id = bytes([wire[0] ^ 0xFF]) + wire[1:]
    assert same_positive_answer(probe, [wire, other_id])  # the id aside, the same answer
    assert not same_positive_answer(Probe(_name("www"), "AAAA", "www AAAA"), [wire, wire])


_LABELS = st.binary(min_size=1, max_size=20).filter(lambda b: b != b"")


@settings(max_examples=300)
@given(
    st.lists(_LABELS, min_size=0, max_size=5),
    st.sampled_from(["A", "AAAA", "TXT", "MX", "CNAME", "NS", "CAA", "SRV"]),
    st.integers(min_value=0, max_value=65535),
)
def test_the_query_is_the_bytes_dnspython_renders(labels, rtype, qid):
    qname = dns.name.Name([*labels, b""])
    expected = dns.message.make_query(qname, rtype, use_edns=0, payload=EDNS_PAYLOAD, id=qid)
    expected.flags &= ~dns.flags.RD
    assert query_wire(qid, qname, dns.rdatatype.from_text(rtype)) == expected.to_wire()
