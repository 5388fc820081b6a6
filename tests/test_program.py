"""The Pulumi program under pulumi.runtime.set_mocks, on the reference zone
(examples/seed-scenario, the reference scenario)."""

from __future__ import annotations

import json

import pulumi
import pytest
import yaml

from migration import program, report
from migration.resources import CF_RECORD
from migration.settings import load_stack
from migration.stack import plan_for
from tests.conftest import ROOT
from tests.support.pulumi_mocks import run_under_mocks


@pytest.fixture(scope="module")
def example_plan():
    return plan_for(load_stack("example", ROOT))


@pytest.fixture(scope="module")
def declared(example_plan):
    mocks, resources = run_under_mocks(lambda: program.declare(example_plan))
    return mocks, resources


def _records(mocks):
    return {d.name: d for d in mocks.declared if d.type == "cloudflare:index/dnsRecord:DnsRecord"}


def test_exact_record_resources(declared):
    mocks, _ = declared
    # The engine hands numbers over as floats (3600.0 == 3600).
    got = sorted(
        (
            d.inputs["type"],
            d.inputs["name"],
            d.inputs.get("content") or tuple(sorted(d.inputs["data"].items())),
            d.inputs.get("priority"),
            d.inputs["ttl"],
            d.inputs["proxied"],
        )
        for d in _records(mocks).values()
    )

    def dkim(t):
        return ("CNAME", f"{t}._domainkey.example.com", f"{t}.dkim.amazonses.com", None, 1800, False)

    google_key = (
        '"v=DKIM1; k=rsa; p=IpHYzcMQQR5+wnN4pmHJNRh8B+TVY26bw8QAsnJEuM06l/Ea5lEHBQamigLw4WGvN/hsuQeHOMNw8H6NO1g7rTjCdfN'
        "K7QVq1uqO7KQZL6H+udxLHr5V5bj5toDv92yB1OmrME1Ilvnhf9jwgWSW2gh6Pr7MZ2qqLF2M4bPGrLxfFnCpghvHKYXXZF59uwd4C0602fudl5R"
        'kpSsrgDr7A8UziuvcjDtng1jz2JNadehEq" "Iyb9boBYsjb0vTi8L2DzyGEx480bfMOe95dkY0z8IFpfNBbalgAiYqfyZxUdZkHzTqiLYyVLtwX'
        'zI3M2dHuQQjX8awSFd4EcwPBwUc/RBzMny9YShEqKEGH8yuoRaW2S3SzUn95HQZPYldryzBCG0DmuoL6"'
    )

    def caa(tag, value):
        return ("CAA", "example.com", (("flags", 0), ("tag", tag), ("value", value)), None, 3600, False)

    expected = sorted(
        [
            ("CNAME", "example.com", "d3k8p2x0example.cloudfront.net", None, 60, False),
            caa("issue", "amazon.com"),
            caa("issue", "letsencrypt.org"),
            caa("iodef", "mailto:security@example.com"),
            ("MX", "example.com", "smtp.google.com", 1, 3600, False),
            ("TXT", "example.com", '"v=spf1 include:_spf.google.com include:amazonses.com ~all"', None, 300, False),
            (
                "TXT",
                "example.com",
                '"google-site-verification=fFkXWhPqWQfndDwLbDaXAKvKWofrbudpnKj8SXYkLIk8"',
                None,
                300,
                False,
            ),
            (
                "CNAME",
                "_3f2a9c1d0b7e4a5f8c6d2e1b0a9f8e7d.example.com",
                "_9b1c7e5d3a2f4b6c8d0e1f2a3b4c5d6e.xlfgrmvvlj.acm-validations.aws",
                None,
                300,
                False,
            ),
            ("TXT", "_amazonses.example.com", '"fFkXWhPqWQfndDwLbDaXAKvKWofrbudpnKj8SXYkLIk8="', None, 1800, False),
            ("TXT", "_dmarc.example.com", '"v=DMARC1; p=none;"', None, 300, False),
            (
                "SRV",
                "_sip._tls.example.com",
                (("port", 443), ("priority", 100), ("target", "sipdir.online.lync.com"), ("weight", 1)),
                None,
                3600,
                False,
            ),
            dkim("z8l3m2s0lqtu6b4pp332s0vdhdzc10lc"),
            dkim("55yn1k32y6e4cvt55vpgte5h1a9wrm1z"),
            dkim("opdh4r94m4br8vyhj4imh8lm2p0iohe0"),
            # The two stale selectors (ccq1..., d89h...: SES does not list their tokens) are not declared.
            ("TXT", "google._domainkey.example.com", google_key, None, 3600, False),
            ("CNAME", "api.example.com", "app-prod-1234567890.ap-northeast-1.elb.amazonaws.com", None, 60, False),
            ("NS", "dev.example.com", "ns1.dev-dns.example.net", None, 86400, False),
            ("NS", "dev.example.com", "ns2.dev-dns.example.net", None, 86400, False),
            ("A", "*.preview.example.com", "192.0.2.10", None, 60, False),
            ("MX", "mail.example.com", "feedback-smtp.ap-northeast-1.amazonses.com", 10, 300, False),
            ("TXT", "mail.example.com", '"v=spf1 include:amazonses.com ~all"', None, 300, False),
            (
                "CNAME",
                "static.example.com",
                "static.example.com.s3-website-ap-northeast-1.amazonaws.com",
                None,
                60,
                False,
            ),
            ("CNAME", "www.example.com", "example.com", None, 300, False),
        ]
    )
    assert got == expected


