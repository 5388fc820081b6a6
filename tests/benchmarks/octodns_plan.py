"""octoDNS's side of ``bench_vs_octodns.py``: populate a zone from a Route53 record-set file and
plan it onto Cloudflare, then print the plan, as ``octodns-sync`` (no ``--doit``) would.

Runs in the benchmark's own virtual environment (octodns, octodns-route53, octodns-cloudflare
pinned in ``bench_vs_octodns.py``), never in the project's; it imports nothing of the project.

    python octodns_plan.py SNAPSHOT.json FORMAT     # FORMAT: text, markdown or json
    python octodns_plan.py SNAPSHOT.json time       # seconds to read, populate and plan, in-process

The snapshot is the project's snapshot file (``ResourceRecordSets`` as Route53's
``ListResourceRecordSets`` returns them). Both providers are real octoDNS code with their API
answers given in place of the network: ``Route53Provider`` gets the hosted zone's id and record
sets the way its own cache holds them after ``ListHostedZones`` and ``ListResourceRecordSets``
(``_r53_zones``, ``_r53_rrsets``), and ``CloudflareProvider`` an account without the zone
(``_zones``), so the plan creates every record, as the product's mirror phase does. Record types
Cloudflare does not support (Route53 aliases become ``Route53Provider/ALIAS``) are left out by
octoDNS itself (``strict_supports=False``), with a warning on standard error.

Output: text is octoDNS's ``PlanLogger`` (the log ``octodns-sync`` prints), markdown its
``PlanMarkdown``, json its ``PlanJson`` (``indent=2``).
"""

from __future__ import annotations

import json
import logging
import sys
import time

from octodns.provider.plan import PlanJson, PlanLogger, PlanMarkdown
from octodns.zone import Zone
from octodns_cloudflare import CloudflareProvider
from octodns_route53 import Route53Provider


def main(path: str, fmt: str) -> None:
    start = time.perf_counter()
    with open(path, encoding="utf-8") as handle:
        document = json.load(handle)
    zone_name = document["zone"]
    source = Route53Provider("route53", access_key_id="bench", secret_access_key="bench")
    source._r53_zones = {zone_name: document["hostedZoneId"]}
    source._r53_rrsets[document["hostedZoneId"]] = document["ResourceRecordSets"]
    target = CloudflareProvider("cloudflare", token="bench", strict_supports=False)
    target._zones = {}
    desired = Zone(zone_name, [])
    source.populate(desired, lenient=True)
    plan = target.plan(desired)
    plans = [(target, plan)] if plan else []
    if fmt == "time":
        print(f"{time.perf_counter() - start:.6f}")
    elif fmt == "text":
        log = logging.getLogger("Manager")
        log.addHandler(logging.StreamHandler(sys.stdout))
        log.setLevel(logging.INFO)
        log.propagate = False
        PlanLogger("logger").run(log, plans)
    elif fmt == "markdown":
        PlanMarkdown("markdown").run(plans, fh=sys.stdout)
    else:
        PlanJson("json", indent=2).run(plans, fh=sys.stdout)


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    main(sys.argv[1], sys.argv[2])
