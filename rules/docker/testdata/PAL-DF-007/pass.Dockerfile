FROM ubuntu:24.04
RUN apt-get update \
 && apt-get install -y --no-install-recommends build-essential \
 && rm -rf /var/lib/apt/lists/* \
 && useradd -m dev \
 && mkdir -p /opt/tools && chown dev /opt/tools
USER dev
WORKDIR /home/dev
COPY --chown=dev build.sh /home/dev/
CMD ["/home/dev/build.sh"]
