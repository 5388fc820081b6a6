"""Email records against SES: DKIM selectors, MAIL FROM, verification, DMARC (migration.email),
through the plan (migration.plan.build) and its reports.

The reference scenario is examples/seed-scenario (written for this project; see its
README): route53-example.com.json and sesv2-example.com.json, read via conftest.EXAMPLE.
"""

from __future__ import annotations

import json
from dataclasses import replace

import dns.name
import pytest

from migration import email, report
from migration.model import CloudflareRecord, Finding, SesData, SesIdentity
from migration.plan import build
from migration.resources import CF_RECORD, pulumi_inputs, record_inputs
from migration.settings import Settings
from migration.sources import ses as ses_source
from migration.sources import snapshot as snapshot_file
from tests.conftest import EXAMPLE
from tests.support.zones import APEX_SOA, rrset, snapshot

SEED = EXAMPLE  # the reference scenario, bundled with the example stack
CURRENT = ("z8l3m2s0lqtu6b4pp332s0vdhdzc10lc", "55yn1k32y6e4cvt55vpgte5h1a9wrm1z", "opdh4r94m4br8vyhj4imh8lm2p0iohe0")
STALE = ("ccq1bhfebt63c0po7dea3ktwgtjxs55s", "d89h6vlav66kiwcdhbq5hb7uon3n9jhu")
SETTINGS = Settings(
    stack="test",
    zone="example.com",
    snapshot=SEED / "route53-example.com.json",
    hosted_zone_id="Z0EXAMPLE1234567890AB",
    cloudflare_account_id="acct",
)
EXAMPLE = dns.name.from_text("example.com.")
MAIL = dns.name.from_text("mail.example.com.")


def identity(tokens=CURRENT, region="ap-northeast-1", **changes) -> SesIdentity:
    base = SesIdentity(
        domain=EXAMPLE,
        region=region,
        tokens=tuple(tokens),
        dkim_status="SUCCESS",
        signing_enabled=True,
        mail_from=MAIL,
        mail_from_status="SUCCESS",
        source="test",
    )
    return replace(base, **changes)


def data(*identities: SesIdentity) -> SesData:
    return SesData(
        identities=identities,
        checked=frozenset(i.domain for i in identities),
        regions=tuple(sorted({i.region for i in identities})),
    )


@pytest.fixture(scope="module")
def reference_plan():
    snap = snapshot_file.read(
        SEED / "route53-example.com.json", zone="example.com", hosted_zone_id="Z0EXAMPLE1234567890AB"
    )
    return build(SETTINGS, snap, ses=ses_source.read_files([SEED / "sesv2-example.com.json"]))


def _declared(plan) -> dict[str, dict]:
    return {pulumi_inputs(r)["name"]: pulumi_inputs(r) for r in plan.resources if r.type == CF_RECORD}


def dkim_record(token: str, ttl: int = 1800, source: str | None = None) -> CloudflareRecord:
    return CloudflareRecord(
        name=f"{token}._domainkey.example.com",
        type="CNAME",
        ttl=ttl,
        proxied=False,
        content=f"{token}.dkim.amazonses.com",
        source=source or f"{token}._domainkey.example.com. CNAME",
    )


# -- the reference scenario


def test_reference_current_selectors_are_dns_only_cnames(reference_plan):
    records = {r.name: r for r in reference_plan.translation.records}
    for token in CURRENT:
        assert records[f"{token}._domainkey.example.com"] == dkim_record(token)
    declared = _declared(reference_plan)
    assert {name for name in declared if "._domainkey." in name} == {
        *(f"{t}._domainkey.example.com" for t in CURRENT),
        "google._domainkey.example.com",
    }
    assert all(declared[f"{t}._domainkey.example.com"]["proxied"] is False for t in CURRENT)


def test_reference_stale_selectors_reported_not_declared(reference_plan):
    declared = _declared(reference_plan)
    outcomes = {o.record_set.name.to_text(): o for o in reference_plan.translation.outcomes}
    for token in STALE:
        name = f"{token}._domainkey.example.com"
        assert name not in declared
        outcome = outcomes[name + "."]
        assert (outcome.status, outcome.records) == ("skipped", ())
        assert outcome.reason == (
            f"stale DKIM selector: SES (ap-northeast-1) does not list token {token}; "
            "not copied, deleted with the Route53 zone"
        )
        assert (
            Finding(
                "warning",
                "dkim-stale",
                f"{name}. CNAME",
                f"orphan DKIM selector: SES identity example.com (ap-northeast-1) does not list token {token}; "
                "it is not copied to Cloudflare and goes with the Route53 zone",
            )
            in reference_plan.findings
        )
    assert reference_plan.counts()["cloudflareRecords"] == 23
    assert not reference_plan.blocked


