FROM golang:1.22 AS builder
WORKDIR /src
COPY . .
RUN go build -o /out/app .

FROM alpine:3.20 AS runtime
COPY --from=builder /out/app /usr/local/bin/app
COPY --from=0 /etc/ssl/certs /etc/ssl/certs
COPY --from=busybox:1.36.1 /bin/busybox /bin/busybox
USER 65534
ENTRYPOINT ["/usr/local/bin/app"]
