FROM ubuntu:24.04
# want PAL-DF-035
RUN apt-get update \
 && apt-get install -y --no-install-recommends openssh-server supervisor \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir /run/sshd
COPY supervisord.conf /etc/supervisor/conf.d/app.conf
CMD ["/usr/bin/supervisord"]
