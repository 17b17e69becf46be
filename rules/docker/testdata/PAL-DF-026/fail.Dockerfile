FROM debian:12-slim
COPY ping-helper /usr/local/bin/ping-helper
# want PAL-DF-026
RUN chown root:root /usr/local/bin/ping-helper && chmod u+s /usr/local/bin/ping-helper
# want PAL-DF-026
COPY --chmod=4755 backup /usr/local/bin/backup
USER 1000
