FROM debian:12-slim
COPY internal-archive-keyring.gpg /usr/share/keyrings/internal-archive-keyring.gpg
RUN echo "deb [signed-by=/usr/share/keyrings/internal-archive-keyring.gpg] https://apt.internal.example.com/debian bookworm main" > /etc/apt/sources.list.d/internal.list \
 && apt-get update \
 && apt-get install -y --no-install-recommends internal-agent \
 && rm -rf /var/lib/apt/lists/*
USER 1000
