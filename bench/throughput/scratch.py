"""Scratch PostgreSQL databases for the benchmark: one migrated template, and a copy of it for
each store and for the pipeline, dropped afterwards. Only databases whose names say they are the
benchmark's are ever dropped."""
from __future__ import annotations

import os
import secrets
import subprocess
import sys
from urllib.parse import urlparse, urlunparse

import psycopg

from bench.throughput.texts import ROOT


class ScratchUnavailable(Exception):
    """PostgreSQL cannot be used: the figures that need it are skipped with this reason."""


def scratch_base(database_url: str) -> str:
    """The scratch databases' base URL: the configured server, a name of the benchmark's own."""
    parsed = urlparse(database_url)
    if parsed.scheme not in ("postgres", "postgresql"):
        raise ScratchUnavailable(
            f"DATABASE_URL is not PostgreSQL ({parsed.scheme or 'sqlite'}): the stores, pipeline and API "
            "figures need PostgreSQL (pass --postgres-url)"
        )
    name = parsed.path.lstrip("/") or "crosscheck"
    return urlunparse(parsed._replace(path=f"/{name}_benchscratch"))


class Scratch:
    def __init__(self, base_url: str):
        parsed = urlparse(base_url)
        if parsed.scheme not in ("postgres", "postgresql"):
            raise ScratchUnavailable(f"{base_url!r} is not a postgres:// URL")
        self.parsed = parsed
        self.base = parsed.path.lstrip("/")
        if "bench" not in self.base:
            raise ScratchUnavailable(f"refusing to use {self.base!r} as a scratch database: its name must contain 'bench'")
        self.template = f"{self.base}_template"
        self.admin_url = urlunparse(parsed._replace(path="/postgres")).replace("postgres://", "postgresql://", 1)

    def url(self, name: str) -> str:
        return urlunparse(self.parsed._replace(path=f"/{name}"))

    def _run(self, *statements: str) -> None:
        try:
            with psycopg.connect(self.admin_url, autocommit=True, connect_timeout=5) as connection:
                for statement in statements:
                    connection.execute(statement)
        except psycopg.OperationalError as error:
            raise ScratchUnavailable(f"PostgreSQL at {self.admin_url} is unreachable: {str(error).strip()}") from None

    def prepare(self) -> None:
        """Create and migrate the template (once per run)."""
        self._run(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)', f'CREATE DATABASE "{self.template}"')
        done = subprocess.run([sys.executable, str(ROOT / "manage.py"), "migrate", "--noinput", "-v", "0"],
                              cwd=ROOT, env=child_env(self.url(self.template)), capture_output=True, text=True)
        if done.returncode:
            raise RuntimeError(f"migrating the scratch template failed: {done.stderr[-2000:]}")

    def create(self, suffix: str) -> str:
        name = f"{self.base}_{suffix}"
        self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}" TEMPLATE "{self.template}"')
        return self.url(name)

    def drop(self, url: str) -> None:
        name = urlparse(url).path.lstrip("/")
        if name.startswith(self.base):
            self._run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def finish(self) -> None:
        self._run(f'DROP DATABASE IF EXISTS "{self.template}" WITH (FORCE)')


def child_env(database_url: str, **extra: str) -> dict:
    """A process on a scratch database, as deployed: DEBUG off (no query log kept), a throwaway
    secret key, the HTTPS proxy header trusted (the API is served behind one)."""
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "0", "PYTHONUNBUFFERED": "1",
           "BEHIND_HTTPS_PROXY": "1", "DJANGO_SETTINGS_MODULE": "workbench.settings", "PYTHONPATH": str(ROOT)}
    env.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    env.update(extra)
    return env
