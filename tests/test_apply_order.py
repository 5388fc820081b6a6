"""Every change between two snapshots applies in one ``pulumi up`` (issue 13, item 1), checked
by the apply model of tests/support/cloudflare_apply.py: pairs of zones (before, after) are
planned, the steps Pulumi takes from one plan to the other derived, and every moment checked
against Cloudflare's rules. The one kind of change the design cannot apply in one update (a name
that becomes a CNAME or a delegation, or stops being a delegation, where other records were:
docs/route53-features.md, "What happens when the zone changes again") must be found by the model,
so the model is shown to catch what it checks."""

from __future__ import annotations

import pulumi
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from migration import plan as plan_mod
from migration.model import CloudflareRecord
from tests.support.cloudflare_apply import steps, violations
from tests.support.plans import plan_of_record_sets, records, zone_settings
from tests.support.pulumi_mocks import run_under_mocks
from tests.support.zones import alias, rrset, snapshot

APEX = "example.com"
NAMES = ("example.com.", "a.example.com.", "b.example.com.", "sub.example.com.")
ADDRESSES = ("192.0.2.1", "192.0.2.2", "192.0.2.3")
DS = "12345 13 2 " + "ab" * 32


def _shape(name: str) -> st.SearchStrategy[list[dict]]:
    """The record sets one name can hold in a zone the planner accepts."""
    addresses = st.lists(st.sampled_from(ADDRESSES), min_size=1, max_size=3, unique=True)
    shapes = [
        st.just([]),
        addresses.map(lambda v: [rrset(name, "A", *v)]),
        addresses.map(lambda v: [rrset(name, "A", *v), rrset(name, "AAAA", "2001:db8::1")]),
        addresses.map(lambda v: [rrset(name, "A", *v), rrset(name, "TXT", '"v=spf1 -all"')]),
        st.sampled_from(['"one"', '"two"']).map(lambda v: [rrset(name, "TXT", v)]),
        st.sampled_from(["10 mx1.example.net.", "20 mx2.example.net."]).map(lambda v: [rrset(name, "MX", v)]),
    ]
    if name == NAMES[0]:  # an alias to CloudFront: a CNAME at the apex, beside other types
        shapes += [
            st.just([alias(name, "A", "d111111abcdef8.cloudfront.net.", "Z2FDTNDATAQYW2")]),
            st.just(
                [
                    alias(name, "A", "d111111abcdef8.cloudfront.net.", "Z2FDTNDATAQYW2"),
                    rrset(name, "MX", "10 mx1.example.net."),
                ]
            ),
        ]
    else:  # a CNAME and a delegation
        shapes += [
            st.sampled_from(["t1.example.net.", "T2.Example.NET."]).map(lambda v: [rrset(name, "CNAME", v)]),
            st.tuples(
                st.lists(
                    st.sampled_from(["ns1.example.net.", "ns2.example.net."]), min_size=1, max_size=2, unique=True
                ),
                st.booleans(),
            ).map(lambda t: [rrset(name, "NS", *t[0])] + ([rrset(name, "DS", DS)] if t[1] else [])),
        ]
    return st.one_of(shapes)


zones = st.tuples(*(_shape(n) for n in NAMES)).map(lambda parts: [rs for part in parts for rs in part])


def _against(raws: list[dict], baseline: plan_mod.Plan, limit: int) -> plan_mod.Plan:
    """The plan of RAWS against BASELINE, the plan last applied (``--baseline``), under LIMIT records."""
    return plan_mod.build(zone_settings(cloudflare_record_limit=limit), snapshot(*raws), baseline=baseline)


def _types(raws: list[dict]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for rs in raws:
        found.setdefault(rs["Name"], set()).add(rs["Type"])
    return found


def _apex_cname(raws: list[dict]) -> bool:
    return any(rs["Name"] == NAMES[0] and "AliasTarget" in rs for rs in raws)


def _needs_two_updates(before: list[dict], after: list[dict]) -> bool:
    """The documented limit: at some name, a CNAME or NS arrives where other records were, or a
    delegation leaves where other records arrive (Pulumi deletes the old ones only at the end)."""
    old, new = _types(before), _types(after)
    for name, types in new.items():
        had = old.get(name, set())
        if name == NAMES[0]:  # at the apex an alias (A) became a CNAME: it excludes only A and AAAA
            if _apex_cname(after) and (had & {"A", "AAAA"}) and not _apex_cname(before):
                return True
            continue
        if "CNAME" in types and had - {"CNAME"}:
            return True
        if "NS" in types and had - {"NS", "DS", "CNAME"}:  # a CNAME is taken over by the lead
            return True
        if "NS" in had and types - {"NS", "DS"}:
            return True
    return False


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zones, zones)
def test_every_change_between_two_snapshots_applies_in_one_update(before, after):
    plans = plan_of_record_sets(*before), plan_of_record_sets(*after)
    assume(not plans[0].blocked and not plans[1].blocked)
    found = violations(*plans, apex=APEX)
    if _needs_two_updates(before, after):
        assert any(v.startswith(("C1", "C2")) for v in found), (before, after, found)
    else:
        assert found == [], (before, after)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zones, zones, st.integers(min_value=1, max_value=14))
