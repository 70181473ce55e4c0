# syntax=docker/dockerfile:1
# The production image (docs/production-build.md): the compiled code and the prebuilt workflow bundle of
# `npm run build`, production dependencies only, run by plain node (no tsx, no webpack at start) as the
# unprivileged user `node`. One image for every role: AFTERWARD_ROLE picks api, worker or all.

# Node 26, the Active LTS line. Both stages on the same image, so the native modules built in the first
# (better-sqlite3) run in the second.
ARG NODE_IMAGE=node:26-trixie-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# better-sqlite3 compiles from source where no prebuilt binary matches this Node.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-fund --no-audit
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY activities ./activities
COPY workflows ./workflows
RUN npm run build && npm prune --omit=dev --no-fund --no-audit

FROM ${NODE_IMAGE}
ENV NODE_ENV=production
# The default data directory (.data under /app) is not writable for the user below; this one is.
ENV AFTERWARD_DATA_DIR=/home/node/afterward
WORKDIR /app
# What the build made, owned by root: the user that runs it cannot change it.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
# Every role serves GET /healthz on HTTP_PORT; the script needs no curl (the image has none).
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 CMD ["node", "dist/src/healthcheck.js"]
CMD ["node", "dist/src/main.js"]
