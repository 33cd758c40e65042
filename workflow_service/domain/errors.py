"""Errors raised by domain rules and services; the API maps them to problem responses, pages translate them.

An error raised with `coded(code, **params)` carries a message code (domain/messages.py) and its
parameters: the API answers the English `detail` (and the code), pages show their own translation of the
code with the parameters written for people (unit names, role titles, local dates).
"""

from __future__ import annotations

from typing import Any, Self

from .messages import MESSAGES


class DomainError(Exception):
    title: str = "Domain error"
    status: int = 400

    def __init__(self, detail: str, errors: dict[str, list[str]] | None = None,
                 problems: list[dict[str, Any]] | None = None, *, code: str | None = None,
                 params: dict[str, Any] | None = None) -> None:
        super().__init__(detail)
        self.detail: str = detail
        self.errors: dict[str, list[str]] = dict(errors or {})
        self.problems: list[dict[str, Any]] = list(problems or [])  # a bundle's problems: file, line, element
        self.code: str | None = code
        self.params: dict[str, Any] = dict(params or {})

    @classmethod
    def coded(cls, code: str, errors: dict[str, list[str]] | None = None,
              problems: list[dict[str, Any]] | None = None, **params: Any) -> Self:
        """The error of message `code`; its English detail is the code's template filled with `params`."""
        return cls(MESSAGES[code].format(**params), errors, problems, code=code, params=params)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.detail!r}, errors={self.errors!r})"


class BadRequest(DomainError):
    title = "Bad request"
    status = 400


class Unauthorized(DomainError):
    title = "Unauthorized"
    status = 401


class Forbidden(DomainError):
    title = "Forbidden"
    status = 403


class NotFound(DomainError):
    title = "Not found"
    status = 404


class Conflict(DomainError):
    title = "Conflict"
    status = 409


class ValidationFailed(DomainError):
    title = "Validation failed"
    status = 422
