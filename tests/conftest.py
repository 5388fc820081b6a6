"""Shared fixtures: fake AWS credentials (never real ones), a moto server on 127.0.0.1."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from tests.support import outside_reads
from tests.support.moto_server import MotoServer, serve

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "seed-scenario"
# Zone data written by others, copied into the repository (origin and license: tests/data/SOURCES.md).
DATA = ROOT / "tests" / "data"
# Inputs of the project's cases (faults found and public bug reports replayed; tests/data/SOURCES.md).
CASES = DATA / "cases"
EXPORT = EXAMPLE / "route53-example.com.json"
# The smallest stack file that plans the reference export (with the `project` fixture).
BASE = "config:\n  migration:zone: example.com\n  migration:snapshot: export.json\n  migration:cloudflareAccountId: 023e105f4ecef8ad9ca31a8372d0c354\n"


OUTSIDE_READS = outside_reads.install()


@pytest.fixture(autouse=True)
def _reads_stay_in_the_checkout(tmp_path_factory):
    """Fail a test that read a file outside the repository (other than its temporary files or
    Python's own): a fresh clone has nothing beside it."""
    OUTSIDE_READS.allow(tmp_path_factory.getbasetemp().parent)  # pytest-of-<user>: the tests' own
    OUTSIDE_READS.take()
    yield
    outside = OUTSIDE_READS.take()
    if outside:
        pytest.fail(f"read outside the repository: {', '.join(sorted(set(outside)))}", pytrace=False)


@pytest.fixture(autouse=True)
def _no_real_aws(monkeypatch, tmp_path_factory):
    """Tests never reach real AWS: dummy credentials, no profile, no config or credentials file
    of the machine's user, a fixed region."""
    none = tmp_path_factory.getbasetemp() / "no-aws-files"
    monkeypatch.setenv("AWS_CONFIG_FILE", str(none / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(none / "credentials"))
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("AWS_ENDPOINT_URL", raising=False)


# One event loop for the main thread, for the whole run: Pulumi's mocks make their root stack
# resource once per process, and its futures belong to the loop current then.
PULUMI_LOOP = asyncio.new_event_loop()
asyncio.set_event_loop(PULUMI_LOOP)


@pytest.fixture(autouse=True)
def event_loop_for_pulumi():
    """Give the main thread back :data:`PULUMI_LOOP` before each test: ``asyncio.run`` (verify,
    the gates) ends by unsetting the thread's loop, and a Pulumi test after it then failed ("There
    is no current event loop", or a future "attached to a different loop"). And after it: a
    module-scoped fixture of the next test file (test_program's plan under mocks) runs before this
    fixture does."""
    asyncio.set_event_loop(PULUMI_LOOP)
    yield
    asyncio.set_event_loop(PULUMI_LOOP)


@pytest.fixture(scope="session")
def moto_session():
    yield from serve()


@pytest.fixture
def moto(moto_session: MotoServer) -> MotoServer:
    """A moto server with empty state for this test."""
    moto_session.reset()
    return moto_session


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project folder (Pulumi.yaml, stacks/) holding the reference export; cwd is it."""
    (tmp_path / "Pulumi.yaml").write_text((ROOT / "Pulumi.yaml").read_text())
    (tmp_path / "stacks").mkdir()
    (tmp_path / "export.json").write_text(EXPORT.read_text())
    monkeypatch.chdir(tmp_path)
    return tmp_path
