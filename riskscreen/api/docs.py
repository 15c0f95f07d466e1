"""The OpenAPI document and Swagger UI, served from local assets (no CDN)."""

from __future__ import annotations

from flask import Blueprint, Flask
from flask_smorest import Api
from swagger_ui_bundle import swagger_ui_path

from riskscreen import __version__
from riskscreen.api.auth import BEARER_SCHEME
from riskscreen.api.errors import ErrorSchema

ASSETS_URL = "/v1/docs-assets/"


class RiskscreenApi(Api):
    """flask-smorest's Api, documenting our error envelope for every error response."""

    ERROR_SCHEMA = ErrorSchema


def openapi_config() -> dict[str, object]:
    return {
        "API_TITLE": "riskscreen",
        "API_VERSION": __version__,
        "OPENAPI_VERSION": "3.0.3",
        "OPENAPI_URL_PREFIX": "/v1",
        "OPENAPI_JSON_PATH": "openapi.json",
        "OPENAPI_SWAGGER_UI_PATH": "docs",
        "OPENAPI_SWAGGER_UI_URL": ASSETS_URL,
        "API_SPEC_OPTIONS": {
            "info": {
                "description": "Screens job ads, audit findings and supplier lists for "
                "forced-labour and human-trafficking risk. Authenticate with "
                "`Authorization: Bearer <key>`."
            },
            "components": {"securitySchemes": BEARER_SCHEME},
        },
    }


def register_swagger_assets(app: Flask) -> None:
    assets = Blueprint(
        "swagger_assets", __name__, static_folder=swagger_ui_path, static_url_path=ASSETS_URL
    )
    app.register_blueprint(assets)
