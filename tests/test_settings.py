"""Stack settings (migration/settings.py): stack files read as YAML and Pulumi write them, every key
checked, every problem named at once (unknown keys, misspelt namespaces, keys given twice, files
outside the project), exit status 2 and no traceback."""

from __future__ import annotations

import subprocess
import sys

import dns.name
import pytest

from migration.errors import MigrationError, SettingsError
from migration.model import Decision
from migration.settings import KEYS, from_lookup, load_stack, unknown_keys
from tests.conftest import BASE, CASES, EXPORT, ROOT
from tests.support.cli import run, stack_file


@pytest.mark.parametrize("text, what", [("config:\n  - a\n", "its config:"), ("- a\n", "its top level")])
def test_stack_file_of_the_wrong_shape(project, capsys, text, what):
    path = stack_file(project, text)
    assert run(["plan", "--stack", "s"], capsys) == (
        2,
        "",
        f"error: stack s: {path}: {what} must be a mapping of settings (config: followed by 'migration:zone: "
        "...' lines), not a list\n",
    )


def test_every_key_checked_and_unknown_keys_named(project, capsys):
    stack_file(
        project,
        BASE + "  migration:hostedZoneId: 12345\n  migration:proxy: [www.example.com]\n"
        "  migration:unknownKey: 1\n  aws:region: eu-west-1\n",
    )
    assert KEYS[:4] == ("zone", "snapshot", "hostedZoneId", "cloudflareAccountId")
    assert run(["plan", "--stack", "s"], capsys) == (
        2,
        "",
        (
            "error: stack s: migration:proxy is not a known key; did you mean migration:proxied?; migration:unknownKey is "
            f"not a known key; the known migration: keys are {', '.join(KEYS)}; "
            "migration:hostedZoneId must be a string, not int\n"
        ),
    )


def test_hosted_zone_id_checked_alone():
    with pytest.raises(MigrationError) as err:
        from_lookup(
            "s",
            {
                "zone": "example.com",
                "snapshot": "s.json",
                "cloudflareAccountId": "023e105f4ecef8ad9ca31a8372d0c354",
                "hostedZoneId": 12345,
            }.get,
            ROOT,
        )
    assert str(err.value) == "stack s: migration:hostedZoneId must be a string, not int"


REQUIRED = {"zone": "example.com", "snapshot": "s.json", "cloudflareAccountId": "023e105f4ecef8ad9ca31a8372d0c354"}


def settings(**more):
    return from_lookup("s", {**REQUIRED, **more}.get, ROOT)


@pytest.mark.parametrize(
    "written, read",
    [
        ("2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z"),
        ("2026-01-01T02:00:00+02:00", "2026-01-01T00:00:00Z"),
        ("2026-01-01 00:00:00", "2026-01-01T00:00:00Z"),  # naive: UTC
    ],
)
def test_unquoted_cut_over_time(project, written, read):
    (project / "stacks" / "Pulumi.s.yaml").write_text(BASE + f"  migration:cutOverAt: {written}\n")
    assert load_stack("s").cut_over_at == read


def test_whole_numbers_as_text_like_pulumi_config_set_stores_them():
    loaded = settings(cloudflareRecordLimit="500", decommissionWait="86400")
    assert (loaded.cloudflare_record_limit, loaded.decommission_wait) == (500, 86400)


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("cloudflareRecordLimit", "0", "migration:cloudflareRecordLimit must be a positive whole number, not 0"),
        (
            "cloudflareRecordLimit",
            "many",
            "migration:cloudflareRecordLimit must be a positive whole number, not 'many'",
        ),
        ("decommissionWait", "1.5", "migration:decommissionWait must be whole seconds, not '1.5'"),
        ("deleteDifferingRecords", "yes", "migration:deleteDifferingRecords must be true or false, not 'yes'"),
        ("registeredWithRoute53Domains", 1, "migration:registeredWithRoute53Domains must be true or false, not 1"),
    ],
)
def test_bad_numbers_and_flags(key, value, message):
    with pytest.raises(SettingsError) as err:
        settings(**{key: value})
    assert str(err.value) == f"stack s: {message}"


def test_flags_as_bool_or_text():
    loaded = settings(deleteDifferingRecords="TRUE", registeredWithRoute53Domains="false")
    assert (loaded.delete_differing_records, loaded.registered_with_route53_domains) == (True, False)
    loaded = settings(deleteDifferingRecords=True, registeredWithRoute53Domains=False)
    assert (loaded.delete_differing_records, loaded.registered_with_route53_domains) == (True, False)


def test_misspelt_namespace_is_named(project, capsys):
    path = project / "stacks" / "Pulumi.s.yaml"
    path.write_text(
        BASE + "  migraton:proxied: [www.example.com]\n  Migration:zone: example.com\n"
        "  aws:region: eu-west-1\n  cloudflare:apiToken: t\n  pulumi:tags: {}\n"
    )
    assert run(["plan", "--stack", "s"], capsys) == (
        2,
        "",
        "error: stack s: migraton:proxied: did you mean migration:proxied?; Migration:zone: did you mean "
        f"migration:zone?; the known migration: keys are {', '.join(KEYS)}\n",
    )


