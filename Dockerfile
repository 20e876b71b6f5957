# syntax=docker/dockerfile:1
# The bot's image. test/e2e/production-install.test.ts runs these same steps outside Docker (no engine on the
# dev machine): build, copy what the runtime stage copies, `npm ci --omit=dev --omit=optional`, start
# `node dist/src/main.js` live against the emulator. Change both together.

FROM node:24-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build

FROM node:24-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
# Optional dependencies are the Webex SDK's (expo, react-native, …): ~360 MB the bot never loads.
RUN npm ci --omit=dev --omit=optional --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist/src ./dist/src
COPY cards ./cards
USER node
EXPOSE 3000
# Slim images have no curl; node's fetch does. PORT is 3000 unless the platform sets it.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1 and handles SIGTERM itself (src/main.ts): `docker stop` reaches the process that drains.
CMD ["node", "dist/src/main.js"]
