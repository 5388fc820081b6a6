"""The CrossGuard rules of the migration, as plain validate functions and their policies.

Run with ``pulumi preview --policy-pack policy`` (see ``policy/README.md``). Every rule is
mandatory: a violation stops the preview and the update.

The proxy rules are :func:`migration.translate.policy.proxy_refusal`, the same function the
planner uses, so the plan and the policy pack cannot disagree on what may be proxied. Facts
(Cloudflare DNS docs, "Proxy status"): only A, AAAA and CNAME can be proxied and proxied records
have TTL 1 (automatic); DKIM selectors, ``_underscore`` names, ACM validation CNAMEs and MX
targets must be DNS-only.

Phase: the Route53 hosted zone may be deleted only when the stack setting ``migration:phase`` is
``decommission``. A policy sees no deletion (a deleted resource is simply absent), so the rule
has two halves: (1) before decommission the zone must be declared ``protect=True`` and without
``force_destroy`` (Pulumi refuses to delete a protected resource, so a later update that drops
it fails); (2) before decommission the zone must still be in the stack. The policy reads the
phase from the stack's own config with ``pulumi.Config`` (the Pulumi CLI passes the stack's
config to policy packs, pulumi/pulumi#3612), so there is one source of truth: no tag on the live
zone (a tag would modify the adopted zone and break its import) and no policy-pack config to keep
in step with the stack.

The Cloudflare zone is protected in every phase, created or adopted: from cut-over on the parent
delegates to it and after the decommission it is the only copy, so a deletion (a ``pulumi
destroy``, an input change forcing a replacement) would drop every record and its assigned name
servers (Pulumi docs, resource option ``protect``).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

import dns.exception
import dns.name
import pulumi
from pulumi_policy import (
    EnforcementLevel,
    ReportViolation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
)

from migration.resources import CF_RECORD, CF_ZONE, R53_ZONE
from migration.translate import policy as proxy_policy

# The phase in which the Route53 zone may go (stack setting migration:phase).
DECOMMISSION = "decommission"
DEFAULT_PHASE = "mirror"


def current_phase() -> str:
    """The stack's ``migration:phase`` (``mirror`` when unset), read from the stack config."""
    return pulumi.Config("migration").get("phase") or DEFAULT_PHASE


def _owner(props: Mapping[str, Any]) -> dns.name.Name | None:
    try:
        return dns.name.from_text(str(props.get("name", "")))
    except dns.exception.DNSException:
        return None


def _target(props: Mapping[str, Any]) -> dns.name.Name | None:
    if props.get("type") != "CNAME" or not props.get("content"):
        return None
    try:
        return dns.name.from_text(str(props["content"]))
    except dns.exception.DNSException:
        return None


def _refusal(props: Mapping[str, Any], mx_targets: frozenset[dns.name.Name] = frozenset()) -> str:
    """Why this proxied record may not be proxied (``""`` when it may). The record carries no zone
    name, so ``_underscore`` labels are looked for in the whole owner name (a zone's own labels
    never start with ``_``)."""
    owner = _owner(props)
    if owner is None:
        return f"the owner name {props.get('name')!r} is not a valid DNS name"
    refusal = proxy_policy.proxy_refusal(owner, dns.name.root, str(props.get("type")), _target(props), mx_targets)
    if not refusal and props.get("type") in ("A", "AAAA"):
        try:
            refusal = proxy_policy.address_refusal(str(props.get("content")))
        except ValueError:
            refusal = f"{props.get('content')!r} is not an IP address"
    return refusal


def _describe(props: Mapping[str, Any]) -> str:
    return f"{props.get('type')} {props.get('name')}"


