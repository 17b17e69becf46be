FROM rockylinux:9.3
RUN dnf install -y httpd mod_ssl && dnf clean all
RUN yum -y install procps-ng && yum clean all && rm -rf /var/cache/yum
EXPOSE 8080
CMD ["httpd", "-DFOREGROUND"]
