"""``migration:ignore`` and what the plan claims: patterns that leave nothing to copy are an error
(the decommission would delete every record set with nothing in its place), and the Email section
never says a record is copied, kept or added when the patterns leave it alone; an SES record left
alone (DKIM selector, MAIL FROM MX/SPF) is an error naming it. Zone: the reference scenario."""

from __future__ import annotations

from dataclasses import replace

from migration.ignore import IgnorePattern
from migration.plan import build
from migration.sources import ses as ses_source
from migration.sources import snapshot as snapshot_file
from tests.conftest import EXAMPLE
from tests.test_email import CURRENT, SETTINGS, STALE, data, identity

SES = ses_source.read_files([EXAMPLE / "sesv2-example.com.json"])
LEFT_ALONE = "left alone (ignored by setting migration:ignore: {})"


def _plan(*patterns: IgnorePattern, ses=SES):
    snap = snapshot_file.read(
        EXAMPLE / "route53-example.com.json", zone="example.com", hosted_zone_id="Z0EXAMPLE1234567890AB"
    )
    return build(replace(SETTINGS, ignore=patterns), snap, ses=ses)


def _errors(plan):
    return [(f.code, f.subject, f.message) for f in plan.findings if f.severity == "error"]


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
    ]
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
