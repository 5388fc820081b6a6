"""Property: verify's value keys (migration/verify/value_keys.py) are equal exactly when
dnspython finds the values equal, whichever way a key was made (from rdata, from a Cloudflare
record, by the fast path or through dnspython)."""

from __future__ import annotations

import string

import dns.exception
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migration.model import CloudflareRecord
from migration.verify import value_keys
from migration.verify.value_keys import rdata_key, record_key
from migration.zonefile import cloudflare_rdata

label = st.text(alphabet=string.ascii_letters + string.digits + "-_*", min_size=1, max_size=10)
# Host names as Cloudflare stores them (no final dot) or zone-file text (final dot), in any case;
# now and then one only an escape can spell, or the root.
host = st.one_of(
    st.lists(label, min_size=1, max_size=4).map(".".join),
    st.lists(label, min_size=1, max_size=4).map(lambda ls: ".".join(ls) + "."),
    st.sampled_from([".", "a\\.b.example.net", "caf\\233.example", "x" * 64 + ".example", "a..b"]),
)
plain = st.text(alphabet=string.printable, max_size=30)
txt = st.one_of(
    st.lists(plain.map(lambda s: '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'), min_size=1, max_size=3).map(
        " ".join
    ),
    st.sampled_from(['"a"  "b"', "unquoted words", '"' + "x" * 256 + '"', '""', '"\\065"', '"a" ']),
)
ipv4 = st.one_of(st.ip_addresses(v=4).map(str), st.sampled_from(["01.2.3.4", "1.2.3", "256.1.1.1", "1.2.3.4 "]))
ipv6 = st.one_of(
    st.ip_addresses(v=6).map(str),
    st.ip_addresses(v=6).map(lambda a: a.exploded.upper()),
    st.sampled_from(["::ffff:1.2.3.4", "2001:DB8::1", "2001:db8::g", "1:2:3:4:5:6:7:8:9"]),
)
priority = st.one_of(st.integers(0, 65535), st.sampled_from([None, -1, 65536, True, "10"]))

RECORDS = st.one_of(
    st.builds(lambda c: CloudflareRecord("h.example.com", "A", 300, content=c), ipv4),
    st.builds(lambda c: CloudflareRecord("h.example.com", "AAAA", 300, content=c), ipv6),
    st.builds(lambda c: CloudflareRecord("h.example.com", "TXT", 300, content=c), txt),
    st.builds(lambda c, p: CloudflareRecord("h.example.com", "MX", 300, content=c, priority=p), host, priority),
    st.builds(
        lambda t, c: CloudflareRecord("h.example.com", t, 300, content=c), st.sampled_from(["CNAME", "NS", "PTR"]), host
    ),
    st.builds(
        lambda p, w, port, t: CloudflareRecord(
            "h.example.com", "SRV", 300, data=(("port", port), ("priority", p), ("target", t), ("weight", w))
        ),
        st.integers(0, 65535),
        st.integers(0, 65535),
        st.integers(0, 65535),
        host,
    ),
    st.builds(
        lambda tag, v: CloudflareRecord("h.example.com", "CAA", 300, data=(("flags", 0), ("tag", tag), ("value", v))),
        st.sampled_from(["issue", "iodef"]),
        plain,
    ),
)


@settings(max_examples=400, deadline=None)
@given(RECORDS)
def test_a_records_key_is_the_key_of_the_value_it_reads_back_as(record):
    try:
        expected = rdata_key(cloudflare_rdata(record))
    except (ValueError, dns.exception.DNSException) as exc:
        # Not read back: the key fails the same way (the fast path takes no text dnspython refuses).
        with pytest.raises(type(exc)):
            record_key(record)
        return
    assert record_key(record) == expected


def _rdata(rtype: str, text: str, origin: dns.name.Name | None) -> dns.rdata.Rdata | None:
    try:
        return dns.rdata.from_text("IN", rtype, text, origin=origin, relativize=False)
    except (ValueError, dns.exception.DNSException):
        return None


ZONE_TEXT = st.one_of(
    st.tuples(st.just("A"), st.ip_addresses(v=4).map(str)),
    st.tuples(
        st.just("AAAA"),
        st.one_of(st.ip_addresses(v=6).map(str), st.ip_addresses(v=6).map(lambda a: a.exploded.upper())),
    ),
    st.tuples(st.sampled_from(["TXT", "SPF"]), txt),
    st.tuples(st.just("MX"), st.tuples(st.integers(0, 3), host).map(lambda t: f"{t[0]} {t[1]}")),
    st.tuples(st.sampled_from(["CNAME", "NS", "PTR"]), host),
    st.tuples(st.just("SRV"), host.map(lambda h: f"1 2 3 {h}")),
    st.tuples(st.just("CAA"), plain.map(lambda v: '0 issue "' + v.replace("\\", "").replace('"', "") + '"')),
)
# Names in the texts above without a final dot are relative when there is no origin: such rdata
# equal only one another (dns.rdata.Rdata.__eq__).
ORIGIN = st.sampled_from([None, dns.name.root, dns.name.from_text("Example.COM.")])


@settings(max_examples=400, deadline=None)
@given(ZONE_TEXT, ORIGIN, ZONE_TEXT, ORIGIN, st.booleans())
def test_rdata_keys_are_equal_exactly_when_dnspython_finds_the_rdata_equal(
    one, one_origin, other, other_origin, same_text
):
    if same_text:  # the same value in another case or with another origin: often equal
        other = (one[0], one[1].swapcase() if one[0] not in ("TXT", "SPF", "CAA") else one[1])
    a, b = _rdata(*one, one_origin), _rdata(*other, other_origin)
    if a is None or b is None:
        return
    assert rdata_key(a) == value_keys._dnspython_key(a)
    assert (rdata_key(a) == rdata_key(b)) == (a == b)
