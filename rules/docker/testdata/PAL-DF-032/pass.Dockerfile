FROM node:20-slim
WORKDIR /app
COPY corp-ca.crt /usr/local/share/ca-certificates/corp.crt
RUN update-ca-certificates
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
USER node
CMD ["node", "server.js"]
