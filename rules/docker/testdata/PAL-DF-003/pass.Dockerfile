FROM nginx:1.27-alpine
COPY nginx.conf /etc/nginx/nginx.conf
COPY --chown=nginx:nginx public/ /usr/share/nginx/html/
# ADD is the right tool to unpack a local archive
ADD rootfs.tar.gz /
