"""An analyst's or partner's confirm or reject of a (supplier name, entity) pair.

Decisions belong to the caller's tenant and are reused by every later upload: a confirmed
pair is a match whatever its strength, a rejected one is never a match again.
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate

from riskscreen.api.auth import current_principal, require
from riskscreen.api.errors import abort
from riskscreen.api.jobs_service import job_service
from riskscreen.api.schemas import PageArgs, StrictSchema
from riskscreen.store import audit
from riskscreen.store import supplier_lists as q
from riskscreen.store.reference import entity_exists
from riskscreen.store.supplier_models import EntityMatchDecision
from riskscreen.suppliers.matching import normalise_name

blp = Blueprint("entity_matches", __name__, url_prefix="/v1",
                description="Decisions on entity-list matches")


class DecisionInSchema(StrictSchema):
    supplier_name = fields.String(required=True, validate=validate.Length(1, 500), metadata={
        "description": "The supplier's name as uploaded (it is normalised here)"})
    entity_id = fields.String(required=True, validate=validate.Length(1, 400), metadata={
        "description": "The entity_id of the match in the results (<list>:<id>)"})
    decision = fields.String(required=True, validate=validate.OneOf(("confirm", "reject")))
    note = fields.String(load_default="", validate=validate.Length(max=2000))


class DecisionSchema(StrictSchema):
    supplier_name = fields.String(required=True, metadata={"description": "normalised"})
    entity_id = fields.String(required=True)
    decision = fields.String(required=True)
    note = fields.String(required=True)
    decided_by = fields.String(required=True)
    decided_at = fields.DateTime(required=True)


def decision_view(row: EntityMatchDecision) -> dict[str, Any]:
    return {"supplier_name": row.supplier_name, "entity_id": row.entity_id,
            "decision": row.decision, "note": row.note, "decided_by": row.decided_by,
            "decided_at": row.decided_at}


@blp.route("/entity-matches/decisions")
class Decisions(MethodView):
    @require("partner", "analyst")
    @blp.arguments(DecisionInSchema)
    @blp.response(201, DecisionSchema)
    @blp.alt_response(422, description="Invalid body, or an entity that is on no active list")
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Confirm or reject a match for the caller's tenant (replaces an earlier decision)."""
        principal = current_principal()
        with job_service().store.transaction() as session:
            if not entity_exists(session, body["entity_id"]):
                abort(422, message=f"No entity {body['entity_id']} on an active list.",
                      errors={"json": {"entity_id": ["unknown entity: use the entity_id "
                                                     "of a match in the results"]}})
            row = q.save_decision(
                session, tenant_id=principal.tenant_id,
                supplier_name=normalise_name(body["supplier_name"]),
                entity_id=body["entity_id"], decision=body["decision"],
                actor=principal.key_id, note=body["note"])
            audit.record(session, actor=principal.key_id, action="entity_match.decide",
                         target_type="entity_match", target_id=body["entity_id"],
                         tenant_id=principal.tenant_id, detail={"decision": body["decision"]})
            return decision_view(row)

    @require("partner", "analyst")
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, DecisionSchema(many=True))
    def get(self, page: dict[str, int]) -> list[dict[str, Any]]:
        """The caller's tenant's decisions, newest first."""
        with job_service().store.session() as session:
            rows = q.list_decisions(session, current_principal().scope, page["limit"],
                                    page["offset"])
            return [decision_view(r) for r in rows]
