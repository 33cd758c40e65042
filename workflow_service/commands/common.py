"""What the `ocopflow` commands share: who acts from a shell, a refused action reported. (The app is
opened by cli.py and handed in: commands/ sits beside api/ and web/, below the app factory.)"""

from __future__ import annotations

import sys
from typing import Any

import click

from ..domain.access import Actor
from ..domain.errors import DomainError
from ..domain.roles import RoleGrant

CLI_DESIGNER = Actor("cli", (RoleGrant("designer", "VN"),))  # who runs migrations and simulations from a shell



def run_or_exit(action: Any) -> Any:
    """`action()`; a refusal (DomainError) is printed with each field's messages and exits 2."""
    try:
        return action()
    except DomainError as err:
        click.echo(f"error: {err.detail}", err=True)
        for field, messages in err.errors.items():
            for message in messages:
                click.echo(f"  {field}: {message}", err=True)
        sys.exit(2)
