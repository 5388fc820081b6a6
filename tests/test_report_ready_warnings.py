"""A plan that is ready but has warnings says so in its headline, with their count, in every
format that has a headline (text first and last line, Markdown, the summary across zones); the
exit status stays 0. Before, "READY ... Needs attention: nothing" came first and the warnings
only after it."""

from __future__ import annotations

import json

from migration import report, report_markdown, report_summary
from tests.support import plans
from tests.support.zones import rrset

APEX = rrset("example.com.", "A", "192.0.2.1")
SHORT = rrset("a.example.com.", "A", "192.0.2.2", ttl=30)  # TTL raised to 60: one warning
SHORTER = rrset("b.example.com.", "A", "192.0.2.3", ttl=10)  # a second one
READY = "READY: nothing refused, no errors; review the changes, then 'pulumi preview' and 'pulumi up'."


def test_a_ready_plan_with_warnings_counts_them_in_the_text_headline():
    plan = plans.plan_of_record_sets(APEX, SHORT, SHORTER)
    lines = report.to_text(plan).splitlines()
    assert lines[1] == (
        "READY, 2 warnings (below): nothing refused, no errors; review the warnings and the changes, then "
        "'pulumi preview' and 'pulumi up'."
    )
    assert lines[lines.index("Warnings (2)") - 2] == (
        "Needs attention: nothing (no refusal, no error, no stale DKIM selector, no other deletion); 2 warnings below"
    )
    # The verdict repeated at the end points back up to them.
    assert lines[-1] == (
        "READY, 2 warnings (above): nothing refused, no errors; review the warnings and the changes, then "
        "'pulumi preview' and 'pulumi up'."
    )
    one = report.to_text(plans.plan_of_record_sets(APEX, SHORT)).splitlines()
    assert one[1].startswith("READY, 1 warning (below): ")


def test_a_ready_plan_without_warnings_keeps_its_headline():
    lines = report.to_text(plans.plan_of_record_sets(APEX)).splitlines()
    assert (lines[1], lines[-1]) == (READY, READY)
    assert "Needs attention: nothing (no refusal, no error, no stale DKIM selector, no other deletion)" in lines


def test_the_markdown_headline_counts_the_warnings():
    text = report_markdown.render(plans.plan_of_record_sets(APEX, SHORT, SHORTER))
    assert text.splitlines()[3] == (
        "**✅ READY, 2 warnings (below)**: nothing refused, no errors; review the warnings and the changes, "
        "then `pulumi preview` and `pulumi up`."
    )
    plain = report_markdown.render(plans.plan_of_record_sets(APEX))
    assert plain.splitlines()[3] == "**✅ Nothing refused**: review the changes, then `pulumi preview` and `pulumi up`."


def test_the_summary_across_zones_counts_a_ready_stacks_warnings():
    warned = json.loads(report.to_json(plans.plan_of_record_sets(APEX, SHORT, SHORTER)))
    clean = json.loads(report.to_json(plans.plan_of_record_sets(APEX)))
    assert report_summary.row(warned)[-1] == "✅ ready, 2 warnings"
    assert report_summary.row(clean)[-1] == "✅ ready"
