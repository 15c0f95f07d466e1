"""Models over HTTP: train (a job), read metrics and card, compare, activate, roll back."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from riskscreen.analysis.labelled import parse_jsonl
from riskscreen.analysis.training import TrainingRequest, run_training
from tests.analyst_support import analyst_config, jsonl, key_maker
from tests.conftest import make_test_app
from tests.ml.helpers import make_records


def upload(n: int = 40, seed: int = 0) -> str:
    return jsonl([{"id": r.id, "kind": r.kind, "text": r.text, "label": r.label_name}
                  for r in make_records("job_ad", n, seed=seed, prefix=f"up{seed}")])


@pytest.fixture
def app(tmp_path: Path):
    return make_test_app(tmp_path, **analyst_config(tmp_path))


def train(client, auth, seed: int = 0) -> dict:
    response = client.post("/v1/models/train", headers=auth, json={
        "kind": "job_ad", "data": ["upload"], "jsonl": upload(seed=seed), "fast": True,
        "seed": seed})
    assert response.status_code == 202, response.get_json()
    job = response.get_json()
    status = client.get(job["status_url"], headers=auth).get_json()
    assert status["status"] == "succeeded", status
    return status


def test_train_read_compare_activate_roll_back(app, tmp_path):
    client = app.test_client()
    analyst, admin = key_maker(app)(), key_maker(app)("ops", "admin")
    auth = analyst["auth"]

    first = train(client, auth)["result"]
    version = first["version"]
    assert first["metrics"]["kind"] == "job_ad" and first["metrics"]["n_train"] > 0
    assert (tmp_path / "models" / version / "model.json").is_file()

    listed = client.get("/v1/models", headers=auth).get_json()
    assert [m["version"] for m in listed["items"]] == [version]
    assert listed["active"] == {"job_ad": None, "audit": None}
    detail = client.get(f"/v1/models/{version}", headers=auth).get_json()
    assert detail["meta"]["threshold"]["value"] > 0 and not detail["active"]
    card = client.get(f"/v1/models/{version}/card", headers=auth)
    assert card.mimetype == "text/markdown" and f"Model card: {version}" in card.get_data(True)
    assert detail["meta"]["plots"]
    for plot in detail["meta"]["plots"]:
        image = client.get(f"/v1/models/{version}/plots/{plot}", headers=auth)
        assert image.mimetype == "image/png" and image.data.startswith(b"\x89PNG")
    assert client.get(f"/v1/models/{version}/plots/model.json", headers=auth).status_code == 404

    alone = client.get(f"/v1/models/{version}/compare", headers=auth).get_json()
    assert alone["baseline"] is None and alone["candidate"]["metrics"]["n"] > 0

    activated = client.post("/v1/models/job_ad/activate", headers=auth,
                            json={"version": version}).get_json()
    assert activated == {"kind": "job_ad", "active": version, "previous": None}
    screened = client.post("/v1/screen/job-ads", headers=auth, json={"text": "Apply now."})
    assert screened.get_json()["results"][0]["versions"]["model"] == version

    second = train(client, auth, seed=1)["result"]["version"]
    compared = client.get(f"/v1/models/{second}/compare", headers=auth).get_json()
    assert compared["baseline"]["version"] == version
    assert compared["records"] == compared["data"]["records"]
    assert set(compared["difference"]) >= {"precision", "recall"}

    client.post("/v1/models/job_ad/activate", headers=auth, json={"version": second})
    rolled = client.post("/v1/models/job_ad/rollback", headers=auth).get_json()
    assert rolled == {"kind": "job_ad", "active": version, "previous": second}
    assert client.post("/v1/models/job_ad/rollback", headers=auth).status_code == 409

    events = client.get("/v1/audit-log", headers=admin["auth"]).get_json()
    actions = [e["action"] for e in events if e["action"].startswith("model.")]
    assert actions == ["model.rollback", "model.activate", "model.trained", "model.train",
                       "model.activate", "model.trained", "model.train"]
    assert all(e["actor"] == analyst["key_id"] for e in events
               if e["action"].startswith("model."))


def test_bad_training_requests(app):
    client = app.test_client()
    auth = key_maker(app)()["auth"]
    tiny = jsonl([{"id": "a", "kind": "job_ad", "text": "x", "label": "risk"}])
    job = client.post("/v1/models/train", headers=auth, json={
        "kind": "job_ad", "data": ["upload"], "jsonl": tiny, "fast": True}).get_json()
    assert job["status"] == "failed" and "at least 2" in job["error"]
    no_records = client.post("/v1/models/train", headers=auth, json={
        "kind": "audit", "data": ["upload"], "jsonl": tiny})
    assert no_records.status_code == 422
    assert client.post("/v1/models/train", headers=auth, json={"data": ["corpus"]}
                       ).status_code == 422  # kind missing


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One job_ad version trained without the API, to copy into a test's models folder."""
    folder = tmp_path_factory.mktemp("trained")
    items = parse_jsonl(upload())
    run_training(TrainingRequest("job_ad", tuple(items), ("fixture",), fast=True), folder)
    return folder


