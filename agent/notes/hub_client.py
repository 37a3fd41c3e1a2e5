"""Talking to the hub over HTTP(S): the token, the client, and what an answer means.

Failures are values, not surprises: :class:`HubProblem` says whether the hub is unreachable
(``offline``), refused the token (``auth``), or answered something we cannot trust (``error``).

Thread rule: an :class:`httpx.Client` belongs to the thread that uses it; the functions here are
stateless.
"""

from __future__ import annotations

import json
import os
import ssl
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from agent.secrets import SecretStore, SecretStoreUnavailable, hub_token_key

TOKEN_ENV = "SUFLER_HUB_TOKEN"
CA_FILE_ENV = "SUFLER_HUB_CA_FILE"
API = "/api/v1"


@dataclass(frozen=True, slots=True)
class HubProblem(Exception):
    """Why a request to the hub did not give a usable answer.

    ``kind`` is ``offline`` (cannot connect, timeout), ``auth`` (401/403: needs a new token),
    ``rejected`` (4xx about the request itself) or ``error`` (5xx, garbage, wrong shape).
    """

    kind: str
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
    """A client for one hub; ``ca_file`` (or ``SUFLER_HUB_CA_FILE``) pins a private CA."""
    ca = ca_file or (Path(os.environ[CA_FILE_ENV]) if os.environ.get(CA_FILE_ENV) else None)
    verify: ssl.SSLContext | bool = ssl.create_default_context(cafile=str(ca)) if ca else True
    return httpx.Client(base_url=hub_url.rstrip("/") + API, timeout=timeout, verify=verify,
                        headers={"Authorization": f"Bearer {token}"}, follow_redirects=False,
                        trust_env=False)


def _message(response: httpx.Response) -> tuple[str, tuple[dict[str, Any], ...]]:
    try:
        body = response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        return response.text[:200].strip() or response.reason_phrase, ()
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        details = body.get("details")
        good = tuple(d for d in details if isinstance(d, dict)) if isinstance(details, list) \
            else ()
        return body["error"], good
    return str(body)[:200], ()


def request_json(client: httpx.Client, method: str, path: str, **kwargs: Any) -> Any:
    """Send a request and return the decoded JSON body of a 2xx answer, or raise HubProblem."""
    try:
        response = client.request(method, path, **kwargs)
    except httpx.ConnectError as exc:
        if "CERTIFICATE_VERIFY_FAILED" in str(exc) or "SSL" in str(exc):
            raise HubProblem("error", f"the hub's TLS certificate is not trusted ({exc}); "
                                      "install its CA (SUFLER_HUB_CA_FILE)") from None
        raise HubProblem("offline", f"the hub is unreachable ({type(exc).__name__}: {exc})"
                         ) from None
    except (httpx.ConnectTimeout, httpx.ReadTimeout, httpx.WriteTimeout,
            httpx.PoolTimeout, httpx.RemoteProtocolError, httpx.ReadError,
            httpx.WriteError) as exc:
        raise HubProblem("offline", f"the hub is unreachable ({type(exc).__name__}: {exc})"
                         ) from None
    except httpx.HTTPError as exc:
        raise HubProblem("error", f"request to the hub failed: {exc}") from None
    if response.status_code in (401, 403):
        message, _ = _message(response)
        raise HubProblem("auth", f"the hub refused the token ({response.status_code}: "
                                 f"{message}); it needs a new token", response.status_code)
    if 400 <= response.status_code < 500:
        message, details = _message(response)
        raise HubProblem("rejected", f"the hub refused the request ({response.status_code}: "
                                     f"{message})", response.status_code, details)
    if response.status_code != 200 and response.status_code != 201:
        message, _ = _message(response)
        raise HubProblem("error", f"the hub answered {response.status_code}: {message}",
                         response.status_code)
    try:
        return response.json()
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise HubProblem("error", "the hub answered something that is not JSON",
                         response.status_code) from None


__all__ = ["HubProblem", "SecretStoreUnavailable", "make_client", "request_json",
           "resolve_token", "store_token"]
