"""Progress on stderr for long runs (``snapshot``, ``verify``): pages read from a moto server
reported as they arrive, and the rich bar drawn on a real pseudo-terminal (stderr) only, never on
stdout or on a pipe."""

from __future__ import annotations

import io
import os
import pty
import sys

from migration import progress
from migration.sources import route53_api
from tests.test_sources_route53_api import make_zone


def test_snapshot_reports_each_page_read_against_the_zone_count(moto):
    make_zone(moto, count=650)
    seen: list[tuple[int, int | None]] = []
    doc = route53_api.read_snapshot_document(
        zone="example.com", endpoint_url=moto.endpoint, progress=lambda done, total: seen.append((done, total))
    )
    assert len(doc["ResourceRecordSets"]) == 652
    # One call per page of 300; the total is GetHostedZone's ResourceRecordSetCount.
    assert seen == [(300, 652), (600, 652), (652, 652)]


def test_the_bar_is_drawn_on_a_terminal_stderr_and_nowhere_else(monkeypatch):
    monkeypatch.setattr(sys, "stderr", io.StringIO())  # not a terminal: no bar
    with progress.bar("reading") as update:
        assert update is None
    leader, follower = pty.openpty()
    terminal = os.fdopen(follower, "w")
    stdout = io.StringIO()
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.setattr(sys, "stdout", stdout)
    try:
        with progress.bar("reading record sets", least=10) as update:
            assert update is not None
            update(5, 600)
            update(600, 600)
        terminal.flush()
        drawn = os.read(leader, 65536).decode("utf-8", "replace")
    finally:
        terminal.close()
        os.close(leader)
    assert "reading record sets" in drawn and stdout.getvalue() == ""
