"""The email policy as a step before translation (migration.email.classify -> EmailPolicy),
applied once by migration.translate.translate, and what the Email section then says
(migration.email.settle).

On data alone: the decisions are checked as data (rewrites, added records), then translated.
The SES facts are from the Amazon SES developer guide (see migration.email): a custom MAIL FROM
domain needs MX ``10 feedback-smtp.<region>.amazonses.com`` and one SPF TXT including
``amazonses.com``; RFC 7208 section 4.5: two SPF records at one name are a permanent error.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import dns.name
import dns.rdata
from hypothesis import given
from hypothesis import strategies as st

from migration import email
from migration.model import CloudflareRecord, Decision, Finding, Rewrite, SesData, SesIdentity
from migration.plan import build
from migration.settings import Settings
from migration.translate import translate
from tests.support.zones import APEX_SOA, rrset, snapshot

EXAMPLE = dns.name.from_text("example.com.")
MAIL = dns.name.from_text("mail.example.com.")
TOKENS = ("tok1aaaaaaaaaaaaaaaaaaaaaaaaaaaa", "tok2bbbbbbbbbbbbbbbbbbbbbbbbbbbb")
SES_MX = "10 feedback-smtp.ap-northeast-1.amazonses.com"
SES_SPF = '"v=spf1 include:amazonses.com ~all"'
# build() takes the snapshot as data: the settings' snapshot path is never read.
SETTINGS = Settings(
    stack="test",
    zone="example.com",
    snapshot=Path("route53.json"),
    hosted_zone_id="ZOWNZONE0000001",
    cloudflare_account_id="acct",
)


def ses(tokens=TOKENS) -> SesData:
    ident = SesIdentity(
        domain=EXAMPLE,
        region="ap-northeast-1",
        tokens=tuple(tokens),
        dkim_status="SUCCESS",
        signing_enabled=True,
        mail_from=MAIL,
        mail_from_status="SUCCESS",
        source="test",
    )
    return SesData(identities=(ident,), checked=frozenset({EXAMPLE}), regions=("ap-northeast-1",))


def zone(*raws, mx=True, spf=True):
    base = [APEX_SOA, rrset("_dmarc.example.com.", "TXT", '"v=DMARC1; p=none"')]
    base += [rrset(f"{t}._domainkey.example.com.", "CNAME", f"{t}.dkim.amazonses.com") for t in TOKENS]
    if mx:
        base.append(rrset("mail.example.com.", "MX", SES_MX))
    if spf:
        base.append(rrset("mail.example.com.", "TXT", SES_SPF))
    return snapshot(*base, *raws)


def labelled(snap, label):
    return next(rs for rs in snap.record_sets if rs.label == label)


def rd(rtype: str, text: str) -> dns.rdata.Rdata:
    return dns.rdata.from_text("IN", rtype, text)


def applied(snap, data, routing=None):
    policy = email.classify(snap, data, routing)
    translation = translate(snap, (), routing, policy.rewrites, policy.added)
    return policy, translation, email.settle(policy, translation)


# -- the decisions, as data, before any translation


def test_a_zone_as_ses_wants_it_gets_no_rewrite_and_nothing_added():
    policy = email.classify(zone(), ses())
    assert (policy.rewrites, policy.added) == ({}, ())
    assert [s.state for s in policy.plan.selectors] == ["current", "current"]


def test_a_stale_selector_is_decided_skipped_before_translation():
    snap = zone(
        rrset(
            "oldtokenccccccccccccccccccccccc._domainkey.example.com.",
            "CNAME",
            "oldtokenccccccccccccccccccccccc.dkim.amazonses.com",
        )
    )
    stale = labelled(snap, "oldtokenccccccccccccccccccccccc._domainkey.example.com. CNAME")
    policy = email.classify(snap, ses())
    assert policy.rewrites == {
        stale.index_key: Rewrite(
            "stale DKIM selector: SES (ap-northeast-1) does not list token oldtokenccccccccccccccccccccccc; not copied, "
            "deleted with the Route53 zone"
        )
    }


def test_a_wrong_selector_is_decided_replaced_by_the_cname_ses_expects():
    snap = zone(rrset(f"{TOKENS[0]}._domainkey.example.com.", "TXT", '"v=DKIM1; p=old"', ttl=30))
    # zone() already has the CNAME of TOKENS[0]: drop it, keep the TXT that replaced it.
    snap = replace(
        snap,
        record_sets=tuple(rs for rs in snap.record_sets if rs.label != f"{TOKENS[0]}._domainkey.example.com. CNAME"),
    )
    wrong = labelled(snap, f"{TOKENS[0]}._domainkey.example.com. TXT")
    rewrite = email.classify(snap, ses()).rewrites[wrong.index_key]
    assert rewrite.replacement == replace(
        wrong, rtype="CNAME", rdatas=(rd("CNAME", f"{TOKENS[0]}.dkim.amazonses.com."),)
    )
    assert rewrite.reason == (
        'DKIM selector SES lists, but the record was TXT "v=DKIM1; p=old": replaced by the CNAME SES expects'
    )


def test_mail_from_decisions_replace_the_values_and_keep_the_rest():
    snap = zone(
        rrset("mail.example.com.", "MX", "20 mx.example.net.", ttl=600),
        rrset("mail.example.com.", "TXT", '"google-site-verification=x"', '"v=spf1 -all"', '"z=1"'),
        mx=False,
        spf=False,
    )
    mx, txt = labelled(snap, "mail.example.com. MX"), labelled(snap, "mail.example.com. TXT")
    policy = email.classify(snap, ses())
    assert policy.rewrites[mx.index_key] == Rewrite(
        "MAIL FROM MX was 20 mx.example.net.; replaced by 10 feedback-smtp.ap-northeast-1.amazonses.com",
        replace(mx, rdatas=(rd("MX", SES_MX + "."),)),
    )
    assert policy.rewrites[txt.index_key] == Rewrite(
        'MAIL FROM SPF was v=spf1 -all; replaced by "v=spf1 include:amazonses.com ~all"',
        replace(txt, rdatas=(rd("TXT", '"google-site-verification=x"'), rd("TXT", '"z=1"'), rd("TXT", SES_SPF))),
    )
    assert policy.added == ()


def test_missing_ses_records_are_decided_as_additions_with_the_automatic_ttl():
    snap = zone(mx=False, spf=False)
    snap = replace(snap, record_sets=tuple(rs for rs in snap.record_sets if not rs.label.startswith(TOKENS[1])))
    policy = email.classify(snap, ses())
    assert policy.rewrites == {}
    source = "SES MAIL FROM mail.example.com"
    assert policy.added == (
        CloudflareRecord(
            name=f"{TOKENS[1]}._domainkey.example.com",
            type="CNAME",
            ttl=1,
            content=f"{TOKENS[1]}.dkim.amazonses.com",
            source="SES identity example.com (ap-northeast-1)",
        ),
        CloudflareRecord(
            name="mail.example.com",
            type="MX",
            ttl=1,
            content="feedback-smtp.ap-northeast-1.amazonses.com",
            priority=10,
            source=source,
        ),
        CloudflareRecord(name="mail.example.com", type="TXT", ttl=1, content=SES_SPF, source=source),
    )


# -- applied once, by translation, with every rule of translation


def test_translation_applies_a_rewrite_where_it_makes_the_outcome_with_the_ttl_rule():
    snap = zone(rrset("mail.example.com.", "MX", "20 mx.example.net.", ttl=30), mx=False)
    _, translation, _ = applied(snap, ses())
    outcome = next(o for o in translation.outcomes if o.record_set.label == "mail.example.com. MX")
    assert (outcome.status, outcome.reason) == (
        "translated",
        "MAIL FROM MX was 20 mx.example.net.; replaced by 10 feedback-smtp.ap-northeast-1.amazonses.com",
    )
    assert outcome.records == (
        CloudflareRecord(
            name="mail.example.com",
            type="MX",
            ttl=60,
            content="feedback-smtp.ap-northeast-1.amazonses.com",
            priority=10,
            source="mail.example.com. MX",
        ),
    )
    assert (
        Finding(
            "warning", "ttl-clamped", "mail.example.com. MX", "TTL 30 s is below Cloudflare's minimum; raised to 60 s"
        )
        in translation.findings
    )


def test_a_rewrite_of_a_record_set_routing_settled_is_not_applied():
    routed = [
        rrset("mail.example.com.", "MX", "20 a.example.net.", SetIdentifier="a", Weight=1),
        rrset("mail.example.com.", "MX", "20 b.example.net.", SetIdentifier="b", Weight=1),
    ]
    snap = zone(*routed, mx=False)
    first = labelled(snap, "mail.example.com. MX [a]")
    rewrite = Rewrite("replaced", replace(first, rdatas=(rd("MX", SES_MX + "."),), routing=None))
    translation = translate(snap, rewrites={first.index_key: rewrite})
    outcome = next(o for o in translation.outcomes if o.record_set.label == "mail.example.com. MX [a]")
    assert outcome.status == "refused" and outcome.reason.startswith("weighted routing policy: mail.example.com. MX")


# -- the MAIL FROM SPF of a TXT record set that translation refuses or routing keeps


LONG = " ".join(['"' + "a" * 250 + '"'] * 9)  # 2,276 characters as Cloudflare stores it: over 2,048


def test_a_refused_mail_from_txt_stays_refused_with_nothing_dropped_or_half_published():
    """Before: the refusal (a value over Cloudflare's 2,048 characters) was overwritten by
    "translated" with only the SES SPF value; the other values vanished from the outcome, and
    not even the SPF was declared, while the Email section said "SPF replaced"."""
    snap = zone(rrset("mail.example.com.", "TXT", '"v=spf1 -all"', '"site-verification=abc"', LONG), spf=False)
    plan = build(SETTINGS, snap, ses=ses())
    outcome = next(o for o in plan.translation.outcomes if o.record_set.label == "mail.example.com. TXT")
    assert (outcome.status, outcome.records) == ("refused", ())
    assert outcome.reason == (
        "a TXT value is 2276 characters as Cloudflare stores it (quoted strings); Cloudflare allows "
        "at most 2,048 a record: shorten it or split it over several names"
    )
    assert [r for r in plan.translation.records if r.name == "mail.example.com" and r.type == "TXT"] == []
    assert plan.email.mail_from[0].spf == "wrong"
    assert plan.email.mail_from[0].detail == (
        "MX 10 feedback-smtp.ap-northeast-1.amazonses.com copied; SPF not published: the record set is refused: "
        "a TXT value is 2276 characters as Cloudflare stores it (quoted strings); Cloudflare allows at most 2,048 a "
        "record: shorten it or split it over several names"
    )
    assert not any(f.code.startswith("mail-from-spf") for f in plan.findings)
    assert plan.blocked


def test_a_mail_from_txt_refused_for_a_cname_beside_it_is_not_published_against_the_refusal():
    snap = zone(
        rrset("mail.example.com.", "CNAME", "elsewhere.example.net."),
        rrset("mail.example.com.", "TXT", '"v=spf1 -all"', '"site-verification=abc"'),
        mx=False,
        spf=False,
    )
    plan = build(SETTINGS, snap, ses=ses())
    statuses = {o.record_set.label: o.status for o in plan.translation.outcomes if o.record_set.name == MAIL}
    assert statuses == {"mail.example.com. CNAME": "refused", "mail.example.com. TXT": "refused"}
    assert not any(r.name == "mail.example.com" and r.type in ("CNAME", "TXT") for r in plan.translation.records)


def test_the_txt_set_routing_keeps_gets_one_spf_and_keeps_its_other_values():
    """Before: the kept set's own SPF was not looked at (routing sets were invisible to the
    email check), so the SES SPF was added beside it: two SPF records, a permanent error."""
    routed = [
        rrset("mail.example.com.", "TXT", '"v=spf1 -all"', '"site-verification=abc"', SetIdentifier="a", Weight=1),
        rrset("mail.example.com.", "TXT", '"v=spf1 -all"', '"site-verification=def"', SetIdentifier="b", Weight=1),
    ]
    settings = replace(SETTINGS, routing={MAIL: Decision(keep="a")})
    plan = build(settings, zone(*routed, spf=False), ses=ses())
    txt = [r.content for r in plan.translation.records if r.name == "mail.example.com" and r.type == "TXT"]
    assert txt == ['"site-verification=abc"', SES_SPF]
    kept = next(o for o in plan.translation.outcomes if o.record_set.label == "mail.example.com. TXT [a]")
    assert kept.reason == (
        "migration:routing keeps set 'a'; MAIL FROM SPF was v=spf1 -all; replaced by "
        '"v=spf1 include:amazonses.com ~all"'
    )
    assert (plan.email.mail_from[0].spf, plan.email.mail_from[0].detail) == (
        "wrong",
        "MX 10 feedback-smtp.ap-northeast-1.amazonses.com copied; SPF replaced",
    )


def test_a_selector_translation_refuses_is_shown_with_that_refusal_not_as_decided():
    name = f"{TOKENS[0]}._domainkey.example.com."
    snap = zone(rrset(name, "TXT", '"v=DKIM1; p=x"'))  # a TXT beside the CNAME: Cloudflare refuses both
    _, translation, section = applied(snap, None)  # SES not asked: the CNAME is copied unchecked, the TXT as it is
    outcomes = {o.record_set.label: o for o in translation.outcomes if o.record_set.name.to_text() == name}
    assert {label: o.status for label, o in outcomes.items()} == {name + " CNAME": "refused", name + " TXT": "refused"}
    rows = {s.rtype: (s.state, s.ses_status, s.action) for s in section.selectors if s.name == name.rstrip(".")}
    assert rows == {
        "CNAME": ("other", "", f"refused: {outcomes[name + ' CNAME'].reason}"),
        "TXT": ("other", "", f"refused: {outcomes[name + ' TXT'].reason}"),
    }


def test_a_record_beside_a_current_selector_is_replaced_by_the_cname_ses_expects_not_refused():
    """The policy decides before the conflict rule: SES lists the token, so every record set at
    the selector's name is to be the CNAME SES expects; both then publish that one CNAME."""
    name = f"{TOKENS[0]}._domainkey.example.com."
    plan = build(SETTINGS, zone(rrset(name, "TXT", '"v=DKIM1; p=x"')), ses=ses())
    assert [(r.type, r.content) for r in plan.translation.records if r.name == name.rstrip(".")] == [
        ("CNAME", f"{TOKENS[0]}.dkim.amazonses.com")
    ]
    assert [(s.rtype, s.state) for s in plan.email.selectors if s.name == name.rstrip(".")] == [
        ("CNAME", "current"),
        ("TXT", "wrong"),
    ]
    assert not plan.blocked


