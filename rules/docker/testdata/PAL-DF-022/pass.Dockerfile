FROM node:20-slim
WORKDIR /app
COPY . .
RUN npm ci --omit=dev && (cd scripts && node postinstall.js)
USER node
CMD ["node", "server.js"]
