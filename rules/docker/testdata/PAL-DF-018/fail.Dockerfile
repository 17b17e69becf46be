FROM alpine:3.20
# want PAL-DF-018
MAINTAINER Platform Team <platform@example.com>
RUN apk add --no-cache ca-certificates
USER 65534
