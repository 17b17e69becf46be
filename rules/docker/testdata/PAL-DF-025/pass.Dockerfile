FROM alpine:3.20
RUN adduser -D -u 10001 app && mkdir -p /srv/tmp && chmod 1777 /srv/tmp
COPY --chown=app app/ /srv/app/
RUN chmod -R 755 /srv/app && chmod o-w /srv/app/data
COPY --chmod=0644 config.yaml /etc/app/config.yaml
USER app
CMD ["/srv/app/run"]
