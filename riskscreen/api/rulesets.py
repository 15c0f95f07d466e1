"""Ruleset versions over HTTP: list, read, create from accepted drafts, activate, roll back.

A version is immutable and named by the content hash of its files (the loader's
RuleSet.version). Activating one reaches every worker within RULESET_POLL_SECONDS.
"""

from __future__ import annotations

from typing import Any

from flask.views import MethodView
from flask_smorest import Blueprint

from riskscreen.analysis.rulefiles import DraftError, diff_files
from riskscreen.analysis.service import build_version
from riskscreen.api.analyst_common import ANALYSTS, abort_draft, actor, store
from riskscreen.api.analyst_schemas import (
    ActivationSchema,
    RulesetCreateSchema,
    RulesetDetailSchema,
    RulesetPageSchema,
)
from riskscreen.api.auth import require
from riskscreen.api.errors import abort
from riskscreen.api.schemas import PageArgs
from riskscreen.store import rulesets as ruleset_store
from riskscreen.store.analyst_models import RulesetVersion

blp = Blueprint("rulesets", __name__, url_prefix="/v1",
                description="Ruleset versions: create, activate, roll back")


def ruleset_view(row: RulesetVersion, active: str | None) -> dict[str, Any]:
    return {"version": row.version, "created_at": row.created_at, "created_by": row.created_by,
            "parent": row.parent, "note": row.note, "rule_count": row.rule_count,
            "changes": row.changes, "active": row.version == active}


def _detail(session: Any, row: RulesetVersion) -> dict[str, Any]:
    files = ruleset_store.files_of(session, row.version)
    diff = None
    if row.parent and ruleset_store.get_version(session, row.parent) is not None:
        diff = diff_files(ruleset_store.files_of(session, row.parent), files)
    return {**ruleset_view(row, ruleset_store.active_version(session)), "files": sorted(files),
            "diff": diff}


@blp.route("/rulesets")
class Rulesets(MethodView):
    @require(*ANALYSTS)
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, RulesetPageSchema)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Every stored version, newest first, and which one is active."""
        with store().session() as session:
            active = ruleset_store.active_version(session)
            rows, total = ruleset_store.list_versions(session, limit=args["limit"],
                                                      offset=args["offset"])
            return {"active": active, "total": total,
                    "items": [ruleset_view(row, active) for row in rows]}

    @require(*ANALYSTS)
    @blp.arguments(RulesetCreateSchema)
    @blp.response(201, RulesetDetailSchema)
    def post(self, body: dict[str, Any]) -> Any:
        """Create a version: the base (default: active) plus accepted drafts, minus `remove`.

        It is validated as a rules folder is, stored, and not activated. Sending the same
        content twice answers 200 with the version already stored.
        """
        with store().transaction() as session:
            if body.get("base") and ruleset_store.get_version(session, body["base"]) is None:
                abort(422, "Unknown base.", {"json": {"base": [f"No version {body['base']}."]}})
            try:
                built = build_version(session, actor=actor(), base=body.get("base"),
                                      draft_ids=body.get("drafts"), remove=body["remove"],
                                      note=body["note"])
            except DraftError as exc:
                abort_draft(exc, "", "The new ruleset version is not valid.")
            return _detail(session, built.row), 201 if built.created else 200


@blp.route("/rulesets/<version>")
class RulesetByVersion(MethodView):
    @require(*ANALYSTS)
    @blp.response(200, RulesetDetailSchema)
    def get(self, version: str) -> dict[str, Any]:
        """One version: its files and what changed against its parent."""
        with store().session() as session:
            row = ruleset_store.get_version(session, version)
            if row is None:
                abort(404, f"No ruleset version {version}.")
            return _detail(session, row)


@blp.route("/rulesets/<version>/activate")
class ActivateRuleset(MethodView):
    @require(*ANALYSTS)
    @blp.response(200, ActivationSchema)
    def post(self, version: str) -> dict[str, Any]:
        """Make a version active: the next screening on every worker uses it."""
        with store().transaction() as session:
            try:
                previous = ruleset_store.activate(session, version, actor=actor())
            except ruleset_store.UnknownVersion:
                abort(404, f"No ruleset version {version}.")
        return {"active": version, "previous": previous}


@blp.route("/rulesets/rollback")
class RollbackRuleset(MethodView):
    @require(*ANALYSTS)
    @blp.response(200, ActivationSchema)
    @blp.alt_response(409, description="No earlier activation to roll back to")
    def post(self) -> dict[str, Any]:
        """Undo the newest activation: the version active before it is active again."""
        with store().transaction() as session:
            try:
                restored, rolled_back = ruleset_store.rollback(session, actor=actor())
            except ruleset_store.NothingToRollBack as exc:
                abort(409, str(exc))
        return {"active": restored, "previous": rolled_back}
