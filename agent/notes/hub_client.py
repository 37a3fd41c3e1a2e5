"""Talking to the hub over HTTP(S): the token, the client, and what an answer means.

Failures are values, not surprises: :class:`HubProblem` says whether the hub is unreachable
(``offline``), refused the token (``auth``), or answered something we cannot trust (``error``).

Thread rule: an :class:`httpx.Client` belongs to the thread that uses it; the functions here are
stateless.
"""

from __future__ import annotations

import os
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from agent.secrets import SecretStore, SecretStoreUnavailable, hub_token_key
from kb.wire.jsonio import JsonError, parse_json
from kb.wire.states import ProblemKind

TOKEN_ENV = "SUFLER_HUB_TOKEN"
CA_FILE_ENV = "SUFLER_HUB_CA_FILE"
API = "/api/v1"


@dataclass(frozen=True, slots=True)
class HubProblem(Exception):
    """Why a request to the hub did not give a usable answer.

    ``kind`` is ``offline`` (cannot connect, timeout), ``auth`` (401/403: needs a new token),
    ``rejected`` (4xx about the request itself) or ``error`` (5xx, garbage, wrong shape).
    """

    kind: ProblemKind
    message: str
    status: int | None = None
    details: tuple[dict[str, Any], ...] = ()

    def __str__(self) -> str:
        return self.message


def resolve_token(hub_url: str, secrets: SecretStore | None = None) -> str | None:
    """``SUFLER_HUB_TOKEN`` (automation), else the keyring entry for this hub, else None.

    Raises :class:`SecretStoreUnavailable` when there is no usable keyring.
    """
    from_env = os.environ.get(TOKEN_ENV, "").strip()
    if from_env:
        return from_env
    return (secrets or SecretStore()).get(hub_token_key(hub_url))


def store_token(hub_url: str, token: str, secrets: SecretStore | None = None) -> None:
    (secrets or SecretStore()).set(hub_token_key(hub_url), token)


def make_client(hub_url: str, token: str, timeout: float = 10.0,
                ca_file: Path | None = None) -> httpx.Client:
    """A client for one hub; ``ca_file`` (or ``SUFLER_HUB_CA_FILE``) pins a private CA. An empty
    ``token`` sends no credentials (health, enrollment)."""
    ca = ca_file or (Path(os.environ[CA_FILE_ENV]) if os.environ.get(CA_FILE_ENV) else None)
    verify: ssl.SSLContext | bool = ssl.create_default_context(cafile=str(ca)) if ca else True
    return httpx.Client(base_url=hub_url.rstrip("/") + API, timeout=timeout, verify=verify,
                        headers={"Authorization": f"Bearer {token}"} if token else {},
                        follow_redirects=False,
                        trust_env=False)


MAX_ANSWER_BYTES = 64 * 1024 * 1024  # the largest answer read from a hub (a page of revisions)


def _message(body: bytes, reason: str) -> tuple[str, tuple[dict[str, Any], ...]]:
    """The hub's ``{"error", "details"}`` of a refusal, or the start of whatever it sent."""
    try:
        parsed = parse_json(body)
    except JsonError:
        return body[:200].decode("utf-8", "replace").strip() or reason, ()
    if isinstance(parsed, dict) and isinstance(parsed.get("error"), str):
        details = parsed.get("details")
        good = tuple(d for d in details if isinstance(d, dict)) if isinstance(details, list) \
            else ()
        return parsed["error"][:500], good
    return str(parsed)[:200], ()


def _read(response: httpx.Response) -> bytes:
    """The body, refusing more than :data:`MAX_ANSWER_BYTES` (a rogue hub cannot fill memory)."""
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > MAX_ANSWER_BYTES:
            raise HubProblem(ProblemKind.ERROR, f"the hub's answer is larger than "
                                                f"{MAX_ANSWER_BYTES // 2**20} MiB; ignored",
                             response.status_code)
        chunks.append(chunk)
    return b"".join(chunks)


def _unreachable(exc: Exception) -> HubProblem:
    return HubProblem(ProblemKind.OFFLINE,
                      f"the hub is unreachable ({type(exc).__name__}: {exc})")


def request_json(client: httpx.Client, method: str, path: str, **kwargs: Any) -> Any:
    """Send a request and return the decoded JSON body of a 2xx answer, or raise HubProblem."""
    return _request(client, method, path, **kwargs)[0]


def get_if_changed(client: httpx.Client, path: str, etag: str | None,
                   **kwargs: Any) -> tuple[Any, str | None] | None:
    """GET ``path`` unless the hub's answer still has ``etag`` (then None): the decoded JSON
    body and the answer's ETag. Raises HubProblem like :func:`request_json`."""
    headers = {"If-None-Match": etag} if etag else {}
    try:
        body, response = _request(client, "GET", path, headers=headers, **kwargs)
    except HubProblem as problem:
        if problem.status == 304:
            return None
        raise
    return body, response.headers.get("etag")


def _request(client: httpx.Client, method: str, path: str,
             **kwargs: Any) -> tuple[Any, httpx.Response]:
    try:
        with client.stream(method, path, **kwargs) as response:
            body = _read(response)
    except httpx.ConnectError as exc:
        if "CERTIFICATE_VERIFY_FAILED" in str(exc) or "SSL" in str(exc):
            raise HubProblem(ProblemKind.ERROR,
                             f"the hub's TLS certificate is not trusted ({exc}); install its "
                             "CA (SUFLER_HUB_CA_FILE)") from None
        raise _unreachable(exc) from None
    except (httpx.TimeoutException, httpx.RemoteProtocolError, httpx.ReadError,
            httpx.WriteError) as exc:
        raise _unreachable(exc) from None
    except httpx.HTTPError as exc:
        raise HubProblem(ProblemKind.ERROR, f"request to the hub failed: {exc}") from None
    status = response.status_code
    if status == 403:
        message, details = _message(body, response.reason_phrase)
        if details:  # the token is fine: the hub refuses entries the details name
            raise HubProblem(ProblemKind.REJECTED,
                             f"the hub refused the request ({status}: {message})", status,
                             details)
    if status in (401, 403):
        message, _ = _message(body, response.reason_phrase)
        raise HubProblem(ProblemKind.AUTH, f"the hub refused the token ({status}: {message}); "
                                           "it needs a new token", status)
    if 400 <= status < 500:
        message, details = _message(body, response.reason_phrase)
        raise HubProblem(ProblemKind.REJECTED,
                         f"the hub refused the request ({status}: {message})", status, details)
    if status not in (200, 201):
        message, _ = _message(body, response.reason_phrase)
        raise HubProblem(ProblemKind.ERROR, f"the hub answered {status}: {message}", status)
    try:
        return parse_json(body), response
    except JsonError as exc:
        raise HubProblem(ProblemKind.ERROR,
                         f"the hub answered something that is not JSON ({exc})", status) from None


__all__ = ["HubProblem", "SecretStoreUnavailable", "get_if_changed", "make_client",
           "request_json", "resolve_token", "store_token"]
