# syntax=docker/dockerfile:1
# Atrium's production image: the compiled server (apps/server/dist) and the built web client
# (apps/web/dist) on Node 20, with the server's production dependencies only.
#
#   docker build -t atrium .
#   docker run --rm -p 4000:4000 -v atrium-data:/data atrium     # embedded PGlite in /data, demo content
#   docker run --rm -p 4000:4000 -e DATABASE_URL=postgres://… atrium
#
# `node` is the container's first process: `docker stop` sends SIGTERM straight to the server,
# which drains (README: Operations, Stopping) and exits 0 before the grace period ends. The
# command is the one `npm start` runs after its builds: node --max-semi-space-size=6 dist/main.js
# in apps/server (keep the flag in step with serverNodeFlags in apps/server/scripts/build.mjs).
ARG NODE_IMAGE=node:20-bookworm-slim

# --- the package manifests (and patches/, which patch-package applies on install): the npm ci
# layers below are rebuilt only when one of them changes
FROM ${NODE_IMAGE} AS manifests
WORKDIR /app
COPY package.json package-lock.json ./
COPY patches/ patches/
COPY apps/server/package.json apps/server/
COPY apps/web/package.json apps/web/
COPY packages/schema/package.json packages/schema/

# --- build: every dependency, then codegen, the web client, the server and the allow-list
FROM manifests AS build
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run codegen -w @atrium/schema \
 && npm run build -w @atrium/web \
 && npm run build -w @atrium/server \
 && npm run build-manifest -w @atrium/server

# --- deps: the server's production dependencies. Then out with what running dist/ never
# loads: the TypeScript compiler (npm installs it as an optional peer), tsx and its esbuild
# (the `seed` script's TypeScript runner; the image seeds with dist/modules/seed/cli.js) and the
# dependencies' source maps: 205 -> 116 MB.
FROM manifests AS deps
RUN npm ci --omit=dev --workspace=@atrium/server --include-workspace-root --no-audit --no-fund \
 && npm cache clean --force \
 && rm -rf node_modules/typescript node_modules/tsx node_modules/esbuild node_modules/@esbuild \
           node_modules/.bin/tsc node_modules/.bin/tsserver node_modules/.bin/tsx node_modules/.bin/esbuild \
 && find node_modules -name '*.map' -type f -delete

# --- runtime
FROM ${NODE_IMAGE}
ENV NODE_ENV=production \
    PORT=4000 \
    DATA_DIR=/data
COPY --from=deps /app /app
COPY --from=build /app/apps/server/dist /app/apps/server/dist
COPY --from=build /app/apps/server/persisted-operations.json /app/apps/server/persisted-operations.json
# the server finds the web client at ../web/dist from apps/server (WEB_DIST overrides)
COPY --from=build /app/apps/web/dist /app/apps/web/dist
# the embedded database (used when DATABASE_URL is unset) lives in /data, owned by `node`:
# mount a volume there to keep it (no VOLUME here: with DATABASE_URL it would be an unused one)
RUN mkdir /data && chown node:node /data
USER node
WORKDIR /app/apps/server
EXPOSE 4000
HEALTHCHECK --interval=10s --timeout=3s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||4000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
STOPSIGNAL SIGTERM
CMD ["node", "--max-semi-space-size=6", "dist/main.js"]
