"""/api/v1/certificates: certificates as officials and producers see them; starting a re-evaluation,
an inspection or a revocation from one; the province dashboard (by star, by expiry quarter)."""

from __future__ import annotations

from typing import Any

from flask import Response as FlaskResponse
from flask.wrappers import Response

from ..schemas.certificates import (
    CertificateListQuery,
    DashboardQuery,
    InspectionBody,
    ReevaluationBody,
    RevocationBody,
)
from ..services.certificates import dashboard, records, starting
from .common import api, body, ctx, current_actor, query, reply


def _started(dossier: Any) -> dict[str, Any]:
    return {"id": dossier.id, "registration_number": dossier.registration_number, "kind": dossier.kind}


@api.get("/certificates")
def list_certificates() -> Response:
    actor = current_actor()
    args = query(CertificateListQuery())
    views, total = records.list_certificates(ctx(), actor, state=args["state"], province=args["province"],
                                             limit=args["limit"], offset=args["offset"])
    return reply({"items": [v.as_json() for v in views], "total": total})


@api.get("/certificates/dashboard")
def certificate_dashboard() -> Response:
    actor = current_actor()
    args = query(DashboardQuery())
    board = dashboard.province_dashboard(ctx(), actor, args["province"])
    if args["format"] == "csv":
        response = FlaskResponse(dashboard.dashboard_csv(board), mimetype="text/csv")
        response.headers["Content-Type"] = "text/csv; charset=utf-8"
        response.headers["Content-Disposition"] = f'attachment; filename="ocop-certificates-{board.province}.csv"'
        return response
    return reply(board.as_json())


@api.get("/certificates/<certificate:number>")
def get_certificate(number: str) -> Response:
    return reply(records.get_certificate(ctx(), current_actor(), number).as_json())


@api.post("/certificates/<certificate:number>/re-evaluation")
def start_reevaluation(number: str) -> Response:
    actor = current_actor()
    args = body(ReevaluationBody())
    return reply(_started(starting.start_reevaluation(ctx(), actor, number, args["changes"])), 201)


@api.post("/certificates/<certificate:number>/inspections")
def start_inspection(number: str) -> Response:
    actor = current_actor()
    args = body(InspectionBody())
    dossier = starting.start_inspection(ctx(), actor, number, args["kind"], args["due_on"], args["reason"])
    return reply(_started(dossier), 201)


@api.post("/certificates/<certificate:number>/revocations")
def start_revocation(number: str) -> Response:
    actor = current_actor()
    args = body(RevocationBody())
    return reply(_started(starting.start_revocation(ctx(), actor, number, starting.Revocation(**args))), 201)
