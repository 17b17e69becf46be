FROM python:3.12-slim
WORKDIR /app
COPY . .
# want PAL-DF-019
CMD ["python", "manage.py", "migrate"]
# want PAL-DF-019
ENTRYPOINT ["/app/docker-entrypoint.sh"]
CMD ["gunicorn", "app.wsgi"]
ENTRYPOINT ["tini", "--", "/app/docker-entrypoint.sh"]
