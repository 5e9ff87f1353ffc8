"""Where the register lives: PostgreSQL when a URL is configured, else a SQLite file.

Order (first found wins):

1. ``HT_REGISTER_URL`` in the environment: ``postgresql://user:pass@host:5432/db``,
   ``sqlite:////absolute/path.sqlite3``, or ``session`` (no database: figures stay in the
   browser session, as before the register existed);
2. ``url`` under ``[register]`` in ``.streamlit/secrets.toml`` (the app's folder, then
   ``~/.streamlit/``), the file Streamlit reads its secrets from;
3. a SQLite file ``register.sqlite3`` in ``HT_DATA_DIR`` (default
   ``$XDG_DATA_HOME/hatinh-dx``, i.e. ``~/.local/share/hatinh-dx``): outside the repository,
   created on first run.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from store.errors import StoreError

ENV_URL = "HT_REGISTER_URL"
ENV_DATA_DIR = "HT_DATA_DIR"
SQLITE_NAME = "register.sqlite3"
SESSION = "session"


@dataclass(frozen=True)
class StoreConfig:
    """``mode`` is "sqlite", "postgresql" or "session"; ``origin`` says where it came from."""

    mode: str
    url: str
    origin: str

    def display(self) -> str:
        """The URL without its password (for messages and the register page)."""
        if self.mode != "postgresql":
            return self.url
        parts = urlsplit(self.url)
        if parts.password is None:
            return self.url
        netloc = parts.netloc.replace(":" + parts.password + "@", ":***@", 1)
        return parts._replace(netloc=netloc).geturl()


def default_data_dir(environ: Mapping[str, str]) -> Path:
    if environ.get(ENV_DATA_DIR):
        return Path(environ[ENV_DATA_DIR]).expanduser()
    base = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base).expanduser() / "hatinh-dx"


def _secrets_url(app_dir: Path) -> tuple[str | None, str]:
    for path in (app_dir / ".streamlit" / "secrets.toml", Path.home() / ".streamlit" / "secrets.toml"):
        if not path.is_file():
            continue
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise StoreError("bad_secrets", path=str(path), detail=str(exc)) from exc
        url = (data.get("register") or {}).get("url")
        if url:
            return str(url), str(path)
    return None, ""


def _bad_url(url: str, why: str, **params: str) -> StoreError:
    """StoreError "bad_url": ``why`` names what is wrong (``no_file_name``, ``bad_scheme``,
    ``bad_port`` with the parser's ``detail``, ``no_host``, ``no_database``)."""
    return StoreError("bad_url", url=url, why=why, **params)


def parse_url(url: str, origin: str = "argument") -> StoreConfig:
    """Check ``url`` and name its engine (StoreError "bad_url" saying what is wrong)."""
    url = url.strip()
    if url == SESSION:
        return StoreConfig(SESSION, SESSION, origin)
    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///"):]
        if not path or path.endswith("/"):
            raise _bad_url(url, "no_file_name")
        return StoreConfig("sqlite", url, origin)
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in ("postgresql", "postgres"):
        raise _bad_url(url, "bad_scheme")
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise _bad_url(url, "bad_port", detail=str(exc)) from exc
    if not parts.hostname and "host=" not in parts.query:
        raise _bad_url(url, "no_host")
    if not parts.path.strip("/"):
        raise _bad_url(url, "no_database")
    del port
    return StoreConfig("postgresql", url, origin)


def resolve(environ: Mapping[str, str] | None = None, app_dir: Path | None = None) -> StoreConfig:
    """The register configured for this process (see the module docstring)."""
    environ = os.environ if environ is None else environ
    if environ.get(ENV_URL, "").strip():
        return parse_url(environ[ENV_URL], f"${ENV_URL}")
    url, path = _secrets_url(app_dir or Path.cwd())
    if url:
        return parse_url(url, path)
    file = default_data_dir(environ) / SQLITE_NAME
    return StoreConfig("sqlite", f"sqlite:///{file.resolve()}", "default")
