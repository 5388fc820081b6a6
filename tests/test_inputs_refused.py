"""Inputs are complete or refused (issue 14): every bad line at once, a DELETE that does not match
is refused, only regular files of bounded size are read, no error quotes a credential, a key
written twice in a stack file is named with both lines, nesting bombs end in one clear line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from migration import program
from migration.errors import InputError
from migration.sources import bind, files
from tests.conftest import BASE, DATA, ROOT
from tests.support.cli import run
from tests.support.pulumi_mocks import run_under_mocks

CASES = DATA / "cases"
AWS_MARKER = "wJalrXUtnFEMI/K7MDENG"  # the start of AWS's example secret access key


def plan(source: Path, *more: str) -> list[str]:
    return ["plan", "--source", str(source), "--phase", "mirror", *more]


# -- 6. every bad line of a zone file in one run


def test_every_bad_line_of_a_zone_file_is_reported(capsys):
    path = CASES / "r-bind-first-error-only" / "bad.zone"
    assert run(plan(path), capsys) == (2, "", (
        f"error: {path}: 3 problem(s)\n"
        "  - line 5: cannot read 'www 300 IN A 999.1.1.1': Text input is malformed.\n"
        "  - line 6: cannot read 'mx 300 IN MX mail': expecting an integer\n"
        "  - line 7: cannot read 'srv 300 IN SRV 1 2 x': expecting an integer\n"))


def test_reading_resumes_with_the_origin_ttl_and_owner_kept():
    """After a bad line the reader goes on as it was: a later ``$ORIGIN`` still applies, a good
    line gives no problem, a bad line inside parentheses is one problem, not one per line."""
    text = ("$ORIGIN example.com.\n$TTL 300\n"
            "@ SOA ns1 host ( 1 7200\n  900 x 86400 )\n"   # lines 3-4: one bad SOA
            "www A 999.1.1.1\n"                                # 5
            "ok A 192.0.2.1\n"                                 # 6: fine
            "$ORIGIN example.org.\n"
            "stray A 192.0.2.2\n"                              # 8: outside the zone, named as such
            "bad TXT \"open\n")                                # 9: quote never closed
    with pytest.raises(InputError) as caught:
        bind.record_sets_from_text(text, bind.dns.name.from_text("example.com."), "z.txt")
    assert caught.value.problems == [
        "line 4: cannot read '900 x 86400 )': DNS TTL value is not well-formed.",
        "line 5: cannot read 'www A 999.1.1.1': Text input is malformed.",
        "line 9: cannot read 'bad TXT \"open': newline in quoted string",
        "stray.example.org. A: the name is outside the zone example.com.",
    ]


# -- 2. a change-batch DELETE must match the record set


def test_a_delete_whose_values_differ_is_refused(capsys):
    path = CASES / "r-changebatch-delete-mismatch" / "changes.json"
    assert run(plan(path, "--zone", "example.com"), capsys) == (2, "", (
        f"error: {path}: batch 1, change 3: DELETE www.example.com. A: does not match the record set it would "
        'delete (values ["203.0.113.9"], not ["192.0.2.1"]); Route53 refuses such a batch (InvalidChangeBatch)\n'))


def _batch(*changes):
    return {"Changes": [{"Action": action, "ResourceRecordSet": raw} for action, raw in changes]}


A = {"Name": "www.example.com.", "Type": "A", "TTL": 300, "ResourceRecords": [{"Value": "192.0.2.1"},
                                                                               {"Value": "192.0.2.2"}]}
ALIAS = {"Name": "a.example.com.", "Type": "A",
         "AliasTarget": {"HostedZoneId": "Z2FDTNDATAQYW2", "DNSName": "d1.cloudfront.net.", "EvaluateTargetHealth": False}}


@pytest.mark.parametrize("deleted, why", [
    ({**A, "TTL": 60}, "TTL 60, not 300"),
    ({**A, "ResourceRecords": [{"Value": "192.0.2.1"}]}, 'values ["192.0.2.1"], not ["192.0.2.1", "192.0.2.2"]'),
    ({**A, "Weight": 1, "SetIdentifier": None}, "Weight 1, not none"),
])
def test_a_delete_must_repeat_ttl_values_and_routing(deleted, why):
    from migration.sources.changebatch import raw_record_sets

    with pytest.raises(InputError) as caught:
        raw_record_sets(_batch(("CREATE", A), ("DELETE", deleted)), "f.json")
    assert caught.value.problems == [f"batch 1, change 2: DELETE www.example.com. A: does not match the record set "
                                     f"it would delete ({why}); Route53 refuses such a batch (InvalidChangeBatch)"]


def test_a_delete_that_matches_removes_the_record_set():
    from migration.sources.changebatch import raw_record_sets

    reordered = {**A, "ResourceRecords": A["ResourceRecords"][::-1]}
    alias_spelt_otherwise = {**ALIAS, "AliasTarget": {**ALIAS["AliasTarget"], "DNSName": "D1.cloudfront.net"}}
    kept = {**A, "Name": "kept.example.com."}
    assert raw_record_sets(_batch(("CREATE", A), ("CREATE", ALIAS), ("CREATE", kept), ("DELETE", reordered),
                                  ("DELETE", alias_spelt_otherwise)), "f.json") == [kept]


# -- 6. a key written twice in a stack file


def test_a_key_given_twice_in_a_stack_file_names_both_lines(project, capsys):
    (project / "stacks" / "Pulumi.dup.yaml").write_text((CASES / "r-yaml-duplicate-keys" / "Pulumi.dup.yaml").read_text())
    path = project / "stacks" / "Pulumi.dup.yaml"
    assert run(["plan", "--stack", "dup", "--format", "json"], capsys) == (2, "", (
        f"error: stack dup: {path}: migration:phase is given twice, at line 7 and at line 8: keep one "
        "(the last would win silently)\n"))


def test_every_key_given_twice_is_named_at_any_depth(project, capsys):
    (project / "stacks" / "Pulumi.dup.yaml").write_text(
        BASE + "  migration:zone: example.org\n  migration:routing:\n    www.example.com: {union: true, union: false}\n")
    status, out, err = run(["plan", "--stack", "dup"], capsys)
    assert (status, out) == (2, "")
    assert err.splitlines()[1:] == [
        "  - migration:zone is given twice, at line 2 and at line 5: keep one (the last would win silently)",
        "  - union is given twice, at line 7 and at line 7: keep one (the last would win silently)"]


# -- 4. only regular files of bounded size


def test_a_snapshot_setting_naming_a_kernel_file_is_refused_before_it_is_read(project, capsys, monkeypatch):
    """Even where files outside the project are allowed."""
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", AWS_MARKER)
    monkeypatch.setenv("MIGRATION_ALLOW_FILES_OUTSIDE_PROJECT", "1")
    (project / "stacks" / "Pulumi.environ.yaml").write_text(BASE.replace("export.json", "/proc/self/environ"))
    status, out, err = run(["plan", "--stack", "environ"], capsys)
    assert (status, out, err) == (2, "", "error: /proc/self/environ: a kernel file under /proc, not a file of "
                                         "the project\n".replace("/proc/self", f"/proc/{os.getpid()}"))


@pytest.mark.parametrize("make, why", [
    (lambda tmp: tmp, "not a regular file (a directory); expected a file"),
    (lambda tmp: Path("/dev/null"), "not a regular file (a character device); expected a file"),
    (lambda tmp: (os.mkfifo(tmp / "fifo"), tmp / "fifo")[1], "not a regular file (a named pipe); expected a file"),
])
def test_only_regular_files_are_read(tmp_path, capsys, make, why):
    path = make(tmp_path)
    assert run(plan(path, "--zone", "example.com"), capsys) == (2, "", f"error: {path}: {why}\n")


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 1000)
    path = tmp_path / "big.json"
    path.write_text(" " * 1001)
    assert run(plan(path, "--zone", "example.com"), capsys) == (
        2, "", f"error: {path}: 1,001 bytes, over the limit of 1,000 bytes for a file this tool reads\n")


def test_a_file_that_is_not_utf8_is_named(tmp_path, capsys):
    path = tmp_path / "zone.txt"
    path.write_bytes(b"$ORIGIN example.com.\n\xff\n")
    assert run(plan(path), capsys) == (2, "", f"error: {path}: not UTF-8 text: byte 22 cannot be decoded; expected "
                                              "a text file (JSON, YAML or a zone file)\n")


# -- 5. no error quotes a credential


def test_a_credential_line_is_never_quoted(capsys):
    path = CASES / "r-snapshot-path-echoes-secrets" / "deploy.env"
    status, out, err = run(plan(path, "--zone", "example.com"), capsys)
    assert "MARKER" not in out + err
    assert (status, err) == (2, f"error: {path}: line 2: cannot read (the line is not shown: it looks like a "
                                "credential): Text input is malformed.\n")


def test_the_aws_secret_of_the_environment_is_redacted(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", AWS_MARKER)
    path = tmp_path / "zone.txt"
    path.write_text(f"$ORIGIN example.com.\nwww 300 IN A {AWS_MARKER}\n")
    assert run(plan(path), capsys) == (2, "", f"error: {path}: line 2: cannot read 'www 300 IN A [secret]': "
                                              "Text input is malformed.\n")


@pytest.mark.parametrize("line", ["AWS_SESSION_TOKEN=abc", "export MY_API_KEY=abc", "db_password: x",
                                  "client-secret abc", "GITHUB_TOKEN=ghp_x"])
def test_credential_looking_lines(line):
    from migration.secrets import excerpt

    assert excerpt(line) == "(the line is not shown: it looks like a credential)"


def test_control_characters_are_never_quoted():
    from migration.secrets import excerpt

    assert excerpt("PATH=/bin\x00HOME=/tmp") == ("(the line is not shown: it holds control characters, so it is not "
                                                "zone-file or JSON text)")
    assert excerpt("www 300 IN TXT" + " a" * 40) == repr("www 300 IN TXT" + " a" * 23 + "...")


def test_the_pulumi_program_redacts_its_errors(project, monkeypatch):
    """The program raises the reading error with the same redaction as the command line."""
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", "CFENVMARKER-0123456789")
    (project / "zone.txt").write_text("$ORIGIN example.com.\nwww 300 IN A CFENVMARKER-0123456789\n")
    config = {"migration:zone": "example.com", "migration:snapshot": "zone.txt", "migration:cloudflareAccountId": "a"}
    with pytest.raises(InputError) as caught:
        run_under_mocks(program.run, config=config)
    assert str(caught.value) == f"{project / 'zone.txt'}: line 2: cannot read 'www 300 IN A [secret]': Text input is malformed."


# -- 3. nesting bombs and huge documents end in one clear line


DEEP = "[" * 100000 + "]" * 100000


def test_deeply_nested_json_is_refused_in_one_line(tmp_path):
    """In a process of its own (case r-json-deep-nesting): exit status 2 and one line, no traceback."""
    path = tmp_path / "deep.json"
    path.write_text(DEEP)
    done = subprocess.run([sys.executable, "-m", "migration", *plan(path, "--zone", "example.com")],
                          cwd=ROOT, capture_output=True, text=True)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", (
        f"error: {path}: not valid JSON: nested too deeply (more than 64 levels); expected the JSON that "
        "'aws route53 list-resource-record-sets' prints\n"))


@pytest.mark.parametrize("setting, name", [("snapshot", "export.json"), ("sesIdentities", "ses.json"),
                                           ("inventory", "inventory.json"), ("cloudflareExisting", "cf.json")])
def test_nesting_bombs_in_every_json_file_are_refused(project, capsys, setting, name):
    (project / name).write_text("[" * 65 + "]" * 65 if setting != "snapshot" else DEEP)
    value = f"[{name}]" if setting == "sesIdentities" else name
    stack = BASE if setting == "snapshot" else BASE + f"  migration:{setting}: {value}\n"
    (project / "stacks" / "Pulumi.deep.yaml").write_text(stack)
    assert run(["plan", "--stack", "deep"], capsys) == (
        2, "", f"error: {project / name}: not valid JSON: nested too deeply (more than 64 levels); expected " + {
            "snapshot": "the JSON that 'aws route53 list-resource-record-sets' prints",
            "sesIdentities": "the JSON that 'aws sesv2 get-email-identity' prints",
            "inventory": "the inventory file that 'python -m migration inventory' writes",
            "cloudflareExisting": "the JSON of Cloudflare's GET /zones/{zone_id}/dns_records"}[setting] + "\n")


def test_a_yaml_alias_inside_its_own_anchor_is_refused(project, capsys):
    (project / "stacks" / "Pulumi.loop.yaml").write_text(BASE + "  migration:proxied: &a [*a]\n")
    assert run(["plan", "--stack", "loop"], capsys) == (
        2, "", f"error: stack loop: {project / 'stacks' / 'Pulumi.loop.yaml'}: not valid YAML: nested too deeply "
               "(more than 64 levels)\n")


def test_json_depth_is_measured_without_recursion():
    deep: list = []
    for _ in range(100000):
        deep = [deep]
    assert files.depth(deep) == 100001
    assert files.depth(json.loads('{"a": [1, {"b": []}]}')) == 4


# -- 3. every command, fed garbage: one line naming the file, exit status 2

GARBAGE = bytes(range(256)) * 4


@pytest.mark.parametrize("argv", [["plan", "--stack", "junk"], ["plan", "--stack", "junk", "--format", "json"],
                                  ["verify", "--stack", "junk"], ["backup", "--stack", "junk"],
                                  ["inventory", "--stack", "junk", "-o", "inv.json"]],
                         ids=["plan", "plan-json", "verify", "backup", "inventory"])
def test_every_command_fed_a_garbage_snapshot(project, capsys, argv):
    (project / "export.json").write_bytes(GARBAGE)
    (project / "stacks" / "Pulumi.junk.yaml").write_text(BASE)
    assert run(argv, capsys) == (2, "", f"error: {project / 'export.json'}: not UTF-8 text: byte 129 cannot be "
                                        "decoded; expected a text file (JSON, YAML or a zone file)\n")


@pytest.mark.parametrize("command", ["plan", "verify", "backup", "inventory"])
def test_every_command_fed_a_garbage_stack_file(project, capsys, command):
    (project / "stacks" / "Pulumi.junk.yaml").write_bytes(b"config: [\x00\x01")
    assert run([command, "--stack", "junk"], capsys) == (
        2, "", f"error: stack junk: {project / 'stacks' / 'Pulumi.junk.yaml'}: not valid YAML: special characters "
               "are not allowed\n")


def test_verify_fed_a_garbage_stack_output(project, capsys):
    (project / "stacks" / "Pulumi.ok.yaml").write_text(BASE)
    (project / "out.json").write_text('{"cloudflareNameServers": "ada.ns.cloudflare.com"}')
    assert run(["verify", "--stack", "ok", "--stack-output", "out.json"], capsys) == (
        2, "", "error: out.json: cloudflareNameServers is not a list of host names; expected the JSON of "
               "'pulumi stack output --json' with cloudflareNameServers\n")


def test_snapshot_fed_a_garbage_zone_id(capsys):
    status, out, err = run(["snapshot", "--zone-id", "\x00;rm -rf /"], capsys)
    assert (status, out) == (2, "")
    assert err.splitlines()[-1].startswith("python -m migration snapshot: error: argument --zone-id: ")


# -- 1. a file of pages that is not whole is refused


PAGE = {"ResourceRecordSets": [{"Name": "example.com.", "Type": "NS", "TTL": 300,
                                "ResourceRecords": [{"Value": "ns-1.awsdns-1.org."}]}]}


@pytest.mark.parametrize("document, why", [
    ([PAGE, {**PAGE, "IsTruncated": True, "NextRecordName": "www.example.com.", "NextRecordType": "A"}],
     "page 2 is truncated (IsTruncated; the next record set is www.example.com. A) but no page follows it"),
    ([{**PAGE, "IsTruncated": True}, PAGE], "page 1 is truncated (IsTruncated) but gives no NextRecordName"),
    ({**PAGE, "IsTruncated": True, "NextRecordName": "www.example.com.", "NextRecordType": "A"},
     "the document is truncated (IsTruncated; the next record set is www.example.com. A) but no page follows it"),
    ({**PAGE, "NextToken": "eyJTdGFydFJlY29yZE5hbWUiOiBudWxsfQ=="},
     "the document has a NextToken (the aws CLI stopped at --max-items)"),
])
def test_a_file_of_pages_that_is_not_whole_is_refused(tmp_path, capsys, document, why):
    path = tmp_path / "pages.json"
    path.write_text(json.dumps(document))
    assert run(plan(path, "--zone", "example.com"), capsys) == (
        2, "", f"error: {path}: {why}: the listing is not whole; save every page\n")


def test_a_private_key_named_as_the_snapshot_is_never_quoted(project, capsys):
    """A private key's lines have no telling name, but its body is long base64 runs."""
    body = "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABlwAAAAdzc2gtcn"
    (project / "id_key").write_text(f"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n{body[::-1]}\n")
    status, out, err = run(plan(project / "id_key", "--zone", "example.com"), capsys)
    assert (status, out) == (2, "")
    assert body[:20] not in err and body[::-1][:20] not in err
    assert "line 2: cannot read (the line is not shown: it holds a long token that may be a key)" in err


