"""Replayed public bug reports of peer tools (octoDNS, DNSControl, pulumi-cloudflare,
terraform-provider-cloudflare, external-dns, boto): each test names its case (tests/data/cases/<case>,
copied from the project's cases; tests/data/SOURCES.md) and the public report the case replays,
so a fault another tool shipped cannot come back here. A test of the module the fault lives in
(tests/test_<module>.py) covers the fault's whole kind; these keep the reported inputs."""

from __future__ import annotations

from dataclasses import replace

import dns.name
import pytest

from migration.errors import InputError
from migration.model import Decision
from migration.phases import Facts
from migration.resources import pulumi_inputs
from migration.sources import cloudflare_existing
from tests.conftest import CASES
from tests.support.cli import run
from tests.support.cloudflare_apply import steps, violations
from tests.support.plans import plan_of_file, plan_of_record_sets, records
from tests.support.zones import rrset

N = dns.name.from_text
APEX = "example.com"
CF_ZONE = "023e105f4ecef8ad9ca31a8372d0c353"


B36_REASON = (
    "api.example.com. A repeats set identifier 'primary' 2 times, which Route53 does not allow; the "
    "input is inconsistent (one record set per name, type and set identifier)"
)


# --- b09: a CNAME that changes to an A record or to another target could not be applied.
#     Reported as octodns/octodns-cloudflare#4 (and pulumi/pulumi-cloudflare#687).


# Replays b09 (octodns/octodns-cloudflare#4; tests/data/cases/b09).
def test_b09_a_cname_keeps_one_logical_name_per_name_whatever_its_target():
    before = records(plan_of_file(CASES / "b09" / "before.json"))
    after = records(plan_of_file(CASES / "b09" / "after-cname.json"))
    assert [
        (r.name, pulumi_inputs(r)["content"], r.aliases, r.delete_before_replace)
        for r in (*before.values(), *after.values())
        if pulumi_inputs(r)["name"] == "foo.example.com"
    ] == [
        ("cname-foo.example.com", "bar.example.net", ("cname-foo.example.com-f5a45b2cf9",), True),
        ("cname-foo.example.com", "baz.example.net", ("cname-foo.example.com-c2da488d4b",), True),
    ]


# Replays b09 (octodns/octodns-cloudflare#4; tests/data/cases/b09).
def test_b09_a_record_that_follows_a_cname_takes_it_over_delete_first():
    after = records(plan_of_file(CASES / "b09" / "after-a.json"))
    assert [
        (r.name, pulumi_inputs(r)["content"], r.aliases, r.delete_before_replace, r.depends_on)
        for r in after.values()
        if pulumi_inputs(r)["name"] == "foo.example.com"
    ] == [("a-foo.example.com-579d9fd31e", "192.0.2.5", ("cname-foo.example.com",), True, ())]


# Replays b09 (octodns/octodns-cloudflare#4; tests/data/cases/b09).
def test_b09_cname_to_a_records_is_a_replacement_delete_first():
    before = plan_of_record_sets(*[rrset("foo.example.com.", "CNAME", "bar.example.net.")])
    after = plan_of_record_sets(*[rrset("foo.example.com.", "A", "192.0.2.5", "192.0.2.6")])
    (replace, create), deleted = steps(before, after)
    assert (replace.kind, replace.urn, replace.old.urn, replace.delete_first) == (
        "replace",
        "a-foo.example.com-579d9fd31e",
        "cname-foo.example.com",
        True,
    )
    assert (create.kind, create.after) == ("create", {"a-foo.example.com-579d9fd31e"})
    assert deleted == [] and violations(before, after, apex=APEX) == []


# Replays b09 (octodns/octodns-cloudflare#4; tests/data/cases/b09).
def test_without_the_apply_order_the_model_finds_the_b09_failure():
    # The plan as the product made it before issue 13: value-derived names, no aliases.
    from dataclasses import replace

    def bare(plan):
        return replace(
            plan,
            resources=tuple(
                replace(
                    r,
                    aliases=(),
                    delete_before_replace=False,
                    depends_on=(),
                    name=r.name
                    if pulumi_inputs(r).get("type") != "CNAME"
                    else f"{r.name}-{pulumi_inputs(r)['content']}",
                )
                for r in plan.resources
            ),
        )

    before = bare(plan_of_record_sets(*[rrset("foo.example.com.", "CNAME", "bar.example.net.")]))
    after = bare(plan_of_record_sets(*[rrset("foo.example.com.", "CNAME", "baz.example.net.")]))
    assert violations(before, after, apex=APEX) == ["C1 81053: CNAME foo.example.com beside ['CNAME']"]


# --- b10: the DS of a delegation was created with no ordering after its NS records.
#     Reported as octodns/octodns-cloudflare#102 (PR #103).


