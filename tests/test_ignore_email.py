"""``migration:ignore`` and what the plan claims: patterns that leave nothing to copy are an error
(the decommission would delete every record set with nothing in its place), and the Email section
never says a record is copied, kept or added when the patterns leave it alone; an SES record left
alone (DKIM selector, MAIL FROM MX/SPF, the domain verification TXT of an identity SES lists) is an
error naming it; a DMARC record left alone is a warning naming it and the policy lost. Zone: the
reference scenario."""

from __future__ import annotations

from dataclasses import replace

import dns.name

from migration.ignore import IgnorePattern
from migration.model import SesData
from migration.plan import build
from migration.sources import ses as ses_source
from migration.sources import snapshot as snapshot_file
from tests.conftest import EXAMPLE
from tests.support import zones
from tests.support.zones import rrset
from tests.test_email import CURRENT, SETTINGS, STALE, data, identity

SES = ses_source.read_files([EXAMPLE / "sesv2-example.com.json"])
LEFT_ALONE = "left alone (ignored by setting migration:ignore: {})"
VERIFY = "_amazonses.example.com"
NOT_COPIED = "so the plan puts none in Cloudflare and the decommission deletes the Route53 one"


def _plan(*patterns: IgnorePattern, ses=SES):
    snap = snapshot_file.read(
        EXAMPLE / "route53-example.com.json", zone="example.com", hosted_zone_id="Z0EXAMPLE1234567890AB"
    )
    return build(replace(SETTINGS, ignore=patterns), snap, ses=ses)


def _errors(plan):
    return [(f.code, f.subject, f.message) for f in plan.findings if f.severity == "error"]


def _warnings(plan, code):
    return [(f.subject, f.message) for f in plan.findings if f.severity == "warning" and f.code == code]


def _ses_error(subject: str, what: str, pattern: str) -> tuple[str, str, str]:
    return (
        "ses-record-ignored",
        subject,
        f"{what}: {LEFT_ALONE.format(pattern)}, so the plan puts none in Cloudflare and the decommission "
        "deletes the Route53 one; narrow the migration:ignore pattern so it is copied",
    )


def test_ignoring_every_record_set_is_an_error_and_the_email_section_claims_no_copy():
    plan = _plan(IgnorePattern("*"))
    assert plan.blocked
    dkim = "DKIM selector of example.com that SES signs with (current)"
    assert _errors(plan) == [
        (
            "ignore-everything",
            "migration:ignore",
            "the patterns (*) leave alone every one of the 20 record sets the plan would copy: nothing is "
            "copied to Cloudflare, and the decommission deletes the Route53 zone with all its record sets; "
            "narrow the patterns to the records others manage",
        ),
        *(_ses_error(f"{t}._domainkey.example.com CNAME", dkim, "*") for t in CURRENT),
        _ses_error("mail.example.com MX", "the MX of the SES MAIL FROM domain mail.example.com", "*"),
        _ses_error("mail.example.com TXT", "the SPF of the SES MAIL FROM domain mail.example.com", "*"),
        (
            "ses-record-ignored",
            "_amazonses.example.com TXT",
            "the SES domain verification record of example.com (SES identity in ap-northeast-1): "
            f"{LEFT_ALONE.format('*')}, {NOT_COPIED}, and SES marks the identity failed once it finds the record "
            "gone (it re-checks for up to 72 hours); narrow the migration:ignore pattern so it is copied",
        ),
    ]
    assert [s for s, _ in _warnings(plan, "dmarc-ignored")] == ["_dmarc.example.com TXT"]
    email = plan.email
    assert [(s.name.split(".")[0], s.state, s.action) for s in email.selectors] == [
        *((t, "current", "not copied: " + LEFT_ALONE.format("*")) for t in CURRENT),
        *((t, "stale", "not copied: SES does not list this token; deleted with the Route53 zone") for t in STALE),
        ("google", "other", "not copied: " + LEFT_ALONE.format("*")),
    ]
    assert [m.detail for m in email.mail_from] == [
        f"MX not published: the record set is skipped: {LEFT_ALONE.format('*')}; "
        f"SPF not published: the record set is skipped: {LEFT_ALONE.format('*')}"
    ]
    assert email.notes == (
        "_amazonses.example.com TXT: SES domain verification record, not copied: skipped: " + LEFT_ALONE.format("*"),
        "DMARC for example.com: _dmarc.example.com TXT, not copied: skipped: " + LEFT_ALONE.format("*"),
    )


def test_one_ignored_current_selector_is_an_error_the_others_are_copied():
    name = f"{CURRENT[0]}._domainkey.example.com"
    plan = _plan(IgnorePattern(name))
    assert _errors(plan) == [
        _ses_error(f"{name} CNAME", "DKIM selector of example.com that SES signs with (current)", name)
    ]
    assert [(s.name.split(".")[0], s.action) for s in plan.email.selectors if s.state == "current"] == [
        (CURRENT[0], "not copied: " + LEFT_ALONE.format(name)),
        *((t, f"copied: DNS-only CNAME to {t}.dkim.amazonses.com") for t in CURRENT[1:]),
    ]
    assert plan.email.notes == (
        "_amazonses.example.com TXT: SES domain verification record, kept",
        "DMARC for example.com: _dmarc.example.com TXT, kept",
    )


