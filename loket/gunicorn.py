"""gunicorn settings for production (docker-compose's web service)."""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
# X-Forwarded-Proto decides whether a request counts as HTTPS (wsgi.url_scheme): gunicorn believes
# it only from these addresses, the TLS proxy in front (docker-compose gives it a fixed address).
# Django's SECURE_PROXY_SSL_HEADER stays off: it would believe the header from anyone.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}
# Sync workers: each request holds one database connection; (2 x cores) + 1 is gunicorn's advice.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
max_requests = 2000
max_requests_jitter = 200
accesslog = "-"
# No query strings in the access log: search terms may contain names.
access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(b)s %(M)sms'