# Replays b10 (octodns/octodns-cloudflare#102; tests/data/cases/b10).
def test_b10_a_ds_depends_on_every_ns_of_its_name_and_is_declared_after_them():
    plan = plan_of_file(CASES / "b10" / "zone.json")
    sub = [(r.name, r.depends_on) for r in records(plan).values() if pulumi_inputs(r)["name"] == "sub.example.com"]
    assert sub == [
        ("ns-sub.example.com-4c72f781e5", ()),
        ("ns-sub.example.com-58c8e9fe86", ("ns-sub.example.com-4c72f781e5",)),
        ("ds-sub.example.com-4d5985aeae", ("ns-sub.example.com-4c72f781e5", "ns-sub.example.com-58c8e9fe86")),
    ]


# --- b19: read-only Email Routing records were adopted and then deleted.
#     Reported as DNSControl/dnscontrol#3850.


# Replays b19 (DNSControl/dnscontrol#3850; tests/data/cases/b19).
def test_records_a_cloudflare_product_owns_are_never_adopted_updated_or_deleted():
    """Case b19: Email Routing's read-only MX and DKIM records, migration:deleteDifferingRecords
    true, and a Route53 apex MX: the product's records are left alone in every phase, and the
    MX beside them is an error telling to turn Email Routing off first."""
    from migration import plan as plan_mod
    from migration.settings import Settings
    from migration.sources import snapshot as snapshot_file
    from tests.conftest import DATA

    case = DATA / "cases" / "b19"
    listing = cloudflare_existing.read(case / "cloudflare-records.json", N("example.com."))
    assert [(e.id, e.owned_by) for e in listing] == [
        ("aaa1", "Cloudflare Email Routing"),
        ("aaa2", "Cloudflare Email Routing"),
        ("aaa3", "Cloudflare Email Routing"),
        ("aaa4", None),
    ]
    snap = snapshot_file.read(case / "zone.json", zone="example.com", hosted_zone_id="Z0EXAMPLE")
    for phase in ("mirror", "cut-over", "decommission"):
        settings = Settings(
            stack="b19",
            zone="example.com",
            snapshot=case / "zone.json",
            hosted_zone_id="Z0EXAMPLE",
            cloudflare_zone_id=CF_ZONE,
            delete_differing_records=True,
            phase=phase,
        )
        plan = plan_mod.build(settings, snap, Facts(cloudflare_existing=listing))
        touched = [
            r.name
            for r in plan.resources
            if any(f"/{i}" in (r.import_id or "") or r.name.endswith(i) for i in ("aaa1", "aaa2", "aaa3"))
        ]
        assert touched == [], phase
        owned = [f.message for f in plan.findings if f.code == "cloudflare-record-owned"]
        assert owned == [
            f"Cloudflare record {i} belongs to Cloudflare Email Routing: left alone (never adopted, updated or deleted)"
            for i in ("aaa1", "aaa2", "aaa3")
        ]
        conflicts = [
            (f.severity, f.subject, f.message) for f in plan.findings if f.code == "cloudflare-record-owned-conflict"
        ]
        assert conflicts == [
            (
                "error",
                "MX example.com",
                (
                    f"Route53's MX example.com (example.com. MX) would be published beside Cloudflare record {i} ({target}), "
                    "which belongs to Cloudflare Email Routing and cannot be changed: turn Cloudflare Email Routing off for "
                    "the zone first, or leave this record set out of the migration"
                ),
            )
            for i, target in (("aaa1", "route1.mx.cloudflare.net"), ("aaa2", "route2.mx.cloudflare.net"))
        ]
        assert plan.blocked
    # The user's own identical record is still adopted.
    assert [
        r.import_id
        for r in plan_mod.build(replace(settings, phase="mirror"), snap, Facts(cloudflare_existing=listing)).resources
        if r.import_id and r.import_id.endswith("/aaa4")
    ] == [f"{CF_ZONE}/aaa4"]
    # Other ownership flags: Apps, Tunnel, any managed_by_*, locked; the scan's auto_added is the user's.
    for meta, extra, expected in (
        ({"managed_by_apps": True}, {}, "a Cloudflare App"),
        ({"managed_by_argo_tunnel": True}, {}, "Cloudflare Tunnel"),
        ({"managed_by_load_balancer": True}, {}, "Cloudflare (managed_by_load_balancer)"),
        ({}, {"locked": True}, "Cloudflare (locked)"),
        ({"auto_added": True}, {}, None),
    ):
        assert cloudflare_existing.owner({"meta": meta, **extra}) == expected


# --- b20: proxying planned for addresses Cloudflare will not proxy.
#     Reported as DNSControl/dnscontrol#4776.


