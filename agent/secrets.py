"""SecretStore: SIP passwords and hub tokens in the OS keyring, never on disk.

Thread rule: calls may block on D-Bus (Secret Service), so the desktop calls them from a worker
thread, never the UI thread. With no usable backend every call raises
:class:`SecretStoreUnavailable` with a plain explanation; there is no plaintext fallback.
"""

from __future__ import annotations

import keyring
import keyring.backend
import keyring.errors

SERVICE = "sufler"
# Backends that would write secrets to disk in clear text or cannot store anything at all.
_REFUSED_BACKENDS = ("keyring.backends.fail", "keyring.backends.null", "keyrings.alt")


class SecretStoreUnavailable(RuntimeError):
    """No secure keyring backend: the app asks for the secret each time instead."""


def sip_password_key(user: str, server: str) -> str:
    return f"sip:{user}@{server}"


def hub_token_key(hub_url: str) -> str:
    return f"hub-token:{hub_url.rstrip('/')}"


class SecretStore:
    """A thin, strict wrapper over ``keyring`` for one service name."""

    def __init__(self, service: str = SERVICE) -> None:
        self.service = service

    @staticmethod
    def backend_name() -> str:
        backend = keyring.get_keyring()
        return f"{type(backend).__module__}.{type(backend).__name__}"

    def _backend(self) -> keyring.backend.KeyringBackend:
        backend = keyring.get_keyring()
        name = self.backend_name()
        if any(name.startswith(refused) for refused in _REFUSED_BACKENDS) or backend.priority <= 0:
            raise SecretStoreUnavailable(
                f"No secure keyring is available (backend {name}). Start a Secret Service "
                "(e.g. gnome-keyring) or set PYTHON_KEYRING_BACKEND; Sufler never stores "
                "passwords in files."
            )
        return backend

    def get(self, key: str) -> str | None:
        try:
            return self._backend().get_password(self.service, key)
        except keyring.errors.KeyringError as exc:
            raise SecretStoreUnavailable(f"The keyring refused to read {key!r}: {exc}") from exc

    def set(self, key: str, secret: str) -> None:
        try:
            self._backend().set_password(self.service, key, secret)
        except keyring.errors.KeyringError as exc:
            raise SecretStoreUnavailable(f"The keyring refused to store {key!r}: {exc}") from exc

    def delete(self, key: str) -> bool:
        try:
            self._backend().delete_password(self.service, key)
        except keyring.errors.PasswordDeleteError:
            return False
        except keyring.errors.KeyringError as exc:
            raise SecretStoreUnavailable(f"The keyring refused to delete {key!r}: {exc}") from exc
        return True
