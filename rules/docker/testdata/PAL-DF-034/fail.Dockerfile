FROM alpine:3.20
# want PAL-DF-034
RUN wget -O /tmp/tool.tar.gz http://downloads.example.com/tool-1.2.3.tar.gz \
 && tar -xzf /tmp/tool.tar.gz -C /usr/local/bin \
 && rm /tmp/tool.tar.gz
# want PAL-DF-034
ADD http://downloads.example.com/config.json /etc/tool/config.json
USER 65534
