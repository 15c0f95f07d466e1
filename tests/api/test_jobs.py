"""Jobs: lifecycle, progress, cancel, restart recovery, results and downloads."""

from __future__ import annotations

import csv
import io
import socket
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from riskscreen.engine.assessment import Assessment
from riskscreen.jobs.runner import JobRunner, JobSettings
from riskscreen.store.supplier_models import Job, SupplierList, SupplierResult
from tests.api.supplier_helpers import CSV, add_entities, results, upload
from tests.conftest import make_test_app, store_taken_away
from tests.suppliers.helpers import read_xlsx


class HeldExecutor:
    """Keeps tasks instead of running them, so a test can look at a queued job."""

    name = "held"

    def __init__(self) -> None:
        self.tasks: list = []

    def submit(self, task) -> None:
        self.tasks.append(task)

    def shutdown(self, wait: bool = True) -> None:
        return None


@pytest.fixture
def app(tmp_path):
    app = make_test_app(tmp_path, JOB_EXECUTOR="sync", JOB_CHUNK_ROWS=2)
    add_entities(app)
    return app


@pytest.fixture
def acme(make_key):
    return make_key("acme", "partner")["auth"]


def store_of(app):
    return app.extensions["riskscreen.store"]


def job_row(app, public_id: str) -> Job:
    with store_of(app).session() as session:
        return session.query(Job).filter_by(public_id=public_id).one()


def hold_jobs(app) -> HeldExecutor:
    held = HeldExecutor()
    app.extensions["riskscreen.jobs"].executor = held
    return held


def test_a_job_is_queued_then_done_with_progress(app, client, acme):
    held = hold_jobs(app)
    job_id = upload(client, acme, CSV.encode()).get_json()["job_id"]
    job = client.get(f"/v1/jobs/{job_id}", headers=acme).get_json()
    assert (job["status"], job["progress"]) == ("queued", {"done": 0, "total": None})
    assert results(client, acme, job_id).status_code == 409  # nothing served before done
    held.tasks.pop()()
    job = client.get(f"/v1/jobs/{job_id}", headers=acme).get_json()
    assert (job["status"], job["progress"]) == ("done", {"done": 5, "total": 5})
    assert job["started_at"] and job["finished_at"]


def test_results_are_paged_in_upload_order_or_by_score(client, acme):
    job_id = upload(client, acme, CSV.encode()).get_json()["job_id"]
    page = results(client, acme, job_id, limit=2, offset=2).get_json()
    assert (page["total"], [r["row"] for r in page["results"]]) == (5, [4, 5])
    ranked = results(client, acme, job_id, sort="score").get_json()["results"]
    scores = [r["score"] for r in ranked if r["score"] is not None]
    assert scores == sorted(scores, reverse=True)
    assert ranked[-1]["status"] == "error"  # unscored rows last
    errors = results(client, acme, job_id, status="error").get_json()
    assert [r["row"] for r in errors["results"]] == [4]
    assert results(client, acme, job_id, sort="name").status_code == 422


def test_csv_download_has_every_row_in_order_and_neutralised_cells(client, acme):
    job_id = upload(client, acme, CSV.encode()).get_json()["job_id"]
    response = client.get(f"/v1/jobs/{job_id}/results.csv", headers=acme)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [r["row"] for r in rows] == ["2", "3", "4", "5", "6"]
    assert rows[4]["name"] == "'=HYPERLINK(\"http://x\")"
    ranked = client.get(f"/v1/jobs/{job_id}/results.csv?sort=score", headers=acme)
    ranked_rows = list(csv.DictReader(io.StringIO(ranked.data.decode("utf-8-sig"))))
    assert ranked_rows[0]["row"] == "2"


def test_xlsx_download_has_every_row_and_neutralised_cells(client, acme):
    job_id = upload(client, acme, CSV.encode()).get_json()["job_id"]
    response = client.get(f"/v1/jobs/{job_id}/results.xlsx", headers=acme)
    assert response.status_code == 200
    header, *rows = read_xlsx(response.data)
    names = [row[header.index("name")] for row in rows]
    assert [row[0] for row in rows] == [2, 3, 4, 5, 6]
    assert names[4] == "'=HYPERLINK(\"http://x\")"


