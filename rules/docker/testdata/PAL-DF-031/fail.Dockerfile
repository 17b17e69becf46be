FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*
# want PAL-DF-031
RUN curl -fsSLo /usr/local/bin/kubectl "https://dl.k8s.io/release/v1.30.2/bin/linux/amd64/kubectl" \
 && chmod +x /usr/local/bin/kubectl
# want PAL-DF-031
RUN curl -fsSL https://get.helm.sh/helm-v3.15.2-linux-amd64.tar.gz | tar -xz -C /tmp \
 && mv /tmp/linux-amd64/helm /usr/local/bin/helm
USER 1000