TXT_VALUES = st.lists(
    st.one_of(
        st.sampled_from(['"v=spf1 -all"', '"v=spf1 include:_spf.google.com ~all"', '"V=SPF1 mx -all"']),
        st.from_regex(r'"[a-u][a-z0-9=._-]{0,20}"', fullmatch=True),
    ),
    min_size=1,
    max_size=6,
    unique=True,
)


@given(TXT_VALUES)
def test_the_mail_from_txt_always_ends_with_one_spf_and_every_other_value_in_order(values):
    snap = zone(rrset("mail.example.com.", "TXT", *values), spf=False)
    _, translation, _ = applied(snap, ses())
    published = [r.content for r in translation.records if r.name == "mail.example.com" and r.type == "TXT"]
    others = [v for v in values if not v.lower().startswith('"v=spf1')]
    assert published == others + [SES_SPF]


def test_nothing_is_added_beside_a_cname_at_the_mail_from_domain():
    """Cloudflare allows no record beside a CNAME (away from the apex): the MX and SPF SES needs
    would be refused on apply, so the plan does not declare them and says why."""
    snap = zone(rrset("mail.example.com.", "CNAME", "bounce.example.net."), mx=False, spf=False)
    plan = build(SETTINGS, snap, ses=ses())
    assert [(r.type, r.content) for r in plan.translation.records if r.name == "mail.example.com"] == [
        ("CNAME", "bounce.example.net")
    ]
    row = plan.email.mail_from[0]
    assert (row.mx, row.spf, row.detail) == (
        "missing",
        "missing",
        "MX 10 feedback-smtp.ap-northeast-1.amazonses.com not added (mail.example.com. CNAME "
        "stands there); SPF not added (mail.example.com. CNAME stands there)",
    )
    assert [(f.code, f.message) for f in plan.findings if f.subject.startswith("mail.example.com.")] == [
        (
            "mail-from-mx-missing",
            "the MAIL FROM domain has no MX: SES cannot use it now; mail.example.com. CNAME is a "
            "CNAME in Cloudflare, which allows no other record beside it, so the plan cannot add MX "
            "10 feedback-smtp.ap-northeast-1.amazonses.com: remove it, or choose another MAIL FROM "
            "domain",
        ),
        (
            "mail-from-spf-missing",
            "the MAIL FROM domain has no SPF record; mail.example.com. CNAME is a CNAME in "
            "Cloudflare, which allows no other record beside it, so the plan cannot add "
            '"v=spf1 include:amazonses.com ~all": remove it, or choose another MAIL FROM domain',
        ),
    ]


