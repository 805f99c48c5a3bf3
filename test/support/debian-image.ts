import { execFile } from 'node:child_process'
import { readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type Docker from 'dockerode'
import { waitFor } from './wait'

const run = promisify(execFile)

/**
 * A clean Debian 12 root as a local image: `debootstrap --variant=minbase bookworm` from the Debian
 * mirror, then `docker import` (no image registry is reachable here). What an operator's fresh host
 * has — no Node.js, no curl — so installing the release into it proves the tarball is self-contained.
 * Built once and kept in the engine; about 30 s on the CI machine (.ci/run builds it before the tests).
 */
export const debianImage = 'scops-test-debian:bookworm'

const mirror = process.env['SCOPS_DEBIAN_MIRROR'] ?? 'http://deb.debian.org/debian'
const buildBase = fileURLToPath(new URL('../../deploy/images/build-base.sh', import.meta.url))
const lockPath = join(tmpdir(), 'scops-test-debian-image.lock')

async function hasImage(docker: Docker, image: string): Promise<boolean> {
  try {
    await docker.getImage(image).inspect()
    return true
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return false
    throw error
  }
}

function lockHolderAlive(): boolean {
  try {
    process.kill(Number(readFileSync(lockPath, 'utf8')), 0)
    return true
  } catch {
    return false
  }
}

/** Builds `debianImage` unless the engine has it; concurrent test files wait for one build. */
export async function ensureDebianImage(docker: Docker): Promise<void> {
  if (await hasImage(docker, debianImage)) return
  try {
    writeFileSync(lockPath, String(process.pid), { flag: 'wx' })
  } catch {
    // Another test process is building it (or died doing so: then take over).
    await waitFor(async () => (await hasImage(docker, debianImage)) || !lockHolderAlive(), { timeoutMs: 15 * 60_000, intervalMs: 1000, description: `${debianImage} to be built by process ${readFileSync(lockPath, 'utf8')}` })
    if (await hasImage(docker, debianImage)) return
    rmSync(lockPath, { force: true })
    return ensureDebianImage(docker)
  }
  try {
    // The same script operators run to build the images' base (deploy/images/build-base.sh).
    await run('sh', [buildBase, debianImage, mirror], { maxBuffer: 16 * 1024 * 1024 })
  } catch (error) {
    throw new Error(`building ${debianImage} failed: ${(error as { stderr?: string }).stderr || (error as Error).message}`)
  } finally {
    rmSync(lockPath, { force: true })
  }
}
