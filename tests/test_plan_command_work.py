"""``python -m migration plan`` does each piece of work once in every format (issue 17): the JSON
journey reads and translates the zone once, as text and Markdown do, and the plans are rendered
out of the cyclic collector's reach, which runs again for what comes after. Outputs are pinned
byte for byte by tests/test_golden.py."""

from __future__ import annotations

import gc

import pytest

from migration import cli, report, report_markdown
from migration import plan as plan_mod
from migration.sources import snapshot as snapshot_file
from tests.conftest import ROOT


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


@pytest.mark.parametrize("argv, renderer", [
    (["--format", "text"], (report, "to_text")),
    (["--format", "markdown"], (report_markdown, "render")),
    (["--format", "json"], (report, "write_json")),
    (["--format", "json", "--phase", "cut-over"], (report, "write_json")),
])
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
