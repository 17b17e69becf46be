FROM python:3.12-slim
WORKDIR /app
# want PAL-DF-028
COPY id_rsa /root/.ssh/id_rsa
RUN pip install --no-cache-dir git+ssh://git@github.com/acme/private-lib.git && rm /root/.ssh/id_rsa
# want PAL-DF-028
COPY .env ./
COPY app/ ./app/
USER 1000
CMD ["python", "-m", "app"]
