"""Credentials the migration needs, and the guarantee that none is ever printed.

The Cloudflare API token reaches Pulumi's Cloudflare provider from the stack's secret config
``cloudflare:apiToken`` (``pulumi config set --secret cloudflare:apiToken``, stored encrypted as
``{secure: ...}``) or from the environment variable ``CLOUDFLARE_API_TOKEN`` (the provider reads
both: pulumi-cloudflare provider configuration docs). The offline commands never need it. Two
rules follow:

* a stack file holding a credential in plain text is an error of the plan (the value is not
  shown, only the key and the file), because the file is committed and reviewed;
* everything the command line writes passes through :func:`redact`, which replaces any known
  credential value (the environment's token, a plain-text config value) with ``[secret]``.
"""

from __future__ import annotations

from typing import Any, Mapping

from .model import Finding

TOKEN_ENV = "CLOUDFLARE_API_TOKEN"
# Config keys that hold credentials (Pulumi provider config of Cloudflare and AWS).
SECRET_CONFIG_KEYS = ("cloudflare:apiToken", "cloudflare:apiKey", "cloudflare:apiUserServiceKey",
                      "aws:accessKey", "aws:secretKey", "aws:token")
REDACTED = "[secret]"
# Shorter values are not redacted: replacing every "a" in a report would hide more than it protects.
MIN_SECRET_LENGTH = 8


def plain_text_secrets(config: Mapping[str, Any]) -> dict[str, str]:
    """The credential keys of a stack file's ``config:`` mapping stored in plain text (not as
    Pulumi's encrypted ``{secure: ...}``), key to value."""
    return {key: str(config[key]) for key in SECRET_CONFIG_KEYS
            if key in config and not (isinstance(config[key], dict) and "secure" in config[key])}


def findings(config: Mapping[str, Any], stack_file: str) -> list[Finding]:
    """One error per credential stored in plain text in ``stack_file``; the value is not shown."""
    return [Finding("error", "secret-in-plain-text", key,
                    f"{key} is stored in plain text in {stack_file}: remove it, rotate the credential, and set it "
                    f"with 'pulumi config set --secret {key}' (or the environment, e.g. {TOKEN_ENV} in CI)")
            for key in plain_text_secrets(config)]


def known_values(environ: Mapping[str, str], config: Mapping[str, Any] | None = None) -> list[str]:
    """Credential values to redact: the environment's token and plain-text config credentials."""
    values = [environ.get(TOKEN_ENV, "")] + list(plain_text_secrets(config or {}).values())
    return sorted({v for v in values if len(v) >= MIN_SECRET_LENGTH}, key=len, reverse=True)


def redact(text: str, values: list[str]) -> str:
    """``text`` with every occurrence of each value in ``values`` replaced by ``[secret]``."""
    for value in values:
        text = text.replace(value, REDACTED)
    return text
