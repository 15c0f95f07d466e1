"""POST /v1/screen/job-ads and /v1/screen/audits; GET /v1/screenings (the tenant's own)."""

from __future__ import annotations

from typing import Any

from flask import Response, current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from riskscreen.api.assessment_json import assessment_json
from riskscreen.api.auth import current_principal, require
from riskscreen.api.errors import abort
from riskscreen.api.fastjson import json_response
from riskscreen.api.screening_schemas import (
    AuditRequestSchema,
    JobAdRequestSchema,
    ScreenArgs,
    ScreeningListArgs,
    ScreeningPageSchema,
    ScreeningSchema,
    ScreenResponseSchema,
)
from riskscreen.engine.document import Document
from riskscreen.store.screenings import (
    ScreeningFilter,
    get_screening,
    query_screenings,
    save_assessments,
)

blp = Blueprint("screening", __name__, url_prefix="/v1",
                description="Screen job ads and audit findings")
NOT_FIELDS = {"id", "text", "language"}
# Schema instances, not classes: webargs builds a new schema (and its nested schemas) on
# every request when given a class. Loading with a shared instance is safe.
SCREEN_ARGS = ScreenArgs()
JOB_AD_REQUEST = JobAdRequestSchema()
AUDIT_REQUEST = AuditRequestSchema()


def to_document(item: dict[str, Any], kind: str) -> Document:
    fields = {name: value for name, value in item.items() if name not in NOT_FIELDS}
    if "audit_date" in fields:
        fields["audit_date"] = fields["audit_date"].isoformat()
    if "fees_charged" in fields:  # rules compare the amount; the currency stays alongside
        fields["fees_currency"] = fields["fees_charged"]["currency"]
        fields["fees_charged"] = fields["fees_charged"]["amount"]
    return Document(text=item["text"], kind=kind, language=item.get("language"), fields=fields)


def screen_and_store(kind: str, documents: list[dict[str, Any]], explain: str) -> Response:
    """Screen, store (one transaction), answer; the answer is built without marshmallow
    (assessment_json) and follows ScreenResponseSchema, which documents it."""
    limit = current_app.config["BATCH_LIMIT"]
    if len(documents) > limit:
        abort(422, "Too many documents in one call.",
              {"json": {"documents": [f"At most {limit} per call; send the rest in another."]}})
    screener = current_app.extensions["riskscreen.engine"].current()
    assessments = screener.screen_many([to_document(d, kind) for d in documents],
                                       explain=explain == "full")
    principal = current_principal()
    with current_app.extensions["riskscreen.store"].begin() as connection:
        ids = save_assessments(
            connection, tenant_id=principal.tenant_id, key_id=principal.key_id,
            items=[(d["text"], d.get("id"), a)
                   for d, a in zip(documents, assessments, strict=True)],
            retain_text=principal.retain_text,
        )
    return json_response({"results": [
        assessment_json(a, d.get("id"), i)
        for a, d, i in zip(assessments, documents, ids, strict=True)]})


@blp.route("/screen/job-ads")
class ScreenJobAds(MethodView):
    @require()
    @blp.arguments(SCREEN_ARGS, location="query")
    @blp.arguments(JOB_AD_REQUEST)
    @blp.response(200, ScreenResponseSchema)
    def post(self, args: dict[str, Any], body: dict[str, Any]) -> Response:
        """Screen one job ad, or a list of them under `documents` (in order)."""
        return screen_and_store("job_ad", body["documents"], args["explain"])


@blp.route("/screen/audits")
class ScreenAudits(MethodView):
    @require()
    @blp.arguments(SCREEN_ARGS, location="query")
    @blp.arguments(AUDIT_REQUEST)
    @blp.response(200, ScreenResponseSchema)
    def post(self, args: dict[str, Any], body: dict[str, Any]) -> Response:
        """Screen one audit finding, or a list of them under `documents` (in order)."""
        return screen_and_store("audit", body["documents"], args["explain"])


@blp.route("/screenings")
class Screenings(MethodView):
    @require()
    @blp.arguments(ScreeningListArgs, location="query")
    @blp.response(200, ScreeningPageSchema)
    def get(self, args: dict[str, Any]) -> dict:
        """The caller's tenant's screenings, newest first, filtered and paged."""
        filters = ScreeningFilter(band=args.get("band"), indicator=args.get("indicator"),
                                  kind=args.get("kind"), since=args.get("since"),
                                  until=args.get("until"))
        with current_app.extensions["riskscreen.store"].session() as session:
            rows, total = query_screenings(session, current_principal().scope, filters,
                                           limit=args["limit"], offset=args["offset"])
            return {"total": total, "limit": args["limit"], "offset": args["offset"],
                    "items": rows}


@blp.route("/screenings/<screening_id>")
class ScreeningById(MethodView):
    @require()
    @blp.response(200, ScreeningSchema)
    def get(self, screening_id: str) -> Any:
        """One stored screening of the caller's tenant."""
        with current_app.extensions["riskscreen.store"].session() as session:
            row = get_screening(session, current_principal().scope, screening_id)
            if row is None:
                abort(404, f"No screening {screening_id}.")
            return row
