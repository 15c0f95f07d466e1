"""Rules and indicators over HTTP: read the active (or any) version, propose drafts, try them.

Analysts and admins only. A draft is validated exactly as a rule file is (the engine's loader)
and its examples must pass; nothing reaches screening until a ruleset version that includes
it is created and activated (riskscreen.api.rulesets).
"""

from __future__ import annotations

from typing import Any

import yaml
from flask.views import MethodView
from flask_smorest import Blueprint

from riskscreen.analysis.rulefiles import DraftError, check_draft, path_of, rule_source
from riskscreen.analysis.service import ruleset_of
from riskscreen.api.analyst_common import (
    ANALYSTS,
    abort_draft,
    abort_field,
    actor,
    rule_text,
    store,
)
from riskscreen.api.analyst_schemas import (
    DraftCreateSchema,
    DraftListArgs,
    DraftPageSchema,
    DraftSchema,
    IndicatorListSchema,
    RuleDetailSchema,
    RuleListSchema,
    TryResultSchema,
    TrySchema,
    VersionArgs,
)
from riskscreen.api.auth import require
from riskscreen.api.errors import abort
from riskscreen.engine.document import Document
from riskscreen.engine.hits import IndicatorHit
from riskscreen.engine.rules import Rule
from riskscreen.store import drafts as draft_store
from riskscreen.store import rulesets as ruleset_store
from riskscreen.store.analyst_models import RuleDraft

blp = Blueprint("rules", __name__, url_prefix="/v1",
                description="Rules and indicators: read, propose drafts, try them")


def _files(session: Any, version: str | None) -> tuple[str, dict[str, str]]:
    version = version or ruleset_store.active_version(session)
    if version is None:
        abort(404, "No ruleset version is active.")
    try:
        return version, ruleset_store.files_of(session, version)
    except ruleset_store.UnknownVersion:
        abort(404, f"No ruleset version {version}.")


def _summary(rule: Rule) -> dict[str, Any]:
    return {"id": rule.id, "title": rule.title, "indicator": rule.indicator,
            "status": rule.status, "weight": rule.weight, "languages": list(rule.languages),
            "kinds": list(rule.kinds), "file": rule.file}


def draft_view(row: RuleDraft, base_files: dict[str, str] | None = None) -> dict[str, Any]:
    change = "changed"
    if base_files is not None and path_of(base_files, row.rule_id) not in base_files:
        change = "new"
    return {"id": row.public_id, "rule_id": row.rule_id, "change": change, "status": row.status,
            "base_version": row.base_version, "note": row.note, "yaml": row.content,
            "created_at": row.created_at, "created_by": row.created_by,
            "decided_at": row.decided_at, "decided_by": row.decided_by,
            "included_in": row.included_in}


def hit_view(hit: IndicatorHit) -> dict[str, Any]:
    return {"rule_id": hit.rule_id, "indicator": hit.indicator, "start": hit.start,
            "end": hit.end, "evidence": hit.evidence, "sentence": hit.sentence,
            "weight": hit.weight, "status": hit.status}


