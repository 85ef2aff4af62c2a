"""SQLite persistence of the sandbox: JSON documents keyed by (org, kind, id).

Every request runs inside one `transaction()`; a rule that refuses rolls everything back, so a
failed request leaves nothing behind. Requests are serialised by one lock: the sandbox favours
being exact over being fast.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

GLOBAL = ""  # the org key of objects that belong to no organisation (orgs, tokens, settings)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    org TEXT NOT NULL,
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    body TEXT NOT NULL,
    PRIMARY KEY (org, kind, id)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


class Store:
    """A file-backed document store; `path=None` uses a fresh temporary file."""

    def __init__(self, path: str | Path | None = None) -> None:
        self._temporary = path is None
        if path is None:
            fd, path = tempfile.mkstemp(prefix="callplan-sandbox-", suffix=".db")
            os.close(fd)
        self.path = Path(path)
        self._conn = sqlite3.connect(self.path, check_same_thread=False, isolation_level=None)
        self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.executescript(_SCHEMA)
        self._lock = threading.RLock()
        self._depth = 0

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """All writes inside commit together, or not at all when the block raises."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield
                finally:
                    self._depth -= 1
                return
            self._conn.execute("BEGIN IMMEDIATE")
            self._depth = 1
            try:
                yield
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            else:
                self._conn.execute("COMMIT")
            finally:
                self._depth = 0

    def get(self, org: str, kind: str, id_: str) -> dict[str, Any] | None:
        row = self._conn.execute(
            "SELECT body FROM docs WHERE org=? AND kind=? AND id=?", (org, kind, id_)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def put(self, org: str, kind: str, id_: str, body: dict[str, Any]) -> None:
        with self.transaction():
            self._conn.execute(
                "INSERT INTO docs (org, kind, id, seq, body) VALUES (?, ?, ?, "
                "(SELECT COALESCE(MAX(seq), 0) + 1 FROM docs), ?) "
                "ON CONFLICT (org, kind, id) DO UPDATE SET body=excluded.body",
                (org, kind, id_, json.dumps(body)),
            )

    def delete(self, org: str, kind: str, id_: str) -> bool:
        with self.transaction():
            cur = self._conn.execute("DELETE FROM docs WHERE org=? AND kind=? AND id=?", (org, kind, id_))
        return cur.rowcount > 0

    def orgs_holding(self, kind: str, id_: str) -> list[str]:
        """The organisations that have a document of that kind and id (a number's holder, say)."""
        rows = self._conn.execute("SELECT org FROM docs WHERE kind=? AND id=?", (kind, id_)).fetchall()
        return [r[0] for r in rows]

    def list(self, org: str, kind: str) -> list[dict[str, Any]]:
        """Every document of a kind in an org, oldest first."""
        rows = self._conn.execute(
            "SELECT body FROM docs WHERE org=? AND kind=? ORDER BY seq", (org, kind)
        ).fetchall()
        return [json.loads(r[0]) for r in rows]

    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        with self.transaction():
            self._conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?) "
                "ON CONFLICT (key) DO UPDATE SET value=excluded.value",
                (key, value),
            )

    def reset(self) -> None:
        with self.transaction():
            self._conn.execute("DELETE FROM docs")
            self._conn.execute("DELETE FROM meta")

    def close(self) -> None:
        self._conn.close()
        if self._temporary:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
