import { execFile, spawn } from 'node:child_process'
import { existsSync, openSync, readSync, closeSync } from 'node:fs'
import { chmod, copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type Docker from 'dockerode'

const run = promisify(execFile)

/** Local image for the Docker suites: busybox only, built here because no registry is reachable. */
export const testImage = 'scops-test-busybox:latest'

/** Served by `httpd -h /www`, so HTTP checks have a known page. */
export const testImageIndexHtml = 'scops test image\n'

const BUSYBOX_CANDIDATES = ['/bin/busybox', '/usr/bin/busybox']

/**
 * True when the ELF file has no program interpreter (PT_INTERP), i.e. it runs in an empty rootfs.
 * Debian's `busybox` package is dynamic; `busybox-static` is what the image needs.
 */
function isStaticElf(path: string): boolean {
  const header = Buffer.alloc(64)
  const fd = openSync(path, 'r')
  try {
    readSync(fd, header, 0, 64, 0)
    if (header.readUInt32BE(0) !== 0x7f454c46 || header[4] !== 2) return false // not ELF64
    const phoff = Number(header.readBigUInt64LE(32))
    const phentsize = header.readUInt16LE(54)
    const phnum = header.readUInt16LE(56)
    const table = Buffer.alloc(phentsize * phnum)
    readSync(fd, table, 0, table.length, phoff)
    for (let i = 0; i < phnum; i++) {
      if (table.readUInt32LE(i * phentsize) === 3) return false // PT_INTERP
    }
    return true
  } finally {
    closeSync(fd)
  }
}

function findStaticBusybox(): string {
  for (const candidate of BUSYBOX_CANDIDATES) {
    if (existsSync(candidate) && isStaticElf(candidate)) return candidate
  }
  throw new Error(
    `no statically linked busybox at ${BUSYBOX_CANDIDATES.join(' or ')} (apt-get install busybox-static)`,
  )
}

async function buildRootfs(dir: string, busybox: string): Promise<void> {
  for (const sub of ['bin', 'etc', 'tmp', 'www', 'root']) await mkdir(join(dir, sub))
  await chmod(join(dir, 'tmp'), 0o1777)
  await copyFile(busybox, join(dir, 'bin', 'busybox'))
  await chmod(join(dir, 'bin', 'busybox'), 0o755)
  const { stdout } = await run(busybox, ['--list'])
  const applets = stdout.split('\n').map((s) => s.trim()).filter((s) => s !== '' && s !== 'busybox')
  for (const applet of applets) await symlink('busybox', join(dir, 'bin', applet))
  await writeFile(join(dir, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n')
  await writeFile(join(dir, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n')
  await writeFile(join(dir, 'www', 'index.html'), testImageIndexHtml)
}

/** Imports the rootfs as a tar stream (what `docker import` does) and waits for the engine to finish. */
async function importRootfs(docker: Docker, dir: string): Promise<void> {
  const tar = spawn('tar', ['-C', dir, '-c', '.'], { stdio: ['ignore', 'pipe', 'pipe'] })
  let tarError = ''
  tar.stderr.on('data', (chunk: Buffer) => (tarError += chunk.toString()))
  const tarDone = new Promise<void>((resolve, reject) => {
    tar.once('error', reject)
    tar.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`tar exited ${code}: ${tarError}`))))
  })
  const [repo, tag] = testImage.split(':') as [string, string]
  const progress = await docker.importImage(tar.stdout, {
    repo,
    tag,
    changes: ['ENV PATH=/bin', 'CMD ["sh"]'],
  } as object)
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(progress, (error: Error | null, events: Array<{ error?: string }>) => {
      const failed = events?.find((e) => e.error)
      if (error) reject(error)
      else if (failed) reject(new Error(`docker import: ${failed.error}`))
      else resolve()
    })
  })
  await tarDone
}

/** Builds `testImage` from the host's static busybox unless the engine already has it. */
export async function ensureTestImage(docker: Docker): Promise<void> {
  try {
    await docker.getImage(testImage).inspect()
    return
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw error
  }
  const busybox = findStaticBusybox()
  const dir = await mkdtemp(join(tmpdir(), 'scops-rootfs-'))
  try {
    await buildRootfs(dir, busybox)
    await importRootfs(docker, dir)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  await docker.getImage(testImage).inspect()
}
