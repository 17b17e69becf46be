FROM rockylinux:9.3
# want PAL-DF-014
RUN dnf install -y httpd mod_ssl
# want PAL-DF-014
RUN yum -y update && yum -y install procps-ng
EXPOSE 8080
CMD ["httpd", "-DFOREGROUND"]
