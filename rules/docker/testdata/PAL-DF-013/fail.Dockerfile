FROM alpine:3.20
# want PAL-DF-013
RUN apk update && apk add curl jq
COPY entrypoint.sh /usr/local/bin/
USER 65534
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
