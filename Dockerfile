# The sim command in a container image: the compiled simulator, its production
# dependencies, and the bundled scenarios and traces.
#
#   docker build -t mesos-sim:0.1.0 .
#   docker run --rm mesos-sim:0.1.0 --version
#   docker run --rm --user "$(id -u):$(id -g)" -v "$PWD:/work" -w /work mesos-sim:0.1.0 run my-scenario.yaml
#
# The tag is package.json's version. The image runs as the unprivileged user `node`
# (uid 1000) in /app, where the bundled scenarios are (`run scenarios/quickstart.yaml`
# writes /app/results/quickstart). A mounted folder that sim writes to must be writable
# by the user it runs as: hence --user above (README, "Docker"), and fsGroup in the
# Kubernetes example (docs/sweeps/k8s-indexed-job.yaml).

# Build: every dependency, then tsc. --ignore-scripts keeps `prepare` (npm run build)
# from running before the sources are copied; the build runs once, below.
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --ignore-scripts
COPY tsconfig.json ./
COPY src ./src
COPY bench ./bench
RUN npm run build

# Production dependencies only (no TypeScript, vitest or browser tooling).
FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund --ignore-scripts

# Runtime: what `npm pack` ships (package.json "files"), plus production node_modules.
FROM node:20-slim
ENV NODE_ENV=production
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/dist/src ./dist/src
COPY package.json README.md LICENSE CITATION.cff CHANGELOG.md ./
COPY scenarios ./scenarios
COPY traces ./traces
COPY examples ./examples
# sim bench reads its baseline from results/baselines/; sim run writes results/<name>/ by default.
COPY results/baselines ./results/baselines
RUN ln -s /app/dist/src/cli/main.js /usr/local/bin/sim \
 && chown node:node /app/results
USER node
ENTRYPOINT ["sim"]
CMD ["--help"]
