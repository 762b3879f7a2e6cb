/** 社区设置: import, export, one row at a time: each action once — input, output, who may call, rate limit, user text. */
import * as z from 'zod'
import { hour } from '../ratelimits'
import { profile } from '../usertext'
import {
  action,
  fileLink,
  importPreview,
  isoTime,
  requestIdSchema,
  savedRow,
  setupCode,
  setupText,
  uploadedFile,
} from './schemas'

export const setupActions = {
  'setup.template': action({ input: z.strictObject({}), output: fileLink, access: 'staff' }),
  'setup.export': action({
    input: z.strictObject({}),
    output: fileLink.extend({ counts: z.record(z.string(), z.number()) }),
    access: 'staff',
  }),
  'setup.preview': action({ input: uploadedFile, output: importPreview, access: 'staff' }),
  /** requestId: the import's name, kept by the screen for retries — the same one resumes it (setup/stage.ts). */
  'setup.apply': action({
    input: uploadedFile.extend({ requestId: requestIdSchema }),
    output: importPreview,
    access: 'staff',
    rateLimit: hour(20),
  }),
  'setup.lastImport': action({
    input: z.strictObject({}),
    output: z.object({
      /** The latest import that can still be taken back (72 hours), or null. */
      last: z.object({ at: isoTime, byName: z.string(), changes: z.number(), added: z.number() }).nullable(),
    }),
    access: 'staff',
  }),
  'setup.undo': action({
    input: z.strictObject({}),
    output: z.object({ undone: z.number(), at: isoTime }),
    access: 'staff',
    rateLimit: hour(20),
  }),
  'setup.saveGrid': action({
    input: z.strictObject({
      code: setupCode(32),
      name: setupText(30),
      level: z.number({ error: '请选择层级' }).int().min(1, '层级只能是1到3').max(3, '层级只能是1到3'),
      parent: setupCode(32),
    }),
    output: savedRow,
    access: 'staff',
    rateLimit: hour(200),
    userText: { scene: profile, shown: 'public', fields: (i) => ({ name: i.name }) },
  }),
  'setup.saveBuilding': action({
    input: z.strictObject({
      code: setupCode(32),
      name: setupText(30),
      address: setupText(60),
      gridCode: setupCode(32),
    }),
    output: savedRow,
    access: 'staff',
    rateLimit: hour(500),
    userText: { scene: profile, shown: 'public', fields: (i) => ({ name: i.name, address: i.address }) },
  }),
  'setup.savePerson': action({
    input: z.strictObject({
      name: setupText(30),
      phone: setupCode(11),
      role: setupCode(10),
      gridCode: setupCode(32),
      buildingCode: setupCode(32),
    }),
    output: savedRow,
    access: 'staff',
    rateLimit: hour(500),
    userText: { scene: profile, shown: 'public', fields: (i) => ({ name: i.name }) },
  }),
}
