"""The plan command does not import the verify command's engine (issue 17, start-up): the parser
of ``python -m migration`` names verify's choices itself (:mod:`migration.cli_verify`), and they
must stay verify's own."""

from __future__ import annotations

import subprocess
import sys

from migration import cli_verify
from migration.verify import AREAS, Options
from migration.verify.output import FORMATS
from tests.conftest import ROOT


def test_the_verify_parser_offers_verify_s_own_choices():
    assert cli_verify.AREAS == AREAS
    assert cli_verify.FORMATS == tuple(sorted(FORMATS))
    assert cli_verify.MIN_SHARE == Options.min_share


def test_the_offline_plan_imports_neither_the_verify_engine_nor_asyncio_nor_rich():
    code = (
        "import sys; from migration import cli; status = cli.main(['plan', '--source', "
        "'examples/seed-scenario/route53-example.com.json', '--format', 'text']); "
        "print(status, sorted(m for m in sys.modules if m.split('.')[0] in ('asyncio', 'rich') "
        "or m.startswith('migration.verify')), file=sys.stderr)"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.stderr.strip().splitlines()[-1] == "0 []"
