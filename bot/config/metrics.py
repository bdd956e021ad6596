"""[metrics]: health and Prometheus metrics on the bot's own HTTP server."""

from __future__ import annotations

from bot.config.base import _Secret, _Section


class MetricsSettings(_Section):
    # In webhook mode /healthz, /readyz and /metrics share the webhook's server and are served
    # whatever this says; in polling mode the server on [http] is started for them only when
    # enabled, so a bot nobody monitors opens no port.
    enabled: bool = False
    # Optional bearer token for /metrics (ENTRAIDE_METRICS_TOKEN): figures of a support network
    # are nobody else's business, even without names in them. Health checks stay open.
    token: _Secret = None
