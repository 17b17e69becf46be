FROM ubuntu:24.04
# want PAL-DF-010
RUN apt-get update && apt-get install -y --no-install-recommends \
      ca-certificates \
      tzdata \
 && apt-get clean
USER ubuntu
