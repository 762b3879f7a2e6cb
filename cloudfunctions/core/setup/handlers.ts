/**
 * The 社区设置 (the template import, single entries) actions of the contract (src/domain/contract/setup.ts)
 * and the use case serving each: the compiler checks that every action has one, and only those.
 */
import type { setupActions } from '../../../src/domain/contract/setup'
import type { HandlersOf } from '../handlers'
import {
  applyImport,
  exportSetup,
  previewImport,
  saveBuilding,
  saveGrid,
  savePerson,
  setupTemplate,
} from './actions'
import { lastImportView, undoImport } from './undo'

export const setupHandlers: HandlersOf<typeof setupActions> = {
  'setup.template': setupTemplate,
  'setup.export': exportSetup,
  'setup.preview': previewImport,
  'setup.apply': applyImport,
  'setup.lastImport': lastImportView,
  'setup.undo': undoImport,
  'setup.saveGrid': saveGrid,
  'setup.saveBuilding': saveBuilding,
  'setup.savePerson': savePerson,
}
