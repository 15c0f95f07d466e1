"""POST /v1/backtests: run a ruleset version over labelled texts and compare it with another.

Runs synchronously (a few thousand texts take seconds). The arithmetic lives in
riskscreen.analysis.backtest; this module only finds the versions, models and data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint

from riskscreen.analysis.backtest import backtest
from riskscreen.analysis.labelled import LabelledSetError
from riskscreen.analysis.service import labelled_data, ruleset_of
from riskscreen.api.analyst_common import ANALYSTS, abort_field, store
from riskscreen.api.analyst_schemas import BacktestRequestSchema, BacktestResultSchema
from riskscreen.api.auth import current_principal, require
from riskscreen.engine.classifier import TextClassifier
from riskscreen.engine.screener import Screener
from riskscreen.ml.artefact import ModelLoadError
from riskscreen.ml.registry import ModelRegistry, RegistryError
from riskscreen.store import rulesets as ruleset_store

blp = Blueprint("backtests", __name__, url_prefix="/v1",
                description="Backtests of ruleset versions on labelled data")


def classifiers_for(models: str, model: str | None) -> dict[str, TextClassifier]:
    """The active classifiers (or none), with `model` replacing the one of its kind."""
    found: dict[str, TextClassifier] = {}
    if models == "active":
        found.update(current_app.extensions["riskscreen.engine"].current().classifiers)
    if model:
        try:
            loaded = ModelRegistry(Path(current_app.config["MODELS_PATH"])).load(model)
        except (RegistryError, ModelLoadError) as exc:
            abort_field("model", str(exc))
        found[loaded.kind] = loaded
    return found


@blp.route("/backtests")
class Backtests(MethodView):
    @require(*ANALYSTS)
    @blp.arguments(BacktestRequestSchema)
    @blp.response(200, BacktestResultSchema)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Per rule: hits, precision, texts it alone found, texts where it fired against the
        label, overlaps. Per indicator: precision and recall. Overall: scores and bands, and
        the records whose band changed against `against` (default: the active version)."""
        with store().session() as session:
            active = ruleset_store.active_version(session)
            version = body.get("version") or active
            against = body.get("against") or (active if version != active else "none")
            rulesets = {}
            for field, name in (("version", version), ("against", against)):
                if name == "none" or name is None:
                    continue
                try:
                    rulesets[field] = ruleset_of(session, name)
                except ruleset_store.UnknownVersion:
                    abort_field(field, f"No ruleset version {name}.")
            try:
                items, info = labelled_data(session, current_principal().scope, body["data"],
                                            split=body["split"], kind=body.get("kind"),
                                            jsonl=body.get("jsonl"))
            except LabelledSetError as exc:
                abort_field("jsonl", str(exc))
        if not items:
            abort_field("data", "No labelled records in the data chosen.")
        classifiers = classifiers_for(body["models"], body.get("model"))
        baseline = rulesets.get("against")
        result = backtest(Screener(rulesets["version"], classifiers), items,
                          Screener(baseline, classifiers) if baseline is not None else None)
        return {"data": info, **result}
