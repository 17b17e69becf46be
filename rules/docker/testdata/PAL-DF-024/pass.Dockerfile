FROM node:20-slim AS build
WORKDIR /src
COPY . .
RUN npm ci && npm run build

FROM build AS test
RUN npm test

FROM nginx:1.27-alpine
COPY --from=build /src/dist /usr/share/nginx/html
