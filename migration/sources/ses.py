"""Read the SES identities that cover a zone: live through boto3, or from saved JSON files.

Live (:func:`read_live`): SES v2 ``GetEmailIdentity`` per domain and region (DKIM tokens and
status, signing origin, MAIL FROM domain and status). Where v2 lacks data (no ``Tokens`` for an
Easy DKIM identity, no ``MailFromAttributes``) or refuses (``AccessDenied``: IAM policies may
allow only the v1 actions), SES v1 ``GetIdentityDkimAttributes`` and
``GetIdentityMailFromDomainAttributes`` fill in. Source: Amazon SES API v2 reference,
``GetEmailIdentity``; SES API reference (v1). Retries are botocore's (standard mode).

Files (:func:`read_files`): what ``aws sesv2 get-email-identity --email-identity DOMAIN`` prints,
wrapped with the identity's name and region (the CLI output carries neither)::

    {"region": "ap-northeast-1", "EmailIdentity": "example.com", "GetEmailIdentity": {...}}

A file may hold one such object or a list of them.

SES being unreadable is not an error: the plan still works and says what could not be checked.

botocore and boto3 are imported by the functions that use them, not with the module: the offline
plan reads no AWS, and importing them takes longer than planning a small zone (docs/performance.md).
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any, Iterable

import dns.exception
import dns.name

from ..errors import AwsError, InputError
from ..model import SesData, SesIdentity
from ..names import from_route53, to_cloudflare
from . import files

# SES v1 spells statuses in CamelCase; v2 in upper case with underscores.
_V1_STATUS = {
    "Pending": "PENDING",
    "Success": "SUCCESS",
    "Failed": "FAILED",
    "TemporaryFailure": "TEMPORARY_FAILURE",
    "NotStarted": "NOT_STARTED",
}


def _domain(text: str) -> dns.name.Name:
    return from_route53(text)


def identity_from_v2(domain: dns.name.Name, region: str, response: dict[str, Any], source: str) -> SesIdentity:
    """An :class:`SesIdentity` from a ``GetEmailIdentity`` response (API or CLI output).

    Raises ``ValueError`` (or dnspython's error) for a MAIL FROM domain that is not a name.
    """
    dkim = response.get("DkimAttributes") or {}
    mail = response.get("MailFromAttributes") or {}
    mail_from = mail.get("MailFromDomain")
    return SesIdentity(
        domain=domain,
        region=region,
        tokens=tuple(t.lower() for t in dkim.get("Tokens") or ()),
        dkim_origin=dkim.get("SigningAttributesOrigin") or "AWS_SES",
        dkim_status=dkim.get("Status") or "",
        signing_enabled=bool(dkim.get("SigningEnabled", False)),
        mail_from=_domain(mail_from) if mail_from else None,
        mail_from_status=mail.get("MailFromDomainStatus") or "",
        verification_status=response.get("VerificationStatus") or "",
        source=source,
    )


# -- files


@functools.cache
def _enum(shape: str) -> tuple[str, ...]:
    """The values SES v2 allows for an enum ``shape`` (``DkimStatus``, ``IdentityType``, ...), from
    botocore's service model (the API reference's own data), so a new value needs no change here."""
    import botocore.loaders
    import botocore.model

    # Read with botocore's loader, not a session: a session reads the AWS profile, which offline
    # file checks must not depend on.
    model = botocore.model.ServiceModel(botocore.loaders.create_loader().load_service_model("sesv2", "service-2"))
    return tuple(model.shape_for(shape).enum)


# A region name as AWS spells it (us-east-1, ap-northeast-1, us-gov-west-1): it goes into the
# MAIL FROM MX target feedback-smtp.<region>.amazonses.com.
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-[0-9]+$")
# A DKIM token or BYODKIM selector is one DNS label: <token>._domainkey.<domain>.
_LABEL = re.compile(r"^[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?$")


def _optional(container: dict[str, Any], key: str, kind: type, where: str, problems: list[str]) -> Any:
    """``container[key]`` when absent, ``None`` or of ``kind``; else a problem naming ``where.key``."""
    value = container.get(key)
    if value is not None and (not isinstance(value, kind) or (kind is not bool and isinstance(value, bool))):
        problems.append(f"{where}.{key} must be {_KIND_WORDS[kind]}, not {json.dumps(value)}")
        return None
    return value


_KIND_WORDS = {str: "a string", bool: "true or false", dict: "an object", list: "a list"}


def _one_of(value: str | None, allowed: tuple[str, ...], field: str, problems: list[str]) -> None:
    if value is not None and value not in allowed:
        problems.append(f"{field} is {value!r}; expected one of {', '.join(allowed)}")


def response_problems(response: dict[str, Any], where: str) -> list[str]:
    """What is wrong with the shape of a saved ``GetEmailIdentity`` response (``where`` prefixes
    each field's path): ``DkimAttributes`` and ``MailFromAttributes`` objects, ``Tokens`` a list
    of DNS labels, statuses and origins spelled as SES v2 spells them, the MAIL FROM domain a name.
    Source: Amazon SES API v2 reference, ``GetEmailIdentity`` response elements."""
    problems: list[str] = []
    _one_of(
        _optional(response, "VerificationStatus", str, where, problems),
        _enum("VerificationStatus"),
        f"{where}.VerificationStatus",
        problems,
    )
    dkim = _optional(response, "DkimAttributes", dict, where, problems) or {}
    at = f"{where}.DkimAttributes"
    tokens = _optional(dkim, "Tokens", list, at, problems) or []
    first: dict[str, int] = {}
    for number, token in enumerate(tokens, start=1):
        if not isinstance(token, str) or not _LABEL.match(token):
            problems.append(
                f"{at}.Tokens item {number} must be a DKIM token or selector (one DNS label: letters, "
                f"digits, '-', '_'), not {json.dumps(token)}"
            )
        elif token.lower() in first:
            # SES lists each token once (Easy DKIM: three different ones, one CNAME each; SES
            # developer guide, "Easy DKIM"): a repeat is a damaged or edited file, whose missing
            # tokens would make the zone's current selectors look stale.
            problems.append(
                f"{at}.Tokens item {number} repeats item {first[token.lower()]} ({token}); SES lists each DKIM "
                "token once: save the identity again ('aws sesv2 get-email-identity')"
            )
        else:
            first[token.lower()] = number
    _one_of(_optional(dkim, "Status", str, at, problems), _enum("DkimStatus"), f"{at}.Status", problems)
    _one_of(
        _optional(dkim, "SigningAttributesOrigin", str, at, problems),
        _enum("DkimSigningAttributesOrigin"),
        f"{at}.SigningAttributesOrigin",
        problems,
    )
    _optional(dkim, "SigningEnabled", bool, at, problems)
    mail = _optional(response, "MailFromAttributes", dict, where, problems) or {}
    at = f"{where}.MailFromAttributes"
    mail_from = _optional(mail, "MailFromDomain", str, at, problems)
    if mail_from is not None:
        try:
            to_cloudflare(_domain(mail_from))
        except (ValueError, dns.exception.DNSException) as exc:
            problems.append(f"{at}.MailFromDomain {mail_from!r} is not a domain name: {exc}")
    _one_of(
        _optional(mail, "MailFromDomainStatus", str, at, problems),
        _enum("MailFromDomainStatus"),
        f"{at}.MailFromDomainStatus",
        problems,
    )
    return problems


def _entry(entry: Any, where: str, source: str, problems: list[str]) -> SesIdentity | None:
    """One wrapped identity of a file, or ``None`` (problems appended; an email-address identity
    publishes no DNS records, so it has nothing to check and is left out)."""
    if not isinstance(entry, dict) or not isinstance(entry.get("GetEmailIdentity"), dict):
        problems.append(
            f"{where} has no 'GetEmailIdentity' object; expected "
            '{"region": ..., "EmailIdentity": ..., "GetEmailIdentity": <the output of '
            "'aws sesv2 get-email-identity'>}"
        )
        return None
    name, region = entry.get("EmailIdentity"), entry.get("region")
    if not isinstance(name, str) or not name or not isinstance(region, str) or not region:
        problems.append(
            f"{where}: 'EmailIdentity' (the domain) and 'region' must be given as strings "
            "(the CLI output names neither)"
        )
        return None
    response = entry["GetEmailIdentity"]
    found = len(problems)
    if not _REGION.match(region):
        problems.append(f"{where}: 'region' {region!r} is not an AWS region name such as ap-northeast-1")
    kind = _optional(response, "IdentityType", str, f"{where}: GetEmailIdentity", problems) or "DOMAIN"
    _one_of(kind, _enum("IdentityType"), f"{where}: GetEmailIdentity.IdentityType", problems)
    if kind == "EMAIL_ADDRESS":
        return None
    if "@" in name:
        problems.append(
            f"{where}: 'EmailIdentity' {name!r} is an email address; expected the domain identity "
            "(an email-address identity publishes no DNS records: leave it out)"
        )
    else:
        try:
            domain = _domain(name)
            to_cloudflare(domain)
        except (ValueError, dns.exception.DNSException) as exc:
            problems.append(f"{where}: 'EmailIdentity' {name!r} is not a domain name: {exc}")
    problems.extend(response_problems(response, f"{where}: GetEmailIdentity"))
    if len(problems) > found:
        return None
    return identity_from_v2(domain, region, response, f"{source} ({region})")


def identities_from_document(document: Any, source: str) -> list[SesIdentity]:
    """Identities in a file's JSON (one wrapped object or a list of them); an identity given
    twice with the same content counts once.

    Raises :class:`InputError` naming the file and each problem: a missing or mistyped field (with
    its path), a name that is not a domain, the same identity and region twice with different content.
    """
    entries = document if isinstance(document, list) else [document]
    if not entries:
        # Given on purpose, a file of no identity would leave every selector unchecked, silently.
        raise InputError(
            source,
            [
                'an empty list: the file holds no SES identity; give one {"region": ..., "EmailIdentity": ..., '
                '"GetEmailIdentity": ...} object or a list of them'
            ],
        )
    found: dict[tuple[dns.name.Name, str], tuple[str, SesIdentity]] = {}
    problems: list[str] = []
    for number, entry in enumerate(entries, start=1):
        where = f"entry {number}" if isinstance(document, list) else "the document"
        identity = _entry(entry, where, source, problems)
        if identity is None:
            continue
        key = (identity.domain, identity.region)
        if key in found and found[key][1] != identity:
            problems.append(
                f"{where}: {to_cloudflare(identity.domain)} in {identity.region} is also {found[key][0]}, "
                "with different content: keep one"
            )
        found.setdefault(key, (where, identity))
    if problems:
        raise InputError(source, problems)
    return [identity for _, identity in found.values()]


def read_files(paths: Iterable[Path]) -> SesData:
    """Read SES identity files. The domains they describe count as checked in their regions; an
    identity (domain and region) given in several files with the same content counts once.

    Raises :class:`InputError` for a missing, unreadable or malformed file, or for an identity
    that two files describe differently.
    """
    identities: dict[tuple[dns.name.Name, str], SesIdentity] = {}
    for path in paths:
        source = str(path)
        text = files.read_text(path, listed_in="listed in migration:sesIdentities or --ses")
        document = files.parse_json(text, source, "the JSON that 'aws sesv2 get-email-identity' prints")
        for identity in identities_from_document(document, source):
            key = (identity.domain, identity.region)
            earlier = identities.setdefault(key, identity)
            # Sources differ by file name only: compare the rest.
            if replace(earlier, source="") != replace(identity, source=""):
                raise InputError(
                    source,
                    [
                        f"{to_cloudflare(identity.domain)} in {identity.region} is also in "
                        f"{earlier.source.rsplit(' (', 1)[0]}, with different content: keep one"
                    ],
                )
    found = tuple(identities.values())
    return SesData(
        identities=found, checked=frozenset(i.domain for i in found), regions=tuple(sorted({i.region for i in found}))
    )


# -- live


def clients(region: str, profile: str | None = None, endpoint_url: str | None = None) -> tuple[Any, Any]:
    """``(sesv2, ses)`` clients for one region. Raises :class:`AwsError` for an unknown profile."""
    import botocore.config

    from . import aws

    retries = botocore.config.Config(
        retries={"mode": "standard", "max_attempts": 3}, connect_timeout=5, read_timeout=10
    )
    return (
        aws.client("sesv2", region, profile, endpoint_url, retries),
        aws.client("ses", region, profile, endpoint_url, retries),
    )


def _error(exc: Exception) -> str:
    import botocore.exceptions

    if isinstance(exc, botocore.exceptions.ClientError):
        err = exc.response.get("Error", {})
        return f"{exc.operation_name}: {err.get('Code')}: {err.get('Message')}"
    return str(exc)


def _v1_fill(ses: Any, domain: dns.name.Name, region: str, found: SesIdentity | None) -> SesIdentity | None:
    """Complete (or build, when v2 refused) an identity from SES v1; ``None`` if v1 knows none."""
    name = domain.to_text(omit_final_dot=True)
    dkim = ses.get_identity_dkim_attributes(Identities=[name])["DkimAttributes"].get(name)
    mail = ses.get_identity_mail_from_domain_attributes(Identities=[name])["MailFromDomainAttributes"].get(name)
    from_v2 = found is not None
    if found is None:
        if dkim is None and mail is None:
            return None
        found = SesIdentity(domain=domain, region=region, source=f"SES v1 ({region})")
    changes: dict[str, Any] = {}
    if dkim and not found.tokens and not found.byodkim:
        changes.update(
            tokens=tuple(t.lower() for t in dkim.get("DkimTokens") or ()),
            signing_enabled=bool(dkim.get("DkimEnabled", False)),
        )
        if not found.dkim_status or dkim.get("DkimTokens"):
            changes["dkim_status"] = _V1_STATUS.get(dkim.get("DkimVerificationStatus", ""), "")
    if mail and found.mail_from is None and mail.get("MailFromDomain"):
        changes.update(
            mail_from=_domain(mail["MailFromDomain"]),
            mail_from_status=_V1_STATUS.get(mail.get("MailFromDomainStatus", ""), ""),
        )
    if changes and from_v2:
        changes["source"] = found.source + " + SES v1"
    return replace(found, **changes)


def read_identity(sesv2: Any, ses: Any, domain: dns.name.Name, region: str) -> SesIdentity | None:
    """One domain's identity in one region, ``None`` when SES has none there.

    Raises ``botocore.exceptions.ClientError`` (or ``BotoCoreError``) when neither SES v2 nor
    v1 can be read.
    """
    import botocore.exceptions

    name = domain.to_text(omit_final_dot=True)
    try:
        response = sesv2.get_email_identity(EmailIdentity=name)
    except botocore.exceptions.ClientError as exc:
        code = exc.response.get("Error", {}).get("Code")
        if code == "NotFoundException":
            return None
        if code not in ("AccessDenied", "AccessDeniedException"):
            raise
        # v2 refused: v1 actions are separate IAM actions and may be allowed.
        return _v1_fill(ses, domain, region, None)
    if response.get("IdentityType", "DOMAIN") != "DOMAIN":
        return None
    found = identity_from_v2(domain, region, response, f"SES v2 GetEmailIdentity ({region})")
    if (not found.tokens and not found.byodkim) or found.mail_from is None:
        try:
            return _v1_fill(ses, domain, region, found)
        except botocore.exceptions.ClientError:
            return found  # v2's answer stands; v1 only fills gaps
    return found


def read_live(
    domains: Iterable[dns.name.Name],
    regions: Iterable[str],
    profile: str | None = None,
    endpoint_url: str | None = None,
) -> SesData:
    """Read the identities of ``domains`` in every region of ``regions``.

    Never raises for AWS trouble: a region that cannot be read (no credentials, ``AccessDenied``,
    no network) is listed in ``SesData.problems`` and its domains are not counted as checked.
    """
    import botocore.exceptions
    import botocore.parsers

    domains, regions = tuple(domains), tuple(regions)
    identities: list[SesIdentity] = []
    problems: list[str] = []
    for region in regions:
        try:
            sesv2, ses = clients(region, profile, endpoint_url)
        except AwsError as exc:
            problems.append(f"SES in {region} cannot be read: {exc}")
            continue
        for domain in domains:
            try:
                found = read_identity(sesv2, ses, domain, region)
            except (
                botocore.exceptions.ClientError,
                botocore.exceptions.BotoCoreError,
                botocore.parsers.ResponseParserError,
            ) as exc:
                problems.append(f"SES in {region} refused {domain.to_text(omit_final_dot=True)}: {_error(exc)}")
                if isinstance(
                    exc, (botocore.exceptions.NoCredentialsError, botocore.exceptions.EndpointConnectionError)
                ):
                    break  # the same for every domain of the region
                continue
            if found is not None:
                identities.append(found)
    # With any region unreadable, no domain's selectors can be called stale.
    checked = frozenset() if problems else frozenset(domains)
    return SesData(identities=tuple(identities), checked=checked, problems=tuple(problems), regions=regions)
