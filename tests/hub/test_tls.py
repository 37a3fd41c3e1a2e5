"""The hub over TLS: a workstation that pins the hub's CA syncs; one that does not is told why."""

from __future__ import annotations

import datetime as dt
import ipaddress
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from agent.notes.store import NotesStore
from agent.notes.syncer import ERROR, ONLINE, Syncer
from tests.hub.servers import HubProcess


def self_signed(folder: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sufler-hub-test")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder().subject_name(name).issuer_name(name)
        .public_key(key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(
            [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / "hub.crt", folder / "hub.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    key_path.chmod(0o600)
    return cert_path, key_path


@pytest.fixture(scope="module")
def tls_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[HubProcess, str, Path]]:
    home = tmp_path_factory.mktemp("tls")
    cert, key = self_signed(home)
    hub = HubProcess(home / "hub", f"sqlite:///{home / 'hub' / 'hub.sqlite'}",
                     extra=["--cert", str(cert), "--key", str(key)])
    token = hub.add_user("ws", "agent")
    hub.start()
    yield hub, token, cert
    hub.stop()


def test_sync_over_tls_with_the_pinned_ca(tls_hub: tuple[HubProcess, str, Path],
                                          tmp_path: Path) -> None:
    hub, token, cert = tls_hub
    assert hub.url.startswith("https://")
    store = NotesStore.open(tmp_path / "notes.sqlite")
    store.create("tls", "1", "in", text="по TLS")
    untrusting = Syncer(store, hub.url, token).sync_once()
    assert untrusting.state == ERROR and "not trusted" in untrusting.error
    assert untrusting.counts.synced == 0
    report = Syncer(store, hub.url, token, ca_file=cert).sync_once()
    assert report.state == ONLINE and report.counts.synced == 1
    store.close()