def test_a_stack_naming_a_file_outside_the_project_is_refused(project, capsys, monkeypatch, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "zone.json"
    outside.write_text((project / "export.json").read_text())
    (project / "link.json").symlink_to(outside)
    (project / "stacks" / "Pulumi.out.yaml").write_text(
        BASE.replace("export.json", str(outside)) + "  migration:inventory: link.json\n")
    assert run(["plan", "--stack", "out"], capsys) == (2, "", (
        f"error: stack out: migration:snapshot: '{outside}' is outside the project folder {project}: the files a stack "
        "names stay in the project (set MIGRATION_ALLOW_FILES_OUTSIDE_PROJECT=1 in the environment to allow it); "
        f"migration:inventory: 'link.json' is outside the project folder {project}: the files a stack names stay in "
        "the project (set MIGRATION_ALLOW_FILES_OUTSIDE_PROJECT=1 in the environment to allow it)\n"))
    monkeypatch.setenv("MIGRATION_ALLOW_FILES_OUTSIDE_PROJECT", "1")
    (project / "stacks" / "Pulumi.out.yaml").write_text(BASE.replace("export.json", str(outside)))
    status, out, err = run(["plan", "--stack", "out", "--phase", "mirror"], capsys)
    assert status == 0 and "Record sets" in out


@pytest.mark.parametrize("key, value, why", [
    ("proxied", "[www.example.com", "not valid JSON: Expecting value at line 1 column 2"),
    ("routing", "[" * 100 + "]" * 100, "not valid JSON: nested too deeply (more than 64 levels); expected a list or "
                                       "a mapping (Pulumi's JSON of a structured value)"),
])
def test_the_pulumi_program_refuses_a_structured_setting_that_is_not_json(project, key, value, why):
    config = {"migration:zone": "example.com", "migration:snapshot": "export.json", "migration:cloudflareAccountId": "a",
              f"migration:{key}": value}
    with pytest.raises(InputError) as caught:
        run_under_mocks(program.run, config=config)
    assert str(caught.value) == f"migration:{key}: {why}"
