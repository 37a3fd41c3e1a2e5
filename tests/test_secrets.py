"""SecretStore against the real Secret Service (gnome-keyring started by tests/run.sh)."""

from __future__ import annotations

import uuid

import keyring
import pytest
from keyring.backends import fail

from agent.secrets import SecretStore, SecretStoreUnavailable, hub_token_key, sip_password_key


@pytest.fixture()
def store() -> SecretStore:
    secrets = SecretStore(service=f"sufler-test-{uuid.uuid4().hex[:8]}")
    try:
        secrets.get("probe")
    except SecretStoreUnavailable as exc:  # pragma: no cover - depends on the session
        pytest.skip(f"no Secret Service in this session (run through tests/run.sh): {exc}")
    return secrets


def test_secret_round_trips_through_the_keyring(store: SecretStore) -> None:
    key = sip_password_key("1001", "pbx.floor")
    assert store.get(key) is None
    store.set(key, "correct horse battery staple")
    assert store.get(key) == "correct horse battery staple"
    assert SecretStore(store.service).get(key) == "correct horse battery staple"
    assert store.delete(key) is True
    assert store.get(key) is None
    assert store.delete(key) is False


def test_backend_is_secret_service(store: SecretStore) -> None:
    assert "SecretService" in store.backend_name()


def test_hub_token_key_ignores_trailing_slash() -> None:
    assert hub_token_key("https://hub:8443/") == hub_token_key("https://hub:8443")


def test_no_backend_is_a_clear_error_not_a_plaintext_fallback() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        with pytest.raises(SecretStoreUnavailable, match="never stores passwords in files"):
            SecretStore().set("sip:x@y", "secret")
        with pytest.raises(SecretStoreUnavailable):
            SecretStore().get("sip:x@y")
    finally:
        keyring.set_keyring(previous)
