"""The verify querier shares one rendered query and one parse per question between servers
(migration/verify/query.py), against real knotd servers on loopback."""

from __future__ import annotations

import asyncio

import dns.name

from migration.verify.query import Querier, Server
from tests.support.knot import KnotServer

ZONE = """$ORIGIN shared.example.
@ 300 IN SOA ns.shared.example. hostmaster.shared.example. 1 7200 900 1209600 300
@ 300 IN NS ns.shared.example.
ns 300 IN A 192.0.2.53
www 300 IN TXT "v=spf1 -all" "token-1"
"""
WWW = dns.name.from_text("www.shared.example.")


def _texts(reply) -> list[str]:
    return sorted(rd.to_text() for rd in reply.find("answer", WWW, "TXT"))


def test_same_question_to_two_servers_and_twice_to_one_is_answered_every_time():
    """The second ask of the same server at once cannot reuse the shared message id (its answer
    would go to the first): it gets its own id, and every ask is answered on the first try."""
    with KnotServer({"shared.example": ZONE}) as one, KnotServer({"shared.example": ZONE}) as two:
        first, second = Server("old", one.host, one.port), Server("new", two.host, two.port)

        async def ask_all():
            async with Querier(timeout=1.0, retries=0) as querier:
                replies = await asyncio.gather(
                    querier.ask(first, WWW, "TXT"), querier.ask(second, WWW, "TXT"), querier.ask(first, WWW, "TXT")
                )
                return replies, querier.sent

        replies, sent = asyncio.run(ask_all())
    assert sent == 3
    assert [(r.error, r.rcode, r.authoritative) for r in replies] == [("", "NOERROR", True)] * 3
    assert [_texts(r) for r in replies] == [['"v=spf1 -all" "token-1"']] * 3
    # The two servers answer byte for byte alike under the shared id: one parse serves both.
    # The ask that got its own id (either of the first server's two) was parsed on its own.
    assert len({id(r.answer[0]) for r in replies}) == 2
    assert replies[0].answer[0] is not replies[2].answer[0]
