// Runs once per `vitest run`, in vitest's main process, before the test workers start. Finds or
// starts PostgreSQL and finds the Docker engine, and tells the workers through environment variables
// (forked workers inherit process.env; see env.ts). It never fails the run: a component it cannot
// get is marked absent with the reason, and describeWith* turn that into skips, or failures when
// the component is required.
import {
  DATABASE_URL_ENV,
  DOCKER_HOWTO,
  DOCKER_MISSING_ENV,
  DOCKER_OK_ENV,
  POSTGRES_HOWTO,
  POSTGRES_MISSING_ENV,
  POSTGRES_OK_ENV,
  dockerRequired,
  postgresRequired,
} from './env'
import { pingDocker, testDocker } from './docker'
import { checkPostgres, findPostgresBinDir, startTempPostgres, type TempPostgres } from './postgres'
import { ensureTestImage, testImage } from './test-image'

function log(line: string): void {
  console.log(`[test-support] ${line}`)
}

function reasonOf(error: unknown): string {
  const err = error as { message?: string; code?: string }
  return (err.message || err.code || String(error)).split('\n')[0] ?? String(error)
}

function markPostgresAbsent(reason: string): void {
  delete process.env[POSTGRES_OK_ENV]
  process.env[POSTGRES_MISSING_ENV] = reason
  const consequence = postgresRequired() ? 'its suites will FAIL (SCOPS_REQUIRE_POSTGRES=1)' : 'its suites are skipped'
  console.warn(`[test-support] PostgreSQL absent: ${reason}; ${consequence}. To get it: ${POSTGRES_HOWTO}.`)
}

function markDockerAbsent(reason: string): void {
  delete process.env[DOCKER_OK_ENV]
  process.env[DOCKER_MISSING_ENV] = reason
  const consequence = dockerRequired() ? 'its suites will FAIL (SCOPS_REQUIRE_DOCKER=1)' : 'its suites are skipped'
  console.warn(`[test-support] Docker absent: ${reason}; ${consequence}. To get it: ${DOCKER_HOWTO}.`)
}

async function setupPostgres(): Promise<TempPostgres | undefined> {
  const given = process.env[DATABASE_URL_ENV]
  const started = Date.now()
  if (given) {
    try {
      await checkPostgres(given)
      process.env[POSTGRES_OK_ENV] = '1'
      log(`PostgreSQL: using ${DATABASE_URL_ENV} (${new URL(given).host})`)
    } catch (error) {
      markPostgresAbsent(`${DATABASE_URL_ENV} is set but does not connect: ${reasonOf(error)}`)
    }
    return undefined
  }
  if (findPostgresBinDir() === undefined) {
    markPostgresAbsent(`no ${DATABASE_URL_ENV} and no server binaries under /usr/lib/postgresql`)
    return undefined
  }
  try {
    const cluster = await startTempPostgres()
    process.env[DATABASE_URL_ENV] = cluster.url
    process.env[POSTGRES_OK_ENV] = '1'
    log(`PostgreSQL: temporary cluster on ${new URL(cluster.url).host} (${Date.now() - started} ms)`)
    return cluster
  } catch (error) {
    markPostgresAbsent(reasonOf(error))
    return undefined
  }
}

async function setupDocker(): Promise<void> {
  const started = Date.now()
  try {
    await pingDocker()
  } catch (error) {
    markDockerAbsent(`no engine answers on ${process.env.DOCKER_HOST ?? 'unix:///var/run/docker.sock'}: ${reasonOf(error)}`)
    return
  }
  try {
    await ensureTestImage(testDocker())
    process.env[DOCKER_OK_ENV] = '1'
    log(`Docker: engine answers, image ${testImage} ready (${Date.now() - started} ms)`)
  } catch (error) {
    markDockerAbsent(`the engine answers but the test image ${testImage} could not be built: ${reasonOf(error)}`)
  }
}

export default async function setup(): Promise<() => Promise<void>> {
  const [cluster] = await Promise.all([setupPostgres(), setupDocker()])
  return async () => {
    if (cluster === undefined) return
    try {
      await cluster.stop()
    } catch (error) {
      console.warn(`[test-support] could not stop the temporary PostgreSQL cluster: ${reasonOf(error)}`)
    }
  }
}
