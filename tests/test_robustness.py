"""Bad input found by a fresh user: each gets a clear error naming the file, record set or setting
and the reason, exit status 2 and no traceback; nothing is silently dropped.

Commands run in-process through :func:`migration.cli.main` (argparse errors are ``SystemExit(2)``);
one subprocess run checks that no traceback reaches the terminal.
"""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path

import pytest

from migration import gate_checks
from migration.errors import InputError, MigrationError
from migration.plan import build
from migration.settings import KEYS, Settings, from_lookup
from migration.sources import ses as ses_source
from migration.sources import snapshot as snapshot_file
from migration.stack import plan_for
from tests.conftest import BASE, EXAMPLE, EXPORT, ROOT
from tests.support.cli import run

SES_FILE = EXAMPLE / "sesv2-example.com.json"
IDENTITY = json.loads(SES_FILE.read_text())


def plan_argv(source: Path, *more: str) -> list[str]:
    return ["plan", "--source", str(source), "--phase", "mirror", *more]


def ses_file(tmp_path: Path, change, name: str = "ses.json") -> Path:
    document = copy.deepcopy(IDENTITY)
    change(document)
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


# -- 1. SES identity files


def _set_dkim(key, value):
    return lambda d: d["GetEmailIdentity"]["DkimAttributes"].__setitem__(key, value)


SES_CASES = [
    ("tokens a string", _set_dkim("Tokens", "abc"),
     'the document: GetEmailIdentity.DkimAttributes.Tokens must be a list, not "abc"'),
    ("dkim attributes a string", lambda d: d["GetEmailIdentity"].__setitem__("DkimAttributes", "x"),
     'the document: GetEmailIdentity.DkimAttributes must be an object, not "x"'),
    ("email address", lambda d: d.__setitem__("EmailIdentity", "user@example.com"),
     "the document: 'EmailIdentity' 'user@example.com' is an email address; expected the domain identity (an "
     "email-address identity publishes no DNS records: leave it out)"),
    ("unknown status", _set_dkim("Status", "GREAT"),
     "the document: GetEmailIdentity.DkimAttributes.Status is 'GREAT'; expected one of PENDING, SUCCESS, FAILED, "
     "TEMPORARY_FAILURE, NOT_STARTED"),
    ("bad region", lambda d: d.__setitem__("region", "tokyo"),
     "the document: 'region' 'tokyo' is not an AWS region name such as ap-northeast-1"),
]


@pytest.mark.parametrize("change, message", [c[1:] for c in SES_CASES], ids=[c[0] for c in SES_CASES])
def test_malformed_ses_file_is_refused(tmp_path, capsys, change, message):
    path = ses_file(tmp_path, change)
    assert run(plan_argv(EXPORT, "--ses", str(path)), capsys) == (2, "", f"error: {path}: {message}\n")


def test_every_bad_token_is_named(tmp_path, capsys):
    path = ses_file(tmp_path, _set_dkim("Tokens", [1, "ok", "two words"]))
    assert run(plan_argv(EXPORT, "--ses", str(path)), capsys)[::2] == (2, "\n".join([
        f"error: {path}: 2 problem(s)",
        "  - the document: GetEmailIdentity.DkimAttributes.Tokens item 1 must be a DKIM token or selector (one DNS "
        "label: letters, digits, '-', '_'), not 1",
        "  - the document: GetEmailIdentity.DkimAttributes.Tokens item 3 must be a DKIM token or selector (one DNS "
        "label: letters, digits, '-', '_'), not \"two words\"",
    ]) + "\n")


def test_identity_given_twice_counts_once(tmp_path):
    twice = tmp_path / "twice.json"
    twice.write_text(json.dumps([IDENTITY, IDENTITY]))
    data = ses_source.read_files([twice, SES_FILE])
    assert [(i.domain.to_text(), i.region) for i in data.identities] == [("example.com.", "ap-northeast-1")]
    # The stale selectors are named once, by one SES region.
    plan = build(Settings("t", "example.com", ROOT, "Z1", "acct"), snapshot_file.read(EXPORT), ses=data)
    stale = [o.reason for o in plan.translation.outcomes if "stale" in o.reason]
    assert stale == [
        "stale DKIM selector: SES (ap-northeast-1) does not list token ccq1bhfebt63c0po7dea3ktwgtjxs55s; not copied, "
        "deleted with the Route53 zone",
        "stale DKIM selector: SES (ap-northeast-1) does not list token d89h6vlav66kiwcdhbq5hb7uon3n9jhu; not copied, "
        "deleted with the Route53 zone",
    ]


