"""The Dockerfile, gunicorn.conf.py, wsgi.py and the Makefile agree with each other and the README.

Docker cannot run on the development machines, so this checks what can be checked: every
file the Dockerfile copies exists, its command names files and an app that exist, and the
README's quick start names the Makefile targets that exist.
"""

import re
import runpy
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOCKERFILE = (ROOT / "Dockerfile").read_text(encoding="utf-8")


def test_dockerfile_copies_only_what_exists():
    copied = []
    for line in DOCKERFILE.splitlines():
        if line.startswith("COPY "):
            copied.extend(line.split()[1:-1])
    assert copied, "the Dockerfile copies nothing"
    for name in copied:
        assert (ROOT / name).exists(), f"Dockerfile copies {name}, which does not exist"


def test_dockerfile_runs_gunicorn_on_wsgi_app_as_non_root_with_healthcheck():
    assert DOCKERFILE.startswith("#") and "FROM python:3.11-slim" in DOCKERFILE
    assert re.search(r"^USER (?!root)\w+", DOCKERFILE, re.M)
    assert 'CMD ["gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]' in DOCKERFILE
    assert "HEALTHCHECK" in DOCKERFILE and "/health" in DOCKERFILE
    wsgi = (ROOT / "wsgi.py").read_text(encoding="utf-8")
    assert "app = create_app()" in wsgi


def test_gunicorn_conf_preloads_and_sizes_workers(monkeypatch):
    monkeypatch.setenv("RISKSCREEN_WORKERS", "3")
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["workers"] == 3
    assert settings["preload_app"] is True
    assert settings["timeout"] > 0
    assert callable(settings["post_fork"])


def test_readme_quick_start_uses_make_targets_that_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("run", "test"):
        assert f"make {target}" in readme
        assert re.search(rf"^{target}:", makefile, re.M)
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "make test" in ci
