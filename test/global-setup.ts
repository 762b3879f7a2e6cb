import { buildFunctions } from '../scripts/build-functions'

/** Once per run, before any test file: the host loads the bundled functions, as CloudBase would. */
export default async function globalSetup(): Promise<void> {
  await buildFunctions()
}
