import { execFile } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir, userInfo } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import postgres from 'postgres'
import { DATABASE_URL_ENV, POSTGRES_HOWTO, postgresAvailable, postgresMissingReason } from './env'
import { freePort } from './ports'

const run = promisify(execFile)

export interface TempPostgres {
  /** Superuser URL of the cluster's `postgres` database, on 127.0.0.1. */
  url: string
  dataDir: string
  /** Stops the server (pg_ctl stop -m fast) and keeps its data: an outage the test controls. */
  stopServer(): Promise<void>
  /** Starts it again on the same port and data. */
  startServer(): Promise<void>
  stop(): Promise<void>
}

/** Newest installed server binaries; Debian keeps them outside PATH. */
export function findPostgresBinDir(): string | undefined {
  const root = '/usr/lib/postgresql'
  if (!existsSync(root)) return undefined
  const versions = readdirSync(root)
    .filter((name) => existsSync(join(root, name, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] === undefined ? undefined : join(root, versions[0], 'bin')
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const { stdout: uid } = await run('id', ['-u', 'postgres'])
  const { stdout: gid } = await run('id', ['-g', 'postgres'])
  return { uid: Number(uid.trim()), gid: Number(gid.trim()) }
}

/**
 * Starts a throw-away cluster (initdb + pg_ctl) on a temporary directory and a free loopback
 * port. The server refuses to run as root, so as root its tools run as the `postgres` user.
 * Durability is off: nothing here outlives the run.
 */
export async function startTempPostgres(): Promise<TempPostgres> {
  const binDir = findPostgresBinDir()
  if (binDir === undefined) {
    throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql (apt-get install postgresql)')
  }
  const asRoot = userInfo().uid === 0
  const dir = await mkdtemp(join(tmpdir(), 'scops-pg-'))
  const dataDir = join(dir, 'data')
  const logFile = join(dir, 'server.log')
  const tool = (name: string, args: string[]) =>
    asRoot
      ? run('runuser', ['-u', 'postgres', '--', join(binDir, name), ...args], { timeout: 60_000 })
      : run(join(binDir, name), args, { timeout: 60_000 })
  try {
    if (asRoot) {
      const { uid, gid } = await postgresUserIds()
      await chown(dir, uid, gid)
    }
    await chmod(dir, 0o755)
    await tool('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync'])
    const port = await freePort()
    const serverOptions = [
      `-p ${port}`,
      `-k ${dir}`,
      '-c listen_addresses=127.0.0.1',
      '-c fsync=off',
      '-c synchronous_commit=off',
      '-c full_page_writes=off',
      '-c max_connections=200',
    ].join(' ')
    const startServer = () => tool('pg_ctl', ['-D', dataDir, '-l', logFile, '-w', '-t', '30', '-o', serverOptions, 'start']).then(() => undefined)
    const stopServer = () => tool('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', '-t', '30', 'stop']).then(() => undefined)
    await startServer()
    let stopped = false
    let running = true
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      dataDir,
      async stopServer() {
        await stopServer()
        running = false
      },
      async startServer() {
        await startServer()
        running = true
      },
      async stop() {
        if (stopped) return
        stopped = true
        try {
          if (running) await stopServer()
        } finally {
          await rm(dir, { recursive: true, force: true })
        }
      },
    }
  } catch (error) {
    await rm(dir, { recursive: true, force: true })
    const stderr = (error as { stderr?: string }).stderr?.trim()
    throw new Error(`could not start a temporary PostgreSQL cluster: ${stderr || (error as Error).message}`, {
      cause: error,
    })
  }
}

/** Connects once and runs `select 1`; throws with the server's reason when it cannot. */
export async function checkPostgres(url: string, timeoutSeconds = 5): Promise<void> {
  const sql = postgres(url, { max: 1, connect_timeout: timeoutSeconds, onnotice: () => {} })
  try {
    await sql`select 1`
  } finally {
    await sql.end({ timeout: 1 })
  }
}

let databaseCounter = 0

export interface TestDatabase {
  /** URL of a fresh, empty database owned by the test. */
  url: string
  /** Terminates its connections and drops it; safe to call twice. */
  drop(): Promise<void>
}

/** CREATE DATABASE with a unique name on the run's cluster. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = process.env[DATABASE_URL_ENV]
  if (!postgresAvailable() || adminUrl === undefined) {
    throw new Error(`createTestDatabase: PostgreSQL is not available (${postgresMissingReason()}); ${POSTGRES_HOWTO}`)
  }
  databaseCounter += 1
  const name = `scops_test_${process.pid}_${databaseCounter}_${Math.random().toString(36).slice(2, 8)}`
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} })
  try {
    // template0: a test database must not inherit whatever somebody put in template1.
    await admin.unsafe(`create database "${name}" template template0`)
  } finally {
    await admin.end({ timeout: 1 })
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const sql = postgres(adminUrl, { max: 1, onnotice: () => {} })
      try {
        // FORCE terminates the test's leftover connections (pools a test forgot to end).
        await sql.unsafe(`drop database if exists "${name}" with (force)`)
      } finally {
        await sql.end({ timeout: 1 })
      }
    },
  }
}
