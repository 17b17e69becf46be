# syntax=docker/dockerfile:1-labs
FROM ubuntu:24.04
RUN --security=sandbox ./configure.sh
RUN --network=none make check
USER 1000
