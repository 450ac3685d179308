"""gunicorn's configuration for production: `gunicorn -c config/gunicorn.py config.wsgi`.

Every knob is an environment variable, like the Django settings (see README, Configuration).
"""

import logging
import multiprocessing
from datetime import timedelta
from typing import Any

from gunicorn.glogging import Logger

from config.env import env_bool, env_int, env_str
from config.logging import ADDRESS_HEADERS, REQUEST_ID_HEADER, JsonFormatter, SecretRedactingFilter, is_member_path

# A platform (Heroku, Render, Fly) hands the port in PORT; BIND wins when both are set.
bind = env_str("BIND", f"0.0.0.0:{env_int('PORT', 8000, minimum=1)}")
# gunicorn's own rule of thumb for synchronous workers: two per core, plus one.
workers = env_int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1, minimum=1)
timeout = env_int("GUNICORN_TIMEOUT", 30, minimum=1)  # seconds before a silent worker is killed
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30, minimum=1)  # seconds to finish requests on restart
keepalive = env_int("GUNICORN_KEEPALIVE", 5, minimum=0)  # seconds, behind a load balancer
# Workers are not recycled by default. Recycling bounds the damage of a slow memory leak,
# which Faultline is not known to have, and costs a worker for the 1 to 2.5 s its successor
# takes to import Django; with 1,000 requests and 10 % jitter the two workers, which serve
# about as many requests each, reached their limits within half a second of each other
# every 2,000 requests or so, leaving no worker at all for that time (issue 14: the slowest
# requests clustered there and /healthz's p95 doubled). Whoever turns recycling on gets a
# jitter of half the limit, so that workers' restarts drift apart instead of lining up.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 0, minimum=0)
max_requests_jitter = max_requests // 2
# Only these proxies may say that a request came over HTTPS (X-Forwarded-Proto).
forwarded_allow_ips = env_str("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# The control socket (gunicornc) sits at one path per user, so that two gunicorns on a
# machine (a bench beside the service) would fight over it; nothing here uses it.
control_socket_disable = True
accesslog = "-"
errorlog = "-"
loglevel = env_str("LOG_LEVEL", "INFO").lower()
# The same rule as settings.LOG_FORMAT, read here because the master never loads Django.
json_logs = env_str("LOG_FORMAT", "text" if env_bool("DEBUG", True) else "json") == "json"


class JsonLogger(Logger):
    """gunicorn's logger, writing one JSON object per line through Faultline's formatter."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        for handler in self.error_log.handlers + self.access_log.handlers:
            handler.addFilter(SecretRedactingFilter())
            if json_logs:
                handler.setFormatter(JsonFormatter())

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: timedelta) -> dict[str, Any]:
        """The text format's fields, without the client's address on a member's pages."""
        atoms: dict[str, Any] = super().atoms(resp, req, environ, request_time)
        if is_member_path(environ.get("PATH_INFO", "")):
            atoms["h"] = "-"
            for header in ADDRESS_HEADERS:
                atoms.pop(f"{{{header}}}i", None)
        return atoms

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: timedelta) -> None:
        if not json_logs:
            super().access(resp, req, environ, request_time)
            return
        headers = {name.lower(): value for name, value in resp.headers}
        status = str(resp.status).split(None, 1)[0]
        fields = {
            "method": environ.get("REQUEST_METHOD"),
            "path": environ.get("PATH_INFO"),
            "status": int(status) if status.isdigit() else status,
            "duration_ms": round(request_time.total_seconds() * 1000, 1),
            "bytes": getattr(resp, "sent", None),
            "remote_addr": None if is_member_path(environ.get("PATH_INFO", "")) else environ.get("REMOTE_ADDR"),
        }
        # The application's id for this request, so that the access line and the
        # application's own lines can be joined.
        request_id = headers.get(REQUEST_ID_HEADER.lower(), "-")
        message = f"{fields['method']} {fields['path']} {status}"
        self.access_log.log(logging.INFO, message, extra={"request_id": request_id, "fields": fields})


logger_class = JsonLogger
