"""SPF published twice at one name: an SPF-type record set is published as TXT (Cloudflare has no
SPF type); where that would leave more than one SPF record at its name (beside the TXT record set's
own, or several of its own) it is refused, naming both record sets (RFC 7208 section 4.5: more than
one SPF record is a permerror). Case: the new-user review's j_spf_txt_diff.json."""

from __future__ import annotations

from migration.resources import CF_RECORD
from tests.conftest import ROOT
from tests.support import plans
from tests.support.zones import rrset

EXPORT = ROOT / "tests" / "data" / "cases" / "newuser-spf-twice" / "export.json"
ADVICE = (
    "more than one SPF record at a name is a permerror for every receiver (RFC 7208 section 4.5), while "
    "today receivers read only the TXT one (RFC 7208 section 3.1). Options: delete the SPF record set in "
    "Route53 (receivers do not read it) and snapshot again, or give both record sets the one SPF value meant"
)


def _outcomes(plan):
    return [(o.record_set.label, o.status, o.reason) for o in plan.translation.outcomes]


def _txt(plan):
    return sorted(r.record.content for r in plan.declared() if r.type == CF_RECORD and r.record.type == "TXT")


def test_an_spf_record_set_beside_a_different_txt_spf_is_refused():
    plan = plans.plan_of_file(EXPORT, zone="example.org")
    assert plan.blocked
    assert _outcomes(plan) == [
        (
            "example.org. SPF",
            "refused",
            "published as TXT (Cloudflare has no SPF type) beside the TXT record set example.org. TXT, "
            'example.org. would have 2 SPF records: "v=spf1 ~all", "v=spf1 -all"; ' + ADVICE,
        ),
        ("example.org. TXT", "translated", ""),
    ]
    assert _txt(plan) == ['"v=spf1 ~all"']


def test_the_version_is_matched_without_case_and_must_end_in_a_space():
    plan = plans.plan_of_record_sets(
        rrset("example.com.", "SPF", '"v=spf1 -all"'), rrset("example.com.", "TXT", '"V=SPF1 ~all"')
    )
    assert [s for _, s, _ in _outcomes(plan)] == ["refused", "translated"]
    # "v=spf10" is not an SPF record: one SPF record at the name, both published.
    plan = plans.plan_of_record_sets(
        rrset("example.com.", "SPF", '"v=spf1 -all"'), rrset("example.com.", "TXT", '"v=spf10 x"')
    )
    assert [s for _, s, _ in _outcomes(plan)] == ["translated", "translated"]
    assert _txt(plan) == ['"v=spf1 -all"', '"v=spf10 x"']


def test_an_spf_record_set_with_two_spf_values_is_refused():
    plan = plans.plan_of_record_sets(rrset("example.com.", "SPF", '"v=spf1 -all"', '"v=spf1 a -all"'))
    assert _outcomes(plan) == [
        (
            "example.com. SPF",
            "refused",
            "published as TXT (Cloudflare has no SPF type), example.com. would have 2 SPF records: "
            '"v=spf1 -all", "v=spf1 a -all"; ' + ADVICE,
        )
    ]


def test_one_spf_record_at_a_name_is_published():
    alone = plans.plan_of_record_sets(rrset("example.com.", "SPF", '"v=spf1 -all"'))
    assert _txt(alone) == ['"v=spf1 -all"'] and [s for _, s, _ in _outcomes(alone)] == ["translated"]
    beside_other_txt = plans.plan_of_record_sets(
        rrset("example.com.", "SPF", '"v=spf1 -all"'), rrset("example.com.", "TXT", '"google-site-verification=x"')
    )
    assert _txt(beside_other_txt) == ['"google-site-verification=x"', '"v=spf1 -all"']
    same = plans.plan_of_record_sets(
        rrset("example.com.", "SPF", '"v=spf1 -all"'), rrset("example.com.", "TXT", '"v=spf1 -all"', '"x"')
    )
    assert [s for _, s, _ in _outcomes(same)] == ["skipped", "translated"]
    assert _txt(same) == ['"v=spf1 -all"', '"x"']


def test_a_txt_record_set_already_holding_two_spf_records_is_copied_with_a_warning():
    plan = plans.plan_of_record_sets(rrset("example.com.", "TXT", '"v=spf1 -all"', '"v=SPF1 a -all"', '"x"'))
    assert [s for _, s, _ in _outcomes(plan)] == ["translated"]
    assert _txt(plan) == ['"v=SPF1 a -all"', '"v=spf1 -all"', '"x"']
    assert [(f.severity, f.code, f.subject, f.message) for f in plan.findings if f.code == "spf-records-twice"] == [
        (
            "warning",
            "spf-records-twice",
            "example.com. TXT",
            'the record set holds 2 SPF records: "v=spf1 -all", "v=SPF1 a -all"; more than one SPF record at a '
            "name is a permerror for every receiver (RFC 7208 section 4.5), at Route53 today and on Cloudflare "
            "after the copy: keep the one SPF value meant (in Route53, then snapshot again)",
        )
    ]
    one = plans.plan_of_record_sets(rrset("example.com.", "TXT", '"v=spf1 -all"', '"v=spf10 x"'))
    assert not [f for f in one.findings if f.code == "spf-records-twice"]
