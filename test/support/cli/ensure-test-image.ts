// Used by .ci/services.sh: builds the test image with the same code the test run uses.
import { testDocker } from '../docker'
import { ensureTestImage, testImage } from '../test-image'

try {
  await ensureTestImage(testDocker())
  console.log(`[services] test image ${testImage} is ready`)
} catch (error) {
  console.error(`[services] could not build the test image ${testImage}: ${(error as Error).message}`)
  process.exit(1)
}
