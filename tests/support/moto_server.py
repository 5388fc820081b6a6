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
