"""The CrossGuard policy pack (policy/): each rule called on inputs that pass and that violate it,
the plan's own resources passing every rule, and the pack served over gRPC the way the Pulumi CLI
runs it (no CLI: the test is the engine's side of the analyzer protocol)."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import dns.name
import grpc
import pulumi.runtime
import pytest
from google.protobuf import empty_pb2, json_format, struct_pb2
from pulumi.runtime.proto import analyzer_pb2, analyzer_pb2_grpc
from pulumi_policy import (
    EnforcementLevel,
    PolicyCustomTimeouts,
    PolicyResource,
    PolicyResourceOptions,
    ResourceValidationArgs,
    StackValidationArgs,
)

from migration.resources import ZoneRef, pulumi_inputs
from migration.settings import load_stack
from migration.stack import plan_for
from policy import rules
from tests.conftest import ROOT


def _opts(protect: bool = False) -> PolicyResourceOptions:
    return PolicyResourceOptions(protect, [], None, [], PolicyCustomTimeouts(0, 0, 0), [])


def resource_args(rtype: str, props: dict, protect: bool = False) -> ResourceValidationArgs:
    return ResourceValidationArgs(rtype, props, f"urn:pulumi:t::p::{rtype}::r", "r", _opts(protect), None)


def stack_resource(rtype: str, props: dict, name: str = "r") -> PolicyResource:
    return PolicyResource(rtype, props, f"urn:pulumi:t::p::{rtype}::{name}", name, _opts(), None, None, [], {})


def violations(validate, args) -> list[tuple[str, str | None]]:
    found: list[tuple[str, str | None]] = []
    validate(args, lambda message, urn=None: found.append((message, urn)))
    return found


def record(name: str, rtype: str, content: str, proxied: bool, ttl: int = 1) -> dict:
    """A cloudflare.DnsRecord's inputs as a policy sees them (camelCase, Pulumi's wire names)."""
    return {"zoneId": "z", "name": name, "type": rtype, "content": content, "proxied": proxied, "ttl": ttl}


@pytest.fixture
def phase():
    """Set the stack config ``migration:phase`` the way Pulumi passes it to a policy pack."""
    saved = dict(pulumi.runtime.config.CONFIG.get())
    pulumi.runtime.config.set_all_config({k: v for k, v in saved.items() if k != "migration:phase"})

    def set_phase(value: str) -> None:
        pulumi.runtime.set_config("migration:phase", value)

    yield set_phase
    pulumi.runtime.config.set_all_config(saved)


# --- proxy-allowed -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("props", "expected"),
    [
        (
            record("abc._domainkey.example.com", "CNAME", "abc.dkim.amazonses.com", True),
            "CNAME abc._domainkey.example.com is proxied: a DKIM selector must be DNS-only: a proxied CNAME "
            "answers Cloudflare's addresses, not the key",
        ),
        (
            record("_dmarc.example.com", "A", "192.0.2.1", True),
            "A _dmarc.example.com is proxied: names with an _underscore label are service or policy names and "
            "must be DNS-only",
        ),
        (
            record("_3f2a.example.com", "CNAME", "_9b1c.xlfgrmvvlj.acm-validations.aws", True),
            "CNAME _3f2a.example.com is proxied: names with an _underscore label are service or policy names "
            "and must be DNS-only",
        ),
        (
            record("cert.example.com", "CNAME", "_9b1c.xlfgrmvvlj.acm-validations.aws", True),
            "CNAME cert.example.com is proxied: an ACM validation CNAME must be DNS-only or the certificate "
            "cannot renew",
        ),
        (
            record("example.com", "TXT", '"v=spf1 -all"', True),
            "TXT example.com is proxied: TXT records cannot be proxied (only A, AAAA, CNAME)",
        ),
        (
            record("example.com", "MX", "mail.example.com", True),
            "MX example.com is proxied: MX records cannot be proxied (only A, AAAA, CNAME)",
        ),
    ],
)
def test_proxy_allowed_refuses(props, expected):
    assert violations(rules.validate_proxy_allowed, resource_args(rules.CF_RECORD, props)) == [(expected, None)]


@pytest.mark.parametrize(
    "props",
    [
        record("www.example.com", "CNAME", "example.com", True),
        record("example.com", "A", "192.0.2.1", True),
        record("v6.example.com", "AAAA", "2001:db8::1", True),
        # DNS-only records may be anything.
        record("abc._domainkey.example.com", "CNAME", "abc.dkim.amazonses.com", False, ttl=1800),
        record("example.com", "TXT", '"v=spf1 -all"', False, ttl=300),
    ],
)
def test_proxy_allowed_passes(props):
    assert violations(rules.validate_proxy_allowed, resource_args(rules.CF_RECORD, props)) == []


def test_proxy_allowed_ignores_other_resource_types():
    props = {"name": "_x.example.com", "type": "TXT", "proxied": True}
    assert violations(rules.validate_proxy_allowed, resource_args(rules.R53_ZONE, props)) == []


# --- proxied-ttl-automatic -----------------------------------------------------------------------


def test_proxied_record_with_a_ttl_violates():
    args = resource_args(rules.CF_RECORD, record("www.example.com", "CNAME", "example.com", True, ttl=300))
    assert violations(rules.validate_proxied_ttl, args) == [
        ("CNAME www.example.com is proxied with TTL 300: proxied records have TTL 1 (automatic)", None)
    ]


@pytest.mark.parametrize(
    "props",
    [
        record("www.example.com", "CNAME", "example.com", True, ttl=1),
        record("www.example.com", "CNAME", "example.com", False, ttl=300),
    ],
)
def test_proxied_ttl_passes(props):
    assert violations(rules.validate_proxied_ttl, resource_args(rules.CF_RECORD, props)) == []


# --- mx-targets-dns-only -------------------------------------------------------------------------


def test_a_proxied_mx_target_violates_and_names_the_resource():
    mx = stack_resource(rules.CF_RECORD, record("example.com", "MX", "mx.example.com", False, 300), "mx")
    target = stack_resource(rules.CF_RECORD, record("mx.example.com", "A", "192.0.2.25", True), "mx-a")
    other = stack_resource(rules.CF_RECORD, record("www.example.com", "A", "192.0.2.80", True), "www")
    found = violations(rules.validate_mx_targets_dns_only, StackValidationArgs([mx, target, other]))
    assert found == [
        ("A mx.example.com is proxied: the name is an MX target: mail servers must get its real addresses", target.urn)
    ]


def test_a_dns_only_mx_target_passes():
    mx = stack_resource(rules.CF_RECORD, record("example.com", "MX", "mx.example.com", False, 300), "mx")
    target = stack_resource(rules.CF_RECORD, record("mx.example.com", "A", "192.0.2.25", False, 300), "mx-a")
    assert violations(rules.validate_mx_targets_dns_only, StackValidationArgs([mx, target])) == []


def test_the_mx_rule_does_not_repeat_what_proxy_allowed_reports():
    mx = stack_resource(rules.CF_RECORD, record("example.com", "MX", "_mx.example.com", False, 300), "mx")
    target = stack_resource(rules.CF_RECORD, record("_mx.example.com", "A", "192.0.2.25", True), "mx-a")
    assert violations(rules.validate_mx_targets_dns_only, StackValidationArgs([mx, target])) == []


# --- Route53 zone lifecycle ----------------------------------------------------------------------

ZONE = {"name": "example.com", "comment": ""}


def test_unprotected_zone_before_decommission_violates(phase):
    phase("mirror")
    assert violations(rules.validate_zone_protected, resource_args(rules.R53_ZONE, ZONE, protect=False)) == [
        (
            "the Route53 hosted zone example.com is not protected in phase mirror: it may be deleted only in "
            "phase decommission",
            None,
        )
    ]


def test_force_destroy_before_decommission_violates(phase):
    phase("cut-over")
    args = resource_args(rules.R53_ZONE, {**ZONE, "forceDestroy": True}, protect=True)
    assert violations(rules.validate_zone_protected, args) == [
        (
            "the Route53 hosted zone example.com has forceDestroy in phase cut-over: its record sets may be "
            "deleted only in phase decommission",
            None,
        )
    ]


def test_unset_phase_counts_as_mirror(phase):
    assert pulumi.runtime.config.get_config("migration:phase") is None
    assert rules.current_phase() == "mirror"
    assert len(violations(rules.validate_zone_protected, resource_args(rules.R53_ZONE, ZONE))) == 1


def test_protected_zone_passes_and_decommission_may_unprotect(phase):
    phase("mirror")
    assert violations(rules.validate_zone_protected, resource_args(rules.R53_ZONE, ZONE, protect=True)) == []
    phase("decommission")
    args = resource_args(rules.R53_ZONE, {**ZONE, "forceDestroy": True}, protect=False)
    assert violations(rules.validate_zone_protected, args) == []


def test_zone_missing_from_the_stack_before_decommission_violates(phase):
    phase("mirror")
    only_records = StackValidationArgs(
        [stack_resource(rules.CF_RECORD, record("a.example.com", "A", "192.0.2.1", False, 300))]
    )
    assert violations(rules.validate_zone_kept, only_records) == [
        (
            "the stack declares no Route53 hosted zone in phase mirror: the update would delete it, and it may "
            "be deleted only in phase decommission",
            None,
        )
    ]
    phase("decommission")
    assert violations(rules.validate_zone_kept, only_records) == []


def test_zone_in_the_stack_passes(phase):
    phase("mirror")
    assert violations(rules.validate_zone_kept, StackValidationArgs([stack_resource(rules.R53_ZONE, ZONE)])) == []


# --- Cloudflare zone ------------------------------------------------------------------------------


@pytest.mark.parametrize("phase_name", ["mirror", "cut-over", "decommission"])
def test_an_unprotected_cloudflare_zone_violates_in_every_phase(phase, phase_name):
    phase(phase_name)
    zone = {"name": "example.com", "type": "full", "account": {"id": "a"}}
    assert violations(rules.validate_cloudflare_zone_protected, resource_args(rules.CF_ZONE, zone)) == [
        (
            f"the Cloudflare zone example.com is not protected in phase {phase_name}: it is the zone the migration "
            "moves to; to undo a mirror, 'pulumi state unprotect' it first (docs/runbook.md)",
            None,
        )
    ]
    assert violations(rules.validate_cloudflare_zone_protected, resource_args(rules.CF_ZONE, zone, protect=True)) == []


@pytest.mark.parametrize("phase_name", ["mirror", "cut-over", "decommission"])
def test_the_planned_cloudflare_zone_is_protected_created_or_adopted(phase_name):
    settings = replace(load_stack("example", cwd=ROOT), phase=phase_name)
    for adopted in (None, "023e105f4ecef8ad9ca31a8372d0c353"):
        plan = plan_for(replace(settings, cloudflare_zone_id=adopted), run_gates=False)
        zone = next(r for r in plan.resources if r.type == rules.CF_ZONE)
        assert (
            violations(
                rules.validate_cloudflare_zone_protected, resource_args(zone.type, zone.inputs, protect=zone.protect)
            )
            == []
        )
        assert zone.protect is True


# --- the plan against the pack -------------------------------------------------------------------


def _camel(key: str) -> str:
    head, *rest = key.split("_")
    return head + "".join(part.title() for part in rest)


def test_the_example_plan_passes_every_rule():
    """What the program declares for the reference scenario (with www proxied) satisfies the pack."""
    settings = replace(load_stack("example", cwd=ROOT), proxied=(dns.name.from_text("www.example.com."),))
    plan = plan_for(settings)
    resources, found = [], []
    for res in plan.resources:
        props = {_camel(k): str(v) if isinstance(v, ZoneRef) else v for k, v in pulumi_inputs(res).items()}
        for policy_fn in (
            rules.validate_proxy_allowed,
            rules.validate_proxied_ttl,
            rules.validate_zone_protected,
            rules.validate_cloudflare_zone_protected,
        ):
            found += violations(policy_fn, resource_args(res.type, props, protect=res.protect))
        resources.append(stack_resource(res.type, props, res.name))
    found += violations(rules.validate_mx_targets_dns_only, StackValidationArgs(resources))
    found += violations(rules.validate_zone_kept, StackValidationArgs(resources))
    assert [r.props["proxied"] for r in resources if r.props.get("name") == "www.example.com"] == [True]
    assert found == []


def test_every_rule_is_mandatory():
    assert {p.name: p.enforcement_level for p in rules.POLICIES} == {
        "proxy-allowed": EnforcementLevel.MANDATORY,
        "proxied-ttl-automatic": EnforcementLevel.MANDATORY,
        "mx-targets-dns-only": EnforcementLevel.MANDATORY,
        "route53-zone-protected-until-decommission": EnforcementLevel.MANDATORY,
        "route53-zone-kept-until-decommission": EnforcementLevel.MANDATORY,
        "cloudflare-zone-protected": EnforcementLevel.MANDATORY,
    }


# --- the pack as the Pulumi CLI runs it ------------------------------------------------------------


@pytest.fixture
def analyzer():
    """``policy/__main__.py`` started the way Pulumi starts it (``python -m pulumi.policy``): it prints
    its gRPC port, then serves the Analyzer service."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "pulumi.policy", "127.0.0.1:1", str(ROOT / "policy")],
        cwd=ROOT / "policy",
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        port = proc.stdout.readline().decode().strip()
        assert port.isdigit(), proc.stderr.read().decode() if proc.poll() is not None else port
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            yield analyzer_pb2_grpc.AnalyzerStub(channel)
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_pack_serves_its_rules_and_refuses_a_proxied_dkim_selector(analyzer):
    info = analyzer.GetAnalyzerInfo(empty_pb2.Empty())
    assert info.name == "dns-migration"
    assert sorted(p.name for p in info.policies) == sorted(p.name for p in rules.POLICIES)
    props = struct_pb2.Struct()
    json_format.ParseDict(record("abc._domainkey.example.com", "CNAME", "abc.dkim.amazonses.com", True), props)
    response = analyzer.Analyze(
        analyzer_pb2.AnalyzeRequest(
            type=rules.CF_RECORD,
            properties=props,
            urn="urn:pulumi:t::p::cloudflare:index/dnsRecord:DnsRecord::dkim",
            name="dkim",
            options=analyzer_pb2.AnalyzerResourceOptions(protect=False),
        )
    )
    # The engine gets the policy's description, then the violation.
    assert [(d.policyName, d.message) for d in response.diagnostics] == [
        (
            "proxy-allowed",
            rules.POLICIES[0].description
            + "\nCNAME abc._domainkey.example.com is proxied: a DKIM selector must be DNS-only: a "
            "proxied CNAME answers Cloudflare's addresses, not the key",
        )
    ]
    assert response.diagnostics[0].enforcementLevel == analyzer_pb2.MANDATORY
