"""The command line (migration/cli.py): its options and their checks, exit statuses (0 ready, 1 refused,
2 bad input), one error line and no traceback whatever a command is fed.

Commands run in-process through :func:`migration.cli.main` (argparse errors are ``SystemExit(2)``), or
in a process of their own where what the terminal shows is the point."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from migration import cli
from migration.errors import InputError, MigrationError
from migration.settings import from_lookup
from migration.sources import snapshot as snapshot_file
from tests.conftest import BASE, EXPORT, ROOT
from tests.support.cli import plan_argv, plan_process, run


def test_invalid_zone_names(capsys):
    status, _, err = run(["plan", "--source", str(EXPORT), "--zone", "bad..zone"], capsys)
    assert (status, err.splitlines()[-1]) == (
        2,
        "python -m migration plan: error: argument --zone: 'bad..zone' is not a zone name: it has an empty label",
    )
    status, _, err = run(["snapshot", "--zone", "bad..name"], capsys)
    assert (status, err.splitlines()[-1]) == (
        2,
        "python -m migration snapshot: error: argument --zone: 'bad..name' is not a zone name: it has an empty label",
    )
    with pytest.raises(MigrationError) as problem:
        from_lookup(
            "s",
            {
                "zone": "exa mple..com",
                "snapshot": "s.json",
                "cloudflareAccountId": "023e105f4ecef8ad9ca31a8372d0c354",
            }.get,
            ROOT,
        )
    assert str(problem.value) == "stack s: migration:zone: 'exa mple..com' is not a zone name: it has an empty label"


def test_snapshot_into_a_missing_folder(tmp_path, capsys):
    out = tmp_path / "nope" / "x.json"
    assert run(["snapshot", "--zone", "example.com", "-o", str(out)], capsys) == (
        2,
        "",
        f"error: -o {out}: the folder {out.parent} does not exist\n",
    )
    with pytest.raises(InputError) as err:
        snapshot_file.write({}, out)
    assert str(err.value) == f"{out}: cannot write: No such file or directory"


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--concurrency", "0", "0 is out of range; expected a whole number, 1 or more"),
        ("--timeout", "-1", "-1 is out of range; expected seconds above 0"),
        ("--timeout", "inf", "inf is out of range; expected seconds above 0"),
        ("--retries", "-1", "-1 is out of range; expected a whole number, 0 or more"),
    ],
)
def test_verify_numbers_in_range(capsys, option, value, message):
    status, _, err = run(["verify", "--source", str(EXPORT), option, value], capsys)
    assert (status, err.splitlines()[-1]) == (2, f"python -m migration verify: error: argument {option}: {message}")


HINT = "give --hosted-zone-id or take the snapshot with 'python -m migration snapshot'"


def test_readme_export_command_exits_0_and_names_the_option():
    done = subprocess.run(
        [sys.executable, "-m", "migration", "plan", "--source", str(EXPORT.relative_to(ROOT)), "--zone", "example.com"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stderr) == (0, "")
    found = [line.strip() for line in done.stdout.splitlines() if "hosted-zone id" in line]
    needed = (
        "the snapshot has no hosted-zone id, so the Route53 zone is not adopted (it is needed before cut-over "
        f"and decommission); {HINT}"
    )
    # The later phases' warnings are listed with the stack's own, each naming its phase.
    assert found == [
        f"example.com.: {needed}",
        f"example.com. (phase cut-over): cut-over needs a hosted-zone id: {needed}",
        f"example.com. (phase decommission): decommission needs a hosted-zone id: {needed}",
    ]
    assert "BLOCKED" not in done.stdout


def test_explicit_later_phase_without_hosted_zone_id_is_an_error(capsys):
    status, out, _ = run(["plan", "--source", str(EXPORT), "--phase", "cut-over", "--format", "json"], capsys)
    [finding] = [f for f in json.loads(out)["findings"] if f["code"] == "hosted-zone-id-missing"]
    assert (status, finding["severity"], finding["message"]) == (
        1,
        "error",
        "cut-over needs a hosted-zone id: the snapshot has no hosted-zone id, so the Route53 zone is not "
        f"adopted (it is needed before cut-over and decommission); {HINT}",
    )


def test_stack_excludes_source_options(capsys):
    status, _, err = run(["plan", "--stack", "example", "--source", str(EXPORT), "--zone", "example.com"], capsys)
    assert (status, err.splitlines()[-1]) == (
        2,
        "python -m migration plan: error: --stack cannot be combined with --source, --zone: the stack's settings "
        "name the snapshot, zone, hosted-zone id and SES identities",
    )
    status, _, err = run(["verify", "--stack", "example", "--hosted-zone-id", "Z1"], capsys)
    assert (status, err.splitlines()[-1]) == (
        2,
        "python -m migration verify: error: --stack cannot be combined with --hosted-zone-id: the stack's "
        "settings name the snapshot, zone, hosted-zone id and SES identities",
    )


def test_zone_taken_from_the_file(tmp_path, capsys):
    status, out, _ = run(plan_argv(EXPORT, "--format", "json"), capsys)
    assert (status, json.loads(out)["zone"]) == (0, "example.com")
    path = tmp_path / "zone.txt"
    path.write_text("$ORIGIN example.org.\n$TTL 300\nwww IN A 192.0.2.1\n")
    status, out, _ = run(plan_argv(path, "--format", "json"), capsys)
    assert (status, json.loads(out)["zone"]) == (0, "example.org")


def test_unknown_aws_profile_is_a_clear_error_not_a_traceback(tmp_path):
    env = {
        "AWS_PROFILE": "nope",
        "AWS_CONFIG_FILE": str(tmp_path / "config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"),
        "PATH": "/usr/bin:/bin",
    }
    done = subprocess.run(
        [sys.executable, "-m", "migration", "snapshot", "--zone", "example.com"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert (done.returncode, done.stderr) == (
        2,
        "error: The config profile (nope) could not be found: check --profile or AWS_PROFILE against ~/.aws/config\n",
    )


@pytest.mark.parametrize("command", ["plan", "verify"])
def test_source_help_lists_every_input(capsys, command):
    with pytest.raises(SystemExit):
        cli.main([command, "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert (
        "--source SOURCE the zone's record sets from a file: a snapshot ('python -m migration snapshot'), 'aws "
        "route53 list- resource-record-sets' output, raw ListResourceRecordSets API pages, a change batch ('aws "
        "route53 change-resource-record-sets' JSON), a BIND zone file or a 'cli53 export' file"
    ) in help_text


def test_refusal_makes_exit_status_1(tmp_path):
    path = tmp_path / "zone.json"
    path.write_text(
        '{"ResourceRecordSets": [{"Name": "www.example.com.", "Type": "A", "SetIdentifier": "blue", '
        '"Weight": 10, "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}]}'
    )
    done = plan_process(path)
    assert done.returncode == 1
    refused = [line.split() for line in done.stdout.splitlines() if "[blue]" in line]
    assert [line[:5] for line in refused] == [["refused", "www.example.com.", "A", "[blue]:", "weighted"]]


def test_example_stack_plan_exits_0():
    done = subprocess.run(
        [sys.executable, "-m", "migration", "plan", "--stack", "example", "--phase", "mirror"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[:2] == [
        "Migration plan for example.com (stack example, phase mirror)",
        "READY, 4 warnings (below): nothing refused, no errors; review the warnings and the changes, then "
        "'pulumi preview' and 'pulumi up'.",
    ]
    # The 2 stale DKIM selectors are skipped (warnings: TTL, 2 stale selectors, SES's DKIM status).
    assert lines[lines.index("Summary") + 2].split() == ["mirror", "24", "1", "0", "0", "4", "0", "0", "4"]


GARBAGE = bytes(range(256)) * 4


@pytest.mark.parametrize(
    "argv",
    [
        ["plan", "--stack", "junk"],
        ["plan", "--stack", "junk", "--format", "json"],
        ["verify", "--stack", "junk"],
        ["backup", "--stack", "junk"],
        ["inventory", "--stack", "junk", "-o", "inv.json"],
    ],
    ids=["plan", "plan-json", "verify", "backup", "inventory"],
)
def test_every_command_fed_a_garbage_snapshot(project, capsys, argv):
    (project / "export.json").write_bytes(GARBAGE)
    (project / "stacks" / "Pulumi.junk.yaml").write_text(BASE)
    assert run(argv, capsys) == (
        2,
        "",
        f"error: {project / 'export.json'}: not UTF-8 text: byte 129 cannot be "
        "decoded; expected a text file (JSON, YAML or a zone file)\n",
    )


@pytest.mark.parametrize("command", ["plan", "verify", "backup", "inventory"])
def test_every_command_fed_a_garbage_stack_file(project, capsys, command):
    (project / "stacks" / "Pulumi.junk.yaml").write_bytes(b"config: [\x00\x01")
    assert run([command, "--stack", "junk"], capsys) == (
        2,
        "",
        f"error: stack junk: {project / 'stacks' / 'Pulumi.junk.yaml'}: not valid YAML: special characters "
        "are not allowed\n",
    )


def test_verify_fed_a_garbage_stack_output(project, capsys):
    (project / "stacks" / "Pulumi.ok.yaml").write_text(BASE)
    (project / "out.json").write_text('{"cloudflareNameServers": "ada.ns.cloudflare.com"}')
    assert run(["verify", "--stack", "ok", "--stack-output", "out.json"], capsys) == (
        2,
        "",
        "error: out.json: cloudflareNameServers is not a list of host names; expected the JSON of "
        "'pulumi stack output --json' with cloudflareNameServers\n",
    )


def test_snapshot_fed_a_garbage_zone_id(capsys):
    status, out, err = run(["snapshot", "--zone-id", "\x00;rm -rf /"], capsys)
    assert (status, out) == (2, "")
    assert err.splitlines()[-1].startswith("python -m migration snapshot: error: argument --zone-id: ")
