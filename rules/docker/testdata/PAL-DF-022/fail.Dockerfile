FROM node:20-slim
COPY . /app
# want PAL-DF-022
RUN cd /app && npm ci --omit=dev
USER node
CMD ["node", "/app/server.js"]
