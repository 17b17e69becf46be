FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*
ARG KUBECTL_SHA256=7b7ad3dec1d5f3b6f4f0c6c9a1e6a0b5c0a4d7f2e1b9c8d7e6f5a4b3c2d1e0f9
RUN curl -fsSLo /usr/local/bin/kubectl "https://dl.k8s.io/release/v1.30.2/bin/linux/amd64/kubectl" \
 && echo "${KUBECTL_SHA256}  /usr/local/bin/kubectl" | sha256sum -c - \
 && chmod +x /usr/local/bin/kubectl
RUN curl -fsSL https://packages.example.com/gpg.key -o /usr/share/keyrings/example.gpg
USER 1000
