FROM node:20-slim
# want PAL-DF-032
ENV NODE_TLS_REJECT_UNAUTHORIZED=0
WORKDIR /app
COPY package.json package-lock.json ./
# want PAL-DF-032
RUN npm config set strict-ssl false && npm ci --omit=dev
# want PAL-DF-032
RUN curl -k -o /usr/local/share/ca-certificates/corp.crt https://pki.corp.example.com/ca.crt
COPY . .
USER node
CMD ["node", "server.js"]
