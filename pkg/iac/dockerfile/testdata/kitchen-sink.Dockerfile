# syntax=docker/dockerfile:1
# palisade:ignore=PAL-DF-001
ARG BASE=golang:1.22
FROM --platform=$BUILDPLATFORM ${BASE} AS Build
RUN apt-get update && \
    # palisade:ignore=PAL-DF-009
    apt-get install -y curl
RUN <<EOF2 bash
set -e
	echo hi
EOF2
COPY --chmod=755 --from=build a b
ENV A=1 B="two words"
ENV C 3
# palisade:ignore=PAL-DF-002, PAL-DF-003 because
HEALTHCHECK --interval=5s CMD curl -f http://localhost/
CMD ["a","b"]
ONBUILD RUN echo hi
LABEL x=y
EXPOSE 22 80/tcp
MAINTAINER me
FROM scratch
COPY <<-EOT /x
	hello
	EOT
