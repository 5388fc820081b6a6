"""An alias target whose fields are missing, misspelt or of the wrong kind is an input error naming
the record set (or the line) and the field, in every reader: Route53 JSON (AliasTarget) and cli53
exports (``AWS ALIAS`` lines). Before, ``"DNSName": 5`` became a CNAME to ``5``,
``"EvaluateTargetHealth": "false"`` read as true (and a restore would have recreated it so), and a
cli53 line's health flag ``maybe`` or trailing words were dropped unread.

Route53 API reference, "AliasTarget": HostedZoneId (string), DNSName (string),
EvaluateTargetHealth (boolean); cli53's export writes ``NAME TTL AWS ALIAS TYPE TARGET ZONE-ID
true|false``.
"""

from __future__ import annotations

import pytest

from migration.errors import InputError
from tests.support.cli import cannot_read_third_line, plan_of_third_line
from tests.support.zones import snapshot

GOOD = {"HostedZoneId": "Z2FDTNDATAQYW2", "DNSName": "d1.cloudfront.net.", "EvaluateTargetHealth": False}
SHAPE = "an AliasTarget holds HostedZoneId and DNSName (text) and EvaluateTargetHealth (true or false)"


def _alias(target) -> dict:
    return {"Name": "x.example.com.", "Type": "A", "AliasTarget": target}


@pytest.mark.parametrize(
    ("target", "problem"),
    [
        ({**GOOD, "DNSName": 5}, f"x.example.com. A: AliasTarget DNSName must be text, not 5: {SHAPE}"),
        ({**GOOD, "HostedZoneId": None}, f"x.example.com. A: AliasTarget HostedZoneId must be text, not null: {SHAPE}"),
        (
            {**GOOD, "EvaluateTargetHealth": "false"},
            f'x.example.com. A: AliasTarget EvaluateTargetHealth must be true or false, not "false": {SHAPE}',
        ),
        ({"HostedZoneId": "Z2FDTNDATAQYW2"}, f"x.example.com. A: AliasTarget has no DNSName: {SHAPE}"),
        (
            {**GOOD, "EvaluateTargetHealt": True},
            f"x.example.com. A: AliasTarget has unknown key(s) 'EvaluateTargetHealt': {SHAPE}",
        ),
        ("d1.cloudfront.net.", f'x.example.com. A: AliasTarget must be an object, not "d1.cloudfront.net.": {SHAPE}'),
        (
            {**GOOD, "DNSName": "a..b."},
            "x.example.com. A: invalid AliasTarget DNSName 'a..b.': empty label in 'a..b'",
        ),
    ],
    ids=["dnsname-number", "zone-id-null", "health-text", "no-dnsname", "misspelt-key", "not-object", "bad-name"],
)
def test_a_route53_alias_target_of_the_wrong_shape_is_refused(target, problem):
    with pytest.raises(InputError) as err:
        snapshot(_alias(target))
    assert err.value.problems == [problem]


def test_a_good_alias_target_keeps_its_fields():
    (record_set,) = snapshot(_alias({**GOOD, "EvaluateTargetHealth": True})).record_sets
    assert (record_set.alias.hosted_zone_id, record_set.alias.dns_name.to_text()) == (
        "Z2FDTNDATAQYW2",
        "d1.cloudfront.net.",
    )
    assert record_set.alias.evaluate_target_health is True
    (record_set,) = snapshot(_alias({k: v for k, v in GOOD.items() if k != "EvaluateTargetHealth"})).record_sets
    assert record_set.alias.evaluate_target_health is False  # hand-written exports often leave it out


CLI53 = "a cli53 alias is 'NAME TTL AWS ALIAS TYPE TARGET ZONE-ID true|false'"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (
            "www 300 AWS ALIAS A d1.cloudfront.net. Z2FDTNDATAQYW2 maybe",
            f"health flag 'maybe' is not true or false: {CLI53}",
        ),
        ("www 300 AWS ALIAS A d1.cloudfront.net.", f"2 fields after AWS ALIAS, not 4: {CLI53}"),
        (
            "www 300 AWS ALIAS A d1.cloudfront.net. Z2FDTNDATAQYW2 false extra",
            f"5 fields after AWS ALIAS, not 4: {CLI53}",
        ),
    ],
    ids=["health-maybe", "short", "extra"],
)
def test_a_cli53_alias_line_of_the_wrong_shape_is_refused(tmp_path, capsys, line, reason):
    path = tmp_path / "export.txt"
    assert plan_of_third_line(path, line, capsys) == cannot_read_third_line(path, line, reason)
