"""Route53 alias targets -> the host name a Cloudflare CNAME must point at.

Route53 answers an alias with the target's own addresses; Cloudflare has no alias, but a CNAME
to the target's DNS name answers the same addresses (and at the apex Cloudflare flattens the
CNAME, "CNAME flattening", Cloudflare DNS docs). The target kind is told by the alias's
hosted-zone id and DNS name (AWS General Reference, "Service endpoints and quotas": the
``Route 53 Hosted Zone ID`` columns).
"""

from __future__ import annotations

from typing import Callable, NamedTuple, Sequence

import dns.name

from ..model import AliasTarget, RecordSet
from ..names import Key, key

CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2"

# S3 website endpoints: one hosted-zone id per region (AWS General Reference, "Amazon S3
# website endpoints").
S3_WEBSITE_ZONE_IDS = {
    "Z3AQBSTGFYJSTF": "us-east-1",
    "Z2F56UZL2M1ACD": "us-west-1",
    "Z3BJ6K6RIION7M": "us-west-2",
    "Z2M4EHUR26P7ZW": "ap-northeast-1",
    "Z3W03O7B5YMIYP": "ap-northeast-2",
    "Z2O1EMRO9K5GLX": "ap-northeast-3",
    "Z3O0J2DXBE1FTB": "ap-southeast-1",
    "Z1WCIGYICN2BYD": "ap-southeast-2",
    "Z11RGJOFQNVJUP": "ap-south-1",
    "Z1BKCTXD74EZPE": "eu-west-1",
    "Z3GKZC51ZF0DB4": "eu-west-2",
    "Z21DNDUVLTQW6Q": "eu-central-1",
    "Z7KQH4QJS55SO": "sa-east-1",
    "ZBW4VXUSONIK7": "ca-central-1",
}


# Kinds told by the target's DNS name (AWS General Reference, "Service endpoints and quotas").
# API Gateway edge-optimized custom domains are CloudFront distributions (``*.cloudfront.net``).
# As keys (:func:`migration.names.key`), made once: a zone of thousands of aliases tests every
# target against these, and a key's tail compares as one tuple.
_BY_SUFFIX = (
    (key(dns.name.from_text("cloudfront.net.")), "a CloudFront distribution"),
    (key(dns.name.from_text("elasticbeanstalk.com.")), "an Elastic Beanstalk environment"),
    (key(dns.name.from_text("awsglobalaccelerator.com.")), "a Global Accelerator accelerator"),
)
# VPC interface endpoints resolve only inside their VPC (AWS PrivateLink docs, "Private DNS").
VPC_ENDPOINT_SUFFIX = key(dns.name.from_text("vpce.amazonaws.com."))
AMAZONAWS_SUFFIX = key(dns.name.from_text("amazonaws.com."))


def _is_under(name: Key, zone: Key) -> bool:
    """:func:`migration.names.is_under` of two keys (the zone's apex included)."""
    return name[-len(zone) :] == zone


class AliasResult(NamedTuple):
    """Either ``target`` (the CNAME's target, absolute) with ``kind`` naming the target kind,
    or ``refusal`` (the reason). A named tuple, not a dataclass: one is made per alias."""

    target: dns.name.Name | None = None
    kind: str = ""
    refusal: str = ""


def _is_same_zone(alias: AliasTarget, target: Key, zone: Key, hosted_zone_id: str | None) -> bool:
    """Whether ``alias`` (its DNS name's key ``target``) points at another record set of this
    hosted zone (the apex's key ``zone``): the target is under the apex and the alias's hosted-zone
    id is the zone's own (or the zone's id is unknown, as in an export without it)."""
    return _is_under(target, zone) and (not hosted_zone_id or alias.hosted_zone_id == hosted_zone_id)


class Followed(NamedTuple):
    """Where a same-zone alias chain ends: ``final`` is the first record set on the chain that
    is not a same-zone alias (a record set with values, or an alias to an AWS service);
    ``chain`` the owner names walked and ``record_sets`` the record sets they led to (the same
    length); or ``refusal`` (loop, dangling or ambiguous target). A named tuple, not a dataclass:
    one is made per alias."""

    final: RecordSet | None = None
    chain: tuple[dns.name.Name, ...] = ()
    refusal: str = ""
    record_sets: tuple[RecordSet, ...] = ()

    def chain_text(self) -> str:
        """The chain as presentation text, ``a.example.com. -> b.example.com.``. A name spelled
        exactly like the owner it led to reuses that record set's rendered owner."""
        return " -> ".join(
            rs.owner_text if rs.name.labels == name.labels else name.to_text()
            for rs, name in zip(self.record_sets, self.chain, strict=True)
        )