def test_identity_given_twice_differently_is_refused(tmp_path):
    other = copy.deepcopy(IDENTITY)
    other["GetEmailIdentity"]["DkimAttributes"]["Tokens"] = ["abc"]
    path = tmp_path / "twice.json"
    path.write_text(json.dumps([IDENTITY, other]))
    with pytest.raises(InputError) as err:
        ses_source.read_files([path])
    assert str(err.value) == (f"{path}: entry 2: example.com in ap-northeast-1 is also entry 1, with different "
                              "content: keep one")
    single = ses_file(tmp_path, _set_dkim("Tokens", ["abc"]), "other.json")
    with pytest.raises(InputError) as err:
        ses_source.read_files([SES_FILE, single])
    assert str(err.value) == (f"{single}: example.com in ap-northeast-1 is also in {SES_FILE}, with different "
                              "content: keep one")


def test_identity_outside_the_zone_is_a_warning(tmp_path):
    path = ses_file(tmp_path, lambda d: d.__setitem__("EmailIdentity", "example.org"))
    settings = Settings("(none)", "example.com", EXPORT, "Z1", "acct", ses_identities=(path,))
    # Made by the plan itself (migration.email), so the program and every caller of build see it.
    plan = build(settings, snapshot_file.read(EXPORT), ses=ses_source.read_files([path]))
    [finding] = [f for f in plan.findings if f.code == "ses-identity-outside-zone"]
    assert (finding.severity, finding.subject, finding.message) == (
        "warning", "example.org",
        f"the SES identity example.org ({path} (ap-northeast-1)) does not cover the zone example.com: it is neither "
        "example.com nor a name under it, so it checks none of the zone's email records")


# -- 2. BIND zone files


@pytest.mark.parametrize("text", [
    "$ORIGIN example.com.\n$TTL 300\nwww IN A 192.0.2.1\nwww.example.org. IN A 192.0.2.1\n",
    "$ORIGIN example.com.\n$TTL 300\nmail IN A 192.0.2.2\n$ORIGIN example.org.\nwww IN A 192.0.2.1\n",
], ids=["absolute name", "second $ORIGIN"])
def test_zone_file_name_outside_the_zone_is_refused(tmp_path, capsys, text):
    path = tmp_path / "zone.txt"
    path.write_text(text)
    assert run(plan_argv(path), capsys) == (
        2, "", f"error: {path}: www.example.org. A: the name is outside the zone example.com.\n")


def test_zone_file_syntax_error_names_file_and_line(tmp_path, capsys):
    path = tmp_path / "zone.txt"
    path.write_text("$ORIGIN example.com.\n$TTL 300\nwww IN A 192.0.2.1\n\nbad IN A 999.0.2.1\nok IN A 192.0.2.3\n")
    assert run(plan_argv(path), capsys) == (
        2, "", f"error: {path}: line 5: cannot read 'bad IN A 999.0.2.1': Text input is malformed.\n")


def test_zone_file_keeps_owner_less_first_line_at_the_apex(tmp_path):
    path = tmp_path / "zone.txt"
    path.write_text("$TTL 300\n  IN A 192.0.2.9\nwww IN A 192.0.2.1\n")
    snap = snapshot_file.read(path, zone="example.com")
    assert [(rs.name.to_text(), rs.rtype) for rs in snap.record_sets] == [("example.com.", "A"),
                                                                         ("www.example.com.", "A")]


# -- 3. tracebacks turned into errors


def test_invalid_zone_names(capsys):
    status, _, err = run(["plan", "--source", str(EXPORT), "--zone", "bad..zone"], capsys)
    assert (status, err.splitlines()[-1]) == (
        2, "python -m migration plan: error: argument --zone: 'bad..zone' is not a zone name: it has an empty label")
    status, _, err = run(["snapshot", "--zone", "bad..name"], capsys)
    assert (status, err.splitlines()[-1]) == (
        2, "python -m migration snapshot: error: argument --zone: 'bad..name' is not a zone name: it has an empty label")
    with pytest.raises(MigrationError) as problem:
        from_lookup("s", {"zone": "exa mple..com", "snapshot": "s.json", "cloudflareAccountId": "a"}.get, ROOT)
    assert str(problem.value) == "stack s: migration:zone: 'exa mple..com' is not a zone name: it has an empty label"


METADATA = [
    ("zone", 5, "zone: a zone name must be a string, not 5"),
    ("tags", [1, 2], "tags must be an object of string values, not [1, 2]"),
    ("nameServers", "abc", 'nameServers must be a list of host names, not "abc"'),
    ("hostedZoneId", ["Z1"], 'hostedZoneId must be a string, not ["Z1"]'),
    ("snapshotVersion", 99, "snapshotVersion 99 is not one this tool reads (1): take the snapshot again with this "
                            "version of 'python -m migration snapshot'"),
]


