"""The offline plan does each piece of work once and loads only what it uses (issue 17): the
journey reads and translates the zone once for its three phases, ``plan`` never imports boto3
or botocore, the snapshot is read with the cyclic collector paused and its nesting measured on
the text. Outputs are pinned byte for byte by tests/test_golden.py."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from migration import cli
from migration import plan as plan_mod
from migration.settings import PHASES, load_stack
from migration.sources import files
from migration.sources import snapshot as snapshot_file
from migration.stack import journey_for, plan_for
from tests.conftest import ROOT


def test_the_journey_reads_the_snapshot_once_and_translates_once(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    reads, translations = [], []
    read, translate = snapshot_file.read, plan_mod.translate
    monkeypatch.setattr(snapshot_file, "read", lambda *a, **k: reads.append(a) or read(*a, **k))
    monkeypatch.setattr(plan_mod, "translate", lambda *a, **k: translations.append(a) or translate(*a, **k))
    assert cli.main(["plan", "--stack", "example"]) == 0
    assert "the whole journey (mirror -> cut-over -> decommission) in summary" in capsys.readouterr().out
    assert (len(reads), len(translations)) == (1, 1)


def test_each_journey_plan_equals_the_plan_of_its_phase(monkeypatch):
    monkeypatch.chdir(ROOT)
    settings = load_stack("example")
    journey = journey_for(settings)
    assert [p.settings.phase for p in journey] == list(PHASES)
    for plan in journey:
        alone = plan_for(replace(settings, phase=plan.settings.phase), run_gates=False)
        assert (plan.settings, plan.resources, plan.findings, plan.email) == (
            alone.settings,
            alone.resources,
            alone.findings,
            alone.email,
        )
        assert plan.translation.outcomes == alone.translation.outcomes


def test_the_offline_plan_imports_no_aws_library():
    # An export without SES files: reading SES identity files checks them against botocore's model.
    code = (
        "import sys; from migration import cli; status = cli.main(['plan', '--source', "
        "'examples/seed-scenario/route53-example.com.json', '--format', 'json']); "
        "print(status, sorted(m for m in ('boto3', 'botocore', 'dns.zone') if m in sys.modules), file=sys.stderr)"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.stderr.strip().splitlines()[-1] == "0 []"


def test_the_snapshot_is_read_with_the_cyclic_collector_paused_and_it_runs_again_after(monkeypatch):
    monkeypatch.chdir(ROOT)
    seen = []
    read = snapshot_file.read
    monkeypatch.setattr(snapshot_file, "read", lambda *a, **k: seen.append(gc.isenabled()) or read(*a, **k))
    journey_for(load_stack("example"))
    plan_for(load_stack("example"), run_gates=False)
    assert seen == [False, False] and gc.isenabled()


_TEXT = st.text(alphabet=st.sampled_from('[]{}"\\/ aé\u2028\n\x00'), max_size=8)
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | _TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=30,
)


@settings(max_examples=400)
@given(_JSON, st.booleans(), st.sampled_from([None, 2]))
def test_the_nesting_read_from_json_text_is_the_walks(value, ascii_only, indent):
    text = json.dumps(value, ensure_ascii=ascii_only, indent=indent)
    assert files.json_depth(text) == files.depth(json.loads(text))
