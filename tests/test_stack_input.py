"""A stack named on the command line or read from its file: a name that is not a Pulumi stack name
is refused before any file is read (it cannot lead out of the stacks folder), and a misspelt
top-level key of the stack file is an error, not a file whose settings are silently unread.
Each is one error line naming the stack and the reason, exit status 2."""

from __future__ import annotations

import shutil

import pytest

from migration import cli
from migration.errors import SettingsError
from migration.settings import load_stack
from tests.conftest import ROOT

NOT_A_NAME = (
    "stack {!r}: not a stack name: a stack name may only contain letters, digits, hyphens (-), "
    "underscores (_) and periods (.) (Pulumi's rule; give the stack's own name, without an organization "
    "or folder)"
)


def _project(tmp_path, stack_text: str, name: str = "s"):
    (tmp_path / "Pulumi.yaml").write_text("name: p\nruntime: python\nstackConfigDir: stacks\n")
    (tmp_path / "stacks").mkdir()
    shutil.copy(ROOT / "examples" / "seed-scenario" / "route53-example.com.json", tmp_path / "zone.json")
    (tmp_path / "stacks" / f"Pulumi.{name}.yaml").write_text(stack_text)
    return tmp_path


GOOD = (
    "config:\n  migration:zone: example.com\n  migration:snapshot: zone.json\n"
    "  migration:cloudflareZoneId: 023e105f4ecef8ad9ca31a8372d0c353\n"
)


@pytest.mark.parametrize("stack", ["x/../../outside", "../outside", "/etc/passwd", "org/dev", "dev\\x", "dev stack"])
def test_a_stack_name_that_is_not_a_plain_name_is_refused_before_any_file_is_read(tmp_path, monkeypatch, capsys, stack):
    project = _project(tmp_path, GOOD)
    # A stack file outside stacks/ that the name would reach: it must not be read.
    (tmp_path.parent / "Pulumi.outside.yaml").write_text(GOOD)
    monkeypatch.chdir(project)
    assert cli.main(["plan", "--stack", stack]) == 2
    out, err = capsys.readouterr()
    assert (out, err) == ("", f"error: {NOT_A_NAME.format(stack)}\n")


def test_a_plain_stack_name_with_dots_hyphens_and_underscores_is_read(tmp_path):
    project = _project(tmp_path, GOOD, name="example.com_prod-1")
    assert load_stack("example.com_prod-1", cwd=project).zone == "example.com"


def test_a_misspelt_top_level_key_of_the_stack_file_is_named(tmp_path, monkeypatch, capsys):
    project = _project(tmp_path, GOOD.replace("config:", "confg:") + "secretprovider: passphrase\n")
    monkeypatch.chdir(project)
    assert cli.main(["plan", "--stack", "s"]) == 2
    path = project / "stacks" / "Pulumi.s.yaml"
    assert capsys.readouterr().err == (
        f"error: stack s: {path}: 'confg' is not a key of a stack file; did you mean config?; 'secretprovider' is "
        "not a key of a stack file; did you mean secretsprovider? (the keys are config, environment, "
        "secretsprovider, encryptedkey, encryptionsalt)\n"
    )


def test_every_key_pulumi_writes_at_the_top_of_a_stack_file_is_accepted(tmp_path):
    project = _project(
        tmp_path,
        GOOD + "secretsprovider: passphrase\nencryptionsalt: v1:abc\nencryptedkey: xyz\nenvironment:\n  - dns-prod\n",
    )
    assert load_stack("s", cwd=project).zone == "example.com"


def test_a_stack_file_of_unknown_keys_only_is_refused_as_a_settings_error(tmp_path):
    project = _project(tmp_path, "settings:\n  migration:zone: example.com\n")
    with pytest.raises(SettingsError, match=r"'settings' is not a key of a stack file \(the keys are config"):
        load_stack("s", cwd=project)


@pytest.mark.parametrize(
    "account",
    [
        "acct",
        "023E105F4ECEF8AD9CA31A8372D0C353",
        "023e105f4ecef8ad9ca31a8372d0c35",
        "023e105f4ecef8ad9ca31a8372d0c353 ",
        "023e105f-4ece-f8ad-9ca3-1a8372d0c353",
    ],
)
def test_a_cloudflare_account_id_that_is_not_32_lower_case_hex_characters_is_refused(
    tmp_path, monkeypatch, capsys, account
):
    project = _project(
        tmp_path,
        GOOD.replace("cloudflareZoneId: 023e105f4ecef8ad9ca31a8372d0c353", f"cloudflareAccountId: {account!r}"),
    )
    monkeypatch.chdir(project)
    assert cli.main(["plan", "--stack", "s"]) == 2
    assert capsys.readouterr().err == (
        f"error: stack s: migration:cloudflareAccountId: {account!r} is not a "
        "Cloudflare account id (32 lower-case hexadecimal characters)\n"
    )


def test_discover_refuses_a_bad_account_id_before_asking_aws(capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["discover", "--all", "--cloudflare-account-id", "acct"])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "python -m migration discover: error: argument --cloudflare-account-id: 'acct' is not a Cloudflare account "
        "id (32 lower-case hexadecimal characters)"
    )


def test_a_well_formed_account_id_is_read(tmp_path):
    project = _project(tmp_path, GOOD.replace("cloudflareZoneId", "cloudflareAccountId"))
    assert load_stack("s", cwd=project).cloudflare_account_id == "023e105f4ecef8ad9ca31a8372d0c353"


@pytest.mark.parametrize(
    "zone_id", ["../../x", "023E105F4ECEF8AD9CA31A8372D0C353", "023e105f4ecef8ad9ca31a8372d0c35", "a b"]
)
def test_a_cloudflare_zone_id_that_is_not_32_lower_case_hex_characters_is_refused(
    tmp_path, monkeypatch, capsys, zone_id
):
    """The zone id is imported into the stack and read in Cloudflare API paths: a path or a typo
    must not reach either (Cloudflare API reference, "Identifier": maxLength 32, lower-case hex)."""
    project = _project(tmp_path, GOOD.replace("023e105f4ecef8ad9ca31a8372d0c353", repr(zone_id)))
    monkeypatch.chdir(project)
    assert cli.main(["plan", "--stack", "s"]) == 2
    assert capsys.readouterr().err == (
        f"error: stack s: migration:cloudflareZoneId: {zone_id!r} is not a "
        "Cloudflare zone id (32 lower-case hexadecimal characters)\n"
    )
