import type Docker from 'dockerode'
import { testImage } from '@smartcloudops/test-support'

/**
 * A "web service" container for the end-to-end suites: host networking, busybox httpd on
 * 127.0.0.1:<port>, labelled so the test's local policy allows restarting it. httpd runs as a
 * daemon under a shell that then sleeps, so killing httpd leaves the container running with a
 * dead service — the failure a restart fixes.
 */
export async function startWebContainer(docker: Docker, name: string, port: number, labels: Record<string, string>): Promise<Docker.Container> {
  const c = await docker.createContainer({
    name,
    Image: testImage,
    Cmd: ['sh', '-c', `httpd -p 127.0.0.1:${port} -h /www && exec sleep 3600`],
    Labels: labels,
    HostConfig: { Init: true, NetworkMode: 'host' },
  })
  await c.start()
  return c
}

/** Kills the service inside the container (the container itself keeps running). */
export async function killService(c: Docker.Container): Promise<void> {
  const exec = await c.exec({ Cmd: ['killall', 'httpd'], AttachStdout: false, AttachStderr: false })
  await exec.start({ Detach: true })
}

export async function startedAt(c: Docker.Container): Promise<string> {
  return (await c.inspect()).State.StartedAt
}

export async function removeContainer(c: Docker.Container | undefined): Promise<void> {
  await c?.remove({ force: true }).catch(() => undefined)
}

export async function serving(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(1000) })
    await res.body?.cancel()
    return res.ok
  } catch {
    return false
  }
}
