"""The records area of a verify run: every probe asked of every old and new server, compared,
in this process or, for a large run, shared between processes.

A large run on a near network is CPU-bound in the client (sending, receiving and matching each
datagram in Python: tens of microseconds per query, docs/performance.md "Verify"), so queries in
flight alone cannot use a second core. :func:`ask_shared` then cuts the probes into contiguous shares: this
process asks the first share with its own :class:`~.query.Querier` while each other share goes
to a forked worker process running its own event loop, sockets and ``Querier`` (so the bound on
queries in flight is per process). Workers report progress and send back their checks and query
counts through a pipe; the checks are joined in share order, which is the probes' order, so the
result is the same as one process gives.

Fork (Linux only) starts a worker with the plan's probes already in memory and costs
milliseconds; ``spawn`` would re-import the program and pickle the probes. Fork copies only the
calling thread, so a process whose other threads may hold locks the child needs must not fork:
the Pulumi program (its gRPC threads) runs the gates with one process, the default of
``Options.workers``; only the CLI and the benchmark ask for more.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import sys
import traceback
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Callable, Sequence

from .compare import Check, Probe, compare_probe
from .query import Answer, Querier
from .wire import same_positive_answer

Tick = Callable[[int], None]  # called with a number of probes just finished
TICKS = 32  # probes a worker reports finished at a time: the progress bar moves, the pipe stays quiet


async def ask(probes: Sequence[Probe], servers, querier: Querier, tick: Tick) -> list[Check]:
    """Ask every probe of every server of ``servers.old`` (for ``probe.rtype``) and
    ``servers.new`` (for ``probe.asked_new``, the type the plan publishes) through ``querier``;
    the checks of :func:`~.compare.compare_probe`, in probe order. ``tick(1)`` as each probe is
    answered (or given up). Raises what judging a probe raises (a bug, not network trouble).

    Every query is submitted at once (:meth:`~.query.Querier.submit`: the querier keeps
    ``concurrency`` in flight) and each probe is judged as its last answer comes in, without a
    task per probe or per query: on loopback, asyncio's work per task was as much CPU as the
    query itself (docs/performance.md, "Verify")."""
    if not probes:
        return []
    finished = asyncio.get_running_loop().create_future()
    results: list[list[Check]] = [[] for _ in probes]
    left = len(probes)
    asked = len(servers.old) + len(servers.new)

    def judge(at: int, probe: Probe, found: list) -> None:
        nonlocal left
        try:
            results[at] = _judge(probe, found, len(servers.old))
            tick(1)
        except BaseException as exc:  # noqa: BLE001 - raised by ask, not lost in the event loop
            if not finished.done():
                finished.set_exception(exc)
            return
        left -= 1
        if not left and not finished.done():
            finished.set_result(None)

    def expect(at: int, probe: Probe) -> Callable[[int], Callable]:
        found: list = [None] * asked
        waiting = asked

        def answered(position: int) -> Callable:
            def done(outcome) -> None:
                nonlocal waiting
                found[position] = outcome
                waiting -= 1
                if not waiting:
                    judge(at, probe, found)

            return done

        return answered

    for at, probe in enumerate(probes):
        if not asked:
            judge(at, probe, [])
            continue
        answered = expect(at, probe)
        for position, server in enumerate(servers.old):
            querier.submit(server, probe.name, probe.rtype, answered(position))
        for position, server in enumerate(servers.new, len(servers.old)):
            querier.submit(server, probe.name, probe.asked_new, answered(position))
    await finished
    return [check for checks in results for check in checks]


def _judge(probe: Probe, found: list, old: int) -> list[Check]:
    """The checks of ``probe`` from its answers ``found`` (the ``old`` servers' first)."""
    # Every server sent the same positive answer: equal, without parsing it (migration.verify.wire).
    wires = [a.wire for a in found if isinstance(a, Answer)]
    if len(wires) == len(found) and same_positive_answer(probe, wires):
        return [Check("records", probe.subject, "equal", "equal")]
    replies = [a.reply() if isinstance(a, Answer) else a for a in found]
    return compare_probe(probe, replies[:old], replies[old:])


def process_count(probes: int, workers: int, min_share: int) -> int:
    """How many processes ask ``probes`` probes: at most ``workers`` (this one included), each
    with ``min_share`` probes at least; 1 where processes cannot be forked (not Linux)."""
    if not sys.platform.startswith("linux"):
        return 1
    return max(1, min(workers, probes // max(min_share, 1)))


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    reader: Connection
    result: asyncio.Future  # (checks, queries sent)


async def ask_shared(
    probes: Sequence[Probe], servers, options, querier: Querier, tick: Tick
) -> tuple[list[Check], int, int]:
    """:func:`ask` with the probes shared between :func:`process_count` processes (``options``:
    ``timeout``, ``retries``, ``concurrency`` per process, ``workers``, ``min_share``).
    Returns the checks in probe order, the queries the workers sent (``querier.sent`` counts
    this process's) and the number of processes. Raises ``RuntimeError`` when a worker fails
    or ends before sending its checks (a bug, not network trouble, which gives checks)."""
    count = process_count(len(probes), options.workers, options.min_share)
    if count == 1:
        return await ask(probes, servers, querier, tick), 0, 1
    size = len(probes)
    shares = [probes[i * size // count : (i + 1) * size // count] for i in range(count)]
    context = multiprocessing.get_context("fork")
    loop = asyncio.get_running_loop()
    workers: list[_Worker] = []
    try:
        for share in shares[1:]:
            reader, writer = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(share, servers, options, writer), daemon=True)
            process.start()
            writer.close()  # the child holds the only write end: its exit is our end of file
            worker = _Worker(process, reader, loop.create_future())
            workers.append(worker)
            loop.add_reader(reader.fileno(), _receive, loop, worker, tick)
        checks = await ask(shares[0], servers, querier, tick)
        sent = 0
        for worker in workers:
            theirs, their_sent = await worker.result
            checks += theirs
            sent += their_sent
        return checks, sent, count
    finally:
        for worker in workers:
            if not worker.reader.closed:
                loop.remove_reader(worker.reader.fileno())
                worker.reader.close()
            if worker.process.is_alive():
                worker.process.terminate()  # only when this run was cancelled or a worker failed
            worker.process.join()


def _receive(loop: asyncio.AbstractEventLoop, worker: _Worker, tick: Tick) -> None:
    """A worker's message: ``("ticks", n)``, ``("checks", checks, sent)`` or ``("error", text)``."""
    try:
        message = worker.reader.recv()
    except EOFError:
        message = ("error", f"it ended (exit code {worker.process.exitcode}) before sending its checks")
    if message[0] == "ticks":
        tick(message[1])
        return
    loop.remove_reader(worker.reader.fileno())
    worker.reader.close()
    if worker.result.done():
        return
    if message[0] == "checks":
        worker.result.set_result((message[1], message[2]))
    else:
        worker.result.set_exception(RuntimeError(f"verify worker process {worker.process.pid} failed: {message[1]}"))


def _child(probes: Sequence[Probe], servers, options, writer: Connection) -> None:
    """The body of a forked worker: ask ``probes`` with a fresh event loop and ``Querier``,
    report finished probes every :data:`TICKS`, then send the checks (or the traceback)."""
    try:
        finished = 0

        def tick(count: int) -> None:
            nonlocal finished
            finished += count
            if finished >= TICKS:
                writer.send(("ticks", finished))
                finished = 0

        async def main() -> tuple[list[Check], int]:
            async with Querier(
                timeout=options.timeout, retries=options.retries, concurrency=options.concurrency
            ) as querier:
                return await ask(probes, servers, querier, tick), querier.sent

        checks, sent = asyncio.run(main())
        if finished:
            writer.send(("ticks", finished))
        writer.send(("checks", checks, sent))
    except BaseException:  # noqa: BLE001 - the parent raises it; a forked child must not print or linger
        writer.send(("error", traceback.format_exc()))
    finally:
        writer.close()
