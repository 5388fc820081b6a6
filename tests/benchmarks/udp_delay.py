"""A UDP relay that holds every answer for a fixed delay: a name server "far away" for benchmarks.

Run: ``python udp_delay.py LISTEN_HOST LISTEN_PORT SERVER_HOST SERVER_PORT DELAY_SECONDS
LIFETIME_SECONDS``. It listens on ``LISTEN_HOST:LISTEN_PORT``, passes each datagram to the
server at once and
sends the answer back ``DELAY_SECONDS`` later, so every round trip takes that much longer (what
``tc qdisc ... netem delay`` would do; this machine's kernel has no netem). It prints ``ready``
when listening and stops after ``LIFETIME_SECONDS`` or when its standard input closes (the
benchmark that started it has ended), whichever comes first. UDP only: the benchmark's answers
are never truncated. The bytes are relayed untouched; nothing here reads DNS.
"""

from __future__ import annotations

import asyncio
import socket
import sys

BUFFER = 4 * 1024 * 1024  # bytes per socket, as migration/verify/query.py asks for its own.


def _socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, BUFFER)
    sock.setblocking(False)
    return sock


async def relay(listen: tuple[str, int], server: tuple[str, int], delay: float, lifetime: float) -> None:
    """Relay between clients on ``listen`` and ``server`` (host, port), holding answers ``delay``
    seconds, for at most ``lifetime`` seconds."""
    loop = asyncio.get_running_loop()
    front = _socket()
    front.bind(listen)
    upstreams: dict[tuple, socket.socket] = {}  # client address -> its own socket to the server

    def answer(upstream: socket.socket, client: tuple) -> None:
        while True:
            try:
                data = upstream.recv(65535)
            except BlockingIOError:
                return
            loop.call_later(delay, front.sendto, data, client)

    def question() -> None:
        while True:
            try:
                data, client = front.recvfrom(65535)
            except BlockingIOError:
                return
            upstream = upstreams.get(client)
            if upstream is None:
                upstream = upstreams[client] = _socket()
                upstream.connect(server)
                loop.add_reader(upstream, answer, upstream, client)
            upstream.send(data)

    loop.add_reader(front, question)
    # Nobody writes to our standard input: it turns readable only when the benchmark closes it.
    stop = asyncio.Event()
    loop.add_reader(sys.stdin.fileno(), stop.set)
    print("ready", flush=True)
    try:
        await asyncio.wait_for(stop.wait(), lifetime)
    except TimeoutError:
        pass
    finally:
        loop.remove_reader(sys.stdin.fileno())
        for sock in (front, *upstreams.values()):
            loop.remove_reader(sock)
            sock.close()


if __name__ == "__main__":
    listen_host, listen_port, server_host, server_port, delay, lifetime = sys.argv[1:7]
    asyncio.run(relay((listen_host, int(listen_port)), (server_host, int(server_port)), float(delay), float(lifetime)))
