"""Answers judged in wire form, before any parsing: pure, bytes in, verdict out.

Parsing every answer (dnspython's ``Message.from_wire``) was most of a verify run's CPU time
(docs/performance.md, "Verify"). When every server asked a question sent back the same bytes
after the message id, and those bytes are an authoritative, untruncated ``NOERROR`` answer whose
first record is the question's owner with the asked type (or a CNAME), and the probe asks only
for Route53's answer to be served (no planned change), then
:func:`~.compare.compare_probe` would find the same values, TTL and CNAME at every server and
give one ``equal`` check: :func:`same_positive_answer` says so from the header and the first
answer record alone. Anything else (a difference, a referral, a negative answer, a probe the plan
changes on purpose) is parsed and compared as before.

Message layout: RFC 1035 section 4.1 (header: id, flags with QR, AA, TC and RCODE, section
counts; question; resource records, whose owner is a compression pointer, 0xC00C for the name
at offset 12, when it repeats the question's name).
"""

from __future__ import annotations

import functools
from typing import Sequence

import dns.rdatatype

from .compare import Probe

_QR, _AA, _TC = 0x80, 0x04, 0x02  # bits of the header's third byte
_POINTER_TO_QUESTION = b"\xc0\x0c"
_CNAME = dns.rdatatype.CNAME.to_bytes(2, "big")


def _question_end(wire: bytes) -> int | None:
    """Offset just past the one question of ``wire`` (its name, type and class), ``None``
    when the name does not end inside the message or is compressed."""
    offset = 12
    while offset < len(wire):
        length = wire[offset]
        if length == 0:
            return offset + 5
        if length & 0xC0:
            return None
        offset += length + 1
    return None


def same_positive_answer(probe: Probe, wires: Sequence[bytes]) -> bool:
    """Whether every answer in ``wires`` (one per server, as received) is the same bytes after
    the message id and an authoritative positive answer to ``probe`` (its first answer record at
    the question's name, of ``probe.rtype`` or CNAME), so that all servers agree exactly."""
    # Only a probe compared plainly with Route53's answer: every field but its question, subject
    # and alias CNAME at its default (a planned change, values being deleted, a flattened apex,
    # a referral, and whatever else a probe may come to carry, are judged by parsing).
    if not wires or probe != Probe(probe.name, probe.rtype, probe.subject, planned_cname=probe.planned_cname):
        return False
    first = wires[0]
    if len(first) < 12 or any(len(w) != len(first) or w[2:] != first[2:] for w in wires[1:]):
        return False
    flags, rcode = first[2], first[3] & 0x0F
    if flags & (_QR | _AA | _TC) != _QR | _AA or rcode != 0:
        return False
    if first[4:6] != b"\x00\x01" or first[6:8] == b"\x00\x00":  # one question, some answer
        return False
    end = _question_end(first)
    if end is None or len(first) < end + 4 or first[end : end + 2] != _POINTER_TO_QUESTION:
        return False
    rtype = first[end + 2 : end + 4]
    return rtype == _CNAME or rtype == _type_bytes(probe.rtype)


@functools.cache
def _type_bytes(rtype: str) -> bytes:
    """``rtype``'s number as in a record's TYPE field, remembered (dnspython's lookup is slow)."""
    return int(dns.rdatatype.from_text(rtype)).to_bytes(2, "big")
