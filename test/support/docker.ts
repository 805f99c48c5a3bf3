import Docker from 'dockerode'

/**
 * Dockerode client for the test engine: DOCKER_HOST when set, else /var/run/docker.sock.
 * Containers for tests: `HostConfig: { Init: true, NetworkMode: 'host' }` and image `testImage`;
 * anything they serve listens on 127.0.0.1.
 */
export function testDocker(): Docker {
  return new Docker()
}

/** Pings the engine with a short timeout; throws with the reason when it does not answer. */
export async function pingDocker(docker: Docker = new Docker({ timeout: 3_000 })): Promise<void> {
  await docker.ping()
}
