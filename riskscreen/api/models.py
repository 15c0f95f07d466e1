"""Classifier versions over HTTP: train (a background job), read metrics and card, compare
with the active model on the same data, activate and roll back. Analysts and admins only.

Training writes a new version folder into RISKSCREEN_MODELS_PATH; it is not activated.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from flask import Response, current_app, send_file, url_for
from flask.views import MethodView
from flask_smorest import Blueprint

from riskscreen.analysis.labelled import LabelledSetError
from riskscreen.analysis.models import ComparisonError, compare
from riskscreen.analysis.service import labelled_data, run_training_job
from riskscreen.analysis.training import TrainingRequest
from riskscreen.api.analyst_common import ANALYSTS, abort_field, actor, store
from riskscreen.api.analyst_schemas import (
    CompareArgs,
    ModelActivateSchema,
    ModelActivationSchema,
    ModelDetailSchema,
    ModelListArgs,
    ModelListSchema,
    TrainingJobSchema,
    TrainRequestSchema,
)
from riskscreen.api.auth import current_principal, require
from riskscreen.api.errors import abort
from riskscreen.engine.document import KINDS
from riskscreen.jobs.executor import Executor, make_executor
from riskscreen.ml.artefact import CARD, ModelLoadError, is_version_name, read_model_json
from riskscreen.ml.registry import LoadedModel, ModelRegistry, RegistryError
from riskscreen.store import audit
from riskscreen.store import training_jobs as job_store
from riskscreen.store.analyst_models import TrainingJob

blp = Blueprint("models", __name__, url_prefix="/v1",
                description="Classifier versions: train, compare, activate, roll back")
EXECUTOR_KEY = "riskscreen.training_executor"


def registry() -> ModelRegistry:
    return ModelRegistry(Path(current_app.config["MODELS_PATH"]))


def executor() -> Executor:
    """Training has its own executor (riskscreen.jobs' interface), so a long training run
    never holds up supplier-list jobs."""
    found = current_app.extensions.get(EXECUTOR_KEY)
    if found is None:
        found = current_app.extensions.setdefault(EXECUTOR_KEY, make_executor(
            current_app.config["JOB_EXECUTOR"], current_app.config["TRAINING_THREADS"]))
    return found  # type: ignore[no-any-return]


def _meta(version: str) -> dict[str, Any]:
    folder = registry().path / version
    if not is_version_name(version) or not folder.is_dir():
        abort(404, f"No model version {version}.")
    try:
        return read_model_json(folder)
    except ModelLoadError as exc:
        abort(409, f"Model version {version} cannot be read: {exc}")


def _load(version: str, field: str | None = None) -> LoadedModel:
    try:
        return registry().load(version)
    except (RegistryError, ModelLoadError) as exc:
        if field:
            abort_field(field, str(exc))
        abort(404, str(exc))


def job_view(row: TrainingJob) -> dict[str, Any]:
    return {"job_id": row.public_id, "kind": row.kind, "status": row.status,
            "progress": row.progress, "message": row.message, "params": row.params,
            "result": row.result, "error": row.error, "created_at": row.created_at,
            "created_by": row.created_by, "started_at": row.started_at,
            "finished_at": row.finished_at,
            "status_url": url_for("models.TrainingJobById", job_id=row.public_id)}


@blp.route("/models")
class Models(MethodView):
    @require(*ANALYSTS)
    @blp.arguments(ModelListArgs, location="query")
    @blp.response(200, ModelListSchema)
    def get(self, args: dict[str, Any]) -> dict[str, Any]:
        """Every model version (newest first) with its metrics, and the active one per kind."""
        reg = registry()
        try:
            versions = reg.versions(args.get("kind"))
            active = {kind: reg.active(kind) for kind in KINDS}
        except RegistryError as exc:
            abort(409, str(exc))
        return {"active": active, "items": [asdict(v) for v in versions]}


@blp.route("/models/train")
class TrainModel(MethodView):
    @require(*ANALYSTS)
    @blp.arguments(TrainRequestSchema)
    @blp.response(202, TrainingJobSchema)
    def post(self, body: dict[str, Any]) -> dict[str, Any]:
        """Start training a new version on the corpus, your tenant's feedback and/or an
        uploaded JSONL. Answers 202 with the job; poll its status_url."""
        principal = current_principal()
        with store().session() as session:
            try:
                items, info = labelled_data(session, principal.scope, body["data"],
                                            split="all", kind=body["kind"],
                                            jsonl=body.get("jsonl"))
            except LabelledSetError as exc:
                abort_field("jsonl", str(exc))
        if not items:
            abort_field("data", f"No labelled {body['kind']} records in the data chosen.")
        params = {"data": body["data"], "seed": body["seed"], "fast": body["fast"], **info}
        with store().transaction() as session:
            row = job_store.create_job(session, tenant_id=principal.tenant_id,
                                       kind=body["kind"], params=params, actor=actor())
            job_id = row.public_id
        request = TrainingRequest(kind=body["kind"], items=tuple(items),
                                  sources=tuple(f"api:{source}" for source in body["data"]),
                                  seed=body["seed"], fast=body["fast"])
        the_store, models_dir = store(), registry().path
        executor().submit(lambda: run_training_job(the_store, job_id, request, models_dir))
        with store().session() as session:
            found = job_store.get_job(session, principal.scope, job_id)
            assert found is not None  # created above, in the caller's tenant
            return job_view(found)


@blp.route("/models/jobs")
class TrainingJobs(MethodView):
    @require(*ANALYSTS)
    @blp.response(200, TrainingJobSchema(many=True))
    def get(self) -> list[dict[str, Any]]:
        """Training jobs of your tenant (every tenant's for admins), newest first."""
        with store().session() as session:
            return [job_view(row) for row in job_store.list_jobs(session,
                                                                 current_principal().scope)]


@blp.route("/models/jobs/<job_id>")
class TrainingJobById(MethodView):
    @require(*ANALYSTS)
    @blp.response(200, TrainingJobSchema)
    def get(self, job_id: str) -> dict[str, Any]:
        """A training job's status, progress and, when done, the new version and metrics."""
        with store().session() as session:
            row = job_store.get_job(session, current_principal().scope, job_id)
            if row is None:
                abort(404, f"No training job {job_id}.")
            return job_view(row)


@blp.route("/models/<version>")
class ModelByVersion(MethodView):
    @require(*ANALYSTS)
    @blp.response(200, ModelDetailSchema)
    def get(self, version: str) -> dict[str, Any]:
        """One version's model.json: metrics, threshold, training data, libraries."""
        meta = _meta(version)
        active = registry().active(meta["kind"]) == version
        return {"version": version, "kind": meta["kind"], "active": active, "meta": meta}


@blp.route("/models/<version>/card")
class ModelCard(MethodView):
    @require(*ANALYSTS)
    @blp.response(200, content_type="text/markdown")
    def get(self, version: str) -> Response:
        """The model card (Markdown)."""
        _meta(version)
        card = registry().path / version / CARD
        if not card.is_file():
            abort(404, f"Model version {version} has no card.")
        return Response(card.read_text(encoding="utf-8"), mimetype="text/markdown")


@blp.route("/models/<version>/plots/<name>")
class ModelPlot(MethodView):
    @require(*ANALYSTS)
    @blp.response(200, content_type="image/png")
    def get(self, version: str, name: str) -> Response:
        """An evaluation plot named in model.json (pr.png, roc.png, calibration.png)."""
        meta = _meta(version)
        if name not in meta.get("plots", []):
            abort(404, f"Model version {version} has no plot {name}.")
        return send_file(registry().path / version / name, mimetype="image/png")


@blp.route("/models/<version>/compare")
class CompareModel(MethodView):
    @require(*ANALYSTS)
    @blp.arguments(CompareArgs, location="query")
    @blp.response(200)
    def get(self, args: dict[str, Any], version: str) -> dict[str, Any]:
        """This version and the active one of its kind (or `against`) on the same data:
        by default the corpus test split, which neither model trained on."""
        candidate = _load(version)
        baseline_version = args.get("against") or registry().active(candidate.kind)
        baseline = _load(baseline_version, "against") if baseline_version else None
        with store().session() as session:
            items, info = labelled_data(session, current_principal().scope, [args["data"]],
                                        split=args["split"], kind=candidate.kind)
        try:
            result = compare(candidate, baseline, items)
        except ComparisonError as exc:
            abort_field("data", str(exc))
        return {**result, "data": info}


@blp.route("/models/<kind>/activate")
class ActivateModel(MethodView):
    @require(*ANALYSTS)
    @blp.arguments(ModelActivateSchema)
    @blp.response(200, ModelActivationSchema)
    def post(self, body: dict[str, Any], kind: str) -> dict[str, Any]:
        """Make a version the active model of its kind (checked to load first)."""
        if kind not in KINDS:
            abort(404, f"No model kind {kind}.")
        reg = registry()
        model = _load(body["version"], "version")
        if model.kind != kind:
            abort_field("version", f"{body['version']} is a {model.kind} model, not {kind}.")
        previous = reg.active(kind)
        reg.activate(kind, body["version"])
        with store().transaction() as session:
            audit.record(session, actor=actor(), action="model.activate", target_type="model",
                         target_id=body["version"], detail={"kind": kind, "previous": previous})
        return {"kind": kind, "active": body["version"], "previous": previous}


@blp.route("/models/<kind>/rollback")
class RollbackModel(MethodView):
    @require(*ANALYSTS)
    @blp.response(200, ModelActivationSchema)
    @blp.alt_response(409, description="No earlier version to roll back to")
    def post(self, kind: str) -> dict[str, Any]:
        """Re-activate the version that was active before the current one."""
        if kind not in KINDS:
            abort(404, f"No model kind {kind}.")
        reg = registry()
        previous = reg.active(kind)
        try:
            restored = reg.rollback(kind)
        except RegistryError as exc:
            abort(409, str(exc))
        with store().transaction() as session:
            audit.record(session, actor=actor(), action="model.rollback", target_type="model",
                         target_id=restored, detail={"kind": kind, "rolled_back": previous})
        return {"kind": kind, "active": restored, "previous": previous}
