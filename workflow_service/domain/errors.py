"""Errors raised by domain rules and services; the API maps them to problem responses."""

from __future__ import annotations

from typing import Any


class DomainError(Exception):
    title: str = "Domain error"
    status: int = 400

    def __init__(self, detail: str, errors: dict[str, list[str]] | None = None,
                 problems: list[dict[str, Any]] | None = None) -> None:
        super().__init__(detail)
        self.detail: str = detail
        self.errors: dict[str, list[str]] = dict(errors or {})
        self.problems: list[dict[str, Any]] = list(problems or [])  # a bundle's problems: file, line, element

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