REFERENCE_EMAIL_TEXT = """\
Email
  SES identities
    example.com (ap-northeast-1): DKIM TEMPORARY_FAILURE (Easy DKIM, signing enabled); MAIL FROM mail.example.com SUCCESS
  DKIM selectors
    state    selector                                                 type   SES DKIM status                     action
    current  z8l3m2s0lqtu6b4pp332s0vdhdzc10lc._domainkey.example.com  CNAME  TEMPORARY_FAILURE (ap-northeast-1)  copied: DNS-only CNAME to z8l3m2s0lqtu6b4pp332s0vdhdzc10lc.dkim.amazonses.com
    current  55yn1k32y6e4cvt55vpgte5h1a9wrm1z._domainkey.example.com  CNAME  TEMPORARY_FAILURE (ap-northeast-1)  copied: DNS-only CNAME to 55yn1k32y6e4cvt55vpgte5h1a9wrm1z.dkim.amazonses.com
    current  opdh4r94m4br8vyhj4imh8lm2p0iohe0._domainkey.example.com  CNAME  TEMPORARY_FAILURE (ap-northeast-1)  copied: DNS-only CNAME to opdh4r94m4br8vyhj4imh8lm2p0iohe0.dkim.amazonses.com
    stale    ccq1bhfebt63c0po7dea3ktwgtjxs55s._domainkey.example.com  CNAME  TEMPORARY_FAILURE (ap-northeast-1)  not copied: SES does not list this token; deleted with the Route53 zone
    stale    d89h6vlav66kiwcdhbq5hb7uon3n9jhu._domainkey.example.com  CNAME  TEMPORARY_FAILURE (ap-northeast-1)  not copied: SES does not list this token; deleted with the Route53 zone
    other    google._domainkey.example.com                            TXT    -                                   copied exactly, DNS-only (not an SES selector)
  MAIL FROM
    MAIL FROM domain  identity     region          SES status  MX       SPF      detail
    mail.example.com  example.com  ap-northeast-1  SUCCESS     present  present  MX 10 feedback-smtp.ap-northeast-1.amazonses.com copied; SPF copied
  Notes
    _amazonses.example.com TXT: SES domain verification record, kept
    DMARC for example.com: _dmarc.example.com TXT, kept
"""


def test_reference_email_section_text(reference_plan):
    text = report.to_text(reference_plan)
    start, end = text.index("\nEmail\n") + 1, text.rindex("\n\n") + 1  # the verdict ends the plan
    assert text[start:end] == REFERENCE_EMAIL_TEXT


def test_reference_email_section_markdown_and_json(reference_plan):
    md = report.FORMATS["markdown"](reference_plan)
    assert (
        "| stale | `ccq1bhfebt63c0po7dea3ktwgtjxs55s._domainkey.example.com` | CNAME | "
        "TEMPORARY_FAILURE (ap-northeast-1) | not copied: SES does not list this token; "
        "deleted with the Route53 zone |"
    ) in md
    assert (
        "| `mail.example.com` | example.com | ap-northeast-1 | SUCCESS | present | present | "
        "MX 10 feedback-smtp.ap-northeast-1.amazonses.com copied; SPF copied |"
    ) in md
    assert "- SES identity example.com (ap-northeast-1): DKIM TEMPORARY_FAILURE (Easy DKIM, signing enabled)" in md
    doc = json.loads(report.to_json(reference_plan))["email"]
    assert doc["sesChecked"] is True
    assert [(s["name"].split(".")[0], s["state"]) for s in doc["selectors"]] == [
        *((t, "current") for t in CURRENT),
        *((t, "stale") for t in STALE),
        ("google", "other"),
    ]
    assert doc["identities"][0]["tokens"] == list(CURRENT)
    assert doc["identities"][0]["dkimStatus"] == "TEMPORARY_FAILURE"
    assert doc["mailFrom"] == [
        {
            "domain": "mail.example.com",
            "identity": "example.com",
            "region": "ap-northeast-1",
            "sesStatus": "SUCCESS",
            "mx": "present",
            "spf": "present",
            "detail": "MX 10 feedback-smtp.ap-northeast-1.amazonses.com copied; SPF copied",
        }
    ]


