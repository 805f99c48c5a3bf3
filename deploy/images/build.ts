/**
 * `pnpm images`: the control-plane and agent container images, built here without a registry:
 *
 *   pnpm images [--base IMAGE] [--tag-prefix smartcloudops/]
 *
 * 1. the base (IMAGE, default smartcloudops/debian:bookworm) from build-base.sh unless the engine has it;
 * 2. smartcloudops/control-plane:VERSION — control-plane.Dockerfile over the production bundle
 *    (control-plane/build/bundle.ts --stage) and the Node.js running this build;
 * 3. smartcloudops/agent:VERSION — agent.Dockerfile over the extracted release tarball (`pnpm release`);
 * 4. smartcloudops/postgres:VERSION — postgres.Dockerfile, Debian's postgresql-15 (for deploy/compose/).
 * Uses the docker CLI (DOCKER_HOST is honoured).
 */
import { execFile } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs, promisify } from 'node:util'
import { buildRelease } from '../../agent/build/release'
import { stageControlPlane } from '../../control-plane/build/bundle'

const run = promisify(execFile)
const here = fileURLToPath(new URL('.', import.meta.url))
const repoRoot = join(here, '..', '..')

export interface ImageOptions {
  base: string
  tag: string
}

async function dockerBuild(context: string, dockerfile: string, opts: ImageOptions, extra: string[] = []): Promise<void> {
  copyFileSync(join(here, dockerfile), join(context, 'Dockerfile'))
  try {
    await run('docker', ['build', '--quiet', ...extra, '--build-arg', `BASE=${opts.base}`, '-t', opts.tag, context], { maxBuffer: 16 * 1024 * 1024 })
  } catch (error) {
    throw new Error(`docker build of ${opts.tag} failed: ${(error as { stderr?: string }).stderr || (error as Error).message}`)
  }
}

function withContext<T>(name: string, fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), `scops-image-${name}-`))
  return fn(dir).finally(() => rmSync(dir, { recursive: true, force: true }))
}

export function buildControlPlaneImage(opts: ImageOptions): Promise<void> {
  return withContext('control-plane', async (ctx) => {
    await stageControlPlane(ctx)
    copyFileSync(process.execPath, join(ctx, 'node'))
    await dockerBuild(ctx, 'control-plane.Dockerfile', opts)
  })
}

export function buildAgentImage(opts: ImageOptions): Promise<void> {
  return withContext('agent', async (ctx) => {
    const release = await buildRelease({ arch: process.arch as 'x64' | 'arm64', withNode: true, outDir: join(ctx, 'tarball') })
    mkdirSync(join(ctx, 'release'))
    await run('tar', ['-xzf', release.tarball, '-C', join(ctx, 'release'), '--strip-components=1'])
    rmSync(join(ctx, 'tarball'), { recursive: true, force: true })
    await dockerBuild(ctx, 'agent.Dockerfile', opts)
  })
}

/** PostgreSQL from Debian's package; the build's RUN reaches the Debian mirror over the host's network. */
export function buildPostgresImage(opts: ImageOptions): Promise<void> {
  return withContext('postgres', async (ctx) => {
    copyFileSync(join(here, 'postgres-entrypoint.sh'), join(ctx, 'postgres-entrypoint.sh'))
    await dockerBuild(ctx, 'postgres.Dockerfile', opts, ['--network', 'host'])
  })
}

export async function imageExists(image: string): Promise<boolean> {
  try {
    await run('docker', ['image', 'inspect', image])
    return true
  } catch {
    return false
  }
}

async function imageMiB(image: string): Promise<string> {
  const { stdout } = await run('docker', ['image', 'inspect', '--format', '{{.Size}}', image])
  return `${(Number(stdout.trim()) / 1024 / 1024).toFixed(0)} MiB`
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { base: { type: 'string', default: 'smartcloudops/debian:bookworm' }, 'tag-prefix': { type: 'string', default: 'smartcloudops/' } } })
  const version = (JSON.parse(readFileSync(join(repoRoot, 'agent', 'package.json'), 'utf8')) as { version: string }).version
  const main = async () => {
    if (!(await imageExists(values.base))) await run('sh', [join(here, 'build-base.sh'), values.base])
    for (const [name, build] of [['control-plane', buildControlPlaneImage], ['agent', buildAgentImage], ['postgres', buildPostgresImage]] as const) {
      const tag = `${values['tag-prefix']}${name}:${version}`
      await build({ base: values.base, tag })
      process.stdout.write(`built ${tag} (${await imageMiB(tag)}; base ${values.base} ${await imageMiB(values.base)})\n`)
    }
  }
  main().catch((err: unknown) => {
    process.stderr.write(`images failed: ${(err as Error).message}\n`)
    process.exit(1)
  })
}
