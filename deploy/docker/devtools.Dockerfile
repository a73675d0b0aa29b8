# syntax=docker/dockerfile:1
# Konfliktrådet devtools, for the compose suite's one-shot and stand-in containers:
#   kafka-provision      konfliktrad-dev kafka provision   (topics and ACLs from the table of
#                                                           bus rights, as the admin)
#   *-inbox              python /app/agency_inbox.py      (an agency's HTTPS inbox stand-in)
# No service is installed: only the shared library and devtools.
#
# Build from the repository root (the uv workspace):
#   docker build -f deploy/docker/devtools.Dockerfile -t konfliktrad/devtools .

# uv must read the lock format uv.lock was written with: keep this at (or above) the uv that
# last locked the workspace (`uv --version`).
ARG UV_VERSION=0.13.8
ARG PYTHON_IMAGE=python:3.11-slim

FROM ghcr.io/astral-sh/uv:${UV_VERSION} AS uv

# --- builder: devtools and its locked dependencies in /app/.venv, nothing editable -------
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
    uv sync --frozen --no-dev --no-editable --no-install-workspace --package konfliktrad-devtools

# Then the shared library and devtools, installed as wheels.
COPY shared/ shared/
COPY deploy/local/ deploy/local/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-editable --package konfliktrad-devtools

# --- runtime: the venv, a non-root user, no build tools ---------------------------------
FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system --gid 10001 konfliktrad \
 && useradd --system --uid 10001 --gid konfliktrad --home-dir /app --no-create-home \
      --shell /usr/sbin/nologin konfliktrad
COPY --from=builder /app/.venv /app/.venv
COPY deploy/docker/agency_inbox.py /app/agency_inbox.py
WORKDIR /app
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    KONFLIKTRAD_STATE_DIR=/tmp/konfliktrad
USER 10001:10001
CMD ["konfliktrad-dev", "--help"]
