FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
USER node
HEALTHCHECK --interval=30s --timeout=3s --retries=3 \
  CMD ["node", "healthcheck.js"]
CMD ["node", "server.js"]
