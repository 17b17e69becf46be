FROM ubuntu:22.04
RUN apt-get update \
 && apt-get install -y --no-install-recommends nginx \
 && apt-get install -y --only-upgrade openssl \
 && rm -rf /var/lib/apt/lists/*
CMD ["nginx", "-g", "daemon off;"]
