FROM alpine:3.20
LABEL org.opencontainers.image.authors="platform@example.com"
RUN apk add --no-cache ca-certificates
USER 65534
