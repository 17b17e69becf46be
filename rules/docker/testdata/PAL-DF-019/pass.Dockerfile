FROM python:3.12-slim AS test
WORKDIR /app
COPY . .
CMD ["pytest"]

FROM python:3.12-slim
WORKDIR /app
COPY . .
ENTRYPOINT ["tini", "--", "/app/docker-entrypoint.sh"]
CMD ["gunicorn", "app.wsgi"]
