"""The Pulumi program: declares exactly the resources of the plan, nothing else.

``__main__.py`` calls :func:`run`. Every resource, its inputs and options come from
:func:`migration.plan.build`, which the offline ``plan`` command renders too.
"""

from __future__ import annotations

import gc
import os
from pathlib import Path
from typing import Any

import pulumi
import pulumi_aws as aws
import pulumi_cloudflare as cloudflare

from . import backup, resources, secrets
from . import plan as plan_mod
from .errors import MigrationError
from .phases import DNSSEC_NAME
from .settings import NAMESPACE, from_lookup
from .sources import files
from .stack import plan_for

CONSTRUCTORS = {
    resources.CF_ZONE: cloudflare.Zone,
    resources.CF_RECORD: cloudflare.DnsRecord,
    resources.R53_ZONE: aws.route53.Zone,
    resources.R53_HEALTH_CHECK: aws.route53.HealthCheck,
    resources.R53_QUERY_LOG: aws.route53.QueryLog,
    resources.R53_DOMAIN: aws.route53domains.RegisteredDomain,
    resources.CF_DNSSEC: cloudflare.ZoneDnssec,
}


def _cloudflare_zone(declared: dict[str, pulumi.CustomResource], name: str) -> cloudflare.Zone:
    """The declared Cloudflare zone ``name``; a reference to another kind of resource is a planner bug."""
    zone = declared[name]
    if not isinstance(zone, cloudflare.Zone):
        raise TypeError(f"{name} is a {type(zone).__name__}, not a Cloudflare zone")
    return zone


def _resolve(value: Any, declared: dict[str, pulumi.CustomResource]) -> Any:
    if isinstance(value, resources.ZoneRef):
        return declared[value.resource].id
    if isinstance(value, resources.NameServersRef):
        servers = _cloudflare_zone(declared, value.resource).name_servers
        return servers.apply(lambda names: [{"name": ns} for ns in names or []])
    return value


def declare(plan: plan_mod.Plan, freeze: bool = False) -> dict[str, pulumi.CustomResource]:
    """Declare every planned resource but those the phase deletes (in plan order, so references
    resolve) and the stack outputs ``cloudflareNameServers``, ``counts`` and, once DNSSEC is
    enabled, ``cloudflareDs``. Returns resources by logical name.

    ``freeze`` (what :func:`run` asks): first move every object alive now, the snapshot and the
    plan among them, out of the garbage collector's reach (``gc.freeze()``, Python docs). They live
    until the program exits, and the SDK's registrations trigger full collections that would scan
    them again and again: a third of the program's time at 1,000 record sets
    (docs/performance.md)."""
    if freeze:
        gc.freeze()
    declared: dict[str, pulumi.CustomResource] = {}
    for res in plan.declared():
        opts = pulumi.ResourceOptions(
            import_=res.import_id,
            protect=res.protect,
            retain_on_delete=res.retain_on_delete,
            depends_on=[declared[name] for name in res.depends_on],
            aliases=[pulumi.Alias(name=name) for name in res.aliases] or None,
            delete_before_replace=res.delete_before_replace or None,
        )
        inputs = {key: _resolve(value, declared) for key, value in resources.pulumi_inputs(res).items()}
        declared[res.name] = CONSTRUCTORS[res.type](res.name, opts=opts, **inputs)
    pulumi.export("cloudflareNameServers", _cloudflare_zone(declared, resources.CF_ZONE_NAME).name_servers)
    pulumi.export("counts", plan.counts())
    dnssec = declared.get(DNSSEC_NAME)
    if isinstance(dnssec, cloudflare.ZoneDnssec):
        pulumi.export("cloudflareDs", dnssec.ds)
    return declared


def run() -> dict[str, pulumi.CustomResource]:
    """Entry point of ``__main__.py``: settings from the stack's config, then :func:`declare`.

    A blocked plan (refusals or errors) stops the preview with the reasons: nothing is applied
    half-way.
    """
    config = pulumi.Config(NAMESPACE)

    def get(key: str) -> Any:
        # Pulumi hands structured values (lists, maps) over as JSON text, plain strings as is.
        raw = config.get(key)
        if raw is not None and raw[:1] in "[{":
            return files.parse_json(
                raw, f"{NAMESPACE}:{key}", "a list or a mapping (Pulumi's JSON of a structured value)"
            )
        return raw

    # Every configured key (namespace:key), so a misspelt migration: key is an error, not ignored.
    configured = dict(pulumi.runtime.config.CONFIG.get())
    try:
        settings = from_lookup(
            pulumi.get_stack(), get, Path.cwd(), aws_region=pulumi.Config("aws").get("region"), keys=list(configured)
        )
        plan = plan_for(settings)
    except MigrationError as exc:
        # Pulumi prints the error in the preview (and a CI job may post it on a pull request):
        # redacted as the command line redacts its own (migration.secrets).
        exc.args = (secrets.redact(str(exc), secrets.known_values(os.environ, configured)),)
        raise
    for gate in plan.gates:
        (pulumi.log.info if gate.passed else pulumi.log.error)(gate.message())
    for finding in plan.findings:
        log = pulumi.log.error if finding.severity == "error" else pulumi.log.warn
        log(f"{finding.subject}: {finding.message}")
    for outcome in plan.translation.outcomes:
        if outcome.status == "refused":
            pulumi.log.error(f"{outcome.record_set.label}: refused: {outcome.reason}")
    if plan.blocked:
        raise pulumi.RunError(
            "the plan refuses record sets or has errors (see above); "
            "run 'python -m migration plan --stack " + settings.stack + "' for the whole plan"
        )
    if settings.phase == "decommission":
        # Written before anything is deleted, on every preview and update of the decommission.
        for path in backup.write(plan.snapshot, Path.cwd()):
            pulumi.log.info(f"backup written: {path}")
    return declare(plan, freeze=True)
