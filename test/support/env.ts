// The contract between global-setup.ts (runs once, in vitest's main process) and the test workers
// (forked processes that inherit its environment): what was found, and why something is missing.

/** Admin URL (superuser) of the run's PostgreSQL cluster. May be set from outside to use a given server. */
export const DATABASE_URL_ENV = 'SCOPS_TEST_DATABASE_URL'
/** '1' once global setup has connected to that URL. */
export const POSTGRES_OK_ENV = 'SCOPS_TEST_POSTGRES_OK'
/** Why PostgreSQL is absent, as found by global setup. */
export const POSTGRES_MISSING_ENV = 'SCOPS_TEST_POSTGRES_MISSING'
/** '1' once global setup has pinged the engine and made sure the test image exists. */
export const DOCKER_OK_ENV = 'SCOPS_TEST_DOCKER_OK'
/** Why Docker is absent, as found by global setup. */
export const DOCKER_MISSING_ENV = 'SCOPS_TEST_DOCKER_MISSING'
/** '1' turns a missing component into a failing test instead of a skip (CI sets both). */
export const REQUIRE_POSTGRES_ENV = 'SCOPS_REQUIRE_POSTGRES'
export const REQUIRE_DOCKER_ENV = 'SCOPS_REQUIRE_DOCKER'

export const POSTGRES_HOWTO =
  'install the server (apt-get install postgresql) so the test run starts a temporary cluster, ' +
  'or set SCOPS_TEST_DATABASE_URL to a superuser URL; `eval "$(bash .ci/services.sh up)"` does it all'
export const DOCKER_HOWTO =
  'start a Docker engine on /var/run/docker.sock or DOCKER_HOST (apt-get install docker.io busybox-static; ' +
  '`eval "$(bash .ci/services.sh up)"` starts dockerd by hand and builds the test image)'

export function postgresAvailable(): boolean {
  return process.env[POSTGRES_OK_ENV] === '1' && Boolean(process.env[DATABASE_URL_ENV])
}

export function dockerAvailable(): boolean {
  return process.env[DOCKER_OK_ENV] === '1'
}

export function postgresRequired(): boolean {
  return process.env[REQUIRE_POSTGRES_ENV] === '1'
}

export function dockerRequired(): boolean {
  return process.env[REQUIRE_DOCKER_ENV] === '1'
}

export function postgresMissingReason(): string {
  return process.env[POSTGRES_MISSING_ENV] ?? 'global setup did not find PostgreSQL'
}

export function dockerMissingReason(): string {
  return process.env[DOCKER_MISSING_ENV] ?? 'global setup did not find a Docker engine'
}
