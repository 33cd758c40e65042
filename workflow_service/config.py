"""Settings read once from the environment."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
CHECKOUT = PACKAGE.parent  # the repository, when running from a source checkout
ENVS = ("production", "demo", "testing")
CLOCK_ENVS = ("demo", "testing")
MIN_SECRET_LENGTH = 32
DEMO_BASE_URL = "http://127.0.0.1:5000"  # what `ocopflow serve` answers on by default


class ConfigurationError(SystemExit):
    """The service refuses to start as configured (the message says what to change)."""


def bundled_dir(name: str) -> Path:
    """bpmn/ or forms/: the copy an installed wheel carries, else the checkout's own folder."""
    installed = PACKAGE / "bundled" / name
    return installed if installed.is_dir() else CHECKOUT / name


def default_instance_dir() -> Path:
    """Where the SQLite database, the secret key and attachment bytes live: ./instance by default."""
    return Path.cwd() / "instance"


@dataclass(frozen=True)
class Settings:
    database_url: str
    secret_key: str
    env: str
    bpmn_dir: Path
    forms_dir: Path
    clock_start: str | None = None
    token_ttl_minutes: int = 15  # access tokens
    refresh_token_hours: int = 8
    sign_in_user_limit: str = "5 per 15 minutes"  # failed sign-ins per user name
    sign_in_address_limit: str = "20 per 15 minutes"  # failed sign-ins per client address
    register_limit: str = "120 per minute"  # public register requests per client address
    sign_in_limit_storage: str = "database"  # or a Flask-Limiter storage URI: memory://, redis://…
    trusted_proxies: int = 0  # reverse proxies in front whose X-Forwarded-For/-Proto are believed
    secret_key_generated: bool = False  # True when no OCOPFLOW_SECRET_KEY was given
    deploy_on_start: bool = True
    instance_dir: Path = field(default_factory=default_instance_dir)  # secret key, translations, attachments
    script_timeout_ms: int = 1000  # wall clock per BPMN script, condition or DMN entry
    script_memory_mb: int = 256  # memory one script may allocate in its worker process
    script_max_bytes: int = 1 << 20  # size of what one script hands back into the task data
    metrics_enabled: bool = True  # GET /metrics (Prometheus text format, unauthenticated)
    log_format: str = "text"  # json: one JSON object per log line (production's default)
    scheduler_expected: bool = False  # readiness needs a fresh scheduler heartbeat (production's default)
    timer_sweep_seconds: int = 30  # the scheduler's sweep interval; a heartbeat older than twice it is stale
    db_pool_size: int = 5  # PostgreSQL connections each process keeps open (SQLAlchemy QueuePool)
    db_max_overflow: int = 10  # more connections a process may open under a burst
    db_pool_timeout: int = 30  # seconds a request waits for a free connection before it gets 503
    # The service's public address: certificates' QR codes point to <it>/register/certificates/<number>.
    # None (production without OCOPFLOW_PUBLIC_BASE_URL): certificates wait until it is set.
    public_base_url: str | None = DEMO_BASE_URL
    test_pause: str = ""  # OCOPFLOW_ENV=testing only: fault points ("complete", "timer") that block before commit

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        # OCOPFLOW_INSTANCE is the earlier spelling, still honoured.
        configured = env.get("OCOPFLOW_INSTANCE_DIR") or env.get("OCOPFLOW_INSTANCE")
        instance = Path(configured).resolve() if configured else default_instance_dir()
        instance.mkdir(parents=True, exist_ok=True)
        database_url = env.get("DATABASE_URL") or f"sqlite:///{instance / 'ocopflow.db'}"
        clock_start = env.get("OCOPFLOW_CLOCK") or None
        mode = env.get("OCOPFLOW_ENV", "demo")
        if mode not in ENVS:
            raise ConfigurationError(f"OCOPFLOW_ENV must be one of {', '.join(ENVS)}, not {mode!r}")
        secret = env.get("OCOPFLOW_SECRET_KEY") or ""
        if not secret and mode != "production":  # production never runs on a key it made up itself
            secret = _instance_secret(instance)
        if clock_start and mode not in CLOCK_ENVS:
            raise SystemExit(f"OCOPFLOW_CLOCK is honoured only when OCOPFLOW_ENV is demo or testing, not {mode!r}")
        return cls(
            database_url=database_url,
            secret_key=secret,
            secret_key_generated=not env.get("OCOPFLOW_SECRET_KEY"),
            env=mode,
            bpmn_dir=Path(env["OCOPFLOW_BPMN_DIR"]) if env.get("OCOPFLOW_BPMN_DIR") else bundled_dir("bpmn"),
            forms_dir=Path(env["OCOPFLOW_FORMS_DIR"]) if env.get("OCOPFLOW_FORMS_DIR") else bundled_dir("forms"),
            clock_start=clock_start,
            token_ttl_minutes=_positive(env, "OCOPFLOW_TOKEN_TTL_MINUTES", 15),
            refresh_token_hours=_positive(env, "OCOPFLOW_REFRESH_TOKEN_HOURS", 8),
            sign_in_user_limit=env.get("OCOPFLOW_SIGNIN_USER_LIMIT", "5 per 15 minutes"),
            sign_in_address_limit=env.get("OCOPFLOW_SIGNIN_ADDRESS_LIMIT", "20 per 15 minutes"),
            register_limit=env.get("OCOPFLOW_REGISTER_LIMIT", "120 per minute"),
            sign_in_limit_storage=env.get("OCOPFLOW_SIGNIN_LIMIT_STORAGE", "database"),
            trusted_proxies=int(env.get("OCOPFLOW_TRUSTED_PROXIES", "0")),
            instance_dir=instance,
            script_timeout_ms=_positive(env, "OCOPFLOW_SCRIPT_TIMEOUT_MS", 1000),
            script_memory_mb=_positive(env, "OCOPFLOW_SCRIPT_MEMORY_MB", 256),
            script_max_bytes=_positive(env, "OCOPFLOW_SCRIPT_MAX_BYTES", 1 << 20),
            metrics_enabled=_switch(env, "OCOPFLOW_METRICS", True),
            log_format=_choice(env, "OCOPFLOW_LOG_FORMAT", ("json", "text"), "json" if mode == "production" else "text"),
            scheduler_expected=_switch(env, "OCOPFLOW_SCHEDULER_EXPECTED", mode == "production"),
            timer_sweep_seconds=_positive(env, "OCOPFLOW_TIMER_SWEEP_SECONDS", 30),
            db_pool_size=_positive(env, "OCOPFLOW_DB_POOL_SIZE", 5),
            db_max_overflow=_whole(env, "OCOPFLOW_DB_MAX_OVERFLOW", 10),
            db_pool_timeout=_positive(env, "OCOPFLOW_DB_POOL_TIMEOUT", 30),
            public_base_url=_base_url(env, None if mode == "production" else DEMO_BASE_URL),
            test_pause=env.get("OCOPFLOW_TEST_PAUSE", "") if mode == "testing" else "",
        )


