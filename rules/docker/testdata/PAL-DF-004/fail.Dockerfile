FROM alpine:3.20
# want PAL-DF-004
ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini-static /sbin/tini
RUN chmod +x /sbin/tini
ENTRYPOINT ["/sbin/tini", "--"]
