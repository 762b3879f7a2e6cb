/**
 * `npm run states`: writes docs/states.md from the transition tables (src/domain/lifecycles.ts),
 * formatted as Prettier leaves it (so `prettier --check` passes on the page). Prettier's
 * standalone build, not its Node entry: that one loads itself by dynamic import, which jest
 * cannot do — test/domain/lifecycles.test.ts renders the page the same way and fails when the
 * page in the tree differs.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import * as markdown from 'prettier/plugins/markdown'
import type { Options } from 'prettier'
import { format } from 'prettier/standalone'
import { statesPage } from '../src/domain/lifecycles'

export const STATES_PAGE = path.resolve(__dirname, '../docs/states.md')

/** The page as it belongs in the tree. */
export async function renderStates(): Promise<string> {
  const config = JSON.parse(readFileSync(path.resolve(__dirname, '../.prettierrc.json'), 'utf8')) as Options
  return format(statesPage(), { ...config, parser: 'markdown', plugins: [markdown] })
}

if (require.main === module) {
  void renderStates().then((page) => {
    mkdirSync(path.dirname(STATES_PAGE), { recursive: true })
    writeFileSync(STATES_PAGE, page)
    console.log(`wrote ${path.relative(process.cwd(), STATES_PAGE)}`)
  })
}
