"""A real moto server on 127.0.0.1 (``moto.server.ThreadedMotoServer``) for boto3 to talk to."""

from __future__ import annotations

import socket
from typing import Iterator

import boto3
from moto.server import ThreadedMotoServer


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class MotoServer:
    """A moto server for the duration of a test. ``endpoint`` is its URL; :meth:`client` gives
    boto3 clients pointed at it; :meth:`reset` empties its state between tests."""

    def __init__(self) -> None:
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self._server = ThreadedMotoServer(ip_address="127.0.0.1", port=self.port, verbose=False)

    def start(self) -> "MotoServer":
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()

    def client(self, service: str, region: str = "us-east-1"):
        return boto3.client(service, region_name=region, endpoint_url=self.endpoint)

    def reset(self) -> None:
        import urllib.request

        urllib.request.urlopen(urllib.request.Request(f"{self.endpoint}/moto-api/reset", method="POST")).read()


def serve() -> Iterator[MotoServer]:
    server = MotoServer().start()
    try:
        yield server
    finally:
        server.stop()


def query_logging_by_zone(monkeypatch) -> None:
    """Make the in-process moto server answer ``ListQueryLoggingConfigs`` as Route53 does.

    moto 5.2 answers it ``NoSuchHostedZone`` whenever ``HostedZoneId`` is given, and otherwise
    returns every zone's configurations; Route53 returns the configurations of the zone named
    (Route53 API reference, ListQueryLoggingConfigs). The moto server of these tests runs in this
    process, so its backend method is replaced for the test (``monkeypatch`` undoes it)."""
    from moto.route53.models import PAGINATION_MODEL, Route53Backend
    from moto.utilities.paginator import paginate

    # Named as moto's method: its paginator looks its settings up by the function's name.
    @paginate(pagination_model=PAGINATION_MODEL)
    def list_query_logging_configs(self, hosted_zone_id=None):
        bare = (hosted_zone_id or "").rsplit("/", 1)[-1]
        return [
            c for c in self.query_logging_configs.values() if not bare or c.hosted_zone_id.rsplit("/", 1)[-1] == bare
        ]

    monkeypatch.setattr(Route53Backend, "list_query_logging_configs", list_query_logging_configs)
