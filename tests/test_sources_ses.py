"""Reading SES identities (migration.sources.ses): from a moto server (SES v1 VerifyDomainDkim
tokens, since moto's sesv2 returns none), from recorded real-format SES v2 responses (botocore
Stubber), from saved 'aws sesv2 get-email-identity' files; the settings and command line that
lead there.

The recorded SES v2 response is examples/seed-scenario/sesv2-example.com.json (written
for this project, real GetEmailIdentity shape), read via conftest.EXAMPLE.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import boto3
import dns.name
import pytest
from botocore.stub import Stubber

from migration import cli
from migration.errors import InputError, SettingsError
from migration.model import SesData, SesIdentity
from migration.plan import build
from migration.settings import Settings, from_lookup, load_stack
from migration.sources import ses as ses_source
from migration.sources import snapshot as snapshot_file
from tests.conftest import EXAMPLE, EXPORT, ROOT
from tests.support.cli import plan_argv, run
from tests.support.zones import APEX_SOA, rrset, snapshot

SEED = EXAMPLE  # the reference scenario, bundled with the example stack
RECORDED = json.loads((SEED / "sesv2-example.com.json").read_text())
EXAMPLE = dns.name.from_text("example.com.")
MAIL = dns.name.from_text("mail.example.com.")
TOKENS = tuple(RECORDED["GetEmailIdentity"]["DkimAttributes"]["Tokens"])


def _stubbed(region: str = "ap-northeast-1"):
    v2 = boto3.client("sesv2", region_name=region)
    v1 = boto3.client("ses", region_name=region)
    return v2, Stubber(v2), v1, Stubber(v1)


# -- recorded SES v2 responses


def test_recorded_v2_response_gives_tokens_and_mail_from():
    v2, s2, v1, s1 = _stubbed()
    s2.add_response("get_email_identity", RECORDED["GetEmailIdentity"], {"EmailIdentity": "example.com"})
    with s2, s1:
        found = ses_source.read_identity(v2, v1, EXAMPLE, "ap-northeast-1")
        s2.assert_no_pending_responses()
    assert found == SesIdentity(
        domain=EXAMPLE,
        region="ap-northeast-1",
        tokens=TOKENS,
        dkim_origin="AWS_SES",
        dkim_status="TEMPORARY_FAILURE",
        signing_enabled=True,
        mail_from=MAIL,
        mail_from_status="SUCCESS",
        verification_status="SUCCESS",
        source="SES v2 GetEmailIdentity (ap-northeast-1)",
    )


def test_recorded_v2_not_found_means_no_identity():
    v2, s2, v1, s1 = _stubbed()
    s2.add_client_error(
        "get_email_identity", "NotFoundException", "Email identity example.com does not exist.", http_status_code=404
    )
    with s2, s1:
        assert ses_source.read_identity(v2, v1, EXAMPLE, "ap-northeast-1") is None


def test_recorded_byodkim_identity_v1_fills_the_missing_mail_from():
    v2, s2, v1, s1 = _stubbed("eu-west-1")
    s2.add_response(
        "get_email_identity",
        {
            "IdentityType": "DOMAIN",
            "VerifiedForSendingStatus": True,
            "VerificationStatus": "SUCCESS",
            "DkimAttributes": {
                "SigningEnabled": True,
                "Status": "SUCCESS",
                "Tokens": ["ses2024"],
                "SigningAttributesOrigin": "EXTERNAL",
            },
        },
    )
    s1.add_response("get_identity_dkim_attributes", {"DkimAttributes": {}}, {"Identities": ["example.com"]})
    s1.add_response(
        "get_identity_mail_from_domain_attributes", {"MailFromDomainAttributes": {}}, {"Identities": ["example.com"]}
    )
    with s2, s1:
        found = ses_source.read_identity(v2, v1, EXAMPLE, "eu-west-1")
    assert (found.byodkim, found.tokens, found.mail_from, found.dkim_status) == (True, ("ses2024",), None, "SUCCESS")


def test_v2_access_denied_falls_back_to_v1():
    v2, s2, v1, s1 = _stubbed()
    s2.add_client_error(
        "get_email_identity",
        "AccessDeniedException",
        "not authorized to perform ses:GetEmailIdentity",
        http_status_code=403,
    )
    s1.add_response(
        "get_identity_dkim_attributes",
        {
            "DkimAttributes": {
                "example.com": {"DkimEnabled": True, "DkimVerificationStatus": "Success", "DkimTokens": list(TOKENS)}
            }
        },
    )
    s1.add_response(
        "get_identity_mail_from_domain_attributes",
        {
            "MailFromDomainAttributes": {
                "example.com": {
                    "MailFromDomain": "mail.example.com",
                    "MailFromDomainStatus": "Pending",
                    "BehaviorOnMXFailure": "UseDefaultValue",
                }
            }
        },
    )
    with s2, s1:
        found = ses_source.read_identity(v2, v1, EXAMPLE, "ap-northeast-1")
    assert found == SesIdentity(
        domain=EXAMPLE,
        region="ap-northeast-1",
        tokens=TOKENS,
        dkim_status="SUCCESS",
        signing_enabled=True,
        mail_from=MAIL,
        mail_from_status="PENDING",
        source="SES v1 (ap-northeast-1)",
    )


def test_no_ses_access_is_reported_not_raised(monkeypatch):
    v2, s2, v1, s1 = _stubbed()
    s2.add_client_error("get_email_identity", "AccessDeniedException", "not authorized", http_status_code=403)
    s1.add_client_error("get_identity_dkim_attributes", "AccessDenied", "not authorized", http_status_code=403)
    monkeypatch.setattr(ses_source, "clients", lambda region, profile=None, endpoint_url=None: (v2, v1))
    with s2, s1:
        got = ses_source.read_live([EXAMPLE], ["ap-northeast-1"])
    assert got == SesData(
        problems=(
            "SES in ap-northeast-1 refused example.com: GetIdentityDkimAttributes: AccessDenied: not authorized",
        ),
        regions=("ap-northeast-1",),
    )
    snap = snapshot(
        APEX_SOA, *(rrset(f"{t}._domainkey.example.com.", "CNAME", f"{t}.dkim.amazonses.com") for t in TOKENS)
    )
    plan = build(Settings("t", "example.com", ROOT, "Z1", "acct"), snap, ses=got)
    assert [s.state for s in plan.email.selectors] == ["unchecked"] * 3
    assert len([r for r in plan.translation.records if "._domainkey." in r.name]) == 3


def test_no_credentials_is_reported_not_raised(monkeypatch, tmp_path, moto):
    for var in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "none"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
    got = ses_source.read_live([EXAMPLE], ["ap-northeast-1"], endpoint_url=moto.endpoint)
    assert got.problems == ("SES in ap-northeast-1 refused example.com: Unable to locate credentials",)
    assert got.checked == frozenset()


# -- moto server


def test_moto_v1_dkim_tokens_read_and_classified(moto):
    v1 = moto.client("ses", region="ap-northeast-1")
    v1.verify_domain_identity(Domain="example.com")
    tokens = tuple(v1.verify_domain_dkim(Domain="example.com")["DkimTokens"])
    v1.set_identity_mail_from_domain(Identity="example.com", MailFromDomain="mail.example.com")
    got = ses_source.read_live(
        [EXAMPLE, dns.name.from_text("news.example.com.")], ["ap-northeast-1", "us-east-1"], endpoint_url=moto.endpoint
    )
    assert got.problems == ()
    assert got.checked == {EXAMPLE, dns.name.from_text("news.example.com.")}
    [found] = got.identities
    assert (found.domain, found.region, found.tokens, found.dkim_status, found.mail_from, found.mail_from_status) == (
        EXAMPLE,
        "ap-northeast-1",
        tuple(t.lower() for t in tokens),
        "SUCCESS",
        MAIL,
        "SUCCESS",
    )

    stale = "ccq1bhfebt63c0po7dea3ktwgtjxs55s"
    snap = snapshot(
        APEX_SOA,
        rrset("_dmarc.example.com.", "TXT", '"v=DMARC1; p=none"'),
        rrset("mail.example.com.", "MX", "10 feedback-smtp.ap-northeast-1.amazonses.com"),
        rrset("mail.example.com.", "TXT", '"v=spf1 include:amazonses.com ~all"'),
        *(rrset(f"{t}._domainkey.example.com.", "CNAME", f"{t}.dkim.amazonses.com") for t in (*tokens[:2], stale)),
    )
    plan = build(Settings("t", "example.com", ROOT, "Z1", "acct"), snap, ses=got)
    states = {s.name.split(".")[0]: s.state for s in plan.email.selectors}
    assert states == {
        tokens[0].lower(): "current",
        tokens[1].lower(): "current",
        stale: "stale",
        tokens[2].lower(): "missing",
    }
    names = {r.name for r in plan.translation.records}
    assert f"{tokens[2].lower()}._domainkey.example.com" in names
    assert f"{stale}._domainkey.example.com" not in names


# -- files, settings, command line


def test_read_files_reference_identity():
    got = ses_source.read_files([SEED / "sesv2-example.com.json"])
    [found] = got.identities
    assert (found.domain, found.region, found.tokens) == (EXAMPLE, "ap-northeast-1", TOKENS)
    assert got.checked == {EXAMPLE} and got.problems == ()


def test_read_files_bad_input_names_file_and_reason(tmp_path):
    bare = tmp_path / "bare.json"
    bare.write_text(json.dumps([{"GetEmailIdentity": RECORDED["GetEmailIdentity"]}]))
    with pytest.raises(InputError) as err:
        ses_source.read_files([bare])
    assert str(err.value) == (
        f"{bare}: entry 1: 'EmailIdentity' (the domain) and 'region' must be given as strings "
        "(the CLI output names neither)"
    )
    with pytest.raises(InputError, match="no such file"):
        ses_source.read_files([tmp_path / "missing.json"])


def test_settings_ses_keys():
    base = {"zone": "example.com", "snapshot": "s.json", "cloudflareAccountId": "023e105f4ecef8ad9ca31a8372d0c354"}
    settings = from_lookup("s", base.get, ROOT, aws_region="eu-west-1")
    assert (settings.ses_regions, settings.ses_identities) == (("eu-west-1",), ())
    settings = from_lookup(
        "s", {**base, "sesRegions": ["us-east-1", "ap-northeast-1"]}.get, ROOT, aws_region="eu-west-1"
    )
    assert settings.ses_regions == ("us-east-1", "ap-northeast-1")
    with pytest.raises(SettingsError, match="migration:sesIdentities must be a list of strings"):
        from_lookup("s", {**base, "sesIdentities": "one.json"}.get, ROOT)
    example = load_stack("example", ROOT)
    assert example.ses_identities == ((ROOT / "examples/seed-scenario/sesv2-example.com.json").resolve(),)
    assert example.ses_regions == ("ap-northeast-1",)


def test_cli_plan_source_with_ses_file(capsys):
    status = cli.main(
        [
            "plan",
            "--source",
            str(SEED / "route53-example.com.json"),
            "--zone",
            "example.com",
            "--hosted-zone-id",
            "Z0EXAMPLE1234567890AB",
            "--ses",
            str(SEED / "sesv2-example.com.json"),
            "--format",
            "json",
        ]
    )
    doc = json.loads(capsys.readouterr().out)
    assert status == 0
    assert [s["state"] for s in doc["email"]["selectors"]] == ["current"] * 3 + ["stale"] * 2 + ["other"]
    assert doc["summary"]["cloudflareRecords"] == 23


SES_FILE = SEED / "sesv2-example.com.json"


IDENTITY = json.loads(SES_FILE.read_text())


def ses_file(tmp_path: Path, change, name: str = "ses.json") -> Path:
    document = copy.deepcopy(IDENTITY)
    change(document)
    path = tmp_path / name
    path.write_text(json.dumps(document))
    return path


def _set_dkim(key, value):
    return lambda d: d["GetEmailIdentity"]["DkimAttributes"].__setitem__(key, value)


SES_CASES = [
    (
        "tokens a string",
        _set_dkim("Tokens", "abc"),
        'the document: GetEmailIdentity.DkimAttributes.Tokens must be a list, not "abc"',
    ),
    (
        "dkim attributes a string",
        lambda d: d["GetEmailIdentity"].__setitem__("DkimAttributes", "x"),
        'the document: GetEmailIdentity.DkimAttributes must be an object, not "x"',
    ),
    (
        "email address",
        lambda d: d.__setitem__("EmailIdentity", "user@example.com"),
        "the document: 'EmailIdentity' 'user@example.com' is an email address; expected the domain identity (an "
        "email-address identity publishes no DNS records: leave it out)",
    ),
    (
        "unknown status",
        _set_dkim("Status", "GREAT"),
        "the document: GetEmailIdentity.DkimAttributes.Status is 'GREAT'; expected one of PENDING, SUCCESS, FAILED, "
        "TEMPORARY_FAILURE, NOT_STARTED",
    ),
    (
        "bad region",
        lambda d: d.__setitem__("region", "tokyo"),
        "the document: 'region' 'tokyo' is not an AWS region name such as ap-northeast-1",
    ),
]


@pytest.mark.parametrize("change, message", [c[1:] for c in SES_CASES], ids=[c[0] for c in SES_CASES])
def test_malformed_ses_file_is_refused(tmp_path, capsys, change, message):
    path = ses_file(tmp_path, change)
    assert run(plan_argv(EXPORT, "--ses", str(path)), capsys) == (2, "", f"error: {path}: {message}\n")


def test_every_bad_token_is_named(tmp_path, capsys):
    path = ses_file(tmp_path, _set_dkim("Tokens", [1, "ok", "two words"]))
    assert run(plan_argv(EXPORT, "--ses", str(path)), capsys)[::2] == (
        2,
        "\n".join(
            [
                f"error: {path}: 2 problem(s)",
                "  - the document: GetEmailIdentity.DkimAttributes.Tokens item 1 must be a DKIM token or selector (one DNS "
                "label: letters, digits, '-', '_'), not 1",
                "  - the document: GetEmailIdentity.DkimAttributes.Tokens item 3 must be a DKIM token or selector (one DNS "
                "label: letters, digits, '-', '_'), not \"two words\"",
            ]
        )
        + "\n",
    )


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
    assert str(err.value) == (
        f"{path}: entry 2: example.com in ap-northeast-1 is also entry 1, with different content: keep one"
    )
    single = ses_file(tmp_path, _set_dkim("Tokens", ["abc"]), "other.json")
    with pytest.raises(InputError) as err:
        ses_source.read_files([SES_FILE, single])
    assert str(err.value) == (
        f"{single}: example.com in ap-northeast-1 is also in {SES_FILE}, with different content: keep one"
    )


def test_identity_outside_the_zone_is_a_warning(tmp_path):
    path = ses_file(tmp_path, lambda d: d.__setitem__("EmailIdentity", "example.org"))
    settings = Settings("(none)", "example.com", EXPORT, "Z1", "acct", ses_identities=(path,))
    # Made by the plan itself (migration.email), so the program and every caller of build see it.
    plan = build(settings, snapshot_file.read(EXPORT), ses=ses_source.read_files([path]))
    [finding] = [f for f in plan.findings if f.code == "ses-identity-outside-zone"]
    assert (finding.severity, finding.subject, finding.message) == (
        "warning",
        "example.org",
        f"the SES identity example.org ({path} (ap-northeast-1)) does not cover the zone example.com: it is neither "
        "example.com nor a name under it, so it checks none of the zone's email records",
    )


def test_unknown_aws_profile_leaves_ses_unchecked_not_failed(monkeypatch, tmp_path):
    """The plan still works without SES access (issue 4): a profile that does not exist is an
    SES problem listed in the plan, not an exception."""
    import dns.name

    from migration.sources import ses

    monkeypatch.setenv("AWS_PROFILE", "nope")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    data = ses.read_live([dns.name.from_text("example.com.")], ["ap-northeast-1"])
    assert data.problems == (
        "SES in ap-northeast-1 cannot be read: The config profile (nope) could not be found: "
        "check --profile or AWS_PROFILE against ~/.aws/config",
    )
    assert data.identities == () and data.checked == frozenset()


SES_CASES = ROOT / "tests" / "data" / "cases" / "ses-files"


def test_a_dkim_token_listed_twice_is_refused_naming_the_file():
    path = SES_CASES / "ses_tokdup.json"
    with pytest.raises(InputError) as err:
        ses_source.read_files([path])
    repeated = "z8l3m2s0lqtu6b4pp332s0vdhdzc10lc"
    assert (err.value.source, err.value.problems) == (
        str(path),
        [
            f"the document: GetEmailIdentity.DkimAttributes.Tokens item {n} repeats item 1 ({repeated}); SES lists "
            "each DKIM token once: save the identity again ('aws sesv2 get-email-identity')"
            for n in (2, 3)
        ],
    )


def test_an_identity_file_of_another_domain_is_a_warning_naming_the_file():
    path = SES_CASES / "ses_otherid.json"
    settings = Settings("(none)", "example.com", EXPORT, "Z1", "acct", ses_identities=(path,))
    plan = build(settings, snapshot_file.read(EXPORT), ses=ses_source.read_files([path]))
    assert [(f.severity, f.subject, f.message) for f in plan.findings if f.code == "ses-identity-outside-zone"] == [
        (
            "warning",
            "other.org",
            f"the SES identity other.org ({path} (ap-northeast-1)) does not cover the zone example.com: it is "
            "neither example.com nor a name under it, so it checks none of the zone's email records",
        )
    ]


def test_an_ses_file_of_no_identity_is_refused(tmp_path, capsys):
    """Before, '[]' was read as 'SES data given, no identity': every selector was left unchecked
    without a word about the file."""
    path = tmp_path / "ses.json"
    path.write_text("[]\n")
    assert run(plan_argv(EXPORT, "--ses", str(path)), capsys) == (
        2,
        "",
        f"error: {path}: an empty list: the file holds no SES identity; give one "
        '{"region": ..., "EmailIdentity": ..., "GetEmailIdentity": ...} object or a list of them\n',
    )