# -- other cases, on small zones


def _zone(*extra, mail=True, dmarc=True, tokens=CURRENT):
    raws = [APEX_SOA, rrset("_amazonses.example.com.", "TXT", '"tok="')]
    if dmarc:
        raws.append(rrset("_dmarc.example.com.", "TXT", '"v=DMARC1; p=quarantine"'))
    if mail:
        raws += [
            rrset("mail.example.com.", "MX", "10 feedback-smtp.ap-northeast-1.amazonses.com"),
            rrset("mail.example.com.", "TXT", '"v=spf1 include:amazonses.com ~all"'),
        ]
    for token in tokens:
        raws.append(rrset(f"{token}._domainkey.example.com.", "CNAME", f"{token}.dkim.amazonses.com", ttl=1800))
    return snapshot(*raws, *extra)


def _plan(snap, ses):
    return build(SETTINGS, snap, ses=ses)


def _selector(plan, prefix):
    return next(s for s in plan.email.selectors if s.name.startswith(prefix + "."))


def test_token_missing_from_route53_is_added_and_reported():
    plan = _plan(_zone(tokens=CURRENT[:2]), data(identity()))
    added = dkim_record(CURRENT[2], ttl=1, source="SES identity example.com (ap-northeast-1)")
    assert added in plan.translation.records
    assert _declared(plan)[added.name] == {"zone_id": plan.resources[1].inputs["zone_id"], **record_inputs(added)}
    assert _selector(plan, CURRENT[2]) == email.Selector(
        added.name,
        "example.com",
        "",
        "missing",
        "SUCCESS (ap-northeast-1)",
        f"added: DNS-only CNAME to {CURRENT[2]}.dkim.amazonses.com",
    )
    assert (
        Finding(
            "warning",
            "dkim-missing",
            f"{added.name}. CNAME",
            f"SES (ap-northeast-1) lists token {CURRENT[2]} but Route53 has no record for it: DKIM is failing now; "
            f"the plan adds the CNAME to {CURRENT[2]}.dkim.amazonses.com",
        )
        in plan.findings
    )


def test_selector_with_wrong_target_is_replaced():
    wrong = f"{CURRENT[0]}._domainkey.example.com."
    snap = _zone(rrset(wrong, "CNAME", f"{STALE[0]}.dkim.amazonses.com", ttl=1800), tokens=CURRENT[1:])
    plan = _plan(snap, data(identity()))
    assert dkim_record(CURRENT[0]) in plan.translation.records
    assert f"{STALE[0]}.dkim.amazonses.com" not in {r.content for r in plan.translation.records}
    assert _selector(plan, CURRENT[0]).state == "wrong"
    assert any(f.code == "dkim-wrong" and f.subject == wrong + " CNAME" for f in plan.findings)


def test_one_region_unreadable_means_no_selector_is_called_stale():
    snap = _zone(rrset(f"{STALE[0]}._domainkey.example.com.", "CNAME", f"{STALE[0]}.dkim.amazonses.com"))
    partial = SesData(
        identities=(identity(),),
        regions=("ap-northeast-1", "us-east-1"),
        problems=("SES in us-east-1 refused example.com: GetEmailIdentity: AccessDeniedException: no",),
    )
    plan = _plan(snap, partial)
    assert _selector(plan, STALE[0]).state == "unchecked"
    assert f"{STALE[0]}._domainkey.example.com" in {r.name for r in plan.translation.records}


def test_byodkim_selector_copied_exactly_and_old_easy_dkim_is_stale():
    key = '"v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtest"'
    snap = _zone(rrset("ses2024._domainkey.example.com.", "TXT", key, ttl=3600))
    plan = _plan(snap, data(identity(tokens=("ses2024",), dkim_origin="EXTERNAL")))
    assert _selector(plan, "ses2024") == email.Selector(
        "ses2024._domainkey.example.com",
        "example.com",
        "TXT",
        "byodkim",
        "SUCCESS (ap-northeast-1)",
        "copied exactly (SES BYODKIM selector), DNS-only",
    )
    assert (
        CloudflareRecord(
            name="ses2024._domainkey.example.com",
            type="TXT",
            ttl=3600,
            content=key,
            source="ses2024._domainkey.example.com. TXT",
        )
        in plan.translation.records
    )
    # The identity now signs with its own key: the Easy DKIM CNAMEs are stale.
    assert {s.state for s in plan.email.selectors if s.name.startswith(CURRENT)} == {"stale"}
    assert not any(r.name.startswith(CURRENT) for r in plan.translation.records)


