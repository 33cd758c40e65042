"""Production refuses to start on a made-up secret key or with demo accounts; it never loads demo data."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, select

from tests.conftest import ROOT
from workflow_service import create_app
from workflow_service.cli import main
from workflow_service.config import ConfigurationError, Settings
from workflow_service.domain.access import Actor
from workflow_service.domain.clock import FixedClock
from workflow_service.domain.roles import RoleGrant
from workflow_service.persistence.models import User
from workflow_service.services.accounts.sessions import set_password
from workflow_service.services.demo.loader import load_demo

KEY = "k" * 48


def env_for(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {"DATABASE_URL": f"sqlite:///{tmp_path}/prod.db", "OCOPFLOW_INSTANCE": str(tmp_path / "instance"),
            "OCOPFLOW_BPMN_DIR": str(ROOT / "tests" / "fixtures" / "bpmn"),
            "OCOPFLOW_FORMS_DIR": str(ROOT / "tests" / "fixtures" / "bpmn"), **extra}


def usernames(app: Any) -> set[str]:
    with app.extensions["ocopflow"].uow() as uow:
        return set(uow.session.scalars(select(User.username)))


def test_production_needs_an_explicit_long_secret_key(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="OCOPFLOW_SECRET_KEY set explicitly"):
        create_app(Settings.from_env(env_for(tmp_path, OCOPFLOW_ENV="production")))
    assert not (tmp_path / "instance" / "secret_key").exists()  # no key was made up
    with pytest.raises(ConfigurationError, match="at least 32"):
        create_app(Settings.from_env(env_for(tmp_path, OCOPFLOW_ENV="production", OCOPFLOW_SECRET_KEY="short")))
    with pytest.raises(ConfigurationError, match="OCOPFLOW_ENV must be one of"):
        Settings.from_env(env_for(tmp_path, OCOPFLOW_ENV="prod"))
    app = create_app(Settings.from_env(env_for(tmp_path, OCOPFLOW_ENV="production", OCOPFLOW_SECRET_KEY=KEY)))
    assert app.config["SESSION_COOKIE_SECURE"] is True
    app.extensions["ocopflow.engine"].dispose()


def test_production_refuses_to_start_while_demo_accounts_keep_the_published_password(
        tmp_path: Path, clock: FixedClock) -> None:
    demo_app = create_app(Settings.from_env(env_for(tmp_path, OCOPFLOW_ENV="demo")), clock=clock)
    load_demo(demo_app.extensions["ocopflow"])
    production = Settings.from_env(env_for(tmp_path, OCOPFLOW_ENV="production", OCOPFLOW_SECRET_KEY=KEY))
    with pytest.raises(ConfigurationError, match=r"demo account\(s\) with the published demo password") as err:
        create_app(production)
    assert "admin, advisory.hatinh" in str(err.value) and "officer.huongkhe" in str(err.value)
    ctx, by = demo_app.extensions["ocopflow"], Actor("cli", (RoleGrant("admin", "VN"),))
    set_password(ctx, by, "admin", "admin-own-secret-1")  # as `ocopflow users passwd admin` does
    with ctx.uow() as uow:  # and every other demo account but one removed
        uow.session.execute(delete(User).where(User.username.not_in(["admin", "designer"])))
        uow.commit()
    with pytest.raises(ConfigurationError, match=r"exist: designer\. Give each"):
        create_app(production)
    set_password(ctx, by, "designer", "designer-own-secret")
    create_app(production).extensions["ocopflow.engine"].dispose()
    demo_app.extensions["ocopflow.engine"].dispose()


def test_serve_in_production_never_loads_the_demo_accounts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from gunicorn.app.base import BaseApplication

    served: list[Any] = []
    monkeypatch.setattr(BaseApplication, "run", lambda self: served.append(self.load()))
    runner = CliRunner()
    refused = runner.invoke(main, ["serve"], env=env_for(tmp_path, OCOPFLOW_ENV="production"))
    assert refused.exit_code != 0 and served == []
    assert "OCOPFLOW_SECRET_KEY" in str(refused.exception)
    started = runner.invoke(main, ["serve"], env=env_for(tmp_path, OCOPFLOW_ENV="production",
                                                         OCOPFLOW_SECRET_KEY=KEY))
    assert started.exit_code == 0, started.output
    assert "no users yet" in started.output and "ocop-demo-2026" not in started.output
    assert usernames(served[0]) == set()
    demo = runner.invoke(main, ["demo"], env=env_for(tmp_path, OCOPFLOW_ENV="production", OCOPFLOW_SECRET_KEY=KEY))
    assert demo.exit_code == 2 and "never in production" in demo.output
    served[0].extensions["ocopflow.engine"].dispose()


def test_users_passwd_sets_a_password_and_ends_the_sessions(tmp_path: Path) -> None:
    runner = CliRunner()
    env = env_for(tmp_path, OCOPFLOW_ENV="testing")
    app = create_app(Settings.from_env(env))
    load_demo(app.extensions["ocopflow"])
    client = app.test_client()
    token = client.post("/api/v1/auth/token", json={"username": "designer", "password": "ocop-demo-2026"}).json
    changed = runner.invoke(main, ["users", "passwd", "designer"], input="designer-new-pass\ndesigner-new-pass\n",
                            env=env)
    assert changed.exit_code == 0, changed.output
    assert "every session and token of designer has ended" in changed.output
    assert client.get("/api/v1/tasks", headers={"Authorization": f"Bearer {token['access_token']}"}).status_code == 401
    assert client.post("/api/v1/auth/token",
                       json={"username": "designer", "password": "designer-new-pass"}).status_code == 200
    short = runner.invoke(main, ["users", "passwd", "designer", "--password", "short"], env=env)
    assert short.exit_code == 2 and "password" in short.output
    unknown = runner.invoke(main, ["users", "passwd", "nobody", "--password", "long-enough-1"], env=env)
    assert unknown.exit_code == 2 and "no user 'nobody'" in unknown.output
    app.extensions["ocopflow.engine"].dispose()