def test_wrong_kind_unknown_version_and_roles(tmp_path, trained):
    shutil.copytree(trained, tmp_path / "models")
    app = make_test_app(tmp_path, **analyst_config(tmp_path))
    client = app.test_client()
    auth = key_maker(app)()["auth"]
    [version] = [m["version"] for m in client.get("/v1/models", headers=auth).get_json()["items"]]
    wrong = client.post("/v1/models/audit/activate", headers=auth, json={"version": version})
    assert wrong.status_code == 422 and "version" in wrong.get_json()["errors"]["json"]
    assert client.get("/v1/models/job_ad-20990101-abcdef", headers=auth).status_code == 404
    assert client.post("/v1/models/poster/rollback", headers=auth).status_code == 404
    partner = key_maker(app)("acme", "partner")["auth"]
    assert client.post("/v1/models/train", headers=partner,
                       json={"kind": "job_ad"}).status_code == 403
    assert client.post("/v1/models/job_ad/activate", headers=partner,
                       json={"version": version}).status_code == 403
    assert client.post("/v1/models/job_ad/rollback", headers=partner).status_code == 403
    assert client.get("/v1/models", headers=partner).status_code == 403



def test_jobs_are_the_tenants_own(app):
    client = app.test_client()
    auth, other = key_maker(app)()["auth"], key_maker(app)("other", "analyst")["auth"]
    tiny = jsonl([{"id": "a", "kind": "job_ad", "text": "x", "label": "risk"}])
    client.post("/v1/models/train", headers=auth,
                json={"kind": "job_ad", "data": ["upload"], "jsonl": tiny, "fast": True})
    job_id = client.get("/v1/models/jobs", headers=auth).get_json()[0]["job_id"]
    assert client.get(f"/v1/models/jobs/{job_id}", headers=auth).status_code == 200
    assert client.get(f"/v1/models/jobs/{job_id}", headers=other).status_code == 404
    assert client.get("/v1/models/jobs", headers=other).get_json() == []


def test_training_runs_in_the_background(tmp_path):
    app = make_test_app(tmp_path, **analyst_config(tmp_path, JOB_EXECUTOR="local"))
    client = app.test_client()
    auth = key_maker(app)()["auth"]
    job = client.post("/v1/models/train", headers=auth, json={
        "kind": "job_ad", "data": ["upload"], "jsonl": upload(), "fast": True}).get_json()
    assert job["status"] in ("queued", "running", "succeeded")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        status = client.get(job["status_url"], headers=auth).get_json()
        if status["status"] in ("succeeded", "failed"):
            break
        time.sleep(0.2)
    assert status["status"] == "succeeded" and status["progress"] == 1.0


def test_training_data_includes_the_tenants_feedback_with_text(app):
    client = app.test_client()
    auth = key_maker(app)()["auth"]
    text = "Passports are kept by the company."
    sid = client.post("/v1/screen/job-ads", headers=auth,
                      json={"text": text}).get_json()["results"][0]["screening_id"]
    client.post(f"/v1/screenings/{sid}/feedback", headers=auth,
                json={"label": "risk_confirmed", "text": text})
    job = client.post("/v1/models/train", headers=auth, json={
        "kind": "job_ad", "data": ["feedback", "upload"], "jsonl": upload(), "fast": True}
    ).get_json()
    assert job["params"]["feedback"] == 1 and job["params"]["upload"] == 40
    assert job["params"]["records"] == 41 and job["status"] == "succeeded"
    other = key_maker(app)("other", "analyst")["auth"]
    refused = client.post("/v1/models/train", headers=other,
                          json={"kind": "job_ad", "data": ["feedback"]})
    assert refused.status_code == 422  # another tenant's feedback is not theirs to train on
