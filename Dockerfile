# Production image: the API (`serve`, with the web app at /) or a job worker (`worker`), same image.

# The web app is built with the dev packages (Vite), then only its dist/ goes into the image.
FROM node:20-bookworm-slim AS web
WORKDIR /app
COPY package.json package-lock.json ./
COPY web/package.json ./web/
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY web ./web
RUN cd web && npx vite build

FROM node:20-bookworm-slim

# Debian's Chromium drives the Kaspi merchant-cabinet login; tini reaps its child processes.
RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium tini ca-certificates \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
ENV NODE_ENV=production CHROMIUM_PATH=/usr/bin/chromium DATA_DIR=/app/.data
COPY package.json package-lock.json ./
COPY web/package.json ./web/
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY tsconfig.json ./
COPY migrations ./migrations
COPY src ./src
COPY --from=web /app/web/dist ./web/dist

RUN useradd --system --home /app demper && mkdir -p /app/.data && chown demper /app/.data
USER demper
EXPOSE 8010
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||8010)+'/health/').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["/usr/bin/tini", "--", "node", "--import", "tsx", "src/cli.ts"]
CMD ["serve"]
