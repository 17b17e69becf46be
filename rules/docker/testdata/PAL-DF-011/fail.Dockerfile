FROM debian:12-slim
# want PAL-DF-011
RUN apt-get update
RUN apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
USER 1000
