"""Every plan applies on Cloudflare (issue 13): values in the form Cloudflare stores them,
proxying refused where Cloudflare refuses it, damaged routing input refused, and the resource
options that order a ``pulumi up``. The replayed bug reports (cases b09, b10, b20, b31, b36) are in
tests/test_regressions.py."""

from __future__ import annotations

import botocore.stub
import pulumi
import pytest

from migration import plan as plan_mod
from migration.errors import AwsError
from migration.model import CloudflareRecord
from migration.sources import cloudflare_existing, route53_api
from migration.translate import policy, translate
from migration.translate.values import CONVERTERS, HOST_FIELDS, PUBLISHED_TYPE, stored_form
from policy import rules
from tests.conftest import CASES
from tests.support.plans import plan_of_file, plan_of_record_sets
from tests.support.pulumi_mocks import run_under_mocks
from tests.support.zones import rrset, snapshot
from tests.test_policy_pack import resource_args, violations


def records(plan):
    return {r.name: r for r in plan.resources if r.type == plan_mod.CF_RECORD}


# --- item 3: values in the form Cloudflare stores them --------------------------------------------

# One value of every type the planner writes, spelled in mixed case wherever the type allows.
MIXED_CASE = {
    "A": "192.0.2.1",
    "AAAA": "2001:DB8::A",
    "CNAME": "MyApp-Env.eba-Abc123.us-east-1.ElasticBeanstalk.com.",
    "MX": "1 ASPMX.L.GOOGLE.COM.",
    "TXT": '"Hello World" "v=DKIM1; p=ABC"',
    "SPF": '"v=spf1 Include:Mail.Example.COM ~all"',
    "SRV": "10 5 5060 SIP.Example.NET.",
    "CAA": '0 issue "LetsEncrypt.org"',
    "NS": "NS1.Example.NET.",
    "PTR": "Host.Example.NET.",
    "NAPTR": '100 10 "S" "SIP+D2U" "!^.*$!sip:Info@Example.COM!" _sip._udp.Example.COM.',
    "HTTPS": '1 Svc.Example.NET. alpn="h2,h3"',
    "SVCB": '1 Svc.Example.NET. port="8443"',
    "TLSA": "3 1 1 " + "AB" * 32,
    "SSHFP": "1 1 " + "AB" * 20,
    "DS": "12345 13 2 " + "AB" * 32,
}

# What each declares: host names lowered, everything else as Cloudflare stores it (case kept).
DECLARED = {
    "A": ("192.0.2.1", None),
    "AAAA": ("2001:db8::a", None),
    "CNAME": ("myapp-env.eba-abc123.us-east-1.elasticbeanstalk.com", None),
    "MX": ("aspmx.l.google.com", None),
    "TXT": ('"Hello World" "v=DKIM1; p=ABC"', None),
    "SPF": ('"v=spf1 Include:Mail.Example.COM ~all"', None),
    "SRV": (None, {"port": 5060, "priority": 10, "target": "sip.example.net", "weight": 5}),
    "CAA": (None, {"flags": 0, "tag": "issue", "value": "LetsEncrypt.org"}),
    "NS": ("ns1.example.net", None),
    "PTR": ("host.example.net", None),
    "NAPTR": (None, {"flags": "S", "order": 100, "preference": 10, "regex": "!^.*$!sip:Info@Example.COM!",
                     "replacement": "_sip._udp.example.com", "service": "SIP+D2U"}),
    "HTTPS": (None, {"priority": 1, "target": "svc.example.net", "value": 'alpn="h2,h3"'}),
    "SVCB": (None, {"priority": 1, "target": "svc.example.net", "value": 'port="8443"'}),
    "TLSA": (None, {"certificate": "ab" * 32, "matching_type": 1, "selector": 1, "usage": 3}),
    "SSHFP": (None, {"algorithm": 1, "fingerprint": "ab" * 20, "type": 1}),
    "DS": (None, {"algorithm": 13, "digest": "ab" * 32, "digest_type": 2, "key_tag": 12345}),
}


def test_every_type_the_planner_writes_is_covered():
    assert set(MIXED_CASE) == set(DECLARED) == set(CONVERTERS)


