"""The apply cost (migration/apply_cost.py): Cloudflare requests, rate-limit windows and chunks of a
plan, in exact numbers, and every report format stating it (timed figures live in
tests/benchmarks/bench_*.py, never in tests)."""

from __future__ import annotations

import pytest

from migration import apply_cost, report
from migration.resources import CF_RECORD, CF_ZONE, R53_ZONE, PlannedResource
from migration.settings import load_stack
from migration.stack import plan_for
from tests.conftest import ROOT
from tests.support.plans import plan_of_generated_zone


def _resources(cloudflare: int, aws: int = 0) -> list[PlannedResource]:
    made = [PlannedResource(CF_ZONE, "cloudflare-zone", "create", {}, "zone")]
    made += [PlannedResource(CF_RECORD, f"r{i}", "create", {}, "record") for i in range(cloudflare - 1)]
    made += [PlannedResource(R53_ZONE, f"z{i}", "adopt", {}, "route53") for i in range(aws)]
    return made


@pytest.mark.parametrize(
    ("count", "windows", "seconds", "chunks"),
    [
        (1, 1, 0, (1,)),
        (1200, 1, 0, (1200,)),
        (1201, 2, 300, (1200, 1)),
        (11874, 10, 2700, (1200,) * 9 + (1074,)),
    ],
)
def test_apply_cost_counts_cloudflare_requests_and_windows(count, windows, seconds, chunks):
    cost = apply_cost.estimate(_resources(count, aws=3))  # Route53 resources are not Cloudflare calls
    assert cost == apply_cost.ApplyCost(requests=count, windows=windows, minimum_seconds=seconds, chunks=chunks)


def test_apply_cost_of_no_cloudflare_resource_is_nothing():
    assert apply_cost.estimate([]) == apply_cost.ApplyCost(0, 0, 0, ())


def test_apply_cost_counts_nothing_for_resources_kept_unchanged():
    kept = [PlannedResource(CF_RECORD, f"k{i}", "keep", {}, "record") for i in range(5000)]
    changed = [
        PlannedResource(CF_RECORD, f"u{i}", action, {}, "record")
        for i, action in enumerate(("create", "adopt", "update", "delete"))
    ]
    assert apply_cost.estimate(kept + changed) == apply_cost.ApplyCost(4, 1, 0, (4,))


def test_apply_cost_summary_says_how_to_apply_in_chunks():
    assert apply_cost.estimate(_resources(26)).summary() == (
        "Apply cost: at least 26 Cloudflare API requests; at 1,200 requests per 5 minutes "
        "that fits in one rate-limit window: one 'pulumi up'."
    )
    assert apply_cost.estimate(_resources(2500)).summary() == (
        "Apply cost: at least 2,500 Cloudflare API requests; at 1,200 requests per 5 minutes that takes "
        "at least 10 min (3 windows). Apply in 3 runs of at most 1,200 resources in plan order "
        "(1200, 1200, 100), 5 minutes apart: 'python -m migration apply-steps --stack NAME' writes each run's "
        "'pulumi up --target' script (the Cloudflare zone in the first); a run stopped by the rate limit "
        "(HTTP 429) resumes where it stopped when run again."
    )


@pytest.mark.parametrize(
    ("seconds", "text"), [(0, "0 s"), (90, "1 min 30 s"), (2400, "40 min"), (3900, "1 h 5 min"), (7201, "2 h 1 s")]
)
def test_duration(seconds, text):
    assert apply_cost.duration(seconds) == text


def test_every_report_format_states_the_apply_cost(monkeypatch):
    monkeypatch.chdir(ROOT)
    plan = plan_for(load_stack("example"))
    line = (
        "Apply cost: at least 24 Cloudflare API requests; at 1,200 requests per 5 minutes "
        "that fits in one rate-limit window: one 'pulumi up'."
    )
    assert line in report.to_text(plan).splitlines()
    assert line in report.FORMATS["markdown"](plan).splitlines()
    assert report.to_dict(plan)["applyCost"] == {
        "cloudflareRequests": 24,
        "requestsPerWindow": 1200,
        "windowSeconds": 300,
        "windows": 1,
        "minimumSeconds": 0,
        "chunks": [24],
    }
    big = report.to_dict(plan_of_generated_zone(1000))["applyCost"]
    assert (big["cloudflareRequests"], big["windows"], big["minimumSeconds"], big["chunks"]) == (
        1311,
        2,
        300,
        [1200, 111],
    )
