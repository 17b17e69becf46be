FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl ca-certificates && rm -rf /var/lib/apt/lists/*
ARG INSTALLER_SHA256=5f8fa8ba0d4a1bdec5a7fa9a9a1b0e1f2f3a4b5c6d7e8f90a1b2c3d4e5f60718
RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \
 && echo "${INSTALLER_SHA256}  /tmp/install.sh" | sha256sum -c - \
 && sh /tmp/install.sh \
 && rm /tmp/install.sh
RUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt
USER 1000