def test_other_providers_selectors_copied_exactly():
    snap = _zone(
        rrset("s1._domainkey.example.com.", "CNAME", "s1.domainkey.u123.wl.sendgrid.net"),
        rrset("selector1._domainkey.example.com.", "CNAME", "selector1-example-com._domainkey.example.onmicrosoft.com"),
    )
    plan = _plan(snap, data(identity()))
    records = {r.name: r.content for r in plan.translation.records}
    assert records["s1._domainkey.example.com"] == "s1.domainkey.u123.wl.sendgrid.net"
    assert records["selector1._domainkey.example.com"] == "selector1-example-com._domainkey.example.onmicrosoft.com"
    assert [_selector(plan, p).state for p in ("s1", "selector1")] == ["other", "other"]


def test_mail_from_with_wrong_mx_is_replaced_and_reported():
    snap = _zone(
        rrset("mail.example.com.", "MX", "10 feedback-smtp.us-east-1.amazonses.com", ttl=600),
        rrset("mail.example.com.", "TXT", '"v=spf1 include:amazonses.com ~all"'),
        mail=False,
    )
    plan = _plan(snap, data(identity()))
    mx = [r for r in plan.translation.records if r.name == "mail.example.com" and r.type == "MX"]
    assert mx == [
        CloudflareRecord(
            name="mail.example.com",
            type="MX",
            ttl=600,
            content="feedback-smtp.ap-northeast-1.amazonses.com",
            priority=10,
            source="mail.example.com. MX",
        )
    ]
    outcome = next(o for o in plan.translation.outcomes if o.record_set.label == "mail.example.com. MX")
    assert outcome.reason == (
        "MAIL FROM MX was 10 feedback-smtp.us-east-1.amazonses.com.; "
        "replaced by 10 feedback-smtp.ap-northeast-1.amazonses.com"
    )
    assert plan.email.mail_from == (
        email.MailFrom(
            "mail.example.com",
            "example.com",
            "ap-northeast-1",
            "SUCCESS",
            "wrong",
            "present",
            "MX 10 feedback-smtp.ap-northeast-1.amazonses.com replaces 10 feedback-smtp.us-east-1.amazonses.com.; SPF copied",
        ),
    )
    assert any(f.code == "mail-from-mx-wrong" and f.subject == "mail.example.com. MX" for f in plan.findings)
    assert (
        "feedback-smtp.us-east-1.amazonses.com"
        not in report.to_json(plan).split('"resources"')[1].split('"recordSets"')[0]
    )


def test_mail_from_missing_records_are_planned():
    plan = _plan(_zone(mail=False), data(identity()))
    mail = sorted((r.type, r.content, r.priority) for r in plan.translation.records if r.name == "mail.example.com")
    assert mail == [
        ("MX", "feedback-smtp.ap-northeast-1.amazonses.com", 10),
        ("TXT", '"v=spf1 include:amazonses.com ~all"', None),
    ]
    assert (plan.email.mail_from[0].mx, plan.email.mail_from[0].spf) == ("missing", "missing")
    assert {f.code for f in plan.findings} >= {"mail-from-mx-missing", "mail-from-spf-missing"}


def test_mail_from_spf_without_ses_is_replaced_other_txt_kept():
    snap = snapshot(
        APEX_SOA,
        rrset("_dmarc.example.com.", "TXT", '"v=DMARC1; p=none"'),
        rrset("mail.example.com.", "MX", "10 feedback-smtp.ap-northeast-1.amazonses.com"),
        rrset("mail.example.com.", "TXT", '"v=spf1 -all"', '"site-verification=abc"'),
        *(rrset(f"{t}._domainkey.example.com.", "CNAME", f"{t}.dkim.amazonses.com") for t in CURRENT),
    )
    plan = _plan(snap, data(identity()))
    txt = [r.content for r in plan.translation.records if r.name == "mail.example.com" and r.type == "TXT"]
    assert txt == ['"site-verification=abc"', '"v=spf1 include:amazonses.com ~all"']
    assert plan.email.mail_from[0].spf == "wrong"


def test_no_dmarc_gets_a_warning():
    plan = _plan(_zone(dmarc=False), data(identity()))
    assert (
        Finding(
            "warning",
            "dmarc-missing",
            "example.com",
            "no DMARC record (TXT v=DMARC1 at _dmarc.example.com): receivers cannot tell what to do with mail "
            "that fails SPF and DKIM; publish one",
        )
        in plan.findings
    )
    assert not any(f.code == "dmarc-missing" for f in _plan(_zone(), data(identity())).findings)


