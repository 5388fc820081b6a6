"""Reading the files users hand the planner (migration/sources/files.py): only regular files of
bounded size, UTF-8 text, JSON and YAML of bounded nesting; one error line naming the file."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from migration.sources import files
from tests.conftest import BASE
from tests.support.cli import STACK_JSON_FILES, named_in_errors, plan_argv, plan_process, run


def test_missing_file(tmp_path):
    done = plan_process(tmp_path / "nope.json")
    assert (done.returncode, done.stderr) == (2, f"error: {tmp_path / 'nope.json'}: no such file (--source)\n")


AWS_MARKER = "wJalrXUtnFEMI/K7MDENG"  # the start of AWS's example secret access key


def test_a_snapshot_setting_naming_a_kernel_file_is_refused_before_it_is_read(project, capsys, monkeypatch):
    """Even where files outside the project are allowed."""
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", AWS_MARKER)
    monkeypatch.setenv("MIGRATION_ALLOW_FILES_OUTSIDE_PROJECT", "1")
    (project / "stacks" / "Pulumi.environ.yaml").write_text(BASE.replace("export.json", "/proc/self/environ"))
    status, out, err = run(["plan", "--stack", "environ"], capsys)
    assert (status, out, err) == (
        2,
        "",
        "error: /proc/self/environ: a kernel file under /proc, not a file of the project (migration:snapshot)\n".replace(
            "/proc/self", f"/proc/{os.getpid()}"
        ),
    )


@pytest.mark.parametrize(
    "make, why",
    [
        (lambda tmp: tmp, "not a regular file (a directory); expected a file"),
        (lambda tmp: Path("/dev/null"), "not a regular file (a character device); expected a file"),
        (lambda tmp: (os.mkfifo(tmp / "fifo"), tmp / "fifo")[1], "not a regular file (a named pipe); expected a file"),
    ],
)
def test_only_regular_files_are_read(tmp_path, capsys, make, why):
    path = make(tmp_path)
    assert run(plan_argv(path, "--zone", "example.com"), capsys) == (2, "", f"error: {path}: {why} (--source)\n")


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 1000)
    path = tmp_path / "big.json"
    path.write_text(" " * 1001)
    assert run(plan_argv(path, "--zone", "example.com"), capsys) == (
        2,
        "",
        f"error: {path}: 1,001 bytes, over the limit of 1,000 bytes for a file this tool reads (--source)\n",
    )


def test_a_file_that_is_not_utf8_is_named(tmp_path, capsys):
    path = tmp_path / "zone.txt"
    path.write_bytes(b"$ORIGIN example.com.\n\xff\n")
    assert run(plan_argv(path), capsys) == (
        2,
        "",
        f"error: {path}: not UTF-8 text: byte 22 cannot be decoded; expected a text file (JSON, YAML or a zone file)\n",
    )


DEEP = "[" * 100000 + "]" * 100000


def test_deeply_nested_json_is_refused_in_one_line(tmp_path):
    """In a process of its own (case r-json-deep-nesting): exit status 2 and one line, no traceback."""
    path = tmp_path / "deep.json"
    path.write_text(DEEP)
    done = plan_process(path)
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        (
            f"error: {path}: not valid JSON: nested too deeply (more than 64 levels); expected the JSON that "
            "'aws route53 list-resource-record-sets' prints\n"
        ),
    )


@pytest.mark.parametrize("setting, name", STACK_JSON_FILES)
def test_nesting_bombs_in_every_json_file_are_refused(project, capsys, setting, name):
    (project / name).write_text("[" * 65 + "]" * 65 if setting != "snapshot" else DEEP)
    value = f"[{name}]" if setting == "sesIdentities" else name
    stack = BASE if setting == "snapshot" else BASE + f"  migration:{setting}: {value}\n"
    (project / "stacks" / "Pulumi.deep.yaml").write_text(stack)
    assert run(["plan", "--stack", "deep"], capsys) == (
        2,
        "",
        f"error: {named_in_errors(project / name, setting)}: not valid JSON: nested too deeply (more than 64 levels); expected "
        + {
            "snapshot": "the JSON that 'aws route53 list-resource-record-sets' prints",
            "sesIdentities": "the JSON that 'aws sesv2 get-email-identity' prints",
            "inventory": "the inventory file that 'python -m migration inventory' writes",
            "cloudflareExisting": "the JSON of Cloudflare's GET /zones/{zone_id}/dns_records",
        }[setting]
        + "\n",
    )


def test_a_yaml_alias_inside_its_own_anchor_is_refused(project, capsys):
    (project / "stacks" / "Pulumi.loop.yaml").write_text(BASE + "  migration:proxied: &a [*a]\n")
    assert run(["plan", "--stack", "loop"], capsys) == (
        2,
        "",
        f"error: stack loop: {project / 'stacks' / 'Pulumi.loop.yaml'}: not valid YAML: nested too deeply "
        "(more than 64 levels)\n",
    )


def test_json_depth_is_measured_without_recursion():
    deep: list = []
    for _ in range(100000):
        deep = [deep]
    assert files.depth(deep) == 100001
    assert files.depth(json.loads('{"a": [1, {"b": []}]}')) == 4
