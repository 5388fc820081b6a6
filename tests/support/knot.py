"""Real authoritative DNS servers for tests: Knot DNS (``knotd``) on loopback addresses.

Each :class:`KnotServer` serves one or more zones (given as zone-file text) on its own
``127.0.0.x`` address and a free port, so several of them on one machine play "old provider",
"new provider" and "parent zone". Debian packages: ``knot`` (knotd), ``knot-dnsutils`` (kdig).
"""

from __future__ import annotations

import itertools
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import dns.exception
import dns.message
import dns.query
import dns.rdatatype

KNOTD = shutil.which("knotd") or "/usr/sbin/knotd"

_next_host = itertools.count(10)


def free_address() -> tuple[str, int]:
    """A loopback address (127.0.0.10, .11, ... in this process) and a port free on it for UDP and TCP."""
    while True:
        host = f"127.0.0.{next(_next_host) % 250 + 2}"
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as tcp:
            tcp.bind((host, 0))
            port = tcp.getsockname()[1]
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
                try:
                    udp.bind((host, port))
                except OSError:
                    continue
        return host, port


class KnotServer:
    """A knotd process serving ``zones`` (``{apex: zone-file text}``) on ``host:port``.

    Use as a context manager or call :meth:`start` / :meth:`stop`. :meth:`start` waits until
    every zone answers its SOA (at most ``timeout`` seconds) and raises ``RuntimeError`` with
    knotd's log otherwise.
    """

    def __init__(self, zones: dict[str, str], host: str | None = None, port: int | None = None):
        self.zones = {apex.rstrip(".") + ".": text for apex, text in zones.items()}
        if host is None or port is None:
            host, port = free_address()
        self.host, self.port = host, port
        self._dir = Path(tempfile.mkdtemp(prefix="knot-"))
        self._proc: subprocess.Popen | None = None

    @property
    def address(self) -> str:
        """``host:port`` as the ``--nameserver`` options take it."""
        return f"{self.host}:{self.port}"

    def _config(self) -> str:
        zones = "\n".join(f"  - domain: {apex}" for apex in self.zones)
        return f"""server:
    rundir: {self._dir}
    listen: {self.host}@{self.port}
database:
    storage: {self._dir}/db
template:
  - id: default
    storage: {self._dir}
    file: "%s.zone"
    zonefile-sync: -1
    zonefile-load: whole
    journal-content: none
    semantic-checks: off
zone:
{zones}
log:
  - target: stderr
    any: error
"""

    def start(self, timeout: float = 10.0) -> "KnotServer":
        for apex, text in self.zones.items():
            (self._dir / f"{apex}zone").write_text(text)
        conf = self._dir / "knot.conf"
        conf.write_text(self._config())
        self._log = open(self._dir / "knotd.log", "wb")
        self._proc = subprocess.Popen([KNOTD, "-c", str(conf)], stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + timeout
        pending = set(self.zones)
        while pending and time.monotonic() < deadline:
            if self._proc.poll() is not None:
                break
            for apex in list(pending):
                try:
                    answer = dns.query.udp(
                        dns.message.make_query(apex, dns.rdatatype.SOA), self.host, port=self.port, timeout=0.2
                    )
                    if answer.answer:
                        pending.discard(apex)
                except (OSError, dns.exception.Timeout):
                    pass
            time.sleep(0.02)
        if pending:
            self.stop()
            raise RuntimeError(f"knotd did not serve {sorted(pending)}: {(self._dir / 'knotd.log').read_text()}")
        return self

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        self._proc = None
        shutil.rmtree(self._dir, ignore_errors=True)

    def __enter__(self) -> "KnotServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