@pytest.mark.parametrize("rtype", sorted(CONVERTERS))
def test_each_type_is_declared_in_cloudflares_normal_form(rtype):
    name = "_sip._tcp.example.com." if rtype in ("SRV", "NAPTR") else "x.example.com."
    raws = [rrset(name, rtype, MIXED_CASE[rtype])]
    if rtype == "DS":
        raws.append(rrset(name, "NS", "ns1.example.net."))
    t = translate(snapshot(*raws))
    (record,) = [r for r in t.records if r.type == PUBLISHED_TYPE.get(rtype, rtype)]
    assert (record.content, dict(record.data) if record.data else None) == DECLARED[rtype]
    # The normal form is a fixed point: what is declared is what Cloudflare gives back.
    assert stored_form(record.type, record.content, record.data) == (record.content, record.data)


def test_stored_form_lowers_only_the_host_name_field():
    assert stored_form("MX", "MX1.Example.COM", None) == ("mx1.example.com", None)
    assert stored_form("TXT", '"ABC"', None) == ('"ABC"', None)
    assert stored_form("CAA", None, (("flags", 0), ("tag", "issue"), ("value", "LetsEncrypt.org"))) == \
        (None, (("flags", 0), ("tag", "issue"), ("value", "LetsEncrypt.org")))
    assert stored_form("NAPTR", None, (("regex", "!A!B!"), ("replacement", "X.Example."))) == \
        (None, (("regex", "!A!B!"), ("replacement", "x.example.")))
    # DNS folds ASCII letters only (RFC 4343): a non-ASCII letter is not a case variant.
    assert stored_form("CNAME", "CAFÉ.example", None) == ("cafÉ.example", None)
    assert set(HOST_FIELDS) == {"CNAME", "MX", "NS", "PTR", "SRV", "HTTPS", "SVCB", "NAPTR"}


def test_a_pre_existing_record_listed_in_upper_case_is_compared_in_normal_form():
    (found,) = cloudflare_existing.from_document(
        [{"id": "r1", "name": "Mail.Example.com", "type": "MX", "content": "MX1.Example.NET", "priority": 10}], "t")
    assert (found.record.name, found.record.content, found.record.priority) == ("mail.example.com", "mx1.example.net", 10)


# --- item 4: proxying refused where Cloudflare refuses it -----------------------------------------


@pytest.mark.parametrize("address,kind", [
    ("10.1.2.3", "private, RFC 1918"), ("172.16.0.1", "private, RFC 1918"),
    ("100.64.0.1", "shared address space, RFC 6598"), ("169.254.169.254", "link-local"),
    ("fe80::1", "link-local"), ("::1", "loopback"), ("0.0.0.0", "unspecified"), ("224.0.0.1", "multicast"),
    ("ff02::1", "multicast"), ("240.0.0.1", "reserved, not globally reachable"),
    ("::ffff:10.0.0.1", "reserved, not globally reachable"),
])
def test_every_non_global_address_is_refused_by_kind(address, kind):
    assert policy.address_refusal(address) == (f"{address} is not a global unicast address ({kind}): "
                                               "Cloudflare's proxy cannot reach it as an origin")


@pytest.mark.parametrize("address", ["104.16.0.1", "172.64.1.1", "1.0.0.1", "2606:4700:4700::1111"])
def test_cloudflares_own_addresses_are_refused(address):
    assert policy.address_refusal(address) == (f"{address} is one of Cloudflare's own addresses: a proxied "
                                               "record cannot point back into Cloudflare")


@pytest.mark.parametrize("address", ["8.8.8.8", "2a00:1450:4001::1", "192.0.2.10", "2001:db8::1"])
def test_public_and_documentation_addresses_may_be_proxied(address):
    assert policy.address_refusal(address) == ""


def test_the_policy_pack_refuses_the_same_addresses():
    props = {"name": "lan.example.com", "type": "A", "content": "192.168.1.1", "proxied": True, "ttl": 1}
    assert violations(rules.validate_proxy_allowed, resource_args(rules.CF_RECORD, props)) == [
        ("A lan.example.com is proxied: 192.168.1.1 is not a global unicast address (private, RFC 1918): "
         "Cloudflare's proxy cannot reach it as an origin", None)]


# --- item 5: a repeated (name, type, SetIdentifier) is inconsistent input -------------------------


