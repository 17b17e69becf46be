FROM debian:12-slim AS build
# build stages do not ship, so they are not checked
RUN apt-get update && apt-get install -y build-essential && rm -rf /var/lib/apt/lists/*

FROM debian:12-slim
# want PAL-DF-009
RUN apt-get update \
 && apt-get install -y python3 \
 && rm -rf /var/lib/apt/lists/*
USER 1000
