"""boto3 clients for the AWS services the planner reads, with botocore's adaptive retries.

AWS settings come the usual way (profile from ``profile=`` or ``AWS_PROFILE``, credentials,
``endpoint_url`` or ``AWS_ENDPOINT_URL``). Throttling (Route53 allows 5 requests/s per account)
is retried by botocore's adaptive mode.
"""

from __future__ import annotations

from typing import Any

import boto3
import botocore.config
import botocore.exceptions

from ..errors import AwsError

RETRIES = botocore.config.Config(retries={"mode": "adaptive", "max_attempts": 10})


def client(service: str, region: str, profile: str | None = None, endpoint_url: str | None = None,
           config: botocore.config.Config = RETRIES) -> Any:
    """A boto3 client of ``service`` in ``region`` (``config``: botocore's retries and timeouts).

    Raises :class:`AwsError` when the AWS profile named (``profile`` or ``AWS_PROFILE``) does not
    exist, instead of botocore's ``ProfileNotFound`` traceback.
    """
    try:
        session = boto3.Session(profile_name=profile) if profile else boto3.Session()
        return session.client(service, region_name=region, endpoint_url=endpoint_url, config=config)
    except botocore.exceptions.ProfileNotFound as exc:
        raise AwsError(f"{exc}: check --profile or AWS_PROFILE against ~/.aws/config") from None