def test_cancel_a_queued_job(app, client, acme):
    held = hold_jobs(app)
    job_id = upload(client, acme, CSV.encode()).get_json()["job_id"]
    response = client.post(f"/v1/jobs/{job_id}/cancel", headers=acme)
    assert response.status_code == 202
    assert response.get_json()["status"] == "cancelled"
    held.tasks.pop()()  # the runner finds it cancelled and does nothing
    assert job_row(app, job_id).status == "cancelled"
    assert results(client, acme, job_id).status_code == 409
    assert client.post(f"/v1/jobs/{job_id}/cancel", headers=acme).status_code == 409


def test_cancel_a_running_job_stops_after_the_current_chunk(app, client, acme):
    held = hold_jobs(app)
    job_id = upload(client, acme, CSV.encode()).get_json()["job_id"]
    calls = []

    def audit_then_cancel(texts):
        calls.append(texts)
        with store_of(app).transaction() as session:
            session.execute(update(Job).where(Job.public_id == job_id)
                            .values(cancel_requested=True))
        return [Assessment(kind="audit", language="en", logit=0.0, score=50.0, band="medium",
                           indicators=(), reasons=(), advice=(), versions={}) for _ in texts]

    held.tasks.pop()  # run it ourselves, with a runner that asks to cancel mid-way
    job = job_row(app, job_id)
    runner = JobRunner(store_of(app), JobSettings(chunk_rows=2), audit_screen=audit_then_cancel)
    with store_of(app).transaction() as session:  # every row gets audit text
        supplier_list = session.get(SupplierList, job.list_id)
        supplier_list.content = CSV.replace(";\n", ";workers locked in\n").encode()
    assert runner.run(job.id) == "cancelled"
    body = client.get(f"/v1/jobs/{job_id}", headers=acme).get_json()
    assert body["status"] == "cancelled"
    assert body["progress"] == {"done": 2, "total": 5}
    assert "cancelled after 2 of 5 rows" in body["error"]
    assert client.get(f"/v1/jobs/{job_id}/results.csv", headers=acme).status_code == 409


class Crash(BaseException):
    """Stands for the process dying: not an Exception, so nothing catches it."""


def crashed_job(tmp_path, monkeypatch):
    """An app whose job died after its first chunk (2 of 5 rows), as a killed process."""
    first = make_test_app(tmp_path, JOB_EXECUTOR="sync", JOB_CHUNK_ROWS=2)
    held = hold_jobs(first)
    from riskscreen.store.keys import create_key

    with store_of(first).transaction() as session:
        _, secret = create_key(session, tenant_name="acme", role="partner")
    auth = {"Authorization": f"Bearer {secret}"}
    job_id = upload(first.test_client(), auth, CSV.encode()).get_json()["job_id"]
    import riskscreen.jobs.runner as runner_module

    real = runner_module.screen_rows
    calls = {"n": 0}

    def crash_on_second_chunk(ctx, rows):
        calls["n"] += 1
        if calls["n"] == 2:
            raise Crash
        return real(ctx, rows)

    monkeypatch.setattr(runner_module, "screen_rows", crash_on_second_chunk)
    held.tasks.clear()
    with pytest.raises(Crash):
        JobRunner(store_of(first), JobSettings(chunk_rows=2)).run(job_row(first, job_id).id)
    monkeypatch.setattr(runner_module, "screen_rows", real)
    half = job_row(first, job_id)
    assert (half.status, half.done, half.total) == ("running", 2, 5)
    assert first.test_client().get(f"/v1/jobs/{job_id}/results", headers=auth).status_code == 409
    return first, auth, job_id


def assert_resumed_whole(app, auth, job_id):
    client = app.test_client()
    body = client.get(f"/v1/jobs/{job_id}", headers=auth).get_json()  # first request sweeps
    assert (body["status"], body["progress"]) == ("done", {"done": 5, "total": 5})
    assert job_row(app, job_id).attempts == 2
    rows = results(client, auth, job_id).get_json()["results"]
    assert [r["row"] for r in rows] == [2, 3, 4, 5, 6]
    with store_of(app).session() as session:
        job = job_row(app, job_id)
        positions = [r.position for r in session.query(SupplierResult).filter_by(job_id=job.id)]
    assert sorted(positions) == [0, 1, 2, 3, 4]