def test_nothing_is_added_beside_an_alias_that_becomes_a_cname_but_beside_a_plain_address():
    cloudfront = rrset(
        "mail.example.com.",
        "A",
        AliasTarget={
            "HostedZoneId": "Z2FDTNDATAQYW2",
            "DNSName": "d111111abcdef8.cloudfront.net.",
            "EvaluateTargetHealth": False,
        },
    )
    policy = email.classify(zone(cloudfront, mx=False, spf=False), ses())
    assert policy.added == ()
    assert policy.plan.mail_from[0].detail == (
        "MX 10 feedback-smtp.ap-northeast-1.amazonses.com not added (mail.example.com. A stands there); "
        "SPF not added (mail.example.com. A stands there)"
    )
    address = email.classify(zone(rrset("mail.example.com.", "A", "192.0.2.1"), mx=False, spf=False), ses())
    assert [(r.type, r.content) for r in address.added] == [
        ("MX", "feedback-smtp.ap-northeast-1.amazonses.com"),
        ("TXT", SES_SPF),
    ]


def test_no_selector_is_called_unchecked_when_translation_refused_the_only_one():
    name = f"{TOKENS[0]}._domainkey.example.com."
    snap = snapshot(APEX_SOA, rrset(name, "CNAME", f"{TOKENS[0]}.dkim.amazonses.com"), rrset(name, "TXT", '"x"'))
    _, _, section = applied(snap, None)
    assert {s.state for s in section.selectors} == {"other"}
    assert [f.code for f in section.findings] == ["dmarc-missing"]  # the selector says the apex sends mail
    # With a selector left to check, the warning stands.
    _, _, section = applied(zone(rrset(name, "TXT", '"x"')), None)
    assert [f.code for f in section.findings] == ["ses-unchecked"]
