# Production image: gunicorn serves the app, the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=loket.settings.prod
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core curl \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# Exactly the locked versions, each checked against its hash (requirements.lock, pip-compile).
COPY requirements.lock pyproject.toml README.md ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY loket loket
COPY clients clients
COPY trajecten trajecten
COPY financiering financiering
COPY monitor monitor
RUN pip install --no-cache-dir --no-deps .
COPY . .
RUN SECRET_KEY=build-only-collectstatic-key-0123456789abcdefghijklmnopqrstuvwxyz \
    python manage.py collectstatic --noinput
RUN useradd --system --uid 10001 loket && mkdir -p /app/private && chown loket /app/private
USER loket
EXPOSE 8000
CMD ["gunicorn", "loket.wsgi:application", "--config", "python:loket.gunicorn"]
