FROM ubuntu:24.04
RUN apt-get update \
 && apt-get install -y --no-install-recommends openssh-server \
 && rm -rf /var/lib/apt/lists/*
# want PAL-DF-017
EXPOSE 22 8080
CMD ["/usr/sbin/sshd", "-D"]
