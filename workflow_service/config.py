"""Settings read once from the environment."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLOCK_ENVS = ("demo", "testing")


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    env: str
    bpmn_dir: Path
    forms_dir: Path
    clock_start: str | None = None
    token_ttl_minutes: int = 480
    deploy_on_start: bool = True
    instance_dir: Path = ROOT / "instance"  # secret key, compiled translations, attachment bytes
    script_timeout_ms: int = 1000  # wall clock per BPMN script, condition or DMN entry
    script_memory_mb: int = 256  # memory one script may allocate in its worker process
    script_max_bytes: int = 1 << 20  # size of what one script hands back into the task data

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        instance = Path(env.get("OCOPFLOW_INSTANCE", ROOT / "instance"))
        database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'ocopflow.db'}"
        clock_start = env.get("OCOPFLOW_CLOCK") or None
        mode = env.get("OCOPFLOW_ENV", "demo")
        if clock_start and mode not in CLOCK_ENVS:
            raise SystemExit(f"OCOPFLOW_CLOCK is honoured only when OCOPFLOW_ENV is demo or testing, not {mode!r}")
        return cls(
            database_url=database_url,
            secret_key=env.get("OCOPFLOW_SECRET_KEY") or _instance_secret(instance),
            env=mode,
            bpmn_dir=Path(env.get("OCOPFLOW_BPMN_DIR", ROOT / "bpmn")),
            forms_dir=Path(env.get("OCOPFLOW_FORMS_DIR", ROOT / "forms")),
            clock_start=clock_start,
            token_ttl_minutes=int(env.get("OCOPFLOW_TOKEN_TTL_MINUTES", "480")),
            instance_dir=instance,
            script_timeout_ms=_positive(env, "OCOPFLOW_SCRIPT_TIMEOUT_MS", 1000),
            script_memory_mb=_positive(env, "OCOPFLOW_SCRIPT_MEMORY_MB", 256),
            script_max_bytes=_positive(env, "OCOPFLOW_SCRIPT_MAX_BYTES", 1 << 20),
        )


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name) or str(default)
    if not text.isdigit() or int(text) <= 0:
        raise SystemExit(f"{name} must be a whole number above 0, not {text!r}")
    return int(text)


def _instance_secret(instance: Path) -> str:
    # Generated once per installation so every worker and restart shares it; never committed.
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


@dataclass(frozen=True)
class MailSettings:
    """SMTP for deadline e-mails; absent (None) when OCOPFLOW_SMTP_HOST is not set."""

    host: str
    port: int = 25
    user: str | None = None
    password: str | None = None
    sender: str = "ocopflow@localhost"
    starttls: bool = False

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> MailSettings | None:
        env = os.environ if environ is None else environ
        if not env.get("OCOPFLOW_SMTP_HOST"):
            return None
        return cls(host=env["OCOPFLOW_SMTP_HOST"], port=int(env.get("OCOPFLOW_SMTP_PORT", "25")),
                   user=env.get("OCOPFLOW_SMTP_USER") or None, password=env.get("OCOPFLOW_SMTP_PASSWORD") or None,
                   sender=env.get("OCOPFLOW_SMTP_FROM", "ocopflow@localhost"),
                   starttls=env.get("OCOPFLOW_SMTP_STARTTLS", "").lower() in ("1", "true", "yes", "on"))


@dataclass(frozen=True)
class EscalationSettings:
    due_soon_days: int = 3  # working days left at which an open task counts as due soon
    mail: MailSettings | None = None

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> EscalationSettings:
        env = os.environ if environ is None else environ
        days = int(env.get("OCOPFLOW_DUE_SOON_DAYS", "3"))
        if days < 0:
            raise SystemExit(f"OCOPFLOW_DUE_SOON_DAYS must be 0 or more, not {days}")
        return cls(due_soon_days=days, mail=MailSettings.from_env(env))
