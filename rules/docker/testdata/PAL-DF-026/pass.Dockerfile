FROM debian:12-slim
COPY ping-helper /usr/local/bin/ping-helper
RUN chmod 0755 /usr/local/bin/ping-helper \
 && find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true
COPY --chmod=0755 backup /usr/local/bin/backup
USER 1000
