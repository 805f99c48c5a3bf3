// Used by .ci/run: builds the clean Debian image (debootstrap + docker import) with the same code the tests use.
import { testDocker } from '../docker'
import { debianImage, ensureDebianImage } from '../debian-image'

const started = Date.now()
try {
  await ensureDebianImage(testDocker())
  console.log(`[services] ${debianImage} is ready (${((Date.now() - started) / 1000).toFixed(0)} s)`)
} catch (error) {
  console.error(`[services] could not build ${debianImage}: ${(error as Error).message}`)
  process.exit(1)
}
