FROM ubuntu:24.04
RUN apt-get update \
 && apt-get install -y --no-install-recommends openssh-client git \
 && rm -rf /var/lib/apt/lists/*
USER ubuntu
CMD ["bash"]