def test_no_ses_access_plan_still_works_selectors_unchecked():
    snap = _zone(rrset(f"{STALE[0]}._domainkey.example.com.", "CNAME", f"{STALE[0]}.dkim.amazonses.com"))
    refused = SesData(
        problems=(
            "SES in ap-northeast-1 refused example.com: GetEmailIdentity: AccessDeniedException: not authorized",
        ),
        regions=("ap-northeast-1",),
    )
    plan = _plan(snap, refused)
    # Nothing dropped: every selector, stale-looking or not, is copied as it is.
    assert {s.state for s in plan.email.selectors} == {"unchecked"}
    assert {f"{t}._domainkey.example.com" for t in (*CURRENT, STALE[0])} <= {r.name for r in plan.translation.records}
    assert plan.email.checked is False
    assert plan.email.notes[0] == (
        "SES not checked (SES could not be read: SES in ap-northeast-1 refused example.com: "
        "GetEmailIdentity: AccessDeniedException: not authorized): DKIM selectors could not "
        "be checked against SES"
    )
    assert any(f.code == "ses-unchecked" for f in plan.findings)
    assert not plan.blocked
    assert (
        "SES not checked" in report.to_text(plan) and json.loads(report.to_json(plan))["email"]["sesChecked"] is False
    )


def test_without_ses_data_nothing_changes_but_the_report_says_so():
    from migration.translate import translate

    snap = _zone()
    plan = _plan(snap, None)
    assert plan.translation.records == translate(snap).records
    assert plan.email.notes[0].startswith("SES not checked (no SES data: set migration:sesRegions")


def test_identity_domains_lists_apex_and_sending_subdomains():
    snap = snapshot(
        APEX_SOA,
        rrset("k1._domainkey.news.example.com.", "CNAME", "k1.dkim.amazonses.com"),
        rrset("_amazonses.shop.example.com.", "TXT", '"x"'),
    )
    assert [d.to_text() for d in email.identity_domains(snap)] == [
        "example.com.",
        "news.example.com.",
        "shop.example.com.",
    ]


def test_zone_without_mail_gets_no_email_warnings():
    plan = _plan(snapshot(APEX_SOA, rrset("www.example.com.", "A", "192.0.2.1")), None)
    assert [f for f in plan.findings if f.code in ("ses-unchecked", "dmarc-missing")] == []
    assert plan.email.selectors == ()


def test_ses_data_without_tokens_never_makes_selectors_stale(tmp_path):
    """An identity file whose DkimAttributes has no Tokens says nothing about the selectors: they
    are kept (unchecked), never dropped as stale."""
    document = json.loads((SEED / "sesv2-example.com.json").read_text())
    del document["GetEmailIdentity"]["DkimAttributes"]["Tokens"]
    path = tmp_path / "ses.json"
    path.write_text(json.dumps(document))
    snap = snapshot_file.read(SEED / "route53-example.com.json", zone="example.com")
    plan = build(SETTINGS, snap, ses=ses_source.read_files([path]))
    states = {
        s.name: (s.state, s.action)
        for s in plan.email.selectors
        if s.name.endswith("._domainkey.example.com") and s.name != "google._domainkey.example.com"
    }
    reason = (
        f"copied as it is, DNS-only: SES gave no Easy DKIM tokens for example.com ({path} (ap-northeast-1)), "
        "so the selector could not be checked"
    )
    assert states == {
        f"{t}._domainkey.example.com": ("unchecked", reason)
        for t in (
            "z8l3m2s0lqtu6b4pp332s0vdhdzc10lc",
            "55yn1k32y6e4cvt55vpgte5h1a9wrm1z",
            "opdh4r94m4br8vyhj4imh8lm2p0iohe0",
            "ccq1bhfebt63c0po7dea3ktwgtjxs55s",
            "d89h6vlav66kiwcdhbq5hb7uon3n9jhu",
        )
    }
    assert (
        sum(
            r.name.endswith("dkim.amazonses.com") or r.content.endswith("dkim.amazonses.com")
            for r in plan.translation.records
            if r.type == "CNAME"
        )
        == 5
    )
    assert [f.message for f in plan.findings if f.code == "ses-unchecked"] == [
        "some DKIM selectors could not be checked against SES (see the Email section); they are copied as they are"
    ]
