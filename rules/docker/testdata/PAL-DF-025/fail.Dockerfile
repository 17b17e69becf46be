FROM alpine:3.20
RUN adduser -D -u 10001 app
COPY --chown=app app/ /srv/app/
# want PAL-DF-025
RUN chmod -R 777 /srv/app
# want PAL-DF-025
COPY --chmod=0666 config.yaml /etc/app/config.yaml
USER app
CMD ["/srv/app/run"]
