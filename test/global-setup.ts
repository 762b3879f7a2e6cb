import { buildFunctions } from '../scripts/build-functions'
import { prepareChromium } from './support/chromium'

/**
 * Once per run, before any test file: the host loads the bundled functions, as CloudBase would;
 * the end-to-end tests' browser and its Chinese fonts are found or unpacked.
 */
export default async function globalSetup(): Promise<void> {
  await buildFunctions()
  const chromium = await prepareChromium()
  console.log(`\nE2E browser: ${chromium.executablePath} (${chromium.source})`)
}
