"""POST /v1/screen/job-ads and /v1/screen/audits; GET /v1/screenings (the tenant's own)."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from riskscreen.api.auth import current_principal, require
from riskscreen.api.errors import abort
from riskscreen.api.screening_schemas import (
    AuditRequestSchema,
    JobAdRequestSchema,
    ScreenArgs,
    ScreeningListArgs,
    ScreeningPageSchema,
    ScreeningSchema,
    ScreenResponseSchema,
)
from riskscreen.engine.assessment import Assessment
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


def to_document(item: dict[str, Any], kind: str) -> Document:
    fields = {name: value for name, value in item.items() if name not in NOT_FIELDS}
    if "audit_date" in fields:
        fields["audit_date"] = fields["audit_date"].isoformat()
    if "fees_charged" in fields:  # rules compare the amount; the currency stays alongside
        fields["fees_currency"] = fields["fees_charged"]["currency"]
        fields["fees_charged"] = fields["fees_charged"]["amount"]
    return Document(text=item["text"], kind=kind, language=item.get("language"), fields=fields)


def assessment_view(assessment: Assessment, item: dict[str, Any], screening_id: str) -> dict:
    view = asdict(assessment)
    view.update(id=item.get("id"), screening_id=screening_id)
    return view


def screen_and_store(kind: str, documents: list[dict[str, Any]], explain: str) -> dict:
    limit = current_app.config["BATCH_LIMIT"]
    if len(documents) > limit:
        abort(422, "Too many documents in one call.",
              {"json": {"documents": [f"At most {limit} per call; send the rest in another."]}})
    screener = current_app.extensions["riskscreen.engine"].current()
    assessments = screener.screen_many([to_document(d, kind) for d in documents],
                                       explain=explain == "full")
    principal = current_principal()
    store = current_app.extensions["riskscreen.store"]
    with store.transaction() as session:
        rows = save_assessments(
            session, tenant_id=principal.tenant_id, key_id=principal.key_id,
            items=[(d["text"], d.get("id"), a)
                   for d, a in zip(documents, assessments, strict=True)],
        )
        ids = [row.public_id for row in rows]
    return {"results": [assessment_view(a, d, i)
                        for a, d, i in zip(assessments, documents, ids, strict=True)]}


@blp.route("/screen/job-ads")
class ScreenJobAds(MethodView):
    @require()
    @blp.arguments(ScreenArgs, location="query")
    @blp.arguments(JobAdRequestSchema)
    @blp.response(200, ScreenResponseSchema)
    def post(self, args: dict[str, Any], body: dict[str, Any]) -> dict:
        """Screen one job ad, or a list of them under `documents` (in order)."""
        return screen_and_store("job_ad", body["documents"], args["explain"])


@blp.route("/screen/audits")
class ScreenAudits(MethodView):
    @require()
    @blp.arguments(ScreenArgs, location="query")
    @blp.arguments(AuditRequestSchema)
    @blp.response(200, ScreenResponseSchema)
    def post(self, args: dict[str, Any], body: dict[str, Any]) -> dict:
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
