"""Certificates after the star: the public register and verification, officials' certificate pages,
the re-evaluation window (notices, expiry), starting re-evaluations, inspections and revocations,
and the province dashboard. Rows are written by services.certificate_records inside engine steps.

`list_for_producer(ctx, producer_user_id)` is the producer page's entry point.

May import: domain, persistence, every services package below it."""

from .records import list_for_producer
from .views import CertificateView

__all__ = ["CertificateView", "list_for_producer"]
