"""``python -m migration plan`` does each piece of work once in every format (issue 17): the JSON
journey reads and translates the zone once, as text and Markdown do; the journey orders the records
once and shares their resources between phases; the plans are rendered out of the cyclic
collector's reach, which runs again for what comes after; cached attributes cost no dictionary per
object. Memory (issue 17): the journey holds the resources of the phase it details only, the others
summarised (migration.plan.PhaseSummary); text is written in pieces, Markdown makes only the rows
it shows. Outputs are pinned byte for byte by tests/test_golden.py."""

from __future__ import annotations

import gc
import tracemalloc
from dataclasses import replace

import dns.name
import pytest

from migration import apply_order, cli, names, phases, report, report_markdown
from migration import plan as plan_mod
from migration.model import CloudflareRecord
from migration.resources import CF_RECORD
from migration.settings import PHASES, load_stack
from migration.sources import snapshot as snapshot_file
from migration.stack import journey_for, journey_summary_for, plan_for
from tests.conftest import ROOT
from tests.support.plans import plan_of_generated_zone


@pytest.mark.parametrize("fmt", ["json", "text", "markdown"])
def test_every_format_of_the_journey_reads_the_snapshot_once_and_translates_once(fmt, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    reads, translations = [], []
    read, translate = snapshot_file.read, plan_mod.translate
    monkeypatch.setattr(snapshot_file, "read", lambda *a, **k: reads.append(a) or read(*a, **k))
    monkeypatch.setattr(plan_mod, "translate", lambda *a, **k: translations.append(a) or translate(*a, **k))
    assert cli.main(["plan", "--stack", "example", "--format", fmt]) == 0
    assert "mirror -> cut-over -> decommission" in capsys.readouterr().out
    assert (len(reads), len(translations)) == (1, 1)


@pytest.mark.parametrize(
    "argv, renderer",
    [
        (["--format", "text"], (report, "write_text")),
        (["--format", "markdown"], (report_markdown, "render")),
        (["--format", "json"], (report, "write_json")),
        (["--format", "json", "--phase", "cut-over"], (report, "write_json")),
    ],
)
def test_the_plans_are_rendered_frozen_and_thawed_after(argv, renderer, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    module, name = renderer
    seen = []
    render = getattr(module, name)

    def watched(*args, **kwargs):
        seen.append((gc.isenabled(), gc.get_freeze_count() > 0))
        return render(*args, **kwargs)

    monkeypatch.setattr(module, name, watched)
    before = gc.get_freeze_count()
    cli.main(["plan", "--stack", "example", *argv])
    assert capsys.readouterr().out
    assert seen == [(True, True)]
    assert gc.get_freeze_count() == before == 0 and gc.isenabled()


def test_the_journey_orders_the_records_once_and_shares_their_resources_between_phases(monkeypatch):
    monkeypatch.chdir(ROOT)
    calls = []
    order = apply_order.plan
    monkeypatch.setattr(apply_order, "plan", lambda records: calls.append(len(records)) or order(records))
    mirror, cut_over, decommission = journey_for(load_stack("example"))
    records = len(mirror.translation.records)
    assert calls == [records]
    kept = [r for r in cut_over.resources if r.type == CF_RECORD]
    assert len(kept) == records and {r.action for r in kept} == {"keep"}
    # The same objects: the record resources of one action are made once for the journey.
    assert [id(r) for r in kept] == [id(r) for r in decommission.resources if r.type == CF_RECORD]
    created = [r for r in mirror.resources if r.type == CF_RECORD]
    assert all(a.inputs is b.inputs for a, b in zip(created, kept, strict=True))
    # One subject string per record, whatever the action.
    assert all(a.subject is b.subject for a, b in zip(created, kept, strict=True))


def test_the_text_report_is_written_in_pieces_of_whole_lines():
    plan = plan_of_generated_zone(2500)
    pieces: list[str] = []
    report.write_text(plan, pieces.append)
    assert "".join(pieces) == report.to_text(plan)
    # The 3,279 records' rows and the rest: pieces of a thousand lines, never the report whole.
    lines = [p.count("\n") for p in pieces]
    assert lines[:-1] == [1000] * (len(lines) - 1) and 0 < lines[-1] <= 1000 and len(lines) >= 4
    assert all(p.endswith("\n") for p in pieces)


def test_the_text_report_holds_no_row_of_its_tables():
    # The changes table's rows are measured for the widths, then made again as each line is
    # written (issue 17): about 270 bytes a resource at the peak when the rows were held, 90 now.
    plan = plan_of_generated_zone(5000)
    gc.collect()
    tracemalloc.start()
    try:
        report.write_text(plan, lambda text: None)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak / len(plan.resources) < 150


def test_markdown_makes_only_the_rows_it_shows(monkeypatch):
    plan = plan_of_generated_zone(2500)
    made = []
    value = report_markdown.record_value
    monkeypatch.setattr(report_markdown, "record_value", lambda record: made.append(record) or value(record))
    text = report_markdown.render(plan)
    assert "<summary><strong>Cloudflare records to create (3279)</strong></summary>" in text
    assert "_2979 more rows not shown: see `--format json`._" in text
    assert len(made) == report_markdown.MAX_ROWS


def test_a_cached_attribute_stays_in_the_objects_inline_values():
    # A cached attribute (model._cached) set after the object is made must not give each object a
    # dictionary of its own (800 bytes more each): 15 MiB of a plan of 10,000 record sets.
    made = [CloudflareRecord(name=f"host{i}.example.com", type="A", ttl=300, content="192.0.2.1") for i in range(2000)]
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        texts = [(r.value_key, r.identity, r.value_name, r.logical_name) for r in made]
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert texts[0][3].startswith("a-host0.example.com-")
    # The attributes' own values (three strings and a tuple) take about 350 bytes a record.
    assert grown / len(made) < 450


@pytest.mark.parametrize("own", PHASES)
def test_the_journey_summarises_each_phase_as_its_plan_says(own, monkeypatch):
    monkeypatch.chdir(ROOT)
    settings = replace(load_stack("example"), phase=own)
    detailed, summaries = journey_summary_for(settings)
    assert [s.settings.phase for s in summaries] == list(PHASES)
    for summary in summaries:
        alone = plan_for(replace(settings, phase=summary.settings.phase), run_gates=False)
        assert (summary.settings, summary.counts(), summary.blocked, summary.findings) == (
            alone.settings,
            alone.counts(),
            alone.blocked,
            alone.findings,
        )
        assert list(summary.deleted()) == [r for r in alone.resources if r.action == "delete"]
        if summary.settings.phase == own:
            assert (detailed.settings, detailed.resources, detailed.findings) == (
                alone.settings,
                alone.resources,
                alone.findings,
            )
    # The decommission deletes the hosted zone's record sets with it: counted, listed when read.
    decommission = summaries[-1]
    assert len(decommission.with_zone) == decommission.counts()["delete"] - len(decommission.deletions) > 0


@pytest.mark.parametrize("own", PHASES)
def test_the_journey_never_holds_two_actions_record_resources_at_once(own, monkeypatch):
    # The summarised phases are built first and their record resources dropped before the
    # detailed phase's are made (issue 17: one list of the zone's record resources at the peak,
    # not two). Each call of RecordResources.made is seen with the lists held once it returns.
    monkeypatch.chdir(ROOT)
    held = []
    made = phases.RecordResources.made

    def watched(self, action):
        resources = made(self, action)
        held.append(sorted(self._made))
        return resources

    monkeypatch.setattr(phases.RecordResources, "made", watched)
    detailed, _ = journey_summary_for(replace(load_stack("example"), phase=own))
    assert held[-1] == ["create" if own == "mirror" else "keep"]
    assert all(len(actions) == 1 for actions in held)
    assert [r for r in detailed.resources if r.type == CF_RECORD]


@pytest.mark.parametrize("fmt", ["text", "markdown", "json"])
def test_the_journey_makes_no_resource_of_the_record_sets_deleted_with_the_zone_it_does_not_show(
    fmt, monkeypatch, capsys
):
    # The stack's phase is mirror: the decommission is summarised, its record sets counted; only
    # the rows Markdown shows of "Later, phase decommission deletes" are made.
    monkeypatch.chdir(ROOT)
    made = []
    make = phases.RecordSetDeletions._made
    monkeypatch.setattr(phases.RecordSetDeletions, "_made", lambda self, rs: made.append(rs) or make(self, rs))
    cli.main(["plan", "--stack", "example", "--format", fmt])
    out = capsys.readouterr().out
    record_sets = len(snapshot_file.read(load_stack("example").snapshot).record_sets)
    assert f"and its {record_sets} record sets" in out
    shown = min(record_sets, report_markdown.MAX_ROWS) if fmt == "markdown" else 0
    assert len(made) == shown


def test_the_records_resources_keep_no_option_or_position_object_per_record_once_made():
    # The apply-order options live on in the resources, the positions in an array (issue 17):
    # about 490 bytes a record for both actions' resources, 570 when each record also kept its
    # options tuple and an integer for its position.
    records = plan_of_generated_zone(5000).translation.records
    for record in records:
        assert record.logical_name and record.aliases is not None
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        made = phases.RecordResources(records)
        created, kept = made.made("create"), made.made("keep")
        grown = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    assert [r.depends_on for r in created] == [r.depends_on for r in kept] and len(kept) == len(records)
    assert grown / len(records) < 530


def test_keys_and_identities_keep_a_name_already_in_lower_case():
    name = dns.name.from_text("www.Example.com.")
    key = names.key(name)
    assert key == (b"www", b"example", b"com", b"")
    assert key[0] is name.labels[0] and key[2] is name.labels[2] and key[1] is not name.labels[1]
    lower = CloudflareRecord(name="www.example.com", type="A", ttl=300, content="192.0.2.1")
    mixed = CloudflareRecord(name="WWW.example.com", type="A", ttl=300, content="192.0.2.1")
    assert lower.identity[0] is lower.name and mixed.identity == lower.identity
