FROM golang:1.22 AS builder
WORKDIR /src
COPY . .
RUN go build -o /out/app .

FROM alpine:3.20 AS runtime
# want PAL-DF-023
COPY --from=bulider /out/app /usr/local/bin/app
# want PAL-DF-023
COPY --from=runtime /etc/ssl/certs /etc/ssl/certs
USER 65534
ENTRYPOINT ["/usr/local/bin/app"]
