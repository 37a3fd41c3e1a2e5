"""IT's command line without a hub process: help and version without a display, the doctor's
report and exit code, log redaction, enrollment codes and CSVs, hub user/enroll/backup/restore."""

from __future__ import annotations

import json
import socket
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

from agent.logs import redact
from kb.hub import enrollment
from kb.hub.cli import service_env
from tests.hub.servers import run_cli

ROOT = Path(__file__).resolve().parent.parent
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]


def no_display(home: Path, site: Path) -> dict[str, str]:
    return {"DISPLAY": "", "WAYLAND_DISPLAY": "", "QT_QPA_PLATFORM": "",
            "SUFLER_SITE_FILE": str(site)}


def test_help_and_version_need_no_display(tmp_path: Path) -> None:
    env = no_display(tmp_path, tmp_path / "site.toml")
    shown = run_cli(["-m", "agent", "--help"], tmp_path, **env)
    assert shown.returncode == 0 and "doctor" in shown.stdout and "enroll" in shown.stdout
    version = run_cli(["-m", "agent", "--version"], tmp_path, **env)
    assert version.returncode == 0 and version.stdout.strip() == f"sufler {VERSION}"
    desktop = run_cli(["-m", "agent"], tmp_path, **env)
    assert desktop.returncode == 2 and "no display" in desktop.stderr
    unknown = run_cli(["-m", "agent", "--frobnicate"], tmp_path, **env)
    assert unknown.returncode == 2 and "unknown option" in unknown.stderr


