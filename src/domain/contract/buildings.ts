/** 楼栋二维码与海报: each action once — input, output, who may call, rate limit, user text. */
import * as z from 'zod'
import { action, buildingCodeSchema, deliveredFile, id, isoTime, retiredState } from './schemas'

export const buildingsActions = {
  // Building codes and posters (actions/buildings.ts): grid staff for the grids they serve.
  'building.list': action({
    input: z.strictObject({ gridId: id.optional() }),
    output: z.object({
      /** The grids the caller serves, top down; `label` is the place as a resident reads it. */
      grids: z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          level: z.number(),
          parentId: z.string().nullable(),
          label: z.string(),
          buildings: z.number(),
        }),
      ),
      /** Under `gridId` if given, else under every grid served; by code. */
      buildings: z.array(
        z.object({
          /** The printed code (after 更正编号 the new one; the old still resolves, `formerCodes`). */
          code: z.string(),
          formerCodes: z.array(z.string()),
          name: z.string(),
          address: z.string(),
          gridId: z.string(),
          gridName: z.string(),
          /** When the stored code was made; null: none yet (made on first 二维码 or 海报). */
          qrAt: isoTime.nullable(),
          /** Retired (停用): listed for the admin only, to 恢复. */
          retired: retiredState,
        }),
      ),
      /** Only the community admin may make a building's code anew. */
      canRegenerate: z.boolean(),
    }),
    access: 'staff',
  }),
  'building.qr': action({
    input: z.strictObject({ code: buildingCodeSchema, regenerate: z.boolean().optional() }),
    output: z.object({
      /** The stored image, by an expiring link (10 minutes). */
      url: z.string(),
      generatedAt: isoTime,
      kind: z.enum(['wxacode', 'url']),
    }),
    access: 'staff',
  }),
  'building.poster': action({
    input: z.strictObject({ code: buildingCodeSchema }),
    output: deliveredFile.extend({ bytes: z.number() }),
    access: 'staff',
  }),
  'grid.posters': action({
    input: z.strictObject({ gridId: id }),
    output: deliveredFile.extend({ pages: z.number(), bytes: z.number() }),
    access: 'staff',
  }),
}
