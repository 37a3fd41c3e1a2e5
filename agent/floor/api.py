"""FloorApi: the supervisor's (and the operator's) requests to the floor on the hub.

Every method is one blocking HTTP request that returns the hub's answer or raises
:class:`~agent.notes.hub_client.HubProblem` with a plain message.

Thread rule: blocking; call from a worker thread. One client per instance, guarded by a lock,
so a worker pool may share it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx

from agent.notes.hub_client import HubProblem, make_client, request_json
from kb.wire.floor import AckKind
from kb.wire.states import ProblemKind

MAX_REPORT_BYTES = 32 * 1024 * 1024


class FloorApi:
    """See the module docstring."""

    def __init__(self, hub_url: str, token: str | Callable[[], str | None] | None,
                 ca_file: Path | None = None, timeout: float = 30.0) -> None:
        self.hub_url = hub_url
        self._token = token
        self.ca_file = ca_file
        self.timeout = timeout
        self._lock = threading.Lock()
        self._client: httpx.Client | None = None
        self._client_token: str | None = None

    def _client_for_call(self) -> httpx.Client:
        if not self.hub_url:
            raise HubProblem(ProblemKind.ERROR, "no hub URL is configured (hub.url)")
        token = self._token() if callable(self._token) else self._token
        if not token:
            raise HubProblem(ProblemKind.AUTH, "no hub token: ask the administrator for a "
                                               "supervisor token and store it in the keyring")
        if self._client is None or token != self._client_token:
            if self._client is not None:
                self._client.close()
            self._client = make_client(self.hub_url, token, self.timeout, self.ca_file)
            self._client_token = token
        return self._client

    def _json(self, method: str, path: str, **kwargs: Any) -> Any:
        with self._lock:
            return request_json(self._client_for_call(), method, path, **kwargs)

    def close(self) -> None:
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None

    # -- the board, alerts, callbacks -----------------------------------------------------------

    def board(self) -> dict[str, Any]:
        return dict(self._json("GET", "/floor/board"))

    def mine(self) -> dict[str, Any]:
        return dict(self._json("GET", "/floor/mine"))

    def alerts(self, state: str | None = None) -> list[dict[str, Any]]:
        params = {"state": state} if state else {}
        return list(self._json("GET", "/floor/alerts", params=params)["alerts"])

    def acknowledge(self, alert_id: str, kind: AckKind, line: str = "") -> dict[str, Any]:
        return dict(self._json("POST", f"/floor/alerts/{alert_id}/ack",
                               json={"kind": kind.value, "line": line}))

    def close_alert(self, alert_id: str) -> dict[str, Any]:
        return dict(self._json("POST", f"/floor/alerts/{alert_id}/close"))

    def callbacks(self, state: str | None = "open", operator: str | None = None
                  ) -> list[dict[str, Any]]:
        params = {"state": state or "all"}
        if operator:
            params["operator"] = operator
        return list(self._json("GET", "/floor/callbacks", params=params)["callbacks"])

    def assign(self, callback_id: str, to: str | None) -> dict[str, Any]:
        return dict(self._json("POST", f"/floor/callbacks/{callback_id}/assign",
                               json={"to": to}))

    def claim(self, callback_id: str) -> dict[str, Any]:
        return dict(self._json("POST", f"/floor/callbacks/{callback_id}/claim"))

    def groups(self) -> dict[str, str]:
        return dict(self._json("GET", "/floor/groups")["groups"])

    # -- reports ---------------------------------------------------------------------------------

    @staticmethod
    def _report_params(first: dt.date, last: dt.date, group: str | None, lang: str,
                       fmt: str, chart: str | None = None) -> tuple[str, dict[str, str]]:
        params = {"format": fmt, "lang": lang}
        if group:
            params["group"] = group
        if chart:
            params["chart"] = chart
        if first == last:
            return "/floor/reports/daily", {**params, "date": first.isoformat()}
        return "/floor/reports/range", {**params, "from": first.isoformat(),
                                        "to": last.isoformat()}

    def report(self, first: dt.date, last: dt.date, group: str | None = None,
               lang: str = "en") -> dict[str, Any]:
        path, params = self._report_params(first, last, group, lang, "json")
        return dict(self._json("GET", path, params=params))

    def report_file(self, first: dt.date, last: dt.date, fmt: str, group: str | None = None,
                    lang: str = "en", chart: str | None = None) -> bytes:
        """The report as ``csv``, ``html`` or one ``svg`` chart."""
        path, params = self._report_params(first, last, group, lang, fmt, chart)
        with self._lock:
            client = self._client_for_call()
            try:
                response = client.get(path, params=params)
            except httpx.HTTPError as exc:
                raise HubProblem(ProblemKind.OFFLINE,
                                 f"the hub is unreachable ({type(exc).__name__}: {exc})"
                                 ) from None
        if response.status_code in (401, 403):
            raise HubProblem(ProblemKind.AUTH, "the hub refused the token "
                                               f"({response.status_code}); reports need the "
                                               "supervisor role", response.status_code)
        if response.status_code != 200:
            raise HubProblem(ProblemKind.ERROR, f"the hub answered {response.status_code}: "
                                                f"{response.text[:200]}", response.status_code)
        if len(response.content) > MAX_REPORT_BYTES:
            raise HubProblem(ProblemKind.ERROR, "the report is too large to show")
        return response.content
