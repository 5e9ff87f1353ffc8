"""The register: an observation store (append-only figures) and a scenario library.

Page code and the command line talk to :class:`Register` (and the :class:`Writer` /
:class:`Reviewer` it hands out after checking a key); only ``store/`` holds SQL.

Figures are versions: a correction or a review adds a row, nothing is updated or deleted
(the database refuses it, migration 0002). The current value of a figure (indicator, year)
is its latest version (highest id). Every write is one transaction: a file's rows are all
stored or none is.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pandas as pd

from model.userdata import UploadResult, parse_upload, validate_table
from store import keys
from store.config import StoreConfig, parse_url
from store.db import Database, translate, utc_now
from store.errors import ImportRefused, KeyRefused, StoreError

ROLES = ("editor", "reviewer")
OBS_COLUMNS = (
    "id", "indicator_id", "year", "value", "unit", "source_note", "department",
    "entered_at", "status", "reviewed_by", "import_id",
)
SCENARIO_COLUMNS = ("id", "name", "params", "link", "department", "saved_at")
TABLES = {
    "editors": ("id", "department", "role", "key_hash", "created_at"),
    "imports": ("id", "department", "file_name", "sha256", "n_rows", "imported_at"),
    "observations": OBS_COLUMNS,
    "scenarios": SCENARIO_COLUMNS,
}
"""Every table of the register and its columns, in dump order (imports before the figures
that point at them)."""
MAX_NAME = 120
"""Longest department, reviewer or scenario name [characters]."""


@dataclass(frozen=True)
class SavedScenario:
    id: int
    name: str
    params: dict[str, str]
    link: str
    department: str
    saved_at: str


@dataclass(frozen=True)
class ImportReceipt:
    ids: tuple[int, ...]
    import_id: int | None
    result: UploadResult


def _clean_name(text: str, what: str) -> str:
    """``text`` with its spaces collapsed; StoreError "bad_name" (``what``: "department" or
    "scenario") when empty or longer than MAX_NAME."""
    name = " ".join(str(text or "").split())
    if not name or len(name) > MAX_NAME:
        raise StoreError("bad_name", what=what, max=MAX_NAME)
    return name


def _frame(rows: list[tuple], columns: Sequence[str]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(columns))
    for col in ("id", "year", "import_id", "n_rows"):
        if col in df:
            df[col] = df[col].astype("Int64")
    if "value" in df:
        df["value"] = df["value"].astype("float64")
    return df


class Register:
    """The register at ``url`` (see :mod:`store.config`). Connections are opened per call
    (Streamlit serves sessions on several threads); the schema is migrated on first use."""

    def __init__(self, url: str | StoreConfig) -> None:
        self.config = url if isinstance(url, StoreConfig) else parse_url(url)
        if self.config.mode == "session":
            raise StoreError("no_database")
        self._migrated = False

    @property
    def engine(self) -> str:
        return self.config.mode

    @contextmanager
    def connect(self, where: str = "read") -> Iterator[Database]:
        """A migrated connection; a driver error becomes a StoreError saying ``where``
        ("read", "write", "restore")."""
        db = Database.open(self.config.url)
        try:
            if not self._migrated:
                db.migrate()
                self._migrated = True
            yield db
        except StoreError:
            raise
        except Exception as exc:  # noqa: BLE001 - every driver error becomes a message
            raise translate(exc, where) from exc
        finally:
            db.close()

    def migrate(self) -> list[int]:
        """Apply pending migrations now; the versions applied."""
        db = Database.open(self.config.url)
        try:
            applied = db.migrate()
        except StoreError:
            raise
        except Exception as exc:  # noqa: BLE001
            raise translate(exc, "migrate") from exc
        finally:
            db.close()
        self._migrated = True
        return applied

    def schema_versions(self) -> list[int]:
        with self.connect() as db:
            return db.applied_versions()

    # -- administration (command line: whoever can run it can reach the database) --------
    def add_editor(self, department: str, role: str = "editor", key: str | None = None) -> str:
        """Set the key of ``department``'s editor (or of a reviewer); returns the key (a new
        random one unless given). A second call replaces the key (the old one stops working)."""
        if role not in ROLES:
            raise StoreError("bad_role", roles=ROLES)
        department = _clean_name(department, "department")
        key = key or keys.new_key()
        stored = keys.hash_key(key)
        with self.connect("write") as db, db.transaction():
            if db.query("SELECT id FROM editors WHERE department = ? AND role = ?", (department, role)):
                db.execute(
                    "UPDATE editors SET key_hash = ?, created_at = ? WHERE department = ? AND role = ?",
                    (stored, utc_now(), department, role),
                )
            else:
                db.insert(
                    "INSERT INTO editors (department, role, key_hash, created_at) VALUES (?, ?, ?, ?)",
                    (department, role, stored, utc_now()),
                )
        return key

    def departments(self, role: str = "editor") -> list[str]:
        with self.connect() as db:
            return [d for (d,) in db.query("SELECT department FROM editors WHERE role = ? ORDER BY department", (role,))]

    def _check_key(self, department: str, role: str, key: str) -> str:
        department = " ".join(str(department or "").split())
        with self.connect() as db:
            found = db.query("SELECT key_hash FROM editors WHERE department = ? AND role = ?", (department, role))
        if not found or not keys.key_matches(str(key or ""), found[0][0]):
            raise KeyRefused("key_refused", role=role, department=department)
        return department

    def writer(self, department: str, key: str) -> Writer:
        """The department's writing rights (KeyRefused when the key is wrong)."""
        return Writer(self, self._check_key(department, "editor", key))

    def reviewer(self, name: str, key: str) -> Reviewer:
        return Reviewer(self, self._check_key(name, "reviewer", key))

    # -- reading (open to anyone) --------------------------------------------------------
    def current(self) -> pd.DataFrame:
        """The latest version of every figure, by indicator and year."""
        cols = ", ".join("o." + c for c in OBS_COLUMNS)
        with self.connect() as db:
            rows = db.query(
                f"SELECT {cols} FROM observations o JOIN (SELECT MAX(id) AS id FROM observations "
                "GROUP BY indicator_id, year) latest ON o.id = latest.id ORDER BY o.indicator_id, o.year"
            )
        return _frame(rows, OBS_COLUMNS)

    def history(self, indicator_id: str | None = None, year: int | None = None) -> pd.DataFrame:
        """Every version (oldest first per figure) with its ``version`` number (1, 2, …)."""
        where, params = [], []
        if indicator_id is not None:
            where.append("indicator_id = ?")
            params.append(indicator_id)
        if year is not None:
            where.append("year = ?")
            params.append(int(year))
        sql = f"SELECT {', '.join(OBS_COLUMNS)} FROM observations"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self.connect() as db:
            rows = db.query(sql + " ORDER BY indicator_id, year, id", params)
        df = _frame(rows, OBS_COLUMNS)
        df.insert(1, "version", df.groupby(["indicator_id", "year"]).cumcount().astype("int64") + 1)
        return df

    def scenarios(self) -> pd.DataFrame:
        with self.connect() as db:
            rows = db.query(f"SELECT {', '.join(SCENARIO_COLUMNS)} FROM scenarios ORDER BY id")
        return _frame(rows, SCENARIO_COLUMNS)

    def scenario(self, scenario_id: int) -> SavedScenario:
        with self.connect() as db:
            rows = db.query(f"SELECT {', '.join(SCENARIO_COLUMNS)} FROM scenarios WHERE id = ?", (int(scenario_id),))
        if not rows:
            raise StoreError("no_scenario", scenario_id=scenario_id)
        i, name, params, link, department, saved_at = rows[0]
        return SavedScenario(int(i), name, json.loads(params), link, department, saved_at)

    # -- backup -----------------------------------------------------------------------------
    def dump(self) -> dict[str, Any]:
        """Every row of every table (ids, hashes and times as stored), JSON-ready."""
        out: dict[str, Any] = {"format": "hatinh-dx-register", "schema": self.schema_versions(), "tables": {}}
        with self.connect() as db:
            for table, cols in TABLES.items():
                out["tables"][table] = [list(r) for r in db.query(f"SELECT {', '.join(cols)} FROM {table} ORDER BY id")]
        return out

    def restore(self, dump: Mapping[str, Any]) -> dict[str, int]:
        """Load a :meth:`dump` into this register, which must be empty; one transaction."""
        if dump.get("format") != "hatinh-dx-register" or not isinstance(dump.get("tables"), Mapping):
            raise StoreError("bad_dump")
        counts: dict[str, int] = {}
        with self.connect("restore") as db, db.transaction():
            if dump.get("schema") != db.applied_versions():
                raise StoreError("schema_mismatch", backup=dump.get("schema"), database=db.applied_versions())
            for table in TABLES:
                if db.query(f"SELECT COUNT(*) FROM {table}")[0][0]:
                    raise StoreError("not_empty", table=table)
            for table, cols in TABLES.items():
                rows = dump["tables"].get(table, [])
                marks = ", ".join("?" * len(cols))
                for row in rows:
                    if len(row) != len(cols):
                        raise StoreError("bad_dump", table=table)  # a row with the wrong number of columns
                    db.execute(f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({marks})", row)
                counts[table] = len(rows)
                if db.engine == "postgresql" and rows:
                    db.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
        return counts


@dataclass(frozen=True)
class Writer:
    """A department whose editor key was checked: may add figures and save scenarios."""

    register: Register
    department: str

    def add_figures(
        self,
        table: pd.DataFrame,
        known: Mapping[str, str],
        *,
        file_name: str | None = None,
        file_bytes: bytes | None = None,
        result: UploadResult | None = None,
    ) -> ImportReceipt:
        """Store figures (columns indicator_id, year, value, note, as the editable table or
        an upload's ``good`` frame), validated as an upload is; any rejected row refuses the
        whole table (ImportRefused carrying the validation result: rows, columns, reasons),
        else every row is a new version, in one transaction."""
        checked = result if result is not None else validate_table(table, known)
        if checked.errors or checked.rejected or not len(checked.good):
            raise _refusal(checked, file_name)
        good = checked.good
        now = utc_now()
        ids: list[int] = []
        import_id = None
        with self.register.connect("write") as db, db.transaction():
            if file_name is not None:
                import_id = db.insert(
                    "INSERT INTO imports (department, file_name, sha256, n_rows, imported_at) VALUES (?, ?, ?, ?, ?)",
                    (self.department, file_name, hashlib.sha256(file_bytes or b"").hexdigest(), len(good), now),
                )
            for ind, year, value, note in good[["indicator_id", "year", "value", "note"]].itertuples(index=False):
                ids.append(
                    db.insert(
                        "INSERT INTO observations (indicator_id, year, value, unit, source_note, department, "
                        "entered_at, status, reviewed_by, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'entered', NULL, ?)",
                        (str(ind), int(year), float(value), str(known.get(str(ind), "")), str(note or ""), self.department, now, import_id),
                    )
                )
        return ImportReceipt(tuple(ids), import_id, checked)

    def import_file(self, data: bytes, file_name: str, known: Mapping[str, str]) -> ImportReceipt:
        """An uploaded CSV/.xlsx, read by :func:`model.userdata.parse_upload`: all rows or none."""
        result = parse_upload(data, file_name, known)
        return self.add_figures(result.good, known, file_name=file_name, file_bytes=data, result=result)

    def save_scenario(self, name: str, params: Mapping[str, str], link: str) -> int:
        """Save a scenario under ``name`` with its URL parameters and link; returns its id."""
        name = _clean_name(name, "scenario")
        text = json.dumps({str(k): str(v) for k, v in params.items()}, sort_keys=True, ensure_ascii=False)
        with self.register.connect("write") as db, db.transaction():
            return db.insert(
                "INSERT INTO scenarios (name, params, link, department, saved_at) VALUES (?, ?, ?, ?, ?)",
                (name, text, str(link), self.department, utc_now()),
            )

    def delete_scenario(self, scenario_id: int) -> None:
        """Delete a scenario this department saved (another department's is refused)."""
        saved = self.register.scenario(scenario_id)
        if saved.department != self.department:
            raise KeyRefused("not_owner", name=saved.name, owner=saved.department, department=self.department)
        with self.register.connect("write") as db, db.transaction():
            db.execute("DELETE FROM scenarios WHERE id = ? AND department = ?", (int(scenario_id), self.department))


@dataclass(frozen=True)
class Reviewer:
    """A reviewer whose key was checked: may mark current figures reviewed."""

    register: Register
    name: str

    def mark_reviewed(self, ids: Sequence[int]) -> tuple[int, ...]:
        """Add a 'reviewed' version of each figure ``ids`` names (its current version);
        one transaction. A figure corrected since (``id`` no longer current) is refused."""
        cols = ", ".join(OBS_COLUMNS)
        now = utc_now()
        new_ids: list[int] = []
        with self.register.connect("write") as db, db.transaction():
            for obs_id in ids:
                found = db.query(f"SELECT {cols} FROM observations WHERE id = ?", (int(obs_id),))
                if not found:
                    raise StoreError("no_figure", figure_id=obs_id)
                row = dict(zip(OBS_COLUMNS, found[0], strict=True))
                latest = db.query(
                    "SELECT MAX(id) FROM observations WHERE indicator_id = ? AND year = ?", (row["indicator_id"], row["year"])
                )[0][0]
                if int(latest) != int(obs_id):
                    raise StoreError("superseded", indicator_id=row["indicator_id"], year=row["year"], figure_id=obs_id)
                new_ids.append(
                    db.insert(
                        "INSERT INTO observations (indicator_id, year, value, unit, source_note, department, "
                        "entered_at, status, reviewed_by, import_id) VALUES (?, ?, ?, ?, ?, ?, ?, 'reviewed', ?, ?)",
                        (row["indicator_id"], row["year"], row["value"], row["unit"], row["source_note"],
                         row["department"], now, self.name, row["import_id"]),
                    )
                )
        return tuple(new_ids)


def _refusal(result: UploadResult, file_name: str | None) -> ImportRefused:
    """Why ``result`` is not written, with ``result`` for the caller to word its problems:
    "file_refused" (the file's first problem), "nothing_to_import", or "rows_rejected"
    (``rows``: how many rows were refused). ``file_name`` is None for a table."""
    if result.errors:
        return ImportRefused("file_refused", result, file_name=file_name, problem=result.errors[0])
    rows = len({p.row for p in result.rejected})
    if rows == 0:
        return ImportRefused("nothing_to_import", result)
    return ImportRefused("rows_rejected", result, file_name=file_name, rows=rows)
