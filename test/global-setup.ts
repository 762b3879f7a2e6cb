import { buildFunctions } from '../scripts/build-functions'
import { prepareChromium } from './support/chromium'
import { markTestRun } from './support/weapp-build'

/**
 * Once per run, before any test file: the host loads the bundled functions, as CloudBase would;
 * the end-to-end tests' browser and its Chinese fonts are found or unpacked; the run gets the id
 * under which the first test file that needs `dist/weapp` builds it for all (support/weapp-build.ts).
 */
export default async function globalSetup(): Promise<void> {
  markTestRun()
  await buildFunctions()
  const chromium = await prepareChromium()
  console.log(`\nE2E browser: ${chromium.executablePath} (${chromium.source})`)
}
