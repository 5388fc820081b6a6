"""The Cloudflare API token never appears in a plan (any format) or an error message, and no error
quotes a line that looks like a credential (migration/secrets.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import yaml

from migration import report, secrets
from tests.conftest import CASES, ROOT
from tests.support.cli import plan_argv, run

MARKER = "cf-token-MARKER-7f3a9c21d0e8b4"
FORMATS = sorted(report.FORMATS)


@pytest.fixture
def project(tmp_path: Path, monkeypatch) -> Path:
    """A copy of the project's stack and example files in a temporary folder, as the cwd."""
    for name in ("Pulumi.yaml", "stacks", "examples"):
        src = ROOT / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def write_stack(project: Path, name: str, extra: dict) -> None:
    document = yaml.safe_load((project / "stacks" / "Pulumi.example.yaml").read_text())
    document["config"].update(extra)
    (project / "stacks" / f"Pulumi.{name}.yaml").write_text(yaml.safe_dump(document))


@pytest.mark.parametrize("fmt", FORMATS)
def test_the_environment_token_never_appears_in_a_plan(project, monkeypatch, capsys, fmt):
    monkeypatch.setenv(secrets.TOKEN_ENV, MARKER)
    # The worst case: the token's text sits in the zone itself (a TXT record pasted by mistake).
    snapshot = project / "examples" / "seed-scenario" / "route53-example.com.json"
    document = json.loads(snapshot.read_text())
    document["ResourceRecordSets"].append(
        {"Name": "leak.example.com.", "Type": "TXT", "TTL": 300, "ResourceRecords": [{"Value": f'"{MARKER}"'}]}
    )
    snapshot.write_text(json.dumps(document))
    status, out, err = run(["plan", "--stack", "example", "--format", fmt], capsys)
    assert status == 0
    assert MARKER not in out + err
    assert secrets.REDACTED in out  # the record is still planned, its value hidden


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_plain_text_token_in_the_stack_file_is_an_error_that_does_not_show_it(project, capsys, fmt):
    write_stack(project, "leaky", {"cloudflare:apiToken": MARKER})
    status, out, err = run(["plan", "--stack", "leaky", "--format", fmt], capsys)
    assert status == 1
    assert MARKER not in out + err
    assert (
        "cloudflare:apiToken is stored in plain text in stacks/Pulumi.leaky.yaml: remove it, rotate the "
        "credential, and set it with 'pulumi config set --secret cloudflare:apiToken'"
    ) in out.replace("\\'", "'")


def test_an_encrypted_token_is_fine(project, capsys):
    write_stack(project, "sealed", {"cloudflare:apiToken": {"secure": "v1:AAAAAAAAAAAAAAAA:" + "x" * 40}})
    status, out, _ = run(["plan", "--stack", "sealed", "--format", "json"], capsys)
    assert status == 0
    assert [f["code"] for f in json.loads(out)["findings"]] == [
        "ttl-clamped",
        "dkim-stale",
        "dkim-stale",
        "dkim-status",
    ]


def test_a_broken_stack_file_does_not_quote_its_token(project, capsys):
    (project / "stacks" / "Pulumi.broken.yaml").write_text(
        f"config:\n  migration:zone: example.com\n  cloudflare:apiToken: {MARKER}\n    bad: indent\n"
    )
    status, out, err = run(["plan", "--stack", "broken"], capsys)
    assert status == 2
    assert MARKER not in out + err
    assert err == (
        f"error: stack broken: {project / 'stacks' / 'Pulumi.broken.yaml'}: not valid YAML at line 4, "
        "column 8: mapping values are not allowed here\n"
    )


def test_errors_do_not_show_the_environment_token(project, monkeypatch, capsys):
    """Errors that would quote the token (it is in a file name or a stack name) show [secret]."""
    monkeypatch.setenv(secrets.TOKEN_ENV, MARKER)
    assert run(["plan", "--source", f"{MARKER}.json", "--zone", "example.com"], capsys) == (
        2,
        "",
        f"error: {project}/[secret].json: no such file (--source)\n",
    )
    assert run(["plan", "--stack", MARKER], capsys) == (
        2,
        "",
        f"error: stack [secret]: no settings file {project}/stacks/Pulumi.[secret].yaml\n",
    )


def test_redact_replaces_longest_values_first_and_ignores_short_ones():
    values = secrets.known_values({secrets.TOKEN_ENV: "abcdefgh12"}, {"cloudflare:apiKey": "abcdefgh"})
    assert values == ["abcdefgh12", "abcdefgh"]
    assert secrets.redact("x abcdefgh12 y abcdefgh z", values) == "x [secret] y [secret] z"
    assert secrets.known_values({secrets.TOKEN_ENV: "short"}) == []


AWS_MARKER = "wJalrXUtnFEMI/K7MDENG"  # the start of AWS's example secret access key


def test_a_credential_line_is_never_quoted(capsys):
    path = CASES / "r-snapshot-path-echoes-secrets" / "deploy.env"
    status, out, err = run(plan_argv(path, "--zone", "example.com"), capsys)
    assert "MARKER" not in out + err
    # The first bad line is named (it was blamed on the second before: its end was read as the next
    # line's); no record reads, so it is no zone file and the other lines are only counted.
    assert (status, err) == (
        2,
        f"error: {path}: line 1: cannot read (the line is not shown: it looks like a credential): Text input is "
        "malformed; no record could be read from the file, so it does not look like a zone file (the 1 other "
        "line(s) that cannot be read are not shown)\n",
    )


def test_the_aws_secret_of_the_environment_is_redacted(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", AWS_MARKER)
    path = tmp_path / "zone.txt"
    path.write_text(f"$ORIGIN example.com.\nwww 300 IN A {AWS_MARKER}\n")
    assert run(plan_argv(path), capsys) == (
        2,
        "",
        f"error: {path}: line 2: cannot read 'www 300 IN A [secret]': Text input is malformed.\n",
    )


@pytest.mark.parametrize(
    "line",
    ["AWS_SESSION_TOKEN=abc", "export MY_API_KEY=abc", "db_password: x", "client-secret abc", "GITHUB_TOKEN=ghp_x"],
)
def test_credential_looking_lines(line):
    from migration.secrets import excerpt

    assert excerpt(line) == "(the line is not shown: it looks like a credential)"


def test_control_characters_are_never_quoted():
    from migration.secrets import excerpt

    assert excerpt("PATH=/bin\x00HOME=/tmp") == (
        "(the line is not shown: it holds control characters, so it is not zone-file or JSON text)"
    )
    assert excerpt("www 300 IN TXT" + " a" * 40) == repr("www 300 IN TXT" + " a" * 23 + "...")


def test_a_private_key_named_as_the_snapshot_is_never_quoted(project, capsys):
    """A private key's lines have no telling name, but its body is long base64 runs."""
    body = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABlwAAAAdzc2gtcn"
    (project / "id_key").write_text(f"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n{body[::-1]}\n")
    status, out, err = run(plan_argv(project / "id_key", "--zone", "example.com"), capsys)
    assert (status, out) == (2, "")
    assert body[:20] not in err and body[::-1][:20] not in err
    # Nothing in it reads as a record: only the first bad line is named, and it is not quoted.
    assert err == (
        f"error: {project / 'id_key'}: line 1: cannot read (the line is not shown: it looks like a credential): "
        "unknown rdatatype 'OPENSSH'; no record could be read from the file, so it does not look like a zone "
        "file (the 2 other line(s) that cannot be read are not shown)\n"
    )
