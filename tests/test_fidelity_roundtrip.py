"""Property: for generated record sets of every supported type, the Cloudflare records read back
as DNS data are exactly the Route53 rdata (compared with dnspython)."""

from __future__ import annotations

import string

from hypothesis import given, settings, strategies as st

from migration.sources.route53_json import parse_rdata
from tests.support.readback import to_rdata
from tests.support.zones import rrset, run

label = st.text(alphabet=string.ascii_lowercase + string.digits + "-_", min_size=1, max_size=12)
host = st.lists(label, min_size=1, max_size=3).map(lambda ls: ".".join(ls) + ".example.net.")
host_or_root = st.one_of(host, st.just("."))
u8, u16 = st.integers(0, 255), st.integers(0, 65535)
printable = st.text(alphabet=string.ascii_letters + string.digits + " ;:=+-_.!^$*@/\\\"", max_size=40)


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def char_string(max_size: int) -> st.SearchStrategy[str]:
    # Arbitrary bytes, written as zone-file decimal escapes (what Route53 accepts).
    return st.binary(max_size=max_size).map(lambda b: '"' + "".join(f"\\{c:03d}" for c in b) + '"')


hexes = lambda n: st.binary(min_size=n, max_size=n).map(lambda b: b.hex().upper())  # noqa: E731

VALUES = {
    "A": st.ip_addresses(v=4).map(str),
    "AAAA": st.ip_addresses(v=6).map(str),
    "CNAME": host,
    "NS": host,
    "PTR": host,
    "MX": st.tuples(u16, host_or_root).map(lambda t: f"{t[0]} {t[1]}"),
    "TXT": st.lists(char_string(100), min_size=1, max_size=3).map(" ".join),
    "SPF": st.lists(char_string(100), min_size=1, max_size=3).map(" ".join),
    "SRV": st.tuples(u16, u16, u16, host_or_root).map(lambda t: "%d %d %d %s" % t),
    "CAA": st.tuples(st.sampled_from([0, 128]), st.sampled_from(["issue", "issuewild", "iodef"]), printable)
             .map(lambda t: f"{t[0]} {t[1]} {quoted(t[2])}"),
    "NAPTR": st.tuples(u16, u16, st.text(alphabet="SAUPsaup", max_size=2), printable, printable, host_or_root)
               .map(lambda t: f"{t[0]} {t[1]} {quoted(t[2])} {quoted(t[3])} {quoted(t[4])} {t[5]}"),
    "HTTPS": st.one_of(host.map(lambda h: f"0 {h}"),
                       st.tuples(st.integers(1, 65535), host_or_root, st.sampled_from(["h2", "h3", "h3,h2"]), u16)
                       .map(lambda t: f'{t[0]} {t[1]} alpn="{t[2]}" port={t[3]}')),
    "SVCB": st.tuples(st.integers(1, 65535), host_or_root, u16).map(lambda t: f"{t[0]} {t[1]} port={t[2]}"),
    # Digest lengths follow the digest type (RFC 6698, 4255, 4034): dnspython checks them.
    "TLSA": st.tuples(st.integers(0, 3), st.integers(0, 1), st.sampled_from([(1, 32), (2, 64)]))
              .flatmap(lambda t: hexes(t[2][1]).map(lambda h: f"{t[0]} {t[1]} {t[2][0]} {h}")),
    "SSHFP": st.tuples(st.integers(1, 4), st.sampled_from([(1, 20), (2, 32)]))
               .flatmap(lambda t: hexes(t[1][1]).map(lambda h: f"{t[0]} {t[1][0]} {h}")),
    "DS": st.tuples(u16, u8, st.sampled_from([(1, 20), (2, 32), (4, 48)]))
            .flatmap(lambda t: hexes(t[2][1]).map(lambda h: f"{t[0]} {t[1]} {t[2][0]} {h}")),
}


@st.composite
def record_sets(draw):
    rtype = draw(st.sampled_from(sorted(VALUES)))
    most = 1 if rtype == "CNAME" else 3  # a CNAME set has one value (RFC 2181 section 10.1)
    values = draw(st.lists(VALUES[rtype], min_size=1, max_size=most, unique_by=lambda v: parse_rdata(rtype, v)))
    return rtype, values


@settings(max_examples=200, deadline=None)
@given(record_sets())
def test_cloudflare_records_read_back_as_the_route53_rdata(case):
    rtype, texts = case
    name = "h.example.com"
    extra = [rrset(name, "NS", "ns1.example.net.")] if rtype == "DS" else []  # a DS sits beside its NS
    t = run(rrset(name, rtype, *texts), *extra)
    out = next(o for o in t.outcomes if o.record_set.rtype == rtype)
    assert out.status == "translated", out.reason
    original = {parse_rdata(rtype, v) for v in texts}
    assert {to_rdata(r, rtype) for r in out.records} == original
