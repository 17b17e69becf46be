FROM ubuntu:24.04
COPY app /usr/local/bin/app
EXPOSE 8080 2222/tcp
USER 1000
CMD ["/usr/local/bin/app"]
