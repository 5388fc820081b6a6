"""Alias targets: each kind becomes a CNAME to the right host, same-zone aliases copy the
target's records (following chains), and targets without public meaning are refused."""

from __future__ import annotations

import pytest

from tests.support.zones import ZONE_ID, alias, outcome, rrset, run, values


@pytest.mark.parametrize(
    "name,zone_id,target,cname",
    [
        ("cdn.example.com", "Z2FDTNDATAQYW2", "d111111abcdef8.cloudfront.net.", "d111111abcdef8.cloudfront.net"),
        # API Gateway edge-optimized custom domain: a CloudFront distribution.
        ("edge.example.com", "Z2FDTNDATAQYW2", "d3abc.cloudfront.net", "d3abc.cloudfront.net"),
        (
            "api.example.com",
            "Z1UJRXOUMOOFQ8",
            "d-abcde12345.execute-api.us-east-1.amazonaws.com.",
            "d-abcde12345.execute-api.us-east-1.amazonaws.com",
        ),
        (
            "lb.example.com",
            "Z35SXDOTRQ7X7K",
            "dualstack.my-lb-1.us-east-1.elb.amazonaws.com.",
            "my-lb-1.us-east-1.elb.amazonaws.com",
        ),  # A only: the dualstack name would answer AAAA too
        (
            "nlb.example.com",
            "Z26RNL4JYFTOTI",
            "my-nlb-abc.elb.us-east-1.amazonaws.com.",
            "my-nlb-abc.elb.us-east-1.amazonaws.com",
        ),
        (
            "eb.example.com",
            "Z117KPS5GTRQ2G",
            "my-env.us-east-1.elasticbeanstalk.com.",
            "my-env.us-east-1.elasticbeanstalk.com",
        ),
        (
            "ga.example.com",
            "Z2BJ6XQ5FK7U4H",
            "a1234567890abcdef.awsglobalaccelerator.com.",
            "a1234567890abcdef.awsglobalaccelerator.com",
        ),
        (
            "site.example.com",
            "Z3AQBSTGFYJSTF",
            "s3-website-us-east-1.amazonaws.com.",
            "site.example.com.s3-website-us-east-1.amazonaws.com",
        ),
        (
            "old.example.com",
            "Z1BKCTXD74EZPE",
            "s3-website.eu-west-1.amazonaws.com.",
            "old.example.com.s3-website.eu-west-1.amazonaws.com",
        ),  # region spelled as its endpoint spells it
    ],
)
def test_alias_kinds_become_cnames(name, zone_id, target, cname):
    t = run(alias(name, "A", target, zone_id))
    assert values(t.records) == [(name, "CNAME", 60, cname, None, None)]


def test_elb_alias_pair_keeps_dualstack_and_becomes_one_cname():
    target = "dualstack.my-lb-1.us-east-1.elb.amazonaws.com."
    t = run(
        alias("lb.example.com", "A", target, "Z35SXDOTRQ7X7K"),
        alias("lb.example.com", "AAAA", target, "Z35SXDOTRQ7X7K"),
    )
    assert values(t.records) == [
        ("lb.example.com", "CNAME", 60, "dualstack.my-lb-1.us-east-1.elb.amazonaws.com", None, None)
    ]
    assert outcome(t, "lb.example.com. AAAA").merged_into == "lb.example.com. A"


def test_vpc_interface_endpoint_is_refused():
    t = run(alias("svc.example.com", "A", "vpce-0abc-xyz.execute-api.us-east-1.vpce.amazonaws.com.", "Z7HUB22UULQXV"))
    o = outcome(t, "svc.example.com. A")
    assert (o.status, t.records) == ("refused", ())
    assert o.reason.startswith(
        "the alias target vpce-0abc-xyz.execute-api.us-east-1.vpce.amazonaws.com. is a VPC "
        "interface endpoint: it answers only inside its VPC and has no public meaning"
    )


def test_same_zone_chain_copies_the_final_values():
    t = run(
        rrset("app.example.com", "A", "192.0.2.7", ttl=120),
        alias("mid.example.com", "A", "app.example.com.", ZONE_ID),
        alias("www.example.com", "A", "mid.example.com.", ZONE_ID),
    )
    assert values(outcome(t, "www.example.com. A").records) == [("www.example.com", "A", 120, "192.0.2.7", None, None)]
    assert outcome(t, "www.example.com. A").reason == (
        "alias within the zone (www.example.com. -> mid.example.com. -> app.example.com.): the target's values copied"
    )


def test_same_zone_chain_ending_at_a_service_alias_becomes_a_cname():
    t = run(
        alias("example.com", "A", "d1.cloudfront.net.", "Z2FDTNDATAQYW2"),
        alias("www.example.com", "A", "example.com.", ZONE_ID),
    )
    assert values(outcome(t, "www.example.com. A").records) == [
        ("www.example.com", "CNAME", 60, "d1.cloudfront.net", None, None)
    ]


def test_alias_loop_is_refused_for_every_member():
    t = run(
        alias("a.example.com", "A", "b.example.com.", ZONE_ID), alias("b.example.com", "A", "a.example.com.", ZONE_ID)
    )
    assert [o.status for o in t.outcomes] == ["refused", "refused"]
    assert outcome(t, "a.example.com. A").reason == (
        "the alias chain loops (a.example.com. -> b.example.com. -> a.example.com.); Route53 cannot answer it either"
    )


def test_dangling_same_zone_alias_is_refused():
    t = run(alias("a.example.com", "A", "nothing.example.com.", ZONE_ID))
    assert outcome(t, "a.example.com. A").reason == (
        "the alias target nothing.example.com. has no A record set in this zone (a.example.com. -> nothing.example.com.)"
    )


@pytest.mark.parametrize(
    "rtype,value,expected",
    [
        ("CNAME", "target.example.net.", ("CNAME", "target.example.net", None)),
        ("TXT", '"v=spf1 -all"', ("TXT", '"v=spf1 -all"', None)),
        (
            "NAPTR",
            '10 20 "U" "SIP+D2U" "!^.*$!sip:info@bar.example.com!" .',
            (
                "NAPTR",
                None,
                {
                    "order": 10,
                    "preference": 20,
                    "flags": "U",
                    "service": "SIP+D2U",
                    "regex": "!^.*$!sip:info@bar.example.com!",
                    "replacement": ".",
                },
            ),
        ),
    ],
)
def test_alias_of_type_cname_txt_naptr_copies_the_target(rtype, value, expected):
    t = run(
        rrset("target.example.com", rtype, value, ttl=90),
        alias("alias.example.com", rtype, "target.example.com.", ZONE_ID),
    )
    cf_type, content, data = expected
    assert values(outcome(t, f"alias.example.com. {rtype}").records) == [
        ("alias.example.com", cf_type, 90, content, data, None)
    ]


def test_unknown_alias_target_is_refused():
    t = run(alias("x.example.com", "A", "thing.example.net.", "ZUNKNOWN"))
    assert outcome(t, "x.example.com. A").reason == (
        "alias target thing.example.net. (hosted zone ZUNKNOWN) is of a kind this planner does not know; "
        "replace the alias by plain values first"
    )
