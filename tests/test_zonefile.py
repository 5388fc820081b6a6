"""Zone files from a snapshot and from Cloudflare records (migration.zonefile), read back with
dnspython's zone parser. Zone data: the reference scenario, examples/seed-scenario."""

from __future__ import annotations

import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.rdtypes.ANY.TXT
import dns.zone
from hypothesis import given
from hypothesis import strategies as st

from migration import plan as plan_mod
from migration import zonefile
from migration.model import CloudflareRecord
from migration.settings import Settings
from migration.sources import snapshot as snapshot_file
from migration.translate.values import CONVERTERS
from tests.conftest import EXAMPLE

SOURCE = EXAMPLE / "route53-example.com.json"
SNAP = snapshot_file.read(SOURCE, zone="example.com")
CLOUDFRONT = dns.name.from_text("d3k8p2x0example.cloudfront.net.")


def _zone(text: str) -> dns.zone.Zone:
    return dns.zone.from_text(text, origin="example.com.", relativize=False, check_origin=False)


def test_snapshot_backup_loads_with_every_value_and_aliases_as_addresses():
    text = zonefile.snapshot_to_bind(SNAP, {CLOUDFRONT: ("192.0.2.80", "2001:db8::80")})
    zone = _zone(text)
    for rs in SNAP.record_sets:
        if rs.alias is None:
            served = zone.find_rdataset(rs.name, rs.rtype)
            assert {r.to_text() for r in served} == {
                r.to_text(origin=dns.name.root, relativize=False) for r in rs.rdatas
            }
            assert served.ttl == rs.ttl
    apex = dns.name.from_text("example.com.")
    assert [r.to_text() for r in zone.find_rdataset(apex, "A")] == ["192.0.2.80"]
    assert zone.find_rdataset(apex, "A").ttl == 60
    # Aliases whose addresses are not known stay visible as comments, not silently dropped.
    assert (
        "; api.example.com. A: Route53 alias to dualstack.app-prod-1234567890.ap-northeast-1.elb.amazonaws.com. "
        "(hosted zone Z14GRHDCWA56QT); its addresses are not known here"
    ) in text.splitlines()
    assert zone.get_rdataset("api.example.com.", "A") is None


def test_cloudflare_zone_flattens_the_apex_and_proxies_with_cloudflare_addresses():
    settings = Settings(
        stack="t",
        zone="example.com",
        snapshot=SOURCE,
        hosted_zone_id="Z1",
        cloudflare_account_id="a",
        proxied=(dns.name.from_text("www.example.com."),),
    )
    plan = plan_mod.build(settings, SNAP)
    text = zonefile.cloudflare_to_bind(
        SNAP.zone,
        plan.translation.records,
        ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"],
        {CLOUDFRONT: ("192.0.2.80",)},
        proxy_addresses=("104.16.0.1", "2606:4700::1"),
    )
    zone = _zone(text)
    apex = dns.name.from_text("example.com.")
    assert [r.to_text() for r in zone.find_rdataset(apex, "A")] == ["192.0.2.80"]
    assert zone.get_rdataset(apex, "CNAME") is None
    assert [r.to_text() for r in zone.find_rdataset(apex, "SOA")] == [
        "ada.ns.cloudflare.com. dns.cloudflare.com. 1 10000 2400 604800 1800"
    ]
    assert sorted(r.to_text() for r in zone.find_rdataset(apex, "NS")) == [
        "ada.ns.cloudflare.com.",
        "bob.ns.cloudflare.com.",
    ]
    www = dns.name.from_text("www.example.com.")
    assert [(r.to_text(), zone.find_rdataset(www, "A").ttl) for r in zone.find_rdataset(www, "A")] == [
        ("104.16.0.1", 300)
    ]
    assert [r.to_text() for r in zone.find_rdataset(www, "AAAA")] == ["2606:4700::1"]
    srv = zone.find_rdataset("_sip._tls.example.com.", "SRV")
    assert [r.to_text() for r in srv] == ["100 1 443 sipdir.online.lync.com."]


_strings = st.lists(st.binary(min_size=0, max_size=255), min_size=1, max_size=4).map(tuple)


@given(_strings)
def test_txt_read_back_round_trip(strings):
    rdata = dns.rdtypes.ANY.TXT.TXT(dns.rdataclass.IN, dns.rdatatype.TXT, strings)
    content, data, priority = CONVERTERS["TXT"](rdata)
    record = CloudflareRecord(name="t.example.com", type="TXT", ttl=300, content=content, data=data, priority=priority)
    assert zonefile.cloudflare_rdata(record) == rdata


_label = st.from_regex(r"[a-z0-9]([a-z0-9-]{0,20}[a-z0-9])?", fullmatch=True)
_host = st.lists(_label, min_size=1, max_size=4).map(lambda labels: ".".join(labels) + ".")


@given(st.sampled_from(["MX", "SRV", "CAA", "CNAME"]), _host, st.integers(0, 65535), st.integers(0, 65535))
def test_structured_read_back_round_trip(rtype, host, a, b):
    text = {"MX": f"{a} {host}", "SRV": f"{a} {b} {a ^ b} {host}", "CNAME": host, "CAA": f'{a % 256} issue "{host}"'}[
        rtype
    ]
    rdata = dns.rdata.from_text("IN", rtype, text, origin=dns.name.root, relativize=False)
    content, data, priority = CONVERTERS[rtype](rdata)
    record = CloudflareRecord(name="t.example.com", type=rtype, ttl=300, content=content, data=data, priority=priority)
    assert zonefile.cloudflare_rdata(record) == rdata


def test_read_back_names_the_record_it_cannot_read():
    record = CloudflareRecord(name="x.example.com", type="SRV", ttl=300, data=(("port", 1),))
    try:
        zonefile.cloudflare_rdata(record)
    except ValueError as exc:
        assert str(exc) == "SRV x.example.com: value fields are incomplete: 'priority'"
    else:
        raise AssertionError("an incomplete SRV was read back")
