"""Parsing an upload in a worker process with memory and time caps: a hostile file kills a worker, never the dashboard.

The worker is forked from a small server process that has already imported the importer
(multiprocessing's forkserver), so a parse costs a fork, not a Python start-up, and the
dashboard's own threads and memory are never copied. Where there is no forkserver (Windows)
a fresh process is spawned, with the time cap but no memory cap.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import multiprocessing.forkserver
import sys
import threading
import types
from functools import cache

from hexie.importer.model import ImportOptions, ImportResult, Problem
from hexie.importer.parse import parse_upload as parse_in_process

try:
    import resource
except ImportError:  # Windows
    resource = None


@cache
def _context():
    """The forkserver context, its server preloaded with the importer; spawn where there is no forkserver."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["hexie.importer.parse"])
    return context


def start_server() -> None:
    """Start the worker server now, without waiting: it imports the importer in its own process while the caller
    goes on (opens the database, starts serving), so the first parse does not wait for it. No-op without forkserver."""
    if _context().get_start_method() == "forkserver":
        multiprocessing.forkserver.ensure_running()


_STARTING = threading.Lock()
_NO_MAIN = types.ModuleType("__main__")


def _start(worker) -> None:
    """Start a worker without multiprocessing re-running the program's main module in it: under Streamlit that is
    the page script being run (and under hexie.serve, Streamlit itself), which a parse needs none of."""
    with _STARTING:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = _NO_MAIN
        try:
            worker.start()
        finally:
            sys.modules["__main__"] = main


def parse_upload(data: bytes, file_name: str, options: ImportOptions = ImportOptions()) -> ImportResult:
    """parse_in_process in a worker capped at options.limits' memory and seconds; never raises on bad input.

    A worker that runs out of memory or time is ended and the file is refused with a Chinese message.
    """
    limits = options.limits
    context = _context()
    receiver, sender = context.Pipe(duplex=False)
    worker = context.Process(target=_work, args=(sender, data, file_name, options), daemon=True)
    _start(worker)
    sender.close()
    try:
        if receiver.poll(limits.max_seconds):
            try:
                return receiver.recv()
            except EOFError:  # the worker died: out of memory, or killed by the system
                problem = Problem(
                    "too_big_to_read", "文件内容过多或结构异常，读取时超出内存上限，已停止读取；请删去表格以外的内容或拆分后上传",
                )
        else:
            problem = Problem(
                "too_slow_to_read", f"文件读取超过 {limits.max_seconds:.0f} 秒仍未完成，已停止；请删去表格以外的内容或拆分后上传",
            )
    finally:
        receiver.close()
        if worker.is_alive():
            worker.kill()
        worker.join()
    return ImportResult(file_name=file_name, sha256=hashlib.sha256(data).hexdigest(), ledger=options.ledger,
                        problems=(problem,))


def _work(sender, data: bytes, file_name: str, options: ImportOptions) -> None:
    limits = options.limits
    if resource is not None:
        resource.setrlimit(resource.RLIMIT_AS, (limits.max_memory, limits.max_memory))
    # A worker lives for one parse, within the memory cap: the cyclic garbage collector would only walk the grid's
    # hundreds of thousands of cells again and again (about 4% of a 50,000-row parse). Cells make no cycles.
    gc.disable()
    sender.send(parse_in_process(data, file_name, options))
    sender.close()
