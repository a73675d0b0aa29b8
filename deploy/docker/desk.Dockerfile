# syntax=docker/dockerfile:1
# Konfliktrådet staff desk (port 8000): web pages over the services' APIs; no database, no Kafka.
#
# Build from the repository root (the uv workspace):
#   docker build -f deploy/docker/desk.Dockerfile -t konfliktrad/desk .

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
    uv sync --frozen --no-dev --no-editable --no-install-workspace --package konfliktrad-desk

# Then the shared library and the service, installed as wheels (their migrations inside).
COPY shared/ shared/
COPY services/desk/ services/desk/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-editable --package konfliktrad-desk

# --- runtime: the venv, a non-root user, no build tools ---------------------------------
FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system --gid 10001 konfliktrad \
 && useradd --system --uid 10001 --gid konfliktrad --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin konfliktrad
COPY --from=builder /app/.venv /app/.venv
WORKDIR /app
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    KONFLIKTRAD_STATE_DIR=/tmp/konfliktrad \
    DESK_HTTP_HOST=0.0.0.0 \
    DESK_HTTP_PORT=8000
USER 10001:10001
EXPOSE 8000
# Listening beyond loopback, the desk refuses the development sign-in: it starts only with
# an OpenID Connect provider (DESK_OIDC_ISSUER, DESK_OIDC_CLIENT_ID) and DESK_SESSION_SECRET.
HEALTHCHECK --interval=10s --timeout=5s --start-period=20s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]
CMD ["konfliktrad-desk"]
