FROM node:20-slim AS build
WORKDIR /src
COPY . .
RUN npm ci && npm run build

# want PAL-DF-024
FROM node:20-slim AS build
WORKDIR /src
COPY . .
RUN npm ci && npm test

FROM nginx:1.27-alpine
COPY --from=build /src/dist /usr/share/nginx/html
