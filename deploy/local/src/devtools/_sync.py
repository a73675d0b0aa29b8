"""Run a coroutine to completion from synchronous code."""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Coroutine
from typing import Any, TypeVar

T = TypeVar("T")


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run `coro` on a fresh event loop in a worker thread.

    A plain asyncio.run() would fail inside a running loop and, outside one,
    reset the thread's current loop (which pytest-asyncio relies on). A worker
    thread has its own loop state, so callers can be anywhere; an async caller
    should still prefer the `a*` coroutine variants so its loop is not blocked.
    """
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()