@pytest.mark.parametrize("key, value, message", METADATA, ids=[m[0] for m in METADATA])
def test_snapshot_metadata_of_the_wrong_type(tmp_path, capsys, key, value, message):
    document = {**json.loads(EXPORT.read_text()), key: value}
    path = tmp_path / "snap.json"
    path.write_text(json.dumps(document))
    assert run(plan_argv(path, "--zone", "example.com"), capsys) == (2, "", f"error: {path}: {message}\n")




def stack(project: Path, text: str) -> Path:
    path = project / "stacks" / "Pulumi.s.yaml"
    path.write_text(text)
    return path


@pytest.mark.parametrize("text, what", [("config:\n  - a\n", "its config:"), ("- a\n", "its top level")])
def test_stack_file_of_the_wrong_shape(project, capsys, text, what):
    path = stack(project, text)
    assert run(["plan", "--stack", "s"], capsys) == (
        2, "", f"error: stack s: {path}: {what} must be a mapping of settings (config: followed by 'migration:zone: "
               "...' lines), not a list\n")


def test_snapshot_into_a_missing_folder(tmp_path, capsys):
    out = tmp_path / "nope" / "x.json"
    assert run(["snapshot", "--zone", "example.com", "-o", str(out)], capsys) == (
        2, "", f"error: -o {out}: the folder {out.parent} does not exist\n")
    with pytest.raises(InputError) as err:
        snapshot_file.write({}, out)
    assert str(err.value) == f"{out}: cannot write: No such file or directory"


def test_gates_without_a_hosted_zone_id_fail_and_say_why():
    plan = plan_for(Settings("s", "example.com", EXPORT, None, "a", phase="cut-over"), run_gates=False)
    with pytest.raises(MigrationError) as err:
        gate_checks.signing(plan)
    assert str(err.value) == ("the snapshot has no hosted-zone id to ask Route53 about: set migration:hostedZoneId "
                              "or take the snapshot with 'python -m migration snapshot'")
    gate = gate_checks._checked("snapshot", lambda: gate_checks.snapshot_gate(plan))
    assert (gate.passed, gate.message()) == (
        False, "gate snapshot FAILED: could not be checked: the snapshot has no hosted-zone id to ask Route53 about: "
               "set migration:hostedZoneId or take the snapshot with 'python -m migration snapshot'")


# -- 4. and 5. stack keys: every problem at once, unknown keys named


def test_every_key_checked_and_unknown_keys_named(project, capsys):
    stack(project, BASE + "  migration:hostedZoneId: 12345\n  migration:proxy: [www.example.com]\n"
                          "  migration:unknownKey: 1\n  aws:region: eu-west-1\n")
    assert KEYS[:4] == ("zone", "snapshot", "hostedZoneId", "cloudflareAccountId")
    assert run(["plan", "--stack", "s"], capsys) == (2, "", (
        "error: stack s: migration:proxy is not a known key; did you mean migration:proxied?; migration:unknownKey is "
        f"not a known key; the known migration: keys are {', '.join(KEYS)}; "
        "migration:hostedZoneId must be a string, not int\n"))


def test_hosted_zone_id_checked_alone():
    with pytest.raises(MigrationError) as err:
        from_lookup("s", {"zone": "example.com", "snapshot": "s.json", "cloudflareAccountId": "a",
                          "hostedZoneId": 12345}.get, ROOT)
    assert str(err.value) == "stack s: migration:hostedZoneId must be a string, not int"


# -- 6. verify's numbers


@pytest.mark.parametrize("option, value, message", [
    ("--concurrency", "0", "0 is out of range; expected a whole number, 1 or more"),
    ("--timeout", "-1", "-1 is out of range; expected seconds above 0"),
    ("--timeout", "inf", "inf is out of range; expected seconds above 0"),
    ("--retries", "-1", "-1 is out of range; expected a whole number, 0 or more"),
])
def test_verify_numbers_in_range(capsys, option, value, message):
    status, _, err = run(["verify", "--source", str(EXPORT), option, value], capsys)
    assert (status, err.splitlines()[-1]) == (2, f"python -m migration verify: error: argument {option}: {message}")


# -- 7. the README's "any export, no stack" command


HINT = "give --hosted-zone-id or take the snapshot with 'python -m migration snapshot'"