def test_a_missing_selector_the_patterns_cover_is_not_claimed_as_added():
    token = "n3wt0ken0000000000000000000000aa"
    plan = _plan(IgnorePattern("*._domainkey.*", ("CNAME",)), ses=data(identity(tokens=(*CURRENT, token))))
    missing = [s for s in plan.email.selectors if s.state == "missing"]
    assert [(s.name, s.action) for s in missing] == [
        (f"{token}._domainkey.example.com", "not added: " + LEFT_ALONE.format("*._domainkey.* CNAME"))
    ]
    # The policy's "the plan adds the CNAME" warning is gone; the error says what happens instead.
    assert not [f for f in plan.findings if f.code == "dkim-missing"]
    assert ("ses-record-ignored", f"{token}._domainkey.example.com CNAME") in [(c, s) for c, s, _ in _errors(plan)]
    assert not any(r.record.name.startswith(token) for r in plan.declared() if r.record is not None)


def test_an_ignored_selector_of_another_provider_is_shown_not_copied_without_error():
    plan = _plan(IgnorePattern("google._domainkey.*"))
    assert _errors(plan) == []
    google = next(s for s in plan.email.selectors if s.name.startswith("google."))
    assert (google.state, google.action) == ("other", "not copied: " + LEFT_ALONE.format("google._domainkey.*"))


def test_ignoring_the_ses_verification_record_of_a_known_identity_is_an_error():
    plan = _plan(IgnorePattern(VERIFY, ("TXT",)))
    assert plan.blocked
    assert _errors(plan) == [
        (
            "ses-record-ignored",
            "_amazonses.example.com TXT",
            "the SES domain verification record of example.com (SES identity in ap-northeast-1): "
            f"{LEFT_ALONE.format('_amazonses.example.com TXT')}, {NOT_COPIED}, and SES marks the identity failed "
            "once it finds the record gone (it re-checks for up to 72 hours); narrow the migration:ignore pattern "
            "so it is copied",
        )
    ]


def test_ignoring_a_verification_record_ses_was_not_asked_about_is_a_warning():
    plan = _plan(IgnorePattern("_amazonses.*"), ses=None)
    assert _errors(plan) == []
    assert _warnings(plan, "ses-verification-ignored") == [
        (
            "_amazonses.example.com TXT",
            f"the SES domain verification record of example.com: {LEFT_ALONE.format('_amazonses.*')}, {NOT_COPIED}; "
            "SES was not read for example.com, so whether an identity still needs it is not known: if one does, SES "
            "marks it failed once it finds the record gone; check SES, or narrow the migration:ignore pattern so it "
            "is copied",
        )
    ]


def test_a_verification_record_of_no_identity_ses_knows_is_left_alone_quietly():
    # SES was read for example.com and has no identity of it: the record verifies nothing.
    no_identity = SesData(checked=frozenset({dns.name.from_text("example.com.")}), regions=("ap-northeast-1",))
    plan = _plan(IgnorePattern(VERIFY), ses=no_identity)
    assert [f for f in plan.findings if "_amazonses" in f.subject] == []


def test_ignoring_the_dmarc_record_warns_naming_it_and_the_policy_lost():
    plan = _plan(IgnorePattern("_dmarc.*", ("TXT",)))
    assert _errors(plan) == []
    assert _warnings(plan, "dmarc-ignored") == [
        (
            "_dmarc.example.com TXT",
            f'the DMARC record of example.com ("v=DMARC1; p=none;"): {LEFT_ALONE.format("_dmarc.* TXT")}, '
            f"{NOT_COPIED}: mail still flows, but receivers lose the domain's DMARC policy and reports; no other "
            "DMARC record covers example.com; publish it where the records are managed, or narrow the "
            "migration:ignore pattern so it is copied",
        )
    ]


def test_a_subdomains_ignored_dmarc_record_names_the_policy_receivers_fall_back_to():
    snap = snapshot_file.read(
        EXAMPLE / "route53-example.com.json", zone="example.com", hosted_zone_id="Z0EXAMPLE1234567890AB"
    )
    sub = rrset("_dmarc.shop.example.com.", "TXT", '"v=DMARC1; p=reject; rua=mailto:d@example.com"')
    snap = replace(snap, record_sets=snap.record_sets + zones.snapshot(sub).record_sets)
    plan = build(replace(SETTINGS, ignore=(IgnorePattern("_dmarc.shop.example.com"),)), snap, ses=SES)
    assert _warnings(plan, "dmarc-ignored") == [
        (
            "_dmarc.shop.example.com TXT",
            'the DMARC record of shop.example.com ("v=DMARC1; p=reject; rua=mailto:d@example.com"): '
            f"{LEFT_ALONE.format('_dmarc.shop.example.com')}, {NOT_COPIED}: mail still flows, but receivers lose "
            "the domain's DMARC policy and reports; they fall back to _dmarc.example.com TXT (RFC 7489 section "
            "6.6.3); publish it where the records are managed, or narrow the migration:ignore pattern so it is "
            "copied",
        )
    ]
