"""The API's configuration, read once from the environment (or given whole by a test).

======================== ================================ =========================================
variable                 default                          meaning
======================== ================================ =========================================
``POLICYKG_STORE``       ``falkordb:./data/policykg``     the store to open (``--store`` overrides)
``POLICYKG_API_CYPHER``  ``1``                            ``0`` switches ``POST /cypher`` off (403)
``POLICYKG_API_TOKEN``   unset                            bearer token; the write endpoints exist
                                                          only when it is set
``POLICYKG_CORS_ORIGINS`` unset                           comma-separated origins, ``*`` for any
``POLICYKG_API_TIMEOUT_MS`` ``1000``                      server-side limit of every query
``POLICYKG_API_ROW_CAP`` ``1000``                         most rows one query returns
``POLICYKG_API_MAX_UPLOAD`` ``10485760``                  largest upload in bytes (413 above it)
======================== ================================ =========================================
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

DEFAULT_STORE = "falkordb:./data/policykg"


def _flag(value: str | None, default: bool) -> bool:
    if value is None or not value.strip():
        return default
    return value.strip().lower() not in {"0", "false", "no", "off"}


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError as err:
        raise ValueError(f"{name} must be an integer, got {raw!r}") from err
    if value <= 0:
        raise ValueError(f"{name} must be positive, got {value}")
    return value


@dataclass(frozen=True, slots=True)
class Settings:
    store: str = DEFAULT_STORE
    cypher_enabled: bool = True
    token: str | None = None
    cors_origins: tuple[str, ...] = ()
    timeout_ms: int = 1000
    row_cap: int = 1000
    max_upload_bytes: int = 10 * 1024 * 1024

    @property
    def writes_enabled(self) -> bool:
        return bool(self.token)

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None, **overrides: object) -> Settings:
        """Settings from ``env`` (``os.environ`` by default); keyword arguments win."""
        env = os.environ if env is None else env
        origins = tuple(o.strip() for o in env.get("POLICYKG_CORS_ORIGINS", "").split(",") if o.strip())
        values: dict[str, object] = {
            "store": env.get("POLICYKG_STORE", "").strip() or DEFAULT_STORE,
            "cypher_enabled": _flag(env.get("POLICYKG_API_CYPHER"), True),
            "token": env.get("POLICYKG_API_TOKEN") or None,
            "cors_origins": origins,
            "timeout_ms": _int(env, "POLICYKG_API_TIMEOUT_MS", 1000),
            "row_cap": _int(env, "POLICYKG_API_ROW_CAP", 1000),
            "max_upload_bytes": _int(env, "POLICYKG_API_MAX_UPLOAD", 10 * 1024 * 1024),
        }
        values.update({k: v for k, v in overrides.items() if v is not None})
        return cls(**values)  # type: ignore[arg-type]
