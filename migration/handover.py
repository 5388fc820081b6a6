"""After the migration: the stack's Cloudflare records from an editable BIND zone file.

Through the mirror and the cut-over the Route53 snapshot is the only source (the freeze: the zone
being moved must not change under the plan). Afterwards a person edits records, and a Route53
snapshot JSON is no file to edit. ``python -m migration handover`` writes the plan's Cloudflare
records as a zone file (:func:`zone_file_text`, dnspython's presentation format, RFC 1035
section 5); ``migration:zoneFile`` switches the stack to it from the decommission phase on.
The file is read like any zone file (:mod:`migration.sources.bind`) and translated by the same
rules, so every record keeps its value, TTL and logical name: nothing is replaced at the switch.

The zone-file convention:

* one line per Cloudflare record, absolute names, ``$ORIGIN`` the apex; no SOA and no apex NS
  (Cloudflare serves its own);
* a CNAME at the apex stands beside other records (Cloudflare flattens it), which a classic
  name server would refuse;
* proxying and every other Cloudflare-only setting stay in the stack file (``migration:proxied``,
  ``migration:ignore``, ...); the header lists the proxied names for the reader. A record with
  the TTL "automatic" (every proxied record, and those the plan adds for SES) is written with the
  TTL Cloudflare serves for it, 300 s (:func:`migration.translate.policy.served_ttl`): a TTL of
  1 s would be read back as below Cloudflare's minimum and raised to 60 s;
* the records of one name and type share one TTL, as in any zone file (RFC 2181 section 5.2).

Pure: text in and out, plans in and out; the CLI does the reading and writing.
"""

from __future__ import annotations

import dns.name

from .baseline import SETTING
from .plan import Plan
from .resources import CF_RECORD, PlannedResource
from .translate.policy import served_ttl
from .zonefile import cloudflare_rdata


def zone_file_text(plan: Plan, written_by: str = "python -m migration handover") -> str:
    """The plan's Cloudflare records (``plan.translation.records``, in plan order) as zone-file
    text following the module's convention. Raises ``ValueError`` naming a record whose value
    cannot be written (:func:`migration.zonefile.cloudflare_rdata`)."""
    zone = plan.snapshot.zone.to_text()
    shown = plan.snapshot.zone.to_text(omit_final_dot=True)
    proxied = sorted({r.name for r in plan.translation.records if r.proxied})
    lines = [
        f"; The Cloudflare records of {shown} (stack {plan.settings.stack}), written by '{written_by}'.",
        f"; From the decommission phase on, {SETTING} makes this file the source of the stack's records:",
        "; edit it, review with 'python -m migration plan', apply with 'pulumi up'.",
        "; Cloudflare serves its own SOA and apex NS; a CNAME at the apex is flattened by Cloudflare.",
        "; Proxying stays in the stack file (migration:proxied): "
        + (", ".join(proxied) if proxied else "no name is proxied")
        + ".",
        f"$ORIGIN {zone}",
    ]
    for record in plan.translation.records:
        owner = dns.name.from_text(record.name + "." if record.name != "." else ".")
        ttl = served_ttl(record.ttl)
        rdata = cloudflare_rdata(record)
        lines.append(f"{owner.to_text()} {ttl} IN {record.type} {rdata.to_text()}")
    return "\n".join(lines) + "\n"


def record_resources(plan: Plan) -> dict[str, PlannedResource]:
    """The plan's Cloudflare record resources, declared or deleted, by logical name."""
    return {r.name: r for r in plan.resources if r.type == CF_RECORD}
