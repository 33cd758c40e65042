"""/api/v1/notifications: the signed-in user's deadline notifications."""

from __future__ import annotations

from flask.wrappers import Response

from ..schemas.notifications import NotificationQuery, NotificationSchema
from ..services.deadlines import notifications
from .common import api, ctx, current_actor, query, reply


@api.get("/notifications")
def list_notifications() -> Response:
    actor = current_actor()
    args = query(NotificationQuery())
    rows, total, unread = notifications.list_notifications(
        ctx(), actor, unread_only=args["unread"], limit=args["limit"], offset=args["offset"])
    return reply({"items": NotificationSchema(many=True).dump(rows), "total": total, "unread": unread})


@api.post("/notifications/<id:notification_id>/read")
def read_notification(notification_id: int) -> Response:
    row = notifications.mark_read(ctx(), current_actor(), notification_id)
    return reply(NotificationSchema().dump(row))