def _weighted(identifier, value):
    return {"Name": "api.example.com.", "Type": "A", "SetIdentifier": identifier, "Weight": 100, "TTL": 60,
            "ResourceRecords": [{"Value": value}]}


def _pages(repeat_value):
    # Real Route53 page shapes (ListResourceRecordSets); the second page starts again at the name and
    # type of the first page's last set, as a client that drops NextRecordIdentifier reads it.
    return [
        {"ResourceRecordSets": [_weighted("primary", "192.0.2.1")], "IsTruncated": True,
         "NextRecordName": "api.example.com.", "NextRecordType": "A", "MaxItems": "1"},
        {"ResourceRecordSets": [_weighted("primary", repeat_value), _weighted("secondary", "192.0.2.2")],
         "IsTruncated": False, "MaxItems": "1"},
    ]


def _read(pages):
    r53 = route53_api.client()
    with botocore.stub.Stubber(r53) as stub:
        stub.add_response("list_resource_record_sets", pages[0], {"HostedZoneId": "Z1"})
        stub.add_response("list_resource_record_sets", pages[1],
                          {"HostedZoneId": "Z1", "StartRecordName": "api.example.com.", "StartRecordType": "A"})
        return route53_api.read_raw_record_sets(r53, "Z1")


def test_the_live_reader_drops_an_identical_repeat_of_overlapping_pages():
    assert [(r["SetIdentifier"], r["ResourceRecords"]) for r in _read(_pages("192.0.2.1"))] == [
        ("primary", [{"Value": "192.0.2.1"}]), ("secondary", [{"Value": "192.0.2.2"}])]


def test_the_live_reader_refuses_a_repeat_with_another_value():
    with pytest.raises(AwsError) as err:
        _read(_pages("192.0.2.99"))
    assert str(err.value) == ("Route53 listed api.example.com. A [primary] twice with different contents (the zone "
                              "changed while it was read, or the pages overlap): read it again")


# --- item 2: dependencies Cloudflare needs ---------------------------------------------------------


# --- item 1: changes between snapshots apply in one pulumi up -------------------------------------


def test_the_other_records_at_a_name_wait_for_the_one_that_replaces_its_cname():
    t = plan_of_record_sets(rrset("foo.example.com.", "A", "192.0.2.5", "192.0.2.6"),
                   rrset("foo.example.com.", "TXT", '"x"'))
    assert [(r.name, r.aliases, r.delete_before_replace, r.depends_on) for r in records(t).values()] == [
        ("a-foo.example.com-579d9fd31e", ("cname-foo.example.com",), True, ()),
        ("a-foo.example.com-93156adf94", (), False, ("a-foo.example.com-579d9fd31e",)),
        ("txt-foo.example.com-9225d42b24", (), False, ("a-foo.example.com-579d9fd31e",))]


def test_the_program_passes_aliases_delete_before_replace_and_dependencies_to_pulumi():
    from migration import program

    plan = plan_of_record_sets(rrset("foo.example.com.", "A", "192.0.2.5", "192.0.2.6"),
                      rrset("bar.example.com.", "CNAME", "Target.Example.NET."))
    seen = {}

    def declare():
        def record(args):
            seen[args.name] = ([a.name for a in args.opts.aliases or () if isinstance(a, pulumi.Alias) and isinstance(a.name, str)],
                               args.opts.delete_before_replace,
                               [d._name for d in args.opts.depends_on or ()])
        pulumi.runtime.register_stack_transformation(record)
        return program.declare(plan)

    run_under_mocks(declare)
    assert {k: v for k, v in seen.items() if k not in ("cloudflare-zone", "route53-zone")} == {
        "a-foo.example.com-579d9fd31e": (["cname-foo.example.com"], True, []),
        "a-foo.example.com-93156adf94": ([], None, ["a-foo.example.com-579d9fd31e"]),
        "cname-bar.example.com": (["cname-bar.example.com-43b764f3ce", "cname-bar.example.com-d4639a818c"], True, []),
    }


def test_a_cname_of_an_existing_stack_is_renamed_not_replaced():
    # The value-derived name earlier versions gave the CNAME (the formula pinned in
    # tests/test_translate_rules.py) is its alias: Pulumi moves the state, no delete and create.
    record = CloudflareRecord(name="www.example.com", type="CNAME", ttl=300, content="example.net")
    assert record.logical_name == "cname-www.example.com"
    assert record.aliases == (record.value_name,) == ("cname-www.example.com-" + record.value_name[-10:],)


