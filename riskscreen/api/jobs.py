"""Jobs: status and progress, cancel, results as paged JSON, CSV and XLSX downloads."""

from __future__ import annotations

from typing import Any

from flask import Response, stream_with_context
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import fields, validate

from riskscreen.api.auth import current_principal, require
from riskscreen.api.errors import abort
from riskscreen.api.jobs_service import job_service
from riskscreen.api.schemas import PageArgs, StrictSchema
from riskscreen.store import supplier_lists as q
from riskscreen.store.supplier_models import Job, SupplierList
from riskscreen.store.tenancy import Scope
from riskscreen.suppliers.export import csv_lines, xlsx_bytes

blp = Blueprint("jobs", __name__, url_prefix="/v1", description="Background jobs and results")


class ProgressSchema(StrictSchema):
    done = fields.Integer(required=True)
    total = fields.Integer(allow_none=True)


class JobSchema(StrictSchema):
    job_id = fields.String(required=True)
    list_id = fields.String(required=True)
    kind = fields.String(required=True)
    status = fields.String(required=True, metadata={
        "description": "queued, running, done, failed or cancelled"})
    progress = fields.Nested(ProgressSchema, required=True)
    error = fields.String(allow_none=True)
    cancel_requested = fields.Boolean(required=True)
    created_at = fields.DateTime(required=True)
    started_at = fields.DateTime(allow_none=True)
    finished_at = fields.DateTime(allow_none=True)
    summary = fields.Dict(required=True, metadata={
        "description": "When done: counts by status and band, row errors, goods mapping, "
                       "unmapped goods, reference data used, thresholds"})


class ResultsArgs(PageArgs):
    sort = fields.String(load_default="upload", validate=validate.OneOf(("upload", "score")),
                         metadata={"description": "upload (the file's order) or score "
                                                  "(highest first)"})
    status = fields.String(validate=validate.OneOf(("ok", "error")))


class DownloadArgs(StrictSchema):
    sort = fields.String(load_default="upload", validate=validate.OneOf(("upload", "score")))


class ResultsSchema(StrictSchema):
    job_id = fields.String(required=True)
    total = fields.Integer(required=True)
    limit = fields.Integer(required=True)
    offset = fields.Integer(required=True)
    results = fields.List(fields.Dict(), required=True, metadata={
        "description": "One per uploaded row: inputs, normalised country and goods, score, "
                       "band, reasons (contributions sum to logit), entity matches, issues"})


def job_view(job: Job, list_id: str) -> dict[str, Any]:
    return {"job_id": job.public_id, "list_id": list_id, "kind": job.kind,
            "status": job.status, "progress": {"done": job.done, "total": job.total},
            "error": job.error, "cancel_requested": job.cancel_requested,
            "created_at": job.created_at, "started_at": job.started_at,
            "finished_at": job.finished_at, "summary": job.summary or {}}


def _job(session: Any, scope: Scope, job_id: str) -> Job:
    job = q.get_job(session, scope, job_id)
    if job is None:
        abort(404, message=f"No job {job_id}.")
    return job


def _finished(job: Job) -> None:
    """Results are served only when whole: 409 while running, failed or cancelled."""
    if job.status != "done":
        progress = f"{job.done} of {job.total if job.total is not None else '?'} rows"
        abort(409, message=f"The job is {job.status} ({progress}); results are served when "
                           "it is done." + (f" Reason: {job.error}" if job.error else ""))


@blp.route("/jobs/<job_id>")
class JobById(MethodView):
    @require()
    @blp.response(200, JobSchema)
    def get(self, job_id: str) -> dict[str, Any]:
        """Status and progress (rows done of total)."""
        with job_service().store.session() as session:
            job = _job(session, current_principal().scope, job_id)
            supplier_list = session.get(SupplierList, job.list_id)
            return job_view(job, supplier_list.public_id if supplier_list else "")


@blp.route("/jobs/<job_id>/cancel")
class JobCancel(MethodView):
    @require()
    @blp.response(202, JobSchema)
    @blp.alt_response(409, description="The job has already finished")
    def post(self, job_id: str) -> dict[str, Any]:
        """Cancel a job: at once if queued, after the current chunk if running."""
        store = job_service().store
        with store.transaction() as session:
            job = _job(session, current_principal().scope, job_id)
            if job.status in q.FINAL:
                abort(409, message=f"The job is already {job.status}.")
            q.request_cancel(session, job)
        with store.session() as session:
            job = _job(session, current_principal().scope, job_id)
            supplier_list = session.get(SupplierList, job.list_id)
            return job_view(job, supplier_list.public_id if supplier_list else "")


@blp.route("/jobs/<job_id>/results")
class JobResults(MethodView):
    @require()
    @blp.arguments(ResultsArgs, location="query")
    @blp.response(200, ResultsSchema)
    @blp.alt_response(409, description="The job is not done")
    def get(self, args: dict[str, Any], job_id: str) -> dict[str, Any]:
        """One result per uploaded row, in upload order (or ?sort=score), paged."""
        scope = current_principal().scope
        with job_service().store.session() as session:
            job = _job(session, scope, job_id)
            _finished(job)
            rows, total = q.results_page(session, scope, job, sort=args["sort"],
                                         status=args.get("status"), limit=args["limit"],
                                         offset=args["offset"])
            return {"job_id": job.public_id, "total": total, "limit": args["limit"],
                    "offset": args["offset"], "results": rows}


def _download_name(job: Job, extension: str) -> str:
    return f"riskscreen-results-{job.public_id}.{extension}"


@blp.route("/jobs/<job_id>/results.csv")
class JobResultsCsv(MethodView):
    @require()
    @blp.arguments(DownloadArgs, location="query")
    @blp.response(200, content_type="text/csv")
    @blp.alt_response(409, description="The job is not done")
    def get(self, args: dict[str, Any], job_id: str) -> Response:
        """Every result as CSV (UTF-8 with BOM); formula-like cells neutralised."""
        scope = current_principal().scope
        store = job_service().store
        with store.session() as session:
            job = _job(session, scope, job_id)
            _finished(job)
            name = _download_name(job, "csv")

        def generate() -> Any:
            with store.session() as session:
                yield from csv_lines(q.iter_results(session, scope, job, sort=args["sort"]))

        return Response(stream_with_context(generate()), mimetype="text/csv",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})


@blp.route("/jobs/<job_id>/results.xlsx")
class JobResultsXlsx(MethodView):
    @require()
    @blp.arguments(DownloadArgs, location="query")
    @blp.response(200, content_type="application/vnd.openxmlformats-officedocument."
                                    "spreadsheetml.sheet")
    @blp.alt_response(409, description="The job is not done")
    def get(self, args: dict[str, Any], job_id: str) -> Response:
        """Every result as an XLSX workbook; formula-like cells neutralised."""
        scope = current_principal().scope
        with job_service().store.session() as session:
            job = _job(session, scope, job_id)
            _finished(job)
            body = xlsx_bytes(q.iter_results(session, scope, job, sort=args["sort"]))
            name = _download_name(job, "xlsx")
        return Response(body, mimetype="application/vnd.openxmlformats-officedocument."
                                        "spreadsheetml.sheet",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})