# Replays b20 (DNSControl/dnscontrol#4776; tests/data/cases/b20).
def test_b20_proxied_addresses_cloudflare_cannot_proxy_are_refused_naming_the_address():
    plan = plan_of_file(
        CASES / "b20" / "zone.json",
        proxied=tuple(
            N(n) for n in ("foo.example.com", "lan.example.com", "lo.example.com", "v6.example.com", "ok.example.com")
        ),
    )
    assert [(f.severity, f.code, f.subject, f.message) for f in plan.findings] == [
        (
            "error",
            "proxy-refused",
            "foo.example.com. A",
            "proxying refused: 1.1.1.1 is one of Cloudflare's own "
            "addresses: a proxied record cannot point back into Cloudflare",
        ),
        (
            "error",
            "proxy-refused",
            "lan.example.com. A",
            "proxying refused: 192.168.1.1 is not a global unicast "
            "address (private, RFC 1918): Cloudflare's proxy cannot reach it as an origin",
        ),
        (
            "error",
            "proxy-refused",
            "lo.example.com. A",
            "proxying refused: 127.0.0.1 is not a global unicast "
            "address (loopback): Cloudflare's proxy cannot reach it as an origin",
        ),
        (
            "error",
            "proxy-refused",
            "v6.example.com. AAAA",
            "proxying refused: fd00::1 is not a global unicast "
            "address (unique local, RFC 4193): Cloudflare's proxy cannot reach it as an origin",
        ),
    ]
    assert plan.blocked
    assert {pulumi_inputs(r)["name"]: pulumi_inputs(r)["proxied"] for r in records(plan).values()} == {
        "foo.example.com": False,
        "lan.example.com": False,
        "lo.example.com": False,
        "v6.example.com": False,
        "ok.example.com": True,
    }


# --- b31: host names in values keep their case; Cloudflare stores them in lower case.
#     Reported as pulumi/pulumi-cloudflare#335, cloudflare/terraform-provider-cloudflare#529,
#     kubernetes-sigs/external-dns#1906.


# Replays b31 (pulumi/pulumi-cloudflare#335; tests/data/cases/b31).
def test_b31_mixed_case_targets_are_declared_lower_case_and_keep_their_former_names():
    plan = plan_of_file(CASES / "b31" / "zone.json")
    got = {
        r.name: (pulumi_inputs(r).get("content"), pulumi_inputs(r).get("data"), r.aliases)
        for r in records(plan).values()
    }
    assert got == {
        "mx-mx.example.com-580410fec1": (
            "aspmx.l.google.com",
            None,
            ("mx-mx.example.com-ca4bd7cc21", "cname-mx.example.com"),
        ),
        "cname-eb.example.com": (
            "myapp-env.eba-abc123.us-east-1.elasticbeanstalk.com",
            None,
            ("cname-eb.example.com-f75db29b30", "cname-eb.example.com-972b241145"),
        ),
        "srv-_sip._tcp.example.com-9a1210b1b2": (
            None,
            {"port": 5060, "priority": 10, "target": "sip.example.net", "weight": 5},
            ("srv-_sip._tcp.example.com-fed1351cc9", "cname-_sip._tcp.example.com"),
        ),
        "ns-dele.example.com-133951f262": (
            "ns1.example.net",
            None,
            ("ns-dele.example.com-96bab0c09c", "cname-dele.example.com"),
        ),
        "caa-caa.example.com-c2ccf07fdf": (
            None,
            {"flags": 0, "tag": "issue", "value": "LetsEncrypt.org"},
            ("cname-caa.example.com",),
        ),
    }


# Replays b31 (pulumi/pulumi-cloudflare#335; tests/data/cases/b31).
def test_b31_a_pre_existing_record_stored_lower_case_is_adopted_not_duplicated():
    plan = plan_of_file(
        CASES / "b31" / "zone-eb.json",
        cloudflare_zone_id="023e105f4ecef8ad9ca31a8372d0c353",
        cloudflare_account_id=None,
        existing=CASES / "b31" / "cloudflare-records.json",
    )
    eb = [r for r in records(plan).values() if pulumi_inputs(r)["name"] == "eb.example.com"]
    assert [(r.action, r.import_id, pulumi_inputs(r)["content"]) for r in eb] == [
        ("adopt", "023e105f4ecef8ad9ca31a8372d0c353/bbb1", "myapp-env.eba-abc123.us-east-1.elasticbeanstalk.com")
    ]
    # Before, the same record was also called foreign ("not in the plan (Route53 has no such value)").
    assert [f for f in plan.findings if f.code == "cloudflare-record-differs"] == []


# --- b36: a routing set that appears twice (overlapping pages) was not caught.
#     Reported as boto/boto#2542.


# Replays b36 (boto/boto#2542; tests/data/cases/b36). Inconsistent input is an input error
# (exit 2), whatever migration:routing says, as a repeated plain record set is (pages-plain.json).
@pytest.mark.parametrize("decision", [None, Decision(union=True), Decision(keep="primary")])
def test_b36_a_repeated_set_identifier_is_an_input_error_whatever_the_setting(decision):
    with pytest.raises(InputError) as caught:
        plan_of_file(CASES / "b36" / "pages.json", routing=((N("api.example.com"), decision),) if decision else ())
    assert caught.value.problems == [B36_REASON]


@pytest.mark.parametrize(
    "name, reason",
    [
        ("pages.json", B36_REASON),
        (
            "pages-plain.json",
            "www.example.com. A appears 2 times without set identifiers, which Route53 does not allow; the input "
            "is inconsistent (one record set per name and type)",
        ),
    ],
)
def test_b36_inconsistent_input_exits_2_naming_the_record_set(capsys, name, reason):
    path = CASES / "b36" / name
    assert run(["plan", "--source", str(path), "--zone", "example.com"], capsys) == (
        2,
        "",
        f"error: {path}: {reason}\n",
    )
