FROM debian:12-slim
# want PAL-DF-033
RUN echo "deb [trusted=yes] http://apt.internal.example.com/debian bookworm main" > /etc/apt/sources.list.d/internal.list \
 && apt-get update \
 && apt-get install -y --no-install-recommends internal-agent \
 && rm -rf /var/lib/apt/lists/*
# want PAL-DF-033
RUN apt-get update && apt-get install -y --no-install-recommends --allow-unauthenticated legacy-tool && rm -rf /var/lib/apt/lists/*
USER 1000
