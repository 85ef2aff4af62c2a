"""The sandbox: a stateful local server that speaks the calling-plan API.

It is to this package what moto is to boto3: every example, test and the demo run against it.
Layout (moto's split of rules from wire):
- `store.py`    SQLite persistence: one JSON document per object, one transaction per request.
- `backend/`    `OrgBackend`, one per organisation, holding every rule; no FastAPI in here.
- `errors.py`   one exception class per refused condition, each with status and errorCode.
- `routes/`     thin FastAPI routes, one module per API area, calling the backend.
- `app.py`      the FastAPI application: auth, transactions, faults, rate limit, error bodies.
- `server.py`   `SandboxServer`: uvicorn in a thread, used by tests, the demo and the CLI.
"""

from callplan_provider.sandbox.server import SandboxServer

__all__ = ["SandboxServer"]
