# riskscreen service image: gunicorn in front of the Flask app factory, SQLite in /data.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    RISKSCREEN_INSTANCE_PATH=/data \
    RISKSCREEN_BIND=0.0.0.0:8000

RUN useradd --create-home --uid 10001 riskscreen
WORKDIR /app

COPY pyproject.toml README.md ./
COPY riskscreen ./riskscreen
COPY rules ./rules
COPY models ./models
COPY data ./data
COPY wsgi.py gunicorn.conf.py ./
# pip compiles the dependencies' bytecode; riskscreen's own is compiled here, since
# PYTHONDONTWRITEBYTECODE would otherwise make every process compile it again.
RUN pip install --no-cache-dir -e . && python -m compileall -q riskscreen wsgi.py gunicorn.conf.py \
    && mkdir -p /data && chown riskscreen /data

USER riskscreen
EXPOSE 8000
VOLUME ["/data"]
HEALTHCHECK --interval=30s --timeout=3s --start-period=20s --retries=3 \
    CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health', timeout=2).status != 200)"

CMD ["gunicorn", "-c", "gunicorn.conf.py", "wsgi:app"]
