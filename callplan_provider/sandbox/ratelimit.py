"""The global rate limit: at most N requests per second per token, answered 429 + `Retry-After`.

A token bucket per token (keyed by the token's hash, never the token): it holds up to N requests
and refills at N per second, so short bursts pass and a steady stream above N is throttled.
`None` turns the limit off (the default). Real time, not the sandbox clock: throttling is about
the client's pace.
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from pydantic import ConfigDict, Field

from callplan_provider.models.base import ApiModel


class RateLimitSetting(ApiModel):
    model_config = ConfigDict(extra="forbid")  # a control body: a misspelt field is a 400, not ignored

    requests_per_second: float | None = Field(default=None, gt=0)


class RateLimiter:
    def __init__(
        self, requests_per_second: float | None = None, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self._rate = requests_per_second
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key → (tokens, last refill)
        self._lock = threading.Lock()

    @property
    def requests_per_second(self) -> float | None:
        return self._rate

    def set_rate(self, requests_per_second: float | None) -> None:
        with self._lock:
            self._rate = requests_per_second
            self._buckets.clear()

    def check(self, key: str) -> int | None:
        """None when the request may pass; else the seconds to wait (`Retry-After`)."""
        with self._lock:
            rate = self._rate
            if rate is None:
                return None
            now = self._clock()
            tokens, last = self._buckets.get(key, (rate, now))
            tokens = min(rate, tokens + (now - last) * rate)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                return None
            self._buckets[key] = (tokens, now)
            return max(1, math.ceil((1 - tokens) / rate))
