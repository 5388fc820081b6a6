"""The Pulumi program (migration/program.py) fed bad settings or a bad snapshot under Pulumi mocks: the
same input errors as the command line, redacted the same way."""

from __future__ import annotations

import pytest

from migration import program
from migration.errors import InputError
from tests.support.pulumi_mocks import run_under_mocks


def test_the_pulumi_program_redacts_its_errors(project, monkeypatch):
    """The program raises the reading error with the same redaction as the command line."""
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", "CFENVMARKER-0123456789")
    (project / "zone.txt").write_text("$ORIGIN example.com.\nwww 300 IN A CFENVMARKER-0123456789\n")
    config = {
        "migration:zone": "example.com",
        "migration:snapshot": "zone.txt",
        "migration:cloudflareAccountId": "023e105f4ecef8ad9ca31a8372d0c354",
    }
    with pytest.raises(InputError) as caught:
        run_under_mocks(program.run, config=config)
    assert (
        str(caught.value)
        == f"{project / 'zone.txt'}: line 2: cannot read 'www 300 IN A [secret]': Text input is malformed."
    )


@pytest.mark.parametrize(
    "key, value, why",
    [
        ("proxied", "[www.example.com", "not valid JSON: Expecting value at line 1 column 2"),
        (
            "routing",
            "[" * 100 + "]" * 100,
            "not valid JSON: nested too deeply (more than 64 levels); expected a list or "
            "a mapping (Pulumi's JSON of a structured value)",
        ),
    ],
)
def test_the_pulumi_program_refuses_a_structured_setting_that_is_not_json(project, key, value, why):
    config = {
        "migration:zone": "example.com",
        "migration:snapshot": "export.json",
        "migration:cloudflareAccountId": "023e105f4ecef8ad9ca31a8372d0c354",
        f"migration:{key}": value,
    }
    with pytest.raises(InputError) as caught:
        run_under_mocks(program.run, config=config)
    assert str(caught.value) == f"migration:{key}: {why}"
