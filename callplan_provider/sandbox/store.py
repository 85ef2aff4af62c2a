"""SQLite persistence of the sandbox: JSON documents keyed by (org, kind, id).

Every request runs inside one `transaction()`; a rule that refuses rolls everything back, so a
failed request leaves nothing behind. Requests are serialised by one lock: the sandbox favours
being exact over being fast, but no request reads every document of a kind to find one: a kind
registered with `index(kind, keys_of)` keeps the keys `keys_of(body)` gives (e-mail, licence...)
in `doc_keys`, and `find`/`count` use them; `page` reads one page of a kind.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
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
CREATE TABLE IF NOT EXISTS doc_keys (
    org TEXT NOT NULL,
    kind TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    id TEXT NOT NULL,
    PRIMARY KEY (org, kind, name, value, id)
);
CREATE INDEX IF NOT EXISTS doc_keys_of_doc ON doc_keys (org, kind, id);
CREATE INDEX IF NOT EXISTS docs_in_order ON docs (org, kind, seq);
CREATE INDEX IF NOT EXISTS docs_seq ON docs (seq);
"""
# A document's keys: key name → the values it is found by.
KeysOf = Callable[[dict[str, Any]], dict[str, list[str]]]


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
        self._conn.execute("PRAGMA synchronous=NORMAL")  # WAL stays consistent without an fsync per commit
        self._conn.executescript(_SCHEMA)
        self._lock = threading.RLock()
        self._depth = 0
        self._keys_of: dict[str, KeysOf] = {}

    def index(self, kind: str, keys_of: KeysOf) -> None:
        """Keep `keys_of(body)` for every document of `kind` (those stored already too)."""
        with self.transaction():
            self._keys_of[kind] = keys_of
            self._conn.execute("DELETE FROM doc_keys WHERE kind=?", (kind,))
            rows = self._conn.execute("SELECT org, id, body FROM docs WHERE kind=?", (kind,)).fetchall()
            for org, id_, body in rows:
                self._put_keys(org, kind, id_, json.loads(body))

    def _put_keys(self, org: str, kind: str, id_: str, body: dict[str, Any]) -> None:
        keys_of = self._keys_of.get(kind)
        if keys_of is None:
            return
        self._conn.execute("DELETE FROM doc_keys WHERE org=? AND kind=? AND id=?", (org, kind, id_))
        self._conn.executemany(
            "INSERT OR IGNORE INTO doc_keys (org, kind, name, value, id) VALUES (?, ?, ?, ?, ?)",
            [(org, kind, name, value, id_) for name, values in keys_of(body).items() for value in values],
        )

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
            self._put_keys(org, kind, id_, body)

    def delete(self, org: str, kind: str, id_: str) -> bool:
        with self.transaction():
            cur = self._conn.execute("DELETE FROM docs WHERE org=? AND kind=? AND id=?", (org, kind, id_))
            self._conn.execute("DELETE FROM doc_keys WHERE org=? AND kind=? AND id=?", (org, kind, id_))
        return cur.rowcount > 0

    def find(self, org: str, kind: str, name: str, value: str) -> list[dict[str, Any]]:
        """The documents of a kind whose key `name` has `value` (the kind must be indexed), oldest first."""
        rows = self._conn.execute(
            "SELECT d.seq, d.body FROM doc_keys k CROSS JOIN docs d "  # CROSS: the keys first
            "ON d.org = k.org AND d.kind = k.kind AND d.id = k.id "
            "WHERE k.org=? AND k.kind=? AND k.name=? AND k.value=?",
            (org, kind, name, value),
        ).fetchall()
        return [json.loads(body) for _, body in sorted(rows)]

    def count(self, org: str, kind: str, name: str | None = None, value: str | None = None) -> int:
        """How many documents of a kind there are (with key `name` = `value`, when given)."""
        if name is None:
            query, args = "SELECT COUNT(*) FROM docs WHERE org=? AND kind=?", (org, kind)
            row = self._conn.execute(query, args).fetchone()
        else:
            row = self._conn.execute(
                "SELECT COUNT(*) FROM doc_keys WHERE org=? AND kind=? AND name=? AND value=?",
                (org, kind, name, value),
            ).fetchone()
        return int(row[0])

    def page(self, org: str, kind: str, start: int, size: int) -> list[dict[str, Any]]:
        """Documents `start` to `start + size` of a kind, oldest first (as `list` orders them)."""
        rows = self._conn.execute(
            "SELECT body FROM docs WHERE org=? AND kind=? ORDER BY seq LIMIT ? OFFSET ?",
            (org, kind, size, start),
        ).fetchall()
        return [json.loads(r[0]) for r in rows]

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
            self._conn.execute("DELETE FROM doc_keys")
            self._conn.execute("DELETE FROM meta")

    def close(self) -> None:
        self._conn.close()
        if self._temporary:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
