"""``verify`` with the record sets shared between processes (migration/verify/records.py) gives
exactly the checks of one process, against real knotd servers on loopback. Zone data: the
reference scenario, examples/seed-scenario (the plan and zones of tests/test_verify.py)."""

from __future__ import annotations

import os
import socket
from dataclasses import replace

import pytest

from migration import gate_checks, zonefile
from migration.verify import Options, Servers, probes_from_plan, records, verify
from migration.verify.email import expectations_from_plan, questions
from migration.verify.query import Server
from tests.support.knot import KnotServer, free_address
from tests.test_verify import ADDRESSES, CF_NAMES, PLAN, R53_NAMES, _new_zone, _without

ONE = Options(timeout=0.3, retries=0, concurrency=8)
PROBES = len(probes_from_plan(PLAN))  # 22
QUESTIONS = len(questions(expectations_from_plan(PLAN)))  # 7


@pytest.fixture(scope="module")
def servers():
    """Old: the Route53 snapshot. New: the plan's records less ``_dmarc`` TXT and with ``api``
    CNAME (an alias at Route53, asked as A) changed, then a server that never answers (queries vanish: timeouts)."""
    changed = [
        replace(r, content="elsewhere.example.net") if (r.name, r.type) == ("api.example.com", "CNAME") else r
        for r in _without("_dmarc.example.com", "TXT")
    ]
    host, port = free_address()
    with (
        KnotServer({"example.com": zonefile.snapshot_to_bind(PLAN.snapshot, ADDRESSES)}) as old,
        KnotServer({"example.com": _new_zone(changed)}) as new,
        socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as silent,
    ):
        silent.bind((host, port))  # bound, never read
        yield Servers(
            old=(Server("old", old.host, old.port),),
            new=(Server("new", new.host, new.port), Server("new", host, port)),
            old_names=R53_NAMES,
            new_names=CF_NAMES,
        )


@pytest.mark.parametrize("workers", [2, 3])
def test_shared_between_processes_gives_the_checks_of_one_process(servers, workers):
    alone = verify(PLAN, servers, ONE, areas=("records", "email"))
    seen: list[tuple[int, int]] = []
    shared = verify(
        PLAN,
        servers,
        replace(ONE, workers=workers, min_share=1),
        areas=("records", "email"),
        progress=lambda total, done: seen.append((total, done)),
    )
    assert (alone.processes, shared.processes) == (1, workers)
    assert shared.checks == alone.checks  # same verdicts, same order
    assert shared.queries == alone.queries == (PROBES + QUESTIONS) * 3 - QUESTIONS * 1  # email: some at new only
    found = {(c.subject, c.status, c.code) for c in shared.checks if c.status == "different"}
    assert found == {
        ("_dmarc.example.com. TXT", "different", "missing"),
        ("api.example.com. A", "different", "changed"),
    }
    timeouts = [c for c in shared.checks if c.code == "timeout"]
    assert len([c for c in timeouts if c.area == "records"]) == PROBES  # the silent server, once per record set
    assert {c.detail for c in timeouts} == {"timeout after 1 tries of 0.3 s"}
    # The bar moves to the end: every probe and question counted once, workers' counts included.
    dones = [done for _, done in seen]
    assert {total for total, _ in seen} == {PROBES + QUESTIONS}
    assert dones == sorted(dones) and dones[-1] == PROBES + QUESTIONS


def test_a_failing_worker_is_an_error_not_missing_checks(servers, monkeypatch):
    here = os.getpid()
    compare = records.compare_probe

    def broken_elsewhere(probe, old, new):
        if os.getpid() != here:
            raise ValueError(f"cannot compare {probe.subject}")
        return compare(probe, old, new)

    monkeypatch.setattr(records, "compare_probe", broken_elsewhere)
    with pytest.raises(RuntimeError, match=r"(?s)verify worker process \d+ failed: .*ValueError: cannot compare "):
        verify(PLAN, servers, replace(ONE, workers=2, min_share=1), areas=("records",))


def test_how_many_processes():
    assert [
        records.process_count(n, w, 1000) for n, w in [(10_000, 2), (1_999, 2), (2_000, 2), (5_000, 8), (10_000, 1)]
    ] == [2, 1, 2, 5, 1]
    # One process unless asked: the gates run inside the Pulumi program, which must not fork.
    assert records.process_count(100_000, Options().workers, Options().min_share) == 1
    assert gate_checks.OPTIONS.workers == 1
