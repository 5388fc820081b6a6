"""Benchmark: read a hosted zone of N record sets from a moto server on 127.0.0.1.

Loads the generated zone into moto (``ChangeResourceRecordSets`` in batches), then times
``migration.sources.route53_api.read_snapshot_document`` and counts the HTTP requests it sends
(botocore's ``before-send.route53`` event fires once per request, retries included). Expected:
``ceil(N / 300)`` ``ListResourceRecordSets`` pages (Route53 API reference: at most 300 record
sets a page) plus the fixed look-ups (``ListHostedZonesByName``, ``GetHostedZone``,
``ListTagsForResource``).

    python tests/benchmarks/bench_read.py [N ...]
"""

from __future__ import annotations

import logging
import math
import os
import sys
import time
from collections import Counter

from common import sizes, zonegen  # noqa: I001

from migration.sources import route53_api
from migration.sources import snapshot as snapshot_file
from tests.support.moto_server import serve

FIXED = ("ListHostedZonesByName", "GetHostedZone", "ListTagsForResource")
PAGE = 300
BATCH = 500  # changes per ChangeResourceRecordSets call while loading (AWS allows 1,000 values)


def counting_client(counter: Counter):
    """A replacement for ``route53_api.client`` that counts requests by operation."""
    original = route53_api.client

    def client(**kwargs):
        made = original(**kwargs)
        made.meta.events.register(
            "before-send.route53", lambda event_name, **_: counter.update([event_name.rsplit(".", 1)[-1]])
        )
        return made

    return client


def load(server, n: int) -> str:
    """Create the generated zone of ``n`` record sets in moto; returns the hosted-zone id."""
    route53 = server.client("route53")
    hz = route53.create_hosted_zone(Name=zonegen.ZONE, CallerReference=f"bench-{n}-{time.time()}")
    zone_id = hz["HostedZone"]["Id"].rsplit("/", 1)[-1]
    for batch in zonegen.change_batches(zonegen.record_sets(n, hosted_zone_id=zone_id), BATCH):
        route53.change_resource_record_sets(HostedZoneId=zone_id, ChangeBatch=batch)
    return zone_id


def main(argv: list[str]) -> None:
    for key, value in (
        ("AWS_ACCESS_KEY_ID", "testing"),
        ("AWS_SECRET_ACCESS_KEY", "testing"),
        ("AWS_DEFAULT_REGION", "us-east-1"),
    ):
        os.environ.setdefault(key, value)
    os.environ.pop("AWS_PROFILE", None)
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # moto's server logs every request
    counter: Counter = Counter()
    route53_api.client = counting_client(counter)
    print(
        f"{'record sets':>11} {'read':>5} {'list calls':>10} {'expected':>8} {'fixed':>5} {'requests':>8} {'wall s':>7}"
    )
    for server in serve():
        for n in sizes(argv):
            server.reset()
            load(server, n)
            counter.clear()
            start = time.perf_counter()
            document = route53_api.read_snapshot_document(zone=zonegen.ZONE, endpoint_url=server.endpoint)
            wall = time.perf_counter() - start
            read = len(document["ResourceRecordSets"])
            lists = counter["ListResourceRecordSets"]
            fixed = sum(counter[op] for op in FIXED)
            expected = math.ceil(read / PAGE)
            flag = "" if lists == expected and sum(counter.values()) == lists + fixed else "  UNEXPECTED"
            # What was read must load as a snapshot: the figures count a whole, usable read.
            snapshot_file.from_document(document, "moto")
            print(
                f"{n:>11,} {read:>5,} {lists:>10} {expected:>8} {fixed:>5} {sum(counter.values()):>8} {wall:>7.2f}{flag}"
            )


if __name__ == "__main__":
    main(sys.argv[1:])
