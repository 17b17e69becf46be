ARG NODE_TAG=20.15-bookworm-slim
FROM node:${NODE_TAG} AS assets
WORKDIR /src
COPY . .
RUN npm ci && npm run build

FROM nginx:1.27.0-alpine
COPY --from=assets /src/dist /usr/share/nginx/html
