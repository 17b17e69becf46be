FROM ubuntu:24.04
RUN apt-get update \
 && apt-get install -y --no-install-recommends sudo build-essential \
 && rm -rf /var/lib/apt/lists/* \
 && useradd -m dev && echo "dev ALL=(ALL) NOPASSWD:ALL" > /etc/sudoers.d/dev
USER dev
WORKDIR /home/dev
# want PAL-DF-007
RUN sudo mkdir -p /opt/tools && sudo chown dev /opt/tools
COPY --chown=dev build.sh /home/dev/
CMD ["/home/dev/build.sh"]