def test_the_plan_against_the_last_snapshot_says_what_the_model_finds(before, after, limit):
    # The plan of `after` with `before` as the snapshot last applied (--baseline) names, per record,
    # exactly what the model finds: the delete-first replacements, the records Cloudflare would refuse
    # half-way (two updates needed), and a peak over the record limit whose end states fit.
    plans = plan_of_record_sets(*before), plan_of_record_sets(*after)
    assume(not plans[0].blocked and not plans[1].blocked)
    assume(len(plans[0].translation.records) <= limit and len(plans[1].translation.records) <= limit)
    found = violations(*plans, apex=APEX, limit=limit)
    planned = _against(after, plans[0], limit)
    said = {
        code: sorted(f.subject for f in planned.findings if f.code == code)
        for code in ("needs-two-updates", "replaced-delete-first", "record-limit-during-update")
    }
    replaced = sorted(f"{s.new.type} {s.new.name}" for s in steps(*plans)[0] if s.kind == "replace" and s.delete_first)
    assert bool(said["needs-two-updates"]) == any(v.startswith(("C1", "C2")) for v in found), (before, after, found)
    assert said["replaced-delete-first"] == replaced
    assert bool(said["record-limit-during-update"]) == any(v.startswith("C7") for v in found), (before, after, found)


@settings(max_examples=100, deadline=None)
@given(zones)
def test_planning_the_same_zone_again_changes_nothing(raws):
    plan = plan_of_record_sets(*raws)
    assume(not plan.blocked)
    assert steps(plan, plan_of_record_sets(*raws)) == ([], [])


def test_a_ds_waits_for_the_ns_of_its_name():
    before = plan_of_record_sets(*[])
    after = plan_of_record_sets(
        *[rrset("sub.example.com.", "DS", DS), rrset("sub.example.com.", "NS", "ns1.example.net.")]
    )
    assert violations(before, after, apex=APEX) == []
    assert violations(after, before, apex=APEX) == []


def test_the_other_records_at_a_name_wait_for_the_one_that_replaces_its_cname():
    t = plan_of_record_sets(
        rrset("foo.example.com.", "A", "192.0.2.5", "192.0.2.6"), rrset("foo.example.com.", "TXT", '"x"')
    )
    assert [(r.name, r.aliases, r.delete_before_replace, r.depends_on) for r in records(t).values()] == [
        ("a-foo.example.com-579d9fd31e", ("cname-foo.example.com",), True, ()),
        ("a-foo.example.com-93156adf94", (), False, ("a-foo.example.com-579d9fd31e",)),
        ("txt-foo.example.com-9225d42b24", (), False, ("a-foo.example.com-579d9fd31e",)),
    ]


def test_the_program_passes_aliases_delete_before_replace_and_dependencies_to_pulumi():
    from migration import program

    plan = plan_of_record_sets(
        rrset("foo.example.com.", "A", "192.0.2.5", "192.0.2.6"),
        rrset("bar.example.com.", "CNAME", "Target.Example.NET."),
    )
    seen = {}

    def declare():
        def record(args):
            seen[args.name] = (
                [a.name for a in args.opts.aliases or () if isinstance(a, pulumi.Alias) and isinstance(a.name, str)],
                args.opts.delete_before_replace,
                [d._name for d in args.opts.depends_on or ()],
            )

        pulumi.runtime.register_stack_transformation(record)
        return program.declare(plan)

    run_under_mocks(declare)
    assert {k: v for k, v in seen.items() if k not in ("cloudflare-zone", "route53-zone")} == {
        "a-foo.example.com-579d9fd31e": (["cname-foo.example.com"], True, []),
        "a-foo.example.com-93156adf94": ([], None, ["a-foo.example.com-579d9fd31e"]),
        "cname-bar.example.com": (["cname-bar.example.com-43b764f3ce", "cname-bar.example.com-d4639a818c"], True, []),
    }


def test_a_cname_of_an_existing_stack_is_renamed_not_replaced():
    # The value-derived name earlier versions gave the CNAME (the formula pinned in
    # tests/test_translate_rules.py) is its alias: Pulumi moves the state, no delete and create.
    record = CloudflareRecord(name="www.example.com", type="CNAME", ttl=300, content="example.net")
    assert record.logical_name == "cname-www.example.com"
    assert record.aliases == (record.value_name,) == ("cname-www.example.com-" + record.value_name[-10:],)
