FROM nginx:1.27-alpine
# want PAL-DF-003
ADD nginx.conf /etc/nginx/nginx.conf
# want PAL-DF-003
ADD --chown=nginx:nginx public/ /usr/share/nginx/html/
ADD rootfs.tar.gz /
