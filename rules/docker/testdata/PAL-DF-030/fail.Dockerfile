FROM alpine/git:2.45.2 AS src
ARG GITLAB_USER=ci
# want PAL-DF-030
RUN git clone https://oauth2:glpat-x1y2z3@gitlab.example.com/acme/app.git /src

FROM golang:1.22
COPY --from=src /src /src
WORKDIR /src
RUN go build ./...
