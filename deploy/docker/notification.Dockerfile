# syntax=docker/dockerfile:1
# Konfliktrådet notification service (port 8005) and the two agency adapters.
#
# Build from the repository root (the uv workspace):
#   docker build -f deploy/docker/notification.Dockerfile -t konfliktrad/notification .
#
# The same image runs the two agency adapters, each as its own container:
#   konfliktrad-prosecution-adapter   (port 8006, PROSECUTION_ADAPTER_* settings)
#   konfliktrad-correctional-adapter  (port 8007, CORRECTIONAL_ADAPTER_* settings)
# Set KONFLIKTRAD_HEALTH_PORT to the adapter's port so the healthcheck asks the right one.

# uv must read the lock format uv.lock was written with: keep this at (or above) the uv that
# last locked the workspace (`uv --version`).
ARG UV_VERSION=0.13.8
ARG PYTHON_IMAGE=python:3.11-slim

FROM ghcr.io/astral-sh/uv:${UV_VERSION} AS uv

# --- builder: the service and its locked dependencies in /app/.venv, nothing editable ----
FROM ${PYTHON_IMAGE} AS builder
COPY --from=uv /uv /bin/uv
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /src

# Every workspace member's pyproject.toml: uv loads the whole workspace to read the lock.
COPY pyproject.toml uv.lock ./
COPY shared/pyproject.toml shared/
COPY services/referral/pyproject.toml services/referral/
COPY services/mediation/pyproject.toml services/mediation/
COPY services/youth_plan/pyproject.toml services/youth_plan/
COPY services/vetting/pyproject.toml services/vetting/
COPY services/notification/pyproject.toml services/notification/
COPY services/desk/pyproject.toml services/desk/
COPY deploy/local/pyproject.toml deploy/local/
COPY deploy/operator/pyproject.toml deploy/operator/

# Third-party dependencies first: this layer changes only when uv.lock does.
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-editable --no-install-workspace --package konfliktrad-notification

# Then the shared library and the service, installed as wheels (their migrations inside).
COPY shared/ shared/
COPY services/notification/ services/notification/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-editable --package konfliktrad-notification

# --- runtime: the venv, a non-root user, no build tools ---------------------------------
FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system --gid 10001 konfliktrad \
 && useradd --system --uid 10001 --gid konfliktrad --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin konfliktrad
COPY --from=builder /app/.venv /app/.venv
COPY deploy/docker/migrate.py /app/migrate.py
WORKDIR /app
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    KONFLIKTRAD_STATE_DIR=/tmp/konfliktrad \
    KONFLIKTRAD_HEALTH_PORT=8005 \
    NOTIFICATION_HTTP_HOST=0.0.0.0 \
    NOTIFICATION_HTTP_PORT=8005 \
    NOTIFICATION_APPLY_MIGRATIONS_ON_START=false \
    PROSECUTION_ADAPTER_HTTP_HOST=0.0.0.0 \
    PROSECUTION_ADAPTER_HTTP_PORT=8006 \
    PROSECUTION_ADAPTER_APPLY_MIGRATIONS_ON_START=false \
    CORRECTIONAL_ADAPTER_HTTP_HOST=0.0.0.0 \
    CORRECTIONAL_ADAPTER_HTTP_PORT=8007 \
    CORRECTIONAL_ADAPTER_APPLY_MIGRATIONS_ON_START=false
USER 10001:10001
EXPOSE 8005 8006 8007
# /livez answers as soon as the app serves HTTP; /readyz (database and broker) is for
# orchestrators that route traffic. python:slim has no curl.
HEALTHCHECK --interval=10s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/livez' % os.environ['KONFLIKTRAD_HEALTH_PORT'], timeout=4)"]
# Migrations are a separate one-shot run of this image: python /app/migrate.py notification
CMD ["konfliktrad-notification"]
