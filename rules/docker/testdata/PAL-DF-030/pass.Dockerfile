# syntax=docker/dockerfile:1
FROM alpine/git:2.45.2 AS src
RUN --mount=type=secret,id=git-credentials,target=/root/.git-credentials \
    git -c credential.helper=store clone https://gitlab.example.com/acme/app.git /src

FROM golang:1.22
COPY --from=src /src /src
WORKDIR /src
RUN go build ./...
