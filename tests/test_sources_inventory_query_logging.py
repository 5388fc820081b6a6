"""moto answers ``ListQueryLoggingConfigs`` unlike Route53 (tests/support/moto_server.py patches
it). Beside the patched stand-in, a response in Route53's own format (API reference,
ListQueryLoggingConfigs, Response Syntax; tests/data/aws/list-query-logging-configs.xml) is
parsed by botocore as boto3 would: the patched moto server must give the same shape, filtered to
the zone asked for, as the real service."""

from __future__ import annotations

import botocore.session
from botocore.parsers import RestXMLParser

from tests.conftest import DATA
from tests.support.moto_server import query_logging_by_zone

RECORDED = DATA / "aws" / "list-query-logging-configs.xml"


def _recorded() -> dict:
    model = botocore.session.get_session().get_service_model("route53")
    output = model.operation_model("ListQueryLoggingConfigs").output_shape
    response = {"status_code": 200, "headers": {}, "body": RECORDED.read_bytes()}
    parsed = RestXMLParser().parse(response, output)
    parsed.pop("ResponseMetadata", None)
    return parsed


def test_the_recorded_route53_response_parses_to_the_fields_the_inventory_reads():
    assert _recorded() == {
        "QueryLoggingConfigs": [
            {
                "CloudWatchLogsLogGroupArn": "arn:aws:logs:us-east-1:111122223333:log-group:/aws/route53/example.com:*",
                "HostedZoneId": "Z1D633PJN98FT9",
                "Id": "87654321-dcba-1234-abcd-1a2b3c4d5e6f",
            }
        ]
    }


def test_the_patched_moto_server_answers_in_the_recorded_shape_for_the_zone_asked(moto, monkeypatch):
    query_logging_by_zone(monkeypatch)
    route53, logs = moto.client("route53"), moto.client("logs")
    zones = [
        route53.create_hosted_zone(Name=name, CallerReference=name)["HostedZone"]["Id"].rsplit("/", 1)[-1]
        for name in ("example.com", "example.org")
    ]
    for zone, name in zip(zones, ("example.com", "example.org"), strict=True):
        logs.create_log_group(logGroupName=f"/aws/route53/{name}")
        arn = next(g["arn"] for g in logs.describe_log_groups()["logGroups"] if g["logGroupName"].endswith(name))
        route53.create_query_logging_config(HostedZoneId=zone, CloudWatchLogsLogGroupArn=arn)
    answer = route53.list_query_logging_configs(HostedZoneId=zones[0])
    configs = answer["QueryLoggingConfigs"]
    assert [c["HostedZoneId"] for c in configs] == [zones[0]]
    assert [sorted(c) for c in configs] == [sorted(c) for c in _recorded()["QueryLoggingConfigs"]]
    assert configs[0]["CloudWatchLogsLogGroupArn"].endswith("/aws/route53/example.com:*")