def test_misspelt_namespace_with_a_misspelt_key():
    assert unknown_keys(["migrations:zon", "migraton:nothingLikeIt", "aws:region"])[:2] == [
        "migrations:zon: did you mean migration:zone?",
        "migraton:nothingLikeIt: did you mean the namespace migration:?",
    ]


def test_server_options_say_their_own_syntax(capsys):
    assert run(["verify", "--source", str(EXPORT), "--parent-server", "ns1.example.com"], capsys) == (
        2,
        "",
        "error: --parent-server 'ns1.example.com': not IP[:PORT]: 'ns1.example.com' does not appear to be an "
        "IPv4 or IPv6 address\n",
    )
    assert run(["verify", "--source", str(EXPORT), "--nameserver", "old=ns1"], capsys) == (
        2,
        "",
        "error: --nameserver 'old=ns1': not old=[NAME@]IP[:PORT]: 'ns1' does not appear to be an IPv4 or "
        "IPv6 address\n",
    )
    with pytest.raises(SettingsError) as err:
        settings(parentServers=["ns1.example.com"])
    assert str(err.value) == (
        "stack s: migration:parentServers: 'ns1.example.com' is not IP[:PORT]: "
        "'ns1.example.com' does not appear to be an IPv4 or IPv6 address"
    )


NO_NAME = (
    "a parent zone's server takes no NAME@: it is asked by address alone (NAME ties an old or new server to a "
    "host name of the delegation)"
)


def test_a_parent_server_with_a_name_is_refused(capsys):
    """Before, 'ns1.example.net@192.0.2.53' was taken and its name silently unused."""
    assert run(["verify", "--source", str(EXPORT), "--parent-server", "ns1.example.net@192.0.2.53"], capsys) == (
        2,
        "",
        f"error: --parent-server 'ns1.example.net@192.0.2.53': not IP[:PORT]: {NO_NAME}\n",
    )
    with pytest.raises(SettingsError) as err:
        settings(parentServers=["ns1.example.net@192.0.2.53"])
    assert (
        str(err.value) == f"stack s: migration:parentServers: 'ns1.example.net@192.0.2.53' is not IP[:PORT]: {NO_NAME}"
    )
    assert settings(route53Servers=["ns1.example.net@192.0.2.53"]).route53_servers[0].name == "ns1.example.net."


def test_a_routing_choice_keyed_by_name_and_type_is_refused():
    """Before, 'www.example.com A' was read as one owner name with a space in its first label, and
    only a warning followed (no routing-policy record set at 'www.example.com\\032a.')."""
    with pytest.raises(SettingsError) as err:
        settings(routing={"www.example.com A": {"keep": "one"}})
    assert str(err.value) == (
        "stack s: migration:routing: 'www.example.com A' is not an owner name (it holds a space): the choice is per "
        "owner name, for all its types"
    )


@pytest.mark.parametrize(
    ("proxied", "why"),
    [
        (["www.example.com", 5, None], "must be a list of names; 5, null are not"),
        (["www.example.com", True], "must be a list of names; true is not"),
        ("www.example.com", "must be a list of names, not 'www.example.com'"),
    ],
)
def test_a_list_setting_names_what_is_not_an_item(proxied, why):
    """Before: 'migration:proxied must be a list of names', whichever item was wrong."""
    with pytest.raises(SettingsError) as err:
        settings(proxied=proxied)
    assert str(err.value) == f"stack s: migration:proxied {why}"


def test_unknown_stack():
    done = subprocess.run(
        [sys.executable, "-m", "migration", "plan", "--stack", "nope"], cwd=ROOT, capture_output=True, text=True
    )
    assert (done.returncode, done.stderr) == (
        2,
        f"error: stack nope: no settings file {ROOT}/stacks/Pulumi.nope.yaml\n",
    )


def test_a_key_given_twice_in_a_stack_file_names_both_lines(project, capsys):
    (project / "stacks" / "Pulumi.dup.yaml").write_text(
        (CASES / "r-yaml-duplicate-keys" / "Pulumi.dup.yaml").read_text()
    )
    path = project / "stacks" / "Pulumi.dup.yaml"
    assert run(["plan", "--stack", "dup", "--format", "json"], capsys) == (
        2,
        "",
        (
            f"error: stack dup: {path}: migration:phase is given twice, at line 7 and at line 8: keep one "
            "(the last would win silently)\n"
        ),
    )


def test_every_key_given_twice_is_named_at_any_depth(project, capsys):
    (project / "stacks" / "Pulumi.dup.yaml").write_text(
        BASE + "  migration:zone: example.org\n  migration:routing:\n    www.example.com: {union: true, union: false}\n"
    )
    status, out, err = run(["plan", "--stack", "dup"], capsys)
    assert (status, out) == (2, "")
    assert err.splitlines()[1:] == [
        "  - migration:zone is given twice, at line 2 and at line 5: keep one (the last would win silently)",
        "  - union is given twice, at line 7 and at line 7: keep one (the last would win silently)",
    ]