def test_every_domainkey_record_is_dns_only(declared):
    mocks, _ = declared
    selectors = [d for d in _records(mocks).values() if "._domainkey." in d.inputs["name"]]
    assert len(selectors) >= 4
    assert all(d.inputs["proxied"] is False for d in selectors)


def test_route53_zone_adopted_and_cloudflare_zone_created_both_protected(declared):
    mocks, resources = declared
    zone = [d for d in mocks.declared if d.type == "aws:route53/zone:Zone"]
    assert [(z.name, z.import_id, z.inputs) for z in zone] == [
        ("route53-zone", "Z0EXAMPLE1234567890AB", {"name": "example.com", "comment": ""})
    ]
    assert resources["route53-zone"]._protect is True
    # The zone the migration moves to is protected too (created here, adopted with cloudflareZoneId).
    assert resources["cloudflare-zone"]._protect is True
    cf_zone = [d for d in mocks.declared if d.type == "cloudflare:index/zone:Zone"]
    assert [(z.name, z.import_id, z.inputs) for z in cf_zone] == [
        (
            "cloudflare-zone",
            "",
            {"name": "example.com", "type": "full", "account": {"id": "0123456789abcdef0123456789abcdef"}},
        )
    ]


def test_records_reference_the_cloudflare_zone(declared):
    mocks, _ = declared
    assert {d.inputs["zoneId"] for d in _records(mocks).values()} == {"cloudflare-zone-id"}


def test_declared_records_equal_plan_json(declared, example_plan):
    """The offline plan and the program cannot disagree: same logical names, same inputs."""
    mocks, _ = declared
    printed = json.loads(report.to_json(example_plan))
    from_plan = {
        r["name"]: {k: v for k, v in r["inputs"].items() if k != "zone_id"}
        for r in printed["resources"]
        if r["type"] == CF_RECORD
    }
    from_program = {name: {k: v for k, v in d.inputs.items() if k != "zoneId"} for name, d in _records(mocks).items()}
    assert from_program == from_plan
    assert len(from_plan) == 23


def test_logical_names_do_not_depend_on_position(example_plan):
    """Inserting a record set must not rename the others (which would replace them)."""
    from dataclasses import replace

    from migration.plan import build
    from migration.sources.route53_json import record_set_from_raw
    from migration.stack import ses_data

    extra = record_set_from_raw(
        {"Name": "aaa.example.com.", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.99"}]}, None, []
    )
    snap = replace(example_plan.snapshot, record_sets=(extra, *example_plan.snapshot.record_sets))
    before = {r.name for r in example_plan.resources}
    rebuilt = build(example_plan.settings, snap, ses=ses_data(example_plan.settings, snap))
    after = {r.name for r in rebuilt.resources}
    assert after - before == {next(r.logical_name for r in rebuilt.translation.records if r.name == "aaa.example.com")}
    assert before <= after


def test_run_reads_stack_config_and_exports(tmp_path, monkeypatch):
    """__main__.py's path: settings from pulumi.Config, outputs name servers and counts; the plan
    is frozen out of the garbage collector's reach once, before anything is declared."""
    config = yaml.safe_load((ROOT / "stacks" / "Pulumi.example.yaml").read_text())["config"]
    config = {k: (json.dumps(v) if not isinstance(v, str) else v) for k, v in config.items()}
    import os

    events = []  # gc.freeze calls and Cloudflare record declarations, in order
    monkeypatch.setattr(program.gc, "freeze", lambda: events.append("freeze"))
    record_ctor = program.CONSTRUCTORS[CF_RECORD]

    def declare_record(*args, **kwargs):
        events.append("record")
        return record_ctor(*args, **kwargs)

    monkeypatch.setitem(program.CONSTRUCTORS, CF_RECORD, declare_record)
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        mocks, resources = run_under_mocks(program.run, config=config)
    finally:
        os.chdir(cwd)
    assert events == ["freeze"] + ["record"] * 23
    assert len([d for d in mocks.declared if d.type == CF_RECORD]) == 23
    ns = resources["cloudflare-zone"].name_servers

    @pulumi.runtime.test
    def check():
        return ns.apply(lambda value: assert_equal(value, ["ada.ns.cloudflare.com", "bob.ns.cloudflare.com"]))

    check()


def assert_equal(a, b):
    assert a == b


def test_run_refuses_a_misspelt_setting():
    """The program reads the same settings as the offline commands: an unknown key is an error."""
    import os

    from migration.errors import SettingsError

    config = yaml.safe_load((ROOT / "stacks" / "Pulumi.example.yaml").read_text())["config"]
    config = {k: (json.dumps(v) if not isinstance(v, str) else v) for k, v in config.items()}
    config["migration:proxy"] = '["www.example.com"]'
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        with pytest.raises(SettingsError) as err:
            run_under_mocks(program.run, config=config)
    finally:
        os.chdir(cwd)
    assert "migration:proxy is not a known key; did you mean migration:proxied?" in str(err.value)