def validate_proxy_allowed(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """A proxied Cloudflare record must be of a proxiable type (A, AAAA, CNAME) and must not be a
    DKIM selector, an ``_underscore`` name or an ACM validation CNAME; an A/AAAA value must be a
    global unicast address outside Cloudflare's own ranges (``address_refusal``)."""
    if args.resource_type != CF_RECORD or not args.props.get("proxied"):
        return
    reason = _refusal(args.props)
    if reason:
        report_violation(f"{_describe(args.props)} is proxied: {reason}", None)


def validate_proxied_ttl(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """A proxied Cloudflare record must have TTL 1 (automatic)."""
    if args.resource_type != CF_RECORD or not args.props.get("proxied"):
        return
    ttl = args.props.get("ttl")
    if ttl != proxy_policy.TTL_AUTOMATIC:
        report_violation(
            f"{_describe(args.props)} is proxied with TTL {ttl}: proxied records have "
            f"TTL {proxy_policy.TTL_AUTOMATIC} (automatic)",
            None,
        )


def validate_mx_targets_dns_only(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """No proxied record may be the exchange of an MX record of the stack (mail servers must get
    its real addresses). A stack rule: only the whole stack shows which names are MX targets."""
    records = [r for r in args.resources if r.resource_type == CF_RECORD]
    mx_targets = frozenset(
        name
        for r in records
        if r.props.get("type") == "MX"
        for name in [_owner({"name": r.props.get("content")})]
        if name is not None
    )
    for r in records:
        if not r.props.get("proxied"):
            continue
        reason = _refusal(r.props, mx_targets)
        # Report only what proxy-allowed cannot see: a reason that needs the zone's MX targets.
        if reason and not _refusal(r.props):
            report_violation(f"{_describe(r.props)} is proxied: {reason}", r.urn)


def validate_zone_protected(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """Before the decommission phase the Route53 hosted zone is declared ``protect=True`` and
    without ``forceDestroy``, so no update can delete it."""
    if args.resource_type != R53_ZONE:
        return
    phase = current_phase()
    if phase == DECOMMISSION:
        return
    if not args.opts.protect:
        report_violation(
            f"the Route53 hosted zone {args.props.get('name')} is not protected in phase {phase}: "
            f"it may be deleted only in phase {DECOMMISSION}",
            None,
        )
    if args.props.get("forceDestroy"):
        report_violation(
            f"the Route53 hosted zone {args.props.get('name')} has forceDestroy in phase {phase}: "
            f"its record sets may be deleted only in phase {DECOMMISSION}",
            None,
        )


def validate_cloudflare_zone_protected(args: ResourceValidationArgs, report_violation: ReportViolation) -> None:
    """The Cloudflare zone is declared ``protect=True`` in every phase."""
    if args.resource_type == CF_ZONE and not args.opts.protect:
        report_violation(
            f"the Cloudflare zone {args.props.get('name')} is not protected in phase {current_phase()}: "
            "it is the zone the migration moves to; to undo a mirror, 'pulumi state unprotect' "
            "it first (docs/runbook.md)",
            None,
        )


def validate_zone_kept(args: StackValidationArgs, report_violation: ReportViolation) -> None:
    """Before the decommission phase the stack still holds the Route53 hosted zone; a program
    that stops declaring it would delete it (or never adopted it)."""
    phase = current_phase()
    if phase == DECOMMISSION:
        return
    if not any(r.resource_type == R53_ZONE for r in args.resources):
        report_violation(
            f"the stack declares no Route53 hosted zone in phase {phase}: the update would delete "
            f"it, and it may be deleted only in phase {DECOMMISSION}",
            None,
        )


def _resource(name: str, description: str, validate: Callable) -> ResourceValidationPolicy:
    return ResourceValidationPolicy(
        name=name, description=description, validate=validate, enforcement_level=EnforcementLevel.MANDATORY
    )


def _stack(name: str, description: str, validate: Callable) -> StackValidationPolicy:
    return StackValidationPolicy(
        name=name, description=description, validate=validate, enforcement_level=EnforcementLevel.MANDATORY
    )


POLICIES = [
    _resource(
        "proxy-allowed",
        "Only A, AAAA and CNAME records are proxied, and never a DKIM selector, an "
        "_underscore name or an ACM validation CNAME.",
        validate_proxy_allowed,
    ),
    _resource("proxied-ttl-automatic", "Proxied records have TTL 1 (automatic).", validate_proxied_ttl),
    _stack("mx-targets-dns-only", "No MX target is proxied.", validate_mx_targets_dns_only),
    _resource(
        "route53-zone-protected-until-decommission",
        "The Route53 hosted zone is protected and not force-destroyed before the decommission phase.",
        validate_zone_protected,
    ),
    _resource(
        "cloudflare-zone-protected",
        "The Cloudflare zone is protected in every phase.",
        validate_cloudflare_zone_protected,
    ),
    _stack(
        "route53-zone-kept-until-decommission",
        "The Route53 hosted zone stays in the stack before the decommission phase.",
        validate_zone_kept,
    ),
]
