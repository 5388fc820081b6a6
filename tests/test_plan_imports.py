"""The offline plan imports only what its format needs (issue 17, start-up): orjson (with the uuid
and platform modules it loads) only for ``--format json`` (:mod:`migration.json_stream`),
subprocess only for ``--baseline-commit`` (:mod:`migration.git_files`), and PyYAML only when a
YAML file is read (a stack's settings: :mod:`migration.sources.yaml_loader`), never for a plan of
a snapshot given with --source."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

LAZY = (
    "orjson",
    "uuid",
    "platform",
    "subprocess",
    "migration.json_stream",
    "migration.git_files",
    "yaml",
    "migration.sources.yaml_loader",
)


def _imported_after_plan(fmt: str) -> list[str]:
    code = (
        "import sys; from migration import cli; status = cli.main(['plan', '--source', "
        f"'examples/seed-scenario/route53-example.com.json', '--format', '{fmt}']); "
        f"print(status, sorted(m for m in {LAZY!r} if m in sys.modules), file=sys.stderr)"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    return run.stderr.strip().splitlines()[-1].split(" ", 1)


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_text_and_markdown_plans_import_neither_orjson_nor_subprocess(fmt):
    assert _imported_after_plan(fmt) == ["0", "[]"]


def test_the_json_plan_imports_orjson_and_still_not_subprocess():
    status, imported = _imported_after_plan("json")
    assert status == "0" and "'orjson'" in imported and "'migration.json_stream'" in imported
    assert "subprocess" not in imported and "git_files" not in imported
    assert "yaml" not in imported
