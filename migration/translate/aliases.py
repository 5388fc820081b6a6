"""Route53 alias targets -> the host name a Cloudflare CNAME must point at.

Route53 answers an alias with the target's own addresses; Cloudflare has no alias, but a CNAME
to the target's DNS name answers the same addresses (and at the apex Cloudflare flattens the
CNAME, "CNAME flattening", Cloudflare DNS docs). The target kind is told by the alias's
hosted-zone id and DNS name (AWS General Reference, "Service endpoints and quotas": the
``Route 53 Hosted Zone ID`` columns).
"""

from __future__ import annotations

from dataclasses import dataclass

import dns.name

from ..model import RecordSet

CLOUDFRONT_ZONE_ID = "Z2FDTNDATAQYW2"
SAME_ZONE = "another record set of this zone"

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


@dataclass(frozen=True)
class AliasResult:
    """Either ``target`` (the CNAME's target, absolute) with ``kind`` naming the target kind,
    or ``refusal`` (the reason)."""

    target: dns.name.Name | None = None
    kind: str = ""
    refusal: str = ""


def _under(name: dns.name.Name, suffix: str) -> bool:
    return name.is_subdomain(dns.name.from_text(suffix))


def resolve(record_set: RecordSet, zone: dns.name.Name, hosted_zone_id: str | None,
            dual_stack: bool) -> AliasResult:
    """The CNAME target for an alias record set, or the reason it cannot become one.

    ``dual_stack`` says whether the same name has both an A and an AAAA alias to this target:
    only then does the CNAME keep an ELB's ``dualstack.`` prefix (which answers AAAA too); an A-only
    alias answers only A, which the ELB's own DNS name does.
    """
    alias = record_set.alias
    assert alias is not None
    target = alias.dns_name
    if alias.hosted_zone_id == CLOUDFRONT_ZONE_ID:
        return AliasResult(target, "a CloudFront distribution")
    if alias.hosted_zone_id in S3_WEBSITE_ZONE_IDS:
        # The bucket must be named after the record; a CNAME must name the bucket's endpoint,
        # spelled as the alias spells the region's endpoint (s3-website-REGION or s3-website.REGION).
        return AliasResult(dns.name.Name(record_set.name.labels[:-1] + target.labels), "an S3 website endpoint")
    if _under(target, "elb.amazonaws.com."):
        if target.labels[0] == b"dualstack" and not dual_stack:
            target = target.parent()
        return AliasResult(target, "an Elastic Load Balancing load balancer")
    if (hosted_zone_id and alias.hosted_zone_id == hosted_zone_id) or (not hosted_zone_id and target.is_subdomain(zone)):
        if target == record_set.name:
            return AliasResult(refusal="the alias points at its own name")
        return AliasResult(target, SAME_ZONE)
    return AliasResult(refusal=(f"alias target {target.to_text()} (hosted zone {alias.hosted_zone_id}) "
                                "is of a kind this planner does not translate yet"))
