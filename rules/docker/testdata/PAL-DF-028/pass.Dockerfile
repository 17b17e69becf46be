# syntax=docker/dockerfile:1
FROM python:3.12-slim
WORKDIR /app
RUN --mount=type=ssh pip install --no-cache-dir git+ssh://git@github.com/acme/private-lib.git
COPY .env.example ./
COPY certs/ca.pem /usr/local/share/ca-certificates/internal-ca.crt
COPY app/ ./app/
USER 1000
CMD ["python", "-m", "app"]
