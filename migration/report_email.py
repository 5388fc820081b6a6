"""The Email section's content, shared by every plan format (:mod:`migration.report` for text and
JSON, :mod:`migration.report_markdown`): what each selector, MAIL FROM domain and SES identity
shows. Only reads :class:`~migration.email.EmailPlan`.
"""

from __future__ import annotations

from typing import Any

from .email import EmailPlan
from .model import SesIdentity

SELECTOR_HEADERS = ["state", "selector", "type", "SES DKIM status", "action"]
MAIL_FROM_HEADERS = ["MAIL FROM domain", "identity", "region", "SES status", "MX", "SPF", "detail"]


def to_dict(email: EmailPlan) -> dict[str, Any]:
    """The ``email`` object of the JSON plan (see docs/plan-json.md)."""
    return {
        "sesChecked": email.checked,
        "identities": [
            {
                "domain": i.domain.to_text(omit_final_dot=True),
                "region": i.region,
                "dkimOrigin": i.dkim_origin,
                "dkimStatus": i.dkim_status,
                "signingEnabled": i.signing_enabled,
                "tokens": list(i.tokens),
                "mailFromDomain": i.mail_from.to_text(omit_final_dot=True) if i.mail_from else None,
                "mailFromStatus": i.mail_from_status,
                "verificationStatus": i.verification_status,
                "source": i.source,
            }
            for i in email.identities
        ],
        "selectors": [
            {
                "name": s.name,
                "domain": s.domain,
                "type": s.rtype or None,
                "state": s.state,
                "sesDkimStatus": s.ses_status,
                "action": s.action,
            }
            for s in email.selectors
        ],
        "mailFrom": [
            {
                "domain": m.domain,
                "identity": m.identity,
                "region": m.region,
                "sesStatus": m.ses_status,
                "mx": m.mx,
                "spf": m.spf,
                "detail": m.detail,
            }
            for m in email.mail_from
        ],
        "notes": list(email.notes),
    }


def identity_line(i: SesIdentity) -> str:
    """One line per SES identity: domain, region, DKIM status and kind, MAIL FROM."""
    kind = "BYODKIM" if i.byodkim else "Easy DKIM"
    signing = "signing enabled" if i.signing_enabled else "signing disabled"
    mail_from = (
        f"MAIL FROM {i.mail_from.to_text(omit_final_dot=True)} {i.mail_from_status or '?'}"
        if i.mail_from
        else "no custom MAIL FROM"
    )
    return (
        f"{i.domain.to_text(omit_final_dot=True)} ({i.region}): DKIM {i.dkim_status or '?'} "
        f"({kind}, {signing}); {mail_from}"
    )


def selector_rows(email: EmailPlan) -> list[list[str]]:
    """Rows under :data:`SELECTOR_HEADERS`."""
    return [[s.state, s.name, s.rtype or "-", s.ses_status or "-", s.action] for s in email.selectors]


def mail_from_rows(email: EmailPlan) -> list[list[str]]:
    """Rows under :data:`MAIL_FROM_HEADERS`."""
    return [[m.domain, m.identity, m.region, m.ses_status or "-", m.mx, m.spf, m.detail] for m in email.mail_from]