def _walked(chain: list[dns.name.Name], target: dns.name.Name) -> str:
    """The chain walked up to ``target``, for a refusal (rendered only when one is given)."""
    return " -> ".join(n.to_text() for n in [*chain, target])


def follow(
    record_set: RecordSet,
    zone: dns.name.Name,
    hosted_zone_id: str | None,
    lookup: Callable[[dns.name.Name, str], Sequence[RecordSet]],
) -> Followed:
    """Follow same-zone aliases from ``record_set`` (of its own type) to the record set that
    answers. ``lookup(name, type)`` gives the zone's record sets of that name and type.

    Route53 answers a same-zone alias with the target's records of the same type (Route53
    developer guide, "Choosing between alias and non-alias records"), so a chain ends at values
    or at an alias to a service. A loop, a missing target and a target that is several
    routing-policy record sets are refusals naming the chain.
    """
    current, chain, walked = record_set, [record_set.name], [record_set]
    # Names compared by key: comparing dns.name.Name objects goes label by label in Python.
    zone_key, seen = key(zone), [record_set.name_key]
    while current.alias is not None:
        target = current.alias.dns_name
        target_key = key(target)
        if not _is_same_zone(current.alias, target_key, zone_key, hosted_zone_id):
            break
        if target_key in seen:
            return Followed(
                refusal=f"the alias chain loops ({_walked(chain, target)}); Route53 cannot answer it either"
            )
        found = lookup(target, record_set.rtype)
        if not found:
            return Followed(
                refusal=f"the alias target {target.to_text()} has no {record_set.rtype} record set "
                f"in this zone ({_walked(chain, target)})"
            )
        if len(found) > 1:
            return Followed(
                refusal=f"the alias target {target.to_text()} is {len(found)} routing-policy record sets "
                f"of type {record_set.rtype}; settle them first (migration:routing)"
            )
        current = found[0]
        chain.append(target)
        seen.append(target_key)
        walked.append(current)
    return Followed(final=current, chain=tuple(chain), record_sets=tuple(walked))


def resolve(record_set: RecordSet, dual_stack: bool) -> AliasResult:
    """The CNAME target for an alias to an AWS service, or the reason it cannot become one.

    ``dual_stack`` says whether the same name has both an A and an AAAA alias to this target:
    only then does the CNAME keep an ELB's ``dualstack.`` prefix (which answers AAAA too); an A-only
    alias answers only A, which the ELB's own DNS name does.
    """
    alias = record_set.alias
    assert alias is not None
    target = alias.dns_name
    target_key = key(target)
    if _is_under(target_key, VPC_ENDPOINT_SUFFIX):
        return AliasResult(
            refusal=f"the alias target {target.to_text()} is a VPC interface endpoint: it answers "
            "only inside its VPC and has no public meaning; publish a public endpoint "
            "or keep this name in a private hosted zone"
        )
    if alias.hosted_zone_id == CLOUDFRONT_ZONE_ID:
        return AliasResult(target, "a CloudFront distribution")
    if alias.hosted_zone_id in S3_WEBSITE_ZONE_IDS or _s3_website_label(target, target_key) is not None:
        # The bucket must be named after the record; a CNAME must name the bucket's endpoint,
        # spelled as the alias spells the region's endpoint (s3-website-REGION or s3-website.REGION).
        return AliasResult(dns.name.Name(record_set.name.labels[:-1] + target.labels), "an S3 website endpoint")
    if _is_under(target_key, AMAZONAWS_SUFFIX) and b"elb" in target.labels:
        # ALB/CLB: NAME.REGION.elb.amazonaws.com; NLB: NAME.elb.REGION.amazonaws.com.
        if target.labels[0] == b"dualstack" and not dual_stack:
            # target.parent(), without its comparisons with the root (the first label is there).
            target = dns.name.Name(target.labels[1:])
        return AliasResult(target, "an Elastic Load Balancing load balancer")
    for suffix, kind in _BY_SUFFIX:
        if _is_under(target_key, suffix):
            return AliasResult(target, kind)
    if _is_under(target_key, AMAZONAWS_SUFFIX) and b"execute-api" in target.labels:
        return AliasResult(target, "an API Gateway regional endpoint")
    return AliasResult(
        refusal=(
            f"alias target {target.to_text()} (hosted zone {alias.hosted_zone_id}) "
            "is of a kind this planner does not know; replace the alias by plain values first"
        )
    )


def _s3_website_label(target: dns.name.Name, target_key: Key) -> bytes | None:
    """The ``s3-website...`` label of an S3 website endpoint name (``target_key``: its key), if it
    is one."""
    if not _is_under(target_key, AMAZONAWS_SUFFIX):
        return None
    return next((lab for lab in target.labels if lab.startswith(b"s3-website")), None)