def test_a_job_interrupted_by_a_restart_resumes_when_its_lease_runs_out(tmp_path, monkeypatch):
    first, auth, job_id = crashed_job(tmp_path, monkeypatch)
    with store_of(first).transaction() as session:  # a lease held elsewhere, now run out
        session.execute(update(Job).where(Job.public_id == job_id).values(
            lease_owner="another-host:1:abc:1",
            lease_until=datetime.now(UTC) - timedelta(seconds=1)))
    assert_resumed_whole(make_test_app(tmp_path, JOB_EXECUTOR="sync", JOB_CHUNK_ROWS=2), auth,
                         job_id)


def test_a_job_whose_process_died_on_this_machine_resumes_at_start_up(tmp_path, monkeypatch):
    first, auth, job_id = crashed_job(tmp_path, monkeypatch)
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # its pid now belongs to no process
    with store_of(first).transaction() as session:
        session.execute(update(Job).where(Job.public_id == job_id).values(
            lease_owner=f"{socket.gethostname()}:{gone.pid}:abc:1",
            lease_until=datetime.now(UTC) + timedelta(minutes=5)))  # lease still "live"
    assert_resumed_whole(make_test_app(tmp_path, JOB_EXECUTOR="sync", JOB_CHUNK_ROWS=2), auth,
                         job_id)


def test_a_job_with_a_live_lease_is_not_taken_over(app, client, acme):
    held = hold_jobs(app)
    job_id = upload(client, acme, CSV.encode()).get_json()["job_id"]
    job = job_row(app, job_id)
    with store_of(app).transaction() as session:
        session.execute(update(Job).where(Job.id == job.id).values(
            status="running", lease_owner="elsewhere",
            lease_until=datetime.now(UTC) + timedelta(minutes=5)))
    assert JobRunner(store_of(app)).run(job.id) is None
    assert held.tasks  # still only the original task


def test_a_job_interrupted_too_often_is_failed_with_a_reason(app, client, acme):
    hold_jobs(app)
    job_id = upload(client, acme, CSV.encode()).get_json()["job_id"]
    job = job_row(app, job_id)
    with store_of(app).transaction() as session:
        session.execute(update(Job).where(Job.id == job.id).values(status="running",
                                                                   attempts=3))
    assert JobRunner(store_of(app)).run(job.id) == "failed"
    body = client.get(f"/v1/jobs/{job_id}", headers=acme).get_json()
    assert body["status"] == "failed" and "interrupted 3 times" in body["error"]
    assert results(client, acme, job_id).status_code == 409


def test_a_file_that_cannot_be_read_in_the_job_fails_the_job_with_the_reason(app, client, acme):
    held = hold_jobs(app)
    job_id = upload(client, acme, CSV.encode()).get_json()["job_id"]
    job = job_row(app, job_id)
    with store_of(app).transaction() as session:
        session.get(SupplierList, job.list_id).content = b"%PDF-1.4"
    held.tasks.pop()()
    body = client.get(f"/v1/jobs/{job_id}", headers=acme).get_json()
    assert body["status"] == "failed"
    assert "cannot be read" in body["error"] and "PDF" in body["error"]


def test_unknown_job_is_404(client, acme):
    assert client.get("/v1/jobs/nope", headers=acme).status_code == 404
    assert client.get("/v1/jobs/nope/results.csv", headers=acme).status_code == 404