@pytest.fixture
def sip_registrar() -> Iterator[int]:
    """A UDP peer that answers every SIP request with 200 OK (what a registrar does to OPTIONS)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.bind(("127.0.0.1", 0))
    sock.settimeout(0.2)
    stop = threading.Event()

    def answer() -> None:
        while not stop.is_set():
            try:
                data, peer = sock.recvfrom(4096)
            except TimeoutError:
                continue
            headers = [h for h in data.decode().split("\r\n")
                       if h.split(":")[0] in ("Via", "From", "To", "Call-ID", "CSeq")]
            sock.sendto(("SIP/2.0 200 OK\r\n" + "\r\n".join(headers)
                         + "\r\nContent-Length: 0\r\n\r\n").encode(), peer)

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    yield int(sock.getsockname()[1])
    stop.set()
    thread.join()
    sock.close()


def test_doctor_reports_each_check_and_fails_on_an_unreachable_hub(
        tmp_path: Path, sip_registrar: int) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        dead_port = closed.getsockname()[1]
    site = tmp_path / "site.toml"
    site.write_text(f'[sip]\nserver = "127.0.0.1:{sip_registrar}"\n'
                    f'[hub]\nurl = "http://127.0.0.1:{dead_port}"\n')
    result = run_cli(["-m", "agent", "doctor", "--json"], tmp_path / "home",
                     **no_display(tmp_path, site))
    assert result.returncode == 1, result.stderr
    report = json.loads(result.stdout)
    by_name = {c["name"]: c for c in report["checks"]}
    assert set(by_name) >= {"versions", "settings", "keyring", "audio", "sip", "hub", "kb",
                            "disk", "logs"}
    assert by_name["sip"]["status"] == "ok" and "200 OK" in by_name["sip"]["detail"]
    assert by_name["hub"]["status"] == "failed" and by_name["hub"]["advice"]
    assert by_name["settings"]["status"] == "ok"
    assert VERSION in by_name["versions"]["detail"]
    text = run_cli(["-m", "agent", "doctor"], tmp_path / "home", **no_display(tmp_path, site))
    assert "[FAIL] hub:" in text.stdout and "→" in text.stdout
    assert "[ OK ] sip:" in text.stdout


def test_doctor_says_when_the_registrar_is_silent(tmp_path: Path) -> None:
    silent = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    silent.bind(("127.0.0.1", 0))
    site = tmp_path / "site.toml"
    site.write_text(f'[sip]\nserver = "127.0.0.1:{silent.getsockname()[1]}"\n')
    result = run_cli(["-m", "agent", "doctor", "--json"], tmp_path / "home",
                     **no_display(tmp_path, site))
    silent.close()
    sip = next(c for c in json.loads(result.stdout)["checks"] if c["name"] == "sip")
    assert result.returncode == 1 and sip["status"] == "failed"
    assert "did not answer" in sip["detail"] and "firewall" in sip["advice"]


def test_logs_never_carry_tokens_or_passwords() -> None:
    line = ("sync with sfh_abcdefghijklmnop failed; Authorization: Bearer xyz123; "
            "password=hunter2 token: t0k3n")
    cleaned = redact(line)
    for secret in ("sfh_abcdefghijklmnop", "xyz123", "hunter2", "t0k3n"):
        assert secret not in cleaned
    assert "sync with" in cleaned and "failed" in cleaned


def test_codes_are_readable_and_seal_the_sip_password() -> None:
    code = enrollment.new_code()
    assert len(code) == 19 and code.count("-") == 3
    assert enrollment.code_hash(code.lower().replace("-", " ")) == enrollment.code_hash(code)
    assert enrollment.normalize_code("abco-il") == "ABC011"
    blob = enrollment.seal(code, "s3cret")
    assert "s3cret" not in blob and enrollment.unseal(code, blob) == "s3cret"
    with pytest.raises(Exception):  # noqa: B017 - any failure: a wrong code opens nothing
        enrollment.unseal(enrollment.new_code(), blob)


def test_user_csv_is_checked_before_anything_is_imported() -> None:
    people = enrollment.parse_csv("name,role,sip_user,sip_password\nivan,agent,1001,pw\n"
                                  "olga,,1002,\n")
    assert [(p.name, p.role, p.sip_user, p.sip_password) for p in people] == [
        ("ivan", "agent", "1001", "pw"), ("olga", "agent", "1002", "")]
    assert [p.name for p in enrollment.parse_csv("a\nb,editor\n")] == ["a", "b"]
    for bad, message in (("name,phone\nx,1\n", "unknown column"),
                         ("ivan\nbad name\n", "line 2"), ("ivan,boss\n", "role"),
                         ("ivan\nivan\n", "twice")):
        with pytest.raises(ValueError, match=message):
            enrollment.parse_csv(bad)


def test_service_env_file_gives_the_admin_commands_their_database(tmp_path: Path) -> None:
    env_file = tmp_path / "hub.env"
    env_file.write_text("# comment\nSUFLER_HUB_DB=sqlite:////var/lib/x/hub.sqlite\n"
                        "SUFLER_HUB_ARGS=--host 0.0.0.0 --port 1\n")
    values = service_env(env_file)
    assert values["SUFLER_HUB_DB"] == "sqlite:////var/lib/x/hub.sqlite"
    assert values["SUFLER_HUB_ARGS"] == "--host 0.0.0.0 --port 1"
    assert service_env(tmp_path / "missing.env") == {}


def hub_cli(home: Path, *args: str, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return run_cli(["-m", "kb.hub", *args, "--db", f"sqlite:///{home / 'hub.sqlite'}"], home,
                   stdin, SUFLER_HUB_ENV_FILE=str(home / "none.env"))


def test_hub_users_in_bulk_codes_revoke_backup_and_restore(tmp_path: Path) -> None:
    home = tmp_path / "hub"
    added = hub_cli(home, "user", "add", "a1", "a2", "a3", "--role", "agent")
    assert added.returncode == 0, added.stderr
    tokens = [line.rsplit(" ", 1)[1] for line in added.stdout.splitlines()]
    assert len(set(tokens)) == 3 and all(t.startswith("sfh_") for t in tokens)
    twice = hub_cli(home, "user", "add", "a3", "a4", "--role", "agent")
    assert twice.returncode == 1 and "a3" in twice.stderr and "a4" in twice.stdout

    enrolled = hub_cli(home, "enroll", "--count", "3", "--prefix", "op")
    assert enrolled.returncode == 0, enrolled.stderr
    lines = enrolled.stdout.splitlines()
    assert lines[0] == "name,code" and [ln.split(",")[0] for ln in lines[1:]] == [
        "op001", "op002", "op003"]
    (home / "u.csv").write_text("name,role,sip_user,sip_password\nivan,agent,1001,pw\n")
    out = home / "codes.csv"
    imported = hub_cli(home, "user", "import", str(home / "u.csv"), "--out", str(out))
    assert imported.returncode == 0 and out.stat().st_mode & 0o777 == 0o600
    again = hub_cli(home, "user", "import", str(home / "u.csv"), "--out", str(out))
    assert again.returncode == 1 and "never overwritten" in again.stderr
    broken = home / "broken.csv"
    broken.write_text("x y\n")
    refused = hub_cli(home, "user", "import", str(broken))
    assert refused.returncode == 1 and "nothing was imported" in refused.stderr

    revoked = hub_cli(home, "user", "revoke", "a1")
    assert revoked.returncode == 0 and "revoked 1 token(s)" in revoked.stdout
    listing = hub_cli(home, "user", "list").stdout
    assert "a1\tagent\t0 token(s)" in listing and "ivan\tagent" in listing

    backup = hub_cli(home, "backup", str(tmp_path / "bk"))
    assert backup.returncode == 0, backup.stderr
    assert (tmp_path / "bk" / "hub.sqlite").stat().st_mode & 0o777 == 0o600
    restored_home = tmp_path / "restored"
    restore = hub_cli(restored_home, "restore", str(tmp_path / "bk"))
    assert restore.returncode == 0, restore.stderr
    assert hub_cli(restored_home, "user", "list").stdout == listing


def test_a_missing_keyring_is_named_in_the_sync_status(monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    import keyring

    from agent.ui import sync_service

    monkeypatch.delenv("SUFLER_HUB_TOKEN", raising=False)
    report = SimpleNamespace(state="needs-token", error="", finished=True, total=0,
                             confirmed=0, counts=SimpleNamespace(pending=0, failed=0,
                                                                 needing_attention=0))
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    try:
        assert sync_service.hub_token("http://hub.test") is None
        text, tooltip = sync_service.describe(report)
        assert "No keyring" in text and "doctor" in tooltip
    finally:
        keyring.set_keyring(previous)
        sync_service.keyring_missing.clear()
    assert sync_service.describe(report)[0] == "Sync needs a hub token"


def test_diagnostics_bundle_carries_the_report_and_redacted_logs(tmp_path: Path) -> None:
    import zipfile

    home = tmp_path / "home"
    (home / "log").mkdir(parents=True)
    (home / "log" / "desktop.log").write_text("sync ok\nlogin password=hunter2 sfh_abcdefghijkl\n")
    out = tmp_path / "diag.zip"
    result = run_cli(["-m", "agent", "doctor", "--bundle", str(out)], home,
                     **no_display(tmp_path, tmp_path / "site.toml"))
    assert result.returncode in (0, 1) and "diagnostics bundle" in result.stderr
    with zipfile.ZipFile(out) as bundle:
        assert set(bundle.namelist()) == {"doctor.json", "logs/desktop.log"}
        log = bundle.read("logs/desktop.log").decode()
        assert json.loads(bundle.read("doctor.json"))["checks"]
    assert "sync ok" in log and "hunter2" not in log and "sfh_abcdefghijkl" not in log