def test_a_stack_naming_a_file_outside_the_project_is_refused(project, capsys, monkeypatch, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "zone.json"
    outside.write_text((project / "export.json").read_text())
    (project / "link.json").symlink_to(outside)
    (project / "stacks" / "Pulumi.out.yaml").write_text(
        BASE.replace("export.json", str(outside)) + "  migration:inventory: link.json\n"
    )
    assert run(["plan", "--stack", "out"], capsys) == (
        2,
        "",
        (
            f"error: stack out: migration:snapshot: '{outside}' is outside the project folder {project}: the files a stack "
            "names stay in the project (set MIGRATION_ALLOW_FILES_OUTSIDE_PROJECT=1 in the environment to allow it); "
            f"migration:inventory: 'link.json' is outside the project folder {project}: the files a stack names stay in "
            "the project (set MIGRATION_ALLOW_FILES_OUTSIDE_PROJECT=1 in the environment to allow it)\n"
        ),
    )
    monkeypatch.setenv("MIGRATION_ALLOW_FILES_OUTSIDE_PROJECT", "1")
    (project / "stacks" / "Pulumi.out.yaml").write_text(BASE.replace("export.json", str(outside)))
    status, out, err = run(["plan", "--stack", "out", "--phase", "mirror"], capsys)
    assert status == 0 and "Record sets" in out


www = dns.name.from_text("www.example.com.")


def test_routing_settings_are_read_from_the_stack(tmp_path):
    config = {
        "zone": "example.com",
        "snapshot": "s.json",
        "cloudflareAccountId": "023e105f4ecef8ad9ca31a8372d0c354",
        "routing": {"WWW.example.com": {"keep": "two"}, "api.example.com": {"union": True}},
        "cloudflarePlan": "pro",
    }
    s = from_lookup("dev", config.get, tmp_path)
    assert s.routing == ((www, Decision(keep="two")), (dns.name.from_text("api.example.com."), Decision(union=True)))
    assert s.record_limit == (3500, "migration:cloudflarePlan pro")
    with pytest.raises(SettingsError) as err:
        from_lookup(
            "dev", {**config, "routing": {"x.example.com": {"keep": 3}}, "cloudflareRecordLimit": 0}.get, tmp_path
        )
    assert str(err.value) == (
        "stack dev: migration:routing: x.example.com: expected {keep: <set identifier>} or "
        "{union: true}, got {'keep': 3}; migration:cloudflareRecordLimit must be a positive whole "
        "number, not 0"
    )


ROUTE53_HOSTS = "A, AAAA, CAA, CNAME, DS, HTTPS, MX, NAPTR, NS, PTR, SOA, SPF, SRV, SSHFP, SVCB, TLSA, TXT"


def test_an_accepted_record_set_of_an_unknown_type_is_refused():
    with pytest.raises(SettingsError) as err:
        settings(acceptNotMigrated=["www.example.com BOGUS", "app.example.com txt"])
    assert str(err.value) == (
        "stack s: migration:acceptNotMigrated: 'www.example.com BOGUS': unknown record type 'BOGUS'; "
        f"Route53 hosts {ROUTE53_HOSTS}"
    )


def test_the_verify_option_refuses_an_unknown_type_too(capsys):
    from migration.cli import main
    from tests.test_verify_accounting import REFUSED

    code = main(
        [
            "verify",
            "--source",
            str(REFUSED / "input.json"),
            "--zone",
            "example.com",
            "--accept-not-migrated",
            "www.example.com BOGUS",
        ]
    )
    assert (code, capsys.readouterr().err) == (
        2,
        "error: --accept-not-migrated: 'www.example.com BOGUS': unknown record type 'BOGUS'; "
        f"Route53 hosts {ROUTE53_HOSTS}\n",
    )


HOST_NAME = "is not a host name (dot-separated labels of letters, digits and '-', RFC 1123 section 2.1; an address is not one), e.g. ada.ns.cloudflare.com"


def test_cloudflare_name_servers_must_be_host_names():
    good = ["ada.ns.cloudflare.com", "BOB.NS.CLOUDFLARE.COM."]
    assert settings(cloudflareNameServers=good).cloudflare_name_servers == tuple(good)
    with pytest.raises(SettingsError) as err:
        settings(cloudflareNameServers=["../../etc", "ada.ns.cloudflare.com", "192.0.2.1", "-a.example.com"])
    assert str(err.value) == "stack s: " + "; ".join(
        f"migration:cloudflareNameServers: {bad!r} {HOST_NAME}" for bad in ("../../etc", "192.0.2.1", "-a.example.com")
    )


def test_the_stack_outputs_name_servers_must_be_host_names(project, capsys):
    from tests.conftest import BASE
    from tests.support.cli import run

    (project / "stacks" / "Pulumi.ok.yaml").write_text(BASE)
    (project / "out.json").write_text('{"cloudflareNameServers": ["ada.ns.cloudflare.com", "../../etc"]}')
    assert run(["verify", "--stack", "ok", "--stack-output", "out.json"], capsys) == (
        2,
        "",
        f"error: out.json: cloudflareNameServers: '../../etc' {HOST_NAME}\n",
    )