def test_the_local_executor_runs_jobs_in_the_background(tmp_path):
    app = make_test_app(tmp_path / "local", JOB_EXECUTOR="local", JOB_CHUNK_ROWS=2)
    from riskscreen.store.keys import create_key

    with store_of(app).transaction() as session:
        _, secret = create_key(session, tenant_name="acme", role="partner")
    auth = {"Authorization": f"Bearer {secret}"}
    client = app.test_client()
    job_id = upload(client, auth, CSV.encode()).get_json()["job_id"]
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        body = client.get(f"/v1/jobs/{job_id}", headers=auth).get_json()
        if body["status"] in ("done", "failed", "cancelled"):
            break
        time.sleep(0.05)
    assert body["status"] == "done", body
    assert len(results(client, auth, job_id).get_json()["results"]) == 5
    app.extensions["riskscreen.jobs"].executor.shutdown()


def test_a_runner_that_lost_its_lease_writes_nothing_more(app, client, acme):
    held = hold_jobs(app)
    job_id = upload(client, acme, CSV.encode()).get_json()["job_id"]
    held.tasks.clear()
    job = job_row(app, job_id)

    def taken_over(texts):
        with store_of(app).transaction() as session:
            session.execute(update(Job).where(Job.id == job.id).values(lease_owner="other"))
        return [Assessment(kind="audit", language="en", logit=0.0, score=50.0, band="medium",
                           indicators=(), reasons=(), advice=(), versions={}) for _ in texts]

    with store_of(app).transaction() as session:
        session.get(SupplierList, job.list_id).content = \
            CSV.replace(";\n", ";workers locked in\n").encode()
    assert JobRunner(store_of(app), JobSettings(chunk_rows=2), taken_over).run(job.id) is None
    after = job_row(app, job_id)
    assert (after.status, after.done, after.lease_owner) == ("running", 0, "other")
    with store_of(app).session() as session:
        assert session.query(SupplierResult).filter_by(job_id=job.id).count() == 0


def test_a_store_outage_mid_job_leaves_it_to_resume_not_failed(app, client, acme, monkeypatch):
    held = hold_jobs(app)
    job_id = upload(client, acme, CSV.encode()).get_json()["job_id"]
    held.tasks.clear()
    job = job_row(app, job_id)
    from sqlalchemy.exc import OperationalError

    import riskscreen.jobs.runner as runner_module

    real = runner_module.q.write_chunk
    calls = {"n": 0}

    def drop_out_on_second_chunk(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OperationalError("INSERT ...", {}, Exception("server closed the connection"))
        return real(*args, **kwargs)

    monkeypatch.setattr(runner_module.q, "write_chunk", drop_out_on_second_chunk)
    assert JobRunner(store_of(app), JobSettings(chunk_rows=2)).run(job.id) is None
    interrupted = job_row(app, job_id)
    assert (interrupted.status, interrupted.done, interrupted.error) == ("running", 2, None)
    assert interrupted.lease_until.replace(tzinfo=UTC) < datetime.now(UTC)  # released

    from riskscreen.jobs.executor import SyncExecutor

    service = app.extensions["riskscreen.jobs"]
    service.executor = SyncExecutor()  # the resumed job runs at once
    with app.app_context():
        assert service.sweep(force=True) == [job.id]
    body = client.get(f"/v1/jobs/{job_id}", headers=acme).get_json()
    assert (body["status"], body["progress"]) == ("done", {"done": 5, "total": 5})
    assert [r["row"] for r in results(client, acme, job_id).get_json()["results"]] == \
        [2, 3, 4, 5, 6]


def test_probes_answer_while_the_store_is_down_even_when_a_sweep_is_due(tmp_path, riskscreen_logs):
    app = make_test_app(tmp_path, JOB_EXECUTOR="sync", DATABASE_URL="")
    client = app.test_client()
    store = store_of(app)
    from riskscreen.store.keys import create_key

    with store.transaction() as session:
        _, secret = create_key(session, tenant_name="acme", role="partner")
    assert client.get("/health").status_code == 200  # the first request sweeps
    with store_taken_away(app):
        app.extensions["riskscreen.jobs"]._swept_pid = None  # a sweep is due again
        with riskscreen_logs.at_level("WARNING", logger="riskscreen.jobs"):
            assert client.get("/health").status_code == 200
        assert any("sweep skipped" in r.getMessage() for r in riskscreen_logs.records)
        me = client.get("/v1/me", headers={"Authorization": f"Bearer {secret}"})
        assert me.status_code == 503