def refuse_unsafe_production(settings: Settings) -> None:
    """Production starts only with a secret key given explicitly, long enough to sign sessions and tokens."""
    if settings.env != "production":
        return
    if settings.secret_key_generated or not settings.secret_key:
        raise ConfigurationError(
            "OCOPFLOW_ENV=production needs OCOPFLOW_SECRET_KEY set explicitly (it signs sessions and tokens); "
            "refusing to start with a generated key. Make one with: "
            "python3 -c 'import secrets; print(secrets.token_urlsafe(48))'")
    if len(settings.secret_key) < MIN_SECRET_LENGTH:
        raise ConfigurationError(f"OCOPFLOW_SECRET_KEY is {len(settings.secret_key)} characters; production "
                                 f"needs at least {MIN_SECRET_LENGTH} (random, e.g. secrets.token_urlsafe(48))")


def _positive(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name) or str(default)
    if not text.isdigit() or int(text) <= 0:
        raise ConfigurationError(f"{name} must be a whole number above 0, not {text!r}")
    return int(text)


def _switch(env: Mapping[str, str], name: str, default: bool) -> bool:
    return _choice(env, name, ("on", "off"), "on" if default else "off") == "on"


def _choice(env: Mapping[str, str], name: str, choices: tuple[str, ...], default: str) -> str:
    text = (env.get(name) or default).lower()
    if text not in choices:
        raise ConfigurationError(f"{name} must be one of {', '.join(choices)}, not {text!r}")
    return text


def _whole(env: Mapping[str, str], name: str, default: int) -> int:
    text = env.get(name) or str(default)
    if not text.isdigit():
        raise ConfigurationError(f"{name} must be a whole number, not {text!r}")
    return int(text)


def _base_url(env: Mapping[str, str], default: str | None) -> str | None:
    text = (env.get("OCOPFLOW_PUBLIC_BASE_URL") or "").strip()
    if not text:
        return default
    if not text.startswith(("https://", "http://")) or any(c in text for c in " ?#"):
        raise ConfigurationError(f"OCOPFLOW_PUBLIC_BASE_URL must be an http(s) address without query, such as "
                                 f"https://ocop.hatinh.gov.vn, not {text!r}")
    return text.rstrip("/")


def _instance_secret(instance: Path) -> str:
    # Generated once per installation so every worker and restart shares it; never committed.
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
