"""Feedback on screenings: a partner or analyst of the owning tenant labels a result.

Another tenant's screening is a 404 (its existence is not revealed). Feedback joins labelled
sets (backtests, training) only when it has the text: sent with the feedback, or kept because
the tenant retains texts.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from riskscreen.api.analyst_common import abort_field, store
from riskscreen.api.analyst_schemas import (
    FeedbackCreateSchema,
    FeedbackListArgs,
    FeedbackPageSchema,
    FeedbackSchema,
)
from riskscreen.api.auth import current_principal, require
from riskscreen.api.errors import abort
from riskscreen.api.schemas import PageArgs
from riskscreen.store.analyst_models import Feedback
from riskscreen.store.feedback import FeedbackError, FeedbackInput, add_feedback, list_feedback
from riskscreen.store.screenings import get_screening

blp = Blueprint("feedback", __name__, url_prefix="/v1",
                description="Feedback on screenings: labels for backtests and training")


def feedback_view(row: Feedback, screening_id: str) -> dict[str, Any]:
    return {"id": row.public_id, "screening_id": screening_id, "label": row.label,
            "indicators": row.indicators, "note": row.note, "created_at": row.created_at,
            "key_id": row.key_id, "kind": row.kind, "has_text": bool(row.text),
            "screened_band": row.screened_band,
            "screened_indicators": list(row.screened_indicators),
            "ruleset_version": row.ruleset_version}


@blp.route("/screenings/<screening_id>/feedback")
class ScreeningFeedback(MethodView):
    @require()
    @blp.arguments(FeedbackCreateSchema)
    @blp.response(201, FeedbackSchema)
    def post(self, body: dict[str, Any], screening_id: str) -> dict[str, Any]:
        """Label a screening of your tenant: risk_confirmed or not_risky, with the indicators
        it really shows, a note, and optionally the screened text."""
        known = current_app.extensions["riskscreen.engine"].current().indicators
        for i, indicator in enumerate(body.get("indicators") or []):
            if indicator not in known:
                abort_field(f"indicators.{i}", f"Unknown indicator {indicator!r}.")
        principal = current_principal()
        with store().transaction() as session:
            screening = get_screening(session, principal.scope, screening_id)
            if screening is None:
                abort(404, f"No screening {screening_id}.")
            given = FeedbackInput(label=body["label"], indicators=body.get("indicators"),
                                  note=body["note"], text=body.get("text"))
            try:
                row = add_feedback(session, screening, given, key_id=principal.key_id)
            except FeedbackError as exc:
                abort_field(exc.field, str(exc))
            return feedback_view(row, screening_id)

    @require()
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, FeedbackPageSchema)
    def get(self, args: dict[str, Any], screening_id: str) -> dict[str, Any]:
        """The feedback on one screening of your tenant, newest first."""
        scope = current_principal().scope
        with store().session() as session:
            screening = get_screening(session, scope, screening_id)
            if screening is None:
                abort(404, f"No screening {screening_id}.")
            pairs, total = list_feedback(session, scope, screening_id=screening.id,
                                         limit=args["limit"], offset=args["offset"])
            return {"total": total, "items": [feedback_view(f, s) for f, s in pairs]}


@blp.route("/feedback")
class FeedbackList(MethodView):
    @require()
    @blp.arguments(FeedbackListArgs, location="query")
    @blp.response(200, FeedbackPageSchema)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Your tenant's feedback (every tenant's for admins), newest first."""
        with store().session() as session:
            pairs, total = list_feedback(session, current_principal().scope,
                                         label=args.get("label"), limit=args["limit"],
                                         offset=args["offset"])
            return {"total": total, "items": [feedback_view(f, s) for f, s in pairs]}
