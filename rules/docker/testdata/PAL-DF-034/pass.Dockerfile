FROM alpine:3.20
RUN wget -O /tmp/tool.tar.gz https://downloads.example.com/tool-1.2.3.tar.gz \
 && tar -xzf /tmp/tool.tar.gz -C /usr/local/bin \
 && rm /tmp/tool.tar.gz
HEALTHCHECK CMD wget -qO- http://localhost:8080/health || exit 1
USER 65534
