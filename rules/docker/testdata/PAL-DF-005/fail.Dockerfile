ARG NODE_TAG=latest
# want PAL-DF-005
FROM node:${NODE_TAG} AS assets
WORKDIR /src
COPY . .
RUN npm ci && npm run build

# want PAL-DF-005
FROM nginx
COPY --from=assets /src/dist /usr/share/nginx/html
