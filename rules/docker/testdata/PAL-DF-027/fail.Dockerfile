# syntax=docker/dockerfile:1-labs
FROM ubuntu:24.04
# want PAL-DF-027
RUN --security=insecure mount -t tmpfs none /mnt && ./configure-kernel-modules.sh
USER 1000
