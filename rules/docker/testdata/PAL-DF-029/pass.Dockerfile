FROM node:20-slim
WORKDIR /app
RUN npm install -g pnpm@9.4.0
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
COPY . .
USER node
CMD ["node", "index.js"]
