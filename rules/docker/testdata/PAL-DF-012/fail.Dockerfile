FROM ubuntu:22.04
# want PAL-DF-012
RUN apt-get update && apt-get -y dist-upgrade && rm -rf /var/lib/apt/lists/*
RUN apt-get update \
 && apt-get install -y --no-install-recommends nginx \
 && rm -rf /var/lib/apt/lists/*
CMD ["nginx", "-g", "daemon off;"]
