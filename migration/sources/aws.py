"""boto3 clients for the AWS services the planner reads, with botocore's adaptive retries, and the
calls through them: every failure that remains after the retries is an :class:`AwsError` of one
line naming the service, the operation and the reason, and a paged listing is read whole or not
at all.

AWS settings come the usual way (profile from ``profile=`` or ``AWS_PROFILE``, credentials,
``endpoint_url`` or ``AWS_ENDPOINT_URL``). Throttling (Route53 allows 5 requests/s per account),
HTTP 5xx answers and dropped connections are retried by botocore's adaptive mode.
"""

from __future__ import annotations

import itertools
from typing import Any, Iterator

import boto3
import botocore.config
import botocore.exceptions
import botocore.parsers

from ..errors import AwsError

RETRIES = botocore.config.Config(retries={"mode": "adaptive", "max_attempts": 10})
# How messages name the services read.
SERVICES = {"route53": "Route53", "route53domains": "Route53 Domains", "sesv2": "SES v2", "ses": "SES"}
# Failures botocore retries (connections and time-outs): the message says how often it tried.
_RETRIED = (botocore.exceptions.ConnectionError, botocore.exceptions.HTTPClientError)


def client(
    service: str,
    region: str,
    profile: str | None = None,
    endpoint_url: str | None = None,
    config: botocore.config.Config | None = None,
) -> Any:
    """A boto3 client of ``service`` in ``region`` (``config``: botocore's retries and timeouts,
    default :data:`RETRIES`).

    Raises :class:`AwsError` when the AWS profile named (``profile`` or ``AWS_PROFILE``) does not
    exist, or the region or endpoint URL is not one botocore accepts, instead of a traceback.
    """
    try:
        session = boto3.Session(profile_name=profile) if profile else boto3.Session()
        return session.client(service, region_name=region, endpoint_url=endpoint_url, config=config or RETRIES)
    except botocore.exceptions.ProfileNotFound as exc:
        raise AwsError(f"{exc}: check --profile or AWS_PROFILE against ~/.aws/config") from None
    except (botocore.exceptions.BotoCoreError, ValueError) as exc:
        raise AwsError(f"cannot make a {SERVICES.get(service, service)} client: {exc}") from None


def _names(aws_client: Any, operation: str) -> tuple[str, str]:
    """The service's name as messages say it and the operation's API name (``ListResourceRecordSets``)."""
    meta = aws_client.meta
    service = SERVICES.get(meta.service_model.service_name, meta.service_model.service_name)
    return service, meta.method_to_api_mapping.get(operation, operation)


def failure(aws_client: Any, operation: str, exc: Exception) -> AwsError:
    """The :class:`AwsError` for ``exc``, raised by ``aws_client``'s method ``operation``: AWS's
    refusal (code and message), missing credentials, or a failure that outlasted botocore's
    retries (the reason and the number of attempts)."""
    service, api = _names(aws_client, operation)
    if isinstance(exc, botocore.exceptions.ClientError):
        err = exc.response.get("Error", {})
        return AwsError(f"{service} refused {api}: {err.get('Code')}: {err.get('Message')}")
    if isinstance(exc, botocore.exceptions.NoCredentialsError):
        return AwsError(
            f"cannot call {service} {api}: no AWS credentials: set AWS_PROFILE or "
            "AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY"
        )
    if isinstance(exc, botocore.parsers.ResponseParserError):
        # botocore's message holds the whole answer: not repeated here.
        return AwsError(
            f"cannot read {service} {api}: the answer was cut short or is not the API's XML "
            f"(after {_attempts(aws_client)} attempts)"
        )
    if isinstance(exc, botocore.exceptions.EndpointConnectionError):
        reason = f"cannot connect to {exc.kwargs.get('endpoint_url', 'the endpoint')}"
    elif isinstance(exc, botocore.exceptions.ConnectionClosedError):
        reason = "the connection was closed before a complete answer"
    elif isinstance(exc, (botocore.exceptions.ReadTimeoutError, botocore.exceptions.ConnectTimeoutError)):
        reason = "no answer in time"
    else:
        reason = str(exc)
    if isinstance(exc, _RETRIED):
        reason += f" (after {_attempts(aws_client)} attempts)"
    return AwsError(f"cannot read {service} {api}: {reason}")


def _attempts(aws_client: Any) -> int:
    """How often botocore tries a call of ``aws_client`` (its retry configuration's total attempts)."""
    retries = aws_client.meta.config.retries or {}
    return int(retries.get("total_max_attempts") or retries.get("max_attempts") or 1)


def call(aws_client: Any, operation: str, params: dict[str, Any] | None = None, tolerated: tuple[str, ...] = ()) -> Any:
    """``aws_client.<operation>(**params)``'s answer; ``None`` when AWS refuses with an error code
    in ``tolerated``. Raises :class:`AwsError` (:func:`failure`) for any other failure.

    An answer cut short (a connection dropped mid-body) reaches botocore's parser, which says
    "further retries may succeed" but does not retry: it is asked again here, as often as botocore
    tries a call."""
    attempt = 1
    while True:
        try:
            return getattr(aws_client, operation)(**(params or {}))
        except botocore.exceptions.ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in tolerated:
                return None
            raise failure(aws_client, operation, exc) from None
        except botocore.parsers.ResponseParserError as exc:
            if attempt >= _attempts(aws_client):
                raise failure(aws_client, operation, exc) from None
            attempt += 1
        except botocore.exceptions.BotoCoreError as exc:
            raise failure(aws_client, operation, exc) from None


def pages(
    aws_client: Any, operation: str, params: dict[str, Any], tokens: tuple[tuple[str, str], ...]
) -> Iterator[dict[str, Any]]:
    """Every page of a Route53 listing, in order. ``tokens`` pairs each marker of an answer with
    the request parameter that asks for the next page (``NextRecordName`` -> ``StartRecordName``);
    the first pair is the one a truncated page must carry.

    Route53 marks a page followed by more with ``IsTruncated`` (Route53 API reference, e.g.
    ``ListResourceRecordSets``). A truncated page without the first marker, or markers that
    repeat earlier ones (the listing would go round in circles), would make a partial listing
    look whole: :class:`AwsError` naming the operation and the page. botocore's paginator stops
    silently in the first case (and raises its own error in the second)."""
    service, api = _names(aws_client, operation)
    seen: set[tuple[tuple[str, Any], ...]] = set()
    for number in itertools.count(1):
        page = call(aws_client, operation, params)
        yield page
        if not page.get("IsTruncated"):
            return
        if page.get(tokens[0][0]) in (None, ""):
            raise AwsError(
                f"{service} {api} page {number} is truncated (IsTruncated) but gives no {tokens[0][0]}: "
                "the rest of the listing cannot be asked for, and part of it would be missing; try again"
            )
        following = tuple((request, page[answer]) for answer, request in tokens if page.get(answer) is not None)
        if following in seen:
            raise AwsError(
                f"{service} {api} page {number} gives the same next token as an earlier page "
                f"({', '.join(f'{k} {v}' for k, v in following)}): the listing does not advance; try again"
            )
        seen.add(following)
        params = {**{k: v for k, v in params.items() if k not in dict(tokens).values()}, **dict(following)}
