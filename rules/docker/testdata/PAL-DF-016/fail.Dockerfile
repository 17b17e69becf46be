# want PAL-DF-016
ARG NPM_TOKEN
FROM node:20-slim
WORKDIR /app
# want PAL-DF-016
ENV NODE_ENV=production \
    DB_PASSWORD=changeme
COPY package.json package-lock.json ./
RUN echo "//registry.npmjs.org/:_authToken=${NPM_TOKEN}" > .npmrc && npm ci --omit=dev && rm .npmrc
# want PAL-DF-016
ENV DATABASE_URL=postgres://app:s3cr3t@db:5432/app
COPY . .
USER node
CMD ["node", "server.js"]