def test_the_live_reader_writes_each_weighted_set_once_where_moto_repeats_them(moto):
    # moto leaves out NextRecordIdentifier (the boto/boto#2542 condition): a page that ends inside
    # the weighted sets of w.example.com A is continued from the name and type, repeating them.
    r53 = moto.client("route53")
    zone_id = r53.create_hosted_zone(Name="example.com", CallerReference="b36")["HostedZone"]["Id"].split("/")[-1]
    changes = [{"Action": "CREATE", "ResourceRecordSet": {"Name": f"h{i:03d}.example.com.", "Type": "A", "TTL": 300,
                                                          "ResourceRecords": [{"Value": "192.0.2.1"}]}}
               for i in range(296)]
    changes += [{"Action": "CREATE", "ResourceRecordSet": {
        "Name": "w.example.com.", "Type": "A", "TTL": 60, "SetIdentifier": f"s{i}", "Weight": 1,
        "ResourceRecords": [{"Value": f"192.0.2.{i + 10}"}]}} for i in range(4)]
    r53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch={"Changes": changes})
    client = route53_api.client(endpoint_url=moto.endpoint)
    pages = client.get_paginator("list_resource_record_sets").paginate(HostedZoneId=zone_id)
    assert [rs.get("SetIdentifier") for page in pages for rs in page["ResourceRecordSets"]
            if rs["Name"] == "w.example.com."] == ["s0", "s1", "s0", "s1", "s2", "s3"]
    raws = route53_api.read_raw_record_sets(client, zone_id)
    assert [rs["SetIdentifier"] for rs in raws if rs["Name"] == "w.example.com."] == ["s0", "s1", "s2", "s3"]
    assert len(raws) == 302  # 296 + 4 + the apex SOA and NS


def test_an_apex_cname_beside_a_or_aaaa_is_refused_but_beside_mx_is_published():
    from tests.support.zones import alias

    cdn = alias("example.com.", "A", "d111111abcdef8.cloudfront.net.", "Z2FDTNDATAQYW2")
    refused = plan_of_record_sets(cdn, rrset("example.com.", "AAAA", "2001:db8::1"))
    assert [(o.record_set.label, o.status, o.reason) for o in refused.translation.outcomes if o.status == "refused"] == [
        (label, "refused", "Cloudflare does not allow a CNAME beside A or AAAA records, even at the apex (example.com. "
         "would have CNAME from example.com. A; AAAA from example.com. AAAA). Options: remove the A/AAAA record "
         "sets, or replace the alias that became the CNAME by the target's A/AAAA values")
        for label in ("example.com. A", "example.com. AAAA")]
    published = plan_of_record_sets(cdn, rrset("example.com.", "MX", "10 mx1.example.net."))
    assert sorted(r.inputs["type"] for r in records(published).values()) == ["CNAME", "MX"]


@pytest.mark.parametrize("delete_differing", [False, True])
def test_a_pre_existing_record_that_clashes_with_the_plan_is_an_error(tmp_path, delete_differing):
    listing = tmp_path / "cloudflare.json"
    listing.write_text('{"result": [{"id": "c1", "name": "foo.example.com", "type": "CNAME", "content": "old.example.net",'
                       ' "ttl": 1, "proxied": false}, {"id": "t1", "name": "foo.example.com", "type": "TXT", '
                       '"content": "\\"other\\"", "ttl": 1, "proxied": false}]}')
    plan = plan_of_file(CASES / "b09" / "after-a.json", cloudflare_zone_id="023e105f4ecef8ad9ca31a8372d0c353",
                 cloudflare_account_id=None, existing=listing, delete_differing_records=delete_differing)
    assert [(f.severity, f.code, f.subject, f.message) for f in plan.findings if f.severity == "error"] == [
        ("error", "cloudflare-record-conflicts", "CNAME foo.example.com old.example.net",
         "Cloudflare record c1 is not in the plan and stands where the plan creates A foo.example.com, which "
         "Cloudflare refuses beside it (errors 81053/81054): delete it in Cloudflare, list the zone's records "
         "again (migration:cloudflareExisting), then plan again")]
    assert plan.blocked
