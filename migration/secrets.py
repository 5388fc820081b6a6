"""Credentials the migration needs, and the guarantee that none is ever printed.

The Cloudflare API token reaches Pulumi's Cloudflare provider from the stack's secret config
``cloudflare:apiToken`` (``pulumi config set --secret cloudflare:apiToken``, stored encrypted as
``{secure: ...}``) or from the environment variable ``CLOUDFLARE_API_TOKEN`` (the provider reads
both: pulumi-cloudflare provider configuration docs). The offline commands never need it. Two
rules follow:

* a stack file holding a credential in plain text is an error of the plan (the value is not
  shown, only the key and the file), because the file is committed and reviewed;
* everything the command line writes, and every error the Pulumi program raises, passes through
  :func:`redact`, which replaces any known credential value (the environment's Cloudflare token
  and AWS secret key and session token, a plain-text config value) with ``[secret]``;
* an error about a line of an input file quotes it only through :func:`excerpt`: shortened, and
  not at all when it looks like a credential (``AWS_SECRET_ACCESS_KEY=...``, ``*_TOKEN=``,
  ``*_KEY=``, anything with ``SECRET``), holds a long opaque token (a key's body) or is not text
  (control characters, as in ``/proc/self/environ``), whatever file the path named.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Mapping

from .model import Finding

TOKEN_ENV = "CLOUDFLARE_API_TOKEN"
# Environment variables holding credentials: Cloudflare's token, AWS's secret key and session token
# (AWS CLI user guide, "Environment variables to configure the AWS CLI").
SECRET_ENV = (TOKEN_ENV, "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "CLOUDFLARE_API_KEY")
# Config keys that hold credentials (Pulumi provider config of Cloudflare and AWS).
SECRET_CONFIG_KEYS = (
    "cloudflare:apiToken",
    "cloudflare:apiKey",
    "cloudflare:apiUserServiceKey",
    "aws:accessKey",
    "aws:secretKey",
    "aws:token",
)
REDACTED = "[secret]"
# Shorter values are not redacted: replacing every "a" in a report would hide more than it protects.
MIN_SECRET_LENGTH = 8


def plain_text_secrets(config: Mapping[str, Any]) -> dict[str, str]:
    """The credential keys of a stack file's ``config:`` mapping stored in plain text (not as
    Pulumi's encrypted ``{secure: ...}``), key to value."""
    return {
        key: str(config[key])
        for key in SECRET_CONFIG_KEYS
        if key in config and not (isinstance(config[key], dict) and "secure" in config[key])
    }


def findings(config: Mapping[str, Any], stack_file: str) -> list[Finding]:
    """One error per credential stored in plain text in ``stack_file``; the value is not shown."""
    return [
        Finding(
            "error",
            "secret-in-plain-text",
            key,
            f"{key} is stored in plain text in {stack_file}: remove it, rotate the credential, and set it "
            f"with 'pulumi config set --secret {key}' (or the environment, e.g. {TOKEN_ENV} in CI)",
        )
        for key in plain_text_secrets(config)
    ]


def known_values(environ: Mapping[str, str], config: Mapping[str, Any] | None = None) -> list[str]:
    """Credential values to redact: those of the environment's :data:`SECRET_ENV` variables and
    plain-text config credentials."""
    values = [environ.get(name, "") for name in SECRET_ENV] + list(plain_text_secrets(config or {}).values())
    return sorted({v for v in values if len(v) >= MIN_SECRET_LENGTH}, key=len, reverse=True)


def redact(text: str, values: list[str]) -> str:
    """``text`` with every occurrence of each value in ``values`` replaced by ``[secret]``."""
    for value in values:
        text = text.replace(value, REDACTED)
    return text


class RedactingWriter:
    """Hands text on to ``write`` with every known value redacted as :func:`redact` does, for
    output written in pieces (a value may be cut between two pieces): the last
    ``len(longest value) - 1`` characters are held back until more text comes or :meth:`close`.
    With no values, text passes straight through."""

    def __init__(self, write: Callable[[str], Any], values: list[str]):
        self._write = write
        self._values = values
        self._keep = max((len(v) for v in values), default=1) - 1
        self._held = ""

    def write(self, text: str) -> None:
        if not self._values:
            self._write(text)
            return
        text = redact(self._held + text, self._values)
        cut = max(len(text) - self._keep, 0)
        self._held = text[cut:]
        if cut:
            self._write(text[:cut])

    def close(self) -> None:
        """Hand on the text held back."""
        if self._held:
            self._write(self._held)
            self._held = ""


# What a credential looks like in a line of text: a variable or key named like one (``*_TOKEN``,
# ``*_KEY``, ``*SECRET*``, passwords, AWS's access key id) or a PEM private key.
_CREDENTIAL = re.compile(
    r"secret|passw|credential|_token\b|_key\b|api[_-]?key|access[_-]?key|"
    r"private key|\bAKIA[0-9A-Z]{12}|\bASIA[0-9A-Z]{12}",
    re.IGNORECASE,
)
# Characters no line of a zone file or JSON holds as such (NUL separates /proc/*/environ).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# A long opaque token (a key's base64 body, an API token): 32 or more letters, digits and base64 or
# URL-safe punctuation without a break. Such a line is not quoted even without a telling name.
_OPAQUE = re.compile(r"[A-Za-z0-9+/=_-]{32,}")
# A zone-file record line (a type among its fields): its long tokens are DNS data (a DKIM key, a
# verification token published in a TXT record), public by design.
_RECORD_LINE = re.compile(
    r"\s(A|AAAA|CAA|CNAME|DS|HTTPS|MX|NAPTR|NS|PTR|SOA|SPF|SRV|SSHFP|SVCB|TLSA|TXT)\s", re.IGNORECASE
)
EXCERPT_LENGTH = 60


def looks_like_credential(line: str) -> bool:
    """Whether ``line`` looks like it holds a credential (see :func:`excerpt`)."""
    return bool(_CREDENTIAL.search(line))


def excerpt(line: str, limit: int = EXCERPT_LENGTH) -> str:
    """How an error message may quote a line of an input file: ``'the line'`` (its first ``limit``
    characters then ``...`` when longer), or a note saying why it is not shown: it looks like a
    credential (:func:`looks_like_credential`), holds control characters (not a line of a text
    format this tool reads) or, outside a zone-file record line, a long opaque token (32 or more
    base64 characters in a row: a private key's body, a bare API token)."""
    text = line.strip()
    if looks_like_credential(text):
        return "(the line is not shown: it looks like a credential)"
    if _CONTROL.search(text):
        return "(the line is not shown: it holds control characters, so it is not zone-file or JSON text)"
    if _OPAQUE.search(text) and not _RECORD_LINE.search(text):
        return "(the line is not shown: it holds a long token that may be a key)"
    return repr(text if len(text) <= limit else text[:limit] + "...")
