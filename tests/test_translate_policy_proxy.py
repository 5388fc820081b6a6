"""Proxying refused where Cloudflare refuses it (migration/translate/policy.py): addresses that are not
global, and Cloudflare's own, by kind; the policy pack refuses the same addresses."""

from __future__ import annotations

import pytest

from migration.translate import policy
from policy import rules
from tests.test_policy_pack import resource_args, violations


@pytest.mark.parametrize(
    "address,kind",
    [
        ("10.1.2.3", "private, RFC 1918"),
        ("172.16.0.1", "private, RFC 1918"),
        ("100.64.0.1", "shared address space, RFC 6598"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("::1", "loopback"),
        ("0.0.0.0", "unspecified"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("240.0.0.1", "reserved, not globally reachable"),
        ("::ffff:10.0.0.1", "reserved, not globally reachable"),
    ],
)
def test_every_non_global_address_is_refused_by_kind(address, kind):
    assert policy.address_refusal(address) == (
        f"{address} is not a global unicast address ({kind}): Cloudflare's proxy cannot reach it as an origin"
    )


@pytest.mark.parametrize("address", ["104.16.0.1", "172.64.1.1", "1.0.0.1", "2606:4700:4700::1111"])
def test_cloudflares_own_addresses_are_refused(address):
    assert policy.address_refusal(address) == (
        f"{address} is one of Cloudflare's own addresses: a proxied record cannot point back into Cloudflare"
    )


@pytest.mark.parametrize("address", ["8.8.8.8", "2a00:1450:4001::1", "192.0.2.10", "2001:db8::1"])
def test_public_and_documentation_addresses_may_be_proxied(address):
    assert policy.address_refusal(address) == ""


def test_the_policy_pack_refuses_the_same_addresses():
    props = {"name": "lan.example.com", "type": "A", "content": "192.168.1.1", "proxied": True, "ttl": 1}
    assert violations(rules.validate_proxy_allowed, resource_args(rules.CF_RECORD, props)) == [
        (
            "A lan.example.com is proxied: 192.168.1.1 is not a global unicast address (private, RFC 1918): "
            "Cloudflare's proxy cannot reach it as an origin",
            None,
        )
    ]
