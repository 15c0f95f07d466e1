"""Supplier lists: upload a CSV or XLSX (202 with a job), list and read uploads."""

from __future__ import annotations

import json
from functools import wraps
from typing import Any

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import ValidationError, fields

from riskscreen.api.auth import current_principal, require
from riskscreen.api.errors import abort
from riskscreen.api.jobs_service import job_service
from riskscreen.api.schemas import PageArgs, StrictSchema
from riskscreen.store import supplier_lists as q
from riskscreen.store.supplier_models import SupplierList
from riskscreen.suppliers.reading import FIELDS, UploadError, locate_columns, open_table

blp = Blueprint("supplier_lists", __name__, url_prefix="/v1",
                description="Supplier lists: upload, then follow the job")


class UploadFileSchema(StrictSchema):
    file = fields.Raw(required=True, metadata={
        "type": "string", "format": "binary",
        "description": "The supplier list: CSV (any common encoding and separator) or XLSX."})


class UploadFormSchema(StrictSchema):
    mapping = fields.String(metadata={
        "description": "Optional JSON object {our_column: their_header}; our columns: "
                       + ", ".join(FIELDS)})


# flask-smorest documents only one of the files/form schemas: the whole body, by hand
UPLOAD_BODY = {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "required": ["file"], "properties": {
        "file": {"type": "string", "format": "binary",
                 "description": "The supplier list: CSV or XLSX."},
        "mapping": {"type": "string", "description": "Optional JSON object "
                    "{our_column: their_header}; our columns: " + ", ".join(FIELDS)},
    }}}}}


class UploadedSchema(StrictSchema):
    job_id = fields.String(required=True)
    list_id = fields.String(required=True)
    format = fields.String(required=True)
    encoding = fields.String(allow_none=True)
    delimiter = fields.String(allow_none=True)
    columns = fields.Dict(keys=fields.String(), values=fields.String(), required=True,
                          metadata={"description": "our column -> the file's header"})
    unused_columns = fields.List(fields.String(), required=True)


class SupplierListSchema(StrictSchema):
    list_id = fields.String(required=True)
    filename = fields.String(required=True)
    format = fields.String(required=True)
    encoding = fields.String(allow_none=True)
    delimiter = fields.String(allow_none=True)
    size_bytes = fields.Integer(required=True)
    sha256 = fields.String(required=True)
    columns = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    unused_columns = fields.List(fields.String(), required=True)
    created_at = fields.DateTime(required=True)
    job_ids = fields.List(fields.String(), required=True)


def multipart_only(view: Any) -> Any:
    """415 for a body that is not multipart/form-data (before the fields are parsed)."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if request.mimetype != "multipart/form-data":
            abort(415, message="Send the supplier list as multipart/form-data with the file "
                               f"in the `file` field, not {request.mimetype or 'nothing'}.")
        return view(*args, **kwargs)

    return wrapper


def _multipart() -> tuple[dict[str, Any], dict[str, Any]]:
    """The file and form fields, validated by their schemas (unknown fields are 422).

    Parsed here rather than with @blp.arguments, which would document the file as an
    OpenAPI 2 "formData" parameter; the body is documented by UPLOAD_BODY instead.
    """
    errors: dict[str, Any] = {}
    files: dict[str, Any] = {}
    form: dict[str, Any] = {}
    try:
        files = UploadFileSchema().load(request.files.to_dict())
    except ValidationError as exc:
        errors["files"] = exc.messages
    try:
        form = UploadFormSchema().load(request.form.to_dict())
    except ValidationError as exc:
        errors["form"] = exc.messages
    if errors:
        abort(422, message="The upload is not valid: `errors` says where.", errors=errors)
    return files, form


def _mapping(raw: str | None) -> dict[str, str]:
    if not raw:
        return {}
    try:
        mapping = json.loads(raw)
    except json.JSONDecodeError as exc:
        abort(422, message="`mapping` is not valid JSON.",
              errors={"form": {"mapping": [f"invalid JSON: {exc.msg}"]}})
    if not isinstance(mapping, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in mapping.items()):
        abort(422, message="`mapping` must be a JSON object of strings.",
              errors={"form": {"mapping": ['expected {"our_column": "their header", ...}']}})
    return mapping


def list_view(row: SupplierList, job_ids: list[str]) -> dict[str, Any]:
    return {"list_id": row.public_id, "filename": row.filename, "format": row.format,
            "encoding": row.encoding, "delimiter": row.delimiter, "size_bytes": row.size_bytes,
            "sha256": row.sha256, "columns": row.columns, "unused_columns": row.unused_columns,
            "created_at": row.created_at, "job_ids": job_ids}


@blp.route("/supplier-lists")
class SupplierLists(MethodView):
    @require()
    @multipart_only
    @blp.doc(requestBody=UPLOAD_BODY)
    @blp.response(202, UploadedSchema)
    @blp.alt_response(413, description="The file is larger than RISKSCREEN_MAX_UPLOAD_BYTES")
    @blp.alt_response(415, description="Not a CSV or XLSX file")
    @blp.alt_response(422, description="No name or country column, broken file, bad mapping")
    def post(self) -> dict[str, Any]:
        """Upload a supplier list; screening runs as a job (poll GET /v1/jobs/<job_id>)."""
        files, form = _multipart()
        limit = current_app.config["MAX_UPLOAD_BYTES"]
        upload = files["file"]
        content = upload.read(limit + 1)
        if len(content) > limit:
            abort(413, message=f"The file is larger than {limit} bytes.")
        mapping = _mapping(form.get("mapping"))
        try:
            table = open_table(content, upload.filename)
            columns = locate_columns(table, mapping)
        except UploadError as exc:
            abort(exc.status, message=exc.message, errors=exc.errors)
        principal = current_principal()
        service = job_service()
        with service.store.transaction() as session:
            row = q.create_list(
                session, tenant_id=principal.tenant_id, actor=principal.key_id,
                filename=upload.filename or "", content=content, format=table.format,
                encoding=table.encoding, delimiter=table.delimiter, columns=columns.headers,
                unused_columns=columns.unused, mapping=mapping,
            )
            job = q.create_job(session, row, principal.key_id)
            job_id, answer = job.id, {
                "job_id": job.public_id, "list_id": row.public_id, "format": table.format,
                "encoding": table.encoding, "delimiter": table.delimiter,
                "columns": columns.headers, "unused_columns": columns.unused}
        service.submit(job_id)
        return answer

    @require()
    @blp.arguments(PageArgs, location="query")
    @blp.response(200, SupplierListSchema(many=True))
    def get(self, page: dict[str, int]) -> list[dict[str, Any]]:
        """The caller's tenant's supplier lists, newest first."""
        scope = current_principal().scope
        with job_service().store.session() as session:
            rows = q.list_lists(session, scope, page["limit"], page["offset"])
            return [list_view(r, [j.public_id for j in q.jobs_of_list(session, scope, r.id)])
                    for r in rows]


@blp.route("/supplier-lists/<list_id>")
class SupplierListById(MethodView):
    @require()
    @blp.response(200, SupplierListSchema)
    def get(self, list_id: str) -> dict[str, Any]:
        """One supplier list (metadata, the columns used, its jobs)."""
        scope = current_principal().scope
        with job_service().store.session() as session:
            row = q.get_list(session, scope, list_id)
            if row is None:
                abort(404, message=f"No supplier list {list_id}.")
            return list_view(row, [j.public_id for j in q.jobs_of_list(session, scope, row.id)])
