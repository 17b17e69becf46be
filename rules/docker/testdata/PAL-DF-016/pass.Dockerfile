# syntax=docker/dockerfile:1
FROM node:20-slim
WORKDIR /app
ENV NODE_ENV=production \
    DB_PASSWORD_FILE=/run/secrets/db_password
COPY package.json package-lock.json ./
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci --omit=dev
COPY . .
USER node
CMD ["node", "server.js"]
