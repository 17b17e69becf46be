FROM alpine:3.20
RUN apk add --no-cache curl jq
RUN apk add --virtual .build-deps gcc musl-dev && rm -rf /var/cache/apk/*
COPY entrypoint.sh /usr/local/bin/
USER 65534
ENTRYPOINT ["/usr/local/bin/entrypoint.sh"]
