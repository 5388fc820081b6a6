"""A fault-injecting HTTP proxy on 127.0.0.1 in front of the moto server: the AWS failures a real
network and a real Route53 produce, on demand, so the readers are tested against them.

Faults (``FaultProxy.fault``; ``every``: on every Nth request that ``only`` selects, 1 = always):

* ``throttle``: HTTP 400 with Route53's ``Throttling`` error body (retried by botocore);
* ``error500``: HTTP 500 ``InternalFailure`` (retried);
* ``reset``: the TCP connection is reset without an answer (botocore's ``ConnectionClosedError``);
* ``half``: the answer's headers promise the whole body but only half is sent, then the
  connection closes (retried);
* ``truncate``: ``ListResourceRecordSets`` answers keep ``IsTruncated`` true but lose
  ``NextRecordName``/``NextRecordType``/``NextRecordIdentifier``;
* ``repeat``: ``ListResourceRecordSets`` is asked without its start parameters, so every page is
  the first (the same next token again and again);
* ``drop``: the first record set of each ``ListResourceRecordSets`` page is removed, tokens kept
  (a page that lost part of its content).

``requests`` counts the requests seen. Only loopback is used.
"""

from __future__ import annotations

import http.client
import http.server
import re
import socket
import struct
import threading
from typing import Iterator

from tests.support.moto_server import free_port

THROTTLE = (
    b'<?xml version="1.0"?>\n<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
    b"<Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error>"
    b"<RequestId>0</RequestId></ErrorResponse>"
)
INTERNAL = (
    b'<?xml version="1.0"?>\n<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">'
    b"<Error><Type>Receiver</Type><Code>InternalFailure</Code><Message>internal failure</Message></Error>"
    b"<RequestId>0</RequestId></ErrorResponse>"
)
_NEXT = re.compile(rb"<NextRecord(?:Name|Type|Identifier)>.*?</NextRecord(?:Name|Type|Identifier)>", re.S)
_FIRST_SET = re.compile(rb"<ResourceRecordSet>.*?</ResourceRecordSet>", re.S)
FAULTS = ("none", "throttle", "error500", "reset", "half", "truncate", "repeat", "drop")


class FaultProxy:
    """The proxy for one test: ``endpoint`` is its URL; set ``fault``, ``every`` and ``only`` (a
    substring of the request path, e.g. ``/rrset``) to choose what fails."""

    def __init__(self, target: str) -> None:
        host, port = target.removeprefix("http://").split(":")
        self.target = (host, int(port))
        self.fault, self.every, self.only = "none", 1, ""
        self.requests = 0
        self._lock = threading.Lock()
        proxy = self

        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def handle_any(self) -> None:
                proxy.forward(self)

            do_GET = do_POST = do_DELETE = do_PUT = handle_any

        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True

    def start(self) -> "FaultProxy":
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def _faulty(self, path: str) -> bool:
        if self.fault == "none" or self.only not in path:
            return False
        with self._lock:
            self.requests += 1
            return self.requests % self.every == 0

    def forward(self, handler: http.server.BaseHTTPRequestHandler) -> None:
        body = handler.rfile.read(int(handler.headers.get("Content-Length") or 0))
        path, fault = handler.path, self.fault if self._faulty(handler.path) else "none"
        if fault in ("throttle", "error500"):
            status, data = (400, THROTTLE) if fault == "throttle" else (500, INTERNAL)
            handler.send_response(status)
            handler.send_header("Content-Type", "text/xml")
            handler.send_header("Content-Length", str(len(data)))
            handler.end_headers()
            handler.wfile.write(data)
            return
        if fault == "reset":
            handler.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            handler.connection.close()
            handler.close_connection = True
            return
        rrset = "/rrset" in path
        if fault == "repeat" and rrset:
            path = path.split("?")[0]
        upstream = http.client.HTTPConnection(*self.target, timeout=60)
        upstream.request(
            handler.command, path, body=body, headers={k: v for k, v in handler.headers.items() if k.lower() != "host"}
        )
        answer = upstream.getresponse()
        data = answer.read()
        upstream.close()
        if fault == "truncate" and rrset:
            data = _NEXT.sub(b"", data)
        if fault == "drop" and rrset:
            data = _FIRST_SET.sub(b"", data, count=1)
        handler.send_response(answer.status)
        for key, value in answer.getheaders():
            if key.lower() not in ("content-length", "transfer-encoding", "connection", "server", "date"):
                handler.send_header(key, value)
        handler.send_header("Content-Length", str(len(data)))
        handler.end_headers()
        if fault == "half":
            handler.wfile.write(data[: len(data) // 2])
            handler.wfile.flush()
            handler.connection.shutdown(socket.SHUT_RDWR)
            handler.close_connection = True
            return
        handler.wfile.write(data)


def serve(target: str) -> Iterator[FaultProxy]:
    """A started proxy in front of ``target`` (``http://HOST:PORT``), stopped afterwards."""
    proxy = FaultProxy(target).start()
    try:
        yield proxy
    finally:
        proxy.stop()
