"""Real servers for tests and benchmarks: a hub process and a throwaway PostgreSQL cluster.

Both listen on 127.0.0.1 (or a unix socket in a private temp dir) and are torn down by their
owner. Thread rule: use each object from the thread that created it.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]
PG_USER = "postgres"  # the database superuser's name


def _os_user() -> str:
    """Who runs the cluster when we are root (initdb refuses root): postgres, else nobody."""
    try:
        pwd.getpwnam("postgres")
        return "postgres"
    except KeyError:
        return "nobody"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def python_env(home: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("SUFLER_HUB_TOKEN", "SUFLER_HUB_DB")}
    env.update(SUFLER_HOME=str(home), PYTHONPATH=str(ROOT), **extra)
    return env


def run_cli(args: list[str], home: Path, stdin: str | None = None, timeout: float = 120,
            **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, *args], input=stdin, capture_output=True, text=True,
                          cwd=ROOT, env=python_env(home, **env), timeout=timeout, check=False)


class HubProcess:
    """``python -m kb.hub serve`` on a free port of 127.0.0.1."""

    def __init__(self, home: Path, db_url: str, workers: int = 1,
                 extra: list[str] | None = None) -> None:
        self.home = home
        self.db_url = db_url
        self.workers = workers
        self.extra = extra or []
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.log = home / "hub.log"

    @property
    def url(self) -> str:
        scheme = "https" if "--cert" in self.extra else "http"
        return f"{scheme}://127.0.0.1:{self.port}"

    def cli(self, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
        return run_cli(["-m", "kb.hub", *args, "--db", self.db_url], self.home, stdin)

    def add_user(self, name: str, role: str) -> str:
        """Create a user directly in the database (quicker than the CLI, which has its own
        tests) and return its token."""
        from kb.hub import db
        from kb.hub.service import HubService

        parsed = self.db_url.removeprefix("sqlite:///")
        if parsed != self.db_url:
            Path(parsed).parent.mkdir(parents=True, exist_ok=True)
        engine = db.create_hub_engine(self.db_url, pool_size=1)
        try:
            db.migrate(engine)
            return HubService(engine, None).add_user(name, role)
        finally:
            engine.dispose()

    def start(self, timeout: float = 60.0) -> HubProcess:
        self.home.mkdir(parents=True, exist_ok=True)
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "kb.hub", "serve", "--db", self.db_url, "--port",
                 str(self.port), "--workers", str(self.workers), *self.extra],
                cwd=ROOT, env=python_env(self.home), stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the hub exited: {self.log.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/api/v1/health", timeout=2,
                             verify=False).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"the hub did not start: {self.log.read_text()[-2000:]}")

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(10)
        self.proc = None

    def kill(self) -> None:
        """SIGKILL the hub (no shutdown at all), as a crash or power cut would."""
        if self.proc is not None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(10)
            self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()


def pg_bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


class PgCluster:
    """A throwaway PostgreSQL cluster run by an unprivileged user in a temp dir it owns."""

    def __init__(self, durable: bool = False) -> None:
        self.durable = durable
        bindir = pg_bin_dir()
        if bindir is None:
            raise RuntimeError("PostgreSQL server binaries are not installed")
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="sufler-pg-"))
        self.port = free_port()
        self.data = self.dir / "data"
        self.socket_dir = self.dir
        self._started = False

    def _as_owner(self, *args: str) -> list[str]:
        if os.geteuid() == 0:
            return ["runuser", "-u", _os_user(), "--", *args]
        return list(args)

    def start(self) -> PgCluster:
        if os.geteuid() == 0:
            owner = pwd.getpwnam(_os_user())
            os.chown(self.dir, owner.pw_uid, owner.pw_gid)
        os.chmod(self.dir, 0o700)
        subprocess.run(self._as_owner(str(self.bindir / "initdb"), "-D", str(self.data), "-A",
                                      "trust", "-U", PG_USER, "-E", "UTF8", "--no-sync"),
                       check=True, capture_output=True, timeout=120)
        self.start_server()
        return self

    def start_server(self) -> None:
        options = (f"-p {self.port} -k {self.socket_dir} -c listen_addresses=127.0.0.1 "
                   "-c max_connections=300 -c shared_buffers=64MB")
        if not self.durable:
            options += " -c fsync=off -c synchronous_commit=off"
        subprocess.run(self._as_owner(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-o",
                                      options, "-l", str(self.dir / "pg.log"), "-w", "-t", "60",
                                      "start"),
                       check=True, capture_output=True, timeout=90)
        self._started = True

    def stop_server(self) -> None:
        """Stop the server, keeping the cluster (``start_server`` brings it back)."""
        subprocess.run(self._as_owner(str(self.bindir / "pg_ctl"), "-D", str(self.data),
                                      "-m", "fast", "-w", "stop"),
                       check=True, capture_output=True, timeout=60)
        self._started = False

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{PG_USER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, name: str) -> str:
        import psycopg

        with psycopg.connect(host="127.0.0.1", port=self.port, user=PG_USER, dbname="postgres",
                             autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{name}"')
        return self.url(name)

    def stop(self) -> None:
        if self._started:
            subprocess.run(self._as_owner(str(self.bindir / "pg_ctl"), "-D", str(self.data),
                                          "-m", "immediate", "-w", "stop"),
                           capture_output=True, timeout=60, check=False)
            self._started = False
        shutil.rmtree(self.dir, ignore_errors=True)


def with_bases(hub_url: str, editor_token: str, upserts: list[dict]) -> list[dict]:
    """``upserts`` each carrying its article's current revision as ``base_revision`` (what an
    editor who just read them would send; the hub refuses a stale or missing base with 409)."""
    listing = httpx.get(f"{hub_url}/api/v1/kb/articles", timeout=60,
                        headers={"Authorization": f"Bearer {editor_token}"}).json()
    current = {(a["article"]["slug"], a["article"]["lang"]): a["revision"]
               for a in listing["articles"]}
    return [{**a, "base_revision": current.get((a["slug"], a["lang"]), 0)} for a in upserts]
