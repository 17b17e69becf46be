FROM nginx:1.27-alpine
COPY nginx.conf /etc/nginx/nginx.conf
COPY docker-entrypoint.sh /
# want PAL-DF-020
ENTRYPOINT /docker-entrypoint.sh
# want PAL-DF-020
CMD nginx -g "daemon off;"
