FROM node:20-slim
WORKDIR /app
COPY package.json package-lock.json ./
# want PAL-DF-029
RUN npm install --omit=dev
COPY . .
USER node
CMD ["node", "index.js"]
