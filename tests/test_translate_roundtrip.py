"""Property: for generated record sets of every supported type, the Cloudflare records read back
as DNS data (migration.zonefile.cloudflare_rdata, what verify and the zone files use) are exactly
the Route53 rdata (compared with dnspython). The expected rdata is built from the generated data
itself, not by the parser under test."""

from __future__ import annotations

import string

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.TXT
from hypothesis import given, settings
from hypothesis import strategies as st

from migration.zonefile import cloudflare_rdata
from tests.support.zones import rrset, run

# Never an "xn--" label: the readers refuse one that is no valid A-label (RFC 5891 section 5.4).
label = st.text(alphabet=string.ascii_lowercase + string.digits + "-_", min_size=1, max_size=12).filter(
    lambda text: not text.startswith("xn--")
)
host = st.lists(label, min_size=1, max_size=3).map(lambda ls: ".".join(ls) + ".example.net.")
host_or_root = st.one_of(host, st.just("."))
u8, u16 = st.integers(0, 255), st.integers(0, 65535)
printable = st.text(alphabet=string.ascii_letters + string.digits + ' ;:=+-_.!^$*@/\\"', max_size=40)


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def route53_text(strings: list[bytes]) -> str:
    """Character strings as Route53 spells them: every byte a three-digit **octal** escape."""
    return " ".join('"' + "".join(f"\\{c:03o}" for c in s) + '"' for s in strings)


# Arbitrary bytes in 1 to 3 character strings (TXT, SPF): kept as bytes, rendered by route53_text.
char_strings = st.lists(st.binary(max_size=100), min_size=1, max_size=3).map(tuple)


hexes = lambda n: st.binary(min_size=n, max_size=n).map(lambda b: b.hex().upper())  # noqa: E731

VALUES = {
    "A": st.ip_addresses(v=4).map(str),
    "AAAA": st.ip_addresses(v=6).map(str),
    "CNAME": host,
    "NS": host,
    "PTR": host,
    "MX": st.tuples(u16, host_or_root).map(lambda t: f"{t[0]} {t[1]}"),
    "TXT": char_strings,
    "SPF": char_strings,
    "SRV": st.tuples(u16, u16, u16, host_or_root).map(lambda t: "%d %d %d %s" % t),
    "CAA": st.tuples(st.sampled_from([0, 128]), st.sampled_from(["issue", "issuewild", "iodef"]), printable).map(
        lambda t: f"{t[0]} {t[1]} {quoted(t[2])}"
    ),
    "NAPTR": st.tuples(u16, u16, st.text(alphabet="SAUPsaup", max_size=2), printable, printable, host_or_root).map(
        lambda t: f"{t[0]} {t[1]} {quoted(t[2])} {quoted(t[3])} {quoted(t[4])} {t[5]}"
    ),
    "HTTPS": st.one_of(
        host.map(lambda h: f"0 {h}"),
        st.tuples(st.integers(1, 65535), host_or_root, st.sampled_from(["h2", "h3", "h3,h2"]), u16).map(
            lambda t: f'{t[0]} {t[1]} alpn="{t[2]}" port={t[3]}'
        ),
    ),
    "SVCB": st.tuples(st.integers(1, 65535), host_or_root, u16).map(lambda t: f"{t[0]} {t[1]} port={t[2]}"),
    # Digest lengths follow the digest type (RFC 6698, 4255, 4034): dnspython checks them.
    "TLSA": st.tuples(st.integers(0, 3), st.integers(0, 1), st.sampled_from([(1, 32), (2, 64)])).flatmap(
        lambda t: hexes(t[2][1]).map(lambda h: f"{t[0]} {t[1]} {t[2][0]} {h}")
    ),
    "SSHFP": st.tuples(st.integers(1, 4), st.sampled_from([(1, 20), (2, 32)])).flatmap(
        lambda t: hexes(t[1][1]).map(lambda h: f"{t[0]} {t[1][0]} {h}")
    ),
    "DS": st.tuples(u16, u8, st.sampled_from([(1, 20), (2, 32), (4, 48)])).flatmap(
        lambda t: hexes(t[2][1]).map(lambda h: f"{t[0]} {t[1]} {t[2][0]} {h}")
    ),
}


def expected_rdata(rtype: str, value) -> dns.rdata.Rdata:
    """The rdata a generated value means: TXT and SPF straight from their bytes (SPF is published
    as TXT), the rest parsed by dnspython as plain zone-file text."""
    if rtype in ("TXT", "SPF"):
        return dns.rdtypes.ANY.TXT.TXT(dns.rdataclass.IN, dns.rdatatype.TXT, value)
    return dns.rdata.from_text("IN", rtype, value, origin=dns.name.root, relativize=False)


@st.composite
def record_sets(draw):
    rtype = draw(st.sampled_from(sorted(VALUES)))
    most = 1 if rtype == "CNAME" else 3  # a CNAME set has one value (RFC 2181 section 10.1)
    values = draw(st.lists(VALUES[rtype], min_size=1, max_size=most, unique_by=lambda v: expected_rdata(rtype, v)))
    return rtype, values


@settings(max_examples=200, deadline=None)
@given(record_sets())
def test_cloudflare_records_read_back_as_the_route53_rdata(case):
    rtype, values = case
    name = "h.example.com"
    texts = [route53_text(v) if rtype in ("TXT", "SPF") else v for v in values]
    extra = [rrset(name, "NS", "ns1.example.net.")] if rtype == "DS" else []  # a DS sits beside its NS
    t = run(rrset(name, rtype, *texts), *extra)
    out = next(o for o in t.outcomes if o.record_set.rtype == rtype)
    assert out.status == "translated", out.reason
    assert {cloudflare_rdata(r) for r in out.records} == {expected_rdata(rtype, v) for v in values}