def test_readme_export_command_exits_0_and_names_the_option():
    done = subprocess.run([sys.executable, "-m", "migration", "plan", "--source", str(EXPORT.relative_to(ROOT)),
                           "--zone", "example.com"], cwd=ROOT, capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (0, "")
    found = [line.strip() for line in done.stdout.splitlines() if "hosted-zone id" in line]
    needed = "the snapshot has no hosted-zone id, so the Route53 zone is not adopted (it is needed before cut-over " \
             f"and decommission); {HINT}"
    # The later phases' warnings are listed with the stack's own, each naming its phase.
    assert found == [f"example.com.: {needed}", f"example.com. (phase cut-over): cut-over needs a hosted-zone id: {needed}",
                     f"example.com. (phase decommission): decommission needs a hosted-zone id: {needed}"]
    assert "BLOCKED" not in done.stdout


def test_explicit_later_phase_without_hosted_zone_id_is_an_error(capsys):
    status, out, _ = run(["plan", "--source", str(EXPORT), "--phase", "cut-over", "--format", "json"], capsys)
    [finding] = [f for f in json.loads(out)["findings"] if f["code"] == "hosted-zone-id-missing"]
    assert (status, finding["severity"], finding["message"]) == (
        1, "error", "cut-over needs a hosted-zone id: the snapshot has no hosted-zone id, so the Route53 zone is not "
                    f"adopted (it is needed before cut-over and decommission); {HINT}")


# -- 8. --stack or --source; --zone only when the file does not name it


def test_stack_excludes_source_options(capsys):
    status, _, err = run(["plan", "--stack", "example", "--source", str(EXPORT), "--zone", "example.com"], capsys)
    assert (status, err.splitlines()[-1]) == (
        2, "python -m migration plan: error: --stack cannot be combined with --source, --zone: the stack's settings "
           "name the snapshot, zone, hosted-zone id and SES identities")
    status, _, err = run(["verify", "--stack", "example", "--hosted-zone-id", "Z1"], capsys)
    assert (status, err.splitlines()[-1]) == (
        2, "python -m migration verify: error: --stack cannot be combined with --hosted-zone-id: the stack's "
           "settings name the snapshot, zone, hosted-zone id and SES identities")


def test_zone_taken_from_the_file(tmp_path, capsys):
    status, out, _ = run(plan_argv(EXPORT, "--format", "json"), capsys)
    assert (status, json.loads(out)["zone"]) == (0, "example.com")
    path = tmp_path / "zone.txt"
    path.write_text("$ORIGIN example.org.\n$TTL 300\nwww IN A 192.0.2.1\n")
    status, out, _ = run(plan_argv(path, "--format", "json"), capsys)
    assert (status, json.loads(out)["zone"]) == (0, "example.org")


# -- 9. backup


def test_backup_without_hosted_zone_id(project, capsys):
    stack(project, BASE)
    assert run(["backup", "--stack", "s"], capsys) == (2, "", (
        f"error: {project / 'export.json'}: no hosted-zone id: a backup is of one Route53 hosted zone and its folder "
        "is backups/<zone>-<hosted-zone id>/; set migration:hostedZoneId or take the snapshot with "
        "'python -m migration snapshot'\n"))
    assert not (project / "backups").exists()


def test_unknown_aws_profile_is_a_clear_error_not_a_traceback(tmp_path):
    env = {"AWS_PROFILE": "nope", "AWS_CONFIG_FILE": str(tmp_path / "config"),
           "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "credentials"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-m", "migration", "snapshot", "--zone", "example.com"], cwd=ROOT,
                          env=env, capture_output=True, text=True)
    assert (done.returncode, done.stderr) == (
        2, "error: The config profile (nope) could not be found: check --profile or AWS_PROFILE against ~/.aws/config\n")


def test_unknown_aws_profile_leaves_ses_unchecked_not_failed(monkeypatch, tmp_path):
    """The plan still works without SES access (issue 4): a profile that does not exist is an
    SES problem listed in the plan, not an exception."""
    import dns.name

    from migration.sources import ses

    monkeypatch.setenv("AWS_PROFILE", "nope")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    data = ses.read_live([dns.name.from_text("example.com.")], ["ap-northeast-1"])
    assert data.problems == ("SES in ap-northeast-1 cannot be read: The config profile (nope) could not be found: "
                             "check --profile or AWS_PROFILE against ~/.aws/config",)
    assert data.identities == () and data.checked == frozenset()


def test_zone_file_error_on_the_last_line_names_that_line(tmp_path, capsys):
    """dnspython reports a string over 255 bytes after reading past the line's end; the line is
    quoted shortened (:func:`migration.secrets.excerpt`)."""
    path = tmp_path / "zone.txt"
    long_string = "a" * 256
    path.write_text(f'$ORIGIN example.com.\n$TTL 300\nt 300 IN TXT "{long_string}"\n\n')
    assert run(plan_argv(path), capsys) == (
        2, "", f"error: {path}: line 3: cannot read 't 300 IN TXT \"{long_string[:46]}...': string too long\n")
