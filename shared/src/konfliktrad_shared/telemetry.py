"""OpenTelemetry traces and metrics, exported over OTLP when configured, scraped at /metrics
(with the deployment's scrape token: `metrics_access`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from opentelemetry.exporter.prometheus import PrometheusMetricReader
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor
from opentelemetry.instrumentation.sqlalchemy import SQLAlchemyInstrumentor
from opentelemetry.sdk.metrics import MeterProvider
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from prometheus_client import CollectorRegistry, make_asgi_app
from sqlalchemy.ext.asyncio import AsyncEngine

from konfliktrad_shared import business_metrics
from konfliktrad_shared.metrics_access import ScrapeTokenRequired


@dataclass(frozen=True)
class Telemetry:
    tracer_provider: TracerProvider
    meter_provider: MeterProvider
    registry: CollectorRegistry
    service_name: str = ""

    def shutdown(self) -> None:
        self.tracer_provider.shutdown()
        self.meter_provider.shutdown()


def setup_telemetry(service_name: str, otlp_endpoint: str | None) -> Telemetry:
    """Providers are per app, not global, so several services can share one test process."""
    resource = Resource.create({"service.name": service_name, "service.namespace": "konfliktrad"})
    tracer_provider = TracerProvider(resource=resource)
    if otlp_endpoint:
        # Only here: the exporter brings protobuf and its generated modules (~130 ms a start).
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.trace.export import BatchSpanProcessor

        exporter = OTLPSpanExporter(endpoint=f"{otlp_endpoint.rstrip('/')}/v1/traces")
        tracer_provider.add_span_processor(BatchSpanProcessor(exporter))
    registry = CollectorRegistry()
    reader = PrometheusMetricReader(registry=registry)
    meter_provider = MeterProvider(resource=resource, metric_readers=[reader])
    return Telemetry(
        tracer_provider=tracer_provider,
        meter_provider=meter_provider,
        registry=registry,
        service_name=service_name,
    )


def instrument_app(
    app: FastAPI, engine: AsyncEngine, telemetry: Telemetry, scrape_token: str = ""
) -> None:
    FastAPIInstrumentor.instrument_app(
        app,
        tracer_provider=telemetry.tracer_provider,
        meter_provider=telemetry.meter_provider,
        excluded_urls="livez,readyz,metrics",
    )
    SQLAlchemyInstrumentor().instrument(
        engine=engine.sync_engine,
        tracer_provider=telemetry.tracer_provider,
        meter_provider=telemetry.meter_provider,
    )
    gauges = business_metrics.register(telemetry.registry, telemetry.service_name, engine)
    app.mount(
        "/metrics",
        ScrapeTokenRequired(
            _refreshing(gauges, make_asgi_app(registry=telemetry.registry)), scrape_token
        ),
    )


def _refreshing(gauges: business_metrics.OutboxGauges, metrics: Any) -> Any:
    """The Prometheus endpoint, reading the outbox gauges first (they are a query, which
    the synchronous collectors cannot await)."""

    async def scrape(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http":
            await gauges.refresh()
        await metrics(scope, receive, send)

    return scrape
