// Test support for suites that need real components: the run's PostgreSQL cluster and a Docker
// engine. global-setup.ts finds or starts them once per run; see env.ts for the variables.
export {
  dockerAvailable,
  dockerRequired,
  postgresAvailable,
  postgresRequired,
  DATABASE_URL_ENV,
  REQUIRE_DOCKER_ENV,
  REQUIRE_POSTGRES_ENV,
} from './env'
export { describeWithDocker, describeWithPostgres, describeWithTool, findTool } from './describe'
export { testDocker, pingDocker } from './docker'
export { ensureTestImage, testImage, testImageIndexHtml } from './test-image'
export { debianImage, ensureDebianImage } from './debian-image'
export { createTestDatabase, startTempPostgres, checkPostgres, type TestDatabase, type TempPostgres } from './postgres'
export { freePort } from './ports'
export { waitFor, type WaitForOptions } from './wait'
export { HttpReceiver, type ReceivedRequest } from './http-receiver'
export { fakeReleaseTarball, type FakeReleaseOptions } from './fake-release'