@blp.route("/rules")
class Rules(MethodView):
    @require(*ANALYSTS)
    @blp.arguments(VersionArgs, location="query")
    @blp.response(200, RuleListSchema)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Every rule of the active ruleset version (or of `version`)."""
        with store().session() as session:
            version, _ = _files(session, args.get("version"))
            ruleset = ruleset_of(session, version)
        return {"version": version, "rules": [_summary(r) for r in ruleset.rules]}


@blp.route("/rules/<rule_id>")
class RuleById(MethodView):
    @require(*ANALYSTS)
    @blp.arguments(VersionArgs, location="query")
    @blp.response(200, RuleDetailSchema)
    def get(self, args: dict[str, Any], rule_id: str) -> dict[str, Any]:
        """One rule: what it means, and its file as data and as YAML text."""
        with store().session() as session:
            version, files = _files(session, args.get("version"))
            ruleset = ruleset_of(session, version)
        rule = ruleset.by_id.get(rule_id)
        source = rule_source(files, rule_id)
        if rule is None or source is None:
            abort(404, f"No rule {rule_id} in ruleset {version}.")
        return {**_summary(rule), "version": version, "description": rule.description,
                "references": list(rule.references), "negatable": rule.negatable,
                "definition": yaml.safe_load(source), "yaml": source}


@blp.route("/indicators")
class Indicators(MethodView):
    @require(*ANALYSTS)
    @blp.arguments(VersionArgs, location="query")
    @blp.response(200, IndicatorListSchema)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """The indicator catalogue, with the rules that find each indicator."""
        with store().session() as session:
            version, _ = _files(session, args.get("version"))
            ruleset = ruleset_of(session, version)
        items = []
        for ind in ruleset.indicators.values():
            rules = [r.id for r in ruleset.rules if r.indicator == ind.id]
            items.append({"id": ind.id, "name": ind.name, "group": ind.group,
                          "source": ind.source, "description": ind.description,
                          "remediation": ind.remediation, "rules": rules})
        return {"version": version, "indicators": items}


@blp.route("/rules/drafts")
class Drafts(MethodView):
    @require(*ANALYSTS)
    @blp.arguments(DraftListArgs, location="query")
    @blp.response(200, DraftPageSchema)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Drafts, newest first (filter by status or rule id)."""
        with store().session() as session:
            rows, total = draft_store.list_drafts(
                session, status=args.get("status"), rule_id=args.get("rule_id"),
                limit=args["limit"], offset=args["offset"])
            return {"total": total, "items": [draft_view(row) for row in rows]}

    @require(*ANALYSTS)
    @blp.arguments(DraftCreateSchema)
    @blp.response(201, DraftSchema)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Propose a new or changed rule, as JSON (`rule`) or as YAML text (`yaml`).

        Validated as a rule file is, against the active catalogue; its examples must pass.
        422 names each field that is wrong.
        """
        text, prefix = rule_text(body)
        with store().transaction() as session:
            version, files = _files(session, None)
            try:
                checked = check_draft(text, files)
            except DraftError as exc:
                abort_draft(exc, prefix)
            if checked.example_failures:
                abort_draft(DraftError(checked.example_failures), prefix,
                            "The rule's examples fail.")
            if files.get(checked.path) == text:
                abort_field(prefix, f"This is rule {checked.rule_id} as it is in {version}: "
                                    "nothing to change.")
            row = draft_store.create_draft(session, rule_id=checked.rule_id, content=text,
                                           base_version=version, note=body["note"],
                                           actor=actor())
            return draft_view(row, files)


@blp.route("/rules/drafts/<draft_id>")
class DraftById(MethodView):
    @require(*ANALYSTS)
    @blp.response(200, DraftSchema)
    def get(self, draft_id: str) -> dict[str, Any]:
        """One draft with its YAML text."""
        with store().session() as session:
            row = draft_store.get_draft(session, draft_id)
            if row is None:
                abort(404, f"No draft {draft_id}.")
            return draft_view(row)


def _decide(draft_id: str, decision: str) -> dict[str, Any]:
    with store().transaction() as session:
        row = draft_store.get_draft(session, draft_id)
        if row is None:
            abort(404, f"No draft {draft_id}.")
        try:
            draft_store.decide(session, row, decision, actor=actor())
        except draft_store.DraftStateError as exc:
            abort(409, str(exc))
        return draft_view(row)


@blp.route("/rules/drafts/<draft_id>/accept")
class AcceptDraft(MethodView):
    @require(*ANALYSTS)
    @blp.response(200, DraftSchema)
    @blp.alt_response(409, description="The draft is already in a ruleset version")
    def post(self, draft_id: str) -> dict[str, Any]:
        """Accept a draft: the next ruleset version (POST /v1/rulesets) includes it."""
        return _decide(draft_id, "accepted")


@blp.route("/rules/drafts/<draft_id>/reject")
class RejectDraft(MethodView):
    @require(*ANALYSTS)
    @blp.response(200, DraftSchema)
    @blp.alt_response(409, description="The draft is already in a ruleset version")
    def post(self, draft_id: str) -> dict[str, Any]:
        """Reject a draft."""
        return _decide(draft_id, "rejected")


@blp.route("/rules/try")
class TryRule(MethodView):
    @require(*ANALYSTS)
    @blp.arguments(TrySchema)
    @blp.response(200, TryResultSchema)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Run one rule (JSON, YAML or a stored draft) on a text without saving anything:
        the hits and spans it gives, and the hits a negation or good-practice cue suppressed."""
        with store().session() as session:
            _, files = _files(session, None)
            if "draft" in body:
                row = draft_store.get_draft(session, body["draft"])
                if row is None:
                    abort_field("draft", f"No draft {body['draft']}.", 404)
                text, prefix = row.content, "draft"
            else:
                text, prefix = rule_text(body)
        try:
            checked = check_draft(text, files)
        except DraftError as exc:
            abort_draft(exc, prefix)
        document = Document(body["text"], kind=body["kind"], language=body.get("language"),
                            fields=body["fields"])
        trace = checked.ruleset.match_with_trace(document)
        failures: dict[str, list[str]] = {}
        for field, message in checked.example_failures:
            failures.setdefault(field, []).append(message)
        return {
            "rule_id": checked.rule_id, "language": document.lang,
            "hits": [hit_view(h) for h in trace.hits],
            "suppressed": [{**hit_view(s.hit), "cue": s.cue, "cue_start": s.cue_start,
                            "cue_end": s.cue_end} for s in trace.suppressed],
            "example_failures": failures,
        }
